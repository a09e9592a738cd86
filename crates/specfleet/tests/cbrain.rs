//! The CBRAIN facade against a local server: every userfile operation (request and result),
//! paging as a stream, raw error bodies, 32 MiB transfers both ways, a truncated download, and
//! the query token kept out of errors, `Debug` and traces.
#![cfg(all(feature = "cbrain", feature = "mock"))]

use std::collections::HashMap;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use specfleet::cbrain::generated::apis::userfiles_api::{
    self, UserfilesDownloadPostError, UserfilesGetError, UserfilesIdContentGetError,
    UserfilesIdPutError, UserfilesPostError,
};
use specfleet::cbrain::generated::models::MultiUserfilesModReq;
use specfleet::cbrain::mock::{MockServer, Response};
use specfleet::cbrain::{Client, Userfile, UserfileModReq};
use specfleet::{ErrorBody, ErrorKind, Upload};
use wiremock::Request;

use support::{
    Part, capture_traces, fnv1a, header_value, multipart_parts, noise, only_request, query_pairs,
    refused_port, truncating_server,
};

mod support;

const TOKEN: &str = "placeholder-cbrain-api-token";

/// A gzipped NIfTI header start: not UTF-8, with a CR LF and a NUL inside, so any text decoding
/// or newline rewriting would show.
const NIFTI_GZ: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\x01\r\n\x00\x00\x00\x80\xa0\xfe\xafn\x04\xff";

/// The size of the transfers that cannot fit in any buffer on the way.
const LARGE: usize = 32 * 1024 * 1024;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_token(TOKEN)
        .build()
        .expect("a client")
}

/// The value of the token in a request's query, which the typed mock does not compare.
fn token_of(request: &Request) -> Option<String> {
    query_pairs(request)
        .into_iter()
        .find(|(name, _)| name == "cbrain_api_token")
        .map(|(_, value)| value)
}

/// Asserts that every request the server received carried the token.
async fn assert_every_request_sent_the_token(server: &MockServer) {
    let requests = server.received_requests().await;
    assert!(!requests.is_empty(), "no request");
    for request in &requests {
        assert_eq!(token_of(request).as_deref(), Some(TOKEN), "{}", request.url);
    }
}

/// A Rails JSON response: `render :json` always adds the charset.
fn rails_json(status: u16, body: &serde_json::Value) -> Response {
    Response::new(status).body("application/json; charset=utf-8", body.to_string())
}

/// The body of an operation on several userfiles, as it goes on the wire.
fn bulk(body: serde_json::Value) -> MultiUserfilesModReq {
    serde_json::from_value(body).expect("a MultiUserfilesModReq")
}

/// A Userfile as CBRAIN serialises it (null for the unset optional columns).
fn userfile_json(id: i64, name: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "browse_path": null,
        "size": 7_340_032,
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

fn userfile(id: i64, name: &str) -> Userfile {
    let mut userfile = Userfile::new();
    userfile.id = Some(id);
    userfile.name = Some(name.into());
    userfile.size = Some(7_340_032);
    userfile.user_id = Some(3);
    userfile.r#type = Some("NiftiFile".into());
    userfile.group_id = Some(5);
    userfile.data_provider_id = Some(4);
    userfile.group_writable = Some(false);
    userfile.num_files = Some(1);
    userfile.hidden = Some(false);
    userfile.immutable = Some(false);
    userfile.archived = Some(false);
    userfile.description = Some("T1-weighted anatomical scan, session 1".into());
    userfile
}

/// The file part of an upload: its media type is guessed from the file name (`.gz` here).
fn file_part(file_name: &str, content: &[u8]) -> Part {
    Part {
        name: "upload_file".into(),
        file_name: Some(file_name.into()),
        content_type: Some("application/gzip".into()),
        content: content.to_vec(),
    }
}

/// The token must not appear in what an error shows, down its whole source chain.
fn assert_no_token<E: std::fmt::Debug + 'static>(error: &specfleet::Error<E>) {
    let mut shown = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        shown.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    assert!(!shown.contains(TOKEN), "the token leaked:\n{shown}");
    assert!(
        !shown.contains("cbrain_api_token"),
        "the query leaked:\n{shown}"
    );
}

/// The body of an update: only the attributes set in `changes` are sent.
fn modification(changes: Userfile) -> UserfileModReq {
    let mut request = UserfileModReq::new();
    request.userfile = Some(Box::new(changes));
    request
}

// Client

#[test]
fn the_default_base_url_is_the_specs_and_a_trailing_slash_is_dropped() {
    let client = Client::builder().build().expect("a client");
    assert_eq!(client.base_url(), "http://localhost:3000");
    let client = Client::builder()
        .base_url("https://portal.cbrain.example.org/")
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), "https://portal.cbrain.example.org");
}

#[test]
fn the_token_is_not_printed_by_the_client_or_its_builder() {
    let builder = Client::builder().api_token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN), "{builder:?}");
    let client = builder.build().expect("a client");
    assert!(!format!("{client:?}").contains(TOKEN), "{client:?}");
    // The token is set, for CBRAIN's query scheme.
    assert!(
        format!("{client:?}").contains("BrainPortalSession"),
        "{client:?}"
    );
}

#[tokio::test]
async fn from_vars_reads_the_url_and_the_token() {
    let server = MockServer::start().await;
    server
        .userfiles_id_get(12)
        .respond(&userfile(12, "sub-01_T1w.nii.gz"))
        .times(1);
    let url = server.uri();
    let vars = HashMap::from([
        ("CBRAIN_URL", url.as_str()),
        ("CBRAIN_API_TOKEN", "placeholder-vars-token"),
    ]);

    let client =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect("a client");
    let userfile = client.userfiles().get(12).await.expect("the userfile");

    assert_eq!(userfile.id, Some(12));
    assert_eq!(
        token_of(&only_request(server.received_requests().await)).as_deref(),
        Some("placeholder-vars-token")
    );
}

// GET /userfiles

#[tokio::test]
async fn list_sends_page_per_page_and_the_token_and_returns_the_userfiles() {
    let server = MockServer::start().await;
    // Rails' own JSON, nulls and charset included, to check what the client decodes.
    server
        .userfiles_get()
        .page(2)
        .per_page(25)
        .respond_with(rails_json(
            200,
            &json!([
                userfile_json(12, "sub-01_T1w.nii.gz"),
                userfile_json(13, "sub-02_T1w.nii.gz")
            ]),
        ))
        .times(1);

    let userfiles = client(&server)
        .userfiles()
        .list()
        .page(2)
        .per_page(25)
        .send()
        .await
        .expect("a page");

    assert_eq!(
        userfiles,
        vec![
            userfile(12, "sub-01_T1w.nii.gz"),
            userfile(13, "sub-02_T1w.nii.gz")
        ]
    );
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_eq!(token_of(&request).as_deref(), Some(TOKEN));
}

#[tokio::test]
async fn list_without_options_sends_only_the_token() {
    let server = MockServer::start().await;
    server.userfiles_get().respond(&Vec::new());

    let userfiles = client(&server)
        .userfiles()
        .list()
        .send()
        .await
        .expect("a page");

    assert!(userfiles.is_empty());
    assert_eq!(
        query_pairs(&only_request(server.received_requests().await)),
        vec![("cbrain_api_token".to_owned(), TOKEN.to_owned())]
    );
}

/// The userfiles `ids`, as a page holds them.
fn page_of(ids: &[i64]) -> Vec<Userfile> {
    ids.iter()
        .map(|id| userfile(*id, &format!("sub-{id:02}_T1w.nii.gz")))
        .collect()
}

/// Expects one call for page `page` of `per_page` entries, answered with the userfiles `ids`.
fn expect_page(server: &MockServer, page: i32, per_page: i32, ids: &[i64]) {
    server
        .userfiles_get()
        .page(page)
        .per_page(per_page)
        .respond(&page_of(ids))
        .times(1);
}

fn ids(userfiles: &[Userfile]) -> Vec<i64> {
    userfiles
        .iter()
        .map(|userfile| userfile.id.expect("an id"))
        .collect()
}

#[tokio::test]
async fn the_stream_reads_every_page_and_stops_after_a_short_one() {
    let server = MockServer::start().await;
    expect_page(&server, 1, 3, &[1, 2, 3]);
    expect_page(&server, 2, 3, &[4, 5, 6]);
    expect_page(&server, 3, 3, &[7]);
    // Never asked for: the short page 3 is the last.
    server.userfiles_get().page(4).respond(&Vec::new()).times(0);

    let userfiles: Vec<Userfile> = client(&server)
        .userfiles()
        .list()
        .per_page(3)
        .stream()
        .try_collect()
        .await
        .expect("every page");

    assert_eq!(ids(&userfiles), vec![1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(server.received_requests().await.len(), 3);
    assert_every_request_sent_the_token(&server).await;
}

#[tokio::test]
async fn without_a_page_size_the_stream_starts_at_the_page_set_and_stops_after_an_empty_page() {
    let server = MockServer::start().await;
    // CBRAIN's own page size applies: no `per_page` is sent, and a page shorter than the first
    // cannot end the stream; an empty one does.
    for (page, ids) in [
        (2, (101..=200).collect::<Vec<i64>>()),
        (3, (201..=250).collect()),
        (4, Vec::new()),
    ] {
        server
            .userfiles_get()
            .page(page)
            .respond(&page_of(&ids))
            .times(1);
    }

    let userfiles: Vec<Userfile> = client(&server)
        .userfiles()
        .list()
        .page(2)
        .stream()
        .try_collect()
        .await
        .expect("every page");

    assert_eq!(ids(&userfiles), (101..=250).collect::<Vec<_>>());
    let requests = server.received_requests().await;
    assert_eq!(requests.len(), 3);
    assert!(
        requests.iter().all(|request| query_pairs(request)
            .iter()
            .all(|(name, _)| name != "per_page")),
        "{requests:#?}"
    );
    assert_every_request_sent_the_token(&server).await;
}

#[tokio::test]
async fn the_stream_ends_at_the_first_error() {
    let server = MockServer::start().await;
    expect_page(&server, 1, 2, &[1, 2]);
    server
        .userfiles_get()
        .page(2)
        .respond_with(Response::new(401))
        .times(1);

    let items: Vec<_> = client(&server)
        .userfiles()
        .list()
        .per_page(2)
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 3, "two userfiles, then the error");
    assert_eq!(items[0].as_ref().expect("userfile 1").id, Some(1));
    assert_eq!(items[1].as_ref().expect("userfile 2").id, Some(2));
    let error = items[2].as_ref().expect_err("the 401");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(error.typed(), Some(&UserfilesGetError::Status401));
    assert_eq!(
        token_of(&server.received_requests().await[0]).as_deref(),
        Some(TOKEN)
    );
}

#[tokio::test]
async fn an_undocumented_answer_is_a_decode_error() {
    let server = MockServer::start().await;
    server
        .userfiles_get()
        .respond_with(rails_json(200, &json!({"userfiles": []})));

    let error = client(&server)
        .userfiles()
        .list()
        .send()
        .await
        .expect_err("an object, not a list");

    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
    assert_eq!(error.route(), "/userfiles");
}

// GET and PUT /userfiles/{id}

#[tokio::test]
async fn get_returns_the_userfile() {
    let server = MockServer::start().await;
    // Rails' own JSON, nulls and charset included, to check what the client decodes.
    server
        .userfiles_id_get(12)
        .respond_with(rails_json(200, &userfile_json(12, "sub-01_T1w.nii.gz")))
        .times(1);

    let found = client(&server)
        .userfiles()
        .get(12)
        .await
        .expect("the userfile");

    assert_eq!(found, userfile(12, "sub-01_T1w.nii.gz"));
    assert_every_request_sent_the_token(&server).await;
}

#[tokio::test]
async fn errors_keep_the_raw_body_whatever_it_is() {
    let server = MockServer::start().await;
    server.userfiles_id_get(12).respond_with(Response::new(401));
    server.userfiles_id_get(13).respond_with(rails_json(
        403,
        &json!({"error": "You don't have permission to access this page."}),
    ));
    server
        .userfiles_id_get(14)
        .respond_with(Response::new(500).body("text/plain", "Internal Server Error"));
    let userfiles = client(&server);
    let userfiles = userfiles.userfiles();

    let unauthorized = userfiles.get(12).await.expect_err("401");
    assert_eq!(unauthorized.status().map(|s| s.as_u16()), Some(401));
    // The spec documents no error of this operation: the body is raw.
    assert_eq!(unauthorized.body(), Some(&ErrorBody::Empty));
    assert_eq!(unauthorized.route(), "/userfiles/{id}");
    assert_eq!(
        unauthorized.to_string(),
        "GET /userfiles/{id}: the server answered 401 Unauthorized"
    );

    let forbidden = userfiles.get(13).await.expect_err("403");
    assert_eq!(
        forbidden.body(),
        Some(&ErrorBody::Json(
            json!({"error": "You don't have permission to access this page."})
        ))
    );
    assert_eq!(
        forbidden.to_string(),
        "GET /userfiles/{id}: the server answered 403 Forbidden: You don't have permission to access this page."
    );

    let broken = userfiles.get(14).await.expect_err("500");
    assert_eq!(
        broken.body(),
        Some(&ErrorBody::Text("Internal Server Error".into()))
    );
    assert!(!broken.is_retryable());
    for error in [&unauthorized, &forbidden, &broken] {
        assert_no_token(error);
    }
}

#[tokio::test]
async fn update_sends_only_the_attributes_set() {
    let server = MockServer::start().await;
    // The body as it must go on the wire; `update` answers `head :ok`.
    let sent: UserfileModReq = serde_json::from_value(json!({"userfile": {
        "name": "sub-01_T1w_defaced.nii.gz",
        "description": "Defaced with pydeface 2.0.2",
        "type": "NiftiFile",
        "user_id": 7,
        "group_id": 6,
        "group_writable": true,
        "hidden": false,
        "immutable": true
    }}))
    .expect("a UserfileModReq");
    server
        .userfiles_id_put(12)
        .userfile_mod_req(sent)
        .respond()
        .times(1);

    let mut changes = Userfile::new();
    changes.name = Some("sub-01_T1w_defaced.nii.gz".into());
    changes.description = Some("Defaced with pydeface 2.0.2".into());
    changes.r#type = Some("NiftiFile".into());
    changes.user_id = Some(7);
    changes.group_id = Some(6);
    changes.group_writable = Some(true);
    changes.hidden = Some(false);
    changes.immutable = Some(true);

    client(&server)
        .userfiles()
        .update(12, modification(changes))
        .send()
        .await
        .expect("updated");
    assert_every_request_sent_the_token(&server).await;
}

#[tokio::test]
async fn update_reports_a_401() {
    let server = MockServer::start().await;
    let sent: UserfileModReq =
        serde_json::from_value(json!({"userfile": {"hidden": true}})).expect("a UserfileModReq");
    server
        .userfiles_id_put(12)
        .userfile_mod_req(sent)
        .respond_with(Response::new(401))
        .times(1);

    let mut changes = Userfile::new();
    changes.hidden = Some(true);
    let error = client(&server)
        .userfiles()
        .update(12, modification(changes))
        .send()
        .await
        .expect_err("401");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.method(), "PUT");
    assert_eq!(error.route(), "/userfiles/{id}");
    // The spec documents a 401 without a body: a unit variant.
    assert_eq!(error.typed(), Some(&UserfilesIdPutError::Status401));
    assert!(
        matches!(error.kind(), ErrorKind::Status { raw, .. } if raw.is_empty()),
        "{error:?}"
    );
}

// GET /userfiles/{id}/content

#[tokio::test]
async fn content_returns_the_bytes_intact() {
    let server = MockServer::start().await;
    server
        .userfiles_id_content_get(12)
        .respond_with(
            Response::new(200)
                .header(
                    "content-disposition",
                    r#"attachment; filename="sub-01_T1w.nii.gz""#,
                )
                .body("application/gzip", NIFTI_GZ),
        )
        .times(1);

    let content = client(&server)
        .userfiles()
        .content(12)
        .await
        .expect("the content");

    assert_eq!(content.content_type(), Some("application/gzip"));
    assert_eq!(content.content_length(), Some(NIFTI_GZ.len() as u64));
    let shown = format!("{content:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("/userfiles/{id}/content"), "{shown}");
    assert_eq!(content.bytes().await.expect("the body").as_ref(), NIFTI_GZ);
    let request = only_request(server.received_requests().await);
    assert_eq!(
        header_value(&request, "accept"),
        Some("application/*, text/*")
    );
    assert_eq!(token_of(&request).as_deref(), Some(TOKEN));
}

#[tokio::test]
async fn content_reports_a_403_before_any_body_is_read() {
    let server = MockServer::start().await;
    server
        .userfiles_id_content_get(12)
        .respond_with(Response::new(403))
        .times(1);

    let error = client(&server)
        .userfiles()
        .content(12)
        .await
        .expect_err("403");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.route(), "/userfiles/{id}/content");
    assert_eq!(error.typed(), Some(&UserfilesIdContentGetError::Status403));
}

#[tokio::test]
async fn a_32_mib_content_is_written_to_a_file_intact() {
    let body = noise(LARGE);
    let expected = fnv1a(&body);
    let server = MockServer::start().await;
    server
        .userfiles_id_content_get(13)
        .respond_with(Response::new(200).body("application/gzip", body))
        .times(1);
    let directory = tempfile::tempdir().expect("a temporary directory");
    let target = directory.path().join("sub-01_dwi.nii.gz");

    let written = client(&server)
        .userfiles()
        .content(13)
        .await
        .expect("the content")
        .download_to(&target)
        .await
        .expect("the whole file");

    assert_eq!(written, LARGE as u64);
    let on_disk = std::fs::read(&target).expect("the file");
    assert_eq!(on_disk.len(), LARGE);
    assert_eq!(fnv1a(&on_disk), expected);
    assert!(!directory.path().join("sub-01_dwi.nii.gz.part").exists());
}

#[tokio::test]
async fn a_truncated_content_fails_and_leaves_no_file() {
    let (base_url, _server) = truncating_server(4 * 1024 * 1024, 1024 * 1024, "application/gzip");
    let client = Client::builder()
        .base_url(base_url)
        .api_token(TOKEN)
        .build()
        .expect("a client");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let target = directory.path().join("sub-01_T1w.nii.gz");

    let download = client.userfiles().content(12).await.expect("the head");
    let error = download
        .download_to(&target)
        .await
        .expect_err("the body is cut short");

    assert!(!target.exists(), "no file at the target");
    assert!(!directory.path().join("sub-01_T1w.nii.gz.part").exists());
    assert!(
        std::fs::read_dir(directory.path())
            .expect("the directory")
            .next()
            .is_none(),
        "nothing left behind"
    );
    assert_eq!(error.route(), "/userfiles/{id}/content");
    assert_no_token(&error);
}

// POST /userfiles (multipart upload)

#[tokio::test]
async fn upload_sends_the_file_and_the_required_fields() {
    let server = MockServer::start().await;
    server
        .userfiles_post()
        .respond(&json!({"notice": "File Uploaded"}))
        .times(1);
    let directory = tempfile::tempdir().expect("a temporary directory");
    let file = directory.path().join("sub-01_T1w.nii.gz");
    std::fs::write(&file, NIFTI_GZ).expect("the file");

    let created = client(&server)
        .userfiles()
        .upload(Upload::path(&file), 4, 5, "SingleFile")
        .send()
        .await
        .expect("uploaded");

    assert_eq!(created, json!({"notice": "File Uploaded"}));
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_eq!(token_of(&request).as_deref(), Some(TOKEN));
    assert!(
        header_value(&request, "user-agent")
            .is_some_and(|agent| agent.starts_with("specfleet-cbrain/")),
        "{:?}",
        request.headers
    );
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            file_part("sub-01_T1w.nii.gz", NIFTI_GZ),
            Part::field("data_provider_id", "4"),
            Part::field("userfile[group_id]", "5"),
            Part::field("file_type", "SingleFile"),
        ]
    );
}

#[tokio::test]
async fn upload_sends_the_type_and_the_extraction_fields() {
    let server = MockServer::start().await;
    let userfiles = client(&server);
    let userfiles = userfiles.userfiles();

    let modes = ["collection", "multiple"];
    for mode in modes {
        server
            .userfiles_post()
            .up_ex_mode(mode)
            .respond(&json!({"notice": "Collection Uploaded"}))
            .times(1);
    }
    for (sent, mode) in modes.into_iter().enumerate() {
        userfiles
            .upload(
                Upload::bytes("sub-01_dwi.tar.gz", NIFTI_GZ),
                4,
                5,
                "FileCollection",
            )
            .do_extract("on")
            .up_ex_mode(mode)
            .send()
            .await
            .expect("uploaded");
        let requests = server.received_requests().await;
        assert_eq!(requests.len(), sent + 1, "{requests:#?}");
        assert_eq!(
            multipart_parts(&requests[sent]).await,
            vec![
                file_part("sub-01_dwi.tar.gz", NIFTI_GZ),
                Part::field("data_provider_id", "4"),
                Part::field("userfile[group_id]", "5"),
                Part::field("file_type", "FileCollection"),
                Part::field("_do_extract", "on"),
                Part::field("_up_ex_mode", mode),
            ]
        );
    }
}

#[tokio::test]
async fn a_32_mib_stream_is_uploaded_intact_with_its_length() {
    let server = MockServer::start().await;
    server
        .userfiles_post()
        .respond(&json!({"notice": "File Uploaded"}))
        .times(1);
    let content = Bytes::from(noise(LARGE));
    let expected = fnv1a(&content);
    let chunks: Vec<Result<Bytes, std::io::Error>> = (0..LARGE)
        .step_by(256 * 1024)
        .map(|start| Ok(content.slice(start..(start + 256 * 1024).min(LARGE))))
        .collect();
    let upload = Upload::stream(
        "sub-01_bold.nii.gz",
        futures_util::stream::iter(chunks),
        Some(LARGE as u64),
    );

    client(&server)
        .userfiles()
        .upload(upload, 4, 5, "NiftiFile")
        .send()
        .await
        .expect("uploaded");

    let request = only_request(server.received_requests().await);
    assert!(
        header_value(&request, "content-length").is_some(),
        "a known length is announced"
    );
    let parts = multipart_parts(&request).await;
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0].file_name.as_deref(), Some("sub-01_bold.nii.gz"));
    assert_eq!(parts[0].content.len(), LARGE);
    assert_eq!(fnv1a(&parts[0].content), expected);
    assert_eq!(parts[3], Part::field("file_type", "NiftiFile"));
}

#[tokio::test]
async fn upload_errors_keep_the_body_and_a_non_json_answer_is_a_decode_error() {
    let server = MockServer::start().await;
    server
        .userfiles_post()
        .respond_with(Response::new(401))
        .times(1);
    server
        .userfiles_post()
        .respond_with(Response::new(201).body("text/html", "<p>File Uploaded</p>"));
    let userfiles = client(&server);
    let userfiles = userfiles.userfiles();

    let unauthorized = userfiles
        .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "TextFile")
        .send()
        .await
        .expect_err("401");
    assert_eq!(unauthorized.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(unauthorized.typed(), Some(&UserfilesPostError::Status401));
    assert_eq!(unauthorized.method(), "POST");
    assert_eq!(unauthorized.route(), "/userfiles");
    assert_no_token(&unauthorized);

    let html = userfiles
        .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "TextFile")
        .send()
        .await
        .expect_err("HTML");
    assert!(matches!(html.kind(), ErrorKind::Decode { .. }), "{html:?}");
}

#[tokio::test]
async fn an_upload_from_a_missing_file_sends_nothing() {
    let server = MockServer::start().await;
    let directory = tempfile::tempdir().expect("a temporary directory");

    let error = client(&server)
        .userfiles()
        .upload(
            Upload::path(directory.path().join("absent.nii.gz")),
            4,
            5,
            "NiftiFile",
        )
        .send()
        .await
        .expect_err("no such file");

    assert!(matches!(error.kind(), ErrorKind::Io(_)), "{error:?}");
    assert!(server.received_requests().await.is_empty());
}

// The operations on several userfiles

#[tokio::test]
async fn move_to_provider_sends_the_ids_and_the_target_data_provider() {
    let server = MockServer::start().await;
    // The spec documents no body for the answer; CBRAIN sends this one.
    server
        .userfiles_change_provider_post()
        .multi_userfile_mod_req(bulk(
            json!({"file_ids": ["12", "13"], "data_provider_id_for_mv_cp": 9}),
        ))
        .respond_with(rails_json(
            200,
            &json!({"success_list": [12, 13], "failed_list": []}),
        ))
        .times(1);

    client(&server)
        .userfiles()
        .move_to_provider([12, 13], 9)
        .await
        .expect("moving");
    assert_every_request_sent_the_token(&server).await;
}

#[tokio::test]
async fn compress_uncompress_and_delete_send_only_the_ids() {
    let server = MockServer::start().await;
    let ids = || bulk(json!({"file_ids": ["12", "14"]}));
    server
        .userfiles_compress_post()
        .multi_userfile_mod_req(ids())
        .respond()
        .times(1);
    server
        .userfiles_uncompress_post()
        .multi_userfile_mod_req(ids())
        .respond()
        .times(1);
    server
        .userfiles_delete_files_delete()
        .multi_userfile_mod_req(ids())
        .respond()
        .times(1);
    let client = client(&server);
    let userfiles = client.userfiles();

    userfiles.compress([12, 14]).await.expect("compressing");
    userfiles
        .uncompress(vec![12, 14])
        .await
        .expect("uncompressing");
    userfiles
        .delete([12_i64, 14].iter().copied())
        .await
        .expect("deleting");

    assert_every_request_sent_the_token(&server).await;
    let delete = server.received_requests().await.remove(2);
    assert_eq!(delete.method.as_str(), "DELETE");
    assert_eq!(
        header_value(&delete, "content-type"),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_failed_bulk_operation_names_its_request() {
    let server = MockServer::start().await;
    server
        .userfiles_delete_files_delete()
        .respond_with(rails_json(
            422,
            &json!({"error": "Some files could not be deleted"}),
        ));

    let error = client(&server)
        .userfiles()
        .delete([12])
        .await
        .expect_err("422");

    assert_eq!(
        error.to_string(),
        "DELETE /userfiles/delete_files: the server answered 422 Unprocessable Entity: Some files could not be deleted"
    );
}

#[tokio::test]
async fn download_sends_the_ids_and_the_archive_name_and_returns_the_archive() {
    let server = MockServer::start().await;
    server
        .userfiles_download_post()
        .multi_userfile_mod_req(bulk(
            json!({"file_ids": ["12", "13"], "specified_filename": "sub-01_all"}),
        ))
        .respond_with(
            Response::new(200)
                .header(
                    "content-disposition",
                    r#"attachment; filename="sub-01_all.tar.gz""#,
                )
                .body("application/x-gtar", NIFTI_GZ),
        )
        .times(1);

    let archive = client(&server)
        .userfiles()
        .download([12, 13], Some("sub-01_all".into()))
        .send()
        .await
        .expect("the archive");

    assert_eq!(archive.content_type(), Some("application/x-gtar"));
    assert_eq!(archive.bytes().await.expect("the body").as_ref(), NIFTI_GZ);
    let request = only_request(server.received_requests().await);
    assert_eq!(
        header_value(&request, "accept"),
        Some("application/*, text/*")
    );
    assert_eq!(token_of(&request).as_deref(), Some(TOKEN));
}

#[tokio::test]
async fn download_without_a_name_sends_only_the_ids_and_reports_a_403() {
    let server = MockServer::start().await;
    server
        .userfiles_download_post()
        .multi_userfile_mod_req(bulk(json!({"file_ids": ["12"]})))
        .respond_with(rails_json(
            403,
            &json!({"error": "You don't have permission to access this page."}),
        ))
        .times(1);

    let error = client(&server)
        .userfiles()
        .download([12], None)
        .send()
        .await
        .expect_err("403");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.route(), "/userfiles/download");
    // Documented without a body: typed as the unit variant, the body kept as JSON beside it.
    assert_eq!(error.typed(), Some(&UserfilesDownloadPostError::Status403));
    assert_eq!(
        error.untyped().body(),
        Some(&ErrorBody::Json(
            json!({"error": "You don't have permission to access this page."})
        ))
    );
}

#[tokio::test]
async fn sync_sends_the_operation_and_the_generated_call_can_leave_it_out() {
    let server = MockServer::start().await;
    server
        .userfiles_sync_multiple_post()
        .multi_userfile_mod_req(bulk(json!({"file_ids": ["12", "13"]})))
        .respond()
        .times(1);
    for wire in ["sync_local", "all_newer"] {
        server
            .userfiles_sync_multiple_post()
            .multi_userfile_mod_req(bulk(json!({"file_ids": ["14"], "operation": wire})))
            .respond()
            .times(1);
        client(&server)
            .userfiles()
            .sync([14], wire)
            .send()
            .await
            .expect("syncing");
    }

    // The facade always names the operation; the generated call sends only what is set.
    let mut only_ids = MultiUserfilesModReq::new();
    only_ids.file_ids = Some(vec!["12".into(), "13".into()]);
    userfiles_api::userfiles_sync_multiple_post(&client(&server), only_ids)
        .send()
        .await
        .expect("syncing");
    assert_every_request_sent_the_token(&server).await;
}

// The token stays out of errors and traces.

#[tokio::test]
async fn a_refused_connection_does_not_show_the_token() {
    let port = refused_port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_token(TOKEN)
        .build()
        .expect("a client");

    // Without their typed bodies (there are none here), to check both alike.
    let list = client
        .userfiles()
        .list()
        .send()
        .await
        .expect_err("refused")
        .untyped();
    let upload = client
        .userfiles()
        .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "TextFile")
        .send()
        .await
        .expect_err("refused")
        .untyped();

    for error in [&list, &upload] {
        assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
        assert!(error.is_retryable());
        assert_no_token(error);
    }
}

#[tokio::test]
async fn a_timeout_does_not_show_the_token() {
    let server = MockServer::start().await;
    let slow = Duration::from_secs(5);
    server
        .userfiles_id_get(12)
        .respond_with(rails_json(200, &userfile_json(12, "sub-01_T1w.nii.gz")).delay(slow));
    server
        .userfiles_post()
        .respond_with(rails_json(201, &json!({"notice": "File Uploaded"})).delay(slow));
    let client = Client::builder()
        .base_url(server.uri())
        .api_token(TOKEN)
        .timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("a client");

    let get = client
        .userfiles()
        .get(12)
        .await
        .expect_err("too slow")
        .untyped();
    let upload = client
        .userfiles()
        .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "TextFile")
        .send()
        .await
        .expect_err("too slow")
        .untyped();

    for error in [&get, &upload] {
        assert!(
            matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_timeout()),
            "{error:?}"
        );
        assert_no_token(error);
    }
}

#[tokio::test]
async fn traces_show_the_path_but_not_the_token() {
    let (captured, _guard) = capture_traces();
    let server = MockServer::start().await;
    server
        .userfiles_get()
        .respond(&vec![userfile(12, "sub-01_T1w.nii.gz")]);
    server
        .userfiles_post()
        .respond(&json!({"notice": "File Uploaded"}));
    let client = client(&server);

    client.userfiles().list().send().await.expect("a page");
    client
        .userfiles()
        .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "TextFile")
        .send()
        .await
        .expect("uploaded");
    let port = refused_port();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_token(TOKEN)
        .build()
        .expect("a client");
    refused.userfiles().get(12).await.expect_err("refused");

    let traces = captured.text();
    assert!(traces.contains("specfleet.request"), "{traces}");
    assert!(
        traces.contains("service=\"cbrain\"") || traces.contains("service=cbrain"),
        "{traces}"
    );
    assert!(traces.contains("/userfiles"), "{traces}");
    assert!(traces.contains("request failed"), "{traces}");
    assert!(
        !traces.contains(TOKEN),
        "the token leaked into traces:\n{traces}"
    );
    assert!(
        !traces.contains("cbrain_api_token"),
        "the query leaked into traces:\n{traces}"
    );
}

#[tokio::test]
async fn a_client_without_a_token_sends_no_token() {
    let server = MockServer::start().await;
    server
        .userfiles_get()
        .respond_with(Response::new(401))
        .times(1);
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client");

    let error = client.userfiles().list().send().await.expect_err("401");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        token_of(&only_request(server.received_requests().await)),
        None
    );
}
