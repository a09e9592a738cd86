//! oSPARC storage: envelopes, an encoded file id, the `:sync` path, no body, `default` errors.

use specfleet_osparc_storage::apis::default_api::{self, CheckActionPostError};
use specfleet_osparc_storage::apis::{Error, configuration::Configuration};
use specfleet_osparc_storage::models::{
    self, ErrorEnveloped, ErrorItem, Fake, FakeEnveloped, FileMetaData, FileMetaDataEnveloped,
    LogMessage, TableSynchronisation, TableSynchronisationEnveloped, log_message::Level,
};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::only_request;

fn configuration(server: &MockServer) -> Configuration {
    Configuration {
        base_path: format!("{}/v0", server.uri()),
        ..Configuration::default()
    }
}

#[tokio::test]
async fn file_metadata_is_read_with_the_file_id_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/v0/locations/0/files/api%2Fproject-1%2Fmy%20scan.nii/metadata",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {
                "file_uuid": "api/project-1/my scan.nii",
                "location_id": "0",
                "location": "simcore.s3",
                "file_name": "my scan.nii",
                "file_size": 1_048_576,
                "entity_tag": "\"5d41402abc4b2a76b9719d911017c592\""
            },
            "error": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let metadata = default_api::get_file_metadata(
        &configuration(&server),
        "api/project-1/my scan.nii",
        "0",
        "42",
    )
    .await
    .expect("metadata");

    assert_eq!(
        metadata,
        FileMetaDataEnveloped {
            data: Box::new(FileMetaData {
                file_uuid: Some("api/project-1/my scan.nii".into()),
                location_id: Some("0".into()),
                location: Some("simcore.s3".into()),
                file_name: Some("my scan.nii".into()),
                file_size: Some(1_048_576),
                entity_tag: Some("\"5d41402abc4b2a76b9719d911017c592\"".into()),
                ..FileMetaData::default()
            }),
            error: None,
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    // `/` and ` ` in the file id stay inside the one path segment.
    assert_eq!(
        request.url.path(),
        "/v0/locations/0/files/api%2Fproject-1%2Fmy%20scan.nii/metadata"
    );
    assert_eq!(request.url.query(), Some("user_id=42"));
    assert_eq!(request.headers["accept"], "application/json");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn synchronises_a_location_on_the_colon_path_with_both_flags() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v0/locations/0:sync"))
        .and(query_param("dry_run", "false"))
        .and(query_param("fire_and_forget", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {
                "dry_run": false,
                "fire_and_forget": true,
                "removed": ["api/project-1/gone.txt"]
            },
            "error": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let synchronisation = default_api::synchronise_meta_data_table(
        &configuration(&server),
        "0",
        Some(false),
        Some(true),
    )
    .await
    .expect("synchronisation");

    assert_eq!(
        synchronisation,
        TableSynchronisationEnveloped {
            data: Box::new(TableSynchronisation {
                dry_run: Some(false),
                fire_and_forget: Some(true),
                removed: vec!["api/project-1/gone.txt".into()],
            }),
            error: None,
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v0/locations/0:sync");
    assert_eq!(
        request.url.query(),
        Some("dry_run=false&fire_and_forget=true")
    );
    assert_eq!(request.headers["accept"], "application/json");
    assert!(
        request.headers.get("content-type").is_none(),
        "the operation has no body"
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn check_echo_without_the_optional_body_sends_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v0/check/echo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"path_value": "echo", "query_value": "ping", "body_value": {}},
            "error": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let echo = default_api::check_action_post(&configuration(&server), "echo", Some("ping"), None)
        .await
        .expect("echo");

    assert_eq!(
        echo,
        FakeEnveloped {
            data: Box::new(Fake {
                path_value: "echo".into(),
                query_value: "ping".into(),
                body_value: Default::default(),
            }),
            error: None,
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v0/check/echo");
    assert_eq!(request.url.query(), Some("data=ping"));
    assert_eq!(request.headers["accept"], "application/json");
    assert!(
        request.body.is_empty(),
        "body: {:?}",
        String::from_utf8_lossy(&request.body)
    );
    assert!(
        request.headers.get("content-type").is_none(),
        "no body, so no Content-Type"
    );
}

#[tokio::test]
async fn a_default_error_response_is_decoded_as_the_error_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v0/check/fail"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({
            "data": null,
            "error": {
                "logs": [{
                    "level": "ERROR",
                    "message": "failing as requested",
                    "logger": "simcore.storage"
                }],
                "errors": [{
                    "code": "RuntimeError",
                    "message": "fail was requested",
                    "resource": "check",
                    "field": "action"
                }],
                "status": 500
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let fake = Fake {
        path_value: "fail".into(),
        query_value: "now".into(),
        body_value: [("attempt".to_owned(), serde_json::json!(1))].into(),
    };

    let error = default_api::check_action_post(&configuration(&server), "fail", None, Some(fake))
        .await
        .expect_err("500 is an error");

    let Error::ResponseError(response) = error else {
        panic!("expected a response error, got {error:?}")
    };
    assert_eq!(response.status, 500);
    let expected = ErrorEnveloped {
        data: None,
        error: Box::new(models::Error {
            logs: Some(vec![LogMessage {
                level: Some(Level::Error),
                message: "failing as requested".into(),
                logger: Some("simcore.storage".into()),
            }]),
            errors: Some(vec![ErrorItem {
                code: "RuntimeError".into(),
                message: "fail was requested".into(),
                resource: Some("check".into()),
                field: Some("action".into()),
            }]),
            status: Some(500),
        }),
    };
    let Some(CheckActionPostError::DefaultResponse(body)) = &response.entity else {
        panic!(
            "expected the default error envelope, got {:?}",
            response.entity
        )
    };
    assert_eq!(*body, expected);
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request
            .body_json::<serde_json::Value>()
            .expect("a JSON body"),
        serde_json::json!({
            "path_value": "fail",
            "query_value": "now",
            "body_value": {"attempt": 1}
        })
    );
}
