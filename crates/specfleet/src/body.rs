//! Streaming bodies: downloads as byte streams or into files in constant memory, and uploads from
//! a path, bytes or a stream.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use reqwest::Method;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::{ERROR_BODY_LIMIT, ErrorBody, ErrorKind, transport};
use crate::{Error, Result};

/// A response body that has not been read yet. Read it as a stream, into a writer or into a
/// file: memory use stays constant whatever its size.
///
/// A body that ends early (shorter than its `Content-Length`, or a chunked body cut off) is an
/// error, never a shorter success.
///
/// ```no_run
/// # async fn run(download: specfleet::Download) -> specfleet::Result<()> {
/// let bytes_written = download.download_to("image.png").await?;
/// # let _ = bytes_written; Ok(()) }
/// ```
pub struct Download {
    response: reqwest::Response,
    method: Method,
    path: String,
}

/// Not derived: reqwest's `Debug` of a response prints its URL, query included, and CBRAIN sends
/// its token in the query.
impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("status", &self.response.status())
            .field("content_length", &self.content_length())
            .finish()
    }
}

impl Download {
    pub(crate) fn new(
        response: reqwest::Response,
        method: Method,
        path: impl Into<String>,
    ) -> Download {
        Download {
            response,
            method,
            path: path.into(),
        }
    }

    /// The length the server announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The `Content-Type` the server sent, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The body as a stream of chunks.
    ///
    /// ```no_run
    /// # async fn run(download: specfleet::Download) -> specfleet::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut chunks = download.into_stream();
    /// while let Some(chunk) = chunks.try_next().await? {
    ///     println!("{} bytes", chunk.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + 'static {
        let Download {
            response,
            method,
            path,
        } = self;
        response
            .bytes_stream()
            .map_err(move |error| Error::new(method.clone(), path.clone(), transport(error)))
    }

    /// The whole body in memory; for small bodies only.
    ///
    /// ```no_run
    /// # async fn run(download: specfleet::Download) -> specfleet::Result<()> {
    /// let bytes = download.bytes().await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn bytes(self) -> Result<Bytes> {
        let Download {
            response,
            method,
            path,
        } = self;
        response
            .bytes()
            .await
            .map_err(|error| Error::new(method, path, transport(error)))
    }

    /// Copies the body into `writer` and flushes it; returns the number of bytes written.
    ///
    /// ```no_run
    /// # async fn run(download: specfleet::Download) -> specfleet::Result<()> {
    /// let mut out = tokio::io::sink();
    /// download.write_to(&mut out).await?;
    /// # Ok(()) }
    /// ```
    pub async fn write_to<W: AsyncWrite + Unpin>(self, writer: &mut W) -> Result<u64> {
        let (method, path) = (self.method.clone(), self.path.clone());
        let io_error =
            |error: std::io::Error| Error::new(method.clone(), path.clone(), ErrorKind::Io(error));
        let expected = self.content_length();
        let mut chunks = Box::pin(self.into_stream());
        let mut written = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(io_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(io_error)?;
        if let Some(expected) = expected.filter(|expected| *expected != written) {
            let message = format!("the body ended after {written} of {expected} bytes");
            return Err(io_error(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                message,
            )));
        }
        Ok(written)
    }

    /// Writes the body to the file `path`; returns the number of bytes written.
    ///
    /// The body goes to `<path>.part` first, which is renamed to `path` only once the whole body
    /// has arrived, so `path` never holds a partial file; on failure the `.part` file is removed.
    ///
    /// ```no_run
    /// # async fn run(download: specfleet::Download) -> specfleet::Result<()> {
    /// download.download_to("/tmp/scan.nii.gz").await?;
    /// # Ok(()) }
    /// ```
    pub async fn download_to(self, path: impl AsRef<Path>) -> Result<u64> {
        let target = path.as_ref();
        let partial = partial_path(target);
        let (method, request_path) = (self.method.clone(), self.path.clone());
        let io_error = |error: std::io::Error| {
            Error::new(method.clone(), request_path.clone(), ErrorKind::Io(error))
        };
        let mut file = tokio::fs::File::create(&partial).await.map_err(io_error)?;
        let result = async {
            let written = self.write_to(&mut file).await?;
            file.sync_all().await.map_err(io_error)?;
            drop(file);
            tokio::fs::rename(&partial, target)
                .await
                .map_err(io_error)?;
            Ok(written)
        }
        .await;
        if result.is_err() {
            // The error is what matters; a leftover .part file is at worst clutter.
            let _ = tokio::fs::remove_file(&partial).await;
        }
        result
    }
}

fn partial_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    target.with_file_name(name)
}

/// The content of an uploaded file: a path, bytes in memory, or a stream.
///
/// ```
/// use specfleet::Upload;
/// let from_disk = Upload::path("scan.nii.gz");
/// let from_memory = Upload::bytes("notes.txt", "hello");
/// # let _ = (from_disk, from_memory);
/// ```
pub struct Upload {
    file_name: String,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    Stream {
        body: reqwest::Body,
        length: Option<u64>,
    },
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Path(path) => format!("path {}", path.display()),
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Stream {
                length: Some(length),
                ..
            } => format!("stream of {length} bytes"),
            Source::Stream { length: None, .. } => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("source", &source)
            .finish()
    }
}

impl Upload {
    /// A file on disk, streamed from it; the part's file name is the path's.
    pub fn path(path: impl Into<PathBuf>) -> Upload {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Upload {
            file_name,
            source: Source::Path(path),
        }
    }

    /// Bytes in memory, sent under `file_name`.
    pub fn bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Upload {
        Upload {
            file_name: file_name.into(),
            source: Source::Bytes(bytes.into()),
        }
    }

    /// A stream of chunks sent under `file_name`. With its `length` the request carries a
    /// `Content-Length`; without, it is sent chunked. A stream is never retried.
    ///
    /// ```
    /// use specfleet::Upload;
    /// let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from("a"))]);
    /// let upload = Upload::stream("a.txt", chunks, Some(1));
    /// # let _ = upload;
    /// ```
    pub fn stream<S>(file_name: impl Into<String>, stream: S, length: Option<u64>) -> Upload
    where
        S: Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send + 'static,
    {
        let body = reqwest::Body::wrap_stream(stream);
        Upload {
            file_name: file_name.into(),
            source: Source::Stream { body, length },
        }
    }

    /// The file name the part carries.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The multipart part: the file name, `application/octet-stream` (OpenAPI's default for a
    /// binary field) and the length when it is known.
    pub(crate) async fn into_part(self) -> std::io::Result<reqwest::multipart::Part> {
        let part = match self.source {
            Source::Path(path) => {
                let file = tokio::fs::File::open(&path).await?;
                let length = file.metadata().await?.len();
                let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
                reqwest::multipart::Part::stream_with_length(body, length)
            }
            Source::Bytes(bytes) => reqwest::multipart::Part::stream(bytes),
            Source::Stream {
                body,
                length: Some(length),
            } => reqwest::multipart::Part::stream_with_length(body, length),
            Source::Stream { body, length: None } => reqwest::multipart::Part::stream(body),
        };
        part.file_name(self.file_name)
            .mime_str("application/octet-stream")
            .map_err(|error| std::io::Error::other(error.without_url()))
    }
}

/// The first [`ERROR_BODY_LIMIT`] bytes of an error body, lossily decoded; the rest is never read,
/// so an endless or huge body costs bounded memory and time.
async fn error_body(response: reqwest::Response) -> std::result::Result<String, ErrorKind> {
    let mut chunks = response.bytes_stream();
    let mut content = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(transport)?;
        let room = ERROR_BODY_LIMIT - content.len();
        content.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if content.len() == ERROR_BODY_LIMIT {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&content).into_owned())
}

/// Decodes the answer to an upload the facade sent itself, the way the generated functions decode
/// theirs: a non-2xx status is a `Status` error with the raw body; a 2xx must be JSON.
pub(crate) async fn json_answer<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> std::result::Result<T, ErrorKind> {
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_owned();
    if !status.is_success() {
        let content = error_body(response).await?;
        return Err(ErrorKind::Status {
            status,
            body: ErrorBody::raw(&content),
        });
    }
    if !(content_type.starts_with("application") && content_type.contains("json")) {
        return Err(ErrorKind::Decode(format!(
            "the answer is `{content_type}`, not JSON"
        )));
    }
    // Bytes, not text: invalid UTF-8 is a decode error, not a silent U+FFFD.
    let content = response.bytes().await.map_err(transport)?;
    serde_json::from_slice(&content).map_err(|error| ErrorKind::Decode(error.to_string()))
}
