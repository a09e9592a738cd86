//! Quantum Inspire: a backend records its calibration with its API key, a user reads it back
//! with an access token, one page at a time and as a stream across pages, and meets the 404 of
//! an unknown record.

use futures_util::TryStreamExt;
use serde_json::json;
use specfleet::qi_compute::mock::MockServer;
use specfleet::qi_compute::{self, HttpNotFoundError, Metadata, MetadataIn, PageMetadata};

const BACKEND: i64 = 3;

fn record(id: i64, t1_us: f64) -> serde_json::Result<Metadata> {
    serde_json::from_value(json!({
        "id": id,
        "backend_id": BACKEND,
        "created_on": format!("2024-07-23T09:{:02}:00.000000+00:00", id),
        "data": {"qubits": 5, "calibration": {"t1_us": t1_us, "t2_us": 18.2, "readout_fidelity": 0.962}}
    }))
}

/// The mock of the service: one record, its backend's seven records in pages of three, and no
/// record 99.
async fn mock_compute() -> serde_json::Result<MockServer> {
    let server = MockServer::start().await;
    let calibrated = record(7, 33.1)?;
    server
        .create_metadata_self_metadata_post()
        .respond(&calibrated);
    server.read_metadata_metadata_id_get(7).respond(&calibrated);
    let not_found = HttpNotFoundError::new("Metadata not found".to_owned());
    server
        .read_metadata_metadata_id_get(99)
        .respond_error(404, &not_found);
    // Seven records, three per page, newest first.
    let t1 = [33.1, 31.5, 30.2, 32.8, 29.9, 31.0, 30.7];
    for (page, ids) in (1..).zip([[7_i64, 6, 5].as_slice(), &[4, 3, 2], &[1]]) {
        let items = ids
            .iter()
            .map(|id| record(*id, t1[usize::try_from(7 - id).unwrap_or_default()]))
            .collect::<serde_json::Result<_>>()?;
        let mut answer = PageMetadata::new(items, Some(7), Some(page), Some(3));
        answer.pages = Some(Some(3));
        server
            .read_metadata_by_backend_id_metadata_backend_backend_id_get(BACKEND)
            .sort_by("-created_on")
            .page(page)
            .size(3)
            .respond(&answer);
    }
    Ok(server)
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== Quantum Inspire compute");
    let server = mock_compute().await?;
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

    // The mock compares an operation's parameters, not its credentials: check on what it
    // received that the backend wrote with its key and the user read with their token.
    let received = server.received_requests().await;
    let credential = |verb: &str, at: &str| {
        received
            .iter()
            .find(|request| request.method.as_str() == verb && request.url.path() == at)
            .and_then(|request| request.headers.get("authorization")?.to_str().ok())
    };
    if credential("POST", "/metadata") != Some("tour-backend-key")
        || credential("GET", "/metadata/7") != Some("Bearer tour-access-token")
    {
        return Err("a Quantum Inspire request went without its credential".into());
    }
    Ok(())
}
