//! Raw loopback servers that misbehave in one precise way per connection (resets, stalls, bodies
//! cut short, endless and trickling bodies), for `faults.rs`. The facade's tests have a richer
//! copy (crates/specfleet/tests/support); the two test crates cannot share code.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Where an endless body gives up, so that a client that reads it all fails its test instead of
/// exhausting the machine.
const ENDLESS_CAP: usize = 256 * 1024 * 1024;

/// What the server does with every connection.
#[derive(Debug, Clone)]
pub(crate) enum Fault {
    /// A complete answer with `Connection: close`.
    Answer {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Part of the status line and headers, then a reset (RST).
    ResetInHead,
    /// A 200 JSON head announcing `announced` bytes, `sent` of them, then a reset (RST).
    ResetInBody { announced: usize, sent: usize },
    /// Never answers; the connection stays open.
    Stall,
    /// A 200 head announcing `announced` bytes, `sent` of them, then a clean close.
    ShortBody { announced: usize, sent: usize },
    /// A 200 chunked body of `sent` bytes, then a clean close without the last chunk.
    ChunkedCut { sent: usize },
    /// `status` and a chunked text body that never ends.
    Endless { status: u16 },
    /// A 200 JSON head, then `body` one byte every `every`.
    Trickle { body: Vec<u8>, every: Duration },
}

pub(crate) struct RawServer {
    pub(crate) url: String,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
    endless_written: Arc<AtomicUsize>,
}

impl RawServer {
    /// A server on 127.0.0.1 that treats every connection as `fault`.
    pub(crate) async fn start(fault: Fault) -> RawServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let server = RawServer {
            url: format!("http://{}", listener.local_addr().expect("an address")),
            heads: Arc::default(),
            connections: Arc::default(),
            endless_written: Arc::default(),
        };
        let (heads, connections, written) = (
            server.heads.clone(),
            server.connections.clone(),
            server.endless_written.clone(),
        );
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, fault.clone(), heads.clone(), written.clone()));
            }
        });
        server
    }

    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The raw request target (path and query, exactly as sent) of every request received.
    pub(crate) fn targets(&self) -> Vec<String> {
        self.heads
            .lock()
            .expect("not poisoned")
            .iter()
            .map(|head| head.split(' ').nth(1).unwrap_or_default().to_owned())
            .collect()
    }

    /// Bytes of endless bodies written: a client that stops reading at its limit leaves this
    /// near the limit plus what the socket buffers hold.
    pub(crate) fn endless_written(&self) -> usize {
        self.endless_written.load(Ordering::SeqCst)
    }
}

/// Reads one request, head and body (closing with unread data would send a reset of its own).
async fn read_request(stream: &mut TcpStream) -> Option<String> {
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
    let length: usize = head
        .to_ascii_lowercase()
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() - head_end < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(head)
}

/// Bytes that are not JSON, so a body read in part cannot be mistaken for a whole one.
fn filler(length: usize) -> Vec<u8> {
    vec![b'x'; length]
}

async fn serve(
    mut stream: TcpStream,
    fault: Fault,
    heads: Arc<Mutex<Vec<String>>>,
    endless_written: Arc<AtomicUsize>,
) {
    let Some(head) = read_request(&mut stream).await else {
        return;
    };
    heads.lock().expect("not poisoned").push(head);
    let ok_head = |length: usize| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        )
    };
    // Write errors end the connection: the client may hang up at any time, which is the point.
    match fault {
        Fault::Answer {
            status,
            content_type,
            body,
        } => {
            let head = format!(
                "HTTP/1.1 {status} Whatever\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Fault::ResetInHead => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Ty").await;
            reset(stream);
        }
        Fault::ResetInBody { announced, sent } => {
            let _ = stream.write_all(ok_head(announced).as_bytes()).await;
            let _ = stream.write_all(&filler(sent)).await;
            reset(stream);
        }
        Fault::Stall => std::future::pending::<()>().await,
        Fault::ShortBody { announced, sent } => {
            let _ = stream.write_all(ok_head(announced).as_bytes()).await;
            let _ = stream.write_all(&filler(sent)).await;
            let _ = stream.shutdown().await;
        }
        Fault::ChunkedCut { sent } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(format!("{sent:x}\r\n").as_bytes()).await;
            let _ = stream.write_all(&filler(sent)).await;
            let _ = stream.write_all(b"\r\n").await;
            let _ = stream.shutdown().await;
        }
        Fault::Endless { status } => {
            let head = format!(
                "HTTP/1.1 {status} Whatever\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let piece = format!("4000\r\n{}\r\n", "x".repeat(0x4000));
            while endless_written.load(Ordering::SeqCst) < ENDLESS_CAP
                && stream.write_all(piece.as_bytes()).await.is_ok()
            {
                endless_written.fetch_add(0x4000, Ordering::SeqCst);
            }
        }
        Fault::Trickle { body, every } => {
            if stream
                .write_all(ok_head(body.len()).as_bytes())
                .await
                .is_err()
            {
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

/// Closes with a TCP reset (SO_LINGER zero) instead of the orderly FIN.
fn reset(stream: TcpStream) {
    stream.set_zero_linger().expect("SO_LINGER");
    drop(stream);
}

/// A loopback address where connecting hangs: a listener with backlog 0 whose accept queue is
/// filled by connections nobody accepts. Linux then drops new SYNs instead of refusing them, as
/// an unreachable host would. Keep the guard alive while the address must stall.
pub(crate) fn stalled_connect() -> (String, impl Sized) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind("127.0.0.1:0".parse().expect("an address"))
        .expect("a port");
    let address = socket.local_addr().expect("an address");
    let listener = socket.listen(0).expect("listening");
    let mut fillers = Vec::new();
    loop {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
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
