//! SFTPGo metadata checks: both operations with both authentication schemes (API key, bearer
//! JWT), and every documented status decoded.

use serde_json::json;
use specfleet_sftpgo::Client;
use specfleet_sftpgo::apis::metadata_api::{self, StartUserMetadataCheckError};
use specfleet_sftpgo::models::ApiResponse;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{assert_decoded_snapshot, assert_request_snapshot, only_request, serve};

const API_KEY: &str = "placeholder-sftpgo-api-key";
const JWT: &str = "placeholder-sftpgo-jwt";

fn with_api_key(server: &MockServer) -> Client {
    specfleet_sftpgo::client()
        .base_url(format!("{}/api/v2", server.uri()))
        .api_key(API_KEY)
        .build()
        .expect("a client")
}

fn with_bearer(server: &MockServer) -> Client {
    specfleet_sftpgo::client()
        .base_url(format!("{}/api/v2", server.uri()))
        .bearer_token(JWT)
        .build()
        .expect("a client")
}

/// The error body every SFTPGo error status documents (`ApiResponse`).
fn api_response(status: u16, error: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"message": "", "error": error}))
}

#[tokio::test]
async fn get_users_metadata_checks_sends_the_api_key() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let checks = metadata_api::get_users_metadata_checks(&with_api_key(&server)).await;
    assert_eq!(checks.expect("an empty list"), vec![]);
    assert_request_snapshot!("get_users_metadata_checks__api_key", &server);
}

#[tokio::test]
async fn get_users_metadata_checks_sends_the_bearer_token() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    metadata_api::get_users_metadata_checks(&with_bearer(&server))
        .await
        .expect("an empty list");
    assert_request_snapshot!("get_users_metadata_checks__bearer", &server);
}

#[tokio::test]
async fn get_users_metadata_checks_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            ResponseTemplate::new(200).set_body_raw(
                r#"[{"username":"alice","start_time":1700000000123},{"username":"bob"}]"#,
                "application/json; charset=utf-8",
            ),
        ),
        ("401", api_response(401, "invalid token")),
        ("403", api_response(403, "permission denied")),
        ("500", api_response(500, "internal error")),
        ("default", api_response(502, "bad gateway")),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = metadata_api::get_users_metadata_checks(&with_api_key(&server)).await;
        assert_decoded_snapshot!(
            format!("get_users_metadata_checks__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn start_user_metadata_check_encodes_the_username_as_one_segment() {
    let server =
        serve(ResponseTemplate::new(202).set_body_json(json!({"message": "Check started"}))).await;
    let started =
        metadata_api::start_user_metadata_check(&with_bearer(&server), "team a/b?#%é").await;
    assert_decoded_snapshot!("start_user_metadata_check__response_202", started);
    assert_request_snapshot!("start_user_metadata_check__encoded_username", &server);
}

/// The operation has no request body: its POST says so with `content-length: 0` (in the
/// snapshot), which proxies that answer 411 Length Required otherwise need.
#[tokio::test]
async fn start_user_metadata_check_sends_the_api_key() {
    let server =
        serve(ResponseTemplate::new(202).set_body_json(json!({"message": "Check started"}))).await;
    metadata_api::start_user_metadata_check(&with_api_key(&server), "alice")
        .await
        .expect("started");
    assert_request_snapshot!("start_user_metadata_check__api_key", &server);
}

#[tokio::test]
async fn start_user_metadata_check_decodes_every_documented_error() {
    let cases = [
        ("400", api_response(400, "invalid username")),
        ("401", api_response(401, "invalid token")),
        ("403", api_response(403, "permission denied")),
        ("404", api_response(404, "user not found")),
        (
            "409",
            api_response(409, "a metadata check is already running"),
        ),
        ("500", api_response(500, "internal error")),
        ("default", api_response(503, "unavailable")),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = metadata_api::start_user_metadata_check(&with_api_key(&server), "alice").await;
        assert_decoded_snapshot!(
            format!("start_user_metadata_check__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn a_documented_error_is_typed_and_names_its_route_not_its_url() {
    let server = serve(api_response(404, "user not found")).await;
    let error = metadata_api::start_user_metadata_check(&with_api_key(&server), "alice")
        .await
        .expect_err("a 404");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.method().as_str(), "POST");
    assert_eq!(error.route(), "/metadata/users/{username}/check");
    let mut expected = ApiResponse::new();
    expected.message = Some(String::new());
    expected.error = Some("user not found".into());
    assert_eq!(
        error.typed(),
        Some(&StartUserMetadataCheckError::Status404(expected))
    );
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /metadata/users/{username}/check: the server answered 404 Not Found: user not found"
    );
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    metadata_api::get_users_metadata_checks(&with_api_key(&server))
        .await
        .expect("an empty list");
    let request = only_request(&server).await;
    assert_eq!(request.headers["user-agent"], "specfleet-sftpgo/0.2.0");
}
