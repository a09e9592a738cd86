//! CBRAIN: upload a scan and an archive, list every userfile page by page, rename one, download
//! it, move and compress some, sync and download several, delete them, and meet a 403.

use futures_util::TryStreamExt;
use serde_json::json;
use specfleet::Upload;
use specfleet::cbrain::mock::{MockServer, Response};
use specfleet::cbrain::{self, Userfile, UserfileModReq};

/// A gzipped NIfTI header start, standing in for a scan.
const NIFTI_GZ: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\x01\r\n\x00\x00\x00\x80\xa0\xfe\xafn\x04\xff";

/// A T1-weighted scan as CBRAIN serialises a Userfile.
fn userfile(id: i64, name: &str) -> serde_json::Result<Userfile> {
    serde_json::from_value(json!({
        "id": id, "name": name, "browse_path": null, "size": 7_340_032, "user_id": 3,
        "parent_id": null, "type": "NiftiFile", "group_id": 5, "data_provider_id": 4,
        "group_writable": false, "num_files": 1, "hidden": false, "immutable": false,
        "archived": false, "description": ""
    }))
}

async fn mock_portal() -> serde_json::Result<MockServer> {
    let server = MockServer::start().await;
    let scans = (1..=5)
        .map(|n| userfile(10 + n, &format!("sub-0{n}_T1w.nii.gz")))
        .collect::<serde_json::Result<Vec<_>>>()?;
    for (page, scans) in (1..).zip(scans.chunks(2)) {
        server
            .userfiles_get()
            .page(page)
            .per_page(2)
            .respond(&scans.to_vec());
    }
    server
        .userfiles_post()
        .file_type("NiftiFile")
        .respond(&json!({"notice": "File Uploaded"}));
    server
        .userfiles_post()
        .file_type("FileCollection")
        .do_extract("on")
        .up_ex_mode("collection")
        .respond(&json!({"notice": "Collection Uploaded"}));
    server
        .userfiles_id_get(11)
        .respond(&userfile(11, "sub-01_T1w.nii.gz")?);
    server.userfiles_id_put(11).respond();
    server.userfiles_id_content_get(11).respond(NIFTI_GZ);
    // A bare 403, as the portal sends it: `respond_error` would add a JSON body.
    server
        .userfiles_id_content_get(99)
        .respond_with(Response::new(403));
    let moved = json!({"file_ids": ["12", "13"], "data_provider_id_for_mv_cp": 9});
    server
        .userfiles_change_provider_post()
        .multi_userfile_mod_req(serde_json::from_value(moved)?)
        .respond();
    server.userfiles_compress_post().respond();
    server.userfiles_uncompress_post().respond();
    server.userfiles_sync_multiple_post().respond();
    server.userfiles_download_post().respond(NIFTI_GZ);
    server.userfiles_delete_files_delete().respond();
    Ok(server)
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== CBRAIN");
    let server = mock_portal().await?;
    let client = cbrain::Client::builder()
        .base_url(server.uri())
        .api_token("tour-cbrain-api-token")
        .build()?;
    let userfiles = client.userfiles();

    let created = userfiles
        .upload(
            Upload::bytes("sub-06_T1w.nii.gz", NIFTI_GZ),
            4,
            5,
            "NiftiFile",
        )
        .await?;
    println!("upload a scan: {created}");
    let created = userfiles
        .upload(
            Upload::bytes("sub-06_dwi.tar.gz", NIFTI_GZ),
            4,
            5,
            "FileCollection",
        )
        .do_extract("on")
        .up_ex_mode("collection")
        .await?;
    println!("upload an archive as one collection: {created}");

    let all: Vec<_> = userfiles.list().per_page(2).stream().try_collect().await?;
    println!("every userfile, two per page: {} files", all.len());

    let scan = userfiles.get(11).await?;
    println!(
        "userfile 11: {} ({} bytes)",
        scan.name.unwrap_or_default(),
        scan.size.unwrap_or_default()
    );
    // Only the attributes set are sent.
    let mut renamed = Userfile::new();
    renamed.name = Some("sub-01_T1w_defaced.nii.gz".to_owned());
    renamed.description = Some("Defaced with pydeface 2.0.2".to_owned());
    let mut changes = UserfileModReq::new();
    changes.userfile = Some(Box::new(renamed));
    userfiles.update(11, changes).await?;
    println!("rename userfile 11 and describe it");
    let content = userfiles.content(11).await?.bytes().await?;
    println!("download userfile 11: {} bytes", content.len());

    userfiles.move_to_provider([12, 13], 9).await?;
    println!("move userfiles 12 and 13 to Data Provider 9");
    userfiles.compress([14]).await?;
    println!("compress userfile 14");
    userfiles.uncompress([14]).await?;
    println!("uncompress userfile 14");
    userfiles.sync([12, 13], "sync_local").await?;
    println!("sync userfiles 12 and 13 to the portal's cache");
    let archive = userfiles
        .download([12, 13], Some("sub-02-03".to_owned()))
        .await?
        .bytes()
        .await?;
    println!("download 12 and 13 as one archive: {} bytes", archive.len());
    userfiles.delete([14, 15]).await?;
    println!("delete userfiles 14 and 15");

    match userfiles.content(99).await {
        Err(error) => println!("download someone else's userfile: {error}"),
        Ok(_) => println!("download someone else's userfile: allowed (unexpected)"),
    }
    Ok(())
}
