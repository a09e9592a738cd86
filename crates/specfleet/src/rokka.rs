//! rokka image service: the source images of an organization, their files and their metadata.
//!
//! Adds to [`generated`] (the `specfleet-rokka` crate): a [`Client`] with rokka's API key,
//! `from_env` and `from_vars`, shared HTTP settings; the operations grouped per organization
//! ([`Client::source_images`]); listing as one page or as a `Stream` of every image; downloads as a
//! [`Download`] and uploads from any [`Upload`] (the generated
//! function only takes a path); and [`Error`](crate::Error)s that keep rokka's error body as raw
//! JSON or text, since the API documents none.

use std::sync::Arc;

use futures_util::Stream;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;
pub use specfleet_rokka as generated;
use specfleet_rokka::apis::configuration::{ApiKey, Configuration};
use specfleet_rokka::apis::{Error, sourceimages_api};
pub use specfleet_rokka::models::{ListSourceImagesResponse, SourceImage};

use crate::error::{ErrorBody, ErrorKind, configured_secrets, from_generated};
use crate::paging::paginate;
use crate::transport::{HttpOptions, base_configuration, http_setters};
use crate::{Download, Result, Secret, Upload};

/// The service's name in traces and user agents.
const SERVICE: &str = "rokka";

/// The seed's defaults for listing: first page, 100 images, newest first, live images.
const DEFAULT_OFFSET: &str = "0";
const DEFAULT_LIMIT: u32 = 100;
const DEFAULT_SORT: &str = "created desc";

/// A client for rokka. Cheap to clone; clones share the connection pool.
///
/// ```no_run
/// # fn run() -> specfleet::Result<()> {
/// let rokka = specfleet::rokka::Client::builder()
///     .api_key("my-api-key")
///     .build()?;
/// # let _ = rokka; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    configuration: Arc<Configuration>,
}

/// Builds a [`Client`]; see [`Client::builder`].
///
/// ```
/// # fn run() -> specfleet::Result<()> {
/// let rokka = specfleet::rokka::Client::builder()
///     .base_url("https://api.rokka.io")
///     .api_key("my-api-key")
///     .timeout(None)
///     .build()?;
/// # let _ = rokka; Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<Secret>,
    http: HttpOptions,
}

impl ClientBuilder {
    /// The API's base URL (default: `https://api.rokka.io`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with an API key of the organization, sent in the `api-key` header.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
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
        if let Some(key) = self.api_key {
            configuration.api_key = Some(ApiKey {
                prefix: None,
                key: key.expose().to_owned(),
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
    /// let builder = specfleet::rokka::Client::builder();
    /// # let _ = builder;
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `ROKKA_API_KEY` (the API key) and, optionally, `ROKKA_URL`
    /// (the base URL, default `https://api.rokka.io`).
    ///
    /// ```no_run
    /// # fn run() -> specfleet::Result<()> {
    /// let rokka = specfleet::rokka::Client::from_env()?;
    /// # let _ = rokka; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads (`ROKKA_API_KEY` and,
    /// optionally, `ROKKA_URL`), looked up through `lookup` instead of the environment: from a
    /// configuration file, a map or a secrets manager.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// use std::collections::HashMap;
    ///
    /// let settings = HashMap::from([("ROKKA_API_KEY", "my-api-key")]);
    /// let rokka = specfleet::rokka::Client::from_vars(|name| {
    ///     settings.get(name).copied().map(String::from)
    /// })?;
    /// assert_eq!(rokka.configuration().base_path, "https://api.rokka.io");
    /// # Ok(()) }
    /// # run().unwrap();
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client> {
        let mut builder = Client::builder();
        if let Some(url) = lookup("ROKKA_URL") {
            builder = builder.base_url(url);
        }
        if let Some(key) = lookup("ROKKA_API_KEY") {
            builder = builder.api_key(key);
        }
        builder.build()
    }

    /// The generated crate's configuration this client calls through, for operations the facade
    /// does not wrap.
    ///
    /// ```
    /// # fn run() -> specfleet::Result<()> {
    /// let rokka = specfleet::rokka::Client::builder().build()?;
    /// assert_eq!(rokka.configuration().base_path, "https://api.rokka.io");
    /// # Ok(()) }
    /// ```
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// The source images of `organization`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let image = rokka.source_images("acme").get(hash).await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub fn source_images<'a>(&'a self, organization: &'a str) -> SourceImages<'a> {
        SourceImages {
            client: self,
            organization,
        }
    }
}

/// The source images of one organization: the uploaded originals that rokka renders from. From
/// [`Client::source_images`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
/// let images = rokka.source_images("acme");
/// let page = images.list().limit(20).send().await?;
/// println!("{} of {:?} images", page.images.len(), page.total);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SourceImages<'a> {
    client: &'a Client,
    organization: &'a str,
}

impl<'a> SourceImages<'a> {
    fn configuration(&self) -> &'a Configuration {
        &self.client.configuration
    }

    fn path(&self, rest: &str) -> String {
        format!("/sourceimages/{}{rest}", self.organization)
    }

    /// Lists the images, one page with [`ListSourceImages::send`] or all of them with
    /// [`ListSourceImages::stream`]. Seed operation: `list_source_images`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// let page = rokka.source_images("acme").list().sort("name asc").send().await?;
    /// for image in page.images {
    ///     println!("{:?} {:?}", image.hash, image.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListSourceImages<'a> {
        ListSourceImages {
            client: self.client,
            organization: self.organization,
            offset: DEFAULT_OFFSET.to_owned(),
            limit: DEFAULT_LIMIT,
            sort: DEFAULT_SORT.to_owned(),
            deleted: false,
        }
    }

    /// The images whose file has the SHA-1 `binary_hash`: several when one file was uploaded
    /// with different dynamic metadata. Seed operation: `list_source_images_by_binary_hash`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// let images = rokka
    ///     .source_images("acme")
    ///     .by_binary_hash("03b3f7d2d8e1ba8f00e3a8e5e2bd6c8e2a3b7f1d")
    ///     .await?;
    /// # let _ = images; Ok(()) }
    /// ```
    pub async fn by_binary_hash(&self, binary_hash: &str) -> Result<Vec<SourceImage>> {
        sourceimages_api::list_source_images_by_binary_hash(
            self.configuration(),
            self.organization,
            binary_hash,
        )
        .await
        .map(|list| list.items.unwrap_or_default())
        .map_err(|error| {
            fail(
                self.configuration(),
                Method::GET,
                self.path(&format!("/binaryhash/{binary_hash}")),
                error,
            )
        })
    }

    /// One image. Seed operation: `get_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let image = rokka.source_images("acme").get(hash).await?;
    /// println!("{:?}x{:?}", image.width, image.height);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, hash: &str) -> Result<SourceImage> {
        sourceimages_api::get_source_image(self.configuration(), self.organization, hash)
            .await
            .map_err(|error| {
                fail(
                    self.configuration(),
                    Method::GET,
                    self.path(&format!("/{hash}")),
                    error,
                )
            })
    }

    /// Deletes an image; [`restore`](Self::restore) brings it back until it is purged. Seed
    /// operation: `delete_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka.source_images("acme").delete(hash).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, hash: &str) -> Result<()> {
        sourceimages_api::delete_source_image(self.configuration(), self.organization, hash)
            .await
            .map_err(|error| {
                fail(
                    self.configuration(),
                    Method::DELETE,
                    self.path(&format!("/{hash}")),
                    error,
                )
            })
    }

    /// Restores a deleted image with its metadata, as long as it has not been purged; for an
    /// image that is not deleted, returns it as it is. Seed operation: `restore_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let image = rokka.source_images("acme").restore(hash).await?;
    /// assert_ne!(image.deleted, Some(true));
    /// # Ok(()) }
    /// ```
    pub async fn restore(&self, hash: &str) -> Result<SourceImage> {
        sourceimages_api::restore_source_image(self.configuration(), self.organization, hash)
            .await
            .map_err(|error| {
                fail(
                    self.configuration(),
                    Method::POST,
                    self.path(&format!("/{hash}/restore")),
                    error,
                )
            })
    }

    /// Copies an image, metadata included, to the organization `destination`. Seed operation:
    /// `copy_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka
    ///     .source_images("acme")
    ///     .copy(hash, "acme-archive")
    ///     .overwrite(false)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn copy(&self, hash: &'a str, destination: &'a str) -> CopySourceImage<'a> {
        CopySourceImage {
            images: *self,
            hash,
            destination,
            overwrite: None,
        }
    }

    /// The image's original file, as uploaded. The body is not read yet: stream it or write it
    /// to a file with the returned [`Download`]. For large files, build the client with
    /// [`ClientBuilder::timeout`]`(None)`: the timeout covers the whole body. Seed operation:
    /// `download_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let download = rokka.source_images("acme").download(hash).await?;
    /// let bytes = download.download_to("original.jpg").await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn download(&self, hash: &str) -> Result<Download> {
        let path = self.path(&format!("/{hash}/download"));
        // The generated function returns a 2xx response unread and turns any other status into
        // an error, so a `Download` never carries an error body.
        match sourceimages_api::download_source_image(self.configuration(), self.organization, hash)
            .await
        {
            Ok(response) => Ok(Download::new(response, Method::GET, path)),
            Err(error) => Err(fail(self.configuration(), Method::GET, path, error)),
        }
    }

    /// Uploads a new image from a path, bytes or a stream, with optional metadata; returns the
    /// created image. Seed operation: `create_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// use specfleet::Upload;
    ///
    /// let image = rokka
    ///     .source_images("acme")
    ///     .upload(Upload::path("matterhorn.jpg"))
    ///     .meta_user(json!({"photographer": "Ada", "year": 2024}))
    ///     .send()
    ///     .await?;
    /// println!("stored as {:?}", image.hash);
    /// # Ok(()) }
    /// ```
    pub fn upload(&self, file: Upload) -> UploadSourceImage<'a> {
        UploadSourceImage {
            images: *self,
            file,
            meta_dynamic: None,
            meta_user: None,
        }
    }

    /// The user metadata of the image `hash`: searchable fields that never change the image.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let fields = rokka.source_images("acme").user_metadata(hash).get().await?;
    /// # let _ = fields; Ok(()) }
    /// ```
    pub fn user_metadata(&self, hash: &'a str) -> UserMetadata<'a> {
        UserMetadata {
            images: *self,
            hash,
        }
    }

    /// The dynamic metadata of the image `hash` (such as a subject area or crop hints): it is
    /// part of the image's identity, so changing it creates an image with a new hash.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// let moved = rokka
    ///     .source_images("acme")
    ///     .dynamic_metadata(hash)
    ///     .set("subject_area", json!({"x": 100, "y": 80, "width": 300, "height": 200}))
    ///     .send()
    ///     .await?;
    /// println!("new hash {:?}", moved.hash);
    /// # Ok(()) }
    /// ```
    pub fn dynamic_metadata(&self, hash: &'a str) -> DynamicMetadata<'a> {
        DynamicMetadata {
            images: *self,
            hash,
        }
    }
}

/// One page of images, from [`ListSourceImages::send`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
/// let images = rokka.source_images("acme");
/// let mut page = images.list().limit(50).send().await?;
/// loop {
///     println!("{} images", page.images.len());
///     let Some(next) = page.next_offset.take() else { break };
///     page = images.list().limit(50).offset(next).send().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SourceImagePage {
    /// The images of this page.
    pub images: Vec<SourceImage>,
    /// How many images match in all, when rokka says.
    pub total: Option<u64>,
    /// The offset of the next page (rokka's cursor when it sent one, else offset + limit), or
    /// `None` after the last page: when this one is empty or reaches `total`.
    pub next_offset: Option<String>,
}

/// Lists source images; from [`SourceImages::list`]. The defaults are the API's: `offset` `"0"`,
/// `limit` 100, `sort` `"created desc"`, `deleted` false; all four are always sent.
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
/// use futures_util::TryStreamExt;
/// let deleted: Vec<_> = rokka
///     .source_images("acme")
///     .list()
///     .deleted(true)
///     .stream()
///     .try_collect()
///     .await?;
/// # let _ = deleted; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListSourceImages<'a> {
    client: &'a Client,
    organization: &'a str,
    offset: String,
    limit: u32,
    sort: String,
    deleted: bool,
}

impl ListSourceImages<'_> {
    /// Where to start: a number of images to skip, or a cursor from a previous page (default
    /// `"0"`).
    pub fn offset(mut self, offset: impl Into<String>) -> Self {
        self.offset = offset.into();
        self
    }

    /// How many images per page (default 100; rokka accepts up to 2000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    /// The field and direction to sort by, such as `"name asc"` (default `"created desc"`).
    pub fn sort(mut self, sort: impl Into<String>) -> Self {
        self.sort = sort.into();
        self
    }

    /// List deleted images instead of live ones (default false).
    pub fn deleted(mut self, deleted: bool) -> Self {
        self.deleted = deleted;
        self
    }

    /// One page, starting at the offset. Seed operation: `list_source_images`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// let page = rokka.source_images("acme").list().limit(10).send().await?;
    /// println!("{:?} images in all", page.total);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<SourceImagePage> {
        let query = self.query();
        let position = Position::start(self.offset);
        let (images, total, next) = fetch_page(
            &self.client.configuration,
            self.organization,
            &query,
            &position,
        )
        .await?;
        Ok(SourceImagePage {
            images,
            total,
            next_offset: next.map(|next| next.offset),
        })
    }

    /// Every image from the offset on, page after page, fetched as the stream is read. The next
    /// page starts at rokka's `cursor` when the answer has one, else at offset + limit; the stream
    /// ends after an empty page, once `total` images have been listed, or when a page names no
    /// next page (no cursor after a cursor offset). The first error ends it. Seed operation:
    /// `list_source_images`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut images = std::pin::pin!(rokka.source_images("acme").list().limit(500).stream());
    /// while let Some(image) = images.try_next().await? {
    ///     println!("{:?}", image.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<SourceImage>> + Send + 'static {
        let configuration = Arc::clone(&self.client.configuration);
        let organization = self.organization.to_owned();
        let query = Arc::new(self.query());
        paginate(Position::start(self.offset), move |position: Position| {
            let (configuration, organization, query) = (
                Arc::clone(&configuration),
                organization.clone(),
                Arc::clone(&query),
            );
            async move {
                let (images, _, next) =
                    fetch_page(&configuration, &organization, &query, &position).await?;
                Ok((images, next))
            }
        })
    }

    fn query(&self) -> PageQuery {
        PageQuery {
            limit: self.limit,
            sort: self.sort.clone(),
            deleted: self.deleted,
        }
    }
}

/// The list parameters that stay the same from page to page.
#[derive(Debug)]
struct PageQuery {
    limit: u32,
    sort: String,
    deleted: bool,
}

/// Where a page starts: the offset or cursor to send, and how many images come before it (a
/// lower bound after a cursor, whose position is unknown), to stop once `total` is reached.
#[derive(Debug, Clone)]
struct Position {
    offset: String,
    before: u64,
}

impl Position {
    fn start(offset: String) -> Position {
        let before = offset.trim().parse().unwrap_or(0);
        Position { offset, before }
    }
}

/// One page: its images, rokka's total, and where the next page starts (`None` after the last).
async fn fetch_page(
    configuration: &Configuration,
    organization: &str,
    query: &PageQuery,
    position: &Position,
) -> Result<(Vec<SourceImage>, Option<u64>, Option<Position>)> {
    let page = sourceimages_api::list_source_images(
        configuration,
        organization,
        Some(&position.offset),
        // rokka refuses more than 2000 anyway; saturating keeps the conversion infallible.
        Some(i32::try_from(query.limit).unwrap_or(i32::MAX)),
        Some(&query.sort),
        Some(query.deleted),
    )
    .await
    .map_err(|error| {
        fail(
            configuration,
            Method::GET,
            format!("/sourceimages/{organization}"),
            error,
        )
    })?;
    let images = page.items.unwrap_or_default();
    let total = page.total.and_then(|total| u64::try_from(total).ok());
    let next = next_position(position, query.limit, images.len(), total, page.cursor);
    Ok((images, total, next))
}

fn next_position(
    position: &Position,
    limit: u32,
    received: usize,
    total: Option<u64>,
    cursor: Option<String>,
) -> Option<Position> {
    if received == 0 {
        return None;
    }
    let before = position.before + received as u64;
    if total.is_some_and(|total| before >= total) {
        return None;
    }
    let offset = match cursor.filter(|cursor| !cursor.is_empty()) {
        Some(cursor) => cursor,
        None => {
            let offset: u64 = position.offset.trim().parse().ok()?;
            offset.checked_add(u64::from(limit))?.to_string()
        }
    };
    // The offset just sent (a repeated cursor, or a limit of 0) would fetch the same page forever.
    (offset != position.offset).then_some(Position { offset, before })
}

/// Copies an image to another organization; from [`SourceImages::copy`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
/// rokka.source_images("acme").copy(hash, "acme-archive").send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a copy does nothing until it is sent"]
pub struct CopySourceImage<'a> {
    images: SourceImages<'a>,
    hash: &'a str,
    destination: &'a str,
    overwrite: Option<bool>,
}

impl CopySourceImage<'_> {
    /// Whether an image that already exists in the destination is replaced: `false` sends
    /// `Overwrite: F` and keeps it, `true` sends `Overwrite: T`. By default no header is sent
    /// and rokka replaces it.
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = Some(overwrite);
        self
    }

    /// Copies the image. Seed operation: `copy_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka.source_images("acme").copy(hash, "acme-archive").send().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// A `destination` that cannot be a header value (CR, LF or another control character) is an
    /// [`InvalidArgument`](crate::ErrorKind::InvalidArgument) error naming the `Destination`
    /// header, and nothing is sent.
    pub async fn send(self) -> Result<()> {
        let path = || self.images.path(&format!("/{}/copy", self.hash));
        crate::transport::check_header_value("Destination", self.destination)
            .map_err(|kind| crate::Error::new(Method::POST, path(), kind))?;
        let overwrite = self.overwrite.map(|yes| if yes { "T" } else { "F" });
        sourceimages_api::copy_source_image(
            self.images.configuration(),
            self.destination,
            self.images.organization,
            self.hash,
            overwrite,
        )
        .await
        .map_err(|error| fail(self.images.configuration(), Method::POST, path(), error))
    }
}

/// Uploads a source image; from [`SourceImages::upload`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, png: Vec<u8>) -> specfleet::Result<()> {
/// let image = rokka
///     .source_images("acme")
///     .upload(specfleet::Upload::bytes("logo.png", png))
///     .send()
///     .await?;
/// # let _ = image; Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "an upload does nothing until it is sent"]
pub struct UploadSourceImage<'a> {
    images: SourceImages<'a>,
    file: Upload,
    meta_dynamic: Option<Value>,
    meta_user: Option<Value>,
}

impl UploadSourceImage<'_> {
    /// Dynamic metadata for the image, such as `{"subject_area": {"x": 10, "y": 20}}`; sent as
    /// JSON text in the `meta_dynamic[]` form field. It becomes part of the image's hash.
    pub fn meta_dynamic(mut self, metadata: Value) -> Self {
        self.meta_dynamic = Some(metadata);
        self
    }

    /// User metadata for the image, such as `{"photographer": "Ada"}`; sent as JSON text in the
    /// `meta_user[]` form field.
    pub fn meta_user(mut self, metadata: Value) -> Self {
        self.meta_user = Some(metadata);
        self
    }

    /// Uploads the file: a streamed multipart request with the file in `filedata`. Returns the
    /// image rokka created. Seed operation: `create_source_image`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client) -> specfleet::Result<()> {
    /// let image = rokka
    ///     .source_images("acme")
    ///     .upload(specfleet::Upload::path("matterhorn.jpg"))
    ///     .send()
    ///     .await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<SourceImage> {
        let UploadSourceImage {
            images,
            file,
            meta_dynamic,
            meta_user,
        } = self;
        let path = images.path("");
        let created = create_source_image(
            images.configuration(),
            images.organization,
            file,
            meta_dynamic,
            meta_user,
        )
        .await
        .map_err(|kind| {
            crate::Error::new(Method::POST, path.as_str(), kind)
                .redact(&configured_secrets!(images.configuration()))
        })?;
        created
            .items
            .and_then(|items| items.into_iter().next())
            .ok_or_else(|| {
                crate::Error::new(
                    Method::POST,
                    path,
                    ErrorKind::Decode("the answer lists no created image".to_owned()),
                )
            })
    }
}

/// `create_source_image` with the file from an [`Upload`] instead of a path: the same URL,
/// headers (user agent, `Accept`, `api-key`), form fields and decoding as the generated function,
/// through the same middleware. The only hand-built request of this module.
async fn create_source_image(
    configuration: &Configuration,
    organization: &str,
    file: Upload,
    meta_dynamic: Option<Value>,
    meta_user: Option<Value>,
) -> std::result::Result<ListSourceImagesResponse, ErrorKind> {
    use specfleet_rokka::apis::{accept_header, path_segment};

    let organization = path_segment("organization", organization)
        .map_err(|error| ErrorKind::InvalidArgument(error.to_string()))?;
    let url = format!("{}/sourceimages/{organization}", configuration.base_path);
    let mut form = reqwest::multipart::Form::new().part("filedata", file.into_part().await?);
    if let Some(metadata) = meta_dynamic {
        form = form.text("meta_dynamic[]", metadata.to_string());
    }
    if let Some(metadata) = meta_user {
        form = form.text("meta_user[]", metadata.to_string());
    }
    let mut request = configuration.client.request(Method::POST, url).header(
        reqwest::header::ACCEPT,
        accept_header(&["application/json"]),
    );
    if let Some(user_agent) = &configuration.user_agent {
        request = request.header(reqwest::header::USER_AGENT, user_agent);
    }
    if let Some(api_key) = &configuration.api_key {
        let value = match &api_key.prefix {
            Some(prefix) => format!("{prefix} {}", api_key.key),
            None => api_key.key.clone(),
        };
        request = request.header("api-key", value);
    }
    let response = request
        .multipart(form)
        .send()
        .await
        .map_err(crate::error::middleware)?;
    crate::body::json_answer(response).await
}

/// The user metadata of one image; from [`SourceImages::user_metadata`]. User metadata serves
/// searching and never changes the image or its hash.
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
/// use serde_json::json;
/// let metadata = rokka.source_images("acme").user_metadata(hash);
/// metadata.patch(json!({"year": 2024})).await?;
/// println!("{}", metadata.get().await?);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct UserMetadata<'a> {
    images: SourceImages<'a>,
    hash: &'a str,
}

impl UserMetadata<'_> {
    fn path(&self, rest: &str) -> String {
        self.images.path(&format!("/{}/meta/user{rest}", self.hash))
    }

    /// Every field, as a JSON object of field names to values. Seed operation:
    /// `get_source_image_meta_user`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let fields = rokka.source_images("acme").user_metadata(hash).get().await?;
    /// println!("{:?}", fields.get("photographer"));
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<Value> {
        sourceimages_api::get_source_image_meta_user(
            self.images.configuration(),
            self.images.organization,
            self.hash,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::GET,
                self.path(""),
                error,
            )
        })
    }

    /// Replaces every field with `fields`, a JSON object of field names to values, sent as the
    /// JSON body. Seed operation: `create_source_image_meta_user`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// rokka
    ///     .source_images("acme")
    ///     .user_metadata(hash)
    ///     .replace(json!({"photographer": "Ada", "tags": ["alps", "winter"]}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn replace(&self, fields: Value) -> Result<()> {
        sourceimages_api::create_source_image_meta_user(
            self.images.configuration(),
            fields,
            self.images.organization,
            self.hash,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::PUT,
                self.path(""),
                error,
            )
        })
    }

    /// Sets the fields in `fields` (a JSON object of field names to values, sent as the JSON
    /// body) and leaves the others as they are. Seed operation: `patch_source_image_meta_user`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// rokka
    ///     .source_images("acme")
    ///     .user_metadata(hash)
    ///     .patch(json!({"year": 2024}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch(&self, fields: Value) -> Result<()> {
        sourceimages_api::patch_source_image_meta_user(
            self.images.configuration(),
            fields,
            self.images.organization,
            self.hash,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::PATCH,
                self.path(""),
                error,
            )
        })
    }

    /// Removes every field. Seed operation: `delete_source_image_meta_user`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka.source_images("acme").user_metadata(hash).delete_all().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_all(&self) -> Result<()> {
        sourceimages_api::delete_source_image_meta_user(
            self.images.configuration(),
            self.images.organization,
            self.hash,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::DELETE,
                self.path(""),
                error,
            )
        })
    }

    /// The text value of the field `name`: a JSON string answer decoded, or a `text/plain` answer
    /// as it is. A field holding a JSON number or object is a [`Decode`](ErrorKind::Decode)
    /// error; read it with [`get`](Self::get). Seed operation:
    /// `get_source_image_meta_user_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let who = rokka
    ///     .source_images("acme")
    ///     .user_metadata(hash)
    ///     .get_field("photographer")
    ///     .await?;
    /// # let _ = who; Ok(()) }
    /// ```
    pub async fn get_field(&self, name: &str) -> Result<String> {
        sourceimages_api::get_source_image_meta_user_with_name(
            self.images.configuration(),
            self.images.organization,
            self.hash,
            name,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::GET,
                self.path(&format!("/{name}")),
                error,
            )
        })
    }

    /// Sets the field `name` to the text `value`, leaving the other fields as they are. On the
    /// wire the body is `value` as a JSON string: `set_field("photographer", "Ada")` sends
    /// `"Ada"` with `Content-Type: application/json`. Text that is already JSON is sent as a
    /// string too (`{"a":1}` becomes `"{\"a\":1}"`); to store a number, list or object, use
    /// [`patch`](Self::patch). Seed operation: `create_source_image_meta_user_wth_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka
    ///     .source_images("acme")
    ///     .user_metadata(hash)
    ///     .set_field("photographer", "Ada")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_field(&self, name: &str, value: &str) -> Result<()> {
        sourceimages_api::create_source_image_meta_user_wth_name(
            self.images.configuration(),
            value,
            self.images.organization,
            self.hash,
            name,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::PUT,
                self.path(&format!("/{name}")),
                error,
            )
        })
    }

    /// Removes the field `name`. Seed operation: `delete_source_image_meta_user_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// rokka
    ///     .source_images("acme")
    ///     .user_metadata(hash)
    ///     .delete_field("photographer")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_field(&self, name: &str) -> Result<()> {
        sourceimages_api::delete_source_image_meta_user_with_name(
            self.images.configuration(),
            self.images.organization,
            self.hash,
            name,
        )
        .await
        .map_err(|error| {
            fail(
                self.images.configuration(),
                Method::DELETE,
                self.path(&format!("/{name}")),
                error,
            )
        })
    }
}

/// The dynamic metadata of one image; from [`SourceImages::dynamic_metadata`]. Each change
/// creates a copy of the image under a new hash, which the call returns; `delete_previous(true)`
/// also deletes the image under the old hash.
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
/// let image = rokka
///     .source_images("acme")
///     .dynamic_metadata(hash)
///     .delete("subject_area")
///     .delete_previous(true)
///     .send()
///     .await?;
/// println!("now {:?}", image.hash);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DynamicMetadata<'a> {
    images: SourceImages<'a>,
    hash: &'a str,
}

impl<'a> DynamicMetadata<'a> {
    /// Sets the entry `name` to `definition`, a JSON object sent as the body (for
    /// `subject_area`: `{"x": .., "y": .., "width": .., "height": ..}`). Seed operation:
    /// `create_source_image_meta_dynamic_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// let image = rokka
    ///     .source_images("acme")
    ///     .dynamic_metadata(hash)
    ///     .set("subject_area", json!({"x": 100, "y": 80}))
    ///     .send()
    ///     .await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub fn set(&self, name: &'a str, definition: Value) -> SetDynamicMetadata<'a> {
        SetDynamicMetadata {
            metadata: *self,
            name,
            definition,
            delete_previous: false,
        }
    }

    /// Removes the entry `name`. Seed operation: `delete_source_image_meta_dynamic_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let image = rokka
    ///     .source_images("acme")
    ///     .dynamic_metadata(hash)
    ///     .delete("subject_area")
    ///     .send()
    ///     .await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub fn delete(&self, name: &'a str) -> DeleteDynamicMetadata<'a> {
        DeleteDynamicMetadata {
            metadata: *self,
            name,
            delete_previous: false,
        }
    }

    fn path(&self, name: &str) -> String {
        self.images
            .path(&format!("/{}/meta/dynamic/{name}", self.hash))
    }
}

/// Sets one dynamic metadata entry; from [`DynamicMetadata::set`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
/// use serde_json::json;
/// let image = rokka
///     .source_images("acme")
///     .dynamic_metadata(hash)
///     .set("subject_area", json!({"x": 100, "y": 80}))
///     .delete_previous(true)
///     .send()
///     .await?;
/// # let _ = image; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a change does nothing until it is sent"]
pub struct SetDynamicMetadata<'a> {
    metadata: DynamicMetadata<'a>,
    name: &'a str,
    definition: Value,
    delete_previous: bool,
}

impl SetDynamicMetadata<'_> {
    /// Also delete the image under its previous hash (default false; always sent as
    /// `deletePrevious`).
    pub fn delete_previous(mut self, yes: bool) -> Self {
        self.delete_previous = yes;
        self
    }

    /// Sets the entry; returns the image under its new hash. Seed operation:
    /// `create_source_image_meta_dynamic_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// use serde_json::json;
    /// let image = rokka
    ///     .source_images("acme")
    ///     .dynamic_metadata(hash)
    ///     .set("subject_area", json!({"x": 100, "y": 80}))
    ///     .send()
    ///     .await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<SourceImage> {
        let images = self.metadata.images;
        sourceimages_api::create_source_image_meta_dynamic_with_name(
            images.configuration(),
            self.definition,
            images.organization,
            self.metadata.hash,
            self.name,
            Some(self.delete_previous),
        )
        .await
        .map_err(|error| {
            fail(
                images.configuration(),
                Method::PUT,
                self.metadata.path(self.name),
                error,
            )
        })
    }
}

/// Removes one dynamic metadata entry; from [`DynamicMetadata::delete`].
///
/// ```no_run
/// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
/// let image = rokka
///     .source_images("acme")
///     .dynamic_metadata(hash)
///     .delete("subject_area")
///     .send()
///     .await?;
/// # let _ = image; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a change does nothing until it is sent"]
pub struct DeleteDynamicMetadata<'a> {
    metadata: DynamicMetadata<'a>,
    name: &'a str,
    delete_previous: bool,
}

impl DeleteDynamicMetadata<'_> {
    /// Also delete the image under its previous hash (default false; always sent as
    /// `deletePrevious`).
    pub fn delete_previous(mut self, yes: bool) -> Self {
        self.delete_previous = yes;
        self
    }

    /// Removes the entry; returns the image under its new hash. Seed operation:
    /// `delete_source_image_meta_dynamic_with_name`.
    ///
    /// ```no_run
    /// # async fn run(rokka: specfleet::rokka::Client, hash: &str) -> specfleet::Result<()> {
    /// let image = rokka
    ///     .source_images("acme")
    ///     .dynamic_metadata(hash)
    ///     .delete("subject_area")
    ///     .send()
    ///     .await?;
    /// # let _ = image; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<SourceImage> {
        let images = self.metadata.images;
        sourceimages_api::delete_source_image_meta_dynamic_with_name(
            images.configuration(),
            images.organization,
            self.metadata.hash,
            self.name,
            Some(self.delete_previous),
        )
        .await
        .map_err(|error| {
            fail(
                images.configuration(),
                Method::DELETE,
                self.metadata.path(self.name),
                error,
            )
        })
    }
}

/// rokka documents no error bodies: every error keeps its body raw (JSON or text).
fn typed_body(_status: StatusCode, _entity: Value) -> Option<ErrorBody> {
    None
}

/// The facade's error for a failed call, with the client's API key redacted from it.
fn fail<E: Serialize>(
    configuration: &Configuration,
    method: Method,
    path: impl Into<String>,
    error: Error<E>,
) -> crate::Error {
    crate::Error::new(method, path, from_generated!(error, typed_body))
        .redact(&configured_secrets!(configuration))
}
