//! CBRAIN: upload a scan and an archive, list every userfile page by page, rename one, download
//! it, move and compress some, sync and download several, delete them, and meet a 403.

use futures_util::TryStreamExt;
use serde_json::json;
use specfleet::Upload;
use specfleet::cbrain::{self, Userfile, UserfileModReq};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A gzipped NIfTI header start, standing in for a scan.
const NIFTI_GZ: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\x01\r\n\x00\x00\x00\x80\xa0\xfe\xafn\x04\xff";

/// A Rails JSON response, as CBRAIN sends them.
fn rails_json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json; charset=utf-8")
}

/// A T1-weighted scan as CBRAIN serialises a Userfile.
fn userfile(id: i64, name: &str) -> serde_json::Value {
    json!({
        "id": id, "name": name, "browse_path": null, "size": 7_340_032, "user_id": 3,
        "parent_id": null, "type": "NiftiFile", "group_id": 5, "data_provider_id": 4,
        "group_writable": false, "num_files": 1, "hidden": false, "immutable": false,
        "archived": false, "description": ""
    })
}

async fn mock_portal() -> MockServer {
    let server = MockServer::start().await;
    let scans: Vec<_> = (1..=5)
        .map(|n| userfile(10 + n, &format!("sub-0{n}_T1w.nii.gz")))
        .collect();
    let pages = [
        (1, json!(scans[..2])),
        (2, json!(scans[2..4])),
        (3, json!(scans[4..])),
    ];
    for (page, body) in pages {
        Mock::given(method("GET"))
            .and(path("/userfiles"))
            .and(query_param("page", page.to_string()))
            .and(query_param("per_page", "2"))
            .respond_with(rails_json(200, body))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(rails_json(201, json!({"notice": "File Uploaded"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(rails_json(201, json!({"notice": "Collection Uploaded"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userfiles/11"))
        .respond_with(rails_json(200, userfile(11, "sub-01_T1w.nii.gz")))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/userfiles/11"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userfiles/11/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(NIFTI_GZ, "application/gzip"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userfiles/99/content"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/userfiles/change_provider"))
        .and(body_json(
            json!({"file_ids": ["12", "13"], "data_provider_id_for_mv_cp": 9}),
        ))
        .respond_with(rails_json(
            200,
            json!({"success_list": [12, 13], "failed_list": []}),
        ))
        .mount(&server)
        .await;
    for route in [
        "/userfiles/compress",
        "/userfiles/uncompress",
        "/userfiles/sync_multiple",
    ] {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/userfiles/download"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(NIFTI_GZ, "application/x-gtar"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/userfiles/delete_files"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== CBRAIN");
    let server = mock_portal().await;
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
