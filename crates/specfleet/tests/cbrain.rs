//! The CBRAIN facade against a local server: every userfile operation (request and result),
//! paging as a stream, raw error bodies, 32 MiB transfers both ways, a truncated download, and
//! the query token kept out of errors, `Debug` and traces.
#![cfg(feature = "cbrain")]

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
use specfleet::cbrain::{Client, Userfile, UserfileModReq};
use specfleet::{ErrorBody, ErrorKind, Upload};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::{
    Part, capture_traces, fnv1a, header_value, multipart_parts, noise, only_request, query_pairs,
    refused_port, requests, truncating_server,
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

/// A Rails JSON response: `render :json` always adds the charset.
fn rails_json(status: u16, body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json; charset=utf-8")
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
    Mock::given(method("GET"))
        .and(path("/userfiles/12"))
        .and(query_param("cbrain_api_token", "placeholder-vars-token"))
        .respond_with(rails_json(200, &userfile_json(12, "sub-01_T1w.nii.gz")))
        .expect(1)
        .mount(&server)
        .await;
    let url = server.uri();
    let vars = HashMap::from([
        ("CBRAIN_URL", url.as_str()),
        ("CBRAIN_API_TOKEN", "placeholder-vars-token"),
    ]);

    let client =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect("a client");
    let userfile = client.userfiles().get(12).await.expect("the userfile");

    assert_eq!(userfile.id, Some(12));
}

// GET /userfiles

#[tokio::test]
async fn list_sends_page_per_page_and_the_token_and_returns_the_userfiles() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param("page", "2"))
        .and(query_param("per_page", "25"))
        .and(query_param("cbrain_api_token", TOKEN))
        .respond_with(rails_json(
            200,
            &json!([
                userfile_json(12, "sub-01_T1w.nii.gz"),
                userfile_json(13, "sub-02_T1w.nii.gz")
            ]),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    let request = only_request(&server).await;
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn list_without_options_sends_only_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .respond_with(rails_json(200, &json!([])))
        .mount(&server)
        .await;

    let userfiles = client(&server)
        .userfiles()
        .list()
        .send()
        .await
        .expect("a page");

    assert!(userfiles.is_empty());
    assert_eq!(
        query_pairs(&only_request(&server).await),
        vec![("cbrain_api_token".to_owned(), TOKEN.to_owned())]
    );
}

/// Mounts page `page` of `per_page` entries holding the userfiles `ids`.
async fn mount_page(server: &MockServer, page: u32, per_page: u32, ids: &[i64]) {
    let body: Vec<_> = ids
        .iter()
        .map(|id| userfile_json(*id, &format!("sub-{id:02}_T1w.nii.gz")))
        .collect();
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param("page", page.to_string()))
        .and(query_param("per_page", per_page.to_string()))
        .and(query_param("cbrain_api_token", TOKEN))
        .respond_with(rails_json(200, &json!(body)))
        .expect(1)
        .mount(server)
        .await;
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
    mount_page(&server, 1, 3, &[1, 2, 3]).await;
    mount_page(&server, 2, 3, &[4, 5, 6]).await;
    mount_page(&server, 3, 3, &[7]).await;
    // Never asked for: the short page 3 is the last.
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param("page", "4"))
        .respond_with(rails_json(200, &json!([])))
        .expect(0)
        .mount(&server)
        .await;

    let userfiles: Vec<Userfile> = client(&server)
        .userfiles()
        .list()
        .per_page(3)
        .stream()
        .try_collect()
        .await
        .expect("every page");

    assert_eq!(ids(&userfiles), vec![1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(requests(&server).await.len(), 3);
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
        let body: Vec<_> = ids
            .iter()
            .map(|id| userfile_json(*id, &format!("sub-{id:02}_T1w.nii.gz")))
            .collect();
        Mock::given(method("GET"))
            .and(path("/userfiles"))
            .and(query_param("page", page.to_string()))
            .and(query_param_is_missing("per_page"))
            .and(query_param("cbrain_api_token", TOKEN))
            .respond_with(rails_json(200, &json!(body)))
            .expect(1)
            .mount(&server)
            .await;
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
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn the_stream_ends_at_the_first_error() {
    let server = MockServer::start().await;
    mount_page(&server, 1, 2, &[1, 2]).await;
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;

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
}

#[tokio::test]
async fn an_undocumented_answer_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .respond_with(rails_json(200, &json!({"userfiles": []})))
        .mount(&server)
        .await;

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
    Mock::given(method("GET"))
        .and(path("/userfiles/12"))
        .and(query_param("cbrain_api_token", TOKEN))
        .respond_with(rails_json(200, &userfile_json(12, "sub-01_T1w.nii.gz")))
        .expect(1)
        .mount(&server)
        .await;

    let found = client(&server)
        .userfiles()
        .get(12)
        .await
        .expect("the userfile");

    assert_eq!(found, userfile(12, "sub-01_T1w.nii.gz"));
}

#[tokio::test]
async fn errors_keep_the_raw_body_whatever_it_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles/12"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userfiles/13"))
        .respond_with(rails_json(
            403,
            &json!({"error": "You don't have permission to access this page."}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userfiles/14"))
        .respond_with(ResponseTemplate::new(500).set_body_string("Internal Server Error"))
        .mount(&server)
        .await;
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
    // `update` answers `head :ok`.
    Mock::given(method("PUT"))
        .and(path("/userfiles/12"))
        .and(query_param("cbrain_api_token", TOKEN))
        .and(body_json(json!({"userfile": {
            "name": "sub-01_T1w_defaced.nii.gz",
            "description": "Defaced with pydeface 2.0.2",
            "type": "NiftiFile",
            "user_id": 7,
            "group_id": 6,
            "group_writable": true,
            "hidden": false,
            "immutable": true
        }})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

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
}

#[tokio::test]
async fn update_reports_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/userfiles/12"))
        .and(body_json(json!({"userfile": {"hidden": true}})))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("GET"))
        .and(path("/userfiles/12/content"))
        .and(query_param("cbrain_api_token", TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "content-disposition",
                    r#"attachment; filename="sub-01_T1w.nii.gz""#,
                )
                .set_body_raw(NIFTI_GZ, "application/gzip"),
        )
        .expect(1)
        .mount(&server)
        .await;

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
    let request = only_request(&server).await;
    assert_eq!(
        header_value(&request, "accept"),
        Some("application/*, text/*")
    );
}

#[tokio::test]
async fn content_reports_a_403_before_any_body_is_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles/12/content"))
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("GET"))
        .and(path("/userfiles/13/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/gzip"))
        .expect(1)
        .mount(&server)
        .await;
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
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .and(query_param("cbrain_api_token", TOKEN))
        .respond_with(rails_json(201, &json!({"notice": "File Uploaded"})))
        .expect(1)
        .mount(&server)
        .await;
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
    let request = only_request(&server).await;
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
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

    for mode in ["collection", "multiple"] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/userfiles"))
            .respond_with(rails_json(201, &json!({"notice": "Collection Uploaded"})))
            .mount(&server)
            .await;
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
        assert_eq!(
            multipart_parts(&only_request(&server).await).await,
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
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(rails_json(201, &json!({"notice": "File Uploaded"})))
        .expect(1)
        .mount(&server)
        .await;
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

    let request = only_request(&server).await;
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
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(ResponseTemplate::new(201).set_body_raw("<p>File Uploaded</p>", "text/html"))
        .mount(&server)
        .await;
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
    assert!(requests(&server).await.is_empty());
}

// The operations on several userfiles

#[tokio::test]
async fn move_to_provider_sends_the_ids_and_the_target_data_provider() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/userfiles/change_provider"))
        .and(query_param("cbrain_api_token", TOKEN))
        .and(body_json(
            json!({"file_ids": ["12", "13"], "data_provider_id_for_mv_cp": 9}),
        ))
        .respond_with(rails_json(
            200,
            &json!({"success_list": [12, 13], "failed_list": []}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .userfiles()
        .move_to_provider([12, 13], 9)
        .await
        .expect("moving");
}

#[tokio::test]
async fn compress_uncompress_and_delete_send_only_the_ids() {
    let server = MockServer::start().await;
    for (verb, route) in [
        ("POST", "/userfiles/compress"),
        ("POST", "/userfiles/uncompress"),
        ("DELETE", "/userfiles/delete_files"),
    ] {
        Mock::given(method(verb))
            .and(path(route))
            .and(query_param("cbrain_api_token", TOKEN))
            .and(body_json(json!({"file_ids": ["12", "14"]})))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
    }
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

    let delete = requests(&server).await.remove(2);
    assert_eq!(delete.method.as_str(), "DELETE");
    assert_eq!(
        header_value(&delete, "content-type"),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_failed_bulk_operation_names_its_request() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/userfiles/delete_files"))
        .respond_with(rails_json(
            422,
            &json!({"error": "Some files could not be deleted"}),
        ))
        .mount(&server)
        .await;

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
    Mock::given(method("POST"))
        .and(path("/userfiles/download"))
        .and(query_param("cbrain_api_token", TOKEN))
        .and(body_json(
            json!({"file_ids": ["12", "13"], "specified_filename": "sub-01_all"}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "content-disposition",
                    r#"attachment; filename="sub-01_all.tar.gz""#,
                )
                .set_body_raw(NIFTI_GZ, "application/x-gtar"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let archive = client(&server)
        .userfiles()
        .download([12, 13], Some("sub-01_all".into()))
        .send()
        .await
        .expect("the archive");

    assert_eq!(archive.content_type(), Some("application/x-gtar"));
    assert_eq!(archive.bytes().await.expect("the body").as_ref(), NIFTI_GZ);
    let request = only_request(&server).await;
    assert_eq!(
        header_value(&request, "accept"),
        Some("application/*, text/*")
    );
}

#[tokio::test]
async fn download_without_a_name_sends_only_the_ids_and_reports_a_403() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/userfiles/download"))
        .and(body_json(json!({"file_ids": ["12"]})))
        .respond_with(rails_json(
            403,
            &json!({"error": "You don't have permission to access this page."}),
        ))
        .expect(1)
        .mount(&server)
        .await;

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
    Mock::given(method("POST"))
        .and(path("/userfiles/sync_multiple"))
        .and(query_param("cbrain_api_token", TOKEN))
        .and(body_json(json!({"file_ids": ["12", "13"]})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    for wire in ["sync_local", "all_newer"] {
        Mock::given(method("POST"))
            .and(path("/userfiles/sync_multiple"))
            .and(body_json(json!({"file_ids": ["14"], "operation": wire})))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
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
    Mock::given(method("GET"))
        .and(path("/userfiles/12"))
        .respond_with(
            rails_json(200, &userfile_json(12, "sub-01_T1w.nii.gz"))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(
            rails_json(201, &json!({"notice": "File Uploaded"})).set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
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
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .respond_with(rails_json(
            200,
            &json!([userfile_json(12, "sub-01_T1w.nii.gz")]),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(rails_json(201, &json!({"notice": "File Uploaded"})))
        .mount(&server)
        .await;
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
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param_is_missing("cbrain_api_token"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client");

    let error = client.userfiles().list().send().await.expect_err("401");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}
