//! Clients for five services, over the generated crates of
//! [specfleet](https://github.com/specfleet/specfleet) and their runtime,
//! [`specfleet_runtime`].
//!
//! Each service is one cargo feature and one module: `sftpgo`, `osparc-storage` (module
//! `osparc_storage`), `qi-compute` (module `qi_compute`), `rokka` and `cbrain`; `full` enables
//! all. Each module adds to its generated crate (re-exported as `generated`):
//!
//! - a `Client` whose builder names the service's credentials, with `from_env()` and
//!   `from_vars()`;
//! - the operations grouped as the API is (`rokka.source_images("acme").list()`), each
//!   returning the generated operation's builder: optional parameters are setters that carry
//!   the spec's defaults in their docs, `.await` sends it, paged operations also `.stream()`;
//! - for o²S²PARC storage, results instead of envelopes (`.into_data()`).
//!
//! Everything else is the runtime's and the same for every service: timeouts, opt-in
//! [retries](RetryPolicy) with backoff and `Retry-After`, one `tracing` span per request, one
//! [`Error`] type with the status, the typed error body, the method and route, credentials as
//! [`Secret`]s that never print, [`Download`]s and [`Upload`]s in constant memory.
//!
//! `cargo run -p specfleet --example tour --features full,mock` walks through every service against
//! local mock servers, offline.
//!
//! # Quick start
#![cfg_attr(
    feature = "rokka",
    doc = r##"
```no_run
# async fn run() -> Result<(), Box<dyn std::error::Error>> {
use futures_util::TryStreamExt;
use specfleet::{Upload, rokka};

// ROKKA_API_KEY, and ROKKA_URL when not https://api.rokka.io.
let rokka = rokka::Client::from_env()?;
let images = rokka.source_images("acme");
let uploaded = images
    .upload(Upload::path("matterhorn.jpg"))
    .meta_user(r#"{"photographer": "Ada"}"#)
    .await?;
let hash = uploaded.items.unwrap_or_default().remove(0).hash.unwrap_or_default();
images.user_metadata(&hash).set_field("caption", "North face").await?;
images.download(&hash).await?.download_to("matterhorn-copy.jpg").await?;
let mut all = std::pin::pin!(images.list().limit(100).stream());
while let Some(image) = all.try_next().await? {
    println!("{:?} {:?}", image.hash, image.name);
}
# Ok(()) }
```
"##
)]
#![deny(missing_docs)]

mod client;

pub use specfleet_runtime::{
    Credential, Download, ERROR_BODY_LIMIT, Error, ErrorBody, ErrorKind, RetryPolicy, Secret,
    Upload,
};

/// The result of the facade's own calls (building clients); operations return
/// `Result<T, Error<OperationError>>`.
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
