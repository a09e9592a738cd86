//! Helpers the service modules share: a catch-all mock server, requests rendered as snapshot text,
//! snapshot naming, and upload files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Asserts a snapshot of the one request the server received, named `<service>__<name>`.
macro_rules! assert_request_snapshot {
    ($name:expr, $server:expr) => {{
        let rendered =
            $crate::support::render_request(&$crate::support::only_request($server).await).await;
        $crate::support::with_service_snapshot_name!($name, |name| insta::assert_snapshot!(
            name, rendered
        ));
    }};
}

/// Asserts a snapshot of a decoded value (its pretty `Debug`), named `<service>__<name>`.
macro_rules! assert_decoded_snapshot {
    ($name:expr, $value:expr) => {{
        let value = $value;
        $crate::support::with_service_snapshot_name!($name, |name| insta::assert_debug_snapshot!(
            name, value
        ));
    }};
}

/// Runs an insta assertion under the name `<service>__<name>`, where the service is the calling
/// module (`wire::rokka` gives `rokka__...`): one naming chain from spec to snapshot file.
macro_rules! with_service_snapshot_name {
    ($name:expr, |$bound:ident| $assertion:expr) => {{
        let service = module_path!().rsplit("::").next().unwrap_or_default();
        let $bound = format!("{service}__{}", $name);
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            $assertion;
        });
    }};
}

pub(crate) use {assert_decoded_snapshot, assert_request_snapshot, with_service_snapshot_name};

/// A mock server that answers every request with `response`.
pub(crate) async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The one request the server received: a client that sent none, or several, fails here.
pub(crate) async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.remove(0)
}

/// Headers left out of snapshots: the host carries the mock server's random port, and the user
/// agent the crate version (asserted once per service instead).
const UNSTABLE_HEADERS: &[&str] = &["host", "user-agent"];

/// A request as snapshot text: the request line with the path and query exactly as sent, the
/// headers sorted by name, then the body (JSON pretty-printed, multipart part by part with the
/// boundary normalised, anything else as text with non-UTF-8 bytes escaped).
pub(crate) async fn render_request(request: &Request) -> String {
    let mut text = format!("{} {}", request.method, request.url.path());
    if let Some(query) = request.url.query() {
        write!(text, "?{query}").expect("writing to a String");
    }
    text.push('\n');
    let content_type = header(request, "content-type");
    let boundary = content_type
        .as_deref()
        .and_then(|value| multer::parse_boundary(value).ok());
    let mut headers: Vec<_> = request
        .headers
        .iter()
        .filter(|(name, _)| !UNSTABLE_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            let value = match &boundary {
                Some(boundary) => value.replace(boundary.as_str(), "BOUNDARY"),
                None => value,
            };
            format!("{name}: {value}")
        })
        .collect();
    headers.sort();
    for line in headers {
        writeln!(text, "{line}").expect("writing to a String");
    }
    if request.body.is_empty() {
        return text;
    }
    text.push('\n');
    match content_type.as_deref() {
        Some(kind) if kind.contains("json") => {
            match serde_json::from_slice::<serde_json::Value>(&request.body) {
                Ok(json) => text
                    .push_str(&serde_json::to_string_pretty(&json).expect("JSON values serialise")),
                Err(_) => text.push_str(&printable(&request.body)),
            }
        }
        Some(kind) if kind.starts_with("multipart/form-data") => {
            for part in multipart_parts(request).await {
                writeln!(text, "--BOUNDARY\n{part}").expect("writing to a String");
            }
            text.push_str("--BOUNDARY--");
        }
        _ => text.push_str(&printable(&request.body)),
    }
    text.push('\n');
    text
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Bytes as text: UTF-8 as it is, anything else escaped byte by byte.
pub(crate) fn printable(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.escape_ascii().to_string(),
    }
}

/// The decoded query pairs of a recorded request, in order.
pub(crate) fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) content: Vec<u8>,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "name: {}", self.name)?;
        if let Some(file_name) = &self.file_name {
            write!(f, "\nfilename: {file_name}")?;
        }
        if let Some(content_type) = &self.content_type {
            write!(f, "\ncontent-type: {content_type}")?;
        }
        write!(f, "\n\n{}", printable(&self.content))
    }
}

/// The parts of a recorded `multipart/form-data` request, in order.
pub(crate) async fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("a Content-Type");
    let boundary =
        multer::parse_boundary(&content_type).expect("a multipart/form-data Content-Type");
    let mut multipart = multer::Multipart::with_reader(&request.body[..], boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        let name = field.name().expect("every part is named").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let content = field.bytes().await.expect("a complete part").to_vec();
        parts.push(Part {
            name,
            file_name,
            content_type,
            content,
        });
    }
    parts
}

/// A file with a fixed name in a fresh temp directory (so snapshots see the same file name on
/// every run), removed with the directory when dropped.
pub(crate) struct TempFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempFile {
    pub(crate) fn new(name: &str, contents: &[u8]) -> Self {
        let dir = tempfile::tempdir().expect("a temp directory");
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("a writable temp directory");
        Self { _dir: dir, path }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The file name the client puts in the part's Content-Disposition.
    pub(crate) fn name(&self) -> String {
        self.path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned()
    }
}
