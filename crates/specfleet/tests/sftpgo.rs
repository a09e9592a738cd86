//! The SFTPGo facade against a local server: both credentials, results, typed errors,
//! from_vars.
#![cfg(all(feature = "sftpgo", feature = "mock"))]

use std::collections::HashMap;

use serde_json::json;
use specfleet::ErrorKind;
use specfleet::sftpgo::generated::apis::metadata_api::StartUserMetadataCheckError;
use specfleet::sftpgo::mock::MockServer;
use specfleet::sftpgo::{ApiResponse, Client, MetadataCheck};

use support::{header_value, refused_port};

mod support;

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key("placeholder-key")
        .build()
        .expect("a client")
}

#[tokio::test]
async fn checks_sends_the_api_key_and_returns_the_checks() {
    let server = MockServer::start().await;
    let mut bob = MetadataCheck::new();
    bob.username = Some("bob".into());
    bob.start_time = Some(5);
    server
        .get_users_metadata_checks()
        .respond(&vec![bob.clone()])
        .times(1);

    let checks = client(&server)
        .await
        .metadata()
        .checks()
        .await
        .expect("checks");

    assert_eq!(checks, vec![bob]);
    // The typed mock does not compare credentials.
    let requests = server.received_requests().await;
    assert_eq!(
        header_value(&requests[0], "x-sftpgo-api-key"),
        Some("placeholder-key")
    );
}

#[tokio::test]
async fn start_check_uses_the_bearer_token_and_reports_a_conflict_as_a_typed_error() {
    let server = MockServer::start().await;
    server
        .start_user_metadata_check("alice")
        .respond_error(409, &json!({"message": "", "error": "already running"}))
        .times(1);
    let client = Client::builder()
        .base_url(format!("{}/", server.uri()))
        .bearer_token("placeholder-jwt")
        .build()
        .expect("a client");

    let error = client
        .metadata()
        .start_check("alice")
        .await
        .expect_err("409");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(409));
    let mut conflict = ApiResponse::new();
    conflict.message = Some(String::new());
    conflict.error = Some("already running".into());
    assert_eq!(
        error.typed(),
        Some(&StartUserMetadataCheckError::Status409(conflict))
    );
    assert_eq!(error.route(), "/metadata/users/{username}/check");
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /metadata/users/{username}/check: the server answered 409 Conflict: already running"
    );
    // The typed mock does not compare credentials.
    let requests = server.received_requests().await;
    assert_eq!(
        header_value(&requests[0], "authorization"),
        Some("Bearer placeholder-jwt")
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let port = refused_port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api/v2"))
        .api_key("placeholder-key")
        .build()
        .expect("a client");

    let error = client
        .metadata()
        .checks()
        .await
        .expect_err("nothing listens");

    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(!format!("{error:?}{error}").contains("placeholder-key"));
}

#[tokio::test]
async fn secrets_are_not_printed() {
    let client = Client::builder()
        .api_key("placeholder-key")
        .build()
        .expect("a client");
    assert!(
        !format!("{client:?}").contains("placeholder-key"),
        "{client:?}"
    );
    let builder = Client::builder().bearer_token("placeholder-jwt");
    assert!(
        !format!("{builder:?}").contains("placeholder-jwt"),
        "{builder:?}"
    );
}

#[tokio::test]
async fn from_vars_reads_the_url_and_prefers_the_api_key_to_the_token() {
    let server = MockServer::start().await;
    server.get_users_metadata_checks().respond(&vec![]).times(2);
    let url = format!("{}/", server.uri());
    let both = HashMap::from([
        ("SFTPGO_URL", url.as_str()),
        ("SFTPGO_API_KEY", "placeholder-key"),
        ("SFTPGO_TOKEN", "placeholder-jwt"),
    ]);
    let token_only = HashMap::from([
        ("SFTPGO_URL", url.as_str()),
        ("SFTPGO_TOKEN", "placeholder-jwt"),
    ]);

    for vars in [both, token_only] {
        Client::from_vars(|name| vars.get(name).copied().map(String::from))
            .expect("a client")
            .metadata()
            .checks()
            .await
            .expect("checks");
    }

    let requests = server.received_requests().await;
    let credentials: Vec<_> = requests
        .iter()
        .map(|request| {
            (
                header_value(request, "x-sftpgo-api-key"),
                header_value(request, "authorization"),
            )
        })
        .collect();
    assert_eq!(
        credentials,
        vec![
            (Some("placeholder-key"), None),
            (None, Some("Bearer placeholder-jwt"))
        ]
    );
}
