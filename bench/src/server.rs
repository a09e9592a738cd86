//! `specfleet-bench serve`: the loopback server every client process talks to, in a process of
//! its own so that a client's memory is the client's only.
//!
//! It answers the routes the scenarios use, for every variant alike: small qi-compute JSON,
//! CBRAIN listings of any length, downloads of any length (the length is the userfile id or the
//! rokka hash), and multipart uploads whose file part it counts and reports back.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, BodyStream, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};

use crate::payload;

type Body = BoxBody<Bytes, std::io::Error>;

/// Payloads built once and served as shared bytes, so that serving costs the same for every
/// request and every variant.
struct State {
    metadata: Bytes,
    userfiles: Mutex<HashMap<usize, Bytes>>,
}

impl State {
    fn userfiles(&self, count: usize) -> Bytes {
        let mut cache = self
            .userfiles
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(count)
            .or_insert_with(|| Bytes::from(payload::userfiles_json(count)))
            .clone()
    }
}

/// Serves on a free port of 127.0.0.1, prints the port on stdout, and exits when stdin closes
/// (the parent holds it open), so a crashed parent never leaves a server behind.
pub(crate) fn run(records: usize) -> Result<()> {
    let state = Arc::new(State {
        metadata: payload::metadata_answer(),
        userfiles: Mutex::default(),
    });
    if records > 0 {
        state.userfiles(records);
    }
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("cannot listen on 127.0.0.1")?;
        let port = listener.local_addr()?.port();
        let mut stdout = std::io::stdout();
        writeln!(stdout, "{port}")?;
        stdout.flush()?;
        loop {
            let (stream, _) = listener.accept().await.context("accept failed")?;
            stream.set_nodelay(true)?;
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(handle(&state, request).await) }
                });
                // A client closing its connection is normal; errors are not the server's to report.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

async fn handle(state: &State, request: Request<Incoming>) -> Response<Body> {
    let segments: Vec<String> = request
        .uri()
        .path()
        .trim_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method().clone();
    let result = match (&method, segments.as_slice()) {
        (&Method::GET, ["metadata", _]) => Ok(json(state.metadata.clone())),
        (&Method::POST, ["metadata"]) => request
            .into_body()
            .collect()
            .await
            .map(|_| json(state.metadata.clone()))
            .map_err(|error| error.to_string()),
        (&Method::GET, ["userfiles"]) => {
            let count = query(&request, "per_page").unwrap_or(1);
            Ok(json(state.userfiles(count as usize)))
        }
        (&Method::GET, ["userfiles", length, "content"])
        | (&Method::GET, ["sourceimages", _, length, "download"]) => length
            .parse()
            .map(download)
            .map_err(|_| format!("`{length}` is not a length")),
        (&Method::POST, ["userfiles"]) => upload(request)
            .await
            .map(|received| json(Bytes::from(format!(r#"{{"received":{received}}}"#)))),
        (&Method::POST, ["sourceimages", organization]) => {
            let organization = (*organization).to_owned();
            upload(request).await.map(|received| {
                let answer = serde_json::json!({
                    "total": 1,
                    "items": [{"hash": "b3c4e5f6a7b8c9d0", "organization": organization, "size": received}],
                });
                json(Bytes::from(answer.to_string()))
            })
        }
        _ => Err(format!("no route for {method} {}", request.uri().path())),
    };
    result.unwrap_or_else(|message| {
        let mut response = Response::new(full(Bytes::from(message)));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        response
    })
}

fn query(request: &Request<Incoming>, name: &str) -> Option<u64> {
    request
        .uri()
        .query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| value.parse().ok())
}

fn full(bytes: Bytes) -> Body {
    Full::new(bytes).map_err(|never| match never {}).boxed()
}

fn json(bytes: Bytes) -> Response<Body> {
    let mut response = Response::new(full(bytes));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, "application/json".parse().expect("valid"));
    response
}

/// `length` bytes, streamed with a `Content-Length`.
fn download(length: u64) -> Response<Body> {
    let frames = payload::byte_stream(length).map_ok(Frame::data);
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(frames)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_LENGTH, length.into());
    headers.insert(
        CONTENT_TYPE,
        "application/octet-stream".parse().expect("valid"),
    );
    response
}

/// Reads a multipart upload and returns the byte count of its file part (the one with a file
/// name); the other fields are read and dropped.
async fn upload(request: Request<Incoming>) -> Result<u64, String> {
    let boundary = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| multer::parse_boundary(value).ok())
        .ok_or("the upload is not multipart/form-data")?;
    let frames = BodyStream::new(request.into_body())
        .try_filter_map(|frame| async move { Ok(frame.into_data().ok()) });
    let mut multipart = multer::Multipart::new(frames, boundary);
    let mut received = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|error| error.to_string())?
    {
        let is_file = field.file_name().is_some();
        let mut length = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(|error| error.to_string())? {
            length += chunk.len() as u64;
        }
        if is_file {
            received = Some(length);
        }
    }
    received.ok_or_else(|| "the upload has no file part".to_owned())
}
