//! The Quantum Inspire compute facade against a local server: both credentials, each method's
//! request and result, one page and the stream across pages, typed 404 and 422 errors,
//! from_vars, secrets kept out of output.
#![cfg(all(feature = "qi-compute", feature = "mock"))]

use std::collections::HashMap;

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use specfleet::qi_compute::generated::apis::metadata_api::{
    CreateMetadataSelfMetadataPostError as CreateError,
    ReadMetadataByBackendIdMetadataBackendBackendIdGetError as OfBackendError,
    ReadMetadataMetadataIdGetError as GetError,
};
use specfleet::qi_compute::mock::MockServer;
use specfleet::qi_compute::{
    Client, HttpNotFoundError, HttpValidationError, Metadata, MetadataIn, PageMetadata,
};
use specfleet::{ErrorBody, ErrorKind};

use support::header_value;

mod support;

const BACKEND_KEY: &str = "placeholder-backend-key";
const ACCESS_TOKEN: &str = "placeholder-access-token";

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .backend_key(BACKEND_KEY)
        .access_token(ACCESS_TOKEN)
        .build()
        .expect("a client")
}

fn record_json(id: i64) -> Value {
    json!({
        "id": id,
        "backend_id": 3,
        "created_on": format!("2024-07-23T09:{:02}:00.123456+00:00", id % 60),
        "data": {"calibration": {"t1_us": 31.5, "t2_us": 18.2}, "qubits": 5, "run": id}
    })
}

fn record(id: i64) -> Metadata {
    serde_json::from_value(record_json(id)).expect("a Metadata")
}

fn page_json(ids: &[i64], page: i64, size: i64, total: Value, pages: Value) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| record_json(*id)).collect();
    json!({"items": items, "total": total, "page": page, "size": size, "pages": pages})
}

fn page(ids: &[i64], page: i64, size: i64, total: Value, pages: Value) -> PageMetadata {
    serde_json::from_value(page_json(ids, page, size, total, pages)).expect("a PageMetadata")
}

/// A record to create: `data`, for `backend_id` when set (else the key's own backend).
fn record_in(data: Value, backend_id: Option<i64>) -> MetadataIn {
    let mut record = MetadataIn::new(Some(data));
    record.backend_id = backend_id;
    record
}

fn validation_json() -> Value {
    json!({"detail": [{
        "loc": ["query", "size"],
        "msg": "Input should be less than or equal to 100",
        "type": "less_than_equal"
    }]})
}

#[tokio::test]
async fn create_sends_the_backend_key_and_the_data() {
    let server = MockServer::start().await;
    server
        .create_metadata_self_metadata_post()
        .respond(&record(12))
        .times(2);
    let client = client(&server).await;
    let data = json!({"calibration": {"t1_us": 31.5, "t2_us": 18.2}, "qubits": 5, "run": 12});

    let created = client
        .metadata()
        .create(record_in(data.clone(), None))
        .send()
        .await
        .expect("a record");
    client
        .metadata()
        .create(record_in(data.clone(), Some(3)))
        .send()
        .await
        .expect("a record for backend 3");

    assert_eq!(created, record(12));
    assert_eq!(created.backend_id, 3);
    assert_eq!(
        created.created_on.to_rfc3339(),
        "2024-07-23T09:12:00.123456+00:00"
    );
    let requests = server.received_requests().await;
    // The typed mock does not compare credentials.
    assert!(
        requests
            .iter()
            .all(|request| header_value(request, "authorization") == Some(BACKEND_KEY))
    );
    assert_eq!(
        requests[0].body_json::<Value>().expect("JSON"),
        json!({"data": data})
    );
    assert_eq!(
        requests[1].body_json::<Value>().expect("JSON"),
        json!({"backend_id": 3, "data": data})
    );
    assert!(requests.iter().all(|request| request.url.query().is_none()));
}

#[tokio::test]
async fn create_reports_a_rejected_body_as_a_typed_validation_error() {
    let server = MockServer::start().await;
    let body = json!({"detail": [{
        "loc": ["body", "data"],
        "msg": "Field required",
        "type": "missing"
    }]});
    server
        .create_metadata_self_metadata_post()
        .respond_error(422, &body)
        .times(1);

    let error = client(&server)
        .await
        .metadata()
        .create(MetadataIn::new(None))
        .send()
        .await
        .expect_err("422");

    let expected: HttpValidationError = serde_json::from_value(body).expect("a validation error");
    assert_eq!(error.typed(), Some(&CreateError::Status422(expected)));
    assert_eq!(
        error.to_string(),
        "POST /metadata: the server answered 422 Unprocessable Entity: Field required"
    );
    assert_eq!(
        server.received_requests().await[0]
            .body_json::<Value>()
            .expect("JSON"),
        json!({"data": null})
    );
}

#[tokio::test]
async fn a_404_from_create_is_not_typed_since_the_spec_does_not_document_it() {
    let server = MockServer::start().await;
    server
        .create_metadata_self_metadata_post()
        .respond_error(404, &json!({"detail": "Not Found"}))
        .times(1);

    let error = client(&server)
        .await
        .metadata()
        .create(record_in(json!({}), None))
        .send()
        .await
        .expect_err("404");

    assert_eq!(
        error.body(),
        Some(&ErrorBody::Json(json!({"detail": "Not Found"})))
    );
}

#[tokio::test]
async fn get_sends_the_access_token_and_returns_the_record() {
    let server = MockServer::start().await;
    server
        .read_metadata_metadata_id_get(12)
        .respond(&record(12))
        .times(1);

    let found = client(&server)
        .await
        .metadata()
        .get(12)
        .await
        .expect("record 12");

    assert_eq!(found, record(12));
    assert_eq!(
        found.data.as_ref().map(|data| &data["qubits"]),
        Some(&json!(5))
    );
    let requests = server.received_requests().await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
    // The typed mock does not compare credentials.
    assert_eq!(
        header_value(&requests[0], "authorization"),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
}

#[tokio::test]
async fn get_reports_a_missing_record_as_a_typed_not_found_error() {
    let server = MockServer::start().await;
    server
        .read_metadata_metadata_id_get(404_404)
        .respond_error(404, &json!({"detail": "Metadata not found"}))
        .times(1);

    let error = client(&server)
        .await
        .metadata()
        .get(404_404)
        .await
        .expect_err("404");

    assert_eq!(
        error.typed(),
        Some(&GetError::Status404(HttpNotFoundError::new(
            "Metadata not found".into()
        )))
    );
    assert_eq!(error.route(), "/metadata/{id}");
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "GET /metadata/{id}: the server answered 404 Not Found: Metadata not found"
    );
}

#[tokio::test]
async fn get_reports_a_422_as_a_typed_validation_error() {
    let server = MockServer::start().await;
    let body = json!({"detail": [{
        "loc": ["path", "id"],
        "msg": "Input should be a valid integer",
        "type": "int_parsing"
    }]});
    server
        .read_metadata_metadata_id_get(-1)
        .respond_error(422, &body)
        .times(1);

    let error = client(&server)
        .await
        .metadata()
        .get(-1)
        .await
        .expect_err("422");

    let expected: HttpValidationError = serde_json::from_value(body).expect("a validation error");
    assert_eq!(error.typed(), Some(&GetError::Status422(expected)));
    assert_eq!(
        error.to_string(),
        "GET /metadata/{id}: the server answered 422 Unprocessable Entity: Input should be a valid integer"
    );
}

#[tokio::test]
async fn one_page_sends_no_option_unless_set_and_then_the_options() {
    let server = MockServer::start().await;
    server
        .read_metadata_by_backend_id_metadata_backend_backend_id_get(3)
        .respond(&page(&[41, 40], 2, 2, json!(41), json!(21)))
        .times(2);
    let client = client(&server).await;

    let first = client
        .metadata()
        .of_backend(3)
        .send()
        .await
        .expect("a page");
    client
        .metadata()
        .of_backend(3)
        .sort_by("-created_on")
        .latest(true)
        .page(2)
        .size(2)
        .send()
        .await
        .expect("a page");

    assert_eq!(first.items, vec![record(41), record(40)]);
    assert_eq!(
        (first.total, first.page, first.size, first.pages),
        (Some(41), Some(2), Some(2), Some(Some(21)))
    );
    let requests = server.received_requests().await;
    // The typed mock does not compare credentials.
    assert!(requests.iter().all(|request| {
        header_value(request, "authorization") == Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    }));
    // The server applies the spec's defaults (page 1, size 50): none is sent.
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(
        requests[1].url.query(),
        Some("sort_by=-created_on&latest=true&page=2&size=2")
    );
}

#[tokio::test]
async fn one_page_reports_a_bad_size_as_a_typed_validation_error() {
    let server = MockServer::start().await;
    server
        .read_metadata_by_backend_id_metadata_backend_backend_id_get(3)
        .respond_error(422, &validation_json())
        .times(1);

    let error = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .size(500)
        .send()
        .await
        .expect_err("422");

    let expected: HttpValidationError =
        serde_json::from_value(validation_json()).expect("a validation error");
    assert_eq!(error.typed(), Some(&OfBackendError::Status422(expected)));
    assert_eq!(error.route(), "/metadata/backend/{backend_id}");
}

/// Expects one call per page number, answered with that page.
fn mount_pages(server: &MockServer, pages: Vec<PageMetadata>) {
    for (number, body) in (1..).zip(pages) {
        server
            .read_metadata_by_backend_id_metadata_backend_backend_id_get(3)
            .page(number)
            .respond(&body)
            .times(1);
    }
}

fn ids(records: &[Metadata]) -> Vec<i64> {
    records.iter().map(|record| record.id).collect()
}

#[tokio::test]
async fn the_stream_reads_every_page_up_to_the_announced_last_one() {
    let server = MockServer::start().await;
    mount_pages(
        &server,
        vec![
            page(&[1, 2], 1, 2, json!(5), json!(3)),
            page(&[3, 4], 2, 2, json!(5), json!(3)),
            page(&[5], 3, 2, json!(5), json!(3)),
        ],
    );

    let records: Vec<Metadata> = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .sort_by("created_on")
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("every record");

    assert_eq!(ids(&records), vec![1, 2, 3, 4, 5]);
    assert_eq!(records[4], record(5));
    let queries: Vec<_> = server
        .received_requests()
        .await
        .iter()
        .map(|request| request.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        vec![
            Some("sort_by=created_on&page=1&size=2".to_owned()),
            Some("sort_by=created_on&page=2&size=2".to_owned()),
            Some("sort_by=created_on&page=3&size=2".to_owned()),
        ]
    );
}

#[tokio::test]
async fn the_stream_uses_the_total_when_the_page_count_is_missing() {
    let server = MockServer::start().await;
    mount_pages(
        &server,
        vec![
            page(&[1, 2], 1, 2, json!(4), Value::Null),
            page(&[3, 4], 2, 2, json!(4), Value::Null),
        ],
    );

    let records: Vec<Metadata> = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("every record");

    assert_eq!(ids(&records), vec![1, 2, 3, 4]);
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn without_counts_the_stream_stops_at_a_short_page() {
    let server = MockServer::start().await;
    mount_pages(
        &server,
        vec![
            page(&[1, 2], 1, 2, Value::Null, Value::Null),
            page(&[3], 2, 2, Value::Null, Value::Null),
        ],
    );

    let records: Vec<Metadata> = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("every record");

    assert_eq!(ids(&records), vec![1, 2, 3]);
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn without_counts_the_stream_stops_at_an_empty_page() {
    let server = MockServer::start().await;
    mount_pages(
        &server,
        vec![
            page(&[1, 2], 1, 2, Value::Null, Value::Null),
            page(&[3, 4], 2, 2, Value::Null, Value::Null),
            page(&[], 3, 2, Value::Null, Value::Null),
        ],
    );

    let records: Vec<Metadata> = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("every record");

    assert_eq!(ids(&records), vec![1, 2, 3, 4]);
    assert_eq!(server.received_requests().await.len(), 3);
}

#[tokio::test]
async fn the_stream_starts_at_the_given_page_and_ends_even_if_the_server_ignores_it() {
    let server = MockServer::start().await;
    // A server that always answers its first page, whatever page is asked for.
    server
        .read_metadata_by_backend_id_metadata_backend_backend_id_get(3)
        .respond(&page(&[1, 2], 1, 2, json!(8), json!(4)));

    let records: Vec<Metadata> = client(&server)
        .await
        .metadata()
        .of_backend(3)
        .page(3)
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("records");

    let queries: Vec<_> = server
        .received_requests()
        .await
        .iter()
        .map(|request| request.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries[..2],
        [
            Some("page=3&size=2".to_owned()),
            Some("page=4&size=2".to_owned())
        ]
    );
    // The stream ends although every answer is the same full page: the runtime stops once it
    // has read as many pages as the answers announce (4), counted from the first it read.
    assert!(queries.len() <= 4, "{queries:?}");
    assert_eq!(records.len(), 2 * queries.len());
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_records_before_it() {
    let server = MockServer::start().await;
    mount_pages(&server, vec![page(&[1, 2], 1, 2, json!(6), json!(3))]);
    server
        .read_metadata_by_backend_id_metadata_backend_backend_id_get(3)
        .page(2)
        .respond_error(422, &validation_json())
        .times(1);
    let client = client(&server).await;
    let mut stream = std::pin::pin!(client.metadata().of_backend(3).size(2).stream());

    let first = stream.try_next().await.expect("record 1");
    let second = stream.try_next().await.expect("record 2");
    let error = stream.try_next().await.expect_err("page 2 fails");
    let after = stream.try_next().await.expect("nothing after the error");

    assert_eq!(
        ids(&[first, second].map(|record| record.expect("a record"))),
        vec![1, 2]
    );
    assert!(
        matches!(error.typed(), Some(OfBackendError::Status422(_))),
        "{error:?}"
    );
    assert!(after.is_none());
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn each_credential_goes_only_where_its_scheme_applies() {
    let server = MockServer::start().await;
    server
        .create_metadata_self_metadata_post()
        .respond(&record(1))
        .times(2);
    server
        .read_metadata_metadata_id_get(1)
        .respond(&record(1))
        .times(2);
    let backend_only = Client::builder()
        .base_url(server.uri())
        .backend_key(BACKEND_KEY)
        .build()
        .expect("a client");
    let user_only = Client::builder()
        .base_url(server.uri())
        .access_token(ACCESS_TOKEN)
        .build()
        .expect("a client");

    backend_only
        .metadata()
        .create(record_in(json!({}), None))
        .send()
        .await
        .expect("created");
    backend_only.metadata().get(1).await.expect("read");
    user_only
        .metadata()
        .create(record_in(json!({}), None))
        .send()
        .await
        .expect("created");
    user_only.metadata().get(1).await.expect("read");

    let authorization: Vec<_> = server
        .received_requests()
        .await
        .iter()
        .map(|request| {
            request
                .headers
                .get("authorization")
                .map(|value| value.to_str().expect("ASCII").to_owned())
        })
        .collect();
    assert_eq!(
        authorization,
        vec![
            Some(BACKEND_KEY.to_owned()),
            None,
            None,
            Some(format!("Bearer {ACCESS_TOKEN}")),
        ]
    );
}

#[tokio::test]
async fn secrets_are_not_printed() {
    let builder = Client::builder()
        .backend_key(BACKEND_KEY)
        .access_token(ACCESS_TOKEN);
    let printed_builder = format!("{builder:?}");
    let client = builder.build().expect("a client");
    // Bind and drop a listener: nothing listens on the port afterwards.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("an address")
        .port();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .backend_key(BACKEND_KEY)
        .access_token(ACCESS_TOKEN)
        .build()
        .expect("a client");
    let error = refused
        .metadata()
        .get(1)
        .await
        .expect_err("nothing listens");

    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    for printed in [
        printed_builder,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(
            !printed.contains(BACKEND_KEY) && !printed.contains(ACCESS_TOKEN),
            "{printed}"
        );
    }
}

#[tokio::test]
async fn from_vars_reads_the_url_and_both_credentials() {
    let server = MockServer::start().await;
    server
        .create_metadata_self_metadata_post()
        .respond(&record(1))
        .times(1);
    server
        .read_metadata_metadata_id_get(1)
        .respond(&record(1))
        .times(1);
    let url = server.uri();
    let vars = HashMap::from([
        ("QI_COMPUTE_URL", url.as_str()),
        ("QI_COMPUTE_BACKEND_KEY", "vars-backend-key"),
        ("QI_COMPUTE_ACCESS_TOKEN", "vars-access-token"),
    ]);

    let client =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect("a client");
    let created = client
        .metadata()
        .create(record_in(json!({}), None))
        .send()
        .await
        .expect("created with the backend key");
    let found = client
        .metadata()
        .get(1)
        .await
        .expect("read with the access token");

    assert_eq!(created, record(1));
    assert_eq!(found, record(1));
    // The typed mock does not compare credentials.
    let authorization: Vec<_> = server
        .received_requests()
        .await
        .iter()
        .map(|request| header_value(request, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        authorization,
        vec![
            Some("vars-backend-key".to_owned()),
            Some("Bearer vars-access-token".to_owned())
        ]
    );
}
