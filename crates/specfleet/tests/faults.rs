//! Fault injection against raw loopback servers: refused, reset and stalled connections, bodies
//! cut short, retries with `Retry-After`, endless error bodies, trickling servers, cross-origin
//! redirects, and parameters that try to escape their path segment or header. Every call must end
//! in a typed error (or the retried success) within a bound, never a panic nor a partial file
//! presented as complete. RELIABILITY.md at the workspace root maps each fault to its test here.
#![cfg(all(feature = "sftpgo", feature = "rokka"))]

use std::path::Path;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::json;
use specfleet::{ERROR_BODY_LIMIT, ErrorBody, ErrorKind, RetryPolicy, Upload, rokka, sftpgo};

use support::{Fault, RawServer, noise, refused_port, stalled_connect};

mod support;

/// A generous bound on calls that must fail fast: far above what they take, far below a hang.
const BOUND: Duration = Duration::from_secs(5);
const HASH: &str = "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7";

fn sftpgo_client(base: &str, retry: Option<RetryPolicy>) -> sftpgo::Client {
    let mut builder = sftpgo::Client::builder()
        .base_url(format!("{base}/api/v2"))
        .api_key("placeholder-key")
        .connect_timeout(Duration::from_millis(300))
        .timeout(Some(Duration::from_millis(500)));
    if let Some(policy) = retry {
        builder = builder.retry(policy);
    }
    builder.build().expect("a client")
}

fn rokka_client(base: &str, retry: Option<RetryPolicy>) -> rokka::Client {
    let mut builder = rokka::Client::builder()
        .base_url(base)
        .api_key("placeholder-rokka-key")
        .timeout(Some(Duration::from_millis(500)));
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

fn empty_list() -> Fault {
    Fault::json(200, &json!([]))
}

/// Asserts the call ended within [`BOUND`].
fn assert_bounded(started: Instant) {
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
}

fn assert_transport<E: std::fmt::Debug>(error: &specfleet::Error<E>) {
    assert!(
        matches!(error.kind(), ErrorKind::Transport(_)),
        "not a transport error: {error:?}"
    );
}

/// Asserts that `directory` is empty: no target file, no `.part` file.
fn assert_no_file(directory: &Path) {
    let left: Vec<_> = std::fs::read_dir(directory)
        .expect("the directory")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

// ---- connections refused, reset or stalled ----

#[tokio::test]
async fn a_refused_connection_is_a_retryable_connect_error_even_after_retries() {
    let base = format!("http://127.0.0.1:{}", refused_port());

    let started = Instant::now();
    let error = sftpgo_client(&base, Some(fast_retries()))
        .metadata()
        .checks()
        .await
        .expect_err("nothing listens");

    assert_bounded(started);
    assert!(
        matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_connect()),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(error.route(), "/metadata/users/checks");
}

#[tokio::test]
async fn a_reset_during_the_headers_is_a_transport_error_and_a_get_is_retried() {
    let server = RawServer::start(vec![Fault::ResetInHead]).await;
    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("reset");
    assert_transport(&error);
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(server.connections(), 1);

    let server = RawServer::start(vec![Fault::ResetInHead, empty_list()]).await;
    let checks = sftpgo_client(&server.url, Some(fast_retries()))
        .metadata()
        .checks()
        .await
        .expect("the retry gets the answer");
    assert!(checks.is_empty());
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_post_reset_during_the_headers_is_not_retried_unless_the_caller_opts_in() {
    let answer = Fault::json(201, &json!({"message": "Check started"}));
    let server = RawServer::start(vec![Fault::ResetInHead, answer.clone()]).await;
    let error = sftpgo_client(&server.url, Some(fast_retries()))
        .metadata()
        .start_check("alice")
        .await
        .expect_err("not retried");
    assert_transport(&error);
    assert_eq!(server.connections(), 1, "a POST was sent twice");

    let server = RawServer::start(vec![Fault::ResetInHead, answer]).await;
    let opted_in = fast_retries().retry_non_idempotent(true);
    sftpgo_client(&server.url, Some(opted_in))
        .metadata()
        .start_check("alice")
        .await
        .expect("retried");
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_reset_during_a_json_body_is_a_transport_error_not_a_partial_result() {
    let server = RawServer::start(vec![Fault::ResetInBody {
        announced: 4096,
        sent: 100,
    }])
    .await;

    let started = Instant::now();
    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("reset mid-body");

    assert_bounded(started);
    assert_transport(&error);
    assert!(error.is_retryable(), "a reset is transient: {error:?}");
}

#[tokio::test]
async fn a_reset_during_a_download_fails_and_leaves_no_file() {
    let server = RawServer::start(vec![Fault::ResetInBody {
        announced: 1 << 20,
        sent: 64 * 1024,
    }])
    .await;
    let directory = tempfile::tempdir().expect("a temporary directory");

    let download = rokka_client(&server.url, None)
        .source_images("acme")
        .download(HASH)
        .await
        .expect("the head arrives");
    let error = download
        .download_to(directory.path().join("image.jpg"))
        .await
        .expect_err("reset mid-body");

    assert!(
        matches!(error.kind(), ErrorKind::Transport(_) | ErrorKind::Io(_)),
        "{error:?}"
    );
    assert_no_file(directory.path());
}

#[tokio::test]
async fn a_stalled_connect_hits_the_connect_timeout() {
    let (base, _stalled) = stalled_connect();
    let client = sftpgo::Client::builder()
        .base_url(format!("{base}/api/v2"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(None)
        .build()
        .expect("a client");

    let started = Instant::now();
    let error = client
        .metadata()
        .checks()
        .await
        .expect_err("never connects");

    assert_bounded(started);
    assert!(
        matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_connect() && inner.is_timeout()),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_request_timeout_on_every_attempt() {
    let server = RawServer::start(vec![Fault::Stall]).await;

    let started = Instant::now();
    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("no answer");
    assert_bounded(started);
    assert!(
        matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_timeout()),
        "{error:?}"
    );

    // Retried timeouts stop at the deadline: at most the deadline plus one request timeout.
    let server = RawServer::start(vec![Fault::Stall]).await;
    let policy = fast_retries()
        .max_retries(10)
        .deadline(Duration::from_millis(800));
    let started = Instant::now();
    sftpgo_client(&server.url, Some(policy))
        .metadata()
        .checks()
        .await
        .expect_err("no answer");
    assert!(
        started.elapsed() < Duration::from_millis(800 + 500) + Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    assert!(server.connections() >= 2, "the timeout was not retried");
    assert!(
        server.connections() <= 3,
        "{} attempts",
        server.connections()
    );
}

// ---- bodies cut short ----

#[tokio::test]
async fn a_json_body_shorter_than_its_content_length_is_an_error() {
    let server = RawServer::start(vec![Fault::ShortBody {
        announced: 100,
        sent: 10,
    }])
    .await;

    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("cut short");

    assert_transport(&error);
}

#[tokio::test]
async fn a_chunked_download_cut_off_fails_whichever_way_it_is_read() {
    let fault = Fault::ChunkedCut { sent: 100_000 };
    let server = RawServer::start(vec![fault]).await;
    let client = rokka_client(&server.url, None);
    let images = client.source_images("acme");
    let directory = tempfile::tempdir().expect("a temporary directory");

    let to_file = images.download(HASH).await.expect("the head");
    assert_eq!(to_file.content_length(), None, "chunked: no length");
    let error = to_file
        .download_to(directory.path().join("image.jpg"))
        .await
        .expect_err("no last chunk");
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    assert_no_file(directory.path());

    let error = images
        .download(HASH)
        .await
        .expect("the head")
        .bytes()
        .await
        .expect_err("no last chunk");
    assert_transport(&error);

    let mut sink = Vec::new();
    let error = images
        .download(HASH)
        .await
        .expect("the head")
        .write_to(&mut sink)
        .await
        .expect_err("no last chunk");
    assert_transport(&error);

    let chunks: Result<Vec<_>, _> = images
        .download(HASH)
        .await
        .expect("the head")
        .into_stream()
        .try_collect()
        .await;
    assert_transport(&chunks.expect_err("the stream ends in an error"));
}

#[tokio::test]
async fn a_short_download_to_an_existing_file_keeps_the_old_file() {
    let server = RawServer::start(vec![Fault::ShortBody {
        announced: 1 << 20,
        sent: 1000,
    }])
    .await;
    let directory = tempfile::tempdir().expect("a temporary directory");
    let target = directory.path().join("image.jpg");
    std::fs::write(&target, b"the previous version").expect("a file");

    let error = rokka_client(&server.url, None)
        .source_images("acme")
        .download(HASH)
        .await
        .expect("the head")
        .download_to(&target)
        .await
        .expect_err("cut short");

    assert!(
        matches!(error.kind(), ErrorKind::Transport(_) | ErrorKind::Io(_)),
        "{error:?}"
    );
    assert_eq!(
        std::fs::read(&target).expect("the file"),
        b"the previous version"
    );
    let names: Vec<_> = std::fs::read_dir(directory.path())
        .expect("the directory")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(names, ["image.jpg"], "a partial file was left behind");
}

// ---- 429 and 503 with Retry-After ----

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    // Three seconds ahead, cut to whole seconds: a wait of more than one second.
    let soon = httpdate_in(Duration::from_secs(3));
    let server = RawServer::start(vec![
        Fault::text(503, Some(("Retry-After", &soon)), "busy"),
        empty_list(),
    ])
    .await;
    let policy = fast_retries().backoff(Duration::from_millis(1), Duration::from_secs(5));

    let started = Instant::now();
    sftpgo_client(&server.url, Some(policy))
        .metadata()
        .checks()
        .await
        .expect("retried");

    assert_eq!(server.connections(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "did not wait: {:?}",
        started.elapsed()
    );
    assert_bounded(started);
}

fn httpdate_in(delay: Duration) -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + delay)
}

#[tokio::test]
async fn a_long_retry_after_is_capped_by_the_largest_backoff() {
    let server = RawServer::start(vec![
        Fault::text(429, Some(("Retry-After", "3600")), "slow down"),
        empty_list(),
    ])
    .await;
    let policy = fast_retries()
        .backoff(Duration::from_millis(1), Duration::from_millis(50))
        .deadline(Duration::from_secs(10));

    let started = Instant::now();
    sftpgo_client(&server.url, Some(policy))
        .metadata()
        .checks()
        .await
        .expect("retried after 50 ms, not an hour");

    assert_bounded(started);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_return_the_last_status() {
    let busy = Fault::text(503, Some(("Retry-After", "0")), "busy");
    let server = RawServer::start(vec![busy]).await;

    let error = sftpgo_client(&server.url, Some(fast_retries().max_retries(2)))
        .metadata()
        .checks()
        .await
        .expect_err("still busy");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(error.body(), Some(&ErrorBody::Text("busy".into())));
    assert_eq!(server.connections(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn put_is_retried_and_patch_only_when_the_caller_opts_in() {
    let busy = Fault::text(503, Some(("Retry-After", "0")), "busy");
    let done = Fault::Answer {
        status: 204,
        headers: Vec::new(),
        body: Vec::new(),
    };
    let fields = json!({"photographer": "Ada"});

    let server = RawServer::start(vec![busy.clone(), done.clone()]).await;
    rokka_client(&server.url, Some(fast_retries()))
        .source_images("acme")
        .user_metadata(HASH)
        .replace(fields.clone())
        .await
        .expect("PUT is idempotent: retried");
    assert_eq!(server.connections(), 2);

    let server = RawServer::start(vec![busy.clone(), done.clone()]).await;
    let error = rokka_client(&server.url, Some(fast_retries()))
        .source_images("acme")
        .user_metadata(HASH)
        .patch(fields.clone())
        .await
        .expect_err("PATCH is not retried");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.connections(), 1);

    let server = RawServer::start(vec![busy, done]).await;
    rokka_client(&server.url, Some(fast_retries().retry_non_idempotent(true)))
        .source_images("acme")
        .user_metadata(HASH)
        .patch(fields)
        .await
        .expect("retried once opted in");
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_streamed_upload_is_never_sent_twice() {
    let busy = Fault::text(503, Some(("Retry-After", "0")), "busy");
    let server = RawServer::start(vec![busy]).await;
    let chunks =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from("pixels"))]);

    let error = rokka_client(&server.url, Some(fast_retries().retry_non_idempotent(true)))
        .source_images("acme")
        .upload(Upload::stream("pixel.png", chunks, None))
        .send()
        .await
        .expect_err("busy");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.connections(), 1);
}

// ---- endless and trickling bodies ----

#[tokio::test]
async fn an_endless_error_body_of_an_upload_is_capped() {
    let server = RawServer::start(vec![Fault::Endless { status: 500 }]).await;
    let client = rokka::Client::builder()
        .base_url(&server.url)
        .timeout(None)
        .build()
        .expect("a client");

    let started = Instant::now();
    let error = client
        .source_images("acme")
        .upload(Upload::bytes("pixel.png", "x"))
        .send()
        .await
        .expect_err("500");

    assert_bounded(started);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    match error.body() {
        Some(ErrorBody::Text(text)) => assert_eq!(text.len(), ERROR_BODY_LIMIT),
        other => panic!("expected a capped text body, got {other:?}"),
    }
    assert_stopped_reading(&server);
}

#[tokio::test]
async fn an_endless_error_body_of_a_generated_call_is_capped() {
    let server = RawServer::start(vec![Fault::Endless { status: 503 }]).await;
    let client = sftpgo::Client::builder()
        .base_url(format!("{}/api/v2", server.url))
        .timeout(None)
        .retry(fast_retries().max_retries(1))
        .build()
        .expect("a client");

    let started = Instant::now();
    let error = client.metadata().checks().await.expect_err("503");

    assert_bounded(started);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    match error.body() {
        Some(ErrorBody::Text(text)) => assert_eq!(text.len(), ERROR_BODY_LIMIT),
        other => panic!("expected a capped text body, got {other:?}"),
    }
    assert_eq!(server.connections(), 2, "retried once");
    assert_stopped_reading(&server);
}

/// Asserts that the client hung up soon after [`ERROR_BODY_LIMIT`] bytes of an endless body:
/// what the server wrote beyond is what socket buffers hold (a few MiB at most).
fn assert_stopped_reading(server: &RawServer) {
    let written = server.endless_written();
    assert!(
        written < 32 * 1024 * 1024,
        "the client read {written} bytes of an endless body"
    );
}

#[tokio::test]
async fn a_trickling_answer_hits_the_request_timeout() {
    let server = RawServer::start(vec![Fault::Trickle {
        status: 200,
        body: b"[]                                                                ".to_vec(),
        every: Duration::from_millis(50),
    }])
    .await;

    let started = Instant::now();
    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("too slow");

    assert_bounded(started);
    assert!(
        matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_timeout()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_trickling_download_hits_the_request_timeout_and_leaves_no_file() {
    let server = RawServer::start(vec![Fault::Trickle {
        status: 200,
        body: noise(1000),
        every: Duration::from_millis(20),
    }])
    .await;
    let directory = tempfile::tempdir().expect("a temporary directory");

    let started = Instant::now();
    let error = rokka_client(&server.url, None)
        .source_images("acme")
        .download(HASH)
        .await
        .expect("the head")
        .download_to(directory.path().join("image.jpg"))
        .await
        .expect_err("too slow");

    assert_bounded(started);
    assert!(
        matches!(error.kind(), ErrorKind::Transport(inner) if inner.is_timeout()),
        "{error:?}"
    );
    assert_no_file(directory.path());
}

// ---- redirects ----

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_gets_no_key() {
    let elsewhere = RawServer::start(vec![empty_list()]).await;
    let location = format!("{}/api/v2/metadata/users/checks", elsewhere.url);
    let server = RawServer::start(vec![Fault::text(
        302,
        Some(("Location", &location)),
        "moved",
    )])
    .await;

    let error = sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect_err("not followed");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert_eq!(elsewhere.connections(), 0, "the redirect was followed");
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = RawServer::start(vec![
        Fault::text(
            302,
            Some(("Location", "/api/v2/metadata/users/checks?moved=1")),
            "moved",
        ),
        empty_list(),
    ])
    .await;

    sftpgo_client(&server.url, None)
        .metadata()
        .checks()
        .await
        .expect("followed");

    assert_eq!(
        server.targets(),
        [
            "/api/v2/metadata/users/checks",
            "/api/v2/metadata/users/checks?moved=1"
        ]
    );
}

// ---- parameters that try to escape ----

/// Values with every character that could end a path segment, the path, or the request line.
const HOSTILE: &[&str] = &[
    "a/b",
    "a/../b",
    "..a",
    "a?b=c",
    "a#b",
    "100%",
    "%2e%2e",
    "a\rb",
    "a\nb",
    "a\r\nHost: evil",
    "zoë/ü",
];

#[tokio::test]
async fn hostile_path_parameters_reach_the_server_as_one_encoded_segment() {
    let server = RawServer::start(vec![Fault::json(201, &json!({}))]).await;
    let client = sftpgo_client(&server.url, None);
    for value in HOSTILE {
        client
            .metadata()
            .start_check(*value)
            .await
            .expect("an answer");
    }

    let targets = server.targets();
    assert_eq!(targets.len(), HOSTILE.len());
    for (value, target) in HOSTILE.iter().zip(&targets) {
        let segment = target
            .strip_prefix("/api/v2/metadata/users/")
            .and_then(|rest| rest.strip_suffix("/check"))
            .unwrap_or_else(|| panic!("{value:?} changed the path: {target}"));
        assert!(
            segment
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"%-._~".contains(&byte)),
            "{value:?} was sent unencoded: {target}"
        );
        let decoded = percent_decode(segment);
        assert_eq!(&decoded, value, "{target}");
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("ASCII");
            decoded.push(u8::from_str_radix(hex, 16).expect("hex"));
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).expect("UTF-8")
}

#[tokio::test]
async fn a_destination_with_cr_or_lf_is_refused_before_sending() {
    let server = RawServer::start(vec![Fault::json(201, &json!({}))]).await;
    let client = rokka_client(&server.url, None);

    for destination in ["acme\r\nX-Injected: 1", "acme\n", "acme\r"] {
        let error = client
            .source_images("acme")
            .copy(HASH, destination)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(error.kind(), ErrorKind::InvalidArgument(message) if message.contains("`Destination`")),
            "{error:?}"
        );
        assert!(!error.is_retryable());
    }

    assert_eq!(server.connections(), 0, "something was sent");
}

#[tokio::test]
async fn a_user_agent_with_cr_or_lf_is_refused_when_the_client_is_built() {
    for agent in ["app/1\r\nX-Injected: 1", "app/1\n", "app/1\r"] {
        let error = sftpgo::Client::builder()
            .user_agent(agent)
            .build()
            .expect_err("refused");
        assert!(
            matches!(error.kind(), ErrorKind::InvalidArgument(message) if message.contains("`User-Agent`")),
            "{error:?}"
        );
        // Also with a caller's HTTP client, whose own user agent the facade does not check.
        let error = rokka::Client::builder()
            .http_client(reqwest::Client::new())
            .user_agent(agent)
            .build()
            .expect_err("refused");
        assert!(
            matches!(error.kind(), ErrorKind::InvalidArgument(message) if message.contains("`User-Agent`")),
            "{error:?}"
        );
    }
}
