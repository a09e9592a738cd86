//! The mock and the client stay in step: for each way a value travels, an expectation built
//! with the same calls as the runtime's `Request` matches what that request sends, with values
//! that need encoding (spaces, slashes, `%`, non-ASCII, `;` in cookies).

use serde_json::json;
use specfleet_mock::{Expectation, MockServer, Response};
use specfleet_runtime::{Client, Method, Service, Upload};

static SERVICE: Service = Service {
    name: "in-step",
    user_agent: "specfleet-mock-tests",
    base_url: "https://example.test/api/v1",
    security_schemes: &[],
};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start(SERVICE.base_url).await;
    let client = Client::builder(&SERVICE)
        .base_url(server.uri())
        .build()
        .expect("a client");
    (server, client)
}

#[tokio::test]
async fn path_query_header_and_cookie_values_are_encoded_alike() {
    let (server, client) = server_and_client().await;
    let filter = json!({"created": {"gte": 5}, "tags": ["a b", "c/d"]});
    server
        .register(
            Expectation::new("find", "GET", "/things/{owner}/{id}")
                .path("owner", "ann & bob/eu")
                .path("id", "50%~ü")
                .query("q", "a+b c&d")
                .query_each("ids", [1, 2, 3])
                .query_deep_object("filter", &filter)
                .query_form_object(&json!({"page": 2, "sort": "name desc"}))
                .query_json("meta", &json!({"k": "v"}))
                .header("X-Trace", "t 1")
                .cookie("session", "a;b c"),
            Response::new(204),
        )
        .times(1);
    client
        .request(Method::GET, "/things/{owner}/{id}")
        .path("owner", "ann & bob/eu")
        .path("id", "50%~ü")
        .query("q", "a+b c&d")
        .query_each("ids", [1, 2, 3])
        .query_deep_object("filter", &filter)
        .query_form_object(&json!({"page": 2, "sort": "name desc"}))
        .query_json("meta", &json!({"k": "v"}))
        .header("X-Trace", "t 1")
        .cookie("session", "a;b c")
        .send::<serde_json::Value>()
        .await
        .expect("the expectation matches");
    server.verify();
}

#[tokio::test]
async fn json_text_form_and_multipart_bodies_are_encoded_alike() {
    let (server, client) = server_and_client().await;
    let body = json!({"name": "x", "nested": {"list": [1, 2]}, "none": null});
    server
        .register(
            Expectation::new("put", "PUT", "/json").json_as("application/merge-patch+json", &body),
            Response::new(204),
        )
        .times(1);
    server
        .register(
            Expectation::new("text", "POST", "/text").bytes("text/csv", "a,b\n1,2"),
            Response::new(204),
        )
        .times(1);
    server
        .register(
            Expectation::new("form", "POST", "/form")
                .form("user", Some("ann b"))
                .form("tags", Some("x&y=z")),
            Response::new(204),
        )
        .times(1);
    server
        .register(
            Expectation::new("upload", "POST", "/upload")
                .multipart()
                .part("kind", Some("scan é"))
                .part_json("meta", Some(&json!({"a": [1]}))),
            Response::new(204),
        )
        .times(1);

    client
        .request(Method::PUT, "/json")
        .json_as("application/merge-patch+json", &body)
        .send::<serde_json::Value>()
        .await
        .expect("the JSON body matches");
    client
        .request(Method::POST, "/text")
        .bytes("text/csv", "a,b\n1,2")
        .send::<serde_json::Value>()
        .await
        .expect("the text body matches");
    client
        .request(Method::POST, "/form")
        .form("user", Some("ann b"))
        .form("tags", Some("x&y=z"))
        .send::<serde_json::Value>()
        .await
        .expect("the form matches");
    client
        .request(Method::POST, "/upload")
        .part("kind", Some("scan é"))
        .part_json("meta", Some(&json!({"a": [1]})))
        .part_file("file", Some(Upload::bytes("scan.nii", "nifti")))
        .send::<serde_json::Value>()
        .await
        .expect("the multipart body matches");
    server.verify();
}
