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
    /// the service's base URL, `https://api.rokka.io`.
    pub async fn start() -> MockServer {
        MockServer(specfleet_mock::MockServer::start(crate::SERVICE.base_url).await)
    }

    /// Expects a call of [`copy_source_image`](crate::apis::sourceimages_api::copy_source_image) (`POST /sourceimages/{organization}/{hash}/copy`).
    pub fn copy_source_image(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> CopySourceImageMock<'_> {
        CopySourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            destination: None,
            overwrite: None,
        }
    }

    /// Expects a call of [`create_source_image`](crate::apis::sourceimages_api::create_source_image) (`POST /sourceimages/{organization}`).
    pub fn create_source_image(
        &self,
        organization: impl Into<String>,
    ) -> CreateSourceImageMock<'_> {
        CreateSourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            meta_dynamic: None,
            meta_user: None,
        }
    }

    /// Expects a call of [`create_source_image_meta_dynamic_with_name`](crate::apis::sourceimages_api::create_source_image_meta_dynamic_with_name) (`PUT /sourceimages/{organization}/{hash}/meta/dynamic/{metaName}`).
    pub fn create_source_image_meta_dynamic_with_name(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
        meta_name: impl Into<String>,
    ) -> CreateSourceImageMetaDynamicWithNameMock<'_> {
        CreateSourceImageMetaDynamicWithNameMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            meta_name: meta_name.into(),
            delete_previous: None,
            meta_dynamic_definition: None,
        }
    }

    /// Expects a call of [`create_source_image_meta_user`](crate::apis::sourceimages_api::create_source_image_meta_user) (`PUT /sourceimages/{organization}/{hash}/meta/user`).
    pub fn create_source_image_meta_user(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> CreateSourceImageMetaUserMock<'_> {
        CreateSourceImageMetaUserMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            user_meta_data: None,
        }
    }

    /// Expects a call of [`create_source_image_meta_user_wth_name`](crate::apis::sourceimages_api::create_source_image_meta_user_wth_name) (`PUT /sourceimages/{organization}/{hash}/meta/user/{metaName}`).
    pub fn create_source_image_meta_user_wth_name(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
        meta_name: impl Into<String>,
    ) -> CreateSourceImageMetaUserWthNameMock<'_> {
        CreateSourceImageMetaUserWthNameMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            meta_name: meta_name.into(),
            user_meta_data_single_field: None,
        }
    }

    /// Expects a call of [`delete_source_image`](crate::apis::sourceimages_api::delete_source_image) (`DELETE /sourceimages/{organization}/{hash}`).
    pub fn delete_source_image(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> DeleteSourceImageMock<'_> {
        DeleteSourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }

    /// Expects a call of [`delete_source_image_meta_dynamic_with_name`](crate::apis::sourceimages_api::delete_source_image_meta_dynamic_with_name) (`DELETE /sourceimages/{organization}/{hash}/meta/dynamic/{metaName}`).
    pub fn delete_source_image_meta_dynamic_with_name(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
        meta_name: impl Into<String>,
    ) -> DeleteSourceImageMetaDynamicWithNameMock<'_> {
        DeleteSourceImageMetaDynamicWithNameMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            meta_name: meta_name.into(),
            delete_previous: None,
        }
    }

    /// Expects a call of [`delete_source_image_meta_user`](crate::apis::sourceimages_api::delete_source_image_meta_user) (`DELETE /sourceimages/{organization}/{hash}/meta/user`).
    pub fn delete_source_image_meta_user(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> DeleteSourceImageMetaUserMock<'_> {
        DeleteSourceImageMetaUserMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }

    /// Expects a call of [`delete_source_image_meta_user_with_name`](crate::apis::sourceimages_api::delete_source_image_meta_user_with_name) (`DELETE /sourceimages/{organization}/{hash}/meta/user/{metaName}`).
    pub fn delete_source_image_meta_user_with_name(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
        meta_name: impl Into<String>,
    ) -> DeleteSourceImageMetaUserWithNameMock<'_> {
        DeleteSourceImageMetaUserWithNameMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            meta_name: meta_name.into(),
        }
    }

    /// Expects a call of [`download_source_image`](crate::apis::sourceimages_api::download_source_image) (`GET /sourceimages/{organization}/{hash}/download`).
    pub fn download_source_image(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> DownloadSourceImageMock<'_> {
        DownloadSourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }

    /// Expects a call of [`get_source_image`](crate::apis::sourceimages_api::get_source_image) (`GET /sourceimages/{organization}/{hash}`).
    pub fn get_source_image(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> GetSourceImageMock<'_> {
        GetSourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }

    /// Expects a call of [`get_source_image_meta_user`](crate::apis::sourceimages_api::get_source_image_meta_user) (`GET /sourceimages/{organization}/{hash}/meta/user`).
    pub fn get_source_image_meta_user(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> GetSourceImageMetaUserMock<'_> {
        GetSourceImageMetaUserMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }

    /// Expects a call of [`get_source_image_meta_user_with_name`](crate::apis::sourceimages_api::get_source_image_meta_user_with_name) (`GET /sourceimages/{organization}/{hash}/meta/user/{metaName}`).
    pub fn get_source_image_meta_user_with_name(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
        meta_name: impl Into<String>,
    ) -> GetSourceImageMetaUserWithNameMock<'_> {
        GetSourceImageMetaUserWithNameMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            meta_name: meta_name.into(),
        }
    }

    /// Expects a call of [`list_source_images`](crate::apis::sourceimages_api::list_source_images) (`GET /sourceimages/{organization}`).
    pub fn list_source_images(&self, organization: impl Into<String>) -> ListSourceImagesMock<'_> {
        ListSourceImagesMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            offset: None,
            limit: None,
            sort: None,
            deleted: None,
        }
    }

    /// Expects a call of [`list_source_images_by_binary_hash`](crate::apis::sourceimages_api::list_source_images_by_binary_hash) (`GET /sourceimages/{organization}/binaryhash/{binaryHash}`).
    pub fn list_source_images_by_binary_hash(
        &self,
        organization: impl Into<String>,
        binary_hash: impl Into<String>,
    ) -> ListSourceImagesByBinaryHashMock<'_> {
        ListSourceImagesByBinaryHashMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            binary_hash: binary_hash.into(),
        }
    }

    /// Expects a call of [`patch_source_image_meta_user`](crate::apis::sourceimages_api::patch_source_image_meta_user) (`PATCH /sourceimages/{organization}/{hash}/meta/user`).
    pub fn patch_source_image_meta_user(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> PatchSourceImageMetaUserMock<'_> {
        PatchSourceImageMetaUserMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
            user_meta_data: None,
        }
    }

    /// Expects a call of [`restore_source_image`](crate::apis::sourceimages_api::restore_source_image) (`POST /sourceimages/{organization}/{hash}/restore`).
    pub fn restore_source_image(
        &self,
        organization: impl Into<String>,
        hash: impl Into<String>,
    ) -> RestoreSourceImageMock<'_> {
        RestoreSourceImageMock {
            specfleet_server: &self.0,
            organization: organization.into(),
            hash: hash.into(),
        }
    }
}

/// An expected call of [`copy_source_image`](crate::apis::sourceimages_api::copy_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CopySourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    destination: Option<String>,
    overwrite: Option<String>,
}

impl<'a> CopySourceImageMock<'a> {
    /// The request must send `Destination` with this value.
    pub fn destination(mut self, destination: impl Into<String>) -> Self {
        self.destination = Some(destination.into());
        self
    }

    /// The request must send `Overwrite` with this value.
    pub fn overwrite(mut self, overwrite: impl Into<String>) -> Self {
        self.overwrite = Some(overwrite.into());
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
            "copy_source_image",
            "POST",
            "/sourceimages/{organization}/{hash}/copy",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        if let Some(value) = self.destination {
            request = request.header("Destination", &value);
        }
        if let Some(value) = self.overwrite {
            request = request.header("Overwrite", &value);
        }
        request
    }
}

/// An expected call of [`create_source_image`](crate::apis::sourceimages_api::create_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CreateSourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    meta_dynamic: Option<String>,
    meta_user: Option<String>,
}

impl<'a> CreateSourceImageMock<'a> {
    /// The request must send `meta_dynamic[]` with this value.
    pub fn meta_dynamic(mut self, meta_dynamic: impl Into<String>) -> Self {
        self.meta_dynamic = Some(meta_dynamic.into());
        self
    }

    /// The request must send `meta_user[]` with this value.
    pub fn meta_user(mut self, meta_user: impl Into<String>) -> Self {
        self.meta_user = Some(meta_user.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::ListSourceImagesResponse) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "create_source_image",
            "POST",
            "/sourceimages/{organization}",
        );
        request = request.path("organization", &self.organization);
        request = request.multipart();
        if let Some(value) = self.meta_dynamic {
            request = request.part("meta_dynamic[]", Some(&value));
        }
        if let Some(value) = self.meta_user {
            request = request.part("meta_user[]", Some(&value));
        }
        request
    }
}

/// An expected call of [`create_source_image_meta_dynamic_with_name`](crate::apis::sourceimages_api::create_source_image_meta_dynamic_with_name): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CreateSourceImageMetaDynamicWithNameMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    meta_name: String,
    delete_previous: Option<bool>,
    meta_dynamic_definition: Option<serde_json::Value>,
}

impl<'a> CreateSourceImageMetaDynamicWithNameMock<'a> {
    /// The request must send `deletePrevious` with this value.
    pub fn delete_previous(mut self, delete_previous: bool) -> Self {
        self.delete_previous = Some(delete_previous);
        self
    }

    /// The request must send `meta_dynamic_definition` with this value.
    pub fn meta_dynamic_definition(mut self, meta_dynamic_definition: serde_json::Value) -> Self {
        self.meta_dynamic_definition = Some(meta_dynamic_definition);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::SourceImage) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "create_source_image_meta_dynamic_with_name",
            "PUT",
            "/sourceimages/{organization}/{hash}/meta/dynamic/{metaName}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request = request.path("metaName", &self.meta_name);
        if let Some(value) = self.delete_previous {
            request = request.query("deletePrevious", &value);
        }
        if let Some(value) = self.meta_dynamic_definition {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`create_source_image_meta_user`](crate::apis::sourceimages_api::create_source_image_meta_user): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CreateSourceImageMetaUserMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    user_meta_data: Option<serde_json::Value>,
}

impl<'a> CreateSourceImageMetaUserMock<'a> {
    /// The request must send `user_meta_data` with this value.
    pub fn user_meta_data(mut self, user_meta_data: serde_json::Value) -> Self {
        self.user_meta_data = Some(user_meta_data);
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
            "create_source_image_meta_user",
            "PUT",
            "/sourceimages/{organization}/{hash}/meta/user",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        if let Some(value) = self.user_meta_data {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`create_source_image_meta_user_wth_name`](crate::apis::sourceimages_api::create_source_image_meta_user_wth_name): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CreateSourceImageMetaUserWthNameMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    meta_name: String,
    user_meta_data_single_field: Option<String>,
}

impl<'a> CreateSourceImageMetaUserWthNameMock<'a> {
    /// The request must send `user_meta_data_single_field` with this value.
    pub fn user_meta_data_single_field(
        mut self,
        user_meta_data_single_field: impl Into<String>,
    ) -> Self {
        self.user_meta_data_single_field = Some(user_meta_data_single_field.into());
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
            "create_source_image_meta_user_wth_name",
            "PUT",
            "/sourceimages/{organization}/{hash}/meta/user/{metaName}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request = request.path("metaName", &self.meta_name);
        if let Some(value) = self.user_meta_data_single_field {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`delete_source_image`](crate::apis::sourceimages_api::delete_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteSourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> DeleteSourceImageMock<'a> {
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
            "delete_source_image",
            "DELETE",
            "/sourceimages/{organization}/{hash}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}

/// An expected call of [`delete_source_image_meta_dynamic_with_name`](crate::apis::sourceimages_api::delete_source_image_meta_dynamic_with_name): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteSourceImageMetaDynamicWithNameMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    meta_name: String,
    delete_previous: Option<bool>,
}

impl<'a> DeleteSourceImageMetaDynamicWithNameMock<'a> {
    /// The request must send `deletePrevious` with this value.
    pub fn delete_previous(mut self, delete_previous: bool) -> Self {
        self.delete_previous = Some(delete_previous);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::SourceImage) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "delete_source_image_meta_dynamic_with_name",
            "DELETE",
            "/sourceimages/{organization}/{hash}/meta/dynamic/{metaName}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request = request.path("metaName", &self.meta_name);
        if let Some(value) = self.delete_previous {
            request = request.query("deletePrevious", &value);
        }
        request
    }
}

/// An expected call of [`delete_source_image_meta_user`](crate::apis::sourceimages_api::delete_source_image_meta_user): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteSourceImageMetaUserMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> DeleteSourceImageMetaUserMock<'a> {
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
            "delete_source_image_meta_user",
            "DELETE",
            "/sourceimages/{organization}/{hash}/meta/user",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}

/// An expected call of [`delete_source_image_meta_user_with_name`](crate::apis::sourceimages_api::delete_source_image_meta_user_with_name): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteSourceImageMetaUserWithNameMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    meta_name: String,
}

impl<'a> DeleteSourceImageMetaUserWithNameMock<'a> {
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
            "delete_source_image_meta_user_with_name",
            "DELETE",
            "/sourceimages/{organization}/{hash}/meta/user/{metaName}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request = request.path("metaName", &self.meta_name);
        request
    }
}

/// An expected call of [`download_source_image`](crate::apis::sourceimages_api::download_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DownloadSourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> DownloadSourceImageMock<'a> {
    /// Registers the expectation, answered with the operation's success: these bytes.
    pub fn respond(self, body: impl Into<Vec<u8>>) -> Expected<'a> {
        let answer = Response::ok(&["200"]).body(["*/*", "application/octet-stream"][0], body);
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
            "download_source_image",
            "GET",
            "/sourceimages/{organization}/{hash}/download",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}

/// An expected call of [`get_source_image`](crate::apis::sourceimages_api::get_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetSourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> GetSourceImageMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::SourceImage) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "get_source_image",
            "GET",
            "/sourceimages/{organization}/{hash}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}

/// An expected call of [`get_source_image_meta_user`](crate::apis::sourceimages_api::get_source_image_meta_user): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetSourceImageMetaUserMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> GetSourceImageMetaUserMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &serde_json::Value) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "get_source_image_meta_user",
            "GET",
            "/sourceimages/{organization}/{hash}/meta/user",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}

/// An expected call of [`get_source_image_meta_user_with_name`](crate::apis::sourceimages_api::get_source_image_meta_user_with_name): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetSourceImageMetaUserWithNameMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    meta_name: String,
}

impl<'a> GetSourceImageMetaUserWithNameMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &String) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json", "text/plain"], body);
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
            "get_source_image_meta_user_with_name",
            "GET",
            "/sourceimages/{organization}/{hash}/meta/user/{metaName}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request = request.path("metaName", &self.meta_name);
        request
    }
}

/// An expected call of [`list_source_images`](crate::apis::sourceimages_api::list_source_images): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct ListSourceImagesMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    offset: Option<String>,
    limit: Option<i32>,
    sort: Option<String>,
    deleted: Option<bool>,
}

impl<'a> ListSourceImagesMock<'a> {
    /// The request must send `offset` with this value.
    pub fn offset(mut self, offset: impl Into<String>) -> Self {
        self.offset = Some(offset.into());
        self
    }

    /// The request must send `limit` with this value.
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The request must send `sort` with this value.
    pub fn sort(mut self, sort: impl Into<String>) -> Self {
        self.sort = Some(sort.into());
        self
    }

    /// The request must send `deleted` with this value.
    pub fn deleted(mut self, deleted: bool) -> Self {
        self.deleted = Some(deleted);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::ListSourceImagesResponse) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "list_source_images",
            "GET",
            "/sourceimages/{organization}",
        );
        request = request.path("organization", &self.organization);
        if let Some(value) = self.offset {
            request = request.query("offset", &value);
        }
        if let Some(value) = self.limit {
            request = request.query("limit", &value);
        }
        if let Some(value) = self.sort {
            request = request.query("sort", &value);
        }
        if let Some(value) = self.deleted {
            request = request.query("deleted", &value);
        }
        request
    }
}

/// An expected call of [`list_source_images_by_binary_hash`](crate::apis::sourceimages_api::list_source_images_by_binary_hash): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct ListSourceImagesByBinaryHashMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    binary_hash: String,
}

impl<'a> ListSourceImagesByBinaryHashMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::ListSourceImagesResponse) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "list_source_images_by_binary_hash",
            "GET",
            "/sourceimages/{organization}/binaryhash/{binaryHash}",
        );
        request = request.path("organization", &self.organization);
        request = request.path("binaryHash", &self.binary_hash);
        request
    }
}

/// An expected call of [`patch_source_image_meta_user`](crate::apis::sourceimages_api::patch_source_image_meta_user): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct PatchSourceImageMetaUserMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
    user_meta_data: Option<serde_json::Value>,
}

impl<'a> PatchSourceImageMetaUserMock<'a> {
    /// The request must send `user_meta_data` with this value.
    pub fn user_meta_data(mut self, user_meta_data: serde_json::Value) -> Self {
        self.user_meta_data = Some(user_meta_data);
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
            "patch_source_image_meta_user",
            "PATCH",
            "/sourceimages/{organization}/{hash}/meta/user",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        if let Some(value) = self.user_meta_data {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`restore_source_image`](crate::apis::sourceimages_api::restore_source_image): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct RestoreSourceImageMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    organization: String,
    hash: String,
}

impl<'a> RestoreSourceImageMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::SourceImage) -> Expected<'a> {
        let answer = Response::ok(&["200"]).typed(&["application/json"], body);
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
            "restore_source_image",
            "POST",
            "/sourceimages/{organization}/{hash}/restore",
        );
        request = request.path("organization", &self.organization);
        request = request.path("hash", &self.hash);
        request
    }
}
