//! Quantum Inspire compute: metadata with the `backend` key or the OAuth token; typed 404 and 422.

use specfleet_qi_compute::apis::metadata_api::{
    self, CreateMetadataSelfMetadataPostError, ReadMetadataMetadataIdGetError,
};
use specfleet_qi_compute::apis::{Error, configuration::ApiKey, configuration::Configuration};
use specfleet_qi_compute::models::{
    HttpNotFoundError, HttpValidationError, LocationInner, Metadata, MetadataIn, PageMetadata,
    ValidationError,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::only_request;

fn configuration(server: &MockServer) -> Configuration {
    Configuration {
        base_path: server.uri(),
        ..Configuration::default()
    }
}

fn with_backend_key(server: &MockServer) -> Configuration {
    Configuration {
        api_key: Some(ApiKey {
            prefix: None,
            key: "placeholder-backend-key".into(),
        }),
        ..configuration(server)
    }
}

fn with_access_token(server: &MockServer) -> Configuration {
    Configuration {
        oauth_access_token: Some("placeholder-access-token".into()),
        ..configuration(server)
    }
}

#[tokio::test]
async fn creates_metadata_with_the_backend_key_in_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/metadata"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 31,
            "backend_id": 7,
            "created_on": "2024-05-06T07:08:09.123456+02:00",
            "data": {"qubits": 5, "calibrated": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let metadata_in = MetadataIn {
        backend_id: Some(7),
        data: Some(serde_json::json!({"qubits": 5, "calibrated": true})),
    };

    let metadata =
        metadata_api::create_metadata_self_metadata_post(&with_backend_key(&server), metadata_in)
            .await
            .expect("created metadata");

    assert_eq!(
        metadata,
        Metadata {
            id: 31,
            backend_id: 7,
            created_on: "2024-05-06T07:08:09.123456+02:00"
                .parse()
                .expect("an RFC 3339 date-time"),
            data: Some(serde_json::json!({"qubits": 5, "calibrated": true})),
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/metadata");
    assert_eq!(request.url.query(), None);
    // The `backend` scheme is an API key carried in the Authorization header, without a prefix.
    assert_eq!(request.headers["authorization"], "placeholder-backend-key");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["accept"], "application/json");
    assert_eq!(
        request
            .body_json::<serde_json::Value>()
            .expect("a JSON body"),
        serde_json::json!({"backend_id": 7, "data": {"qubits": 5, "calibrated": true}})
    );
}

#[tokio::test]
async fn pages_a_backends_metadata_with_the_oauth_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/metadata/backend/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "items": [
                {"id": 41, "backend_id": 7, "created_on": "2024-05-06T07:08:09Z", "data": null}
            ],
            "total": 11,
            "page": 2,
            "size": 10,
            "pages": 2
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &with_access_token(&server),
        7,
        None,
        None,
        Some(2),
        Some(10),
    )
    .await
    .expect("a page");

    assert_eq!(
        page,
        PageMetadata {
            items: vec![Metadata {
                id: 41,
                backend_id: 7,
                created_on: "2024-05-06T07:08:09Z"
                    .parse()
                    .expect("an RFC 3339 date-time"),
                data: None,
            }],
            total: Some(11),
            page: Some(2),
            size: Some(10),
            pages: Some(Some(2)),
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/metadata/backend/7");
    assert_eq!(request.url.query(), Some("page=2&size=10"));
    assert_eq!(
        request.headers["authorization"],
        "Bearer placeholder-access-token"
    );
    assert_eq!(request.headers["accept"], "application/json");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn an_unknown_metadata_id_is_a_typed_404() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/metadata/999"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"detail": "Metadata not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = metadata_api::read_metadata_metadata_id_get(&with_access_token(&server), 999)
        .await
        .expect_err("404 is an error");

    let Error::ResponseError(response) = error else {
        panic!("expected a response error, got {error:?}")
    };
    assert_eq!(response.status, 404);
    let expected = HttpNotFoundError {
        detail: "Metadata not found".into(),
    };
    let Some(ReadMetadataMetadataIdGetError::Status404(body)) = &response.entity else {
        panic!(
            "expected the documented 404 body, got {:?}",
            response.entity
        )
    };
    assert_eq!(*body, expected);
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["authorization"],
        "Bearer placeholder-access-token"
    );
}

#[tokio::test]
async fn a_validation_error_keeps_string_and_integer_loc_items() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/metadata"))
        .respond_with(ResponseTemplate::new(422).set_body_json(serde_json::json!({
            "detail": [
                {
                    "loc": ["body", "data", 0],
                    "msg": "value is not a valid dict",
                    "type": "type_error.dict"
                },
                {
                    "loc": ["body", "backend_id"],
                    "msg": "value is not a valid integer",
                    "type": "type_error.integer"
                }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = metadata_api::create_metadata_self_metadata_post(
        &with_backend_key(&server),
        MetadataIn {
            backend_id: None,
            data: Some(serde_json::json!([1, 2])),
        },
    )
    .await
    .expect_err("422 is an error");

    let Error::ResponseError(response) = error else {
        panic!("expected a response error, got {error:?}")
    };
    assert_eq!(response.status, 422);
    let expected = HttpValidationError {
        detail: Some(vec![
            ValidationError {
                loc: vec![
                    LocationInner::String("body".into()),
                    LocationInner::String("data".into()),
                    LocationInner::Integer(0),
                ],
                msg: "value is not a valid dict".into(),
                r#type: "type_error.dict".into(),
            },
            ValidationError {
                loc: vec![
                    LocationInner::String("body".into()),
                    LocationInner::String("backend_id".into()),
                ],
                msg: "value is not a valid integer".into(),
                r#type: "type_error.integer".into(),
            },
        ]),
    };
    let Some(CreateMetadataSelfMetadataPostError::Status422(body)) = &response.entity else {
        panic!(
            "expected the documented 422 body, got {:?}",
            response.entity
        )
    };
    assert_eq!(*body, expected);
    let request = only_request(&server).await;
    // An unset backend_id is left out; the required, nullable data is always sent.
    assert_eq!(
        request
            .body_json::<serde_json::Value>()
            .expect("a JSON body"),
        serde_json::json!({"data": [1, 2]})
    );
}
