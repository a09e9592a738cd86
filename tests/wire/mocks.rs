//! The generated typed mocks against the generated clients: an expectation with every parameter
//! set matches what the client sends with the same values (query, headers, JSON and multipart
//! bodies, encoded path values), and a request that matches none fails naming the field.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::json;
use specfleet_cbrain::apis::userfiles_api;
use specfleet_qi_compute::apis::metadata_api;
use specfleet_rokka::apis::sourceimages_api;
use specfleet_runtime::{ErrorKind, Upload};

/// The message a dropped mock server panics with, or `None` when it drops quietly.
fn drop_message<T>(server: T) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| drop(server)))
        .err()
        .map(|panic| match panic.downcast::<String>() {
            Ok(message) => *message,
            Err(_) => "a panic without a message".to_owned(),
        })
}

#[tokio::test]
async fn query_parameters_headers_and_encoded_path_values_match_what_rokka_sends() {
    let server = specfleet_rokka::mock::MockServer::start().await;
    let page: specfleet_rokka::models::ListSourceImagesResponse =
        serde_json::from_value(json!({"total": 1, "items": [{"hash": "c0ffee"}]})).expect("a page");
    server
        .list_source_images("acme corp/eu")
        .offset("AoJw/QCP==")
        .limit(20)
        .sort("created desc")
        .deleted(false)
        .respond(&page)
        .times(1);
    server
        .copy_source_image("acme", "c0ffee")
        .destination("acme-archive")
        .overwrite("F")
        .respond()
        .times(1);
    let client = specfleet_rokka::client()
        .base_url(server.uri())
        .api_key("placeholder")
        .build()
        .expect("a client");

    let listed = sourceimages_api::list_source_images(&client, "acme corp/eu")
        .offset("AoJw/QCP==")
        .limit(20)
        .sort("created desc")
        .deleted(false)
        .await
        .expect("the mock answers the page");
    assert_eq!(listed, page);
    sourceimages_api::copy_source_image(&client, "acme-archive", "acme", "c0ffee")
        .overwrite("F")
        .await
        .expect("the mock answers the copy");
    assert_eq!(drop_message(server), None);
}

#[tokio::test]
async fn json_and_multipart_bodies_match_what_qi_and_cbrain_send() {
    let qi = specfleet_qi_compute::mock::MockServer::start().await;
    let metadata: specfleet_qi_compute::models::MetadataIn =
        serde_json::from_value(json!({"backend_id": 7, "data": {"qubits": [1, 2], "name": "q"}}))
            .expect("metadata");
    let created: specfleet_qi_compute::models::Metadata = serde_json::from_value(
        json!({"id": 1, "backend_id": 7, "data": {}, "created_on": "2024-01-01T00:00:00Z"}),
    )
    .expect("an answer");
    qi.create_metadata_self_metadata_post()
        .metadata_in(metadata.clone())
        .respond(&created)
        .times(1);
    let client = specfleet_qi_compute::client()
        .base_url(qi.uri())
        .build()
        .expect("a client");
    let answer = metadata_api::create_metadata_self_metadata_post(&client, metadata)
        .await
        .expect("the mock answers");
    assert_eq!(answer, created);
    assert_eq!(drop_message(qi), None);

    let cbrain = specfleet_cbrain::mock::MockServer::start().await;
    cbrain
        .userfiles_post()
        .data_provider_id(3)
        .userfile_group_id(4)
        .file_type("NiftiFile")
        .do_extract("on")
        .respond(&json!({"notice": "uploaded"}))
        .times(1);
    let client = specfleet_cbrain::client()
        .base_url(cbrain.uri())
        .build()
        .expect("a client");
    userfiles_api::userfiles_post(
        &client,
        Upload::bytes("scan.nii", "nifti"),
        3,
        4,
        "NiftiFile",
    )
    .do_extract("on")
    .await
    .expect("the mock answers the upload");
    assert_eq!(drop_message(cbrain), None);
}

#[tokio::test]
async fn a_call_that_matches_no_expectation_fails_naming_the_differing_field() {
    let server = specfleet_rokka::mock::MockServer::start().await;
    server
        .list_source_images("acme")
        .limit(20)
        .respond_error(500, &json!({}));
    let client = specfleet_rokka::client()
        .base_url(server.uri())
        .build()
        .expect("a client");

    let error = sourceimages_api::list_source_images(&client, "acme")
        .limit(10)
        .await
        .expect_err("no expectation matches");
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(specfleet_mock::UNMATCHED_STATUS)
    );
    let ErrorKind::Status { raw, .. } = error.kind() else {
        panic!("a status error, not {error:?}");
    };
    assert!(
        raw.contains("closest expectation: `list_source_images`"),
        "{raw}"
    );
    assert!(
        raw.contains("query `limit`:\n      expected \"20\"\n      received \"10\""),
        "{raw}"
    );

    let message = drop_message(server).expect("the unmatched call fails the test");
    assert!(message.contains("query `limit`"), "{message}");
    assert!(
        message.contains("expectation `list_source_images` (GET /sourceimages/acme?limit=20) was expected at least 1 time(s), and matched 0"),
        "{message}"
    );
}
