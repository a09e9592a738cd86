//! The o²S²PARC storage facade against a local server: every method's request (method, path,
//! query, body) and decoded result, the user id, envelopes that hold errors, typed errors,
//! from_vars.
#![cfg(all(feature = "osparc-storage", feature = "mock"))]

use std::collections::HashMap;

use serde_json::{Value, json};
use specfleet::osparc_storage::generated::apis::default_api::{
    CheckActionPostError, DownloadFileError, GetFileMetadataError,
};
use specfleet::osparc_storage::generated::models::{
    CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest, DatasetMetaDataArrayEnveloped,
    FakeEnveloped, FileLocationArrayEnveloped, FileMetaDataArrayEnveloped, FileMetaDataEnveloped,
    HealthCheckEnveloped, PresignedLinkEnveloped, TableSynchronisationEnveloped,
};
use specfleet::osparc_storage::mock::{MockServer, Response};
use specfleet::osparc_storage::{
    Client, DatasetMetaData, ErrorEnveloped, Fake, FileLocation, FileMetaData, HealthCheck,
    PresignedLink, Project, TableSynchronisation,
};
use specfleet::{ErrorBody, ErrorKind};
use wiremock::Request;

use support::{header_value, only_request};

mod support;

const USER: i64 = 42;
const PROJECT: &str = "9f4c4b8e-2d0a-4b0e-8d3e-6f1a2b3c4d5e";
const NODE: &str = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
/// A simcore S3 file id: `<project>/<node>/<name>`, sent as one percent-encoded path segment.
const FILE_ID: &str =
    "9f4c4b8e-2d0a-4b0e-8d3e-6f1a2b3c4d5e/1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d/output.csv";
const FILE_SEGMENT: &str =
    "9f4c4b8e-2d0a-4b0e-8d3e-6f1a2b3c4d5e%2F1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d%2Foutput.csv";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client")
}

/// A presigned link in its envelope.
fn presigned(link: &str) -> PresignedLinkEnveloped {
    PresignedLinkEnveloped::new(PresignedLink::new(link.into()), None)
}

fn assert_request(request: &Request, verb: &str, request_path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(request.url.path(), request_path);
    assert_eq!(request.url.query(), query);
}

fn location(name: &str, id: i32) -> FileLocation {
    let mut location = FileLocation::new();
    location.name = Some(name.into());
    location.id = Some(id);
    location
}

fn file_json() -> Value {
    json!({
        "file_uuid": FILE_ID,
        "location_id": "0",
        "location": "simcore.s3",
        "bucket_name": "simcore",
        "object_name": FILE_ID,
        "project_id": PROJECT,
        "project_name": "Cardiac electrophysiology",
        "node_id": NODE,
        "node_name": "postprocessing",
        "file_name": "output.csv",
        "user_id": "42",
        "user_name": "alice",
        "file_id": FILE_ID,
        "raw_file_path": FILE_ID,
        "display_file_path": "Cardiac electrophysiology/postprocessing/output.csv",
        "created_at": "2021-09-27 10:12:03.123456",
        "last_modified": "2021-09-27T10:12:04+00:00",
        "file_size": 7_340_032,
        "entity_tag": "\"5d41402abc4b2a76b9719d911017c592\""
    })
}

fn file() -> FileMetaData {
    serde_json::from_value(file_json()).expect("a FileMetaData")
}

fn project_json(uuid: &str, name: &str) -> Value {
    json!({
        "uuid": uuid,
        "name": name,
        "description": "Action potential propagation in a ventricular slab",
        "prjOwner": "alice@example.com",
        "accessRights": {"3": {"read": true, "write": true, "delete": true}},
        "creationDate": "2021-09-20T08:00:00.000Z",
        "lastChangeDate": "2021-09-27T10:00:00.000Z",
        "thumbnail": "",
        "workbench": {
            NODE: {"key": "simcore/services/comp/itis/sleeper", "version": "2.0.2", "label": "sleeper"}
        }
    })
}

fn error_envelope(status: u16, code: &str, message: &str) -> Value {
    json!({
        "data": null,
        "error": {
            "logs": [{"level": "ERROR", "message": message, "logger": "simcore_service_storage"}],
            "errors": [{"code": code, "message": message}],
            "status": status
        }
    })
}

#[tokio::test]
async fn locations_list_sends_the_user_id_as_a_string_and_returns_the_data() {
    let server = MockServer::start().await;
    server
        .get_storage_locations()
        .respond(&FileLocationArrayEnveloped::new(
            vec![location("simcore.s3", 0), location("datcore", 1)],
            None,
        ))
        .times(1);

    let locations = client(&server)
        .user(USER)
        .locations()
        .into_data()
        .await
        .expect("locations");

    assert_eq!(
        locations,
        vec![location("simcore.s3", 0), location("datcore", 1)]
    );
    assert_request(
        &only_request(server.received_requests().await),
        "GET",
        "/v0/locations",
        Some("user_id=42"),
    );
}

#[tokio::test]
async fn sync_sends_no_option_unless_set() {
    let server = MockServer::start().await;
    let mut expected = TableSynchronisation::new(vec![format!("{PROJECT}/{NODE}/stale.h5")]);
    expected.dry_run = Some(true);
    expected.fire_and_forget = Some(false);
    server
        .synchronise_meta_data_table("0")
        .respond(&TableSynchronisationEnveloped::new(expected.clone(), None))
        .times(2);
    let client = client(&server);

    let report = client.synchronise(0).into_data().await.expect("a dry run");
    client
        .synchronise(0)
        .dry_run(false)
        .fire_and_forget(true)
        .into_data()
        .await
        .expect("a real run");

    assert_eq!(report, expected);
    let requests = server.received_requests().await;
    // The server applies the spec's defaults (a dry run, waited for): none is sent.
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(
        requests[1].url.query(),
        Some("dry_run=false&fire_and_forget=true")
    );
    assert!(
        requests.iter().all(|request| request.body.is_empty()
            && header_value(request, "content-length") == Some("0"))
    );
}

#[tokio::test]
async fn files_lists_the_metadata_with_and_without_a_uuid_filter() {
    let server = MockServer::start().await;
    server
        .get_files_metadata("0")
        .respond(&FileMetaDataArrayEnveloped::new(vec![file()], None))
        .times(2);
    let alice = client(&server);
    let alice = alice.user(USER);

    let all = alice
        .location(0)
        .files()
        .into_data()
        .await
        .expect("all files");
    let filtered = alice
        .location(0)
        .files()
        .uuid_filter(PROJECT)
        .into_data()
        .await
        .expect("the project's files");

    assert_eq!(all, vec![file()]);
    assert_eq!(filtered[0].file_size, Some(7_340_032));
    let requests = server.received_requests().await;
    assert_eq!(requests[0].url.query(), Some("user_id=42"));
    assert_eq!(
        requests[1].url.query(),
        Some(format!("user_id=42&uuid_filter={PROJECT}").as_str())
    );
}

#[tokio::test]
async fn file_metadata_sends_the_file_id_as_one_encoded_segment() {
    let server = MockServer::start().await;
    server
        .get_file_metadata(FILE_ID, "0")
        .respond(&FileMetaDataEnveloped::new(file(), None))
        .times(1);

    let metadata = client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .metadata()
        .into_data()
        .await
        .expect("metadata");

    assert_eq!(metadata, file());
    assert_eq!(metadata.node_name.as_deref(), Some("postprocessing"));
    assert_request(
        &only_request(server.received_requests().await),
        "GET",
        &format!("/v0/locations/0/files/{FILE_SEGMENT}/metadata"),
        Some("user_id=42"),
    );
}

#[tokio::test]
async fn update_metadata_patches_the_json_body_without_a_user_id() {
    let server = MockServer::start().await;
    let mut changed = file_json();
    changed["node_name"] = json!("Postprocessing (v2)");
    let mut update = file();
    update.node_name = Some("Postprocessing (v2)".into());
    server
        .update_file_meta_data(FILE_ID, "0")
        .respond(&FileMetaDataEnveloped::new(update.clone(), None))
        .times(1);

    let stored = client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .update_metadata()
        .file_meta_data(update.clone())
        .into_data()
        .await
        .expect("stored metadata");

    assert_eq!(stored, update);
    let request = only_request(server.received_requests().await);
    assert_request(
        &request,
        "PATCH",
        &format!("/v0/locations/0/files/{FILE_SEGMENT}/metadata"),
        None,
    );
    assert_eq!(request.body_json::<Value>().expect("a JSON body"), changed);
}

#[tokio::test]
async fn upload_link_sends_the_copy_options_only_when_set() {
    let server = MockServer::start().await;
    server
        .upload_file(FILE_ID, "0")
        .respond(&presigned(
            "https://s3.example.com/simcore/9f4c4b8e?X-Amz-Signature=abc",
        ))
        .times(1);
    server
        .upload_file("N:dataset:7d8a5a6f/output.csv", "1")
        .respond(&presigned("N:package:3c1d2e6a"))
        .times(1);
    let alice = client(&server);
    let alice = alice.user(USER);

    let upload = alice
        .location(0)
        .file(FILE_ID)
        .upload_link()
        .into_data()
        .await
        .expect("an upload link");
    let copy = alice
        .location(1)
        .file("N:dataset:7d8a5a6f/output.csv")
        .upload_link()
        .extra_location("0")
        .extra_source(FILE_ID)
        .into_data()
        .await
        .expect("a copy to datcore");

    assert_eq!(
        upload.link,
        "https://s3.example.com/simcore/9f4c4b8e?X-Amz-Signature=abc"
    );
    assert_eq!(copy.link, "N:package:3c1d2e6a");
    let requests = server.received_requests().await;
    assert_eq!(
        requests[0].url.path(),
        format!("/v0/locations/0/files/{FILE_SEGMENT}")
    );
    assert_eq!(
        requests[1].url.path(),
        "/v0/locations/1/files/N%3Adataset%3A7d8a5a6f%2Foutput.csv"
    );
    assert_eq!(requests[0].url.query(), Some("user_id=42"));
    assert_eq!(
        requests[1].url.query(),
        Some(format!("user_id=42&extra_location=0&extra_source={FILE_SEGMENT}").as_str())
    );
}

#[tokio::test]
async fn download_link_returns_the_presigned_link() {
    let server = MockServer::start().await;
    server
        .download_file(FILE_ID, "0")
        .respond(&presigned(
            "https://s3.example.com/simcore/9f4c4b8e/output.csv?X-Amz-Expires=3600",
        ))
        .times(1);

    let link = client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .download_link()
        .into_data()
        .await
        .expect("a link");

    assert_eq!(
        link.link,
        "https://s3.example.com/simcore/9f4c4b8e/output.csv?X-Amz-Expires=3600"
    );
    assert_request(
        &only_request(server.received_requests().await),
        "GET",
        &format!("/v0/locations/0/files/{FILE_SEGMENT}"),
        Some("user_id=42"),
    );
}

#[tokio::test]
async fn delete_file_accepts_no_content() {
    let server = MockServer::start().await;
    server.delete_file(FILE_ID, "0").respond().times(1);

    client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .delete()
        .await
        .expect("deleted");

    assert_request(
        &only_request(server.received_requests().await),
        "DELETE",
        &format!("/v0/locations/0/files/{FILE_SEGMENT}"),
        Some("user_id=42"),
    );
}

#[tokio::test]
async fn datasets_and_the_files_of_one_dataset() {
    let server = MockServer::start().await;
    let mut heart = DatasetMetaData::new();
    heart.dataset_id = Some("N:dataset:7d8a5a6f".into());
    heart.display_name = Some("Rat heart MRI".into());
    let mut vagus = DatasetMetaData::new();
    vagus.dataset_id = Some("N:dataset:1b2c3d4e".into());
    vagus.display_name = Some("Vagus nerve recordings".into());
    server
        .get_datasets_metadata("1")
        .respond(&DatasetMetaDataArrayEnveloped::new(
            vec![heart.clone(), vagus],
            None,
        ))
        .times(1);
    server
        .get_files_metadata_dataset("1", "N:dataset:7d8a5a6f")
        .respond(&FileMetaDataArrayEnveloped::new(vec![file()], None))
        .times(1);
    let client = client(&server);
    let datcore = client.user(USER).location(1);

    let datasets = datcore.datasets().into_data().await.expect("datasets");
    let files = datcore
        .dataset_files("N:dataset:7d8a5a6f")
        .into_data()
        .await
        .expect("the dataset's files");

    assert_eq!(datasets[0], heart);
    assert_eq!(datasets.len(), 2);
    assert_eq!(files, vec![file()]);
    let requests = server.received_requests().await;
    assert_eq!(
        requests[1].url.path(),
        "/v0/locations/1/datasets/N%3Adataset%3A7d8a5a6f/metadata"
    );
    assert!(
        requests
            .iter()
            .all(|request| request.url.query() == Some("user_id=42"))
    );
}

#[tokio::test]
async fn soft_copy_sends_the_integer_user_id_and_the_link_id() {
    let server = MockServer::start().await;
    let link_id = "api/5e1f0000-0000-4000-8000-00000000000a/output.csv".to_owned();
    let mut linked = file();
    linked.file_id = Some(link_id.clone());
    server
        .copy_as_soft_link(FILE_ID)
        .respond(&FileMetaDataEnveloped::new(linked, None))
        .times(1);

    let link = client(&server)
        .user(USER)
        .soft_copy(FILE_ID)
        .copy_as_soft_link_request(CopyAsSoftLinkRequest::new(link_id.clone()))
        .into_data()
        .await
        .expect("a soft link");

    assert_eq!(link.file_id.as_deref(), Some(link_id.as_str()));
    let request = only_request(server.received_requests().await);
    assert_request(
        &request,
        "POST",
        &format!("/v0/files/{FILE_SEGMENT}:soft-copy"),
        Some("user_id=42"),
    );
    assert_eq!(
        request.body_json::<Value>().expect("a JSON body"),
        json!({"link_id": link_id})
    );
}

#[tokio::test]
async fn search_sends_the_prefix() {
    let server = MockServer::start().await;
    server
        .search_files_starting_with()
        .respond(&FileMetaDataArrayEnveloped::new(vec![file()], None))
        .times(1);

    let found = client(&server)
        .user(USER)
        .search()
        .startswith(format!("{PROJECT}/"))
        .into_data()
        .await
        .expect("matches");

    assert_eq!(found, vec![file()]);
    assert_request(
        &only_request(server.received_requests().await),
        "POST",
        "/v0/simcore-s3/files/metadata:search",
        Some(format!("user_id=42&startswith={PROJECT}%2F").as_str()),
    );
}

#[tokio::test]
async fn copy_folders_posts_both_projects_and_the_node_map() {
    let server = MockServer::start().await;
    let source = project_json(PROJECT, "Cardiac template");
    let destination = project_json("b0b0cafe-0000-4000-8000-000000000001", "Cardiac (copy)");
    let parse = |json: &Value| serde_json::from_value::<Project>(json.clone()).expect("a Project");
    server
        .copy_folders_from_project()
        .respond(&parse(&destination))
        .times(1);

    let mut copy = CopyFoldersFromProjectRequest::new();
    copy.source = Some(Box::new(parse(&source)));
    copy.destination = Some(Box::new(parse(&destination)));
    copy.nodes_map = Some(HashMap::from([(
        NODE.to_owned(),
        "5e1f0000-0000-4000-8000-00000000000b".to_owned(),
    )]));

    let copied = client(&server)
        .user(USER)
        .copy_project_folders()
        .copy_folders_from_project_request(copy)
        .await
        .expect("the copy");

    assert_eq!(copied, parse(&destination));
    assert_eq!(copied.name, "Cardiac (copy)");
    let request = only_request(server.received_requests().await);
    assert_request(
        &request,
        "POST",
        "/v0/simcore-s3/folders",
        Some("user_id=42"),
    );
    assert_eq!(
        request.body_json::<Value>().expect("a JSON body"),
        json!({
            "source": source,
            "destination": destination,
            "nodes_map": {NODE: "5e1f0000-0000-4000-8000-00000000000b"}
        })
    );
}

#[tokio::test]
async fn delete_folders_of_a_project_or_of_one_node() {
    let server = MockServer::start().await;
    server.delete_folders_of_project(PROJECT).respond().times(2);
    let client = client(&server);
    let alice = client.user(USER);

    alice
        .delete_project_folders(PROJECT)
        .await
        .expect("the project's data deleted");
    alice
        .delete_project_folders(PROJECT)
        .node_id(NODE)
        .await
        .expect("one node's data deleted");

    let requests = server.received_requests().await;
    assert_eq!(requests[0].url.query(), Some("user_id=42"));
    assert_eq!(
        requests[1].url.query(),
        Some(format!("user_id=42&node_id={NODE}").as_str())
    );
}

#[tokio::test]
async fn delete_folders_errors_are_not_typed_since_the_spec_documents_none() {
    let server = MockServer::start().await;
    let body = error_envelope(500, "S3Error", "bucket unreachable");
    server
        .delete_folders_of_project(PROJECT)
        .respond_error(500, &body)
        .times(1);

    let error = client(&server)
        .user(USER)
        .delete_project_folders(PROJECT)
        .await
        .expect_err("500");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(error.body(), Some(&ErrorBody::Json(body)));
}

#[tokio::test]
async fn health_check_and_status_need_no_user() {
    let server = MockServer::start().await;
    let mut expected = HealthCheck::new();
    expected.name = Some("simcore-service-storage".into());
    expected.status = Some("SERVICE_RUNNING".into());
    expected.api_version = Some("0.2.1".into());
    expected.version = Some("0.2.1".into());
    server
        .health_check()
        .respond(&HealthCheckEnveloped::new(expected.clone(), None))
        .times(1);
    // The spec describes no body for the status; the service sends this one.
    server
        .get_status()
        .respond_with(Response::new(200).json(&json!({
            "app_name": "simcore-service-storage",
            "services": {"postgres": {"healthy": "connected"}, "s3": {"healthy": "connected"}}
        })))
        .times(1);
    let client = client(&server);

    let health = client.health().into_data().await.expect("health");
    client.status().await.expect("status");

    assert_eq!(health, expected);
    let requests = server.received_requests().await;
    assert!(requests.iter().all(|request| request.url.query().is_none()));
}

#[tokio::test]
async fn a_failing_status_is_a_retryable_untyped_error() {
    let server = MockServer::start().await;
    server
        .get_status()
        .respond_with(Response::new(503).body("text/plain", "postgres is down"))
        .times(1);

    let error = client(&server).status().await.expect_err("503");

    assert!(error.is_retryable());
    assert_eq!(
        error.body(),
        Some(&ErrorBody::Text("postgres is down".into()))
    );
    assert_eq!(
        error.to_string(),
        "GET /status: the server answered 503 Service Unavailable: postgres is down"
    );
}

#[tokio::test]
async fn check_echoes_the_data_and_the_body() {
    let server = MockServer::start().await;
    let fake = json!({
        "path_value": "echo",
        "query_value": "ping",
        "body_value": {"answer": 42, "tags": ["a", "b"]}
    });
    let sent: Fake = serde_json::from_value(fake.clone()).expect("a Fake");
    server
        .check_action_post("echo")
        .respond(&FakeEnveloped::new(sent.clone(), None))
        .times(1);

    let echoed = client(&server)
        .check("echo")
        .data("ping")
        .fake(sent.clone())
        .into_data()
        .await
        .expect("the echo");

    assert_eq!(echoed, sent);
    let request = only_request(server.received_requests().await);
    assert_request(&request, "POST", "/v0/check/echo", Some("data=ping"));
    assert_eq!(request.body_json::<Value>().expect("a JSON body"), fake);
}

#[tokio::test]
async fn check_fail_is_a_typed_error() {
    let server = MockServer::start().await;
    let body = error_envelope(500, "RuntimeError", "this is a test failure");
    server
        .check_action_post("fail")
        .respond_error(500, &body)
        .times(1);

    let error = client(&server)
        .check("fail")
        .send()
        .await
        .expect_err("the server fails on request");

    let expected: ErrorEnveloped = serde_json::from_value(body).expect("an ErrorEnveloped");
    assert_eq!(
        error.typed(),
        Some(&CheckActionPostError::DefaultResponse(expected))
    );
    assert_eq!(error.route(), "/check/{action}");
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /check/{action}: the server answered 500 Internal Server Error: this is a test failure"
    );
    let request = only_request(server.received_requests().await);
    assert_request(&request, "POST", "/v0/check/fail", None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn an_error_answer_is_typed_as_the_error_envelope() {
    let server = MockServer::start().await;
    let body = error_envelope(404, "FileNotFound", "File output.csv was not found");
    server
        .download_file(FILE_ID, "0")
        .respond_error(404, &body)
        .times(1);

    let error = client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .download_link()
        .into_data()
        .await
        .expect_err("404");

    let expected: ErrorEnveloped = serde_json::from_value(body).expect("an ErrorEnveloped");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(
        error.typed(),
        Some(&DownloadFileError::DefaultResponse(expected))
    );
    assert_eq!(error.route(), "/locations/{location_id}/files/{fileId}");
}

#[tokio::test]
async fn a_2xx_envelope_with_an_error_and_no_data_is_an_error() {
    let server = MockServer::start().await;
    let body = error_envelope(404, "FileNotFound", "File output.csv was not found");
    server
        .get_file_metadata(FILE_ID, "0")
        .respond_with(Response::new(200).json(&body))
        .times(1);

    let error = client(&server)
        .user(USER)
        .location(0)
        .file(FILE_ID)
        .metadata()
        .into_data()
        .await
        .expect_err("an error envelope");

    let expected: ErrorEnveloped = serde_json::from_value(body).expect("an ErrorEnveloped");
    assert!(
        matches!(error.kind(), ErrorKind::Status { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert_eq!(
        error.typed(),
        Some(&GetFileMetadataError::DefaultResponse(expected))
    );
    assert_eq!(
        error.to_string(),
        "GET /locations/{location_id}/files/{fileId}/metadata: the server answered 200 OK: \
         File output.csv was not found"
    );
}

#[tokio::test]
async fn a_2xx_envelope_with_an_unexpected_error_keeps_it_as_json() {
    let server = MockServer::start().await;
    let body = json!({"data": null, "error": "storage is being migrated"});
    server
        .get_storage_locations()
        .respond_with(Response::new(200).json(&body))
        .times(1);

    let error = client(&server)
        .user(USER)
        .locations()
        .into_data()
        .await
        .expect_err("an error envelope");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_eq!(error.body(), Some(&ErrorBody::Json(body)));
}

#[tokio::test]
async fn a_2xx_envelope_without_data_or_error_is_a_decode_error() {
    let server = MockServer::start().await;
    server
        .get_storage_locations()
        .respond_with(Response::new(200).json(&json!({"data": null, "error": null})))
        .times(1);

    let error = client(&server)
        .user(USER)
        .locations()
        .into_data()
        .await
        .expect_err("no data");

    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn each_user_is_named_per_call_and_the_client_is_shared() {
    let server = MockServer::start().await;
    server
        .search_files_starting_with()
        .respond(&FileMetaDataArrayEnveloped::new(vec![], None))
        .times(2);
    let client = client(&server);

    client
        .user(7)
        .search()
        .startswith("")
        .into_data()
        .await
        .expect("bob's");
    client
        .user(USER)
        .search()
        .startswith("")
        .into_data()
        .await
        .expect("alice's");

    let requests = server.received_requests().await;
    assert_eq!(requests[0].url.query(), Some("user_id=7&startswith="));
    assert_eq!(requests[1].url.query(), Some("user_id=42&startswith="));
}

#[tokio::test]
async fn a_file_id_that_cannot_be_one_segment_is_refused() {
    let server = MockServer::start().await;

    let error = client(&server)
        .user(USER)
        .location(0)
        .file("..")
        .delete()
        .await
        .expect_err("..");

    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument(_)),
        "{error:?}"
    );
    let requests = server.received_requests().await;
    assert!(requests.is_empty(), "{requests:#?}");
}

#[tokio::test]
async fn from_vars_reads_the_url() {
    let server = MockServer::start().await;
    server
        .get_storage_locations()
        .respond(&FileLocationArrayEnveloped::new(
            vec![location("simcore.s3", 0)],
            None,
        ))
        .times(1);
    let url = server.uri();
    let vars = HashMap::from([("OSPARC_STORAGE_URL", url.as_str())]);

    let client =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect("a client");
    let locations = client
        .user(1234)
        .locations()
        .into_data()
        .await
        .expect("locations");

    assert_eq!(client.base_url(), url);
    assert_eq!(locations.len(), 1);
    assert_request(
        &only_request(server.received_requests().await),
        "GET",
        "/v0/locations",
        Some("user_id=1234"),
    );
}

#[test]
fn from_vars_refuses_a_url_that_is_not_one() {
    let vars = HashMap::from([("OSPARC_STORAGE_URL", "storage.local/v0")]);

    let error =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect_err("not a URL");

    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument(message) if message.contains("storage.local/v0")),
        "{error:?}"
    );
}
