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
    /// the service's base URL, `http://localhost/v0`.
    pub async fn start() -> MockServer {
        MockServer(specfleet_mock::MockServer::start(crate::SERVICE.base_url).await)
    }

    /// Expects a call of [`check_action_post`](crate::apis::default_api::check_action_post) (`POST /check/{action}`).
    pub fn check_action_post(&self, action: impl Into<String>) -> CheckActionPostMock<'_> {
        CheckActionPostMock {
            specfleet_server: &self.0,
            action: action.into(),
            data: None,
            fake: None,
        }
    }

    /// Expects a call of [`copy_as_soft_link`](crate::apis::default_api::copy_as_soft_link) (`POST /files/{file_id}:soft-copy`).
    pub fn copy_as_soft_link(&self, file_id: impl Into<String>) -> CopyAsSoftLinkMock<'_> {
        CopyAsSoftLinkMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            user_id: None,
            copy_as_soft_link_request: None,
        }
    }

    /// Expects a call of [`copy_folders_from_project`](crate::apis::default_api::copy_folders_from_project) (`POST /simcore-s3/folders`).
    pub fn copy_folders_from_project(&self) -> CopyFoldersFromProjectMock<'_> {
        CopyFoldersFromProjectMock {
            specfleet_server: &self.0,
            user_id: None,
            copy_folders_from_project_request: None,
        }
    }

    /// Expects a call of [`delete_file`](crate::apis::default_api::delete_file) (`DELETE /locations/{location_id}/files/{fileId}`).
    pub fn delete_file(
        &self,
        file_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> DeleteFileMock<'_> {
        DeleteFileMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            location_id: location_id.into(),
            user_id: None,
        }
    }

    /// Expects a call of [`delete_folders_of_project`](crate::apis::default_api::delete_folders_of_project) (`DELETE /simcore-s3/folders/{folder_id}`).
    pub fn delete_folders_of_project(
        &self,
        folder_id: impl Into<String>,
    ) -> DeleteFoldersOfProjectMock<'_> {
        DeleteFoldersOfProjectMock {
            specfleet_server: &self.0,
            folder_id: folder_id.into(),
            user_id: None,
            node_id: None,
        }
    }

    /// Expects a call of [`download_file`](crate::apis::default_api::download_file) (`GET /locations/{location_id}/files/{fileId}`).
    pub fn download_file(
        &self,
        file_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> DownloadFileMock<'_> {
        DownloadFileMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            location_id: location_id.into(),
            user_id: None,
        }
    }

    /// Expects a call of [`get_datasets_metadata`](crate::apis::default_api::get_datasets_metadata) (`GET /locations/{location_id}/datasets`).
    pub fn get_datasets_metadata(
        &self,
        location_id: impl Into<String>,
    ) -> GetDatasetsMetadataMock<'_> {
        GetDatasetsMetadataMock {
            specfleet_server: &self.0,
            location_id: location_id.into(),
            user_id: None,
        }
    }

    /// Expects a call of [`get_file_metadata`](crate::apis::default_api::get_file_metadata) (`GET /locations/{location_id}/files/{fileId}/metadata`).
    pub fn get_file_metadata(
        &self,
        file_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> GetFileMetadataMock<'_> {
        GetFileMetadataMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            location_id: location_id.into(),
            user_id: None,
        }
    }

    /// Expects a call of [`get_files_metadata`](crate::apis::default_api::get_files_metadata) (`GET /locations/{location_id}/files/metadata`).
    pub fn get_files_metadata(&self, location_id: impl Into<String>) -> GetFilesMetadataMock<'_> {
        GetFilesMetadataMock {
            specfleet_server: &self.0,
            location_id: location_id.into(),
            user_id: None,
            uuid_filter: None,
        }
    }

    /// Expects a call of [`get_files_metadata_dataset`](crate::apis::default_api::get_files_metadata_dataset) (`GET /locations/{location_id}/datasets/{dataset_id}/metadata`).
    pub fn get_files_metadata_dataset(
        &self,
        location_id: impl Into<String>,
        dataset_id: impl Into<String>,
    ) -> GetFilesMetadataDatasetMock<'_> {
        GetFilesMetadataDatasetMock {
            specfleet_server: &self.0,
            location_id: location_id.into(),
            dataset_id: dataset_id.into(),
            user_id: None,
        }
    }

    /// Expects a call of [`get_status`](crate::apis::default_api::get_status) (`GET /status`).
    pub fn get_status(&self) -> GetStatusMock<'_> {
        GetStatusMock {
            specfleet_server: &self.0,
        }
    }

    /// Expects a call of [`get_storage_locations`](crate::apis::default_api::get_storage_locations) (`GET /locations`).
    pub fn get_storage_locations(&self) -> GetStorageLocationsMock<'_> {
        GetStorageLocationsMock {
            specfleet_server: &self.0,
            user_id: None,
        }
    }

    /// Expects a call of [`health_check`](crate::apis::default_api::health_check) (`GET /`).
    pub fn health_check(&self) -> HealthCheckMock<'_> {
        HealthCheckMock {
            specfleet_server: &self.0,
        }
    }

    /// Expects a call of [`search_files_starting_with`](crate::apis::default_api::search_files_starting_with) (`POST /simcore-s3/files/metadata:search`).
    pub fn search_files_starting_with(&self) -> SearchFilesStartingWithMock<'_> {
        SearchFilesStartingWithMock {
            specfleet_server: &self.0,
            user_id: None,
            startswith: None,
        }
    }

    /// Expects a call of [`synchronise_meta_data_table`](crate::apis::default_api::synchronise_meta_data_table) (`POST /locations/{location_id}:sync`).
    pub fn synchronise_meta_data_table(
        &self,
        location_id: impl Into<String>,
    ) -> SynchroniseMetaDataTableMock<'_> {
        SynchroniseMetaDataTableMock {
            specfleet_server: &self.0,
            location_id: location_id.into(),
            dry_run: None,
            fire_and_forget: None,
        }
    }

    /// Expects a call of [`update_file_meta_data`](crate::apis::default_api::update_file_meta_data) (`PATCH /locations/{location_id}/files/{fileId}/metadata`).
    pub fn update_file_meta_data(
        &self,
        file_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> UpdateFileMetaDataMock<'_> {
        UpdateFileMetaDataMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            location_id: location_id.into(),
            file_meta_data: None,
        }
    }

    /// Expects a call of [`upload_file`](crate::apis::default_api::upload_file) (`PUT /locations/{location_id}/files/{fileId}`).
    pub fn upload_file(
        &self,
        file_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> UploadFileMock<'_> {
        UploadFileMock {
            specfleet_server: &self.0,
            file_id: file_id.into(),
            location_id: location_id.into(),
            user_id: None,
            extra_location: None,
            extra_source: None,
        }
    }
}

/// An expected call of [`check_action_post`](crate::apis::default_api::check_action_post): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CheckActionPostMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    action: String,
    data: Option<String>,
    fake: Option<models::Fake>,
}

impl<'a> CheckActionPostMock<'a> {
    /// The request must send `data` with this value.
    pub fn data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// The request must send `fake` with this value.
    pub fn fake(mut self, fake: models::Fake) -> Self {
        self.fake = Some(fake);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FakeEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            specfleet_mock::Expectation::new("check_action_post", "POST", "/check/{action}");
        request = request.path("action", &self.action);
        if let Some(value) = self.data {
            request = request.query("data", &value);
        }
        if let Some(value) = self.fake {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`copy_as_soft_link`](crate::apis::default_api::copy_as_soft_link): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CopyAsSoftLinkMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    user_id: Option<i64>,
    copy_as_soft_link_request: Option<models::CopyAsSoftLinkRequest>,
}

impl<'a> CopyAsSoftLinkMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// The request must send `copy_as_soft_link_request` with this value.
    pub fn copy_as_soft_link_request(
        mut self,
        copy_as_soft_link_request: models::CopyAsSoftLinkRequest,
    ) -> Self {
        self.copy_as_soft_link_request = Some(copy_as_soft_link_request);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "copy_as_soft_link",
            "POST",
            "/files/{file_id}:soft-copy",
        );
        request = request.path("file_id", &self.file_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.copy_as_soft_link_request {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`copy_folders_from_project`](crate::apis::default_api::copy_folders_from_project): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct CopyFoldersFromProjectMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    user_id: Option<i64>,
    copy_folders_from_project_request: Option<models::CopyFoldersFromProjectRequest>,
}

impl<'a> CopyFoldersFromProjectMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// The request must send `copy_folders_from_project_request` with this value.
    pub fn copy_folders_from_project_request(
        mut self,
        copy_folders_from_project_request: models::CopyFoldersFromProjectRequest,
    ) -> Self {
        self.copy_folders_from_project_request = Some(copy_folders_from_project_request);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::Project) -> Expected<'a> {
        let answer = Response::ok(&["201", "0"]).typed(&["application/json"], body);
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
            "copy_folders_from_project",
            "POST",
            "/simcore-s3/folders",
        );
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.copy_folders_from_project_request {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`delete_file`](crate::apis::default_api::delete_file): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteFileMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    location_id: String,
    user_id: Option<String>,
}

impl<'a> DeleteFileMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["204", "0"]);
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
            "delete_file",
            "DELETE",
            "/locations/{location_id}/files/{fileId}",
        );
        request = request.path("fileId", &self.file_id);
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`delete_folders_of_project`](crate::apis::default_api::delete_folders_of_project): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DeleteFoldersOfProjectMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    folder_id: String,
    user_id: Option<String>,
    node_id: Option<String>,
}

impl<'a> DeleteFoldersOfProjectMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The request must send `node_id` with this value.
    pub fn node_id(mut self, node_id: impl Into<String>) -> Self {
        self.node_id = Some(node_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success.
    pub fn respond(self) -> Expected<'a> {
        let answer = Response::ok(&["204"]);
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
            "delete_folders_of_project",
            "DELETE",
            "/simcore-s3/folders/{folder_id}",
        );
        request = request.path("folder_id", &self.folder_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.node_id {
            request = request.query("node_id", &value);
        }
        request
    }
}

/// An expected call of [`download_file`](crate::apis::default_api::download_file): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct DownloadFileMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    location_id: String,
    user_id: Option<String>,
}

impl<'a> DownloadFileMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::PresignedLinkEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "download_file",
            "GET",
            "/locations/{location_id}/files/{fileId}",
        );
        request = request.path("fileId", &self.file_id);
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`get_datasets_metadata`](crate::apis::default_api::get_datasets_metadata): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetDatasetsMetadataMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    location_id: String,
    user_id: Option<String>,
}

impl<'a> GetDatasetsMetadataMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::DatasetMetaDataArrayEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "get_datasets_metadata",
            "GET",
            "/locations/{location_id}/datasets",
        );
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`get_file_metadata`](crate::apis::default_api::get_file_metadata): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetFileMetadataMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    location_id: String,
    user_id: Option<String>,
}

impl<'a> GetFileMetadataMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "get_file_metadata",
            "GET",
            "/locations/{location_id}/files/{fileId}/metadata",
        );
        request = request.path("fileId", &self.file_id);
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`get_files_metadata`](crate::apis::default_api::get_files_metadata): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetFilesMetadataMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    location_id: String,
    user_id: Option<String>,
    uuid_filter: Option<String>,
}

impl<'a> GetFilesMetadataMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The request must send `uuid_filter` with this value.
    pub fn uuid_filter(mut self, uuid_filter: impl Into<String>) -> Self {
        self.uuid_filter = Some(uuid_filter.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataArrayEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "get_files_metadata",
            "GET",
            "/locations/{location_id}/files/metadata",
        );
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.uuid_filter {
            request = request.query("uuid_filter", &value);
        }
        request
    }
}

/// An expected call of [`get_files_metadata_dataset`](crate::apis::default_api::get_files_metadata_dataset): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetFilesMetadataDatasetMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    location_id: String,
    dataset_id: String,
    user_id: Option<String>,
}

impl<'a> GetFilesMetadataDatasetMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataArrayEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "get_files_metadata_dataset",
            "GET",
            "/locations/{location_id}/datasets/{dataset_id}/metadata",
        );
        request = request.path("location_id", &self.location_id);
        request = request.path("dataset_id", &self.dataset_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`get_status`](crate::apis::default_api::get_status): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetStatusMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
}

impl<'a> GetStatusMock<'a> {
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
        let mut request = specfleet_mock::Expectation::new("get_status", "GET", "/status");
        request
    }
}

/// An expected call of [`get_storage_locations`](crate::apis::default_api::get_storage_locations): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct GetStorageLocationsMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    user_id: Option<String>,
}

impl<'a> GetStorageLocationsMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileLocationArrayEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            specfleet_mock::Expectation::new("get_storage_locations", "GET", "/locations");
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        request
    }
}

/// An expected call of [`health_check`](crate::apis::default_api::health_check): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct HealthCheckMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
}

impl<'a> HealthCheckMock<'a> {
    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::HealthCheckEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
        let mut request = specfleet_mock::Expectation::new("health_check", "GET", "/");
        request
    }
}

/// An expected call of [`search_files_starting_with`](crate::apis::default_api::search_files_starting_with): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct SearchFilesStartingWithMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    user_id: Option<i64>,
    startswith: Option<String>,
}

impl<'a> SearchFilesStartingWithMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// The request must send `startswith` with this value.
    pub fn startswith(mut self, startswith: impl Into<String>) -> Self {
        self.startswith = Some(startswith.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataArrayEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "search_files_starting_with",
            "POST",
            "/simcore-s3/files/metadata:search",
        );
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.startswith {
            request = request.query("startswith", &value);
        }
        request
    }
}

/// An expected call of [`synchronise_meta_data_table`](crate::apis::default_api::synchronise_meta_data_table): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct SynchroniseMetaDataTableMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    location_id: String,
    dry_run: Option<bool>,
    fire_and_forget: Option<bool>,
}

impl<'a> SynchroniseMetaDataTableMock<'a> {
    /// The request must send `dry_run` with this value.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = Some(dry_run);
        self
    }

    /// The request must send `fire_and_forget` with this value.
    pub fn fire_and_forget(mut self, fire_and_forget: bool) -> Self {
        self.fire_and_forget = Some(fire_and_forget);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::TableSynchronisationEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "synchronise_meta_data_table",
            "POST",
            "/locations/{location_id}:sync",
        );
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.dry_run {
            request = request.query("dry_run", &value);
        }
        if let Some(value) = self.fire_and_forget {
            request = request.query("fire_and_forget", &value);
        }
        request
    }
}

/// An expected call of [`update_file_meta_data`](crate::apis::default_api::update_file_meta_data): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UpdateFileMetaDataMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    location_id: String,
    file_meta_data: Option<models::FileMetaData>,
}

impl<'a> UpdateFileMetaDataMock<'a> {
    /// The request must send `file_meta_data` with this value.
    pub fn file_meta_data(mut self, file_meta_data: models::FileMetaData) -> Self {
        self.file_meta_data = Some(file_meta_data);
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::FileMetaDataEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "update_file_meta_data",
            "PATCH",
            "/locations/{location_id}/files/{fileId}/metadata",
        );
        request = request.path("fileId", &self.file_id);
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.file_meta_data {
            request = request.json_as("application/json", &value);
        }
        request
    }
}

/// An expected call of [`upload_file`](crate::apis::default_api::upload_file): set what it must send, then answer it.
#[derive(Debug)]
#[must_use = "an expectation is registered by `respond`, `respond_error` or `respond_with`"]
pub struct UploadFileMock<'a> {
    specfleet_server: &'a specfleet_mock::MockServer,
    file_id: String,
    location_id: String,
    user_id: Option<String>,
    extra_location: Option<String>,
    extra_source: Option<String>,
}

impl<'a> UploadFileMock<'a> {
    /// The request must send `user_id` with this value.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The request must send `extra_location` with this value.
    pub fn extra_location(mut self, extra_location: impl Into<String>) -> Self {
        self.extra_location = Some(extra_location.into());
        self
    }

    /// The request must send `extra_source` with this value.
    pub fn extra_source(mut self, extra_source: impl Into<String>) -> Self {
        self.extra_source = Some(extra_source.into());
        self
    }

    /// Registers the expectation, answered with the operation's success: `body`, as the client reads it.
    pub fn respond(self, body: &models::PresignedLinkEnveloped) -> Expected<'a> {
        let answer = Response::ok(&["200", "0"]).typed(&["application/json"], body);
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
            "upload_file",
            "PUT",
            "/locations/{location_id}/files/{fileId}",
        );
        request = request.path("fileId", &self.file_id);
        request = request.path("location_id", &self.location_id);
        if let Some(value) = self.user_id {
            request = request.query("user_id", &value);
        }
        if let Some(value) = self.extra_location {
            request = request.query("extra_location", &value);
        }
        if let Some(value) = self.extra_source {
            request = request.query("extra_source", &value);
        }
        request
    }
}
