//! oSPARC storage (no authentication): all 17 operations with their optional parameters absent
//! and present, the seed's defaults sent explicitly, file ids that need percent-encoding, the
//! colon paths (`:soft-copy`, `:sync`, `:search`), and every documented status decoded: the
//! `{data, error}` envelopes, the bodiless 200 and 204s, and the `default` error envelope.
//!
//! Maps the client holds as `HashMap` (`Fake.body_value`, the free-form `Project` objects,
//! `nodes_map`) get at most one key here: with several, their order on the wire and in `{:#?}`
//! would change from run to run and so would the snapshots.

use serde_json::{Value, json};
use specfleet_osparc_storage::apis::default_api;
use specfleet_osparc_storage::models::{
    CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest, Fake, FileMetaData, Project,
};
use specfleet_osparc_storage::{Client, ErrorKind};
use wiremock::{MockServer, Request, ResponseTemplate};

use crate::support::{assert_decoded_snapshot, assert_request_snapshot, only_request, serve};

const USER_ID: &str = "42";
/// The same user where the spec types `user_id` as an integer.
const USER_ID_NUMBER: i64 = 42;
const SIMCORE_S3: &str = "0";
const DATCORE: &str = "1";
const PROJECT_ID: &str = "5f2b7c1e-8d3a-4b6f-9e2c-1a7d4c8b0e93";
const NODE_ID: &str = "b9c4e2a7-3f1d-4c8e-a6b5-2d9f0e7c1a48";
const COPY_PROJECT_ID: &str = "0d6e3b58-9a1c-4f27-8e45-7c2b9d1f6a03";
const COPY_NODE_ID: &str = "e4a81f3c-6b2d-4d9e-9f70-58c1a2b3d4e6";
const DATASET_ID: &str = "N:dataset:ea2325d8-46d7-4fbd-a644-30f6433070b4";
/// A simcore.s3 file id: `<project>/<node>/<file name>`.
const FILE_ID: &str =
    "5f2b7c1e-8d3a-4b6f-9e2c-1a7d4c8b0e93/b9c4e2a7-3f1d-4c8e-a6b5-2d9f0e7c1a48/output.csv";
/// A file id with `/`, a space, `#`, `?`, `%` and non-ASCII: all of it must stay one segment.
const AWKWARD_FILE_ID: &str = "5f2b7c1e-8d3a-4b6f-9e2c-1a7d4c8b0e93/b9c4e2a7-3f1d-4c8e-a6b5-2d9f0e7c1a48/MRI scan #3? 50% Zürich.nii";
/// A datcore file id: `<dataset>/<file name>` (colons and a slash).
const DATCORE_FILE_ID: &str = "N:dataset:ea2325d8-46d7-4fbd-a644-30f6433070b4/output.csv";

fn client(server: &MockServer) -> Client {
    specfleet_osparc_storage::client()
        .base_url(format!("{}/v0", server.uri()))
        .build()
        .expect("a client")
}

/// The `default` error answer of every operation that documents one (`ErrorEnveloped`), as the
/// aiohttp server of oSPARC sends it.
fn error_enveloped(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "data": null,
        "error": {
            "logs": [{"level": "ERROR", "message": message, "logger": "user"}],
            "errors": [{"code": code, "message": message}],
            "status": status
        }
    }))
}

/// A success answer: `{"data": data, "error": null}`.
fn enveloped(status: u16, data: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"data": data, "error": null}))
}

fn file_meta_data(file_uuid: &str, file_name: &str) -> Value {
    json!({
        "file_uuid": file_uuid,
        "location_id": SIMCORE_S3,
        "location": "simcore.s3",
        "bucket_name": "master-simcore",
        "object_name": file_uuid,
        "project_id": PROJECT_ID,
        "project_name": "Brain MRI segmentation",
        "node_id": NODE_ID,
        "node_name": "sleeper",
        "file_name": file_name,
        "user_id": USER_ID,
        "user_name": "alice",
        "file_id": file_uuid,
        "raw_file_path": file_uuid,
        "display_file_path": format!("Brain MRI segmentation/sleeper/{file_name}"),
        "created_at": "2021-03-16T14:05:11.927Z",
        "last_modified": "2021-03-16T14:05:12.318Z",
        "file_size": 73_422,
        "parent_id": format!("{PROJECT_ID}/{NODE_ID}"),
        "entity_tag": "\"8f14e45fceea167a5a36dedd4bea2543\""
    })
}

fn presigned_link(method: &str, file_uuid: &str) -> Value {
    json!({
        "link": format!(
            "https://master-simcore.s3.amazonaws.com/{file_uuid}?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=EXAMPLEKEY%2F20210316%2Fus-east-1%2Fs3%2Faws4_request\
             &X-Amz-Date=20210316T140511Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=placeholder-signature-for-{method}"
        )
    })
}

/// An oSPARC project with one node in its workbench.
fn project(uuid: &str, node_id: &str, name: &str, state: Value) -> Value {
    json!({
        "uuid": uuid,
        "name": name,
        "description": "Segmentation of T1-weighted MRI scans",
        "prjOwner": "alice@example.org",
        "accessRights": {"3": {"read": true, "write": true, "delete": true}},
        "creationDate": "2021-03-15T09:30:12.456Z",
        "lastChangeDate": "2021-03-16T14:02:45.001Z",
        "thumbnail": "https://example.org/thumbnails/brain-mri.png",
        "workbench": {
            node_id: {
                "key": "simcore/services/comp/itis/sleeper",
                "version": "1.0.0",
                "label": "sleeper",
                "inputs": {"input_2": 2},
                "inputNodes": [],
                "outputs": {"output_1": {"store": 0, "path": format!("{uuid}/{node_id}/output.csv")}},
                "progress": 100
            }
        },
        "ui": {"workbench": {node_id: {"position": {"x": 250, "y": 100}}}},
        "tags": [7],
        "classifiers": ["RRID:SCR_018997"],
        "dev": {},
        "state": state,
        "quality": {}
    })
}

fn closed_project() -> Value {
    json!({"locked": {"value": false, "status": "CLOSED"}, "state": {"value": "NOT_STARTED"}})
}

/// Percent-decodes one path segment (the inverse of the client's encoding).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("ASCII hex digits");
            decoded.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).expect("a UTF-8 segment")
}

/// Asserts the request path segment by segment, each percent-decoded: a file id the client did
/// not encode would split into more segments (`/`) or cut the path short (`?`, `#`).
fn assert_decoded_path(request: &Request, expected: &[&str]) {
    let segments: Vec<String> = request
        .url
        .path_segments()
        .expect("an http URL")
        .map(percent_decode)
        .collect();
    assert_eq!(segments, expected, "path {}", request.url.path());
}

// --- requests ---------------------------------------------------------------------------------

#[tokio::test]
async fn check_action_post_sends_both_actions_with_and_without_data_and_body() {
    let fake = |action: &str| {
        Fake::new(
            action.into(),
            "ping & pong".into(),
            [(
                "attempt".to_owned(),
                json!({"number": 1, "at": "2021-03-16T14:05:11Z"}),
            )]
            .into(),
        )
    };
    let cases = [
        ("echo", "echo", None, None),
        (
            "echo_with_data_and_fake",
            "echo",
            Some("ping & pong"),
            Some(fake("echo")),
        ),
        ("fail", "fail", None, None),
        (
            "fail_with_data_and_fake",
            "fail",
            Some("ping & pong"),
            Some(fake("fail")),
        ),
    ];
    for (case, action, data, body) in cases {
        let echo = json!({"path_value": action, "query_value": "", "body_value": {}});
        let server = serve(enveloped(200, echo)).await;
        let client = client(&server);
        let mut call = default_api::check_action_post(&client, action);
        if let Some(data) = data {
            call = call.data(data);
        }
        if let Some(body) = body {
            call = call.fake(body);
        }
        call.await.expect("the echo");
        assert_request_snapshot!(format!("check_action_post__{case}"), &server);
    }
}

#[tokio::test]
async fn copy_as_soft_link_sends_the_file_id_before_the_colon_with_and_without_body() {
    let link = || enveloped(200, file_meta_data(FILE_ID, "output.csv"));
    let server = serve(link()).await;
    default_api::copy_as_soft_link(&client(&server), FILE_ID, USER_ID_NUMBER)
        .await
        .expect("the link metadata");
    assert_request_snapshot!("copy_as_soft_link__without_body", &server);

    let server = serve(link()).await;
    let body = CopyAsSoftLinkRequest::new(format!("api/{COPY_NODE_ID}/output.csv"));
    default_api::copy_as_soft_link(&client(&server), AWKWARD_FILE_ID, USER_ID_NUMBER)
        .copy_as_soft_link_request(body)
        .await
        .expect("the link metadata");
    assert_decoded_path(
        &only_request(&server).await,
        &["v0", "files", &format!("{AWKWARD_FILE_ID}:soft-copy")],
    );
    assert_request_snapshot!("copy_as_soft_link__encoded_file_id_with_link_id", &server);
}

#[tokio::test]
async fn copy_folders_from_project_sends_the_projects_and_the_nodes_map() {
    let destination = || {
        project(
            COPY_PROJECT_ID,
            COPY_NODE_ID,
            "Brain MRI segmentation (Copy)",
            closed_project(),
        )
    };
    let server = serve(ResponseTemplate::new(201).set_body_json(destination())).await;
    default_api::copy_folders_from_project(&client(&server), USER_ID_NUMBER)
        .await
        .expect("the destination project");
    assert_request_snapshot!("copy_folders_from_project__without_body", &server);

    let server = serve(ResponseTemplate::new(201).set_body_json(destination())).await;
    let source: Project = serde_json::from_value(project(
        PROJECT_ID,
        NODE_ID,
        "Brain MRI segmentation",
        closed_project(),
    ))
    .expect("a valid project");
    let destination: Project = serde_json::from_value(destination()).expect("a valid project");
    let mut body = CopyFoldersFromProjectRequest::new();
    body.source = Some(Box::new(source));
    body.destination = Some(Box::new(destination));
    body.nodes_map = Some([(NODE_ID.to_owned(), COPY_NODE_ID.to_owned())].into());
    default_api::copy_folders_from_project(&client(&server), USER_ID_NUMBER)
        .copy_folders_from_project_request(body)
        .await
        .expect("the destination project");
    assert_request_snapshot!("copy_folders_from_project__source_and_destination", &server);
}

#[tokio::test]
async fn delete_file_sends_the_encoded_file_id_as_one_segment() {
    let server = serve(ResponseTemplate::new(204)).await;
    default_api::delete_file(&client(&server), AWKWARD_FILE_ID, SIMCORE_S3, USER_ID)
        .await
        .expect("deleted");
    assert_decoded_path(
        &only_request(&server).await,
        &["v0", "locations", SIMCORE_S3, "files", AWKWARD_FILE_ID],
    );
    assert_request_snapshot!("delete_file__encoded_file_id", &server);
}

#[tokio::test]
async fn delete_folders_of_project_sends_the_node_id_only_when_given() {
    let cases = [("project", None), ("node", Some(NODE_ID))];
    for (case, node_id) in cases {
        let server = serve(ResponseTemplate::new(204)).await;
        let client = client(&server);
        let mut call = default_api::delete_folders_of_project(&client, PROJECT_ID, USER_ID);
        if let Some(node_id) = node_id {
            call = call.node_id(node_id);
        }
        call.await.expect("deleted");
        assert_request_snapshot!(format!("delete_folders_of_project__{case}"), &server);
    }
}

#[tokio::test]
async fn download_file_sends_the_encoded_file_id_as_one_segment() {
    let server = serve(enveloped(200, presigned_link("get", FILE_ID))).await;
    default_api::download_file(&client(&server), AWKWARD_FILE_ID, SIMCORE_S3, USER_ID)
        .await
        .expect("a link");
    assert_decoded_path(
        &only_request(&server).await,
        &["v0", "locations", SIMCORE_S3, "files", AWKWARD_FILE_ID],
    );
    assert_request_snapshot!("download_file__encoded_file_id", &server);
}

#[tokio::test]
async fn get_datasets_metadata_sends_the_location_and_user() {
    let server = serve(enveloped(200, json!([]))).await;
    default_api::get_datasets_metadata(&client(&server), DATCORE, USER_ID)
        .await
        .expect("the datasets");
    assert_request_snapshot!("get_datasets_metadata__datcore", &server);
}

#[tokio::test]
async fn get_file_metadata_sends_the_encoded_file_id_as_one_segment() {
    let server = serve(enveloped(200, file_meta_data(FILE_ID, "output.csv"))).await;
    default_api::get_file_metadata(&client(&server), AWKWARD_FILE_ID, SIMCORE_S3, USER_ID)
        .await
        .expect("the metadata");
    assert_decoded_path(
        &only_request(&server).await,
        &[
            "v0",
            "locations",
            SIMCORE_S3,
            "files",
            AWKWARD_FILE_ID,
            "metadata",
        ],
    );
    assert_request_snapshot!("get_file_metadata__encoded_file_id", &server);
}

#[tokio::test]
async fn get_files_metadata_sends_the_uuid_filter_only_when_given() {
    let cases = [
        ("without_uuid_filter", None),
        ("uuid_filter", Some(NODE_ID)),
    ];
    for (case, uuid_filter) in cases {
        let server = serve(enveloped(200, json!([]))).await;
        let client = client(&server);
        let mut call = default_api::get_files_metadata(&client, SIMCORE_S3, USER_ID);
        if let Some(uuid_filter) = uuid_filter {
            call = call.uuid_filter(uuid_filter);
        }
        call.await.expect("the files");
        assert_request_snapshot!(format!("get_files_metadata__{case}"), &server);
    }
}

#[tokio::test]
async fn get_files_metadata_dataset_sends_the_dataset_id_as_one_segment() {
    let server = serve(enveloped(200, json!([]))).await;
    default_api::get_files_metadata_dataset(&client(&server), DATCORE, DATASET_ID, USER_ID)
        .await
        .expect("the files");
    assert_decoded_path(
        &only_request(&server).await,
        &[
            "v0",
            "locations",
            DATCORE,
            "datasets",
            DATASET_ID,
            "metadata",
        ],
    );
    assert_request_snapshot!("get_files_metadata_dataset__datcore_dataset", &server);
}

#[tokio::test]
async fn get_status_sends_a_bare_get() {
    let server = serve(ResponseTemplate::new(200)).await;
    default_api::get_status(&client(&server))
        .await
        .expect("the status");
    assert_request_snapshot!("get_status__bare", &server);
}

#[tokio::test]
async fn get_storage_locations_sends_the_user() {
    let server = serve(enveloped(200, json!([]))).await;
    default_api::get_storage_locations(&client(&server), USER_ID)
        .await
        .expect("the locations");
    assert_request_snapshot!("get_storage_locations__user", &server);
}

#[tokio::test]
async fn health_check_gets_the_root_of_the_base_path() {
    let server = serve(enveloped(200, json!({"name": "simcore_service_storage"}))).await;
    default_api::health_check(&client(&server))
        .await
        .expect("the health check");
    assert_request_snapshot!("health_check__root", &server);
}

#[tokio::test]
async fn search_files_starting_with_sends_startswith_absent_default_and_given() {
    let cases = [
        ("without_startswith", None),
        ("default_startswith", Some("")),
        ("startswith", Some("5f2b7c1e-8d3a-4b6f-9e2c-1a7d4c8b0e93/")),
    ];
    for (case, startswith) in cases {
        let server = serve(enveloped(200, json!([]))).await;
        let client = client(&server);
        let mut call = default_api::search_files_starting_with(&client, USER_ID_NUMBER);
        if let Some(startswith) = startswith {
            call = call.startswith(startswith);
        }
        call.await.expect("the files");
        assert_request_snapshot!(format!("search_files_starting_with__{case}"), &server);
    }
}

#[tokio::test]
async fn synchronise_meta_data_table_sends_the_flags_absent_default_and_opposite() {
    let cases = [
        ("without_flags", None, None),
        ("seed_defaults", Some(true), Some(false)),
        ("opposite_flags", Some(false), Some(true)),
    ];
    for (case, dry_run, fire_and_forget) in cases {
        let server = serve(enveloped(200, json!({"removed": []}))).await;
        let client = client(&server);
        let mut call = default_api::synchronise_meta_data_table(&client, SIMCORE_S3);
        if let Some(dry_run) = dry_run {
            call = call.dry_run(dry_run);
        }
        if let Some(fire_and_forget) = fire_and_forget {
            call = call.fire_and_forget(fire_and_forget);
        }
        call.await.expect("the synchronisation");
        assert_request_snapshot!(format!("synchronise_meta_data_table__{case}"), &server);
    }
}

#[tokio::test]
async fn update_file_meta_data_sends_the_body_only_when_given() {
    let updated = || enveloped(200, file_meta_data(FILE_ID, "output.csv"));
    let server = serve(updated()).await;
    default_api::update_file_meta_data(&client(&server), FILE_ID, SIMCORE_S3)
        .await
        .expect("the metadata");
    assert_request_snapshot!("update_file_meta_data__without_body", &server);

    let server = serve(updated()).await;
    let mut body = FileMetaData::new();
    body.file_uuid = Some(AWKWARD_FILE_ID.into());
    body.location_id = Some(SIMCORE_S3.into());
    body.file_name = Some("MRI scan #3? 50% Zürich.nii".into());
    body.file_size = Some(52_428_800);
    body.last_modified = Some("2021-03-16T14:05:12.318Z".into());
    body.entity_tag = Some("\"d41d8cd98f00b204e9800998ecf8427e\"".into());
    default_api::update_file_meta_data(&client(&server), AWKWARD_FILE_ID, SIMCORE_S3)
        .file_meta_data(body)
        .await
        .expect("the metadata");
    assert_decoded_path(
        &only_request(&server).await,
        &[
            "v0",
            "locations",
            SIMCORE_S3,
            "files",
            AWKWARD_FILE_ID,
            "metadata",
        ],
    );
    assert_request_snapshot!("update_file_meta_data__encoded_file_id_with_body", &server);
}

#[tokio::test]
async fn upload_file_sends_the_extra_location_and_source_only_when_given() {
    let server = serve(enveloped(200, presigned_link("put", FILE_ID))).await;
    default_api::upload_file(&client(&server), AWKWARD_FILE_ID, SIMCORE_S3, USER_ID)
        .await
        .expect("a link");
    assert_decoded_path(
        &only_request(&server).await,
        &["v0", "locations", SIMCORE_S3, "files", AWKWARD_FILE_ID],
    );
    assert_request_snapshot!("upload_file__encoded_file_id", &server);

    // A copy from simcore.s3 to datcore: the S3 file is the extra source.
    let server = serve(enveloped(200, presigned_link("put", DATCORE_FILE_ID))).await;
    default_api::upload_file(&client(&server), DATCORE_FILE_ID, DATCORE, USER_ID)
        .extra_location(SIMCORE_S3)
        .extra_source(FILE_ID)
        .await
        .expect("a link");
    assert_decoded_path(
        &only_request(&server).await,
        &["v0", "locations", DATCORE, "files", DATCORE_FILE_ID],
    );
    assert_request_snapshot!("upload_file__copy_to_datcore", &server);
}

/// `.` and `..` (even percent-encoded) are dot segments to URL parsing and an empty id merges two
/// slashes: each would reach another route, so the client refuses them and sends nothing.
#[tokio::test]
async fn file_ids_that_cannot_be_one_segment_are_refused_before_sending() {
    for file_id in ["", ".", ".."] {
        let server = serve(enveloped(200, file_meta_data(FILE_ID, "output.csv"))).await;
        let result =
            default_api::get_file_metadata(&client(&server), file_id, SIMCORE_S3, USER_ID).await;
        let error = result.expect_err("refused");
        match error.kind() {
            ErrorKind::InvalidArgument(message) => assert!(
                message.starts_with(&format!("the path parameter `fileId` ({file_id:?})")),
                "{message}"
            ),
            _ => panic!("{file_id:?} must be refused, got {error:?}"),
        }
        assert_eq!(
            error.route(),
            "/locations/{location_id}/files/{fileId}/metadata"
        );
        let requests = server
            .received_requests()
            .await
            .expect("request recording is on");
        assert!(requests.is_empty(), "{file_id:?} sent {requests:#?}");
    }
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = serve(ResponseTemplate::new(200)).await;
    default_api::get_status(&client(&server))
        .await
        .expect("the status");
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["user-agent"],
        "specfleet-osparc-storage/0.2.0"
    );
}

// --- responses --------------------------------------------------------------------------------

#[tokio::test]
async fn check_action_post_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            "echo",
            enveloped(
                200,
                json!({
                    "path_value": "echo",
                    "query_value": "ping",
                    "body_value": {"attempt": {"number": 1, "at": "2021-03-16T14:05:11Z"}}
                }),
            ),
        ),
        (
            "default",
            "fail",
            ResponseTemplate::new(500).set_body_json(json!({
                "data": null,
                "error": {
                    "logs": [{
                        "level": "ERROR",
                        "message": "Unexpected client error: failing as requested",
                        "logger": "simcore.storage"
                    }],
                    "errors": [{
                        "code": "ValueError",
                        "message": "failing as requested",
                        "resource": "check",
                        "field": "action"
                    }],
                    "status": 500
                }
            })),
        ),
    ];
    for (status, action, response) in cases {
        let server = serve(response).await;
        let result = default_api::check_action_post(&client(&server), action)
            .data("ping")
            .await;
        assert_decoded_snapshot!(format!("check_action_post__response_{status}"), result);
    }
}

#[tokio::test]
async fn copy_as_soft_link_decodes_every_documented_status() {
    let link_id = format!("api/{COPY_NODE_ID}/output.csv");
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!({
                    "file_uuid": link_id,
                    "location_id": SIMCORE_S3,
                    "location": "simcore.s3",
                    "bucket_name": "master-simcore",
                    "object_name": FILE_ID,
                    "file_name": "output.csv",
                    "user_id": USER_ID,
                    "file_id": link_id,
                    "raw_file_path": link_id,
                    "created_at": "2021-03-16T14:10:00.000Z",
                    "last_modified": "2021-03-16T14:05:12.318Z",
                    "file_size": 73_422,
                    "parent_id": format!("api/{COPY_NODE_ID}"),
                    "entity_tag": "\"8f14e45fceea167a5a36dedd4bea2543\""
                }),
            ),
        ),
        (
            "default",
            error_enveloped(404, "HTTPNotFound", "File output.csv does not exist"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let body = CopyAsSoftLinkRequest::new(link_id.clone());
        let result = default_api::copy_as_soft_link(&client(&server), FILE_ID, USER_ID_NUMBER)
            .copy_as_soft_link_request(body)
            .await;
        assert_decoded_snapshot!(format!("copy_as_soft_link__response_{status}"), result);
    }
}

#[tokio::test]
async fn copy_folders_from_project_decodes_every_documented_status() {
    let cloning = json!({
        "locked": {
            "value": true,
            "owner": {"user_id": USER_ID_NUMBER, "first_name": "Alice", "last_name": "Muster"},
            "status": "CLONING"
        },
        "state": {"value": "NOT_STARTED"}
    });
    let cases = [
        (
            "201",
            ResponseTemplate::new(201).set_body_json(project(
                COPY_PROJECT_ID,
                COPY_NODE_ID,
                "Brain MRI segmentation (Copy)",
                cloning,
            )),
        ),
        (
            "default",
            error_enveloped(400, "HTTPBadRequest", "Invalid source project"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::copy_folders_from_project(&client(&server), USER_ID_NUMBER).await;
        assert_decoded_snapshot!(
            format!("copy_folders_from_project__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn delete_file_decodes_every_documented_status() {
    let cases = [
        ("204", ResponseTemplate::new(204)),
        (
            "default",
            error_enveloped(403, "HTTPForbidden", "User 42 may not delete this file"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::delete_file(&client(&server), FILE_ID, SIMCORE_S3, USER_ID).await;
        assert_decoded_snapshot!(format!("delete_file__response_{status}"), result);
    }
}

#[tokio::test]
async fn delete_folders_of_project_decodes_its_204_and_an_undocumented_error() {
    // The spec documents only 204: a 500 still comes back as an error, its JSON kept untyped.
    let cases = [
        ("204", ResponseTemplate::new(204)),
        (
            "undocumented_500",
            error_enveloped(500, "ClientError", "S3 is not reachable"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            default_api::delete_folders_of_project(&client(&server), PROJECT_ID, USER_ID).await;
        assert_decoded_snapshot!(
            format!("delete_folders_of_project__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn download_file_decodes_every_documented_status() {
    let cases = [
        ("200", enveloped(200, presigned_link("get", FILE_ID))),
        (
            "default",
            error_enveloped(404, "HTTPNotFound", "File output.csv does not exist"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            default_api::download_file(&client(&server), FILE_ID, SIMCORE_S3, USER_ID).await;
        assert_decoded_snapshot!(format!("download_file__response_{status}"), result);
    }
}

#[tokio::test]
async fn get_datasets_metadata_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!([
                    {"dataset_id": DATASET_ID, "display_name": "MRI scans 2021"},
                    {"dataset_id": "N:dataset:7c9e6679-7425-40de-944b-e07fc1f90ae7"}
                ]),
            ),
        ),
        (
            "default",
            error_enveloped(502, "HTTPBadGateway", "datcore is not reachable"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::get_datasets_metadata(&client(&server), DATCORE, USER_ID).await;
        assert_decoded_snapshot!(format!("get_datasets_metadata__response_{status}"), result);
    }
}

#[tokio::test]
async fn get_file_metadata_decodes_every_documented_status() {
    let cases = [
        ("200", enveloped(200, file_meta_data(FILE_ID, "output.csv"))),
        (
            "default",
            error_enveloped(404, "HTTPNotFound", "File output.csv does not exist"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            default_api::get_file_metadata(&client(&server), FILE_ID, SIMCORE_S3, USER_ID).await;
        assert_decoded_snapshot!(format!("get_file_metadata__response_{status}"), result);
    }
}

#[tokio::test]
async fn get_files_metadata_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!([
                    file_meta_data(FILE_ID, "output.csv"),
                    {"file_uuid": format!("{PROJECT_ID}/{NODE_ID}/log.txt"), "file_size": 0}
                ]),
            ),
        ),
        (
            "default",
            error_enveloped(500, "ClientError", "S3 is not reachable"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::get_files_metadata(&client(&server), SIMCORE_S3, USER_ID).await;
        assert_decoded_snapshot!(format!("get_files_metadata__response_{status}"), result);
    }
}

#[tokio::test]
async fn get_files_metadata_dataset_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!([{
                    "file_uuid": DATCORE_FILE_ID,
                    "location_id": DATCORE,
                    "location": "datcore",
                    "file_name": "output.csv",
                    "file_id": "N:package:3b2c1d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
                    "raw_file_path": "MRI scans 2021/output.csv",
                    "display_file_path": "MRI scans 2021/output.csv",
                    "created_at": "2021-03-17T08:00:00Z",
                    "last_modified": "2021-03-17T08:00:00Z",
                    "file_size": 73_422,
                    "parent_id": DATASET_ID
                }]),
            ),
        ),
        (
            "default",
            error_enveloped(404, "HTTPNotFound", "Dataset does not exist"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            default_api::get_files_metadata_dataset(&client(&server), DATCORE, DATASET_ID, USER_ID)
                .await;
        assert_decoded_snapshot!(
            format!("get_files_metadata_dataset__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn get_status_decodes_its_200_and_an_undocumented_error() {
    // 200 has no documented body: whatever the server sends is ignored.
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!({
                    "app_name": "simcore_service_storage",
                    "version": "0.2.1",
                    "services": {"postgres": {"healthy": true}, "s3": {"healthy": true}}
                }),
            ),
        ),
        (
            "undocumented_503",
            error_enveloped(503, "HTTPServiceUnavailable", "postgres is not reachable"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::get_status(&client(&server)).await;
        assert_decoded_snapshot!(format!("get_status__response_{status}"), result);
    }
}

#[tokio::test]
async fn get_storage_locations_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!([{"name": "simcore.s3", "id": 0}, {"name": "datcore", "id": 1}]),
            ),
        ),
        (
            "default",
            error_enveloped(
                422,
                "HTTPUnprocessableEntity",
                "user_id is not a valid user",
            ),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::get_storage_locations(&client(&server), USER_ID).await;
        assert_decoded_snapshot!(format!("get_storage_locations__response_{status}"), result);
    }
}

#[tokio::test]
async fn health_check_decodes_every_documented_status() {
    let cases = [
        // aiohttp's own Content-Type, with its charset.
        (
            "200",
            ResponseTemplate::new(200).set_body_raw(
                r#"{"data":{"name":"simcore_service_storage","status":"SERVICE_RUNNING","api_version":"0.2.1","version":"0.2.1"},"error":null}"#,
                "application/json; charset=utf-8",
            ),
        ),
        (
            "default",
            error_enveloped(503, "HTTPServiceUnavailable", "storage is starting"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::health_check(&client(&server)).await;
        assert_decoded_snapshot!(format!("health_check__response_{status}"), result);
    }
}

#[tokio::test]
async fn search_files_starting_with_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(200, json!([file_meta_data(FILE_ID, "output.csv")])),
        ),
        (
            "default",
            error_enveloped(422, "HTTPUnprocessableEntity", "user_id must be an integer"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::search_files_starting_with(&client(&server), USER_ID_NUMBER)
            .startswith(PROJECT_ID)
            .await;
        assert_decoded_snapshot!(
            format!("search_files_starting_with__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn synchronise_meta_data_table_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            enveloped(
                200,
                json!({
                    "dry_run": true,
                    "fire_and_forget": false,
                    "removed": [format!("{PROJECT_ID}/{NODE_ID}/stale.csv")]
                }),
            ),
        ),
        (
            "default",
            error_enveloped(400, "HTTPBadRequest", "Invalid location id 7"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::synchronise_meta_data_table(&client(&server), SIMCORE_S3).await;
        assert_decoded_snapshot!(
            format!("synchronise_meta_data_table__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn update_file_meta_data_decodes_every_documented_status() {
    let cases = [
        ("200", enveloped(200, file_meta_data(FILE_ID, "output.csv"))),
        (
            "default",
            error_enveloped(404, "HTTPNotFound", "File output.csv does not exist"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            default_api::update_file_meta_data(&client(&server), FILE_ID, SIMCORE_S3).await;
        assert_decoded_snapshot!(format!("update_file_meta_data__response_{status}"), result);
    }
}

#[tokio::test]
async fn upload_file_decodes_every_documented_status() {
    let cases = [
        ("200", enveloped(200, presigned_link("put", FILE_ID))),
        (
            "default",
            error_enveloped(
                403,
                "HTTPForbidden",
                "User 42 may not write to this project",
            ),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = default_api::upload_file(&client(&server), FILE_ID, SIMCORE_S3, USER_ID).await;
        assert_decoded_snapshot!(format!("upload_file__response_{status}"), result);
    }
}

// --- values the crate does not know -----------------------------------------------------------

/// A value the service added after the crate was generated decodes into `UnknownValue` instead of
/// failing the whole answer, and goes back out unchanged: the project's lock status and running
/// state in a success body, the log level in an error envelope.
#[tokio::test]
async fn unknown_enum_values_decode_and_travel_back_unchanged() {
    use specfleet_osparc_storage::apis::default_api::HealthCheckError;
    use specfleet_osparc_storage::models::RunningState;
    use specfleet_osparc_storage::models::log_message::Level;
    use specfleet_osparc_storage::models::project_locked::Status;

    let state = json!({
        "locked": {"value": true, "status": "MAINTAINING"},
        "state": {"value": "WAITING_FOR_CLUSTER"}
    });
    let answer = project(
        COPY_PROJECT_ID,
        COPY_NODE_ID,
        "Brain MRI segmentation (Copy)",
        state.clone(),
    );
    let server = serve(ResponseTemplate::new(201).set_body_json(&answer)).await;
    let copied = default_api::copy_folders_from_project(&client(&server), USER_ID_NUMBER)
        .await
        .expect("the project decodes");
    let decoded = copied.state.as_deref().expect("a state");
    assert_eq!(
        decoded.locked.status,
        Status::UnknownValue("MAINTAINING".into())
    );
    assert_eq!(
        decoded.state.value,
        RunningState::UnknownValue("WAITING_FOR_CLUSTER".into())
    );
    assert_eq!(decoded.state.value.to_string(), "WAITING_FOR_CLUSTER");
    assert_eq!(
        serde_json::to_value(&copied).expect("a project serialises")["state"],
        state
    );

    // Sent back as the source of another copy, the values are on the wire as they came.
    let server = serve(ResponseTemplate::new(201).set_body_json(&answer)).await;
    let mut body = CopyFoldersFromProjectRequest::new();
    body.source = Some(Box::new(copied));
    default_api::copy_folders_from_project(&client(&server), USER_ID_NUMBER)
        .copy_folders_from_project_request(body)
        .await
        .expect("the project");
    let sent: Value =
        serde_json::from_slice(&only_request(&server).await.body).expect("a JSON body");
    assert_eq!(sent["source"]["state"], state);

    let log = json!({"level": "CRITICAL", "message": "disk full", "logger": "simcore.storage"});
    let server = serve(ResponseTemplate::new(507).set_body_json(json!({
        "data": null,
        "error": {"logs": [log], "errors": [], "status": 507}
    })))
    .await;
    let error = default_api::health_check(&client(&server))
        .await
        .expect_err("a 507");
    let Some(HealthCheckError::DefaultResponse(enveloped)) = error.typed() else {
        panic!("the error envelope decodes: {error:?}");
    };
    let logs = enveloped.error.logs.as_deref().expect("the logs");
    assert_eq!(logs[0].level, Some(Level::UnknownValue("CRITICAL".into())));
    assert_eq!(
        serde_json::to_value(&logs[0]).expect("a log message serialises"),
        log
    );
    // Known values still decode into their own variants.
    assert_eq!(Level::from("ERROR"), Level::Error);
    assert_eq!(Status::from("CLOSED").as_str(), "CLOSED");
}
