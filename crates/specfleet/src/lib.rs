//! Ergonomic clients for five services, over the generated crates of
//! [specfleet](https://github.com/specfleet/specfleet).
//!
//! Each service is one cargo feature and one module: `sftpgo`, `osparc-storage`
//! (module `osparc_storage`), `qi-compute` (module `qi_compute`), `rokka` and `cbrain`; `full`
//! enables all.
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
#![cfg_attr(
    feature = "osparc-storage",
    doc = r#"
## o²S²PARC storage

```no_run
# async fn run() -> specfleet::Result<()> {
use specfleet::osparc_storage;

// OSPARC_STORAGE_URL (e.g. http://storage:8080/v0) and OSPARC_STORAGE_USER_ID (e.g. 42).
let storage = osparc_storage::Client::from_env()?;
for file in storage.location(0).files().send().await? {
    println!("{:?}: {:?} bytes", file.file_uuid, file.file_size);
}
let link = storage
    .location(0)
    .file("<project uuid>/<node uuid>/output.csv")
    .download_link()
    .await?;
println!("GET {}", link.link);
# Ok(()) }
```
"#
)]
#![cfg_attr(
    feature = "qi-compute",
    doc = r#"
## Quantum Inspire compute

```no_run
# async fn run() -> specfleet::Result<()> {
use futures_util::TryStreamExt;
use specfleet::qi_compute;

// QI_COMPUTE_URL, QI_COMPUTE_ACCESS_TOKEN (reads) and QI_COMPUTE_BACKEND_KEY (creates).
let qi = qi_compute::Client::from_env()?;
let mut records = std::pin::pin!(qi.metadata().of_backend(3).sort_by("-created_on").stream());
while let Some(record) = records.try_next().await? {
    println!("{} {}: {:?}", record.id, record.created_on, record.data);
}
# Ok(()) }
```
"#
)]
#![cfg_attr(
    feature = "rokka",
    doc = r#"
## rokka

```no_run
# async fn run() -> specfleet::Result<()> {
use futures_util::TryStreamExt;
use specfleet::{Upload, rokka};

// ROKKA_API_KEY, and ROKKA_URL when not https://api.rokka.io.
let rokka = rokka::Client::from_env()?;
let images = rokka.source_images("acme");
let uploaded = images
    .upload(Upload::path("matterhorn.jpg"))
    .meta_user(serde_json::json!({"photographer": "Ada"}))
    .send()
    .await?;
let hash = uploaded.hash.unwrap_or_default();
images.user_metadata(&hash).set_field("caption", "North face").await?;
images.download(&hash).await?.download_to("matterhorn-copy.jpg").await?;
let mut all = std::pin::pin!(images.list().stream());
while let Some(image) = all.try_next().await? {
    println!("{:?} {:?}", image.hash, image.name);
}
# Ok(()) }
```
"#
)]
#![cfg_attr(
    feature = "cbrain",
    doc = r#"
## CBRAIN

```no_run
# async fn run() -> specfleet::Result<()> {
use futures_util::TryStreamExt;
use specfleet::{Upload, cbrain};

// CBRAIN_URL (e.g. https://portal.cbrain.mcgill.ca) and CBRAIN_API_TOKEN.
let cbrain = cbrain::Client::from_env()?;
let mut userfiles = std::pin::pin!(cbrain.userfiles().list().per_page(100).stream());
while let Some(userfile) = userfiles.try_next().await? {
    println!("{:?} {:?}", userfile.id, userfile.name);
}
cbrain.userfiles().upload(Upload::path("sub-01_T1w.nii.gz"), 4, 5).send().await?;
cbrain.userfiles().content(12).await?.download_to("sub-01_T1w.nii.gz").await?;
# Ok(()) }
```
"#
)]
#![deny(missing_docs)]
// With no service feature on, the shared plumbing has no user yet.
#![cfg_attr(
    not(any(
        feature = "sftpgo",
        feature = "osparc-storage",
        feature = "qi-compute",
        feature = "rokka",
        feature = "cbrain"
    )),
    allow(dead_code, unused_imports, unused_macros)
)]

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
