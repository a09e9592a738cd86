//! o²S²PARC storage API v0: storage locations, file metadata, presigned upload and download
//! links, datasets, soft links, and the S3 folders of projects.
//!
//! Adds to [`generated`] (the `specfleet-osparc-storage` crate): a [`Client`] with `from_env`
//! and `from_vars`, and the operations grouped as the API is: [`Client::user`] for what one
//! user does (the service has no authentication of its own; operations name the user they act
//! for), [`User::location`] and [`Location::file`] below it. Each method returns the generated
//! operation's builder.
//!
//! # Envelopes
//!
//! The service wraps every answer in an envelope `{"data": ..., "error": ...}`. `.await` (or
//! `.send()`) gives the envelope; `.into_data()` gives its `data`, and makes an envelope that
//! holds an error instead an error of kind [`Status`](crate::ErrorKind::Status) with the 2xx
//! status and the envelope as body, typed as [`ErrorEnveloped`] where it has that shape.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let storage = specfleet::osparc_storage::Client::builder()
//!     .base_url("http://storage:8080/v0")
//!     .build()?;
//! let alice = storage.user(42);
//! for location in alice.locations().into_data().await? {
//!     println!("{:?}: {:?}", location.id, location.name);
//! }
//! let files = alice.location(0).files().uuid_filter("b0b0cafe").into_data().await?;
//! # let _ = files; Ok(()) }
//! ```

pub use specfleet_osparc_storage as generated;
use specfleet_osparc_storage::apis::default_api as api;
/// Typed mocks of the service, for testing code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub use specfleet_osparc_storage::mock;
pub use specfleet_osparc_storage::models::{
    DatasetMetaData, ErrorEnveloped, ErrorItem, Fake, FileLocation, FileMetaData, HealthCheck,
    PresignedLink, Project, TableSynchronisation,
};

crate::client::service_client!(specfleet_osparc_storage, "an o²S²PARC storage service");

impl Client {
    /// A client from the environment: `OSPARC_STORAGE_URL` (the base URL, `/v0` included).
    pub fn from_env() -> crate::Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variable [`from_env`](Client::from_env) reads, looked up through
    /// `lookup` instead of the environment.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> crate::Result<Client> {
        crate::client::from_vars(
            Client::builder(),
            lookup,
            ("OSPARC_STORAGE_URL", |builder, url| builder.base_url(url)),
            &[],
        )
        .build()
    }

    /// What the user `user_id` does: the operations that act for a user.
    pub fn user(&self, user_id: i64) -> User<'_> {
        User {
            client: self,
            user_id,
        }
    }

    /// The service's health. Seed operation: `health_check`.
    pub fn health(&self) -> api::HealthCheck<'_> {
        api::health_check(self)
    }

    /// The service's status. Seed operation: `get_status`.
    pub fn status(&self) -> api::GetStatus<'_> {
        api::get_status(self)
    }

    /// A diagnostic action (`echo`, `fail`, ...). Seed operation: `check_action_post`.
    pub fn check(&self, action: impl Into<String>) -> api::CheckActionPost<'_> {
        api::check_action_post(self, action)
    }

    /// Synchronises a location's metadata table with its storage. Seed operation:
    /// `synchronise_meta_data_table`.
    pub fn synchronise(&self, location_id: impl ToString) -> api::SynchroniseMetaDataTable<'_> {
        api::synchronise_meta_data_table(self, location_id.to_string())
    }
}

/// What one user does; from [`Client::user`].
#[derive(Debug, Clone, Copy)]
pub struct User<'a> {
    client: &'a Client,
    user_id: i64,
}

impl<'a> User<'a> {
    /// The storage locations the user can use. Seed operation: `get_storage_locations`.
    pub fn locations(&self) -> api::GetStorageLocations<'a> {
        api::get_storage_locations(self.client, self.user_id.to_string())
    }

    /// One storage location (0 is simcore's S3, 1 DAT-CORE).
    pub fn location(&self, location_id: impl ToString) -> Location<'a> {
        Location {
            user: *self,
            location_id: location_id.to_string(),
        }
    }

    /// Copies a file as a soft link named `link_id`. Seed operation: `copy_as_soft_link`.
    pub fn soft_copy(&self, file_id: impl Into<String>) -> api::CopyAsSoftLink<'a> {
        api::copy_as_soft_link(self.client, file_id, self.user_id)
    }

    /// The user's files whose id starts with a prefix (`.startswith(...)`). Seed operation:
    /// `search_files_starting_with`.
    pub fn search(&self) -> api::SearchFilesStartingWith<'a> {
        api::search_files_starting_with(self.client, self.user_id)
    }

    /// Copies the S3 folders of a project to another (the body names both). Seed operation:
    /// `copy_folders_from_project`.
    pub fn copy_project_folders(&self) -> api::CopyFoldersFromProject<'a> {
        api::copy_folders_from_project(self.client, self.user_id)
    }

    /// Deletes the S3 folders of a project (or of one node, `.node_id(...)`). Seed operation:
    /// `delete_folders_of_project`.
    pub fn delete_project_folders(
        &self,
        project_id: impl Into<String>,
    ) -> api::DeleteFoldersOfProject<'a> {
        api::delete_folders_of_project(self.client, project_id, self.user_id.to_string())
    }
}

/// One storage location of one user; from [`User::location`].
#[derive(Debug, Clone)]
pub struct Location<'a> {
    user: User<'a>,
    location_id: String,
}

impl<'a> Location<'a> {
    /// The files' metadata (`.uuid_filter(...)` narrows them). Seed operation:
    /// `get_files_metadata`.
    pub fn files(&self) -> api::GetFilesMetadata<'a> {
        api::get_files_metadata(
            self.user.client,
            &self.location_id,
            self.user.user_id.to_string(),
        )
    }

    /// The datasets' metadata. Seed operation: `get_datasets_metadata`.
    pub fn datasets(&self) -> api::GetDatasetsMetadata<'a> {
        api::get_datasets_metadata(
            self.user.client,
            &self.location_id,
            self.user.user_id.to_string(),
        )
    }

    /// The files of one dataset. Seed operation: `get_files_metadata_dataset`.
    pub fn dataset_files(&self, dataset_id: impl Into<String>) -> api::GetFilesMetadataDataset<'a> {
        api::get_files_metadata_dataset(
            self.user.client,
            &self.location_id,
            dataset_id,
            self.user.user_id.to_string(),
        )
    }

    /// One file (its id is `<project>/<node>/<name>`).
    pub fn file(&self, file_id: impl Into<String>) -> File<'a> {
        File {
            location: self.clone(),
            file_id: file_id.into(),
        }
    }
}

/// One file of one location; from [`Location::file`].
#[derive(Debug, Clone)]
pub struct File<'a> {
    location: Location<'a>,
    file_id: String,
}

impl<'a> File<'a> {
    fn user_id(&self) -> String {
        self.location.user.user_id.to_string()
    }

    /// The file's metadata. Seed operation: `get_file_metadata`.
    pub fn metadata(&self) -> api::GetFileMetadata<'a> {
        api::get_file_metadata(
            self.location.user.client,
            &self.file_id,
            &self.location.location_id,
            self.user_id(),
        )
    }

    /// Changes the file's metadata (`.file_meta_data(...)`). Seed operation:
    /// `update_file_meta_data`.
    pub fn update_metadata(&self) -> api::UpdateFileMetaData<'a> {
        api::update_file_meta_data(
            self.location.user.client,
            &self.file_id,
            &self.location.location_id,
        )
    }

    /// A presigned link to upload the file to. Seed operation: `upload_file`.
    pub fn upload_link(&self) -> api::UploadFile<'a> {
        api::upload_file(
            self.location.user.client,
            &self.file_id,
            &self.location.location_id,
            self.user_id(),
        )
    }

    /// A presigned link to download the file from. Seed operation: `download_file`.
    pub fn download_link(&self) -> api::DownloadFile<'a> {
        api::download_file(
            self.location.user.client,
            &self.file_id,
            &self.location.location_id,
            self.user_id(),
        )
    }

    /// Deletes the file. Seed operation: `delete_file`.
    pub fn delete(&self) -> api::DeleteFile<'a> {
        api::delete_file(
            self.location.user.client,
            &self.file_id,
            &self.location.location_id,
            self.user_id(),
        )
    }
}
