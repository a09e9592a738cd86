//! SFTPGo REST API v2: metadata checks.
//!
//! Adds to [`generated`] (the `specfleet-sftpgo` crate): a [`Client`] with either credential
//! SFTPGo accepts (an API key or a bearer JWT), `from_env` and `from_vars`, and the operations
//! grouped under [`Client::metadata`]. Each method returns the generated operation's builder:
//! set its optional parameters, then `.await` it.

pub use specfleet_sftpgo as generated;
use specfleet_sftpgo::apis::metadata_api;
/// Typed mocks of the service, for testing code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub use specfleet_sftpgo::mock;
pub use specfleet_sftpgo::models::{ApiResponse, MetadataCheck};

use crate::{Credential, Secret};

crate::client::service_client!(specfleet_sftpgo, "SFTPGo");

impl ClientBuilder {
    /// Authenticate with an API key, sent in the `X-SFTPGO-API-KEY` header.
    pub fn api_key(self, key: impl Into<Secret>) -> Self {
        Self(self.0.credential("APIKeyAuth", Credential::api_key(key)))
    }

    /// Authenticate with a JWT from SFTPGo's token endpoint, sent as a bearer token.
    pub fn bearer_token(self, token: impl Into<Secret>) -> Self {
        Self(self.0.credential("BearerAuth", Credential::token(token)))
    }
}

impl Client {
    /// A client from the environment: `SFTPGO_URL` (the base URL, `/api/v2` included) and
    /// `SFTPGO_API_KEY` or else `SFTPGO_TOKEN` (a JWT).
    pub fn from_env() -> crate::Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads, looked up through
    /// `lookup` instead of the environment: a configuration file, a map, a secrets manager.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let sftpgo = specfleet::sftpgo::Client::from_vars(|name| match name {
    ///     "SFTPGO_URL" => Some("https://sftp.example.com/api/v2".to_owned()),
    ///     "SFTPGO_TOKEN" => Some("my-jwt".to_owned()),
    ///     _ => None,
    /// })?;
    /// assert_eq!(sftpgo.base_url(), "https://sftp.example.com/api/v2");
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> crate::Result<Client> {
        crate::client::from_vars(
            Client::builder(),
            lookup,
            ("SFTPGO_URL", |builder, url| builder.base_url(url)),
            &[
                ("SFTPGO_API_KEY", |builder, key| builder.api_key(key)),
                ("SFTPGO_TOKEN", |builder, token| builder.bearer_token(token)),
            ],
        )
        .build()
    }

    /// The metadata checks of users.
    pub fn metadata(&self) -> Metadata<'_> {
        Metadata(self)
    }
}

/// The metadata checks of users; from [`Client::metadata`].
#[derive(Debug, Clone, Copy)]
pub struct Metadata<'a>(&'a Client);

impl<'a> Metadata<'a> {
    /// The checks that are running. Seed operation: `get_users_metadata_checks`.
    pub fn checks(&self) -> metadata_api::GetUsersMetadataChecks<'a> {
        metadata_api::get_users_metadata_checks(self.0)
    }

    /// Starts a check of `username`'s metadata. Seed operation: `start_user_metadata_check`.
    pub fn start_check(
        &self,
        username: impl Into<String>,
    ) -> metadata_api::StartUserMetadataCheck<'a> {
        metadata_api::start_user_metadata_check(self.0, username)
    }
}
