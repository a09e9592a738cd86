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

/// The one request of a test that expects exactly one (from a mock server's
/// `received_requests()`).
pub(crate) fn only_request(mut requests: Vec<Request>) -> Request {
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

thread_local! {
    /// Where this thread's traces go while a [`capture_traces`] guard lives.
    static CAPTURING: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// The writer of the one subscriber: this thread's [`Captured`], if it captures, else nothing.
struct ThisThread;

impl Write for ThisThread {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURING.with(|capturing| match &mut *capturing.borrow_mut() {
            Some(captured) => captured.write(bytes),
            None => Ok(bytes.len()),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Stops the capture of this thread's traces when dropped.
pub(crate) struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURING.with(|capturing| capturing.borrow_mut().take());
    }
}

/// Captures every trace of this thread, spans included when they close, until the guard drops.
///
/// One global subscriber serves every test of the binary, each thread's traces going to its own
/// capture. A subscriber per test (`set_default`) is not enough when tests run as threads of
/// one process: `tracing` caches per call site whether any subscriber wants it, and a call site
/// first reached by another test while this one's subscriber registers can stay cached as
/// unwanted (the trace tests failed about one run in two under `cargo test`).
pub(crate) fn capture_traces() -> (Captured, CaptureGuard) {
    static GLOBAL: std::sync::Once = std::sync::Once::new();
    GLOBAL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(|| ThisThread)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
    });
    // A call site whose first use raced with the line above is asked again.
    tracing::callsite::rebuild_interest_cache();
    let captured = Captured::default();
    CAPTURING.with(|capturing| *capturing.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard(()))
}

/// Where an endless body gives up: far more than a client that stops at its limit ever gets
/// through the socket buffers, little enough for a client that reads it all to survive.
pub(crate) const ENDLESS_CAP: usize = 256 * 1024 * 1024;

/// What a [`RawServer`] does with one connection: answer, or misbehave in one precise way.
#[derive(Debug, Clone)]
pub(crate) enum Fault {
    /// A complete answer (with `Connection: close`), after reading the whole request.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Part of the status line and headers, then a reset (RST).
    ResetInHead,
    /// A 200 head announcing `announced` bytes, the first `sent` of them, then a reset (RST).
    ResetInBody { announced: usize, sent: usize },
    /// Never answers, and keeps the connection open.
    Stall,
    /// A 200 head announcing `announced` bytes, the first `sent` of them, then a clean close.
    ShortBody { announced: usize, sent: usize },
    /// A 200 chunked body: `sent` bytes in chunks, then a clean close without the last chunk.
    ChunkedCut { sent: usize },
    /// `status` and a chunked text body that never ends: it stops only when the client hangs up.
    Endless { status: u16 },
    /// `status`, a head announcing `body`, then the body one byte every `every`.
    Trickle {
        status: u16,
        body: Vec<u8>,
        every: std::time::Duration,
    },
}

impl Fault {
    /// A complete JSON answer.
    pub(crate) fn json(status: u16, body: &serde_json::Value) -> Fault {
        Fault::Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// The same answer with another `Content-Type`.
    pub(crate) fn with_content_type(self, content_type: &str) -> Fault {
        match self {
            Fault::Answer {
                status,
                mut headers,
                body,
            } => {
                headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
                headers.push(("Content-Type".into(), content_type.into()));
                Fault::Answer {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    /// A complete answer with one extra header and a text body.
    pub(crate) fn text(status: u16, header: Option<(&str, &str)>, body: &str) -> Fault {
        let mut headers = vec![("Content-Type".to_owned(), "text/plain".to_owned())];
        headers.extend(header.map(|(name, value)| (name.to_owned(), value.to_owned())));
        Fault::Answer {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A raw HTTP/1.1 server on 127.0.0.1 that treats connection `n` as `faults[n]` (the last fault
/// repeats), and records every request head it read. Misbehaviour that a well-behaved HTTP server
/// (such as wiremock's) cannot produce: resets, stalls, bodies cut short, endless bodies, trickles.
pub(crate) struct RawServer {
    pub(crate) url: String,
    faults: Arc<Mutex<Vec<Fault>>>,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<std::sync::atomic::AtomicUsize>,
    endless_written: Arc<std::sync::atomic::AtomicUsize>,
}

impl RawServer {
    pub(crate) async fn start(faults: Vec<Fault>) -> RawServer {
        use std::sync::atomic::{AtomicUsize, Ordering};
        assert!(!faults.is_empty(), "at least one fault");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let faults = Arc::new(Mutex::new(faults));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let endless_written = Arc::new(AtomicUsize::new(0));
        let server = RawServer {
            url,
            faults: faults.clone(),
            heads: heads.clone(),
            connections: connections.clone(),
            endless_written: endless_written.clone(),
        };
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = connections.fetch_add(1, Ordering::SeqCst);
                let fault = {
                    let faults = faults.lock().expect("not poisoned");
                    faults[index.min(faults.len() - 1)].clone()
                };
                let (heads, written) = (heads.clone(), endless_written.clone());
                tokio::spawn(serve_one(stream, fault, heads, written));
            }
        });
        server
    }

    /// Bytes of endless bodies written, over all connections: a client that stops reading at its
    /// limit leaves this near the limit plus what the socket buffers hold.
    pub(crate) fn endless_written(&self) -> usize {
        self.endless_written
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// From now on, treats the next connection as `faults[0]` and so on, and counts connections
    /// from zero again: one server (and so one client) for a series of faults.
    pub(crate) fn set(&self, faults: Vec<Fault>) {
        assert!(!faults.is_empty(), "at least one fault");
        *self.faults.lock().expect("not poisoned") = faults;
        self.connections
            .store(0, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many connections the server accepted.
    pub(crate) fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The request heads (request line and headers) received, in order.
    pub(crate) fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("not poisoned").clone()
    }

    /// The raw request target (path and query, as sent) of every request received.
    pub(crate) fn targets(&self) -> Vec<String> {
        self.heads()
            .iter()
            .map(|head| head.split(' ').nth(1).unwrap_or_default().to_owned())
            .collect()
    }
}

/// Reads one request (head and body) off `stream`; `None` if the client hung up first.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let lower = head.to_ascii_lowercase();
    let length: usize = lower
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let chunked = lower.contains("transfer-encoding: chunked");
    // Reads the body too: closing a socket with unread data would send a reset of its own.
    loop {
        let body = &buffer[head_end..];
        let complete = if chunked {
            body.ends_with(b"0\r\n\r\n")
        } else {
            body.len() >= length
        };
        if complete {
            break;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(head)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

async fn serve_one(
    mut stream: tokio::net::TcpStream,
    fault: Fault,
    heads: Arc<Mutex<Vec<String>>>,
    endless_written: Arc<std::sync::atomic::AtomicUsize>,
) {
    use tokio::io::AsyncWriteExt;
    let Some(head) = read_request(&mut stream).await else {
        return;
    };
    heads.lock().expect("not poisoned").push(head);
    // Write errors end the connection: the client may hang up at any time, which is the point.
    // The head announces JSON, as the operations that decode a body expect (a download takes
    // any type), so that it is the body cut short that fails the call.
    let ok_head = |announced: usize| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"
        )
    };
    match fault {
        Fault::Answer {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Fault::ResetInHead => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: appl")
                .await;
            let _ = stream.flush().await;
            reset(stream).await;
        }
        Fault::ResetInBody { announced, sent } => {
            let _ = stream.write_all(ok_head(announced).as_bytes()).await;
            let _ = stream.write_all(&noise(sent)).await;
            let _ = stream.flush().await;
            reset(stream).await;
        }
        Fault::Stall => {
            std::future::pending::<()>().await;
        }
        Fault::ShortBody { announced, sent } => {
            let _ = stream.write_all(ok_head(announced).as_bytes()).await;
            let _ = stream.write_all(&noise(sent)).await;
            let _ = stream.shutdown().await;
        }
        Fault::ChunkedCut { sent } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for piece in noise(sent).chunks(4096) {
                let _ = stream
                    .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                    .await;
                let _ = stream.write_all(piece).await;
                let _ = stream.write_all(b"\r\n").await;
            }
            let _ = stream.shutdown().await;
        }
        Fault::Endless { status } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
                reason(status)
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let piece = format!("{:x}\r\n{}\r\n", 16 * 1024, "x".repeat(16 * 1024));
            // "Endless" up to ENDLESS_CAP, so that a client that does read it all fails its test
            // (see `endless_written`) instead of exhausting the machine.
            while endless_written.load(std::sync::atomic::Ordering::SeqCst) < ENDLESS_CAP
                && stream.write_all(piece.as_bytes()).await.is_ok()
            {
                endless_written.fetch_add(16 * 1024, std::sync::atomic::Ordering::SeqCst);
            }
        }
        Fault::Trickle {
            status,
            body,
            every,
        } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                reason(status),
                body.len()
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for byte in body {
                tokio::time::sleep(every).await;
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Closes `stream` with a TCP reset instead of the orderly FIN: SO_LINGER with a zero timeout.
async fn reset(stream: tokio::net::TcpStream) {
    stream.set_zero_linger().expect("SO_LINGER");
    drop(stream);
}

/// A loopback address where connecting hangs: a listener whose accept queue is full (backlog 0,
/// filled by connections nobody accepts). Linux then drops new SYNs instead of refusing them, so
/// the client's connect waits for its SYN retransmissions, exactly as with an unreachable host.
/// Keep the guard alive for as long as the address must stall.
pub(crate) fn stalled_connect() -> (String, impl Sized) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind("127.0.0.1:0".parse().expect("an address"))
        .expect("a port");
    let address = socket.local_addr().expect("an address");
    let listener = socket.listen(0).expect("listening");
    let mut fillers = Vec::new();
    loop {
        match std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_millis(200))
        {
            Ok(filler) => fillers.push(filler),
            Err(error) if error.kind() == std::io::ErrorKind::TimedOut => break,
            Err(error) => panic!("filling the accept queue of {address}: {error}"),
        }
        assert!(
            fillers.len() < 64,
            "the accept queue of {address} never filled"
        );
    }
    (format!("http://{address}"), (listener, fillers))
}

/// Asserts that `secret` appears nowhere in `error`: not in `Debug`, `Display`, nor anywhere
/// in its chain of sources.
pub(crate) fn assert_secret_absent(error: &(dyn std::error::Error + 'static), secret: &str) {
    let shown = format!("{error:?}\n{error}\n{error:#?}");
    assert!(!shown.contains(secret), "{secret} leaked:\n{shown}");
    let mut source = error.source();
    while let Some(cause) = source {
        let shown = format!("{cause:?}\n{cause}");
        assert!(
            !shown.contains(secret),
            "{secret} leaked in a source:\n{shown}"
        );
        source = cause.source();
    }
}
