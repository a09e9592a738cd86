//! [`Error`]: the one error type of every facade call, whichever service and whatever failed.

use std::fmt;

use reqwest::{Method, StatusCode};

/// How many bytes of an unexpected error body an [`Error`] keeps; the rest is dropped so a huge
/// or endless body cannot exhaust memory.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What went wrong in a call, with the request that failed (method and path, never the query,
/// which may hold a token) and whether trying again may help.
///
/// ```
/// # fn show(error: specfleet::Error) {
/// match error.status() {
///     Some(status) if status.as_u16() == 404 => println!("not there: {error}"),
///     _ if error.is_retryable() => println!("try again later: {error}"),
///     _ => println!("failed: {error}"),
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct Error(Box<Inner>);

/// Boxed so that `Result<T, Error>` stays one pointer wide on the error side.
#[derive(Debug)]
struct Inner {
    method: Method,
    path: String,
    kind: ErrorKind,
}

/// The failure itself. Non-exhaustive: new kinds may appear in minor releases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with a status outside 2xx.
    #[error("the server answered {status}{}", body.summary())]
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The body, decoded as the type the spec documents for this status where it does.
        body: ErrorBody,
    },
    /// The request could not be sent or the response could not be read: connection refused or
    /// reset, a timeout, a body cut short.
    #[error("{0}")]
    Transport(#[source] reqwest::Error),
    /// A middleware failed before or after the request (for example retries ran out).
    #[error("{0}")]
    Middleware(String),
    /// A 2xx response whose body is not what the spec documents.
    #[error("the response does not match the API: {0}")]
    Decode(String),
    /// An argument that cannot be sent, such as a path parameter `..`; nothing was sent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// Reading or writing a local file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// An error body. Typed where the spec documents the body for the status, else kept raw.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// SFTPGo's `ApiResponse`.
    #[cfg(feature = "sftpgo")]
    Sftpgo(specfleet_sftpgo::models::ApiResponse),
    /// o²S²PARC storage's `ErrorEnveloped`.
    #[cfg(feature = "osparc-storage")]
    OsparcStorage(specfleet_osparc_storage::models::ErrorEnveloped),
    /// Quantum Inspire's 422 `HTTPValidationError`.
    #[cfg(feature = "qi-compute")]
    QiValidation(specfleet_qi_compute::models::HttpValidationError),
    /// Quantum Inspire's 404 `HTTPNotFoundError`.
    #[cfg(feature = "qi-compute")]
    QiNotFound(specfleet_qi_compute::models::HttpNotFoundError),
    /// A JSON body the spec does not document for this status.
    Json(serde_json::Value),
    /// Any other body, cut at [`ERROR_BODY_LIMIT`] bytes.
    Text(String),
    /// No body.
    Empty,
}

impl ErrorBody {
    /// The raw body of an undocumented error: JSON when it parses, else (bounded) text.
    pub(crate) fn raw(content: &str) -> ErrorBody {
        if content.trim().is_empty() {
            return ErrorBody::Empty;
        }
        match serde_json::from_str(content) {
            Ok(json) => ErrorBody::Json(json),
            Err(_) => ErrorBody::Text(truncate(content, ERROR_BODY_LIMIT).to_owned()),
        }
    }

    /// A short human-readable summary for `Display`: the message a body carries, if any.
    fn summary(&self) -> String {
        let message: Option<String> = match self {
            #[cfg(feature = "sftpgo")]
            ErrorBody::Sftpgo(body) => body.error.clone().or_else(|| body.message.clone()),
            #[cfg(feature = "osparc-storage")]
            ErrorBody::OsparcStorage(body) => body
                .error
                .errors
                .as_ref()
                .and_then(|errors| errors.first())
                .map(|item| item.message.clone()),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiValidation(body) => body
                .detail
                .as_ref()
                .and_then(|detail| detail.first())
                .map(|item| item.msg.clone()),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiNotFound(body) => Some(body.detail.clone()),
            // `{"error": "..."}`, `{"message": "..."}`, `{"detail": "..."}`, or one level down,
            // as in rokka's `{"error": {"code": 404, "message": "..."}}`.
            ErrorBody::Json(json) => {
                let text = |value: &serde_json::Value| {
                    ["error", "message", "detail"]
                        .iter()
                        .find_map(|key| value.get(key).and_then(serde_json::Value::as_str))
                        .map(str::to_owned)
                };
                text(json).or_else(|| json.get("error").and_then(text))
            }
            ErrorBody::Text(text) => Some(truncate(text.trim(), 200).to_owned()),
            ErrorBody::Empty => None,
        };
        match message {
            Some(message) if !message.is_empty() => format!(": {message}"),
            _ => String::new(),
        }
    }
}

/// At most `limit` bytes of `text`, cut at a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Error {
    pub(crate) fn new(method: Method, path: impl Into<String>, kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            method,
            path: path.into(),
            kind,
        }))
    }

    /// What failed.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The HTTP method of the failed request.
    pub fn method(&self) -> &Method {
        &self.0.method
    }

    /// The path of the failed request, without the query.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self.kind() {
            ErrorKind::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error body, when the server answered with one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self.kind() {
            ErrorKind::Status { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the same call may succeed later: timeouts, refused connections, connections
    /// reset before or during the response body, 408, 429, 502, 503 and 504. Whether it is *safe* to repeat depends on the operation; the
    /// client's retry policy only repeats idempotent ones unless told otherwise.
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            ErrorKind::Status { status, .. } => is_retryable_status(*status),
            ErrorKind::Transport(error) => {
                // Reading a body chunk that fails is reported as a decode error by reqwest;
                // without its decompression features that is all a decode error can be.
                error.is_timeout()
                    || error.is_connect()
                    || error.is_request()
                    || error.is_body()
                    || error.is_decode()
            }
            _ => false,
        }
    }
}

pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            // Failed before any request, e.g. while building a client.
            return write!(f, "{}", self.0.kind);
        }
        write!(f, "{} {}: {}", self.0.method, self.0.path, self.0.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0.kind)
    }
}

/// A transport error without its URL: reqwest prints the full URL, query included, and CBRAIN
/// sends its token in the query.
pub(crate) fn transport(error: reqwest::Error) -> ErrorKind {
    ErrorKind::Transport(error.without_url())
}

/// What kind of failure a middleware error is, for logs that must not carry the error's text
/// (reqwest's includes the URL, and with it CBRAIN's query token).
pub(crate) fn failure_class(error: &reqwest_middleware::Error) -> &'static str {
    match error {
        reqwest_middleware::Error::Reqwest(error) if error.is_timeout() => "timeout",
        reqwest_middleware::Error::Reqwest(error) if error.is_connect() => "connect",
        reqwest_middleware::Error::Reqwest(error) if error.is_body() || error.is_decode() => "body",
        reqwest_middleware::Error::Reqwest(_) => "request",
        reqwest_middleware::Error::Middleware(_) => "middleware",
    }
}

pub(crate) fn middleware(error: reqwest_middleware::Error) -> ErrorKind {
    match error {
        reqwest_middleware::Error::Reqwest(error) => transport(error),
        reqwest_middleware::Error::Middleware(error) => ErrorKind::Middleware(format!("{error:#}")),
    }
}

/// Credentials a server echoes back, replaced in the errors of the services that have any
/// (o²S²PARC storage has none).
#[cfg(any(
    feature = "sftpgo",
    feature = "qi-compute",
    feature = "rokka",
    feature = "cbrain"
))]
mod redaction {
    use super::{Error, ErrorBody, ErrorKind};

    impl Error {
        /// The same error with every occurrence of each non-empty secret in text a server
        /// chose (error bodies, decode and middleware messages) replaced by `[redacted]`: a
        /// hostile or careless server that echoes a credential back must not get it into logs.
        pub(crate) fn redact(mut self, secrets: &[Option<&str>]) -> Error {
            let secrets: Vec<&str> = secrets
                .iter()
                .flatten()
                .copied()
                .filter(|secret| !secret.is_empty())
                .collect();
            if secrets.is_empty() {
                return self;
            }
            redact_text(&mut self.0.path, &secrets);
            match &mut self.0.kind {
                ErrorKind::Status { body, .. } => body.redact(&secrets),
                ErrorKind::Middleware(message)
                | ErrorKind::Decode(message)
                | ErrorKind::InvalidArgument(message) => redact_text(message, &secrets),
                // reqwest's errors lost their URL; neither they nor I/O errors hold server text.
                ErrorKind::Transport(_) | ErrorKind::Io(_) => {}
            }
            self
        }
    }

    impl ErrorBody {
        /// The body with every occurrence of a secret replaced; see [`Error::redact`]. A typed
        /// body is redacted through its JSON form and stays typed when it still decodes.
        fn redact(&mut self, secrets: &[&str]) {
            match self {
                ErrorBody::Json(json) => redact_json(json, secrets),
                ErrorBody::Text(text) => redact_text(text, secrets),
                ErrorBody::Empty => {}
                #[allow(unreachable_patterns)]
                typed => {
                    let Some(mut json) = typed_json(typed) else {
                        return;
                    };
                    let original = json.clone();
                    redact_json(&mut json, secrets);
                    if json != original {
                        *typed = retyped(typed, json);
                    }
                }
            }
        }
    }

    /// What a secret is replaced with in server-sent text, as [`Secret`](crate::Secret) displays.
    const REDACTED: &str = "[redacted]";

    fn redact_text(text: &mut String, secrets: &[&str]) {
        for secret in secrets {
            if text.contains(secret) {
                *text = text.replace(secret, REDACTED);
            }
        }
    }

    /// Redacts every string and every object key of `json`.
    fn redact_json(json: &mut serde_json::Value, secrets: &[&str]) {
        match json {
            serde_json::Value::String(text) => redact_text(text, secrets),
            serde_json::Value::Array(items) => {
                for item in items {
                    redact_json(item, secrets);
                }
            }
            serde_json::Value::Object(object) => {
                for (mut key, mut value) in std::mem::take(object) {
                    redact_text(&mut key, secrets);
                    redact_json(&mut value, secrets);
                    object.insert(key, value);
                }
            }
            _ => {}
        }
    }

    /// A typed body as JSON; `None` for the raw ones.
    fn typed_json(body: &ErrorBody) -> Option<serde_json::Value> {
        match body {
            #[cfg(feature = "sftpgo")]
            ErrorBody::Sftpgo(body) => serde_json::to_value(body).ok(),
            #[cfg(feature = "osparc-storage")]
            ErrorBody::OsparcStorage(body) => serde_json::to_value(body).ok(),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiValidation(body) => serde_json::to_value(body).ok(),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiNotFound(body) => serde_json::to_value(body).ok(),
            _ => None,
        }
    }

    /// The redacted JSON of a typed body as the same type, or raw JSON when it no longer decodes.
    fn retyped(typed: &ErrorBody, json: serde_json::Value) -> ErrorBody {
        let decoded: Option<ErrorBody> = match typed {
            #[cfg(feature = "sftpgo")]
            ErrorBody::Sftpgo(_) => serde_json::from_value(json.clone())
                .ok()
                .map(ErrorBody::Sftpgo),
            #[cfg(feature = "osparc-storage")]
            ErrorBody::OsparcStorage(_) => serde_json::from_value(json.clone())
                .ok()
                .map(ErrorBody::OsparcStorage),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiValidation(_) => serde_json::from_value(json.clone())
                .ok()
                .map(ErrorBody::QiValidation),
            #[cfg(feature = "qi-compute")]
            ErrorBody::QiNotFound(_) => serde_json::from_value(json.clone())
                .ok()
                .map(ErrorBody::QiNotFound),
            _ => None,
        };
        decoded.unwrap_or(ErrorBody::Json(json))
    }
}

/// Converts a generated crate's `apis::Error<T>` (every generated crate has the same shape; the
/// service module brings its `Error` into scope) into an [`ErrorKind`]. `$typed` is a
/// `fn(StatusCode, serde_json::Value) -> Option<ErrorBody>` that decodes the body as the type the
/// spec documents for the status, given the generated entity as JSON.
macro_rules! from_generated {
    ($error:expr, $typed:expr) => {{
        use $crate::error::{ErrorBody, ErrorKind};
        match $error {
            Error::Reqwest(error) => $crate::error::transport(error),
            Error::ReqwestMiddleware(error) => $crate::error::middleware(error),
            Error::Serde(error) => ErrorKind::Decode(error.to_string()),
            Error::SerdePathToError(error) => {
                ErrorKind::Decode(format!("at `{}`: {}", error.path(), error.inner()))
            }
            Error::Io(error) => ErrorKind::Io(error),
            Error::InvalidPathParameter(error) => ErrorKind::InvalidArgument(error.to_string()),
            Error::ResponseError(response) => {
                let typed: Option<ErrorBody> = response
                    .entity
                    .and_then(|entity| serde_json::to_value(entity).ok())
                    .and_then(|entity| $typed(response.status, entity));
                ErrorKind::Status {
                    status: response.status,
                    body: typed.unwrap_or_else(|| ErrorBody::raw(&response.content)),
                }
            }
        }
    }};
}
pub(crate) use from_generated;

/// The credentials a generated crate's `Configuration` holds, for `Error::redact`.
#[cfg(any(
    feature = "sftpgo",
    feature = "qi-compute",
    feature = "rokka",
    feature = "cbrain"
))]
macro_rules! configured_secrets {
    ($configuration:expr) => {{
        let configuration = $configuration;
        [
            configuration.api_key.as_ref().map(|key| key.key.as_str()),
            configuration.bearer_access_token.as_deref(),
            configuration.oauth_access_token.as_deref(),
            configuration
                .basic_auth
                .as_ref()
                .and_then(|(_, password)| password.as_deref()),
        ]
    }};
}
#[cfg(any(
    feature = "sftpgo",
    feature = "qi-compute",
    feature = "rokka",
    feature = "cbrain"
))]
pub(crate) use configured_secrets;
