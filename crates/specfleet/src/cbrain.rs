//! CBRAIN portal API: userfiles.
//!
//! Adds to [`generated`] (the `specfleet-cbrain` crate): a [`Client`] with CBRAIN's API token
//! (sent as the `cbrain_api_token` query parameter, and kept out of every `Debug`, error and
//! trace), `from_env` and `from_vars`, shared HTTP settings, every userfile operation under
//! [`Client::userfiles`], the listing as a `Stream` over every page, downloads as a
//! [`Download`] and uploads from an [`Upload`]. CBRAIN documents
//! its 401 and 403 answers without a body, so errors keep whatever body came raw.

use std::sync::Arc;

use futures_util::Stream;
use reqwest::{Method, StatusCode};
use serde::Serialize;
pub use specfleet_cbrain as generated;
use specfleet_cbrain::apis::configuration::{ApiKey, Configuration};
use specfleet_cbrain::apis::{Error, userfiles_api};
pub use specfleet_cbrain::models::{MultiUserfilesModReq, Userfile, UserfileModReq};

use crate::error::{ErrorBody, ErrorKind, configured_secrets, from_generated};
use crate::transport::{HttpOptions, base_configuration, http_setters};
use crate::{Download, Result, Secret, Upload};

/// The service's name in traces and user agents.
const SERVICE: &str = "cbrain";

/// The page size of [`ListUserfiles::stream`] when none is set.
const STREAM_PER_PAGE: u32 = 100;

/// A client for one CBRAIN portal. Cheap to clone; clones share the connection pool.
///
/// ```no_run
/// # fn run() -> specfleet::Result<()> {
/// let cbrain = specfleet::cbrain::Client::builder()
///     .base_url("https://portal.cbrain.mcgill.ca")
///     .api_token("my-cbrain-api-token")
///     .build()?;
/// # let _ = cbrain; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    configuration: Arc<Configuration>,
}

/// Builds a [`Client`]; see [`Client::builder`].
///
/// ```
/// # fn run() -> specfleet::Result<()> {
/// let cbrain = specfleet::cbrain::Client::builder()
///     .base_url("http://localhost:3000")
///     .api_token("my-cbrain-api-token")
///     .timeout(None)
///     .build()?;
/// # let _ = cbrain; Ok(()) }
/// # run().unwrap();
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_token: Option<Secret>,
    http: HttpOptions,
}

impl ClientBuilder {
    /// The portal's base URL (default: `http://localhost:3000`, the spec's server, where a
    /// development portal listens).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with a CBRAIN API token (from the portal's session API or a user's account
    /// page), sent as the `cbrain_api_token` query parameter of every request.
    pub fn api_token(mut self, token: impl Into<Secret>) -> Self {
        self.api_token = Some(token.into());
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
        if let Some(token) = self.api_token {
            configuration.api_key = Some(ApiKey {
                prefix: None,
                key: token.expose().to_owned(),
            });
        }
        Ok(Client {
            configuration: Arc::new(configuration),
        })
    }
}

impl Client {
    /// A builder for a client.
    ///
    /// ```
    /// let builder = specfleet::cbrain::Client::builder().api_token("my-cbrain-api-token");
    /// # let _ = builder;
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `CBRAIN_URL` (the portal's base URL) and
    /// `CBRAIN_API_TOKEN`.
    ///
    /// ```no_run
    /// # fn run() -> specfleet::Result<()> {
    /// let cbrain = specfleet::cbrain::Client::from_env()?;
    /// # let _ = cbrain; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads (`CBRAIN_URL` and
    /// `CBRAIN_API_TOKEN`), looked up through `lookup` instead of the environment: from a
    /// configuration file, a map or a secrets manager.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// use std::collections::HashMap;
    ///
    /// let settings = HashMap::from([
    ///     ("CBRAIN_URL", "https://portal.cbrain.example.org"),
    ///     ("CBRAIN_API_TOKEN", "my-cbrain-api-token"),
    /// ]);
    /// let cbrain = specfleet::cbrain::Client::from_vars(|name| {
    ///     settings.get(name).copied().map(String::from)
    /// })?;
    /// assert_eq!(cbrain.configuration().base_path, "https://portal.cbrain.example.org");
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client> {
        let mut builder = Client::builder();
        if let Some(url) = lookup("CBRAIN_URL") {
            builder = builder.base_url(url);
        }
        if let Some(token) = lookup("CBRAIN_API_TOKEN") {
            builder = builder.api_token(token);
        }
        builder.build()
    }

    /// The generated crate's configuration this client calls through, for operations the facade
    /// does not wrap.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let cbrain = specfleet::cbrain::Client::builder().build()?;
    /// assert_eq!(cbrain.configuration().base_path, "http://localhost:3000");
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// Userfiles: the files and file collections registered in CBRAIN.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let scan = cbrain.userfiles().get(12).await?;
    /// # let _ = scan; Ok(()) }
    /// ```
    pub fn userfiles(&self) -> Userfiles<'_> {
        Userfiles { client: self }
    }
}

/// Userfiles, one at a time or several at once. From [`Client::userfiles`].
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// let userfiles = cbrain.userfiles();
/// for userfile in userfiles.list().per_page(50).send().await? {
///     println!("{:?} {:?}", userfile.id, userfile.name);
/// }
/// userfiles.compress([12, 13]).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Userfiles<'a> {
    client: &'a Client,
}

impl<'a> Userfiles<'a> {
    /// The userfiles the current user can access, one page ([`ListUserfiles::send`]) or every
    /// page as a stream ([`ListUserfiles::stream`]). Seed operation: `userfiles_get`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let second_page = cbrain.userfiles().list().page(2).per_page(25).send().await?;
    /// # let _ = second_page; Ok(()) }
    /// ```
    pub fn list(&self) -> ListUserfiles<'a> {
        ListUserfiles {
            client: self.client,
            page: None,
            per_page: None,
        }
    }

    /// One userfile: owner, project, Data Provider, flags and description. Seed operation:
    /// `userfiles_id_get`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let scan = cbrain.userfiles().get(12).await?;
    /// println!("{:?} is {:?} bytes", scan.name, scan.size);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: i64) -> Result<Userfile> {
        userfiles_api::userfiles_id_get(&self.client.configuration, id)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::GET,
                    format!("/userfiles/{id}"),
                    error,
                )
            })
    }

    /// Changes attributes of one userfile: set the ones to change on the returned builder, then
    /// [`send`](UpdateUserfile::send) it; only those are sent. Seed operation: `userfiles_id_put`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain
    ///     .userfiles()
    ///     .update(12)
    ///     .name("sub-01_T1w_defaced.nii.gz")
    ///     .description("Defaced with pydeface 2.0.2")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn update(&self, id: i64) -> UpdateUserfile<'a> {
        UpdateUserfile {
            client: self.client,
            id,
            changes: Userfile::default(),
        }
    }

    /// The content of one userfile, not read yet: stream it or write it to a file. Seed
    /// operation: `userfiles_id_content_get`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let content = cbrain.userfiles().content(12).await?;
    /// content.download_to("sub-01_T1w.nii.gz").await?;
    /// # Ok(()) }
    /// ```
    pub async fn content(&self, id: i64) -> Result<Download> {
        let path = format!("/userfiles/{id}/content");
        match userfiles_api::userfiles_id_content_get(&self.client.configuration, id).await {
            Ok(response) => Ok(Download::new(response, Method::GET, path)),
            Err(error) => Err(fail(&self.client.configuration, Method::GET, path, error)),
        }
    }

    /// Uploads `upload` as a new userfile owned by the current user, stored on the Data
    /// Provider `data_provider_id` and shared with the project (group) `group_id`. The builder
    /// sets the userfile type (default `SingleFile`) and archive extraction (default none).
    /// Returns CBRAIN's answer as JSON (the spec documents an object, nothing more). Seed
    /// operation: `userfiles_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// use specfleet::Upload;
    /// use specfleet::cbrain::Extraction;
    ///
    /// cbrain.userfiles().upload(Upload::path("sub-01_T1w.nii.gz"), 4, 5).send().await?;
    /// cbrain
    ///     .userfiles()
    ///     .upload(Upload::path("sub-01_dwi.tar.gz"), 4, 5)
    ///     .file_type("FileCollection")
    ///     .extract(Extraction::Collection)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn upload(
        &self,
        upload: Upload,
        data_provider_id: i64,
        group_id: i64,
    ) -> UploadUserfile<'a> {
        UploadUserfile {
            client: self.client,
            upload,
            data_provider_id,
            group_id,
            file_type: "SingleFile".to_owned(),
            extraction: None,
        }
    }

    /// Moves the userfiles `ids` from their Data Provider to the Data Provider `data_provider_id`;
    /// CBRAIN moves them in the background. Seed operation: `userfiles_change_provider_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain.userfiles().move_to_provider([12, 13], 9).await?;
    /// # Ok(()) }
    /// ```
    pub async fn move_to_provider(
        &self,
        ids: impl IntoIterator<Item = i64>,
        data_provider_id: i64,
    ) -> Result<()> {
        let request = MultiUserfilesModReq {
            file_ids: Some(file_ids(ids)),
            data_provider_id_for_mv_cp: Some(data_provider_id),
            ..MultiUserfilesModReq::default()
        };
        userfiles_api::userfiles_change_provider_post(&self.client.configuration, request)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    "/userfiles/change_provider",
                    error,
                )
            })
    }

    /// Gzips each of the userfiles `ids` into its own archive, in the background. Seed
    /// operation: `userfiles_compress_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain.userfiles().compress([12, 14]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn compress(&self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        userfiles_api::userfiles_compress_post(&self.client.configuration, only_ids(ids))
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    "/userfiles/compress",
                    error,
                )
            })
    }

    /// Uncompresses the gzipped userfiles `ids`, in the background. Seed operation:
    /// `userfiles_uncompress_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain.userfiles().uncompress([12, 14]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn uncompress(&self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        userfiles_api::userfiles_uncompress_post(&self.client.configuration, only_ids(ids))
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    "/userfiles/uncompress",
                    error,
                )
            })
    }

    /// Deletes the userfiles `ids`, content included (a `DELETE` with a JSON body). Seed
    /// operation: `userfiles_delete_files_delete`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain.userfiles().delete([12, 13]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        userfiles_api::userfiles_delete_files_delete(&self.client.configuration, only_ids(ids))
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::DELETE,
                    "/userfiles/delete_files",
                    error,
                )
            })
    }

    /// The content of the userfiles `ids` in one download; several files come as one gzipped
    /// archive, named with [`archive_name`](DownloadUserfiles::archive_name). Seed operation:
    /// `userfiles_download_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let archive = cbrain
    ///     .userfiles()
    ///     .download([12, 13])
    ///     .archive_name("sub-01_all")
    ///     .send()
    ///     .await?;
    /// archive.download_to("sub-01_all.tar.gz").await?;
    /// # Ok(()) }
    /// ```
    pub fn download(&self, ids: impl IntoIterator<Item = i64>) -> DownloadUserfiles<'a> {
        DownloadUserfiles {
            client: self.client,
            file_ids: file_ids(ids),
            archive_name: None,
        }
    }

    /// Synchronises the userfiles `ids` into the portal's local Data Provider cache, in the
    /// background. CBRAIN does this on its own when it needs to; call it after a file changed on
    /// its Data Provider outside CBRAIN. Seed operation: `userfiles_sync_multiple_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// use specfleet::cbrain::SyncOperation;
    ///
    /// cbrain.userfiles().sync([12, 13]).send().await?;
    /// cbrain.userfiles().sync([14]).operation(SyncOperation::AllNewer).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn sync(&self, ids: impl IntoIterator<Item = i64>) -> SyncUserfiles<'a> {
        SyncUserfiles {
            client: self.client,
            file_ids: file_ids(ids),
            operation: None,
        }
    }
}

/// The userfiles the current user can access; from [`Userfiles::list`]. Without `page` and
/// `per_page` (the seed gives them no default) CBRAIN picks the page.
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// let first = cbrain.userfiles().list().per_page(25).send().await?;
/// # let _ = first; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListUserfiles<'a> {
    client: &'a Client,
    page: Option<u32>,
    per_page: Option<u32>,
}

impl ListUserfiles<'_> {
    /// The page to return, from 1 (for [`stream`](Self::stream): the first page to read).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// How many userfiles a page holds.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// One page of userfiles. Seed operation: `userfiles_get`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let page = cbrain.userfiles().list().page(3).per_page(25).send().await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Userfile>> {
        list_page(&self.client.configuration, self.page, self.per_page).await
    }

    /// Every userfile, page after page from `page` (default 1), each page holding `per_page`
    /// userfiles (default 100 here, so that the last page can be recognised). Pages are fetched
    /// as the stream is read; it ends after an empty page or one shorter than `per_page`, and at
    /// the first error. Seed operation: `userfiles_get`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// use futures_util::TryStreamExt;
    ///
    /// let mut userfiles = std::pin::pin!(cbrain.userfiles().list().stream());
    /// while let Some(userfile) = userfiles.try_next().await? {
    ///     println!("{:?} {:?}", userfile.id, userfile.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<Userfile>> + Send + 'static + use<> {
        let configuration = Arc::clone(&self.client.configuration);
        let per_page = self.per_page.unwrap_or(STREAM_PER_PAGE).max(1);
        crate::paging::paginate(self.page.unwrap_or(1), move |page| {
            let configuration = Arc::clone(&configuration);
            async move {
                let userfiles = list_page(&configuration, Some(page), Some(per_page)).await?;
                // An empty or short page is the last one.
                let next = (userfiles.len() >= per_page as usize).then(|| page.saturating_add(1));
                Ok((userfiles, next))
            }
        })
    }
}

/// One `GET /userfiles`, shared by a single page and the stream.
async fn list_page(
    configuration: &Configuration,
    page: Option<u32>,
    per_page: Option<u32>,
) -> Result<Vec<Userfile>> {
    // The generated client takes the spec's plain `integer` as i32.
    let as_i32 = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
    userfiles_api::userfiles_get(configuration, page.map(as_i32), per_page.map(as_i32))
        .await
        .map_err(|error| fail(configuration, Method::GET, "/userfiles", error))
}

/// Changes to one userfile; from [`Userfiles::update`]. Only the attributes set are sent.
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// cbrain.userfiles().update(12).group_id(6).group_writable(true).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateUserfile<'a> {
    client: &'a Client,
    id: i64,
    changes: Userfile,
}

impl UpdateUserfile<'_> {
    /// A new file name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.changes.name = Some(name.into());
        self
    }

    /// A new description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.changes.description = Some(description.into());
        self
    }

    /// A new userfile class (`type` on the wire), such as `NiftiFile` or `FileCollection`.
    pub fn file_type(mut self, file_type: impl Into<String>) -> Self {
        self.changes.r#type = Some(file_type.into());
        self
    }

    /// A new owner (user ID).
    pub fn owner(mut self, user_id: i64) -> Self {
        self.changes.user_id = Some(user_id);
        self
    }

    /// Another project (group).
    pub fn group_id(mut self, group_id: i64) -> Self {
        self.changes.group_id = Some(group_id);
        self
    }

    /// Whether members of the project may modify the file.
    pub fn group_writable(mut self, writable: bool) -> Self {
        self.changes.group_writable = Some(writable);
        self
    }

    /// Whether the file is hidden in the interface.
    pub fn hidden(mut self, hidden: bool) -> Self {
        self.changes.hidden = Some(hidden);
        self
    }

    /// Whether the file content is protected from changes.
    pub fn immutable(mut self, immutable: bool) -> Self {
        self.changes.immutable = Some(immutable);
        self
    }

    /// Sends the changes as `{"userfile": {...}}`. Seed operation: `userfiles_id_put`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// cbrain.userfiles().update(12).hidden(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<()> {
        let request = UserfileModReq {
            userfile: Some(Box::new(self.changes)),
        };
        userfiles_api::userfiles_id_put(&self.client.configuration, self.id, request)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::PUT,
                    format!("/userfiles/{}", self.id),
                    error,
                )
            })
    }
}

/// How CBRAIN unpacks an uploaded `.tar.gz` or `.zip` archive (`_do_extract=on` and
/// `_up_ex_mode` on the wire); see [`UploadUserfile::extract`].
///
/// ```
/// use specfleet::cbrain::Extraction;
/// let one_per_entry = Extraction::Multiple;
/// # let _ = one_per_entry;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extraction {
    /// One file collection holding every entry of the archive (`collection`).
    Collection,
    /// One userfile per entry of the archive (`multiple`).
    Multiple,
}

impl Extraction {
    /// The value of `_up_ex_mode`.
    fn mode(self) -> &'static str {
        match self {
            Extraction::Collection => "collection",
            Extraction::Multiple => "multiple",
        }
    }
}

/// A new userfile from an upload; from [`Userfiles::upload`].
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// use specfleet::Upload;
/// let created = cbrain
///     .userfiles()
///     .upload(Upload::bytes("notes.txt", "acquired on the 3T Prisma"), 4, 5)
///     .file_type("TextFile")
///     .send()
///     .await?;
/// println!("{created}");
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UploadUserfile<'a> {
    client: &'a Client,
    upload: Upload,
    data_provider_id: i64,
    group_id: i64,
    file_type: String,
    extraction: Option<Extraction>,
}

impl UploadUserfile<'_> {
    /// The userfile class to create (default `SingleFile`), such as `NiftiFile`, or
    /// `FileCollection` with [`Extraction::Collection`].
    pub fn file_type(mut self, file_type: impl Into<String>) -> Self {
        self.file_type = file_type.into();
        self
    }

    /// Unpack the upload, a `.tar.gz` or `.zip` archive, as `extraction` says (default: keep it
    /// as one file).
    pub fn extract(mut self, extraction: Extraction) -> Self {
        self.extraction = Some(extraction);
        self
    }

    /// Uploads the content and creates the userfile; returns CBRAIN's JSON answer. Never
    /// retried: the upload is a stream and a POST. Seed operation: `userfiles_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// use specfleet::Upload;
    /// cbrain.userfiles().upload(Upload::path("sub-01_T1w.nii.gz"), 4, 5).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<serde_json::Value> {
        upload_userfile(self).await
    }
}

/// Several userfiles in one download; from [`Userfiles::download`].
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// let archive = cbrain.userfiles().download([12, 13]).send().await?;
/// # let _ = archive; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct DownloadUserfiles<'a> {
    client: &'a Client,
    file_ids: Vec<String>,
    archive_name: Option<String>,
}

impl DownloadUserfiles<'_> {
    /// The name of the archive when several files are downloaded (`specified_filename`;
    /// default: CBRAIN's choice).
    pub fn archive_name(mut self, name: impl Into<String>) -> Self {
        self.archive_name = Some(name.into());
        self
    }

    /// Asks for the content; the body is not read yet. Seed operation: `userfiles_download_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// let archive = cbrain.userfiles().download([12, 13]).send().await?;
    /// archive.download_to("userfiles.tar.gz").await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Download> {
        let request = MultiUserfilesModReq {
            file_ids: Some(self.file_ids),
            specified_filename: self.archive_name,
            ..MultiUserfilesModReq::default()
        };
        let path = "/userfiles/download";
        match userfiles_api::userfiles_download_post(&self.client.configuration, request).await {
            Ok(response) => Ok(Download::new(response, Method::POST, path)),
            Err(error) => Err(fail(&self.client.configuration, Method::POST, path, error)),
        }
    }
}

/// What synchronising does (`operation` on the wire); see [`SyncUserfiles::operation`].
///
/// ```
/// use specfleet::cbrain::SyncOperation;
/// let operation = SyncOperation::SyncLocal;
/// # let _ = operation;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncOperation {
    /// Copy the files into the portal's local cache (`sync_local`).
    SyncLocal,
    /// Mark every cached copy as older than the Data Provider's, so that the next use fetches
    /// the files again (`all_newer`).
    AllNewer,
}

impl SyncOperation {
    /// The value of `operation`.
    fn as_str(self) -> &'static str {
        match self {
            SyncOperation::SyncLocal => "sync_local",
            SyncOperation::AllNewer => "all_newer",
        }
    }
}

/// A synchronisation of several userfiles; from [`Userfiles::sync`].
///
/// ```no_run
/// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
/// cbrain.userfiles().sync([12]).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct SyncUserfiles<'a> {
    client: &'a Client,
    file_ids: Vec<String>,
    operation: Option<SyncOperation>,
}

impl SyncUserfiles<'_> {
    /// What to do (default: none sent, CBRAIN's default).
    pub fn operation(mut self, operation: SyncOperation) -> Self {
        self.operation = Some(operation);
        self
    }

    /// Starts the synchronisation. Seed operation: `userfiles_sync_multiple_post`.
    ///
    /// ```no_run
    /// # async fn run(cbrain: specfleet::cbrain::Client) -> specfleet::Result<()> {
    /// use specfleet::cbrain::SyncOperation;
    /// cbrain.userfiles().sync([12]).operation(SyncOperation::SyncLocal).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<()> {
        let request = MultiUserfilesModReq {
            file_ids: Some(self.file_ids),
            operation: self
                .operation
                .map(|operation| operation.as_str().to_owned()),
            ..MultiUserfilesModReq::default()
        };
        userfiles_api::userfiles_sync_multiple_post(&self.client.configuration, request)
            .await
            .map_err(|error| {
                fail(
                    &self.client.configuration,
                    Method::POST,
                    "/userfiles/sync_multiple",
                    error,
                )
            })
    }
}

/// The spec types `file_ids` as strings; userfile IDs are integers everywhere else.
fn file_ids(ids: impl IntoIterator<Item = i64>) -> Vec<String> {
    ids.into_iter().map(|id| id.to_string()).collect()
}

fn only_ids(ids: impl IntoIterator<Item = i64>) -> MultiUserfilesModReq {
    MultiUserfilesModReq {
        file_ids: Some(file_ids(ids)),
        ..MultiUserfilesModReq::default()
    }
}

/// `POST /userfiles`, built here because the generated `userfiles_post` only uploads from a
/// path. It sends what that function sends: the token in the query, the user agent,
/// `Accept: application/json`, and the same multipart fields in the same order; and it decodes
/// the answer the same way (JSON only).
async fn upload_userfile(upload: UploadUserfile<'_>) -> Result<serde_json::Value> {
    let path = "/userfiles";
    let configuration = &upload.client.configuration;
    let failed = |kind: ErrorKind| {
        crate::Error::new(Method::POST, path, kind).redact(&configured_secrets!(configuration))
    };

    let mut url = reqwest::Url::parse(&format!("{}{path}", configuration.base_path))
        .map_err(|error| failed(ErrorKind::InvalidArgument(format!("base URL: {error}"))))?;
    if let Some(api_key) = &configuration.api_key {
        let token = match &api_key.prefix {
            Some(prefix) => format!("{prefix} {}", api_key.key),
            None => api_key.key.clone(),
        };
        url.query_pairs_mut()
            .append_pair("cbrain_api_token", &token);
    }
    let part = upload
        .upload
        .into_part()
        .await
        .map_err(|error| failed(ErrorKind::Io(error)))?;
    let mut form = reqwest::multipart::Form::new()
        .part("upload_file", part)
        .text("data_provider_id", upload.data_provider_id.to_string())
        .text("userfile[group_id]", upload.group_id.to_string())
        .text("file_type", upload.file_type);
    if let Some(extraction) = upload.extraction {
        form = form
            .text("_do_extract", "on")
            .text("_up_ex_mode", extraction.mode());
    }
    let mut request = configuration.client.request(Method::POST, url).header(
        reqwest::header::ACCEPT,
        generated::apis::accept_header(&["application/json", "application/xml"]),
    );
    if let Some(user_agent) = &configuration.user_agent {
        request = request.header(reqwest::header::USER_AGENT, user_agent);
    }
    let response = request
        .multipart(form)
        .send()
        .await
        .map_err(|error| failed(crate::error::middleware(error)))?;

    crate::body::json_answer(response).await.map_err(failed)
}

/// CBRAIN documents no error body (its 401 and 403 answers have none): every body stays raw.
fn typed_body(_status: StatusCode, _entity: serde_json::Value) -> Option<ErrorBody> {
    None
}

/// The facade's error for a failed call, with the client's token redacted from it.
fn fail<E: Serialize>(
    configuration: &Configuration,
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
) -> crate::Error {
    crate::Error::new(method, path, from_generated!(error, typed_body))
        .redact(&configured_secrets!(configuration))
}
