//! CBRAIN userfiles: all eleven operations with the `cbrain_api_token` in the query, paging absent
//! and present, every MultiUserfilesModReq operation (delete_files as a DELETE with a JSON body),
//! the multipart upload with and without the extraction fields, binary content returned intact,
//! and every documented status decoded. CBRAIN is a Rails app: its JSON responses carry
//! `application/json; charset=utf-8`, and its 401/403 answers are `head` responses (no body)
//! unless the controller renders an error object.

use serde_json::json;
use specfleet_cbrain::apis::userfiles_api;
use specfleet_cbrain::models::{MultiUserfilesModReq, Userfile, UserfileModReq};
use specfleet_cbrain::{Client, ErrorKind, Upload};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{
    TempFile, assert_decoded_snapshot, assert_request_snapshot, multipart_parts, only_request,
    serve,
};

const TOKEN: &str = "placeholder-cbrain-api-token";

/// A gzipped NIfTI header start: not UTF-8 (gzip magic, 0xff, a lone continuation byte), with a
/// CR LF and a NUL in the middle, so any text decoding or newline rewriting would show.
const NIFTI_GZ: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\x01\r\n\x00\x00\x00\x80\xa0\xfe\xafn\x04\xff";

/// A tar.gz archive start, for the extracting upload and the multi-file download.
const TAR_GZ: &[u8] =
    b"\x1f\x8b\x08\x00\xa5\x1c\x39\x66\x00\x03\xed\xd1\xc1\x0a\x82\x40\x10\x06\xe0\r\n\x00\xff";

fn client(server: &MockServer) -> Client {
    specfleet_cbrain::client()
        .base_url(server.uri())
        .api_key(TOKEN)
        .build()
        .expect("a client")
}

/// A Rails JSON response: `render :json` always adds the charset.
fn rails_json(status: u16, body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json; charset=utf-8")
}

/// A Userfile as `Userfile#for_api` serialises it (null for the unset optional columns).
fn userfile(id: i64, name: &str, size: i64) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "browse_path": null,
        "size": size,
        "user_id": 3,
        "parent_id": null,
        "type": "NiftiFile",
        "group_id": 5,
        "data_provider_id": 4,
        "group_writable": false,
        "num_files": 1,
        "hidden": false,
        "immutable": false,
        "archived": false,
        "description": "T1-weighted anatomical scan, session 1"
    })
}

fn file_ids(ids: &[&str]) -> Option<Vec<String>> {
    Some(ids.iter().map(|&id| id.to_owned()).collect())
}

/// The announced length, Content-Type and body of a binary download, for snapshots (a download
/// is only ever a 2xx answer, so its status is not part of it). The body's `Debug` is a byte
/// string literal.
#[derive(Debug)]
#[allow(dead_code, reason = "read through Debug in snapshots")]
struct Download<B> {
    content_length: Option<u64>,
    content_type: Option<String>,
    content: B,
}

/// Reads a download to its end.
async fn download<E: std::fmt::Debug>(
    download: specfleet_cbrain::Download<E>,
) -> Download<impl std::fmt::Debug + AsRef<[u8]>> {
    let content_length = download.content_length();
    let content_type = download.content_type().map(str::to_owned);
    let content = download.bytes().await.expect("the whole body");
    Download {
        content_length,
        content_type,
        content,
    }
}

// GET /userfiles

#[tokio::test]
async fn userfiles_get_sends_only_the_token_without_paging() {
    let server = serve(rails_json(200, &json!([]))).await;
    let userfiles = userfiles_api::userfiles_get(&client(&server)).await;
    assert_eq!(userfiles.expect("an empty list"), vec![]);
    assert_request_snapshot!("userfiles_get__no_paging", &server);
}

#[tokio::test]
async fn userfiles_get_sends_page_and_per_page() {
    let server = serve(rails_json(200, &json!([]))).await;
    userfiles_api::userfiles_get(&client(&server))
        .page(2)
        .per_page(25)
        .await
        .expect("an empty list");
    assert_request_snapshot!("userfiles_get__paging", &server);
}

#[tokio::test]
async fn userfiles_get_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            rails_json(
                200,
                &json!([
                    userfile(12, "sub-01_T1w.nii.gz", 7_340_032),
                    {
                        "id": 13,
                        "name": "sub-01_dwi",
                        "browse_path": "sub-01",
                        "size": 1_288_490_188,
                        "user_id": 3,
                        "parent_id": 12,
                        "type": "FileCollection",
                        "group_id": 5,
                        "data_provider_id": 4,
                        "group_writable": true,
                        "num_files": 3,
                        "hidden": false,
                        "immutable": true,
                        "archived": false,
                        "description": ""
                    }
                ]),
            ),
        ),
        ("401", ResponseTemplate::new(401)),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = userfiles_api::userfiles_get(&client(&server)).await;
        assert_decoded_snapshot!(format!("userfiles_get__response_{status}"), result);
    }
}

/// A file name that is not UTF-8 must not come back as a name with U+FFFD in it: the generated
/// code once decoded a lossy text copy of the body (template change 7 of api.mustache).
#[tokio::test]
async fn userfiles_get_refuses_invalid_utf8_instead_of_replacing_it() {
    let body = b"[{\"id\": 12, \"name\": \"sub-01\xff.nii\"}]".to_vec();
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8"))
            .await;
    let error = userfiles_api::userfiles_get(&client(&server))
        .await
        .expect_err("invalid UTF-8 is a decode error");
    match error.kind() {
        ErrorKind::Decode { status, message } => {
            assert_eq!(status.as_u16(), 200);
            assert!(
                message.contains("[0].name"),
                "the error names the field: {message}"
            );
        }
        _ => panic!("expected a decode error, got {error:?}"),
    }
}

// POST /userfiles (multipart upload)

#[tokio::test]
async fn userfiles_post_uploads_the_file_with_the_required_fields() {
    let server = serve(rails_json(201, &json!({"notice": "File Uploaded"}))).await;
    let file = TempFile::new("sub-01_T1w.nii.gz", NIFTI_GZ);
    let created = userfiles_api::userfiles_post(
        &client(&server),
        Upload::path(file.path()),
        4,
        5,
        "SingleFile",
    )
    .await;
    assert_decoded_snapshot!("userfiles_post__response_201", created);
    let parts = multipart_parts(&only_request(&server).await).await;
    assert_eq!(parts[0].name, "upload_file");
    assert_eq!(parts[0].file_name.as_deref(), Some("sub-01_T1w.nii.gz"));
    assert_eq!(parts[0].content, NIFTI_GZ, "the file is sent byte for byte");
    assert_request_snapshot!("userfiles_post__required_fields", &server);
}

#[tokio::test]
async fn userfiles_post_sends_the_extraction_fields() {
    let server = serve(rails_json(201, &json!({"notice": "Collection Uploaded"}))).await;
    let file = TempFile::new("sub-01_dwi.tar.gz", TAR_GZ);
    let created = userfiles_api::userfiles_post(
        &client(&server),
        Upload::path(file.path()),
        4,
        5,
        "FileCollection",
    )
    .do_extract("on")
    .up_ex_mode("collection")
    .await;
    assert_eq!(
        created.expect("uploaded"),
        json!({"notice": "Collection Uploaded"})
    );
    assert_request_snapshot!("userfiles_post__extract_as_collection", &server);
}

#[tokio::test]
async fn userfiles_post_decodes_every_documented_error() {
    let cases = [("401", ResponseTemplate::new(401))];
    for (status, response) in cases {
        let server = serve(response).await;
        let file = TempFile::new("sub-01_T1w.nii.gz", NIFTI_GZ);
        let result = userfiles_api::userfiles_post(
            &client(&server),
            Upload::path(file.path()),
            4,
            5,
            "SingleFile",
        )
        .await;
        assert_decoded_snapshot!(format!("userfiles_post__response_{status}"), result);
    }
}

// GET /userfiles/{id}

#[tokio::test]
async fn userfiles_id_get_sends_the_id_and_the_token() {
    let server = serve(rails_json(
        200,
        &userfile(12, "sub-01_T1w.nii.gz", 7_340_032),
    ))
    .await;
    let result = userfiles_api::userfiles_id_get(&client(&server), 12).await;
    assert_eq!(
        result.as_ref().expect("a userfile").name.as_deref(),
        Some("sub-01_T1w.nii.gz")
    );
    assert_decoded_snapshot!("userfiles_id_get__response_200", result);
    assert_request_snapshot!("userfiles_id_get__token_in_query", &server);
}

// PUT /userfiles/{id}

#[tokio::test]
async fn userfiles_id_put_sends_the_userfile_mod_req() {
    // `update` answers `head :ok`.
    let server = serve(ResponseTemplate::new(200)).await;
    let mut userfile = Userfile::new();
    userfile.name = Some("sub-01_T1w_defaced.nii.gz".into());
    userfile.group_id = Some(6);
    userfile.group_writable = Some(true);
    userfile.hidden = Some(false);
    userfile.description = Some("Defaced with pydeface 2.0.2".into());
    let mut changes = UserfileModReq::new();
    changes.userfile = Some(Box::new(userfile));
    let result = userfiles_api::userfiles_id_put(&client(&server), 12, changes).await;
    assert_decoded_snapshot!("userfiles_id_put__response_200", result);
    assert_request_snapshot!("userfiles_id_put__userfile_mod_req", &server);
}

#[tokio::test]
async fn userfiles_id_put_decodes_every_documented_error() {
    let cases = [("401", ResponseTemplate::new(401))];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            userfiles_api::userfiles_id_put(&client(&server), 12, UserfileModReq::default()).await;
        assert_decoded_snapshot!(format!("userfiles_id_put__response_{status}"), result);
    }
}

// GET /userfiles/{id}/content (binary)

#[tokio::test]
async fn userfiles_id_content_get_returns_the_bytes_intact() {
    let server = serve(
        ResponseTemplate::new(200)
            .insert_header(
                "content-disposition",
                r#"attachment; filename="sub-01_T1w.nii.gz""#,
            )
            .set_body_raw(NIFTI_GZ, "application/gzip"),
    )
    .await;
    let response = userfiles_api::userfiles_id_content_get(&client(&server), 12)
        .await
        .expect("the content");
    let content = download(response).await;
    assert_eq!(content.content.as_ref(), NIFTI_GZ);
    assert_decoded_snapshot!("userfiles_id_content_get__response_200", content);
    assert_request_snapshot!("userfiles_id_content_get__token_in_query", &server);
}

#[tokio::test]
async fn userfiles_id_content_get_decodes_every_documented_error() {
    let cases = [("403", ResponseTemplate::new(403))];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = userfiles_api::userfiles_id_content_get(&client(&server), 12).await;
        assert_decoded_snapshot!(
            format!("userfiles_id_content_get__response_{status}"),
            result
        );
    }
}

// POST /userfiles/download (binary)

#[tokio::test]
async fn userfiles_download_post_returns_the_archive_bytes_intact() {
    let server = serve(
        ResponseTemplate::new(200)
            .insert_header(
                "content-disposition",
                r#"attachment; filename="sub-01_all.tar.gz""#,
            )
            .set_body_raw(TAR_GZ, "application/x-gtar"),
    )
    .await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "13"]);
    files.specified_filename = Some("sub-01_all".into());
    let response = userfiles_api::userfiles_download_post(&client(&server), files)
        .await
        .expect("the archive");
    let archive = download(response).await;
    assert_eq!(archive.content.as_ref(), TAR_GZ);
    assert_decoded_snapshot!("userfiles_download_post__response_200", archive);
    assert_request_snapshot!("userfiles_download_post__file_ids_and_filename", &server);
}

#[tokio::test]
async fn userfiles_download_post_writes_the_archive_to_a_file_intact() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(TAR_GZ, "application/x-gtar")).await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "13"]);
    let directory = tempfile::tempdir().expect("a temp directory");
    let target = directory.path().join("sub-01_all.tar.gz");
    let written = userfiles_api::userfiles_download_post(&client(&server), files)
        .await
        .expect("the archive")
        .download_to(&target)
        .await
        .expect("written");
    assert_eq!(written, TAR_GZ.len() as u64);
    assert_eq!(std::fs::read(&target).expect("the file"), TAR_GZ);
    let names: Vec<_> = std::fs::read_dir(directory.path())
        .expect("the directory")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(names, ["sub-01_all.tar.gz"], "no partial file is left");
}

#[tokio::test]
async fn userfiles_download_post_decodes_every_documented_error() {
    let cases = [(
        "403",
        rails_json(
            403,
            &json!({"error": "You don't have permission to access this page."}),
        ),
    )];
    for (status, response) in cases {
        let server = serve(response).await;
        let mut files = MultiUserfilesModReq::new();
        files.file_ids = file_ids(&["12"]);
        let result = userfiles_api::userfiles_download_post(&client(&server), files).await;
        assert_decoded_snapshot!(
            format!("userfiles_download_post__response_{status}"),
            result
        );
    }
}

// The other MultiUserfilesModReq operations: JSON body, empty result.

#[tokio::test]
async fn userfiles_delete_files_delete_sends_a_json_body() {
    let server = serve(rails_json(
        200,
        &json!({"unregistered_list": [], "deleted_list": [12, 13], "failed_list": {}, "error": null}),
    ))
    .await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "13"]);
    let result = userfiles_api::userfiles_delete_files_delete(&client(&server), files).await;
    assert_decoded_snapshot!("userfiles_delete_files_delete__response_200", result);
    assert_request_snapshot!("userfiles_delete_files_delete__file_ids", &server);
}

#[tokio::test]
async fn userfiles_change_provider_post_sends_the_target_data_provider() {
    let server = serve(rails_json(
        200,
        &json!({"success_list": [12, 13], "failed_list": []}),
    ))
    .await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "13"]);
    files.data_provider_id_for_mv_cp = Some(9);
    let result = userfiles_api::userfiles_change_provider_post(&client(&server), files).await;
    assert_decoded_snapshot!("userfiles_change_provider_post__response_200", result);
    assert_request_snapshot!(
        "userfiles_change_provider_post__file_ids_and_data_provider",
        &server
    );
}

#[tokio::test]
async fn userfiles_compress_post_sends_the_file_ids() {
    let server = serve(ResponseTemplate::new(200)).await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "14"]);
    let result = userfiles_api::userfiles_compress_post(&client(&server), files).await;
    assert_decoded_snapshot!("userfiles_compress_post__response_200", result);
    assert_request_snapshot!("userfiles_compress_post__file_ids", &server);
}

#[tokio::test]
async fn userfiles_uncompress_post_sends_the_file_ids() {
    let server = serve(ResponseTemplate::new(200)).await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["15"]);
    let result = userfiles_api::userfiles_uncompress_post(&client(&server), files).await;
    assert_decoded_snapshot!("userfiles_uncompress_post__response_200", result);
    assert_request_snapshot!("userfiles_uncompress_post__file_ids", &server);
}

#[tokio::test]
async fn userfiles_sync_multiple_post_sends_the_operation() {
    // `sync_multiple` answers `head :ok`.
    let server = serve(ResponseTemplate::new(200)).await;
    let mut files = MultiUserfilesModReq::new();
    files.file_ids = file_ids(&["12", "13", "14"]);
    files.operation = Some("sync_local".into());
    let result = userfiles_api::userfiles_sync_multiple_post(&client(&server), files).await;
    assert_decoded_snapshot!("userfiles_sync_multiple_post__response_200", result);
    assert_request_snapshot!(
        "userfiles_sync_multiple_post__file_ids_and_operation",
        &server
    );
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = serve(rails_json(200, &json!([]))).await;
    userfiles_api::userfiles_get(&client(&server))
        .await
        .expect("an empty list");
    let request = only_request(&server).await;
    assert_eq!(request.headers["user-agent"], "specfleet-cbrain/0.2.0");
}
