//! Helpers the service modules share: reading recorded requests and making upload files.

use std::path::Path;

use wiremock::{MockServer, Request};

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

/// The decoded query pairs of a recorded request, in order.
pub(crate) fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// One part of a `multipart/form-data` body, as named in its Content-Disposition.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content: Vec<u8>,
}

/// The parts of a recorded `multipart/form-data` request, in order.
pub(crate) async fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = request.headers["content-type"]
        .to_str()
        .expect("an ASCII Content-Type");
    let boundary =
        multer::parse_boundary(content_type).expect("a multipart/form-data Content-Type");
    let mut multipart = multer::Multipart::with_reader(&request.body[..], boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        let name = field.name().expect("every part is named").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content = field.bytes().await.expect("a complete part").to_vec();
        parts.push(Part {
            name,
            file_name,
            content,
        });
    }
    parts
}

/// A file under the system temp directory, removed when dropped.
pub(crate) struct TempFile(tempfile::NamedTempFile);

impl TempFile {
    pub(crate) fn new(prefix: &str, contents: &[u8]) -> Self {
        let file = tempfile::Builder::new()
            .prefix(prefix)
            .suffix(".bin")
            .tempfile()
            .expect("a temp file");
        std::fs::write(file.path(), contents).expect("a writable temp directory");
        Self(file)
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.path()
    }

    /// The file name the client puts in the part's Content-Disposition.
    pub(crate) fn name(&self) -> String {
        self.path()
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned()
    }
}
