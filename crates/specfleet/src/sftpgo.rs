//! SFTPGo REST API v2: metadata checks.
//!
//! Adds to [`generated`] (the `specfleet-sftpgo` crate): a [`Client`] with either credential
//! SFTPGo accepts (an API key or a bearer JWT), `from_env` and `from_vars`, shared HTTP
//! settings, and typed [`Error`](crate::Error)s whose body is SFTPGo's [`ApiResponse`].

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::Serialize;
pub use specfleet_sftpgo as generated;
use specfleet_sftpgo::apis::configuration::{ApiKey, Configuration};
use specfleet_sftpgo::apis::{Error, metadata_api};
pub use specfleet_sftpgo::models::{ApiResponse, MetadataCheck};

use crate::error::{ErrorBody, configured_secrets, from_generated};
use crate::transport::{HttpOptions, base_configuration, http_setters};
use crate::{Result, Secret};

/// The service's name in traces and user agents.
const SERVICE: &str = "sftpgo";

/// A client for one SFTPGo server. Cheap to clone; clones share the connection pool.
///
/// ```no_run
/// # fn run() -> specfleet::Result<()> {
/// let sftpgo = specfleet::sftpgo::Client::builder()
///     .base_url("https://sftp.example.com/api/v2")
///     .api_key("my-api-key")
///     .build()?;
/// # let _ = sftpgo; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    configuration: Arc<Configuration>,
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credential: Option<Credential>,
    http: HttpOptions,
}

#[derive(Debug, Clone)]
enum Credential {
    ApiKey(Secret),
    Bearer(Secret),
}

impl ClientBuilder {
    /// The API's base URL, `/api/v2` included (default: `http://localhost/api/v2`, where the spec
    /// puts it; SFTPGo has no public host).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with an API key, sent in the `X-SFTPGO-API-KEY` header.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.credential = Some(Credential::ApiKey(key.into()));
        self
    }

    /// Authenticate with a JWT from SFTPGo's token endpoint, sent as a bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credential = Some(Credential::Bearer(token.into()));
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
        match self.credential {
            Some(Credential::ApiKey(key)) => {
                configuration.api_key = Some(ApiKey {
                    prefix: None,
                    key: key.expose().to_owned(),
                });
            }
            Some(Credential::Bearer(token)) => {
                configuration.bearer_access_token = Some(token.expose().to_owned());
            }
            None => {}
        }
        Ok(Client {
            configuration: Arc::new(configuration),
        })
    }
}

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `SFTPGO_URL` (the base URL, `/api/v2` included) and
    /// `SFTPGO_API_KEY` or else `SFTPGO_TOKEN` (a JWT).
    ///
    /// ```no_run
    /// # fn run() -> specfleet::Result<()> {
    /// let sftpgo = specfleet::sftpgo::Client::from_env()?;
    /// # let _ = sftpgo; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads (`SFTPGO_URL`, and
    /// `SFTPGO_API_KEY` or else `SFTPGO_TOKEN`), looked up through `lookup` instead of the
    /// environment: from a configuration file, a map or a secrets manager.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// use std::collections::HashMap;
    ///
    /// let settings = HashMap::from([
    ///     ("SFTPGO_URL", "https://sftp.example.com/api/v2"),
    ///     ("SFTPGO_TOKEN", "my-jwt"),
    /// ]);
    /// let sftpgo = specfleet::sftpgo::Client::from_vars(|name| {
    ///     settings.get(name).copied().map(String::from)
    /// })?;
    /// assert_eq!(sftpgo.configuration().base_path, "https://sftp.example.com/api/v2");
    /// assert_eq!(sftpgo.configuration().bearer_access_token.as_deref(), Some("my-jwt"));
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client> {
        let mut builder = Client::builder();
        if let Some(url) = lookup("SFTPGO_URL") {
            builder = builder.base_url(url);
        }
        if let Some(key) = lookup("SFTPGO_API_KEY") {
            builder = builder.api_key(key);
        } else if let Some(token) = lookup("SFTPGO_TOKEN") {
            builder = builder.bearer_token(token);
        }
        builder.build()
    }

    /// The generated crate's configuration this client calls through, for operations the facade
    /// does not wrap.
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// Metadata checks.
    pub fn metadata(&self) -> Metadata<'_> {
        Metadata { client: self }
    }
}

/// Metadata checks: they remove metadata of objects deleted outside SFTPGo. From
/// [`Client::metadata`].
#[derive(Debug, Clone, Copy)]
pub struct Metadata<'a> {
    client: &'a Client,
}

impl Metadata<'_> {
    /// The metadata checks that are running. Seed operation: `get_users_metadata_checks`.
    ///
    /// ```no_run
    /// # async fn run(sftpgo: specfleet::sftpgo::Client) -> specfleet::Result<()> {
    /// let running = sftpgo.metadata().checks().await?;
    /// # let _ = running; Ok(()) }
    /// ```
    pub async fn checks(&self) -> Result<Vec<MetadataCheck>> {
        metadata_api::get_users_metadata_checks(&self.client.configuration)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::GET,
                    "/metadata/users/checks",
                    error,
                )
            })
    }

    /// Starts a metadata check for `username`; a 409 error means one is already running. Seed
    /// operation: `start_user_metadata_check`.
    ///
    /// ```no_run
    /// # async fn run(sftpgo: specfleet::sftpgo::Client) -> specfleet::Result<()> {
    /// let started = sftpgo.metadata().start_check("alice").await?;
    /// println!("{:?}", started.message);
    /// # Ok(()) }
    /// ```
    pub async fn start_check(&self, username: &str) -> Result<ApiResponse> {
        metadata_api::start_user_metadata_check(&self.client.configuration, username)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    format!("/metadata/users/{username}/check"),
                    error,
                )
            })
    }
}

/// Every SFTPGo error status documents an [`ApiResponse`] body.
fn typed_body(_status: StatusCode, entity: serde_json::Value) -> Option<ErrorBody> {
    serde_json::from_value(entity).ok().map(ErrorBody::Sftpgo)
}

/// The facade's error for a failed call, with the client's credentials redacted from it.
fn fail<E: Serialize>(
    configuration: &Configuration,
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
) -> crate::Error {
    crate::Error::new(method, path, from_generated!(error, typed_body))
        .redact(&configured_secrets!(configuration))
}
