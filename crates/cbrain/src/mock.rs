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
    /// the service's base URL, `http://localhost:3000`.
    pub async fn start() -> MockServer {
        MockServer(specfleet_mock::MockServer::start(crate::SERVICE.base_url).await)
    }

    /// Expects a call of [`userfiles_change_provider_post`](crate::apis::userfiles_api::userfiles_change_provider_post) (`POST /userfiles/change_provider`).
    pub fn userfiles_change_provider_post(&self) -> UserfilesChangeProviderPostMock<'_> {
        UserfilesChangeProviderPostMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_compress_post`](crate::apis::userfiles_api::userfiles_compress_post) (`POST /userfiles/compress`).
    pub fn userfiles_compress_post(&self) -> UserfilesCompressPostMock<'_> {
        UserfilesCompressPostMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_delete_files_delete`](crate::apis::userfiles_api::userfiles_delete_files_delete) (`DELETE /userfiles/delete_files`).
    pub fn userfiles_delete_files_delete(&self) -> UserfilesDeleteFilesDeleteMock<'_> {
        UserfilesDeleteFilesDeleteMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_download_post`](crate::apis::userfiles_api::userfiles_download_post) (`POST /userfiles/download`).
    pub fn userfiles_download_post(&self) -> UserfilesDownloadPostMock<'_> {
        UserfilesDownloadPostMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_get`](crate::apis::userfiles_api::userfiles_get) (`GET /userfiles`).
    pub fn userfiles_get(&self) -> UserfilesGetMock<'_> {
        UserfilesGetMock {
            specfleet_server: &self.0,
            page: None,
            per_page: None,
        }
    }

    /// Expects a call of [`userfiles_id_content_get`](crate::apis::userfiles_api::userfiles_id_content_get) (`GET /userfiles/{id}/content`).
    pub fn userfiles_id_content_get(&self, id: i64) -> UserfilesIdContentGetMock<'_> {
        UserfilesIdContentGetMock {
            specfleet_server: &self.0,
            id: id,
        }
    }

    /// Expects a call of [`userfiles_id_get`](crate::apis::userfiles_api::userfiles_id_get) (`GET /userfiles/{id}`).
    pub fn userfiles_id_get(&self, id: i64) -> UserfilesIdGetMock<'_> {
        UserfilesIdGetMock {
            specfleet_server: &self.0,
            id: id,
        }
    }

    /// Expects a call of [`userfiles_id_put`](crate::apis::userfiles_api::userfiles_id_put) (`PUT /userfiles/{id}`).
    pub fn userfiles_id_put(&self, id: i64) -> UserfilesIdPutMock<'_> {
        UserfilesIdPutMock {
            specfleet_server: &self.0,
            id: id,
            userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_post`](crate::apis::userfiles_api::userfiles_post) (`POST /userfiles`).
    pub fn userfiles_post(&self) -> UserfilesPostMock<'_> {
        UserfilesPostMock {
            specfleet_server: &self.0,
            data_provider_id: None,
            userfile_group_id: None,
            file_type: None,
            do_extract: None,
            up_ex_mode: None,
        }
    }

    /// Expects a call of [`userfiles_sync_multiple_post`](crate::apis::userfiles_api::userfiles_sync_multiple_post) (`POST /userfiles/sync_multiple`).
    pub fn userfiles_sync_multiple_post(&self) -> UserfilesSyncMultiplePostMock<'_> {
        UserfilesSyncMultiplePostMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }

    /// Expects a call of [`userfiles_uncompress_post`](crate::apis::userfiles_api::userfiles_uncompress_post) (`POST /userfiles/uncompress`).
    pub fn userfiles_uncompress_post(&self) -> UserfilesUncompressPostMock<'_> {
        UserfilesUncompressPostMock {
            specfleet_server: &self.0,
            multi_userfile_mod_req: None,
        }
    }
}

/// An expected call of [`userfiles_change_provider_post`](crate::apis::userfiles_api::userfiles_change_provider_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesChangeProviderPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesChangeProviderPostMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200"]);
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
            "userfiles_change_provider_post",
            "POST",
            "/userfiles/change_provider",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_compress_post`](crate::apis::userfiles_api::userfiles_compress_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesCompressPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesCompressPostMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200"]);
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
            "userfiles_compress_post",
            "POST",
            "/userfiles/compress",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_delete_files_delete`](crate::apis::userfiles_api::userfiles_delete_files_delete): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesDeleteFilesDeleteMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesDeleteFilesDeleteMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200"]);
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
            "userfiles_delete_files_delete",
            "DELETE",
            "/userfiles/delete_files",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_download_post`](crate::apis::userfiles_api::userfiles_download_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesDownloadPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesDownloadPostMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success: these bytes.
    pub fn respond(self, body: impl Into<Vec<u8>>) -> Expected<'a> {
        let answer = Response::ok(&["200", "403"]).body(
            ["application/*", "text/*", "application/octet-stream"][0],
            body,
        );
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
            "userfiles_download_post",
            "POST",
            "/userfiles/download",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_get`](crate::apis::userfiles_api::userfiles_get): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesGetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    page: Option<i32>,
    per_page: Option<i32>,
}

impl<'a> UserfilesGetMock<'a> {
    /// The request must send `page` with this value.
    pub fn page(mut self, page: i32) -> Self {
        self.page = Some(page);
        self
    }

    /// The request must send `per_page` with this value.
    pub fn per_page(mut self, per_page: i32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &Vec<models::Userfile>) -> Expected<'a> {
        let answer =
            Response::ok(&["200", "401"]).typed(&["application/json", "application/xml"], body);
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
        let mut request = specfleet_mock::Expectation::new("userfiles_get", "GET", "/userfiles");
        if let Some(value) = self.page {
            request = request.query("page", &value);
        }
        if let Some(value) = self.per_page {
            request = request.query("per_page", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_id_content_get`](crate::apis::userfiles_api::userfiles_id_content_get): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesIdContentGetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    id: i64,
}

impl<'a> UserfilesIdContentGetMock<'a> {
    /// Registers the expectation, answered with the operation's success: these bytes.
    pub fn respond(self, body: impl Into<Vec<u8>>) -> Expected<'a> {
        let answer = Response::ok(&["200", "403"]).body(
            ["application/*", "text/*", "application/octet-stream"][0],
            body,
        );
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
            "userfiles_id_content_get",
            "GET",
            "/userfiles/{id}/content",
        );
        request = request.path("id", &self.id);
        request
    }
}

/// An expected call of [`userfiles_id_get`](crate::apis::userfiles_api::userfiles_id_get): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesIdGetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    id: i64,
}

impl<'a> UserfilesIdGetMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::Userfile) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json", "application/xml"], body);
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
        let mut request =
            specfleet_mock::Expectation::new("userfiles_id_get", "GET", "/userfiles/{id}");
        request = request.path("id", &self.id);
        request
    }
}

/// An expected call of [`userfiles_id_put`](crate::apis::userfiles_api::userfiles_id_put): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesIdPutMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    id: i64,
    userfile_mod_req: Option<models::UserfileModReq>,
}

impl<'a> UserfilesIdPutMock<'a> {
    /// The request must send `userfile_mod_req` with this value.
    pub fn userfile_mod_req(mut self, userfile_mod_req: models::UserfileModReq) -> Self {
        self.userfile_mod_req = Some(userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200", "401"]);
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
        let mut request =
            specfleet_mock::Expectation::new("userfiles_id_put", "PUT", "/userfiles/{id}");
        request = request.path("id", &self.id);
        if let Some(value) = self.userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_post`](crate::apis::userfiles_api::userfiles_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    data_provider_id: Option<i64>,
    userfile_group_id: Option<i64>,
    file_type: Option<String>,
    do_extract: Option<String>,
    up_ex_mode: Option<String>,
}

impl<'a> UserfilesPostMock<'a> {
    /// The request must send `data_provider_id` with this value.
    pub fn data_provider_id(mut self, data_provider_id: i64) -> Self {
        self.data_provider_id = Some(data_provider_id);
        self
    }

    /// The request must send `userfile[group_id]` with this value.
    pub fn userfile_group_id(mut self, userfile_group_id: i64) -> Self {
        self.userfile_group_id = Some(userfile_group_id);
        self
    }

    /// The request must send `file_type` with this value.
    pub fn file_type(mut self, file_type: impl Into<String>) -> Self {
        self.file_type = Some(file_type.into());
        self
    }

    /// The request must send `_do_extract` with this value.
    pub fn do_extract(mut self, do_extract: impl Into<String>) -> Self {
        self.do_extract = Some(do_extract.into());
        self
    }

    /// The request must send `_up_ex_mode` with this value.
    pub fn up_ex_mode(mut self, up_ex_mode: impl Into<String>) -> Self {
        self.up_ex_mode = Some(up_ex_mode.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &serde_json::Value) -> Expected<'a> {
        let answer =
            Response::ok(&["201", "401"]).typed(&["application/json", "application/xml"], body);
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
        let mut request = specfleet_mock::Expectation::new("userfiles_post", "POST", "/userfiles");
        request = request.multipart();
        if let Some(value) = self.data_provider_id {
            request = request.part("data_provider_id", Some(&value));
        }
        if let Some(value) = self.userfile_group_id {
            request = request.part("userfile[group_id]", Some(&value));
        }
        if let Some(value) = self.file_type {
            request = request.part("file_type", Some(&value));
        }
        if let Some(value) = self.do_extract {
            request = request.part("_do_extract", Some(&value));
        }
        if let Some(value) = self.up_ex_mode {
            request = request.part("_up_ex_mode", Some(&value));
        }
        request
    }
}

/// An expected call of [`userfiles_sync_multiple_post`](crate::apis::userfiles_api::userfiles_sync_multiple_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesSyncMultiplePostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesSyncMultiplePostMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200"]);
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
            "userfiles_sync_multiple_post",
            "POST",
            "/userfiles/sync_multiple",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`userfiles_uncompress_post`](crate::apis::userfiles_api::userfiles_uncompress_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UserfilesUncompressPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    multi_userfile_mod_req: Option<models::MultiUserfilesModReq>,
}

impl<'a> UserfilesUncompressPostMock<'a> {
    /// The request must send `multi_userfile_mod_req` with this value.
    pub fn multi_userfile_mod_req(
        mut self,
        multi_userfile_mod_req: models::MultiUserfilesModReq,
    ) -> Self {
        self.multi_userfile_mod_req = Some(multi_userfile_mod_req);
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["200"]);
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
            "userfiles_uncompress_post",
            "POST",
            "/userfiles/uncompress",
        );
        if let Some(value) = self.multi_userfile_mod_req {
            request = request.json_as("application/json", &value);
        }
        request
    }
}
