//! Quantum Inspire 2 Compute Job Manager API: the metadata records of backends.
//!
//! Adds to [`generated`] (the `specfleet-qi-compute` crate): a [`Client`] with both credentials
//! the API uses (a backend's API key, which creates records, and a user's OAuth access token,
//! which reads them), `from_env` and `from_vars`, shared HTTP settings, a backend's records one
//! page at a time or as a `Stream` across every page, and typed [`Error`](crate::Error)s: a 404
//! body is [`ErrorBody::QiNotFound`] and a 422 body [`ErrorBody::QiValidation`] where the spec
//! documents them.
//!
//! ```no_run
//! # async fn run() -> specfleet::Result<()> {
//! use futures_util::TryStreamExt;
//! use specfleet::qi_compute::Client;
//!
//! let qi = Client::builder()
//!     .base_url("https://api.quantum-inspire.example")
//!     .access_token("an-oauth-access-token")
//!     .build()?;
//! let records: Vec<_> = qi.metadata().of_backend(3).stream().try_collect().await?;
//! println!("{} records", records.len());
//! # Ok(()) }
//! ```

use std::sync::Arc;

use futures_util::Stream;
use reqwest::{Method, StatusCode};
use serde::Serialize;
pub use specfleet_qi_compute as generated;
use specfleet_qi_compute::apis::configuration::{ApiKey, Configuration};
use specfleet_qi_compute::apis::{Error, metadata_api};
use specfleet_qi_compute::models::MetadataIn;
pub use specfleet_qi_compute::models::{
    HttpNotFoundError, HttpValidationError, LocationInner, Metadata, PageMetadata, ValidationError,
};

use crate::error::{ErrorBody, configured_secrets, from_generated};
use crate::paging::paginate;
use crate::transport::{HttpOptions, base_configuration, http_setters};
use crate::{Result, Secret};

/// The service's name in traces and user agents.
const SERVICE: &str = "qi-compute";

/// The spec's default page number: the first page.
pub const DEFAULT_PAGE: i32 = 1;

/// The spec's default page size; the API accepts 1 to [`MAX_PAGE_SIZE`].
pub const DEFAULT_PAGE_SIZE: i32 = 50;

/// The largest page size the API accepts.
pub const MAX_PAGE_SIZE: i32 = 100;

/// A client for one Compute Job Manager. Cheap to clone; clones share the connection pool.
///
/// Each operation uses one of two credentials: creating a record needs the backend's API key
/// ([`ClientBuilder::backend_key`]), reading records a user's OAuth access token
/// ([`ClientBuilder::access_token`]). Set the ones the calls you make need; a call whose
/// credential is not set goes out without it, and the server refuses it.
///
/// ```no_run
/// # fn run() -> specfleet::Result<()> {
/// let qi = specfleet::qi_compute::Client::builder()
///     .base_url("https://api.quantum-inspire.example")
///     .backend_key("the-backend-api-key")
///     .access_token("an-oauth-access-token")
///     .build()?;
/// # let _ = qi; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    configuration: Arc<Configuration>,
}

/// Builds a [`Client`]; see [`Client::builder`].
///
/// ```
/// # fn run() -> specfleet::Result<()> {
/// let qi = specfleet::qi_compute::Client::builder()
///     .access_token("an-oauth-access-token")
///     .user_agent("my-dashboard/1.0")
///     .build()?;
/// # let _ = qi; Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    backend_key: Option<Secret>,
    access_token: Option<Secret>,
    http: HttpOptions,
}

impl ClientBuilder {
    /// The API's base URL (default: `http://localhost`, the spec's server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The backend's API key (the `backend` scheme), sent as the whole `Authorization` header
    /// when creating records.
    pub fn backend_key(mut self, key: impl Into<Secret>) -> Self {
        self.backend_key = Some(key.into());
        self
    }

    /// A user's OAuth access token (the `user_bearer` scheme), sent as a bearer token when
    /// reading records.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    http_setters!();

    /// The client. Fails only if the HTTP client cannot be built (for example no TLS backend).
    pub fn build(self) -> Result<Client> {
        let mut configuration = base_configuration!(
            Configuration,
            client: self.http.build(SERVICE)?,
            http: self.http,
            base_url: self.base_url,
        );
        if let Some(key) = self.backend_key {
            configuration.api_key = Some(ApiKey {
                prefix: None,
                key: key.expose().to_owned(),
            });
        }
        if let Some(token) = self.access_token {
            configuration.oauth_access_token = Some(token.expose().to_owned());
        }
        Ok(Client {
            configuration: Arc::new(configuration),
        })
    }
}

impl Client {
    /// A builder for a client.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let qi = specfleet::qi_compute::Client::builder().build()?;
    /// # let _ = qi; Ok(()) }
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `QI_COMPUTE_URL` (the base URL),
    /// `QI_COMPUTE_BACKEND_KEY` (the backend's API key) and `QI_COMPUTE_ACCESS_TOKEN` (a
    /// user's OAuth access token); each is optional.
    ///
    /// ```no_run
    /// # fn run() -> specfleet::Result<()> {
    /// let qi = specfleet::qi_compute::Client::from_env()?;
    /// # let _ = qi; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads (`QI_COMPUTE_URL`,
    /// `QI_COMPUTE_BACKEND_KEY` and `QI_COMPUTE_ACCESS_TOKEN`, each optional), looked up through
    /// `lookup` instead of the environment: from a configuration file, a map or a secrets
    /// manager.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// use std::collections::HashMap;
    ///
    /// let settings = HashMap::from([
    ///     ("QI_COMPUTE_URL", "https://qi.example.com"),
    ///     ("QI_COMPUTE_ACCESS_TOKEN", "my-access-token"),
    /// ]);
    /// let qi = specfleet::qi_compute::Client::from_vars(|name| {
    ///     settings.get(name).copied().map(String::from)
    /// })?;
    /// assert_eq!(qi.configuration().base_path, "https://qi.example.com");
    /// assert!(qi.configuration().api_key.is_none());
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client> {
        let mut builder = Client::builder();
        if let Some(url) = lookup("QI_COMPUTE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(key) = lookup("QI_COMPUTE_BACKEND_KEY") {
            builder = builder.backend_key(key);
        }
        if let Some(token) = lookup("QI_COMPUTE_ACCESS_TOKEN") {
            builder = builder.access_token(token);
        }
        builder.build()
    }

    /// The generated crate's configuration this client calls through, for operations the facade
    /// does not wrap.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) {
    /// use specfleet::qi_compute::generated::apis::metadata_api;
    /// let record = metadata_api::read_metadata_metadata_id_get(qi.configuration(), 12).await;
    /// # let _ = record; }
    /// ```
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// Metadata records.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// let record = qi.metadata().get(12).await?;
    /// # let _ = record; Ok(()) }
    /// ```
    pub fn metadata(&self) -> MetadataRecords<'_> {
        MetadataRecords { client: self }
    }
}

/// Metadata records: free-form JSON that a backend attaches to itself. From
/// [`Client::metadata`].
///
/// ```no_run
/// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
/// let records = qi.metadata();
/// let created = records.create(serde_json::json!({"qubits": 5})).send().await?;
/// let again = records.get(created.id).await?;
/// # let _ = again; Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MetadataRecords<'a> {
    client: &'a Client,
}

impl<'a> MetadataRecords<'a> {
    /// Stores a record holding `data` (any JSON; `null` is allowed) for the backend whose API
    /// key the client has. Send it with [`CreateMetadata::send`]. Seed operation:
    /// `create_metadata_self_metadata_post`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// let record = qi
    ///     .metadata()
    ///     .create(serde_json::json!({"calibration": {"t1_us": 31.5}}))
    ///     .send()
    ///     .await?;
    /// println!("record {} at {}", record.id, record.created_on);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, data: serde_json::Value) -> CreateMetadata<'a> {
        CreateMetadata {
            client: self.client,
            record: MetadataIn::new(Some(data)),
        }
    }

    /// One record, by id; a missing one is a 404 error whose body is
    /// [`ErrorBody::QiNotFound`]. Uses the access token. Seed
    /// operation: `read_metadata_metadata_id_get`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// match qi.metadata().get(12).await {
    ///     Ok(record) => println!("{:?}", record.data),
    ///     Err(error) if error.status().map(|status| status.as_u16()) == Some(404) => {
    ///         println!("no record 12")
    ///     }
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: i64) -> Result<Metadata> {
        metadata_api::read_metadata_metadata_id_get(&self.client.configuration, id)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::GET,
                    format!("/metadata/{id}"),
                    error,
                    not_found_or_validation,
                )
            })
    }

    /// The records of backend `backend_id`: one page with [`BackendMetadata::send`], or every
    /// record with [`BackendMetadata::stream`]. Uses the access token. Seed operation:
    /// `read_metadata_by_backend_id_metadata_backend_backend_id_get`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// let newest = qi.metadata().of_backend(3).latest(true).send().await?;
    /// # let _ = newest; Ok(()) }
    /// ```
    pub fn of_backend(&self, backend_id: i64) -> BackendMetadata<'a> {
        BackendMetadata {
            client: self.client,
            backend_id,
            sort_by: None,
            latest: None,
            page: DEFAULT_PAGE,
            size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// A new record; from [`MetadataRecords::create`]. By default no `backend_id` is sent, and the
/// server attaches the record to the backend whose key authenticates the call.
///
/// ```no_run
/// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
/// let record = qi
///     .metadata()
///     .create(serde_json::json!({"qubits": 5}))
///     .backend_id(3)
///     .send()
///     .await?;
/// # let _ = record; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateMetadata<'a> {
    client: &'a Client,
    record: MetadataIn,
}

impl CreateMetadata<'_> {
    /// The backend the record belongs to (default: not sent).
    pub fn backend_id(mut self, backend_id: i64) -> Self {
        self.record.backend_id = Some(backend_id);
        self
    }

    /// Stores the record; returns it as stored, with its id and creation time. Uses the backend
    /// key; a rejected body is a 422 error whose body is
    /// [`ErrorBody::QiValidation`]. Seed operation:
    /// `create_metadata_self_metadata_post`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// let record = qi.metadata().create(serde_json::json!({"qubits": 5})).send().await?;
    /// # let _ = record; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Metadata> {
        metadata_api::create_metadata_self_metadata_post(&self.client.configuration, self.record)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    "/metadata",
                    error,
                    validation,
                )
            })
    }
}

/// The records of one backend; from [`MetadataRecords::of_backend`]. Options and their
/// defaults: `sort_by` and `latest` not sent (the server's order), `page`
/// [`DEFAULT_PAGE`] (1), `size` [`DEFAULT_PAGE_SIZE`] (50, at most [`MAX_PAGE_SIZE`]); `page`
/// and `size` are always sent.
///
/// ```no_run
/// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
/// let page = qi
///     .metadata()
///     .of_backend(3)
///     .sort_by("-created_on")
///     .page(2)
///     .size(100)
///     .send()
///     .await?;
/// println!("page {:?} of {:?}: {} records", page.page, page.pages, page.items.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited or `stream` is read"]
pub struct BackendMetadata<'a> {
    client: &'a Client,
    backend_id: i64,
    sort_by: Option<String>,
    latest: Option<bool>,
    page: i32,
    size: i32,
}

impl BackendMetadata<'_> {
    /// The field to sort on; a leading `-` sorts in descending order, as in `-created_on`
    /// (default: not sent).
    pub fn sort_by(mut self, field: impl Into<String>) -> Self {
        self.sort_by = Some(field.into());
        self
    }

    /// `true` to get only the most recently created record (default: not sent).
    pub fn latest(mut self, latest: bool) -> Self {
        self.latest = Some(latest);
        self
    }

    /// The page to get, from 1 (default 1); for [`stream`](Self::stream), the first page read.
    pub fn page(mut self, page: i32) -> Self {
        self.page = page;
        self
    }

    /// Records per page, 1 to [`MAX_PAGE_SIZE`] (default [`DEFAULT_PAGE_SIZE`]); the server
    /// answers 422 outside that range.
    pub fn size(mut self, size: i32) -> Self {
        self.size = size;
        self
    }

    /// One page, with its position (`page`, `size`, `pages`, `total`). Seed operation:
    /// `read_metadata_by_backend_id_metadata_backend_backend_id_get`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// let first = qi.metadata().of_backend(3).send().await?;
    /// println!("{:?} records in all", first.total);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<PageMetadata> {
        fetch_page(
            &self.client.configuration,
            self.backend_id,
            self.sort_by.as_deref(),
            self.latest,
            self.page,
            self.size,
        )
        .await
    }

    /// Every record from page `page` on, in order, fetching one page at a time as the stream is
    /// read. It ends after the last page: the one the answer's `pages` names, else the one that
    /// reaches `total`, else the first empty or short page. The first error ends it. Seed
    /// operation: `read_metadata_by_backend_id_metadata_backend_backend_id_get`.
    ///
    /// ```no_run
    /// # async fn run(qi: specfleet::qi_compute::Client) -> specfleet::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut records = std::pin::pin!(qi.metadata().of_backend(3).size(100).stream());
    /// while let Some(record) = records.try_next().await? {
    ///     println!("{} {}", record.id, record.created_on);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<Metadata>> + Send + 'static {
        let configuration = Arc::clone(&self.client.configuration);
        let BackendMetadata {
            backend_id,
            sort_by,
            latest,
            page: first,
            size,
            ..
        } = self;
        paginate(first, move |page| {
            let configuration = Arc::clone(&configuration);
            let sort_by = sort_by.clone();
            async move {
                let answer = fetch_page(
                    &configuration,
                    backend_id,
                    sort_by.as_deref(),
                    latest,
                    page,
                    size,
                )
                .await?;
                let next = next_page(&answer, page, size);
                Ok((answer.items, next))
            }
        })
    }
}

async fn fetch_page(
    configuration: &Configuration,
    backend_id: i64,
    sort_by: Option<&str>,
    latest: Option<bool>,
    page: i32,
    size: i32,
) -> Result<PageMetadata> {
    metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        configuration,
        backend_id,
        sort_by,
        latest,
        Some(page),
        Some(size),
    )
    .await
    .map_err(|error| {
        fail(
            configuration,
            Method::GET,
            format!("/metadata/backend/{backend_id}"),
            error,
            validation,
        )
    })
}

/// The page after `requested`, or `None` if it was the last. Counts from the page asked for,
/// not the one the answer names, so a server that ignores `page` cannot loop the stream.
fn next_page(answer: &PageMetadata, requested: i32, size: i32) -> Option<i32> {
    if answer.items.is_empty() {
        return None;
    }
    let more = match (answer.pages.flatten(), answer.total) {
        (Some(pages), _) => requested < pages,
        (None, Some(total)) => i64::from(requested) * i64::from(size) < i64::from(total),
        (None, None) => answer.items.len() >= usize::try_from(size).unwrap_or(usize::MAX),
    };
    if more { requested.checked_add(1) } else { None }
}

/// The 422 body every operation documents.
fn validation(status: StatusCode, entity: serde_json::Value) -> Option<ErrorBody> {
    if status != StatusCode::UNPROCESSABLE_ENTITY {
        return None;
    }
    serde_json::from_value(entity)
        .ok()
        .map(ErrorBody::QiValidation)
}

/// The 404 body that reading one record documents, and the 422 body.
fn not_found_or_validation(status: StatusCode, entity: serde_json::Value) -> Option<ErrorBody> {
    if status == StatusCode::NOT_FOUND {
        return serde_json::from_value(entity)
            .ok()
            .map(ErrorBody::QiNotFound);
    }
    validation(status, entity)
}

/// The facade's error for a failed call, with the client's credentials redacted from it.
fn fail<E: Serialize>(
    configuration: &Configuration,
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
    typed: fn(StatusCode, serde_json::Value) -> Option<ErrorBody>,
) -> crate::Error {
    crate::Error::new(method, path, from_generated!(error, typed))
        .redact(&configured_secrets!(configuration))
}
