//! Quantum Inspire compute API: metadata records of backends.
//!
//! Adds to [`generated`] (the `specfleet-qi-compute` crate): a [`Client`] with Quantum
//! Inspire's two credentials (a user's access token for reads, a backend key for writes),
//! `from_env` and `from_vars`, and the operations grouped under [`Client::metadata`]. Each
//! method returns the generated operation's builder; the paged one also streams
//! (`.stream()`).

pub use specfleet_qi_compute as generated;
use specfleet_qi_compute::apis::metadata_api;
/// Typed mocks of the service, for testing code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub use specfleet_qi_compute::mock;
pub use specfleet_qi_compute::models::{
    HttpNotFoundError, HttpValidationError, Metadata, MetadataIn, PageMetadata,
};

use crate::{Credential, Secret};

crate::client::service_client!(specfleet_qi_compute, "the Quantum Inspire compute API");

impl ClientBuilder {
    /// The backend's API key (the `backend` scheme), sent as the whole `Authorization` header
    /// when creating records.
    pub fn backend_key(self, key: impl Into<Secret>) -> Self {
        Self(self.0.credential("backend", Credential::api_key(key)))
    }

    /// A user's OAuth access token (the `user_bearer` scheme), sent as a bearer token when
    /// reading records.
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        Self(self.0.credential("user_bearer", Credential::token(token)))
    }
}

impl Client {
    /// A client from the environment: `QI_COMPUTE_URL`, `QI_COMPUTE_ACCESS_TOKEN` (reads) and
    /// `QI_COMPUTE_BACKEND_KEY` (creates); either credential may be missing.
    pub fn from_env() -> crate::Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads, looked up through
    /// `lookup` instead of the environment.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> crate::Result<Client> {
        // Both credentials can be set: reads and creates use different schemes.
        let builder = crate::client::from_vars(
            Client::builder(),
            &lookup,
            ("QI_COMPUTE_URL", |builder, url| builder.base_url(url)),
            &[("QI_COMPUTE_ACCESS_TOKEN", |builder, token| {
                builder.access_token(token)
            })],
        );
        match lookup("QI_COMPUTE_BACKEND_KEY") {
            Some(key) => builder.backend_key(key),
            None => builder,
        }
        .build()
    }

    /// The metadata records of backends.
    pub fn metadata(&self) -> MetadataRecords<'_> {
        MetadataRecords(self)
    }
}

/// The metadata records of backends; from [`Client::metadata`].
#[derive(Debug, Clone, Copy)]
pub struct MetadataRecords<'a>(&'a Client);

impl<'a> MetadataRecords<'a> {
    /// Creates a record for the backend the backend key belongs to. Seed operation:
    /// `create_metadata_self_metadata_post`.
    pub fn create(&self, record: MetadataIn) -> metadata_api::CreateMetadataSelfMetadataPost<'a> {
        metadata_api::create_metadata_self_metadata_post(self.0, record)
    }

    /// One record. Seed operation: `read_metadata_metadata_id_get`.
    pub fn get(&self, id: i64) -> metadata_api::ReadMetadataMetadataIdGet<'a> {
        metadata_api::read_metadata_metadata_id_get(self.0, id)
    }

    /// The records of a backend, a page at a time (`.send()`) or all of them (`.stream()`).
    /// Seed operation: `read_metadata_by_backend_id_metadata_backend_backend_id_get`.
    pub fn of_backend(
        &self,
        backend_id: i64,
    ) -> metadata_api::ReadMetadataByBackendIdMetadataBackendBackendIdGet<'a> {
        metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
            self.0, backend_id,
        )
    }
}
