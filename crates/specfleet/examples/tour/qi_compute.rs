//! Quantum Inspire: a backend records its calibration with its API key, a user reads it back
//! with an access token, one page at a time and as a stream across pages, and meets the 404 of
//! an unknown record.

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use specfleet::qi_compute::{self, MetadataIn};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BACKEND: i64 = 3;

fn record(id: i64, t1_us: f64) -> Value {
    json!({
        "id": id,
        "backend_id": BACKEND,
        "created_on": format!("2024-07-23T09:{:02}:00.000000+00:00", id),
        "data": {"qubits": 5, "calibration": {"t1_us": t1_us, "t2_us": 18.2, "readout_fidelity": 0.962}}
    })
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== Quantum Inspire compute");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/metadata"))
        .and(header("authorization", "tour-backend-key"))
        .respond_with(ResponseTemplate::new(201).set_body_json(record(7, 33.1)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/metadata/7"))
        .and(header("authorization", "Bearer tour-access-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(record(7, 33.1)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/metadata/99"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"detail": "Metadata not found"})),
        )
        .mount(&server)
        .await;
    // Seven records, three per page, newest first.
    let t1 = [33.1, 31.5, 30.2, 32.8, 29.9, 31.0, 30.7];
    for (page, ids) in [[7_i64, 6, 5].as_slice(), &[4, 3, 2], &[1]]
        .into_iter()
        .enumerate()
    {
        let items: Vec<Value> = ids
            .iter()
            .map(|id| record(*id, t1[usize::try_from(7 - id).unwrap_or_default()]))
            .collect();
        Mock::given(method("GET"))
            .and(path(format!("/metadata/backend/{BACKEND}")))
            .and(query_param("page", (page + 1).to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "items": items, "total": 7, "page": page + 1, "size": 3, "pages": 3
            })))
            .mount(&server)
            .await;
    }

    let qi = qi_compute::Client::builder()
        .base_url(server.uri())
        .backend_key("tour-backend-key")
        .access_token("tour-access-token")
        .build()?;

    let calibration = json!({"qubits": 5, "calibration": {"t1_us": 33.1, "t2_us": 18.2}});
    let created = qi
        .metadata()
        .create(MetadataIn::new(Some(calibration)))
        .await?;
    println!(
        "backend {} recorded its calibration as record {} at {}",
        created.backend_id, created.id, created.created_on
    );
    let read = qi.metadata().get(created.id).await?;
    let t1_us = read
        .data
        .as_ref()
        .and_then(|data| data["calibration"]["t1_us"].as_f64())
        .unwrap_or_default();
    println!("record {} read back: T1 = {t1_us} µs", read.id);

    let first = qi
        .metadata()
        .of_backend(BACKEND)
        .sort_by("-created_on")
        .page(1)
        .size(3)
        .await?;
    println!(
        "page {} of {}: {} of {} records",
        first.page.unwrap_or_default(),
        first.pages.flatten().unwrap_or_default(),
        first.items.len(),
        first.total.unwrap_or_default()
    );
    let all: Vec<_> = qi
        .metadata()
        .of_backend(BACKEND)
        .sort_by("-created_on")
        .size(3)
        .stream()
        .try_collect()
        .await?;
    let ids: Vec<_> = all.iter().map(|record| record.id.to_string()).collect();
    println!("every record, across pages: {}", ids.join(", "));

    match qi.metadata().get(99).await {
        Err(error) => println!("record 99: {error}"),
        Ok(_) => println!("record 99: found (unexpected)"),
    }
    Ok(())
}
