//! [`Upload`]: the content of a file sent in a request, and the multipart parts that carry
//! one.

use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use futures_util::Stream;

/// The content of a file to send: a path, bytes in memory, or a stream. Its media type is
/// guessed from the file name, as the Python clients do (`.jpg` is `image/jpeg`; an unknown
/// extension is `application/octet-stream`), unless set.
///
/// ```
/// use specfleet_runtime::Upload;
/// let from_disk = Upload::path("scan.nii.gz");
/// let from_memory = Upload::bytes("notes.txt", "hello");
/// assert_eq!(from_memory.content_type(), "text/plain");
/// assert_eq!(Upload::bytes("photo.JPG", "...").content_type(), "image/jpeg");
/// assert_eq!(Upload::bytes("blob.xyz123", "...").content_type(), "application/octet-stream");
/// # let _ = from_disk;
/// ```
pub struct Upload {
    file_name: String,
    content_type: Option<String>,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    /// Taken by the first attempt: a stream cannot be sent twice.
    Stream(Option<(reqwest::Body, Option<u64>)>),
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Path(path) => format!("path {}", path.display()),
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Stream(Some((_, Some(length)))) => format!("stream of {length} bytes"),
            Source::Stream(Some((_, None))) => "stream".to_owned(),
            Source::Stream(None) => "stream (sent)".to_owned(),
        };
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type())
            .field("source", &source)
            .finish()
    }
}

impl Upload {
    /// A file on disk, streamed from it (and opened again for a retry); the file name is the
    /// path's.
    pub fn path(path: impl Into<PathBuf>) -> Upload {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Upload {
            file_name,
            content_type: None,
            source: Source::Path(path),
        }
    }

    /// Bytes in memory, sent under `file_name`.
    pub fn bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Upload {
        Upload {
            file_name: file_name.into(),
            content_type: None,
            source: Source::Bytes(bytes.into()),
        }
    }

    /// A stream of chunks sent under `file_name`. With its `length` the request carries a
    /// `Content-Length`; without, it is sent chunked. A stream is never sent twice, so a
    /// request with one is not retried.
    ///
    /// ```
    /// use specfleet_runtime::Upload;
    /// let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from("a"))]);
    /// let upload = Upload::stream("a.txt", chunks, Some(1));
    /// # let _ = upload;
    /// ```
    pub fn stream<S>(file_name: impl Into<String>, stream: S, length: Option<u64>) -> Upload
    where
        S: Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    {
        Upload {
            file_name: file_name.into(),
            content_type: None,
            source: Source::Stream(Some((reqwest::Body::wrap_stream(stream), length))),
        }
    }

    /// Sends the file with this media type instead of the guessed one.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Upload {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type: the one set, else the one guessed from the file name.
    pub fn content_type(&self) -> String {
        match &self.content_type {
            Some(content_type) => content_type.clone(),
            None => mime_guess::from_path(&self.file_name)
                .first_raw()
                .unwrap_or("application/octet-stream")
                .to_owned(),
        }
    }

    /// Whether the content can be sent again (a retry): paths and bytes can, streams cannot.
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    /// The body and its length when known, for one attempt.
    pub(crate) async fn body(&mut self) -> std::io::Result<(reqwest::Body, Option<u64>)> {
        match &mut self.source {
            Source::Path(path) => {
                let file = tokio::fs::File::open(&*path).await?;
                let length = file.metadata().await?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                Ok((reqwest::Body::wrap_stream(stream), Some(length)))
            }
            Source::Bytes(bytes) => {
                Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64)))
            }
            Source::Stream(stream) => stream
                .take()
                .ok_or_else(|| std::io::Error::other("a stream upload can be sent only once")),
        }
    }

    /// The multipart part for one attempt: the file name, the media type and the length when it
    /// is known (so the whole request has a `Content-Length`).
    pub(crate) async fn part(&mut self) -> std::io::Result<reqwest::multipart::Part> {
        let content_type = self.content_type();
        let file_name = self.file_name.clone();
        let part = match self.body().await? {
            (body, Some(length)) => reqwest::multipart::Part::stream_with_length(body, length),
            (body, None) => reqwest::multipart::Part::stream(body),
        };
        part.file_name(file_name)
            .mime_str(&content_type)
            .map_err(|error| std::io::Error::other(error.without_url()))
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub(crate) enum Part {
    Text {
        name: String,
        value: String,
    },
    /// An object field, as JSON (OpenAPI's default encoding for one).
    Json {
        name: String,
        value: Vec<u8>,
    },
    File {
        name: String,
        upload: Upload,
    },
}

impl Part {
    pub(crate) fn replayable(&self) -> bool {
        match self {
            Part::File { upload, .. } => upload.replayable(),
            _ => true,
        }
    }
}
