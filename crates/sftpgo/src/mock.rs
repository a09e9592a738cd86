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
    /// the service's base URL, `http://localhost/api/v2`.
    pub async fn start() -> MockServer {
        MockServer(specfleet_mock::MockServer::start(crate::SERVICE.base_url).await)
    }

    /// Expects a call of [`get_users_metadata_checks`](crate::apis::metadata_api::get_users_metadata_checks) (`GET /metadata/users/checks`).
    pub fn get_users_metadata_checks(&self) -> GetUsersMetadataChecksMock<'_> {
        GetUsersMetadataChecksMock {
            specfleet_server: &self.0,
        }
    }

    /// Expects a call of [`start_user_metadata_check`](crate::apis::metadata_api::start_user_metadata_check) (`POST /metadata/users/{username}/check`).
    pub fn start_user_metadata_check(
        &self,
        username: impl Into<String>,
    ) -> StartUserMetadataCheckMock<'_> {
        StartUserMetadataCheckMock {
            specfleet_server: &self.0,
            username: username.into(),
        }
    }
}

/// An expected call of [`get_users_metadata_checks`](crate::apis::metadata_api::get_users_metadata_checks): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetUsersMetadataChecksMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
}

impl<'a> GetUsersMetadataChecksMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &Vec<models::MetadataCheck>) -> Expected<'a> {
        let answer =
            Response::ok(&["200", "401", "403", "500", "0"]).typed(&["application/json"], body);
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
            "get_users_metadata_checks",
            "GET",
            "/metadata/users/checks",
        );
        request
    }
}

/// An expected call of [`start_user_metadata_check`](crate::apis::metadata_api::start_user_metadata_check): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct StartUserMetadataCheckMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    username: String,
}

impl<'a> StartUserMetadataCheckMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::ApiResponse) -> Expected<'a> {
        let answer = Response::ok(&["202", "400", "401", "403", "404", "409", "500", "0"])
            .typed(&["application/json"], body);
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
            "start_user_metadata_check",
            "POST",
            "/metadata/users/{username}/check",
        );
        request = request.path("username", &self.username);
        request
    }
}
