//! A tour of specfleet: every service, against in-process mock servers, offline.
//!
//! `cargo run -p specfleet --example tour --features full,mock`
//!
//! Each module starts its service's generated typed mock (`<service>::mock::MockServer`, on
//! loopback), tells it what to expect and answer with the service's own models, builds a client
//! against it the way you would against the real service, and walks through a realistic flow,
//! printing what it does. Each mock checks when it drops that every expected call came and
//! every request matched.

mod cbrain;
mod osparc_storage;
mod qi_compute;
mod rokka;
mod sftpgo;

/// What each stop of the tour returns: any error of any operation, shown by `main`.
type Tour = Result<(), Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Tour {
    println!("specfleet tour: each service against a local mock server\n");
    sftpgo::tour().await?;
    osparc_storage::tour().await?;
    qi_compute::tour().await?;
    rokka::tour().await?;
    cbrain::tour().await?;
    println!("\ndone");
    Ok(())
}
