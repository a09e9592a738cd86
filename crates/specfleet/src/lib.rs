//! Ergonomic clients for five services, over the generated crates of
//! [specfleet](https://github.com/specfleet/specfleet).
//!
//! Each service is one cargo feature and one module: `sftpgo`, `osparc-storage`
//! ([`osparc_storage`]), `qi-compute` ([`qi_compute`]), `rokka` and `cbrain`; `full` enables all.
//! Over the generated functions, each module adds:
//!
//! - a `Client` built with a builder: base URL, credentials, `from_env()`, timeouts, user agent,
//!   opt-in [retries](RetryPolicy), one connection pool, one `tracing` span per request;
//! - methods named for what they do, grouped as the API is, with optional parameters in
//!   builders that carry the API's defaults; each method's docs name the seed operation;
//! - results, not envelopes, and one [`Error`] type with the status, the typed error body, the
//!   method and path, and whether a retry may help;
//! - pagination as a `Stream`, downloads as a `Download` (stream or file, constant memory) and
//!   uploads from an `Upload` (path, bytes or stream);
//! - credentials as [`Secret`]s that never appear in `Debug`, `Display`, errors or traces.
//!
//! Everything generated stays reachable: each module re-exports its crate as `generated`.
//!
//! `cargo run -p specfleet --example tour --features full` walks through every service against
//! local mock servers, offline.
//!
//! # Quick start
//!
//! Each section shows one service; it compiles when the service's feature is on.
#![cfg_attr(
    feature = "sftpgo",
    doc = r#"
## SFTPGo

```no_run
# async fn run() -> specfleet::Result<()> {
use specfleet::sftpgo;

// SFTPGO_URL (e.g. https://sftp.example.com/api/v2) and SFTPGO_API_KEY or SFTPGO_TOKEN.
let sftpgo = sftpgo::Client::from_env()?;
for check in sftpgo.metadata().checks().await? {
    println!("{:?} started at {:?}", check.username, check.start_time);
}
sftpgo.metadata().start_check("alice").await?;
# Ok(()) }
```
"#
)]
#![deny(missing_docs)]

#[cfg(any(feature = "rokka", feature = "cbrain"))]
mod body;
mod error;
#[cfg(any(feature = "qi-compute", feature = "rokka", feature = "cbrain"))]
mod paging;
mod transport;

#[cfg(any(feature = "rokka", feature = "cbrain"))]
pub use body::{Download, Upload};
pub use error::{ERROR_BODY_LIMIT, Error, ErrorBody, ErrorKind};
pub use transport::{RetryPolicy, Secret};

/// The result of every facade call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(feature = "cbrain")]
pub mod cbrain;
#[cfg(feature = "osparc-storage")]
pub mod osparc_storage;
#[cfg(feature = "qi-compute")]
pub mod qi_compute;
#[cfg(feature = "rokka")]
pub mod rokka;
#[cfg(feature = "sftpgo")]
pub mod sftpgo;
