//! SFTPGo: list the running metadata checks, start one, and meet the 409 of a second start.

use serde_json::json;
use specfleet::sftpgo::{self, ApiResponse, MetadataCheck, mock::MockServer};

pub(crate) async fn tour() -> crate::Tour {
    println!("== SFTPGo");
    let server = MockServer::start().await;
    let running: Vec<MetadataCheck> = serde_json::from_value(json!([
        {"username": "bob", "start_time": 1_700_000_000_000_i64}
    ]))?;
    server.get_users_metadata_checks().respond(&running);
    let started: ApiResponse = serde_json::from_value(json!({"message": "Check started"}))?;
    let already: ApiResponse = serde_json::from_value(
        json!({"message": "", "error": "a metadata check is already active"}),
    )?;
    // The first start is accepted; once it has had its call, the second meets the 409.
    server
        .start_user_metadata_check("alice")
        .respond(&started)
        .times(1);
    server
        .start_user_metadata_check("alice")
        .respond_error(409, &already);

    let client = sftpgo::Client::builder()
        .base_url(server.uri())
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
