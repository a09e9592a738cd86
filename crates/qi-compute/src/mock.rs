//! Typed mocks of this service, for testing code that calls it (the `mock` feature).
//!
//! [`MockServer::start`] starts a server on loopback whose [`uri`](specfleet_mock::MockServer::uri)
//! is a base URL this crate's client accepts. It has one method per operation, named as the
//! operation (`<name>_operation` where the server has that name already: `start`, `uri`, ...),
//! taking the operation's path parameters; the builder it returns has a setter per query,
//! header, cookie and body parameter (what is set must match, what is not matches anything)
//! and answers with `respond` (the operation's typed success value), `respond_error` (a status
//! and a body) or `respond_with` (any [`Response`]). `.times(n)` on the result says how many
//! calls it must have (by default at least one). When the server drops, every expectation must
//! have had its calls and every request must have matched one; a request that matches none is
//! answered 501 and reported with the closest expectation, field by field.
//!
#![doc = include_str!("../docs/MockExample.md")]

use crate::models;
pub use specfleet_mock::{Expected, Response};

/// A mock of this service on loopback; see the [module](self) documentation. It dereferences
/// to [`specfleet_mock::MockServer`] for `uri`, `verify` and `received_requests`.
#[derive(Debug)]
pub struct MockServer(specfleet_mock::MockServer);

impl std::ops::Deref for MockServer {
    type Target = specfleet_mock::MockServer;

    fn deref(&self) -> &specfleet_mock::MockServer {
        &self.0
    }
}

impl MockServer {
    /// Starts the server; its [`uri`](specfleet_mock::MockServer::uri) ends with the path of
    /// the service's base URL, `http://localhost`.
    pub async fn start() -> MockServer {
        MockServer(specfleet_mock::MockServer::start(crate::SERVICE.base_url).await)
    }

    /// Expects a call of [`create_metadata_self_metadata_post`](crate::apis::metadata_api::create_metadata_self_metadata_post) (`POST /metadata`).
    pub fn create_metadata_self_metadata_post(&self) -> CreateMetadataSelfMetadataPostMock<'_> {
        CreateMetadataSelfMetadataPostMock {
            specfleet_server: &self.0,
            metadata_in: None,
        }
    }

    /// Expects a call of [`read_metadata_by_backend_id_metadata_backend_backend_id_get`](crate::apis::metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get) (`GET /metadata/backend/{backend_id}`).
    pub fn read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &self,
        backend_id: i64,
    ) -> ReadMetadataByBackendIdMetadataBackendBackendIdGetMock<'_> {
        ReadMetadataByBackendIdMetadataBackendBackendIdGetMock {
            specfleet_server: &self.0,
            backend_id: backend_id,
            sort_by: None,
            latest: None,
            page: None,
            size: None,
        }
    }

    /// Expects a call of [`read_metadata_metadata_id_get`](crate::apis::metadata_api::read_metadata_metadata_id_get) (`GET /metadata/{id}`).
    pub fn read_metadata_metadata_id_get(&self, id: i64) -> ReadMetadataMetadataIdGetMock<'_> {
        ReadMetadataMetadataIdGetMock {
            specfleet_server: &self.0,
            id: id,
        }
    }
}

/// An expected call of [`create_metadata_self_metadata_post`](crate::apis::metadata_api::create_metadata_self_metadata_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CreateMetadataSelfMetadataPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    metadata_in: Option<models::MetadataIn>,
}

impl<'a> CreateMetadataSelfMetadataPostMock<'a> {
    /// The request must send `metadata_in` with this value.
    pub fn metadata_in(mut self, metadata_in: models::MetadataIn) -> Self {
        self.metadata_in = Some(metadata_in);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::Metadata) -> Expected<'a> {
        let answer = Response::ok(&["201", "422"]).typed(&["application/json"], body);
        self.respond_with(answer)
    }

    /// Registers the expectation, answered with `status` and `body` as JSON (an error the
    /// operation documents, or one it does not).
    pub fn respond_error(self, status: u16, body: &impl serde::Serialize) -> Expected<'a> {
        self.respond_with(Response::new(status).json(body))
    }

    /// Registers the expectation, answered with `response`.
    pub fn respond_with(self, response: Response) -> Expected<'a> {
        let server = self.specfleet_server;
        server.register(self.expectation(), response)
    }

    /// What the request must hold, encoded as the client's request encodes it.
    fn expectation(self) -> specfleet_mock::Expectation {
        let mut request = specfleet_mock::Expectation::new(
            "create_metadata_self_metadata_post",
            "POST",
            "/metadata",
        );
        if let Some(value) = self.metadata_in {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`read_metadata_by_backend_id_metadata_backend_backend_id_get`](crate::apis::metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct ReadMetadataByBackendIdMetadataBackendBackendIdGetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    backend_id: i64,
    sort_by: Option<String>,
    latest: Option<bool>,
    page: Option<i32>,
    size: Option<i32>,
}

impl<'a> ReadMetadataByBackendIdMetadataBackendBackendIdGetMock<'a> {
    /// The request must send `sort_by` with this value.
    pub fn sort_by(mut self, sort_by: impl Into<String>) -> Self {
        self.sort_by = Some(sort_by.into());
        self
    }

    /// The request must send `latest` with this value.
    pub fn latest(mut self, latest: bool) -> Self {
        self.latest = Some(latest);
        self
    }

    /// The request must send `page` with this value.
    pub fn page(mut self, page: i32) -> Self {
        self.page = Some(page);
        self
    }

    /// The request must send `size` with this value.
    pub fn size(mut self, size: i32) -> Self {
        self.size = Some(size);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::PageMetadata) -> Expected<'a> {
        let answer = Response::ok(&["200", "422"]).typed(&["application/json"], body);
        self.respond_with(answer)
    }

    /// Registers the expectation, answered with `status` and `body` as JSON (an error the
    /// operation documents, or one it does not).
    pub fn respond_error(self, status: u16, body: &impl serde::Serialize) -> Expected<'a> {
        self.respond_with(Response::new(status).json(body))
    }

    /// Registers the expectation, answered with `response`.
    pub fn respond_with(self, response: Response) -> Expected<'a> {
        let server = self.specfleet_server;
        server.register(self.expectation(), response)
    }

    /// What the request must hold, encoded as the client's request encodes it.
    fn expectation(self) -> specfleet_mock::Expectation {
        let mut request = specfleet_mock::Expectation::new(
            "read_metadata_by_backend_id_metadata_backend_backend_id_get",
            "GET",
            "/metadata/backend/{backend_id}",
        );
        request = request.path("backend_id", &self.backend_id);
        if let Some(value) = self.sort_by {
            request = request.query("sort_by", &value);
        }
        if let Some(value) = self.latest {
            request = request.query("latest", &value);
        }
        if let Some(value) = self.page {
            request = request.query("page", &value);
        }
        if let Some(value) = self.size {
            request = request.query("size", &value);
        }
        request
    }
}

/// An expected call of [`read_metadata_metadata_id_get`](crate::apis::metadata_api::read_metadata_metadata_id_get): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct ReadMetadataMetadataIdGetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    id: i64,
}

impl<'a> ReadMetadataMetadataIdGetMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::Metadata) -> Expected<'a> {
        let answer = Response::ok(&["200", "404", "422"]).typed(&["application/json"], body);
        self.respond_with(answer)
    }

    /// Registers the expectation, answered with `status` and `body` as JSON (an error the
    /// operation documents, or one it does not).
    pub fn respond_error(self, status: u16, body: &impl serde::Serialize) -> Expected<'a> {
        self.respond_with(Response::new(status).json(body))
    }

    /// Registers the expectation, answered with `response`.
    pub fn respond_with(self, response: Response) -> Expected<'a> {
        let server = self.specfleet_server;
        server.register(self.expectation(), response)
    }

    /// What the request must hold, encoded as the client's request encodes it.
    fn expectation(self) -> specfleet_mock::Expectation {
        let mut request = specfleet_mock::Expectation::new(
            "read_metadata_metadata_id_get",
            "GET",
            "/metadata/{id}",
        );
        request = request.path("id", &self.id);
        request
    }
}
