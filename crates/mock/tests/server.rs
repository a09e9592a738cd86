//! The mock server through a real HTTP client: matching, answers, counting, and the messages
//! for what did not match.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::json;
use specfleet_mock::{Expectation, MockServer, Response, UNMATCHED_STATUS};

fn images(organization: &str) -> Expectation {
    Expectation::new("list_source_images", "GET", "/sourceimages/{organization}")
        .path("organization", organization)
}

/// The message a dropped server panics with, or `None` when it drops quietly.
fn drop_message(server: MockServer) -> Option<String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| drop(server)));
    outcome.err().map(|panic| match panic.downcast::<String>() {
        Ok(message) => *message,
        Err(_) => "a panic without a message".to_owned(),
    })
}

#[tokio::test]
async fn a_matching_request_gets_the_answer_and_the_server_drops_quietly() {
    let server = MockServer::start("https://api.example.test/v1/").await;
    let expected = server
        .register(
            images("a b/c").query("limit", 20),
            Response::new(200).json(&json!({"total": 1})),
        )
        .times(1);
    let url = format!("{}/sourceimages/a%20b%2Fc?offset=0&limit=20", server.uri());
    assert!(server.uri().ends_with("/v1"), "{}", server.uri());
    let response = reqwest::get(url).await.expect("the server answers");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body, json!({"total": 1}));
    assert_eq!(expected.received(), 1);
    assert_eq!(drop_message(server), None);
}

#[tokio::test]
async fn a_mismatch_names_the_closest_expectation_and_the_differing_field() {
    let server = MockServer::start("http://localhost").await;
    server.register(images("acme").query("limit", 20), Response::new(200));
    server.register(
        Expectation::new(
            "delete_source_image",
            "DELETE",
            "/sourceimages/{organization}/{hash}",
        )
        .path("organization", "acme")
        .path("hash", "c0ffee"),
        Response::new(204),
    );
    let response = reqwest::get(format!("{}/sourceimages/acme?limit=10", server.uri()))
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), UNMATCHED_STATUS);
    let explanation = response.text().await.expect("text");
    assert!(
        explanation.contains(
            "closest expectation: `list_source_images` (GET /sourceimages/acme?limit=20)"
        ),
        "{explanation}"
    );
    assert!(
        explanation.contains("query `limit`:\n      expected \"20\"\n      received \"10\""),
        "{explanation}"
    );
    let message = drop_message(server).expect("the server panics at drop");
    assert!(
        message.contains("no expectation matches GET /sourceimages/acme?limit=10"),
        "{message}"
    );
    assert!(
        message.contains("expectation `delete_source_image` (DELETE /sourceimages/acme/c0ffee) was expected at least 1 time(s), and matched 0"),
        "{message}"
    );
}

#[tokio::test]
async fn a_path_value_body_field_and_header_are_named_when_they_differ() {
    let server = MockServer::start("http://localhost").await;
    server.register(
        Expectation::new(
            "set_meta",
            "PUT",
            "/sourceimages/{organization}/{hash}/meta",
        )
        .path("organization", "acme")
        .path("hash", "c0ffee")
        .header("Destination", "other")
        .json_as("application/json", &json!({"tags": ["a", "b"], "size": 1})),
        Response::new(204),
    );
    let response = reqwest::Client::new()
        .put(format!("{}/sourceimages/acme/beef/meta", server.uri()))
        .json(&json!({"tags": ["a", "c"], "size": 1, "extra": true}))
        .send()
        .await
        .expect("the server answers");
    let explanation = response.text().await.expect("text");
    for field in [
        "path value `hash`:\n      expected \"c0ffee\"\n      received \"beef\"",
        "header `destination`:\n      expected \"other\"\n      received nothing",
        "body/tags/1:\n      expected \"b\"\n      received \"c\"",
        "body/extra:\n      expected nothing\n      received true",
    ] {
        assert!(explanation.contains(field), "{field} in\n{explanation}");
    }
    assert!(drop_message(server).is_some());
}

#[tokio::test]
async fn times_hands_later_calls_to_the_next_expectation_and_counts_are_checked() {
    let server = MockServer::start("http://localhost").await;
    server.register(images("acme"), Response::new(200)).times(1);
    server.register(images("acme"), Response::new(429));
    let client = reqwest::Client::new();
    let url = format!("{}/sourceimages/acme", server.uri());
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            client
                .get(&url)
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 429, 429]);
    assert_eq!(drop_message(server), None);

    let server = MockServer::start("http://localhost").await;
    server.register(images("acme"), Response::new(200)).times(1);
    let url = format!("{}/sourceimages/acme", server.uri());
    for _ in 0..2 {
        client.get(&url).send().await.expect("answer");
    }
    let message = drop_message(server).expect("two calls where one was expected");
    assert!(
        message.contains("was expected 1 time(s), and matched 2"),
        "{message}"
    );
}

#[tokio::test]
async fn form_and_multipart_fields_are_compared_by_value() {
    let server = MockServer::start("http://localhost").await;
    server.register(
        Expectation::new("login", "POST", "/login").form("user", Some("alice")),
        Response::new(200),
    );
    server.register(
        Expectation::new("upload", "POST", "/files")
            .multipart()
            .part("kind", Some("scan"))
            .part_json("meta", Some(&json!({"a": 1}))),
        Response::new(201),
    );
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{}/login", server.uri()))
        .form(&[("user", "alice"), ("remember", "yes")])
        .send()
        .await
        .expect("answer");
    assert_eq!(login.status(), 200);
    let form = reqwest::multipart::Form::new().text("kind", "scan").part(
        "meta",
        reqwest::multipart::Part::text("{ \"a\": 1 }")
            .mime_str("application/json")
            .expect("a media type"),
    );
    let upload = client
        .post(format!("{}/files", server.uri()))
        .multipart(form)
        .send()
        .await
        .expect("answer");
    assert_eq!(upload.status(), 201);
    let wrong = reqwest::multipart::Form::new().text("kind", "photo");
    let refused = client
        .post(format!("{}/files", server.uri()))
        .multipart(wrong)
        .send()
        .await
        .expect("answer");
    let explanation = refused.text().await.expect("text");
    assert!(
        explanation.contains("part `kind`:\n      expected \"scan\"\n      received \"photo\""),
        "{explanation}"
    );
    assert!(
        explanation.contains("part `meta`:\n      expected {\"a\":1}\n      received no such part"),
        "{explanation}"
    );
    assert!(drop_message(server).is_some());
}
