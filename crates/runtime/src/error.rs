//! [`Error`]: the one error type of every operation of every generated crate.

use std::borrow::Cow;
use std::fmt;

use reqwest::{Method, StatusCode};

/// How many bytes of an error body are kept: enough for any diagnostic a server sends; the rest
/// is not read, so a huge or endless error body cannot exhaust memory.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What went wrong in a call, with the request that failed: its method and route template
/// (`/userfiles/{id}`), never its URL, whose query may hold a credential. `E` is the
/// operation's typed error body, the type its spec documents for error statuses.
///
/// ```
/// # fn show<E: std::fmt::Debug>(error: specfleet_runtime::Error<E>) {
/// match error.status() {
///     Some(status) if status.as_u16() == 404 => println!("not there: {error}"),
///     _ if error.is_retryable() => println!("try again later: {error}"),
///     _ => println!("failed: {error}"),
/// }
/// # }
/// ```
pub struct Error<E = serde_json::Value>(Box<Inner<E>>);

struct Inner<E> {
    method: Method,
    route: Cow<'static, str>,
    kind: ErrorKind<E>,
}

/// The failure itself. Non-exhaustive: new kinds may appear in minor releases.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// An argument that cannot be sent (a path value `..`, a header value with a line break);
    /// nothing was sent.
    InvalidArgument(String),
    /// The request could not be sent or the response could not be read: connection refused or
    /// reset, a timeout, a body cut short. The reqwest error has no URL.
    Transport(reqwest::Error),
    /// The server answered with a status outside 2xx.
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The body, typed where the spec documents one for this status.
        body: ErrorBody<E>,
        /// The body as text (lossy UTF-8), cut at [`ERROR_BODY_LIMIT`] bytes, credentials the
        /// server echoed replaced by `[redacted]`.
        raw: String,
    },
    /// A 2xx response whose body is not what the spec documents.
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// What did not match, with the JSON path of the value (`items[3].created: ...`).
        message: String,
    },
    /// Reading or writing a local file failed (uploads from a path, downloads to a file).
    Io(std::io::Error),
}

/// An error body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody<E> {
    /// The type the spec documents for the status (or for its default response).
    Typed(E),
    /// JSON the spec does not document for this status.
    Json(serde_json::Value),
    /// Any other body.
    Text(String),
    /// No body.
    Empty,
}

/// The typed error body of an operation: generated for each operation from the responses its
/// spec documents.
pub trait OperationError: Sized {
    /// The body decoded as the type documented for `status` (or for the default response);
    /// `None` when none is documented or the body does not match.
    fn from_response(status: StatusCode, body: &[u8]) -> Option<Self>;
}

/// An operation that documents no error body.
impl OperationError for serde_json::Value {
    fn from_response(_: StatusCode, _: &[u8]) -> Option<Self> {
        None
    }
}

impl<E> Error<E> {
    pub(crate) fn new(
        method: Method,
        route: impl Into<Cow<'static, str>>,
        kind: ErrorKind<E>,
    ) -> Error<E> {
        Error(Box::new(Inner {
            method,
            route: route.into(),
            kind,
        }))
    }

    /// What failed.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.0.kind
    }

    /// What failed, by value.
    pub fn into_kind(self) -> ErrorKind<E> {
        self.0.kind
    }

    /// The HTTP method of the failed request.
    pub fn method(&self) -> &Method {
        &self.0.method
    }

    /// The route template of the failed request (`/userfiles/{id}`).
    pub fn route(&self) -> &str {
        &self.0.route
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self.kind() {
            ErrorKind::Status { status, .. } | ErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error body, when the server answered with an error status.
    pub fn body(&self) -> Option<&ErrorBody<E>> {
        match self.kind() {
            ErrorKind::Status { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The typed error body, when the spec documents one for the status.
    pub fn typed(&self) -> Option<&E> {
        match self.body() {
            Some(ErrorBody::Typed(typed)) => Some(typed),
            _ => None,
        }
    }

    /// Whether the same call may succeed later: timeouts, refused connections, connections
    /// reset before or during the response, 408, 429, 502, 503 and 504. Whether it is *safe* to
    /// repeat depends on the operation; retry policies repeat only idempotent methods unless
    /// told otherwise.
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            ErrorKind::Status { status, .. } => is_retryable_status(*status),
            ErrorKind::Transport(error) => {
                error.is_timeout()
                    || error.is_connect()
                    || error.is_request()
                    || error.is_body()
                    || error.is_decode()
            }
            _ => false,
        }
    }

    /// The same error with the typed body mapped by `map` (for example into an enum of several
    /// operations' errors).
    pub fn map_typed<F>(self, map: impl FnOnce(E) -> F) -> Error<F> {
        let Inner {
            method,
            route,
            kind,
        } = *self.0;
        let kind = match kind {
            ErrorKind::Status { status, body, raw } => ErrorKind::Status {
                status,
                body: match body {
                    ErrorBody::Typed(typed) => ErrorBody::Typed(map(typed)),
                    ErrorBody::Json(json) => ErrorBody::Json(json),
                    ErrorBody::Text(text) => ErrorBody::Text(text),
                    ErrorBody::Empty => ErrorBody::Empty,
                },
                raw,
            },
            ErrorKind::InvalidArgument(message) => ErrorKind::InvalidArgument(message),
            ErrorKind::Transport(error) => ErrorKind::Transport(error),
            ErrorKind::Decode { status, message } => ErrorKind::Decode { status, message },
            ErrorKind::Io(error) => ErrorKind::Io(error),
        };
        Error::new(method, route, kind)
    }

    /// The same error without the typed body (it stays available as JSON in the raw text).
    pub fn untyped(self) -> Error {
        let Inner {
            method,
            route,
            kind,
        } = *self.0;
        let kind = match kind {
            ErrorKind::Status { status, body, raw } => ErrorKind::Status {
                status,
                body: match body {
                    ErrorBody::Typed(_) => raw_body(&raw),
                    ErrorBody::Json(json) => ErrorBody::Json(json),
                    ErrorBody::Text(text) => ErrorBody::Text(text),
                    ErrorBody::Empty => ErrorBody::Empty,
                },
                raw,
            },
            ErrorKind::InvalidArgument(message) => ErrorKind::InvalidArgument(message),
            ErrorKind::Transport(error) => ErrorKind::Transport(error),
            ErrorKind::Decode { status, message } => ErrorKind::Decode { status, message },
            ErrorKind::Io(error) => ErrorKind::Io(error),
        };
        Error::new(method, route, kind)
    }
}

pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The body of an error status: typed where `E` knows the status, else JSON or text.
pub(crate) fn error_body<E: OperationError>(status: StatusCode, raw: &str) -> ErrorBody<E> {
    match E::from_response(status, raw.as_bytes()) {
        Some(typed) => ErrorBody::Typed(typed),
        None => raw_body(raw),
    }
}

fn raw_body<E>(raw: &str) -> ErrorBody<E> {
    if raw.trim().is_empty() {
        return ErrorBody::Empty;
    }
    match serde_json::from_str(raw) {
        Ok(json) => ErrorBody::Json(json),
        Err(_) => ErrorBody::Text(raw.to_owned()),
    }
}

/// A short summary of an error body for `Display`: the message it carries, if any (see
/// [`json_message`]), else the start of its text.
fn summary(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return json_message(&json, 3);
    }
    let mut end = trimmed.len().min(200);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    Some(trimmed[..end].to_owned())
}

/// The message of a JSON error body: a string under `error`, `message`, `detail`,
/// `error_description` or `msg`, else the message of what its `error`, `errors` or `detail`
/// holds (of the first item of a list), down to `depth` levels. That covers the shapes of the
/// services we know: `{"error": "..."}`, rokka's `{"error": {"message": "..."}}`, FastAPI's
/// `{"detail": [{"msg": "..."}]}` and o²S²PARC's `{"error": {"errors": [{"message": "..."}]}}`.
fn json_message(value: &serde_json::Value, depth: usize) -> Option<String> {
    let value = match value {
        serde_json::Value::Array(items) => items.first()?,
        other => other,
    };
    let own = ["error", "message", "detail", "error_description", "msg"]
        .iter()
        .find_map(|key| value.get(key).and_then(serde_json::Value::as_str))
        .map(str::to_owned);
    if own.is_some() || depth == 0 {
        return own;
    }
    ["error", "errors", "detail"].iter().find_map(|key| {
        value
            .get(key)
            .and_then(|inner| json_message(inner, depth - 1))
    })
}

impl<E> fmt::Display for ErrorKind<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
            ErrorKind::Transport(error) => write!(f, "{error}"),
            ErrorKind::Status { status, raw, .. } => {
                write!(f, "the server answered {status}")?;
                match summary(raw) {
                    Some(message) if !message.is_empty() => write!(f, ": {message}"),
                    _ => Ok(()),
                }
            }
            ErrorKind::Decode { status, message } => {
                write!(f, "the {status} response does not match the API: {message}")
            }
            ErrorKind::Io(error) => write!(f, "{error}"),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.route.is_empty() {
            // Failed before any request, for example while building a client.
            return write!(f, "{}", self.0.kind);
        }
        write!(f, "{} {}: {}", self.0.method, self.0.route, self.0.kind)
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("method", &self.0.method)
            .field("route", &self.0.route)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Transport(error) => Some(error),
            ErrorKind::Io(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct NotFound(String);

    impl OperationError for NotFound {
        fn from_response(status: StatusCode, body: &[u8]) -> Option<Self> {
            (status == StatusCode::NOT_FOUND)
                .then(|| NotFound(String::from_utf8_lossy(body).into_owned()))
        }
    }

    #[test]
    fn bodies_are_typed_by_status_and_summarised() {
        let raw = r#"{"error": {"code": 404, "message": "no such image"}}"#;
        let body = error_body::<NotFound>(StatusCode::NOT_FOUND, raw);
        assert_eq!(body, ErrorBody::Typed(NotFound(raw.to_owned())));
        let error = Error::new(
            Method::GET,
            "/sourceimages/{organization}",
            ErrorKind::Status {
                status: StatusCode::NOT_FOUND,
                body,
                raw: raw.to_owned(),
            },
        );
        assert_eq!(
            error.to_string(),
            "GET /sourceimages/{organization}: the server answered 404 Not Found: no such image"
        );
        assert_eq!(error.typed(), Some(&NotFound(raw.to_owned())));
        assert!(!error.is_retryable());
        let untyped = error.untyped();
        assert!(matches!(untyped.body(), Some(ErrorBody::Json(_))));

        for (body, message) in [
            (
                r#"{"detail": [{"loc": ["query", "size"], "msg": "too large"}]}"#,
                "too large",
            ),
            (
                r#"{"data": null, "error": {"logs": [], "errors": [{"code": "E", "message": "gone"}]}}"#,
                "gone",
            ),
            (
                r#"{"message": "", "error": "already running"}"#,
                "already running",
            ),
        ] {
            assert_eq!(summary(body).as_deref(), Some(message), "{body}");
        }
        assert_eq!(summary(r#"{"code": 7}"#), None);

        let other = error_body::<NotFound>(StatusCode::SERVICE_UNAVAILABLE, "down for maintenance");
        assert_eq!(other, ErrorBody::Text("down for maintenance".to_owned()));
        assert_eq!(
            error_body::<NotFound>(StatusCode::BAD_GATEWAY, " "),
            ErrorBody::Empty
        );
    }
}
