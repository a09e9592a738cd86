//! [`Response`]: a 2xx answer, read once as the type the operation documents; and
//! [`Download`], a body read as a stream or into a file in constant memory.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use std::future::Future;

use futures_util::future::Either;
use futures_util::{FutureExt, Stream, StreamExt, TryStreamExt};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::{Client, Error, ErrorKind};

/// A hostile or wrong `Content-Length` must not make the client reserve memory up front beyond
/// this; larger bodies still arrive whole, the buffer just grows.
const PREALLOCATION_LIMIT: u64 = 64 * 1024 * 1024;

/// A response with a 2xx status, not read yet. `E` is the operation's typed error body, for the
/// errors reading it can still produce.
pub struct Response<E> {
    response: reqwest::Response,
    client: Client,
    method: Method,
    route: &'static str,
    typed: PhantomData<fn() -> E>,
}

/// Not derived: reqwest's `Debug` of a response prints its URL, query included, where a
/// credential may travel.
impl<E> std::fmt::Debug for Response<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("method", &self.method)
            .field("route", &self.route)
            .field("status", &self.response.status())
            .finish()
    }
}

impl<E> Response<E> {
    pub(crate) fn new(
        response: reqwest::Response,
        client: Client,
        method: Method,
        route: &'static str,
    ) -> Response<E> {
        Response {
            response,
            client,
            method,
            route,
            typed: PhantomData,
        }
    }

    fn error(&self, kind: ErrorKind<E>) -> Error<E> {
        Error::new(self.method.clone(), self.route, kind)
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type` the server sent, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The body decoded into `T`, as the operation documents it.
    ///
    /// The body is read once into one buffer and decoded in place:
    /// - a JSON `Content-Type` (`application/json`, any `+json` type) is decoded as JSON;
    /// - `text/plain` is the value as text when `T` takes a string (an operation that returns
    ///   plain text), else decoded as JSON (a server that mislabels JSON);
    /// - no `Content-Type` is decoded as JSON, else taken as text;
    /// - any other type is a [`ErrorKind::Decode`] error that names it.
    ///
    /// A value that does not match `T` is a `Decode` error that names the JSON path of the
    /// value (`items[3].created: ...`).
    ///
    /// Not an `async fn`: one would keep the response in its state twice (once as its argument,
    /// once in the read), and this future is most of an operation's.
    pub fn json<T: DeserializeOwned>(
        self,
    ) -> impl Future<Output = Result<T, Error<E>>> + use<T, E> {
        let status = self.status();
        let essence = self
            .content_type()
            .map(|content_type| content_type.split(';').next().unwrap_or("").trim());
        let kind = match essence {
            None | Some("") => Body::Unlabelled,
            Some(text) if text.eq_ignore_ascii_case("text/plain") => Body::Text,
            Some(json) if is_json(json) => Body::Json,
            Some(other) => {
                // A hostile server can echo a credential in its Content-Type, too.
                let other = other.to_ascii_lowercase();
                let mut message = format!("expected a JSON body, got `{other}`");
                crate::secret::redact(&mut message, &self.client.secrets());
                let error = self.error(ErrorKind::Decode { status, message });
                return Either::Left(std::future::ready(Err(error)));
            }
        };
        Either::Right(self.read().map(move |read| {
            let (body, context) = read?;
            decode(kind, status, &body, &context)
        }))
    }

    /// The `data` of an enveloped answer (`{"data": ..., "error": ...}`): the body decoded as
    /// the envelope `Env`, then `data` takes its data out. A 2xx answer whose envelope holds no
    /// data but a non-null `error_field` is an [`ErrorKind::Status`] error with the 2xx status,
    /// its body typed as `E` where the operation documents one (its default response). The
    /// envelope is looked at as JSON only when it does not decode or holds no data.
    pub async fn data<Env, T>(
        self,
        error_field: &str,
        data: fn(Env) -> Option<T>,
    ) -> Result<T, Error<E>>
    where
        Env: DeserializeOwned,
        E: crate::OperationError,
    {
        let status = self.status();
        let (body, context) = self.read().await?;
        let decoded = serde_json::from_slice::<Env>(&body);
        let decode_error = match decoded {
            Ok(envelope) => match data(envelope) {
                Some(value) => return Ok(value),
                None => None,
            },
            Err(error) => Some(error),
        };
        let holds_error = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|json| json.get(error_field).cloned())
            .is_some_and(|error| !error.is_null());
        let mut raw = String::from_utf8_lossy(&body).into_owned();
        crate::secret::redact(&mut raw, &context.client.secrets());
        if holds_error {
            let body = crate::error::error_body::<E>(status, &raw);
            return Err(context.error(ErrorKind::Status { status, body, raw }));
        }
        let mut message = match decode_error {
            Some(error) => error.to_string(),
            None => "the envelope holds no data and no error".to_owned(),
        };
        crate::secret::redact(&mut message, &context.client.secrets());
        Err(context.error(ErrorKind::Decode { status, message }))
    }

    /// The body as text; a body that is not UTF-8 is a [`ErrorKind::Decode`] error.
    pub async fn text(self) -> Result<String, Error<E>> {
        let status = self.status();
        let (bytes, this) = self.read().await?;
        String::from_utf8(bytes.into()).map_err(|error| {
            this.error(ErrorKind::Decode {
                status,
                message: format!("the body is not UTF-8: {error}"),
            })
        })
    }

    /// The whole body in memory.
    pub async fn bytes(self) -> Result<Bytes, Error<E>> {
        let (method, route) = (self.method.clone(), self.route);
        self.response
            .bytes()
            .await
            .map_err(|error| Error::new(method, route, ErrorKind::Transport(error.without_url())))
    }

    /// For operations that document no body: reads and drops what the server sent (at most
    /// 64 KiB, so the connection can be reused; a longer body closes it).
    pub async fn empty(mut self) -> Result<(), Error<E>> {
        let mut read = 0;
        while read < crate::ERROR_BODY_LIMIT {
            match self.response.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                Ok(None) => break,
                Err(error) => return Err(self.error(ErrorKind::Transport(error.without_url()))),
            }
        }
        Ok(())
    }

    /// The body as a [`Download`]: a stream, or written to a file, in constant memory.
    pub fn download(self) -> Download<E> {
        Download { response: self }
    }

    /// Reads the whole body into one buffer ([`collect`]); returns the response's context
    /// with it, for errors.
    fn read(self) -> impl Future<Output = Result<(Bytes, Context<E>), Error<E>>> + use<E> {
        let Response {
            response,
            client,
            method,
            route,
            typed,
        } = self;
        let context = Context {
            client,
            method,
            route,
            typed,
        };
        collect(response).map(move |body| match body {
            Ok(body) => Ok((body, context)),
            Err(error) => Err(context.error(ErrorKind::Transport(error.without_url()))),
        })
    }
}

/// `body` decoded into `T` as [`Response::json`] describes.
fn decode<T: DeserializeOwned, E>(
    kind: Body,
    status: StatusCode,
    body: &[u8],
    context: &Context<E>,
) -> Result<T, Error<E>> {
    let as_text = || {
        std::str::from_utf8(body).ok().and_then(|text| {
            serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
        })
    };
    let as_json = || serde_json::from_slice(body);
    let decoded = match kind {
        Body::Json => as_json().ok(),
        Body::Text => as_text().or_else(|| as_json().ok()),
        Body::Unlabelled => as_json().ok().or_else(as_text),
    };
    if let Some(value) = decoded {
        return Ok(value);
    }
    // Tracking the path costs on every decode; only a failed one pays it.
    let error =
        serde_path_to_error::deserialize::<_, T>(&mut serde_json::Deserializer::from_slice(body))
            .err()
            .map(|error| {
                if error.path().to_string() == "." {
                    error.inner().to_string()
                } else {
                    format!("at `{}`: {}", error.path(), error.inner())
                }
            });
    let mut message =
        error.unwrap_or_else(|| "the body does not match the documented type".to_owned());
    crate::secret::redact(&mut message, &context.client.secrets());
    Err(context.error(ErrorKind::Decode { status, message }))
}

/// The whole body in one buffer sized from `Content-Length`; a body that arrives in one chunk
/// (most small ones) is kept where it is.
async fn collect(mut response: reqwest::Response) -> reqwest::Result<Bytes> {
    let capacity = response
        .content_length()
        .unwrap_or(0)
        .min(PREALLOCATION_LIMIT);
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let capacity = usize::try_from(capacity).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    drop((first, second));
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// What remains of a response once its body is read: enough to name an error.
struct Context<E> {
    client: Client,
    method: Method,
    route: &'static str,
    typed: PhantomData<fn() -> E>,
}

impl<E> Context<E> {
    fn error(&self, kind: ErrorKind<E>) -> Error<E> {
        let _ = self.typed;
        Error::new(self.method.clone(), Cow::Borrowed(self.route), kind)
    }
}

/// How a response body is labelled, for [`Response::json`].
enum Body {
    Json,
    Text,
    Unlabelled,
}

/// Whether a media type (without parameters, in any case) is JSON.
fn is_json(essence: &str) -> bool {
    let suffix = essence
        .len()
        .checked_sub("+json".len())
        .map(|at| &essence.as_bytes()[at..]);
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("text/json")
        || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case(b"+json"))
}

/// A response body that has not been read yet. Read it as a stream, into a writer or into a
/// file: memory use stays constant whatever its size. A body that ends early (shorter than its
/// `Content-Length`, or a chunked body cut off) is an error, never a shorter success.
///
/// ```no_run
/// # async fn run(download: specfleet_runtime::Download<serde_json::Value>) -> Result<(), specfleet_runtime::Error> {
/// let bytes_written = download.download_to("image.png").await?;
/// # let _ = bytes_written; Ok(()) }
/// ```
#[derive(Debug)]
pub struct Download<E> {
    response: Response<E>,
}

impl<E> Download<E> {
    /// The length the server announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.response.response.content_length()
    }

    /// The `Content-Type` the server sent, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.response.content_type()
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error<E>>> + Send + 'static {
        let Response {
            response,
            method,
            route,
            ..
        } = self.response;
        response.bytes_stream().map_err(move |error| {
            Error::new(
                method.clone(),
                route,
                ErrorKind::Transport(error.without_url()),
            )
        })
    }

    /// The whole body in memory; for small bodies only.
    pub async fn bytes(self) -> Result<Bytes, Error<E>> {
        self.response.bytes().await
    }

    /// Copies the body into `writer` and flushes it; returns the number of bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin>(self, writer: &mut W) -> Result<u64, Error<E>> {
        let (method, route) = (self.response.method.clone(), self.response.route);
        let io_error =
            |error: std::io::Error| Error::new(method.clone(), route, ErrorKind::Io(error));
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
    /// has arrived, so `path` never holds a partial file and an existing file there is kept
    /// until then; on failure the `.part` file is removed.
    pub async fn download_to(self, path: impl AsRef<Path>) -> Result<u64, Error<E>> {
        let target = path.as_ref();
        let partial = partial_path(target);
        let (method, route) = (self.response.method.clone(), self.response.route);
        let io_error =
            |error: std::io::Error| Error::new(method.clone(), route, ErrorKind::Io(error));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types() {
        for yes in [
            "application/json",
            "application/problem+json",
            "text/json",
            "Application/JSON",
            "application/vnd.api+JSON",
        ] {
            assert!(is_json(yes), "{yes}");
        }
        for no in [
            "text/plain",
            "text/html",
            "application/xml",
            "image/png",
            "json",
            "",
        ] {
            assert!(!is_json(no), "{no}");
        }
        assert_eq!(
            partial_path(Path::new("/tmp/a.tar.gz")),
            Path::new("/tmp/a.tar.gz.part")
        );
    }

    #[tokio::test]
    async fn a_credential_echoed_in_the_content_type_is_redacted() {
        use crate::{ApiKeyLocation, SchemeKind, SecurityScheme, Service};
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

        static SERVICE: Service = Service {
            name: "example",
            user_agent: "specfleet-example/0.1.0",
            base_url: "http://localhost",
            security_schemes: &[SecurityScheme {
                name: "key",
                kind: SchemeKind::ApiKey {
                    location: ApiKeyLocation::Header,
                    name: "X-Key",
                },
            }],
        };
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "text/k-123"))
            .mount(&server)
            .await;
        let client = Client::builder(&SERVICE)
            .base_url(server.uri())
            .api_key("k-123")
            .build()
            .expect("a client");

        let error = client
            .request(Method::GET, "/things")
            .security(&[&["key"]])
            .send::<serde_json::Value>()
            .await
            .expect("a 200")
            .json::<serde_json::Value>()
            .await
            .expect_err("not JSON");

        let shown = format!("{error} {error:?}");
        assert!(shown.contains("text/[redacted]"), "{shown}");
        assert!(!shown.contains("k-123"), "{shown}");
    }
}
