//! Quantum Inspire compute metadata: the create call with the `backend` API key (raw, in the
//! Authorization header), the two reads with the OAuth `user_bearer` token, the backend listing
//! with its optional query parameters absent, at the seed's defaults and all set, and every
//! documented status decoded (typed 404, 422 with string and integer `loc` items).

use serde_json::json;
use specfleet_qi_compute::Client;
use specfleet_qi_compute::apis::metadata_api;
use specfleet_qi_compute::models::MetadataIn;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{assert_decoded_snapshot, assert_request_snapshot, only_request, serve};

const BACKEND_KEY: &str = "placeholder-qi-backend-key";
const ACCESS_TOKEN: &str = "placeholder-qi-access-token";

/// The `backend` scheme: an API key sent as the whole Authorization header, no prefix.
fn with_backend_key(server: &MockServer) -> Client {
    specfleet_qi_compute::client()
        .base_url(server.uri())
        .api_key(BACKEND_KEY)
        .build()
        .expect("a client")
}

/// The `user_bearer` scheme: an OAuth access token sent as `Authorization: Bearer ...`.
fn with_access_token(server: &MockServer) -> Client {
    specfleet_qi_compute::client()
        .base_url(server.uri())
        .bearer_token(ACCESS_TOKEN)
        .build()
        .expect("a client")
}

/// A stored record as the server returns it (FastAPI: RFC 3339 with microseconds).
fn metadata(id: i64, created_on: &str) -> serde_json::Value {
    json!({
        "id": id,
        "backend_id": 7,
        "created_on": created_on,
        "data": {
            "qubits": 5,
            "calibrated_on": "2024-05-06T06:00:00Z",
            "t1_us": [48.2, 51.7, 45.9, 50.3, 47.1]
        }
    })
}

/// FastAPI's 404 body (`HTTPNotFoundError`).
fn not_found(detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({"detail": detail}))
}

/// FastAPI's 422 body (`HTTPValidationError`), as pydantic 2 writes it: `loc` mixes field names
/// and list indexes, and each error carries extra members (`input`, `ctx`) the model ignores.
fn validation_error(detail: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(422).set_body_json(json!({ "detail": detail }))
}

#[tokio::test]
async fn create_metadata_sends_the_backend_key_and_the_whole_body() {
    let server = serve(
        ResponseTemplate::new(201).set_body_json(metadata(31, "2024-05-06T07:08:09.123456+02:00")),
    )
    .await;
    let mut metadata_in = MetadataIn::new(Some(json!({
        "qubits": 5,
        "calibrated_on": "2024-05-06T06:00:00Z",
        "t1_us": [48.2, 51.7, 45.9, 50.3, 47.1]
    })));
    metadata_in.backend_id = Some(7);
    let created =
        metadata_api::create_metadata_self_metadata_post(&with_backend_key(&server), metadata_in)
            .await;
    assert_decoded_snapshot!("create_metadata_self_metadata_post__response_201", created);
    assert_request_snapshot!("create_metadata_self_metadata_post__backend_key", &server);
}

#[tokio::test]
async fn create_metadata_leaves_out_an_unset_backend_id_and_sends_null_data() {
    let server = serve(ResponseTemplate::new(201).set_body_json(json!({
        "id": 32,
        "backend_id": 7,
        "created_on": "2024-05-06T07:10:00.000001+02:00",
        "data": null
    })))
    .await;
    // `data` is required (any JSON value, null included), `backend_id` optional.
    let metadata_in = MetadataIn::new(None);
    metadata_api::create_metadata_self_metadata_post(&with_backend_key(&server), metadata_in)
        .await
        .expect("created metadata");
    assert_request_snapshot!("create_metadata_self_metadata_post__data_only", &server);
}

#[tokio::test]
async fn create_metadata_decodes_every_documented_error() {
    // FastAPI's answer to a body that is not valid JSON: the integer is the decoder's offset.
    let cases = [(
        "422",
        validation_error(json!([{
            "type": "json_invalid",
            "loc": ["body", 27],
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": "Expecting value"}
        }])),
    )];
    for (status, response) in cases {
        let server = serve(response).await;
        let mut metadata_in = MetadataIn::new(Some(json!([1, 2])));
        metadata_in.backend_id = Some(7);
        let result = metadata_api::create_metadata_self_metadata_post(
            &with_backend_key(&server),
            metadata_in,
        )
        .await;
        assert_decoded_snapshot!(
            format!("create_metadata_self_metadata_post__response_{status}"),
            result
        );
    }
}

/// A page of two records for backend 7, as FastAPI-pagination returns it.
fn page_of_metadata(page: u32, size: u32) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "items": [
            metadata(41, "2024-05-06T07:08:09.654321Z"),
            {
                "id": 42,
                "backend_id": 7,
                "created_on": "2024-05-07T09:30:00.000000Z",
                "data": null
            }
        ],
        "total": 2,
        "page": page,
        "size": size,
        "pages": 1
    }))
}

#[tokio::test]
async fn read_metadata_by_backend_id_sends_no_query_without_optional_parameters() {
    let server = serve(page_of_metadata(1, 50)).await;
    metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &with_access_token(&server),
        7,
    )
    .await
    .expect("a page");
    assert_request_snapshot!(
        "read_metadata_by_backend_id_metadata_backend_backend_id_get__no_optional_parameters",
        &server
    );
}

#[tokio::test]
async fn read_metadata_by_backend_id_sends_the_seed_defaults_when_given() {
    let server = serve(page_of_metadata(1, 50)).await;
    metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &with_access_token(&server),
        7,
    )
    .page(1)
    .size(50)
    .await
    .expect("a page");
    assert_request_snapshot!(
        "read_metadata_by_backend_id_metadata_backend_backend_id_get__seed_defaults",
        &server
    );
}

#[tokio::test]
async fn read_metadata_by_backend_id_sends_every_optional_parameter() {
    let server = serve(page_of_metadata(2, 10)).await;
    metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &with_access_token(&server),
        7,
    )
    .sort_by("-created_on")
    .latest(true)
    .page(2)
    .size(10)
    .await
    .expect("a page");
    assert_request_snapshot!(
        "read_metadata_by_backend_id_metadata_backend_backend_id_get__all_optional_parameters",
        &server
    );
}

#[tokio::test]
async fn read_metadata_by_backend_id_decodes_every_documented_status() {
    let cases = [
        ("200", page_of_metadata(1, 50)),
        (
            "422",
            validation_error(json!([
                {
                    "type": "less_than_equal",
                    "loc": ["query", "size"],
                    "msg": "Input should be less than or equal to 100",
                    "input": "500",
                    "ctx": {"le": 100}
                },
                {
                    "type": "bool_parsing",
                    "loc": ["query", "latest", 0],
                    "msg": "Input should be a valid boolean, unable to interpret input",
                    "input": "newest"
                }
            ])),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result = metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
            &with_access_token(&server),
            7,
        )
        .await;
        assert_decoded_snapshot!(
            format!(
                "read_metadata_by_backend_id_metadata_backend_backend_id_get__response_{status}"
            ),
            result
        );
    }
}

#[tokio::test]
async fn read_metadata_sends_the_oauth_bearer_token() {
    let server = serve(
        ResponseTemplate::new(200).set_body_json(metadata(31, "2024-05-06T07:08:09.123456+02:00")),
    )
    .await;
    metadata_api::read_metadata_metadata_id_get(&with_access_token(&server), 31)
        .await
        .expect("a record");
    assert_request_snapshot!("read_metadata_metadata_id_get__bearer", &server);
}

#[tokio::test]
async fn read_metadata_decodes_every_documented_status() {
    let cases = [
        (
            "200",
            ResponseTemplate::new(200).set_body_raw(
                metadata(31, "2024-05-06T07:08:09.123456+02:00").to_string(),
                "application/json; charset=utf-8",
            ),
        ),
        ("404", not_found("Metadata not found")),
        (
            "422",
            validation_error(json!([
                {
                    "type": "int_parsing",
                    "loc": ["path", "id"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "latest"
                },
                {
                    "type": "missing",
                    "loc": ["header", "authorization", 0],
                    "msg": "Field required",
                    "input": null
                }
            ])),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let result =
            metadata_api::read_metadata_metadata_id_get(&with_access_token(&server), 31).await;
        assert_decoded_snapshot!(
            format!("read_metadata_metadata_id_get__response_{status}"),
            result
        );
    }
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = serve(
        ResponseTemplate::new(200).set_body_json(metadata(31, "2024-05-06T07:08:09.123456+02:00")),
    )
    .await;
    metadata_api::read_metadata_metadata_id_get(&with_access_token(&server), 31)
        .await
        .expect("a record");
    let request = only_request(&server).await;
    assert_eq!(request.headers["user-agent"], "specfleet-qi-compute/0.2.0");
}
