//! o²S²PARC storage API v0: storage locations, file metadata, presigned upload and download
//! links, datasets, soft links, and the S3 folders of projects.
//!
//! Adds to [`generated`] (the `specfleet-osparc-storage` crate): a [`Client`] that carries the
//! user id most operations need (sent as the string or the integer each operation declares),
//! `from_env` and `from_vars`, shared HTTP settings, methods grouped as the API is, results
//! instead of envelopes, and typed [`Error`](crate::Error)s whose body is the service's
//! [`ErrorEnveloped`].
//!
//! # Envelopes
//!
//! The service wraps every answer in an envelope `{"data": ..., "error": ...}`; the methods
//! return its `data`. An answer outside 2xx is an error of kind
//! [`Status`](crate::ErrorKind::Status) whose body is
//! [`ErrorBody::OsparcStorage`]. A 2xx answer whose envelope
//! has no `data` (`null` or missing) but an `error` is an error too, of the same kind: its status
//! is the 2xx status the server sent, and its body the envelope, as
//! [`ErrorBody::OsparcStorage`], or as
//! [`ErrorBody::Json`] when it does not have that shape.
//!
//! ```no_run
//! # async fn run() -> specfleet::Result<()> {
//! use specfleet::osparc_storage::Client;
//!
//! let storage = Client::builder()
//!     .base_url("http://storage:8080/v0")
//!     .user_id(42)
//!     .build()?;
//! for location in storage.locations().list().await? {
//!     println!("{:?}: {:?}", location.id, location.name);
//! }
//! let files = storage.location(0).files().uuid_filter("b0b0cafe").send().await?;
//! # let _ = files; Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use reqwest_middleware::{Middleware, Next};
use serde::Serialize;
use serde::de::IgnoredAny;
pub use specfleet_osparc_storage as generated;
use specfleet_osparc_storage::apis::configuration::Configuration;
use specfleet_osparc_storage::apis::{Error, default_api};
use specfleet_osparc_storage::models::{CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest};
pub use specfleet_osparc_storage::models::{
    DatasetMetaData, ErrorEnveloped, ErrorItem, Fake, FileLocation, FileMetaData, HealthCheck,
    PresignedLink, Project, TableSynchronisation,
};

use crate::Result;
use crate::error::{ErrorBody, ErrorKind, from_generated};
use crate::transport::{HttpOptions, base_configuration, http_setters};

/// The service's name in traces and user agents.
const SERVICE: &str = "osparc-storage";

/// A client for one o²S²PARC storage service, acting for one user. Cheap to clone; clones share
/// the connection pool.
///
/// The service has no authentication of its own (it runs inside an o²S²PARC deployment); most
/// operations name the user they act for, which this client sends for every call: set it with
/// [`ClientBuilder::user_id`] or `OSPARC_STORAGE_USER_ID`, or switch with [`Client::as_user`].
///
/// ```no_run
/// # fn run() -> specfleet::Result<()> {
/// let storage = specfleet::osparc_storage::Client::builder()
///     .base_url("http://storage:8080/v0")
///     .user_id(42)
///     .build()?;
/// # let _ = storage; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    configuration: Arc<Configuration>,
    user_id: Option<i64>,
}

/// Builds a [`Client`]; see [`Client::builder`].
///
/// ```
/// # fn run() -> specfleet::Result<()> {
/// use std::time::Duration;
/// let storage = specfleet::osparc_storage::Client::builder()
///     .user_id(42)
///     .timeout(Some(Duration::from_secs(30)))
///     .build()?;
/// # let _ = storage; Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    user_id: Option<i64>,
    http: HttpOptions,
}

impl ClientBuilder {
    /// The API's base URL, `/v0` included (default: `http://localhost/v0`, the spec's server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The id of the user the client acts for, sent with every operation that needs one.
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    http_setters!();

    /// The client. Fails only if the HTTP client cannot be built (for example no TLS backend).
    pub fn build(self) -> Result<Client> {
        let client = reqwest_middleware::ClientBuilder::from_client(self.http.build(SERVICE)?)
            .with(Envelope)
            .build();
        let configuration = base_configuration!(
            Configuration,
            client: client,
            http: self.http,
            base_url: self.base_url,
        );
        Ok(Client {
            configuration: Arc::new(configuration),
            user_id: self.user_id,
        })
    }
}

impl Client {
    /// A builder for a client.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let storage = specfleet::osparc_storage::Client::builder().user_id(42).build()?;
    /// # let _ = storage; Ok(()) }
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `OSPARC_STORAGE_URL` (the base URL, `/v0` included) and
    /// `OSPARC_STORAGE_USER_ID` (the user id, an integer). Both are optional; a user id that is
    /// not an integer is an [`InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
    ///
    /// ```no_run
    /// # fn run() -> specfleet::Result<()> {
    /// let storage = specfleet::osparc_storage::Client::from_env()?;
    /// # let _ = storage; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads (`OSPARC_STORAGE_URL`
    /// and `OSPARC_STORAGE_USER_ID`, both optional), looked up through `lookup` instead of the
    /// environment: from a configuration file, a map or a secrets manager. A user id that is not
    /// an integer is an [`InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// use std::collections::HashMap;
    ///
    /// let settings = HashMap::from([
    ///     ("OSPARC_STORAGE_URL", "https://storage.example.com/v0"),
    ///     ("OSPARC_STORAGE_USER_ID", "42"),
    /// ]);
    /// let storage = specfleet::osparc_storage::Client::from_vars(|name| {
    ///     settings.get(name).copied().map(String::from)
    /// })?;
    /// assert_eq!(storage.user_id(), Some(42));
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client> {
        let mut builder = Client::builder();
        if let Some(url) = lookup("OSPARC_STORAGE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(user_id) = lookup("OSPARC_STORAGE_USER_ID") {
            let user_id = user_id.trim().parse().map_err(|_| {
                crate::Error::new(
                    Method::GET,
                    "",
                    ErrorKind::InvalidArgument(format!(
                        "OSPARC_STORAGE_USER_ID must be an integer user id, not {user_id:?}"
                    )),
                )
            })?;
            builder = builder.user_id(user_id);
        }
        builder.build()
    }

    /// The same client (same connection pool and settings) acting for another user.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let bobs_locations = storage.as_user(7).locations().list().await?;
    /// # let _ = bobs_locations; Ok(()) }
    /// ```
    pub fn as_user(&self, user_id: i64) -> Client {
        Client {
            configuration: Arc::clone(&self.configuration),
            user_id: Some(user_id),
        }
    }

    /// The user the client acts for, if one is set.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let storage = specfleet::osparc_storage::Client::builder().user_id(42).build()?;
    /// assert_eq!(storage.user_id(), Some(42));
    /// # Ok(()) }
    /// ```
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// The generated crate's configuration this client calls through, for operations the facade
    /// does not wrap. Its HTTP client turns a 2xx envelope that holds an error into a
    /// middleware error, which the facade turns into a [`Status`](crate::ErrorKind::Status)
    /// error.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) {
    /// use specfleet::osparc_storage::generated::apis::default_api;
    /// let health = default_api::health_check(storage.configuration()).await;
    /// # let _ = health; }
    /// ```
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// The storage locations (simcore S3, datcore).
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let locations = storage.locations().list().await?;
    /// # let _ = locations; Ok(()) }
    /// ```
    pub fn locations(&self) -> Locations<'_> {
        Locations { client: self }
    }

    /// One storage location, by id: `0` is simcore's S3 and `1` datcore. Its files, datasets and
    /// metadata synchronisation.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let datasets = storage.location(0).datasets().await?;
    /// # let _ = datasets; Ok(()) }
    /// ```
    pub fn location(&self, location_id: impl fmt::Display) -> Location<'_> {
        Location {
            client: self,
            id: location_id.to_string(),
        }
    }

    /// Files by id, whatever their location: soft links and the search by prefix.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let found = storage.files().search("b0b0cafe-0000-4000-8000-000000000001/").await?;
    /// # let _ = found; Ok(()) }
    /// ```
    pub fn files(&self) -> Files<'_> {
        Files { client: self }
    }

    /// The S3 folders that hold the data of projects: deep copies and deletion.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// storage
    ///     .project_folders()
    ///     .delete("b0b0cafe-0000-4000-8000-000000000001")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn project_folders(&self) -> ProjectFolders<'_> {
        ProjectFolders { client: self }
    }

    /// The service's health and status.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let health = storage.health().check().await?;
    /// println!("{:?} {:?}", health.name, health.version);
    /// # Ok(()) }
    /// ```
    pub fn health(&self) -> Health<'_> {
        Health { client: self }
    }

    /// The test checkpoint: asks the server to fail, or to echo what it receives. Send it with
    /// [`Check::send`]. Seed operation: `check_action_post`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// use specfleet::osparc_storage::CheckAction;
    /// let echo = storage.check(CheckAction::Echo).data("ping").send().await?;
    /// assert_eq!(echo.query_value, "ping");
    /// # Ok(()) }
    /// ```
    pub fn check(&self, action: CheckAction) -> Check<'_> {
        Check {
            client: self,
            action,
            data: None,
            fake: None,
        }
    }

    /// The user id, or an error that says how to set one; nothing is sent without it.
    fn require_user(&self, method: &Method, path: &str) -> Result<i64> {
        self.user_id.ok_or_else(|| {
            crate::Error::new(
                method.clone(),
                path,
                ErrorKind::InvalidArgument(
                    "this operation acts for a user: set ClientBuilder::user_id or \
                     OSPARC_STORAGE_USER_ID, or call Client::as_user"
                        .to_owned(),
                ),
            )
        })
    }
}

/// The storage locations. From [`Client::locations`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let names: Vec<_> = storage
///     .locations()
///     .list()
///     .await?
///     .into_iter()
///     .filter_map(|location| location.name)
///     .collect();
/// # let _ = names; Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Locations<'a> {
    client: &'a Client,
}

impl Locations<'_> {
    /// The locations available to the user. Seed operation: `get_storage_locations`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// for location in storage.locations().list().await? {
    ///     println!("{:?}: {:?}", location.id, location.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<FileLocation>> {
        let (method, path) = (Method::GET, "/locations".to_owned());
        let user_id = self.client.require_user(&method, &path)?;
        default_api::get_storage_locations(&self.client.configuration, &user_id.to_string())
            .await
            .map(|envelope| envelope.data)
            .map_err(|error| fail(method, path, error))
    }
}

/// One storage location: its files, datasets and metadata synchronisation. From
/// [`Client::location`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let s3 = storage.location(0);
/// let files = s3.files().send().await?;
/// let datasets = s3.datasets().await?;
/// # let _ = (files, datasets); Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Location<'a> {
    client: &'a Client,
    id: String,
}

impl<'a> Location<'a> {
    /// Synchronises the file metadata table with what the location holds; a dry run (the
    /// default) only reports what would be removed. Send it with [`SyncLocation::send`]. Seed
    /// operation: `synchronise_meta_data_table`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let report = storage.location(0).sync().send().await?;
    /// println!("would remove {:?}", report.removed);
    /// # Ok(()) }
    /// ```
    pub fn sync(&self) -> SyncLocation<'a> {
        SyncLocation {
            client: self.client,
            location: self.id.clone(),
            dry_run: true,
            fire_and_forget: false,
        }
    }

    /// The metadata of the user's files at this location, optionally filtered. Send it with
    /// [`ListFiles::send`]. Seed operation: `get_files_metadata`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let all = storage.location(0).files().send().await?;
    /// let of_project = storage
    ///     .location(0)
    ///     .files()
    ///     .uuid_filter("b0b0cafe-0000-4000-8000-000000000001")
    ///     .send()
    ///     .await?;
    /// # let _ = (all, of_project); Ok(()) }
    /// ```
    pub fn files(&self) -> ListFiles<'a> {
        ListFiles {
            client: self.client,
            location: self.id.clone(),
            uuid_filter: None,
        }
    }

    /// One file at this location, by its id (for simcore S3
    /// `<project uuid>/<node uuid>/<file name>`; it is percent-encoded as one path segment).
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let file = storage.location(0).file("b0b0cafe-0000-4000-8000-000000000001/c0ffee00-0000-4000-8000-000000000002/output.csv");
    /// let link = file.download_link().await?;
    /// println!("GET {}", link.link);
    /// # Ok(()) }
    /// ```
    pub fn file(&self, file_id: impl Into<String>) -> LocationFile<'a> {
        LocationFile {
            client: self.client,
            location: self.id.clone(),
            file_id: file_id.into(),
        }
    }

    /// The metadata of the datasets at this location. Seed operation: `get_datasets_metadata`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// for dataset in storage.location(1).datasets().await? {
    ///     println!("{:?}: {:?}", dataset.dataset_id, dataset.display_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn datasets(&self) -> Result<Vec<DatasetMetaData>> {
        let (method, path) = (Method::GET, format!("/locations/{}/datasets", self.id));
        let user_id = self.client.require_user(&method, &path)?;
        default_api::get_datasets_metadata(
            &self.client.configuration,
            &self.id,
            &user_id.to_string(),
        )
        .await
        .map(|envelope| envelope.data)
        .map_err(|error| fail(method, path, error))
    }

    /// One dataset at this location, by id.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let files = storage.location(1).dataset("N:dataset:7d8a5a6f").files().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn dataset(&self, dataset_id: impl Into<String>) -> Dataset<'a> {
        Dataset {
            client: self.client,
            location: self.id.clone(),
            id: dataset_id.into(),
        }
    }
}

/// The metadata synchronisation of a location; from [`Location::sync`]. Defaults are the
/// spec's: `dry_run` true, `fire_and_forget` false; both are always sent.
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let report = storage
///     .location(0)
///     .sync()
///     .dry_run(false)
///     .fire_and_forget(true)
///     .send()
///     .await?;
/// # let _ = report; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SyncLocation<'a> {
    client: &'a Client,
    location: String,
    dry_run: bool,
    fire_and_forget: bool,
}

impl SyncLocation<'_> {
    /// Only report what would be removed (default `true`); `false` removes the entries of files
    /// that no longer exist.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Answer at once and synchronise in the background (default `false`).
    pub fn fire_and_forget(mut self, fire_and_forget: bool) -> Self {
        self.fire_and_forget = fire_and_forget;
        self
    }

    /// Runs the synchronisation. Seed operation: `synchronise_meta_data_table`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let report = storage.location(0).sync().send().await?;
    /// # let _ = report; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<TableSynchronisation> {
        let path = format!("/locations/{}:sync", self.location);
        default_api::synchronise_meta_data_table(
            &self.client.configuration,
            &self.location,
            Some(self.dry_run),
            Some(self.fire_and_forget),
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(Method::POST, path, error))
    }
}

/// The listing of file metadata at a location; from [`Location::files`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// for file in storage.location(0).files().uuid_filter("b0b0cafe").send().await? {
///     println!("{:?} ({:?} bytes)", file.file_uuid, file.file_size);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct ListFiles<'a> {
    client: &'a Client,
    location: String,
    uuid_filter: Option<String>,
}

impl ListFiles<'_> {
    /// Only the files whose uuid contains this text (default: no filter, every file).
    pub fn uuid_filter(mut self, filter: impl Into<String>) -> Self {
        self.uuid_filter = Some(filter.into());
        self
    }

    /// Lists the files. Seed operation: `get_files_metadata`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let files = storage.location(0).files().send().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<FileMetaData>> {
        let (method, path) = (
            Method::GET,
            format!("/locations/{}/files/metadata", self.location),
        );
        let user_id = self.client.require_user(&method, &path)?;
        default_api::get_files_metadata(
            &self.client.configuration,
            &self.location,
            &user_id.to_string(),
            self.uuid_filter.as_deref(),
        )
        .await
        .map(|envelope| envelope.data)
        .map_err(|error| fail(method, path, error))
    }
}

/// One file at a location: its metadata, its upload and download links, its deletion. From
/// [`Location::file`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let file = storage.location(0).file("b0b0cafe-0000-4000-8000-000000000001/c0ffee00-0000-4000-8000-000000000002/output.csv");
/// let upload = file.upload_link().send().await?;
/// println!("PUT the content to {}", upload.link);
/// let metadata = file.metadata().await?;
/// # let _ = metadata; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LocationFile<'a> {
    client: &'a Client,
    location: String,
    file_id: String,
}

impl<'a> LocationFile<'a> {
    fn path(&self) -> String {
        format!("/locations/{}/files/{}", self.location, self.file_id)
    }

    /// The file's metadata. Seed operation: `get_file_metadata`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let metadata = storage.location(0).file("b0b0cafe/c0ffee/output.csv").metadata().await?;
    /// println!("{:?} bytes", metadata.file_size);
    /// # Ok(()) }
    /// ```
    pub async fn metadata(&self) -> Result<FileMetaData> {
        let (method, path) = (Method::GET, format!("{}/metadata", self.path()));
        let user_id = self.client.require_user(&method, &path)?;
        default_api::get_file_metadata(
            &self.client.configuration,
            &self.file_id,
            &self.location,
            &user_id.to_string(),
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(method, path, error))
    }

    /// Changes the file's metadata to `metadata` and returns it as stored. This operation
    /// names no user. Seed operation: `update_file_meta_data`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// use specfleet::osparc_storage::FileMetaData;
    /// let file = storage.location(0).file("b0b0cafe/c0ffee/output.csv");
    /// let mut metadata = file.metadata().await?;
    /// metadata.node_name = Some("postprocessing".to_owned());
    /// let stored = file.update_metadata(metadata).await?;
    /// # let _ = stored; Ok(()) }
    /// ```
    pub async fn update_metadata(&self, metadata: FileMetaData) -> Result<FileMetaData> {
        let path = format!("{}/metadata", self.path());
        default_api::update_file_meta_data(
            &self.client.configuration,
            &self.file_id,
            &self.location,
            Some(metadata),
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(Method::PATCH, path, error))
    }

    /// A presigned link to upload the file's content to, or, with the `extra_*` options, a copy
    /// to datcore. Send it with [`UploadLink::send`]. Seed operation: `upload_file`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let link = storage.location(0).file("b0b0cafe/c0ffee/output.csv").upload_link().send().await?;
    /// # let _ = link; Ok(()) }
    /// ```
    pub fn upload_link(&self) -> UploadLink<'a> {
        UploadLink {
            file: self.clone(),
            extra_location: None,
            extra_source: None,
        }
    }

    /// A presigned link to download the file's content from. Seed operation: `download_file`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let link = storage.location(0).file("b0b0cafe/c0ffee/output.csv").download_link().await?;
    /// println!("GET {}", link.link);
    /// # Ok(()) }
    /// ```
    pub async fn download_link(&self) -> Result<PresignedLink> {
        let (method, path) = (Method::GET, self.path());
        let user_id = self.client.require_user(&method, &path)?;
        default_api::download_file(
            &self.client.configuration,
            &self.file_id,
            &self.location,
            &user_id.to_string(),
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(method, path, error))
    }

    /// Deletes the file. Seed operation: `delete_file`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// storage.location(0).file("b0b0cafe/c0ffee/output.csv").delete().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self) -> Result<()> {
        let (method, path) = (Method::DELETE, self.path());
        let user_id = self.client.require_user(&method, &path)?;
        default_api::delete_file(
            &self.client.configuration,
            &self.file_id,
            &self.location,
            &user_id.to_string(),
        )
        .await
        .map_err(|error| fail(method, path, error))
    }
}

/// The request for a presigned upload link; from [`LocationFile::upload_link`]. Without options
/// (the default) the link is for new content; with `extra_location` and `extra_source` the
/// service copies an existing file to datcore instead.
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let copy = storage
///     .location(1)
///     .file("N:dataset:7d8a5a6f/output.csv")
///     .upload_link()
///     .extra_location("0")
///     .extra_source("b0b0cafe/c0ffee/output.csv")
///     .send()
///     .await?;
/// # let _ = copy; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UploadLink<'a> {
    file: LocationFile<'a>,
    extra_location: Option<String>,
    extra_source: Option<String>,
}

impl UploadLink<'_> {
    /// The location id of the file to copy (default: none).
    pub fn extra_location(mut self, location_id: impl fmt::Display) -> Self {
        self.extra_location = Some(location_id.to_string());
        self
    }

    /// The id of the file to copy (default: none).
    pub fn extra_source(mut self, file_id: impl Into<String>) -> Self {
        self.extra_source = Some(file_id.into());
        self
    }

    /// Asks for the link. Seed operation: `upload_file`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let link = storage.location(0).file("b0b0cafe/c0ffee/output.csv").upload_link().send().await?;
    /// # let _ = link; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<PresignedLink> {
        let file = &self.file;
        let (method, path) = (Method::PUT, file.path());
        let user_id = file.client.require_user(&method, &path)?;
        default_api::upload_file(
            &file.client.configuration,
            &file.file_id,
            &file.location,
            &user_id.to_string(),
            self.extra_location.as_deref(),
            self.extra_source.as_deref(),
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(method, path, error))
    }
}

/// One dataset at a location; from [`Location::dataset`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let dataset = storage.location(1).dataset("N:dataset:7d8a5a6f");
/// for file in dataset.files().await? {
///     println!("{:?}", file.display_file_path);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Dataset<'a> {
    client: &'a Client,
    location: String,
    id: String,
}

impl Dataset<'_> {
    /// The metadata of the dataset's files. Seed operation: `get_files_metadata_dataset`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let files = storage.location(1).dataset("N:dataset:7d8a5a6f").files().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub async fn files(&self) -> Result<Vec<FileMetaData>> {
        let (method, path) = (
            Method::GET,
            format!("/locations/{}/datasets/{}/metadata", self.location, self.id),
        );
        let user_id = self.client.require_user(&method, &path)?;
        default_api::get_files_metadata_dataset(
            &self.client.configuration,
            &self.location,
            &self.id,
            &user_id.to_string(),
        )
        .await
        .map(|envelope| envelope.data)
        .map_err(|error| fail(method, path, error))
    }
}

/// Files by id, whatever their location. From [`Client::files`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let link = storage
///     .files()
///     .soft_copy("b0b0cafe/c0ffee/output.csv", "d00dfeed/c0ffee/output.csv")
///     .await?;
/// # let _ = link; Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    client: &'a Client,
}

impl Files<'_> {
    /// Creates a soft link `link_id` to the file `file_id` (no data is copied) and returns the
    /// link's metadata. Seed operation: `copy_as_soft_link`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let link = storage
    ///     .files()
    ///     .soft_copy("b0b0cafe/c0ffee/output.csv", "api/5e1f0000/output.csv")
    ///     .await?;
    /// println!("{:?}", link.file_id);
    /// # Ok(()) }
    /// ```
    pub async fn soft_copy(
        &self,
        file_id: &str,
        link_id: impl Into<String>,
    ) -> Result<FileMetaData> {
        let (method, path) = (Method::POST, format!("/files/{file_id}:soft-copy"));
        let user_id = self.client.require_user(&method, &path)?;
        let request = CopyAsSoftLinkRequest::new(link_id.into());
        default_api::copy_as_soft_link(&self.client.configuration, file_id, user_id, Some(request))
            .await
            .map(|envelope| *envelope.data)
            .map_err(|error| fail(method, path, error))
    }

    /// The metadata of every file of the user whose uuid starts with `prefix`; `""` (the spec's
    /// default) matches every file. Seed operation: `search_files_starting_with`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let of_project = storage
    ///     .files()
    ///     .search("b0b0cafe-0000-4000-8000-000000000001/")
    ///     .await?;
    /// # let _ = of_project; Ok(()) }
    /// ```
    pub async fn search(&self, prefix: &str) -> Result<Vec<FileMetaData>> {
        let (method, path) = (Method::POST, "/simcore-s3/files/metadata:search".to_owned());
        let user_id = self.client.require_user(&method, &path)?;
        default_api::search_files_starting_with(&self.client.configuration, user_id, Some(prefix))
            .await
            .map(|envelope| envelope.data)
            .map_err(|error| fail(method, path, error))
    }
}

/// The S3 folders of projects. From [`Client::project_folders`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client, template: specfleet::osparc_storage::Project, copy: specfleet::osparc_storage::Project) -> specfleet::Result<()> {
/// let folders = storage.project_folders();
/// let copied = folders.copy(template, copy).send().await?;
/// folders.delete(copied.uuid.to_string()).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ProjectFolders<'a> {
    client: &'a Client,
}

impl<'a> ProjectFolders<'a> {
    /// Deep-copies the data of project `source` into project `destination`. Send it with
    /// [`CopyFolders::send`]. Seed operation: `copy_folders_from_project`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client, template: specfleet::osparc_storage::Project, copy: specfleet::osparc_storage::Project) -> specfleet::Result<()> {
    /// let copied = storage
    ///     .project_folders()
    ///     .copy(template, copy)
    ///     .node("5e1f0000-0000-4000-8000-00000000000a", "5e1f0000-0000-4000-8000-00000000000b")
    ///     .send()
    ///     .await?;
    /// # let _ = copied; Ok(()) }
    /// ```
    pub fn copy(&self, source: Project, destination: Project) -> CopyFolders<'a> {
        CopyFolders {
            client: self.client,
            request: CopyFoldersFromProjectRequest {
                source: Some(Box::new(source)),
                destination: Some(Box::new(destination)),
                nodes_map: None,
            },
        }
    }

    /// Deletes every object of project `project_id`, or only those of one of its nodes. Send it
    /// with [`DeleteFolders::send`]. Seed operation: `delete_folders_of_project`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// storage
    ///     .project_folders()
    ///     .delete("b0b0cafe-0000-4000-8000-000000000001")
    ///     .node("c0ffee00-0000-4000-8000-000000000002")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, project_id: impl Into<String>) -> DeleteFolders<'a> {
        DeleteFolders {
            client: self.client,
            folder_id: project_id.into(),
            node_id: None,
        }
    }
}

/// A deep copy of a project's data; from [`ProjectFolders::copy`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client, template: specfleet::osparc_storage::Project, copy: specfleet::osparc_storage::Project) -> specfleet::Result<()> {
/// let copied = storage.project_folders().copy(template, copy).send().await?;
/// # let _ = copied; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CopyFolders<'a> {
    client: &'a Client,
    request: CopyFoldersFromProjectRequest,
}

impl CopyFolders<'_> {
    /// Maps the node `source_node` of the source project to `destination_node` of the
    /// destination (default: no mapping). Call once per node.
    pub fn node(
        mut self,
        source_node: impl Into<String>,
        destination_node: impl Into<String>,
    ) -> Self {
        self.request
            .nodes_map
            .get_or_insert_with(Default::default)
            .insert(source_node.into(), destination_node.into());
        self
    }

    /// Copies the data; returns the destination project. Seed operation:
    /// `copy_folders_from_project`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client, template: specfleet::osparc_storage::Project, copy: specfleet::osparc_storage::Project) -> specfleet::Result<()> {
    /// let copied = storage.project_folders().copy(template, copy).send().await?;
    /// println!("{}", copied.name);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Project> {
        let (method, path) = (Method::POST, "/simcore-s3/folders".to_owned());
        let user_id = self.client.require_user(&method, &path)?;
        default_api::copy_folders_from_project(
            &self.client.configuration,
            user_id,
            Some(self.request),
        )
        .await
        .map_err(|error| fail(method, path, error))
    }
}

/// The deletion of a project's data; from [`ProjectFolders::delete`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// storage
///     .project_folders()
///     .delete("b0b0cafe-0000-4000-8000-000000000001")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct DeleteFolders<'a> {
    client: &'a Client,
    folder_id: String,
    node_id: Option<String>,
}

impl DeleteFolders<'_> {
    /// Delete only the objects of this node of the project (default: the whole project).
    pub fn node(mut self, node_id: impl Into<String>) -> Self {
        self.node_id = Some(node_id.into());
        self
    }

    /// Deletes the objects. The spec documents no error body for this operation, so errors carry
    /// the raw body. Seed operation: `delete_folders_of_project`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// storage.project_folders().delete("b0b0cafe-0000-4000-8000-000000000001").send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<()> {
        let (method, path) = (
            Method::DELETE,
            format!("/simcore-s3/folders/{}", self.folder_id),
        );
        let user_id = self.client.require_user(&method, &path)?;
        default_api::delete_folders_of_project(
            &self.client.configuration,
            &self.folder_id,
            &user_id.to_string(),
            self.node_id.as_deref(),
        )
        .await
        .map_err(|error| fail_undocumented(method, path, error))
    }
}

/// The service's health and status. From [`Client::health`].
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// let health = storage.health();
/// println!("{:?}", health.check().await?.status);
/// health.status().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Health<'a> {
    client: &'a Client,
}

impl Health<'_> {
    /// The service's name, versions and state. Needs no user. Seed operation: `health_check`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// let health = storage.health().check().await?;
    /// println!("{:?} {:?}", health.name, health.api_version);
    /// # Ok(()) }
    /// ```
    pub async fn check(&self) -> Result<HealthCheck> {
        default_api::health_check(&self.client.configuration)
            .await
            .map(|envelope| *envelope.data)
            .map_err(|error| fail(Method::GET, "/", error))
    }

    /// Succeeds when the service and the services it depends on answer. The spec documents no
    /// body for the answer, so none is returned, and no error body either, so errors carry the
    /// raw body. Needs no user. Seed operation: `get_status`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// storage.health().status().await?;
    /// # Ok(()) }
    /// ```
    pub async fn status(&self) -> Result<()> {
        default_api::get_status(&self.client.configuration)
            .await
            .map_err(|error| fail_undocumented(Method::GET, "/status", error))
    }
}

/// What the test checkpoint does: fail, or echo what it receives.
///
/// ```
/// use specfleet::osparc_storage::CheckAction;
/// assert_eq!(CheckAction::default(), CheckAction::Echo);
/// assert_eq!(CheckAction::Fail.as_str(), "fail");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CheckAction {
    /// The server answers with an error.
    Fail,
    /// The server echoes the action, the `data` query and the body (the spec's default).
    #[default]
    Echo,
}

impl CheckAction {
    /// The action as the path segment sends it: `fail` or `echo`.
    ///
    /// ```
    /// assert_eq!(specfleet::osparc_storage::CheckAction::Echo.as_str(), "echo");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CheckAction::Fail => "fail",
            CheckAction::Echo => "echo",
        }
    }
}

impl fmt::Display for CheckAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A call of the test checkpoint; from [`Client::check`]. By default no `data` and no body are
/// sent.
///
/// ```no_run
/// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
/// use specfleet::osparc_storage::{CheckAction, Fake};
/// let sent = Fake {
///     path_value: "echo".to_owned(),
///     query_value: "ping".to_owned(),
///     body_value: [("answer".to_owned(), serde_json::json!(42))].into(),
/// };
/// let echoed = storage.check(CheckAction::Echo).data("ping").body(sent.clone()).send().await?;
/// assert_eq!(echoed, sent);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct Check<'a> {
    client: &'a Client,
    action: CheckAction,
    data: Option<String>,
    fake: Option<Fake>,
}

impl Check<'_> {
    /// The `data` query parameter (default: not sent).
    pub fn data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// The JSON body (default: none).
    pub fn body(mut self, fake: Fake) -> Self {
        self.fake = Some(fake);
        self
    }

    /// Calls the checkpoint; returns what the server echoed. Needs no user. Seed operation:
    /// `check_action_post`.
    ///
    /// ```no_run
    /// # async fn run(storage: specfleet::osparc_storage::Client) -> specfleet::Result<()> {
    /// use specfleet::osparc_storage::CheckAction;
    /// let failed = storage.check(CheckAction::Fail).send().await;
    /// assert!(failed.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Fake> {
        let path = format!("/check/{}", self.action);
        default_api::check_action_post(
            &self.client.configuration,
            self.action.as_str(),
            self.data.as_deref(),
            self.fake,
        )
        .await
        .map(|envelope| *envelope.data)
        .map_err(|error| fail(Method::POST, path, error))
    }
}

/// The `default` response of every operation but two is an [`ErrorEnveloped`], whatever the
/// status.
fn typed_body(_status: StatusCode, entity: serde_json::Value) -> Option<ErrorBody> {
    serde_json::from_value(entity)
        .ok()
        .map(ErrorBody::OsparcStorage)
}

/// For `get_status` and `delete_folders_of_project`, whose errors the spec does not describe.
fn untyped_body(_status: StatusCode, _entity: serde_json::Value) -> Option<ErrorBody> {
    None
}

fn fail<E: Serialize>(method: Method, path: impl Into<String>, error: Error<E>) -> crate::Error {
    fail_with(method, path, error, typed_body)
}

fn fail_undocumented<E: Serialize>(
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
) -> crate::Error {
    fail_with(method, path, error, untyped_body)
}

fn fail_with<E: Serialize>(
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
    typed: fn(StatusCode, serde_json::Value) -> Option<ErrorBody>,
) -> crate::Error {
    let kind = match error {
        Error::ReqwestMiddleware(reqwest_middleware::Error::Middleware(inner)) => {
            match inner.downcast::<EnvelopeError>() {
                Ok(EnvelopeError { status, body }) => ErrorKind::Status { status, body },
                Err(inner) => {
                    crate::error::middleware(reqwest_middleware::Error::Middleware(inner))
                }
            }
        }
        error => from_generated!(error, typed),
    };
    crate::Error::new(method, path, kind)
}

/// A 2xx answer whose envelope holds an error and no data. The [`Envelope`] middleware returns
/// it so that the facade can report it with its status and body; the generated functions could
/// only report that `data` does not decode.
#[derive(Debug, thiserror::Error)]
#[error("the server answered {status} with an error envelope and no data")]
struct EnvelopeError {
    status: StatusCode,
    body: ErrorBody,
}

/// The middleware that finds [`EnvelopeError`]s: it reads each 2xx JSON body (the generated
/// functions buffer it anyway) and hands it on unchanged unless it is such an envelope. The
/// response it hands on is rebuilt with the same status, version, headers and body, but without
/// its URL, which the generated functions do not read.
struct Envelope;

/// Just enough of an envelope to tell whether it holds data and an error.
#[derive(serde::Deserialize)]
struct EnvelopeProbe {
    #[serde(default)]
    data: Option<IgnoredAny>,
    #[serde(default)]
    error: Option<IgnoredAny>,
}

#[async_trait::async_trait]
impl Middleware for Envelope {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let response = next.run(request, extensions).await?;
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("json"));
        if !response.status().is_success() || !is_json {
            return Ok(response);
        }
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        let holds_error = serde_json::from_slice::<EnvelopeProbe>(&body)
            .is_ok_and(|probe| probe.data.is_none() && probe.error.is_some());
        if holds_error {
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let body = match serde_json::from_value::<ErrorEnveloped>(json.clone()) {
                Ok(envelope) => ErrorBody::OsparcStorage(envelope),
                Err(_) => ErrorBody::Json(json),
            };
            return Err(reqwest_middleware::Error::middleware(EnvelopeError {
                status,
                body,
            }));
        }
        let mut rebuilt = http::Response::new(reqwest::Body::from(body));
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }
}
