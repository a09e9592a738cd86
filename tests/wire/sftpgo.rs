//! SFTPGo: metadata checks, with the API key and the bearer token.

use specfleet_sftpgo::apis::{
    Error, configuration::ApiKey, configuration::Configuration, metadata_api,
};
use specfleet_sftpgo::models::{ApiResponse, MetadataCheck};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::only_request;

fn configuration(server: &MockServer) -> Configuration {
    Configuration {
        base_path: format!("{}/api/v2", server.uri()),
        ..Configuration::default()
    }
}

#[tokio::test]
async fn lists_metadata_checks_with_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/metadata/users/checks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"username": "alice", "start_time": 1_700_000_000_123_i64}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let configuration = Configuration {
        api_key: Some(ApiKey {
            prefix: None,
            key: "placeholder-key".into(),
        }),
        ..configuration(&server)
    };

    let checks = metadata_api::get_users_metadata_checks(&configuration)
        .await
        .expect("checks");

    assert_eq!(
        checks,
        vec![MetadataCheck {
            username: Some("alice".into()),
            start_time: Some(1_700_000_000_123)
        }]
    );
    let request = only_request(&server).await;
    assert_eq!(request.headers["x-sftpgo-api-key"], "placeholder-key");
    assert!(
        request.headers.get("authorization").is_none(),
        "no bearer token was configured"
    );
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_running_check_is_a_typed_409() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/metadata/users/alice/check"))
        .and(header("authorization", "Bearer placeholder-jwt"))
        .respond_with(ResponseTemplate::new(409).set_body_json(serde_json::json!({
            "message": "", "error": "a metadata check is already running"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let configuration = Configuration {
        bearer_access_token: Some("placeholder-jwt".into()),
        ..configuration(&server)
    };

    let error = metadata_api::start_user_metadata_check(&configuration, "alice")
        .await
        .expect_err("409 is an error");

    let Error::ResponseError(response) = error else {
        panic!("expected a response error, got {error:?}")
    };
    assert_eq!(response.status, 409);
    let expected = ApiResponse {
        message: Some(String::new()),
        error: Some("a metadata check is already running".into()),
    };
    assert!(
        matches!(&response.entity, Some(metadata_api::StartUserMetadataCheckError::Status409(body)) if *body == expected),
        "entity: {:?}",
        response.entity
    );
}
