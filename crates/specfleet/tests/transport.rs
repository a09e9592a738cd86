//! What every client shares, shown through the SFTPGo client: retries (idempotency,
//! `Retry-After`, deadline), timeouts, the user agent, and traces without secrets.
#![cfg(feature = "sftpgo")]

use std::time::{Duration, Instant};

use serde_json::json;
use specfleet::RetryPolicy;
use specfleet::sftpgo::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::{capture_traces, requests};

mod support;

const CHECKS: &str = "/api/v2/metadata/users/checks";
const START: &str = "/api/v2/metadata/users/alice/check";

fn client(server: &MockServer, retry: Option<RetryPolicy>) -> Client {
    let mut builder = Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .api_key("placeholder-key");
    if let Some(policy) = retry {
        builder = builder.retry(policy);
    }
    builder.build().expect("a client")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(20))
}

/// Answers `first` `times` times, then 200 with a body the operation accepts (an empty list of
/// checks for GET, an `ApiResponse` for POST).
async fn flaky(server: &MockServer, verb: &str, route: &str, first: ResponseTemplate, times: u64) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(if verb == "GET" {
            json!([])
        } else {
            json!({})
        }))
        .mount(server)
        .await;
}

#[tokio::test]
async fn an_idempotent_call_is_retried_after_503_and_429() {
    let server = MockServer::start().await;
    flaky(&server, "GET", CHECKS, ResponseTemplate::new(503), 1).await;
    let client = client(&server, Some(fast_retries()));

    client
        .metadata()
        .checks()
        .await
        .expect("the retry succeeds");
    assert_eq!(requests(&server).await.len(), 2);

    server.reset().await;
    flaky(
        &server,
        "GET",
        CHECKS,
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        2,
    )
    .await;
    client
        .metadata()
        .checks()
        .await
        .expect("the retries succeed");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retry_after_seconds_are_waited_for() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        CHECKS,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    )
    .await;
    let policy = fast_retries().backoff(Duration::from_millis(1), Duration::from_secs(5));

    let started = Instant::now();
    client(&server, Some(policy))
        .metadata()
        .checks()
        .await
        .expect("the retry succeeds");

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn no_retries_without_a_policy_and_none_beyond_the_limit() {
    let server = MockServer::start().await;
    flaky(&server, "GET", CHECKS, ResponseTemplate::new(503), 10).await;

    let error = client(&server, None)
        .metadata()
        .checks()
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert!(error.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);

    server.reset().await;
    flaky(&server, "GET", CHECKS, ResponseTemplate::new(503), 10).await;
    client(&server, Some(fast_retries().max_retries(2)))
        .metadata()
        .checks()
        .await
        .expect_err("still 503");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let server = MockServer::start().await;
    flaky(&server, "POST", START, ResponseTemplate::new(503), 1).await;

    client(&server, Some(fast_retries()))
        .metadata()
        .start_check("alice")
        .await
        .expect_err("not retried");
    assert_eq!(requests(&server).await.len(), 1);

    server.reset().await;
    flaky(&server, "POST", START, ResponseTemplate::new(503), 1).await;
    let opted_in = fast_retries().retry_non_idempotent(true);
    client(&server, Some(opted_in))
        .metadata()
        .start_check("alice")
        .await
        .expect("retried");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn the_deadline_stops_retries_that_would_end_too_late() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        CHECKS,
        ResponseTemplate::new(503).insert_header("retry-after", "30"),
        5,
    )
    .await;
    let policy = fast_retries()
        .backoff(Duration::from_millis(1), Duration::from_secs(60))
        .deadline(Duration::from_secs(2));

    let started = Instant::now();
    client(&server, Some(policy))
        .metadata()
        .checks()
        .await
        .expect_err("gave up");

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_stalled_server_hits_the_request_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("a client");

    let started = Instant::now();
    let error = client.metadata().checks().await.expect_err("timed out");

    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn the_user_agent_is_the_service_crate_s_or_the_caller_s() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;

    client(&server, None)
        .metadata()
        .checks()
        .await
        .expect("checks");
    let custom = Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .user_agent("my-app/1.2")
        .build();
    custom
        .expect("a client")
        .metadata()
        .checks()
        .await
        .expect("checks");

    let requests = requests(&server).await;
    let agents: Vec<_> = requests
        .iter()
        .map(|request| request.headers["user-agent"].to_str().expect("ASCII"))
        .collect();
    // The default is the generated crate's: `specfleet-sftpgo/<its version>`.
    let default = specfleet::sftpgo::generated::SERVICE.user_agent;
    assert!(default.starts_with("specfleet-sftpgo/"), "{default}");
    assert_eq!(agents, [default, "my-app/1.2"]);
}

#[tokio::test]
async fn every_request_gets_a_span_and_no_secret_is_traced() {
    let (captured, _guard) = capture_traces();
    let server = MockServer::start().await;
    flaky(&server, "GET", CHECKS, ResponseTemplate::new(503), 1).await;

    client(&server, Some(fast_retries()))
        .metadata()
        .checks()
        .await
        .expect("retried");
    let refused = Client::builder()
        .base_url("http://127.0.0.1:9/api/v2")
        .bearer_token("placeholder-jwt")
        .build();
    refused
        .expect("a client")
        .metadata()
        .checks()
        .await
        .expect_err("nothing listens on port 9");

    let traces = captured.text();
    assert!(traces.contains("specfleet.request"), "{traces}");
    assert!(
        traces.contains("service=\"sftpgo\"") || traces.contains("service=sftpgo"),
        "{traces}"
    );
    // The span names the method and the route template, not the URL.
    assert!(traces.contains("method=GET"), "{traces}");
    assert!(traces.contains("\"/metadata/users/checks\""), "{traces}");
    assert!(!traces.contains("/api/v2/metadata"), "{traces}");
    assert!(traces.contains("retrying"), "{traces}");
    for secret in ["placeholder-key", "placeholder-jwt"] {
        assert!(
            !traces.contains(secret),
            "{secret} leaked into traces:\n{traces}"
        );
    }
}
