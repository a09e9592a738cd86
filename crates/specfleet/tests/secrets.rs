//! Secrets under every failure: one test per authentication scheme of every service (o²S²PARC
//! storage has none) drives each fault of `faults.rs` against a hostile server that also echoes
//! the credential back, in error bodies, typed error bodies, undecodable answers and headers, and
//! asserts the credential is absent from the error's `Debug`, `Display` and source chain, from
//! the traces, and from the `Debug` of the builder and the client.
#![cfg(all(
    feature = "sftpgo",
    feature = "qi-compute",
    feature = "rokka",
    feature = "cbrain"
))]

use std::future::Future;
use std::time::Duration;

use serde_json::json;
use specfleet::qi_compute::MetadataIn;
use specfleet::{RetryPolicy, Upload, cbrain, qi_compute, rokka, sftpgo};

use support::{
    Fault, RawServer, assert_secret_absent, capture_traces, refused_port, stalled_connect,
};

mod support;

const HASH: &str = "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7";

/// Short timeouts and quick retries, POST included, so that every attempt of every fault is
/// driven in well under a second.
macro_rules! hostile_settings {
    ($builder:expr) => {
        $builder
            .connect_timeout(Duration::from_millis(300))
            .timeout(Some(Duration::from_millis(400)))
            .retry(
                RetryPolicy::default()
                    .max_retries(1)
                    .backoff(Duration::from_millis(1), Duration::from_millis(10))
                    .deadline(Duration::from_secs(1))
                    .retry_non_idempotent(true),
            )
    };
}

/// A JSON string where the operation expects an object or a list.
const UNDECODABLE: &str = "a 200 that does not decode";

/// Every fault, each answer echoing `secret` wherever a server can put it.
fn hostile_answers(secret: &str) -> Vec<(&'static str, Fault)> {
    let echoed = format!("invalid credential {secret}");
    vec![
        ("a reset during the headers", Fault::ResetInHead),
        (
            "a reset during the body",
            Fault::ResetInBody {
                announced: 4096,
                sent: 100,
            },
        ),
        ("no answer", Fault::Stall),
        (
            "a body shorter than its length",
            Fault::ShortBody {
                announced: 4096,
                sent: 10,
            },
        ),
        ("a chunked body cut off", Fault::ChunkedCut { sent: 100 }),
        (
            "a trickle",
            Fault::Trickle {
                status: 200,
                body: json!([secret, secret, secret]).to_string().into_bytes(),
                every: Duration::from_millis(40),
            },
        ),
        (
            "a 401 echoing it as text and in a header",
            Fault::text(
                401,
                Some(("WWW-Authenticate", &format!("Bearer error=\"{secret}\""))),
                &echoed,
            ),
        ),
        (
            "a 403 echoing it in JSON, keys included",
            Fault::json(
                403,
                &json!({"error": echoed, "message": secret, "detail": secret, secret: [secret]}),
            ),
        ),
        (
            "a 404 echoing it in a documented body",
            Fault::json(
                404,
                &json!({"detail": echoed, "error": secret, "message": secret, "code": 404}),
            ),
        ),
        (
            "a 422 echoing it in a validation body",
            Fault::json(
                422,
                &json!({"detail": [{"loc": [secret, 0], "msg": echoed, "type": secret}]}),
            ),
        ),
        (
            "503s echoing it until the retries run out",
            Fault::text(503, Some(("Retry-After", "0")), &echoed),
        ),
        (
            "a redirect elsewhere carrying it",
            Fault::text(
                302,
                Some((
                    "Location",
                    &format!("http://127.0.0.1:{}/{secret}", refused_port()),
                )),
                &echoed,
            ),
        ),
        (UNDECODABLE, Fault::json(200, &json!(echoed))),
        (
            "a 200 whose content type carries it",
            Fault::text(200, None, &echoed).with_content_type(&format!("text/{secret}")),
        ),
    ]
}

/// Drives `call` through every fault, a refused connection and a stalled connect, and asserts
/// `secret` never shows. `client` builds a client for a base URL; `call` makes one call with it.
async fn assert_never_shown<C, F, Fut, T, E>(secret: &str, client: impl Fn(String) -> C, call: F)
where
    F: Fn(C) -> Fut,
    C: Clone,
    Fut: Future<Output = Result<T, specfleet::Error<E>>>,
    T: std::fmt::Debug,
    E: std::fmt::Debug + 'static,
{
    let (captured, _guard) = capture_traces();
    let server = RawServer::start(vec![Fault::Stall]).await;
    // One client for every fault: building one loads the root certificates, which is slow.
    let hostile = client(server.url.clone());
    for (fault, answer) in hostile_answers(secret) {
        server.set(vec![answer]);
        let result = call(hostile.clone()).await;
        assert!(server.connections() >= 1, "{fault}: nothing was sent");
        match result {
            Err(error) => check(&error, secret, fault),
            // An operation that returns any JSON accepts a JSON string: the data is the caller's.
            Ok(_) if fault == UNDECODABLE => {}
            Ok(value) => panic!("{fault} is an error, not {value:?}"),
        }
    }
    let refused = call(client(format!("http://127.0.0.1:{}", refused_port())))
        .await
        .expect_err("refused");
    check(&refused, secret, "a refused connection");
    let (stalled, _stall) = stalled_connect();
    let error = call(client(stalled)).await.expect_err("connect timeout");
    check(&error, secret, "a connect timeout");

    let traces = captured.text();
    assert!(traces.contains("specfleet.request"), "no traces:\n{traces}");
    assert!(
        !traces.contains(secret),
        "{secret} leaked into traces:\n{traces}"
    );
}

fn check<E: std::fmt::Debug + 'static>(error: &specfleet::Error<E>, secret: &str, fault: &str) {
    let shown = format!("{error:?}{error}");
    assert!(
        !shown.contains(secret),
        "{fault}: {secret} leaked:\n{shown}"
    );
    assert_secret_absent(error, secret);
}

/// Asserts the `Debug` of a builder and of the client it builds never shows `secret`.
macro_rules! assert_not_in_debug {
    ($builder:expr, $secret:expr) => {{
        let builder = $builder;
        let shown_builder = format!("{builder:?}");
        let shown_client = format!("{:?}", builder.build().expect("a client"));
        for shown in [shown_builder, shown_client] {
            assert!(!shown.contains($secret), "{} leaked:\n{shown}", $secret);
        }
    }};
}

#[tokio::test]
async fn the_sftpgo_api_key_never_shows() {
    const KEY: &str = "sftpgo-api-key-3f9a1c";
    assert_not_in_debug!(sftpgo::Client::builder().api_key(KEY), KEY);

    let client = |base: String| {
        hostile_settings!(sftpgo::Client::builder().base_url(base).api_key(KEY))
            .build()
            .expect("a client")
    };
    assert_never_shown(KEY, client, |sftpgo| async move {
        sftpgo.metadata().checks().await
    })
    .await;
}

#[tokio::test]
async fn the_sftpgo_bearer_token_never_shows() {
    const TOKEN: &str = "sftpgo-jwt-eyJhbGciOi-7c2d";
    assert_not_in_debug!(sftpgo::Client::builder().bearer_token(TOKEN), TOKEN);

    let client = |base: String| {
        hostile_settings!(sftpgo::Client::builder().base_url(base).bearer_token(TOKEN))
            .build()
            .expect("a client")
    };
    assert_never_shown(TOKEN, client, |sftpgo| async move {
        sftpgo.metadata().start_check("alice").await
    })
    .await;
}

#[tokio::test]
async fn the_quantum_inspire_backend_key_never_shows() {
    const KEY: &str = "qi-backend-key-81be0d";
    assert_not_in_debug!(qi_compute::Client::builder().backend_key(KEY), KEY);

    let client = |base: String| {
        hostile_settings!(
            qi_compute::Client::builder()
                .base_url(base)
                .backend_key(KEY)
        )
        .build()
        .expect("a client")
    };
    assert_never_shown(KEY, client, |qi| async move {
        let mut record = MetadataIn::new(Some(json!({"qubits": 5})));
        record.backend_id = Some(3);
        qi.metadata().create(record).send().await
    })
    .await;
}

#[tokio::test]
async fn the_quantum_inspire_access_token_never_shows() {
    const TOKEN: &str = "qi-oauth-access-token-5a7e";
    assert_not_in_debug!(qi_compute::Client::builder().access_token(TOKEN), TOKEN);

    let client = |base: String| {
        hostile_settings!(
            qi_compute::Client::builder()
                .base_url(base)
                .access_token(TOKEN)
        )
        .build()
        .expect("a client")
    };
    assert_never_shown(
        TOKEN,
        client,
        |qi| async move { qi.metadata().get(7).await },
    )
    .await;
}

#[tokio::test]
async fn the_rokka_api_key_never_shows() {
    const KEY: &str = "rokka-api-key-c0ffee42";
    assert_not_in_debug!(rokka::Client::builder().api_key(KEY), KEY);

    let client = |base: String| {
        hostile_settings!(rokka::Client::builder().base_url(base).api_key(KEY))
            .build()
            .expect("a client")
    };
    // A call without a body, and a multipart upload.
    assert_never_shown(KEY, client, |rokka| async move {
        rokka.source_images("acme").get(HASH).await
    })
    .await;
    assert_never_shown(KEY, client, |rokka| async move {
        rokka
            .source_images("acme")
            .upload(Upload::bytes("pixel.png", "x"))
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn the_cbrain_query_token_never_shows() {
    const TOKEN: &str = "cbrain-api-token-9d41b7";
    assert_not_in_debug!(cbrain::Client::builder().api_token(TOKEN), TOKEN);

    let client = |base: String| {
        hostile_settings!(cbrain::Client::builder().base_url(base).api_token(TOKEN))
            .build()
            .expect("a client")
    };
    // A call without a body, and a multipart upload.
    assert_never_shown(TOKEN, client, |cbrain| async move {
        cbrain.userfiles().get(12).await
    })
    .await;
    assert_never_shown(TOKEN, client, |cbrain| async move {
        cbrain
            .userfiles()
            .upload(Upload::bytes("notes.txt", "3T Prisma"), 4, 5, "SingleFile")
            .send()
            .await
    })
    .await;
}
