//! Fault injection against the generated crates and their runtime, without the facade and (but
//! for one test) without a retry policy: every fault ends in an `Error` within the client's
//! timeouts, never a panic nor a partial body taken for a whole one; error bodies are capped at
//! `ERROR_BODY_LIMIT`; hostile path parameters stay one encoded segment; header values with CR or
//! LF are refused before anything is sent.
//! RELIABILITY.md at the workspace root maps each fault to its test here.

use std::time::{Duration, Instant};

use specfleet_rokka::apis::sourceimages_api;
use specfleet_sftpgo::apis::metadata_api;
use specfleet_sftpgo::{Error, ErrorBody, ErrorKind, RetryPolicy};

use crate::fault_servers::{Fault, RawServer, stalled_connect};

/// A generous bound on calls that must fail fast: far above what they take, far below a hang.
const BOUND: Duration = Duration::from_secs(5);
const HASH: &str = "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7";
const CONNECT_TIMEOUT: Duration = Duration::from_millis(300);
const TIMEOUT: Duration = Duration::from_millis(500);

/// A client with short timeouts and, as every client unless told otherwise, no retries.
fn sftpgo(base: &str) -> specfleet_sftpgo::Client {
    specfleet_sftpgo::client()
        .base_url(base)
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(Some(TIMEOUT))
        .build()
        .expect("a client")
}

fn rokka(base: &str) -> specfleet_rokka::Client {
    specfleet_rokka::client()
        .base_url(base)
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(Some(TIMEOUT))
        .build()
        .expect("a client")
}

fn assert_bounded(started: Instant) {
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
}

/// The reqwest error under an error that failed sending or reading.
fn reqwest_error<T: std::fmt::Debug>(error: &Error<T>) -> &reqwest::Error {
    match error.kind() {
        ErrorKind::Transport(inner) => inner,
        _ => panic!("expected a transport error, got {error:?}"),
    }
}

/// Whether the error happened reading the body, after the head arrived (reqwest reports a body
/// cut short as a decode error whose source is the body error).
fn read_body_failed<T: std::fmt::Debug>(error: &Error<T>) -> bool {
    let inner = reqwest_error(error);
    inner.is_body() || inner.is_decode()
}

/// Calls `get_users_metadata_checks` against a server that treats every connection as `fault`,
/// and returns the error with the server.
async fn checks_against(
    fault: Fault,
) -> (Error<metadata_api::GetUsersMetadataChecksError>, RawServer) {
    let server = RawServer::start(fault).await;
    let started = Instant::now();
    let result = metadata_api::get_users_metadata_checks(&sftpgo(&server.url)).await;
    assert_bounded(started);
    (result.expect_err("a fault is an error"), server)
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("an address")
        .port();
    let error =
        metadata_api::get_users_metadata_checks(&sftpgo(&format!("http://127.0.0.1:{port}")))
            .await
            .expect_err("nothing listens");
    assert!(reqwest_error(&error).is_connect(), "{error:?}");
    assert!(error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn a_reset_during_the_headers_is_a_request_error_sent_once() {
    let (error, server) = checks_against(Fault::ResetInHead).await;
    assert!(
        reqwest_error(&error).is_request(),
        "failed while sending: {error:?}"
    );
    assert_eq!(
        server.connections(),
        1,
        "a client without a retry policy does not retry"
    );
}

#[tokio::test]
async fn a_reset_during_the_body_is_an_error_not_a_partial_result() {
    let (error, _server) = checks_against(Fault::ResetInBody {
        announced: 4096,
        sent: 100,
    })
    .await;
    assert!(
        read_body_failed(&error),
        "failed while reading the body, after the head: {error:?}"
    );
}

#[tokio::test]
async fn a_stalled_connect_hits_the_connect_timeout() {
    let (base, _stalled) = stalled_connect();
    let started = Instant::now();
    let error = metadata_api::get_users_metadata_checks(&sftpgo(&base))
        .await
        .expect_err("never connects");
    assert_bounded(started);
    let inner = reqwest_error(&error);
    assert!(inner.is_connect() && inner.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_request_timeout() {
    let (error, _server) = checks_against(Fault::Stall).await;
    assert!(reqwest_error(&error).is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_json_body_shorter_than_its_content_length_is_an_error() {
    let (error, _server) = checks_against(Fault::ShortBody {
        announced: 4096,
        sent: 10,
    })
    .await;
    assert!(
        read_body_failed(&error),
        "failed while reading the body, after the head: {error:?}"
    );
}

/// A download operation hands its body over unread: reading a body cut short fails, into memory
/// and into a writer alike.
async fn read_download(fault: Fault) {
    let server = RawServer::start(fault.clone()).await;
    let download = sourceimages_api::download_source_image(&rokka(&server.url), "acme", HASH)
        .await
        .expect("the head arrives");
    let error = download.bytes().await.expect_err("the body is cut short");
    assert!(read_body_failed(&error), "{error:?}");

    let download = sourceimages_api::download_source_image(&rokka(&server.url), "acme", HASH)
        .await
        .expect("the head arrives");
    let mut written = Vec::new();
    download
        .write_to(&mut written)
        .await
        .expect_err("the body is cut short");
}

#[tokio::test]
async fn a_download_cut_short_or_cut_off_fails_when_read() {
    read_download(Fault::ShortBody {
        announced: 1 << 20,
        sent: 1000,
    })
    .await;
    read_download(Fault::ChunkedCut { sent: 100_000 }).await;
    read_download(Fault::ResetInBody {
        announced: 1 << 20,
        sent: 1000,
    })
    .await;
}

#[tokio::test]
async fn a_429_or_503_is_a_response_error_sent_once() {
    for status in [429, 503] {
        let (error, server) = checks_against(Fault::Answer {
            status,
            content_type: "text/plain",
            body: b"busy".to_vec(),
        })
        .await;
        match error.kind() {
            ErrorKind::Status {
                status: got,
                body,
                raw,
            } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(raw, "busy");
                assert_eq!(body, &ErrorBody::Text("busy".to_owned()));
            }
            _ => panic!("expected a status error, got {error:?}"),
        }
        assert!(error.is_retryable(), "{error:?}");
        assert_eq!(
            server.connections(),
            1,
            "a client without a retry policy does not retry"
        );
    }
}

/// The other side of the test above: with a retry policy a 503 on a GET is sent again (here
/// until the policy gives up), and a POST, which may not be safe to repeat, is sent once.
#[tokio::test]
async fn a_retry_policy_repeats_an_idempotent_call_only() {
    let server = RawServer::start(Fault::Answer {
        status: 503,
        content_type: "text/plain",
        body: b"busy".to_vec(),
    })
    .await;
    let client = specfleet_sftpgo::client()
        .base_url(&server.url)
        .retry(
            RetryPolicy::default()
                .max_retries(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20)),
        )
        .build()
        .expect("a client");
    let started = Instant::now();
    let error = metadata_api::get_users_metadata_checks(&client)
        .await
        .expect_err("always 503");
    assert_bounded(started);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.connections(), 3, "the first attempt and two retries");

    metadata_api::start_user_metadata_check(&client, "alice")
        .await
        .expect_err("503");
    assert_eq!(server.connections(), 4, "a POST is not retried");
}

#[tokio::test]
async fn an_endless_error_body_is_capped() {
    let server = RawServer::start(Fault::Endless { status: 500 }).await;
    // No request timeout: the cap alone must end the call.
    let client = specfleet_sftpgo::client()
        .base_url(&server.url)
        .timeout(None)
        .build()
        .expect("a client");

    let started = Instant::now();
    let error = metadata_api::get_users_metadata_checks(&client)
        .await
        .expect_err("500");

    assert_bounded(started);
    match error.kind() {
        ErrorKind::Status { status, raw, .. } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(raw.len(), specfleet_sftpgo::runtime::ERROR_BODY_LIMIT);
        }
        _ => panic!("expected a status error, got {error:?}"),
    }
    let written = server.endless_written();
    assert!(
        written < 32 * 1024 * 1024,
        "the client read {written} bytes of an endless body"
    );
}

#[tokio::test]
async fn a_trickling_answer_hits_the_request_timeout() {
    let (error, _server) = checks_against(Fault::Trickle {
        body: b"[]                                                              ".to_vec(),
        every: Duration::from_millis(50),
    })
    .await;
    assert!(reqwest_error(&error).is_timeout(), "{error:?}");
}

// ---- parameters that try to escape ----

/// Values with every character that could end a path segment, the path, or the request line, and
/// RFC 3986's unreserved and sub-delimiter characters.
const HOSTILE: &[&str] = &[
    "~*+:@!$&'(),;=",
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

/// Asserts `target` is `prefix`, one percent-encoded segment that decodes to `value`, `suffix`.
fn assert_one_segment(target: &str, prefix: &str, suffix: &str, value: &str) {
    let segment = target
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("{value:?} changed the path: {target}"));
    assert!(
        segment
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"%-._~".contains(&byte)),
        "{value:?} was sent unencoded: {target}"
    );
    let mut decoded = Vec::new();
    let mut bytes = segment.bytes();
    while let Some(byte) = bytes.next() {
        if byte == b'%' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            decoded.push(u8::from_str_radix(&hex, 16).expect("two hex digits"));
        } else {
            decoded.push(byte);
        }
    }
    assert_eq!(String::from_utf8_lossy(&decoded), value, "{target}");
}

#[tokio::test]
async fn hostile_path_parameters_reach_the_server_as_one_encoded_segment() {
    let server = RawServer::start(Fault::Answer {
        status: 200,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await;
    let sftpgo = sftpgo(&server.url);
    let rokka = rokka(&server.url);
    for value in HOSTILE {
        metadata_api::start_user_metadata_check(&sftpgo, *value)
            .await
            .expect("an answer");
        // Two parameters in one path: each stays its own segment.
        let _ = sourceimages_api::get_source_image(&rokka, *value, *value).await;
    }

    let targets = server.targets();
    assert_eq!(targets.len(), 2 * HOSTILE.len());
    // Only the unreserved characters stay as they are (RFC 3986, section 2.3).
    assert_eq!(
        targets[0],
        "/metadata/users/~%2A%2B%3A%40%21%24%26%27%28%29%2C%3B%3D/check"
    );
    for (value, pair) in HOSTILE.iter().zip(targets.chunks(2)) {
        assert_one_segment(&pair[0], "/metadata/users/", "/check", value);
        let (organization, hash) = pair[1]
            .strip_prefix("/sourceimages/")
            .and_then(|rest| rest.split_once('/'))
            .unwrap_or_else(|| panic!("{value:?} changed the path: {}", pair[1]));
        assert_one_segment(&format!("/{organization}"), "/", "", value);
        assert_one_segment(&format!("/{hash}"), "/", "", value);
    }
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_before_sending() {
    let server = RawServer::start(Fault::Answer {
        status: 204,
        content_type: "text/plain",
        body: Vec::new(),
    })
    .await;
    let client = rokka(&server.url);
    fn refused<E: std::fmt::Debug>(error: &specfleet_rokka::Error<E>, header: &str) {
        match error.kind() {
            specfleet_rokka::ErrorKind::InvalidArgument(message) => assert!(
                message.contains(header) && message.contains("CR, LF"),
                "{message}"
            ),
            _ => panic!("expected the {header} value refused, got {error:?}"),
        }
    }

    for hostile in ["acme\r\nX-Injected: 1", "acme\n", "acme\r"] {
        let error = sourceimages_api::copy_source_image(&client, hostile, "acme", HASH)
            .await
            .expect_err("Destination refused");
        refused(&error, "`Destination`");
        let error = sourceimages_api::copy_source_image(&client, "acme-archive", "acme", HASH)
            .overwrite(hostile)
            .await
            .expect_err("Overwrite refused");
        refused(&error, "`Overwrite`");
        // The user agent is set once per client: it is refused when the client is built.
        let error = specfleet_rokka::client()
            .base_url(&server.url)
            .user_agent(hostile)
            .build()
            .expect_err("User-Agent refused");
        refused(&error, "`User-Agent`");
    }

    assert_eq!(server.connections(), 0, "something was sent");
}

// What the runtime's defaults protect: the CBRAIN token in the query never reaches a transport
// error (errors drop the URL), and API keys never follow a redirect to another origin
// (`same_origin_redirects`).

#[tokio::test]
async fn a_transport_error_does_not_carry_the_query_token() {
    const TOKEN: &str = "placeholder-cbrain-token-in-the-query";
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let client = specfleet_cbrain::client()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(TOKEN)
        .build()
        .expect("a client");
    let error = specfleet_cbrain::apis::userfiles_api::userfiles_id_get(&client, 12)
        .await
        .expect_err("nothing listens");
    let shown = format!("{error} | {error:?}");
    assert!(shown.contains("error sending request"), "{shown}");
    assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
}

#[tokio::test]
async fn the_default_client_keeps_api_keys_within_the_origin() {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let elsewhere = MockServer::start().await;
    let origin = MockServer::start().await;
    Mock::given(path(format!("/sourceimages/org/{HASH}")))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/stolen", elsewhere.uri())),
        )
        .mount(&origin)
        .await;
    Mock::given(path(format!("/sourceimages/moved/{HASH}")))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("/sourceimages/org/{HASH}")),
        )
        .mount(&origin)
        .await;
    let client = specfleet_rokka::client()
        .base_url(origin.uri())
        .api_key("placeholder-rokka-key")
        .build()
        .expect("a client");

    // A redirect within the origin is followed; the one to another host is not.
    let error = sourceimages_api::get_source_image(&client, "moved", HASH)
        .await
        .expect_err("the cross-origin redirect is not followed");
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(302),
        "expected the 302 as a status error, got {error:?}"
    );
    let followed = origin.received_requests().await.expect("recorded");
    assert_eq!(followed.len(), 2, "the same-origin 307 was followed");
    let leaked = elsewhere.received_requests().await.expect("recorded");
    assert!(leaked.is_empty(), "the other host got {leaked:?}");
}
