//! Helpers the facade's integration tests share: recorded requests and their headers, query and
//! multipart parts, deterministic payloads and their checksum, broken servers, captured traces.
// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use wiremock::{MockServer, Request};

/// Every request the server received, in order.
pub(crate) async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

/// The one request the server received: a client that sent none, or several, fails here.
pub(crate) async fn only_request(server: &MockServer) -> Request {
    let mut requests = requests(server).await;
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

/// A header of a recorded request, which must be ASCII if present.
pub(crate) fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header"))
}

/// Deterministic bytes that no compression or pattern could fake (xorshift64), so that a
/// shifted or repeated chunk is caught.
pub(crate) fn noise(length: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(length + 8);
    while bytes.len() < length {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(length);
    bytes
}

/// FNV-1a, 64 bits: a checksum computed here, independent of the code under test.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) content: Vec<u8>,
}

impl Part {
    /// A text field.
    pub(crate) fn field(name: &str, value: &str) -> Self {
        Self {
            name: name.into(),
            file_name: None,
            content_type: None,
            content: value.as_bytes().to_vec(),
        }
    }

    /// The part's Content-Disposition, exactly as sent (the parser checks that it is this).
    pub(crate) fn disposition(&self) -> String {
        let mut disposition = format!("form-data; name=\"{}\"", self.name);
        if let Some(file_name) = &self.file_name {
            disposition.push_str(&format!("; filename=\"{file_name}\""));
        }
        disposition
    }
}

/// The parts of a recorded `multipart/form-data` request, in order (RFC 7578). Each part carries
/// only a Content-Disposition (a name, maybe a file name, nothing else) and maybe a Content-Type.
pub(crate) async fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header_value(request, "content-type").expect("a Content-Type");
    let boundary =
        multer::parse_boundary(content_type).expect("a multipart/form-data Content-Type");
    let mut multipart = multer::Multipart::with_reader(&request.body[..], boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        for name in field.headers().keys() {
            assert!(
                name == "content-disposition" || name == "content-type",
                "unexpected part header {name}"
            );
        }
        let raw = |name: &str| {
            field
                .headers()
                .get(name)
                .map(|value| value.to_str().expect("an ASCII part header").to_owned())
        };
        let disposition = raw("content-disposition").expect("a Content-Disposition");
        let content_type = raw("content-type");
        let name = field.name().expect("every part is named").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content = field.bytes().await.expect("a complete part").to_vec();
        let part = Part {
            name,
            file_name,
            content_type,
            content,
        };
        assert_eq!(disposition, part.disposition(), "unexpected disposition");
        parts.push(part);
    }
    parts
}

/// A port nothing listens on: a listener is bound to it and dropped, so connections are refused.
pub(crate) fn refused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("an address")
        .port()
}

/// A server for one request that answers 200 with `content_type`, announces `announced` bytes,
/// sends the first `sent` of [`noise`] and hangs up. Gives its base URL, and the thread that
/// serves, which ends with the request head it read.
pub(crate) fn truncating_server(
    announced: usize,
    sent: usize,
    content_type: &str,
) -> (String, JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("an address");
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {announced}\r\n\r\n"
    );
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let mut request = Vec::new();
        let mut byte = [0u8; 1];
        while !request.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).expect("the request head");
            request.push(byte[0]);
        }
        stream.write_all(head.as_bytes()).expect("the head");
        stream.write_all(&noise(sent)).expect("part of the body");
        stream.flush().expect("flushed");
        // Dropping the stream closes the connection mid-body.
        String::from_utf8_lossy(&request).into_owned()
    });
    (format!("http://{address}"), server)
}

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("not poisoned").clone()).expect("UTF-8")
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures every trace of this thread, spans included when they close, until the guard drops.
pub(crate) fn capture_traces() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
