//! SFTPGo: list the running metadata checks, start one, and meet the 409 of a second start.

use serde_json::json;
use specfleet::sftpgo;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub(crate) async fn tour() -> crate::Tour {
    println!("== SFTPGo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/metadata/users/checks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"username": "bob", "start_time": 1_700_000_000_000_i64}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/metadata/users/alice/check"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"message": "Check started"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/metadata/users/alice/check"))
        .respond_with(
            ResponseTemplate::new(409).set_body_json(
                json!({"message": "", "error": "a metadata check is already active"}),
            ),
        )
        .mount(&server)
        .await;

    let client = sftpgo::Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .api_key("tour-api-key")
        .build()?;
    for check in client.metadata().checks().await? {
        println!(
            "running check: {} since {}",
            check.username.unwrap_or_default(),
            check.start_time.unwrap_or_default()
        );
    }
    let started = client.metadata().start_check("alice").await?;
    println!(
        "start check for alice: {}",
        started.message.unwrap_or_default()
    );
    match client.metadata().start_check("alice").await {
        Err(error) => println!("start it again: {error}"),
        Ok(_) => println!("start it again: accepted (unexpected)"),
    }
    Ok(())
}
