use std::error;
use std::fmt;

#[derive(Debug, Clone)]
pub struct ResponseContent<T> {
    pub status: reqwest::StatusCode,
    pub content: String,
    pub entity: Option<T>,
}

#[derive(Debug)]
pub enum Error<T> {
    Reqwest(reqwest::Error),
    ReqwestMiddleware(reqwest_middleware::Error),
    Serde(serde_json::Error),
    SerdePathToError(serde_path_to_error::Error<serde_json::Error>),
    Io(std::io::Error),
    ResponseError(ResponseContent<T>),
    InvalidPathParameter(InvalidPathParameter),
}

impl<T> fmt::Display for Error<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (module, e) = match self {
            Error::Reqwest(e) => ("reqwest", e.to_string()),
            Error::ReqwestMiddleware(e) => ("reqwest-middleware", e.to_string()),
            Error::Serde(e) => ("serde", e.to_string()),
            Error::SerdePathToError(e) => (
                "serde",
                format!("{}: {}", e.path().to_string(), e.inner().to_string()),
            ),
            Error::Io(e) => ("IO", e.to_string()),
            Error::ResponseError(e) => ("response", format!("status code {}", e.status)),
            Error::InvalidPathParameter(e) => ("request", e.to_string()),
        };
        write!(f, "error in {}: {}", module, e)
    }
}

impl<T: fmt::Debug> error::Error for Error<T> {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        Some(match self {
            Error::Reqwest(e) => e,
            Error::ReqwestMiddleware(e) => e,
            Error::Serde(e) => e,
            Error::SerdePathToError(e) => e,
            Error::Io(e) => e,
            Error::ResponseError(_) => return None,
            Error::InvalidPathParameter(e) => e,
        })
    }
}

impl<T> From<reqwest::Error> for Error<T> {
    fn from(e: reqwest::Error) -> Self {
        Error::Reqwest(e.without_url())
    }
}

impl<T> From<reqwest_middleware::Error> for Error<T> {
    fn from(e: reqwest_middleware::Error) -> Self {
        match e {
            reqwest_middleware::Error::Reqwest(e) => {
                Error::ReqwestMiddleware(reqwest_middleware::Error::Reqwest(e.without_url()))
            }
            e => Error::ReqwestMiddleware(e),
        }
    }
}

impl<T> From<serde_json::Error> for Error<T> {
    fn from(e: serde_json::Error) -> Self {
        Error::Serde(e)
    }
}

impl<T> From<serde_path_to_error::Error<serde_json::Error>> for Error<T> {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        Error::SerdePathToError(e)
    }
}

impl<T> From<InvalidPathParameter> for Error<T> {
    fn from(e: InvalidPathParameter) -> Self {
        Error::InvalidPathParameter(e)
    }
}

impl<T> From<std::io::Error> for Error<T> {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// A path parameter whose value cannot be sent as one path segment: URL parsing drops `.` and
/// `..` segments (even percent-encoded) and an empty one changes the route, so the request
/// would reach another resource. Nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPathParameter {
    /// The parameter's name in the spec.
    pub name: &'static str,
    /// The value that was refused.
    pub value: String,
}

impl fmt::Display for InvalidPathParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "path parameter `{}` cannot be {:?}: it would not reach the server as one path segment",
            self.name, self.value
        )
    }
}

impl error::Error for InvalidPathParameter {}

/// Encodes a path parameter as exactly one segment, or refuses it (see [`InvalidPathParameter`]).
pub fn path_segment<T: AsRef<str>>(
    name: &'static str,
    value: T,
) -> Result<String, InvalidPathParameter> {
    let value = value.as_ref();
    if matches!(value, "" | "." | "..") {
        return Err(InvalidPathParameter {
            name,
            value: value.to_owned(),
        });
    }
    Ok(urlencode(value))
}

/// Percent-encodes one path segment: everything but ASCII letters, digits and `*-._` is escaped.
pub fn urlencode<T: AsRef<str>>(s: T) -> String {
    let form_encoded: String =
        ::url::form_urlencoded::byte_serialize(s.as_ref().as_bytes()).collect();
    form_encoded.replace('+', "%20")
}

/// `name=value` for a `Cookie` header, the value percent-encoded where RFC 6265 does not allow
/// it as is (controls, space, `"`, `,`, `;`, `\`, non-ASCII) and `%` itself.
pub fn cookie_pair(name: &str, value: &str) -> String {
    let mut pair = format!("{name}=");
    for byte in value.bytes() {
        match byte {
            0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                pair.push(char::from(byte))
            }
            _ => pair.push_str(&format!("%{byte:02X}")),
        }
    }
    pair
}

/// Adds the cookie parameters that have a value to the request's `Cookie` header (one header,
/// pairs separated by `; `, after any cookie an API key put there).
pub fn with_cookies(
    mut req: reqwest::Request,
    cookies: &[(&str, Option<String>)],
) -> reqwest::Request {
    let mut pairs: Vec<String> = req
        .headers()
        .get(reqwest::header::COOKIE)
        .and_then(|existing| existing.to_str().ok())
        .map(|existing| vec![existing.to_owned()])
        .unwrap_or_default();
    pairs.extend(
        cookies
            .iter()
            .filter_map(|(name, value)| value.as_deref().map(|value| cookie_pair(name, value))),
    );
    // Every byte of the pairs is visible ASCII, so the value is always a valid header.
    if let Ok(value) = reqwest::header::HeaderValue::from_str(&pairs.join("; ")) {
        if !pairs.is_empty() {
            req.headers_mut().insert(reqwest::header::COOKIE, value);
        }
    }
    req
}

/// The Accept header for an operation: the JSON media type when it produces one (that is the
/// type the client decodes, and what the seed clients send), else every type it produces.
pub fn accept_header(produces: &[&str]) -> String {
    match produces
        .iter()
        .find(|media_type| media_type.contains("json"))
    {
        Some(json) => (*json).to_owned(),
        None => produces.join(", "),
    }
}

/// How many bytes of an error body are kept: enough for any diagnostic a server sends, and an
/// endless or huge error body cannot exhaust memory. The rest of the body is not read.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A hostile or wrong `Content-Length` must not make the client reserve memory up front beyond
/// this; bodies larger than it still arrive whole, the buffer just grows.
const PREALLOCATION_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads a whole success body into one buffer. Chunks are appended as they arrive and dropped,
/// so the body is held once (`text()` holds it twice: the bytes and a lossy UTF-8 copy).
pub async fn read_body(mut resp: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let capacity = resp.content_length().unwrap_or(0).min(PREALLOCATION_LIMIT);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = resp.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most [`ERROR_BODY_LIMIT`] bytes of an error body, decoded lossily: it is only shown
/// and decoded as an error entity, which a cut body will not be.
pub async fn read_error_body(mut resp: reqwest::Response) -> Result<String, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        let room = ERROR_BODY_LIMIT - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == ERROR_BODY_LIMIT {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

pub fn parse_deep_object(prefix: &str, value: &serde_json::Value) -> Vec<(String, String)> {
    if let serde_json::Value::Object(object) = value {
        let mut params = vec![];

        for (key, value) in object {
            match value {
                serde_json::Value::Object(_) => params.append(&mut parse_deep_object(
                    &format!("{}[{}]", prefix, key),
                    value,
                )),
                serde_json::Value::Array(array) => {
                    for (i, value) in array.iter().enumerate() {
                        params.append(&mut parse_deep_object(
                            &format!("{}[{}][{}]", prefix, key, i),
                            value,
                        ));
                    }
                }
                serde_json::Value::String(s) => {
                    params.push((format!("{}[{}]", prefix, key), s.clone()))
                }
                _ => params.push((format!("{}[{}]", prefix, key), value.to_string())),
            }
        }

        return params;
    }

    match value {
        serde_json::Value::String(s) => vec![(prefix.to_owned(), s.clone())],
        _ => vec![(prefix.to_owned(), value.to_string())],
    }
}

/// Internal use only
/// A content type supported by this client.
#[allow(dead_code)]
enum ContentType {
    Json,
    Text,
    Unsupported(String),
}

impl From<&str> for ContentType {
    fn from(content_type: &str) -> Self {
        if content_type.starts_with("application") && content_type.contains("json") {
            return Self::Json;
        } else if content_type.starts_with("text/plain") {
            return Self::Text;
        } else {
            return Self::Unsupported(content_type.to_string());
        }
    }
}

pub mod metadata_api;

pub mod configuration;
