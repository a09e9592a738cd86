//! The bad-input harness shared by the fuzz targets (`fuzz/`) and the property tests
//! (`properties/`): it decodes every model of every generated crate from arbitrary bytes, and
//! feeds every operation of every generated crate an arbitrary response, without a network.
//!
//! A panic anywhere below is a finding: decoding may fail, an operation may return any error,
//! but nothing may panic. The harness itself panics only to report a broken invariant (a model
//! that does not survive its own round trip, a call that never reached the transport).
//!
//! Fuzz input layout (see [`run`]): the first byte picks a model or an operation of the service
//! (`byte % (models + operations)`). A model takes the remaining bytes as its JSON. An operation
//! reads two bytes of status (little-endian, folded into 100..=599), one byte of content type
//! (`ContentType::from_byte`; the garbage type then reads a length byte and that many bytes of
//! header value), and takes the rest as the response body.

mod models;
mod services;

use std::sync::{Arc, Mutex, PoisonError};

/// The generated crates, one naming chain: `Service::QiCompute` is `specfleet_qi_compute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Cbrain,
    OsparcStorage,
    QiCompute,
    Rokka,
    Sftpgo,
}

impl Service {
    /// Every service, in the order of `specs/services.toml`'s crates.
    pub const ALL: [Service; 5] = [
        Service::Cbrain,
        Service::OsparcStorage,
        Service::QiCompute,
        Service::Rokka,
        Service::Sftpgo,
    ];

    /// The service's name as its crate folder and fuzz target spell it.
    pub fn name(self) -> &'static str {
        match self {
            Service::Cbrain => "cbrain",
            Service::OsparcStorage => "osparc-storage",
            Service::QiCompute => "qi-compute",
            Service::Rokka => "rokka",
            Service::Sftpgo => "sftpgo",
        }
    }

    /// The model types of the service's crate, as paths below `models::`; an index into this list
    /// is what [`decode_model`] and [`model_sample`] take.
    pub fn models(self) -> &'static [&'static str] {
        services::dispatch!(self, MODELS)
    }

    /// The operations of the service's crate; an index into this list is what [`respond`] takes.
    pub fn operations(self) -> &'static [&'static str] {
        services::dispatch!(self, OPERATIONS)
    }

    /// The enums of the service's crate (named and inline), as paths below `models::`; each is
    /// also in [`Service::models`]. An index into this list is what [`enum_values`] and
    /// [`decode_enum`] take.
    pub fn enums(self) -> &'static [&'static str] {
        services::dispatch!(self, ENUMS)
    }
}

/// The `Content-Type` of a fuzzed response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentType {
    Json,
    JsonWithCharset,
    TextPlain,
    TextHtml,
    OctetStream,
    /// Any bytes; a value `http` refuses as a header is sent as no header at all.
    Garbage(Vec<u8>),
    Missing,
}

impl ContentType {
    /// Every kind but garbage, whose value is the fuzzer's.
    pub const FIXED: [ContentType; 6] = [
        ContentType::Json,
        ContentType::JsonWithCharset,
        ContentType::TextPlain,
        ContentType::TextHtml,
        ContentType::OctetStream,
        ContentType::Missing,
    ];

    /// The kind a fuzz input's content-type byte selects (garbage reads its value afterwards).
    fn from_byte(byte: u8) -> Option<ContentType> {
        match byte % 7 {
            6 => None,
            index => Some(ContentType::FIXED[usize::from(index)].clone()),
        }
    }

    fn header_value(&self) -> Option<&[u8]> {
        match self {
            ContentType::Json => Some(b"application/json"),
            ContentType::JsonWithCharset => Some(b"application/json; charset=utf-8"),
            ContentType::TextPlain => Some(b"text/plain"),
            ContentType::TextHtml => Some(b"text/html; charset=utf-8"),
            ContentType::OctetStream => Some(b"application/octet-stream"),
            ContentType::Garbage(value) => Some(value),
            ContentType::Missing => None,
        }
    }
}

/// The response the transport answers the next request with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Any status the `http` crate accepts from a server line, 100..=599.
    pub status: u16,
    pub content_type: ContentType,
    pub body: Vec<u8>,
}

/// How an operation ended, whatever its typed error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The operation returned its success value (and a file body was read to the end).
    Ok,
    /// A 2xx body that did not decode as the operation's type (`ErrorKind::Decode`), as the
    /// error's message.
    Decode(String),
    /// A non-success status (`ErrorKind::Status`), with that status.
    Status(u16),
    /// Any other error (transport, I/O, a refused argument), as its message.
    Other(String),
    /// The operation returned before sending its request: a harness bug, since then the
    /// response handling was not exercised. [`run`] panics on it.
    NotSent,
}

/// Decodes `json` as the service's `model`-th model; when it decodes, re-encodes it and decodes
/// that again, which must give the same value.
///
/// # Panics
///
/// When `model` is out of range, or the round trip fails or changes the value.
pub fn decode_model(service: Service, model: usize, json: &[u8]) -> Result<(), serde_json::Error> {
    services::dispatch!(service => decode(model, json))
}

/// A JSON value that decodes as the service's `model`-th model: its default, with every optional
/// field the default leaves out filled in where a simple value fits. Property tests mutate it;
/// the fuzz seeds start from it.
///
/// # Panics
///
/// When `model` is out of range.
pub fn model_sample(service: Service, model: usize) -> serde_json::Value {
    services::dispatch!(service => sample(model))
}

/// The values the service's `enum_index`-th enum knows, as JSON (strings, or integers for an
/// integer enum), in the order the spec lists them.
///
/// # Panics
///
/// When `enum_index` is out of range.
pub fn enum_values(service: Service, enum_index: usize) -> Vec<serde_json::Value> {
    services::dispatch!(service => enum_values(enum_index))
}

/// What one JSON value became as the service's `enum_index`-th enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDecoded {
    /// What the `UnknownValue` variant holds, as JSON; `None` for a known variant.
    pub unknown: Option<serde_json::Value>,
    /// The decoded value encoded again, as JSON text.
    pub encoded: String,
}

/// Decodes `json` as the service's `enum_index`-th enum, and encodes the result again.
///
/// # Panics
///
/// When `enum_index` is out of range, or the decoded value does not encode.
pub fn decode_enum(
    service: Service,
    enum_index: usize,
    json: &[u8],
) -> Result<EnumDecoded, serde_json::Error> {
    services::dispatch!(service => decode_enum(enum_index, json))
}

/// Calls the service's `operation`-th operation with fixed valid arguments and lets it handle
/// `reply` (a file-returning operation's body is read too).
///
/// # Panics
///
/// When `operation` is out of range, or the generated code panics.
pub fn respond(service: Service, operation: usize, reply: &Reply) -> Outcome {
    Canned::with(|canned| {
        canned.set(reply.clone());
        let outcome = canned
            .runtime
            .block_on(async move { services::dispatch!(service => call(operation).await) });
        if canned.take().is_some() {
            Outcome::NotSent
        } else {
            outcome
        }
    })
}

/// The fuzz targets' entry: decodes `input` as described in the module documentation and runs
/// the model or operation it selects.
///
/// # Panics
///
/// When the generated code panics, a model fails its round trip, or an operation is not sent.
pub fn run(service: Service, input: &[u8]) {
    let Some((&selector, rest)) = input.split_first() else {
        return;
    };
    let models = service.models().len();
    let choice = usize::from(selector) % (models + service.operations().len());
    if choice < models {
        let _ = decode_model(service, choice, rest);
        return;
    }
    let operation = choice - models;
    let Some(reply) = decode_reply(rest) else {
        return;
    };
    let outcome = respond(service, operation, &reply);
    assert_ne!(
        outcome,
        Outcome::NotSent,
        "{}::{} returned before sending its request",
        service.name(),
        service.operations()[operation]
    );
}

/// The fuzz input that makes [`run`] decode `json` as the service's `model`-th model.
pub fn model_input(service: Service, model: usize, json: &[u8]) -> Vec<u8> {
    let mut input = vec![selector(service, model)];
    input.extend_from_slice(json);
    input
}

/// The fuzz input that makes [`run`] answer the service's `operation`-th operation with `reply`.
///
/// # Panics
///
/// When the reply's status is outside 100..=599 or its garbage content type is over 255 bytes.
pub fn response_input(service: Service, operation: usize, reply: &Reply) -> Vec<u8> {
    assert!(
        (100..=599).contains(&reply.status),
        "status {} is outside 100..=599",
        reply.status
    );
    let mut input = vec![selector(service, service.models().len() + operation)];
    input.extend_from_slice(&(reply.status - 100).to_le_bytes());
    match &reply.content_type {
        ContentType::Garbage(value) => {
            let length = u8::try_from(value.len()).expect("a garbage content type of <= 255 bytes");
            input.extend([6, length]);
            input.extend_from_slice(value);
        }
        fixed => {
            let index = ContentType::FIXED
                .iter()
                .position(|kind| kind == fixed)
                .expect("every non-garbage kind is in FIXED");
            input.push(u8::try_from(index).expect("six kinds"));
        }
    }
    input.extend_from_slice(&reply.body);
    input
}

fn selector(service: Service, choice: usize) -> u8 {
    let choices = service.models().len() + service.operations().len();
    assert!(
        choice < choices && choices <= 256,
        "choice {choice} of {choices}"
    );
    u8::try_from(choice).expect("fewer than 256 choices")
}

fn decode_reply(input: &[u8]) -> Option<Reply> {
    let (status, input) = input.split_first_chunk::<2>()?;
    let status = 100 + u16::from_le_bytes(*status) % 500;
    let (&kind, mut input) = input.split_first()?;
    let content_type = match ContentType::from_byte(kind) {
        Some(fixed) => fixed,
        None => {
            let (&length, rest) = input.split_first()?;
            let (value, rest) = rest.split_at_checked(usize::from(length))?;
            input = rest;
            ContentType::Garbage(value.to_vec())
        }
    };
    Some(Reply {
        status,
        content_type,
        body: input.to_vec(),
    })
}

/// This thread's runtime, and the transport every service's client on this thread answers
/// through: it takes the reply from the slot instead of sending anything.
struct Canned {
    runtime: tokio::runtime::Runtime,
    transport: specfleet_runtime::Transport,
    slot: Arc<Mutex<Option<Reply>>>,
}

thread_local! {
    // One per thread: the property tests run in parallel, and each call's reply must be the one
    // its own thread put in the slot.
    static CANNED: Canned = Canned::new();
}

impl Canned {
    fn new() -> Canned {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread tokio runtime");
        let slot = Arc::new(Mutex::new(None));
        let canned = Arc::clone(&slot);
        let transport: specfleet_runtime::Transport = Arc::new(move |_request| {
            let reply = canned.lock().unwrap_or_else(PoisonError::into_inner).take();
            Box::pin(std::future::ready(response(reply)))
        });
        Canned {
            runtime,
            transport,
            slot,
        }
    }

    fn with<R>(body: impl FnOnce(&Canned) -> R) -> R {
        CANNED.with(body)
    }

    /// The transport every service's client on this thread is built with.
    fn transport() -> specfleet_runtime::Transport {
        Canned::with(|canned| Arc::clone(&canned.transport))
    }

    fn set(&self, reply: Reply) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(reply);
    }

    fn take(&self) -> Option<Reply> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// The response for the slot's reply.
///
/// # Panics
///
/// When the slot is empty: the client sent a second request for one reply, which it must not do
/// with retries off (the harness's clients have none).
fn response(reply: Option<Reply>) -> reqwest::Response {
    let reply = reply.expect("the fuzz transport was called twice for one reply");
    let mut response = http::Response::builder().status(reply.status);
    if let Some(value) = reply.content_type.header_value()
        && let Ok(value) = http::HeaderValue::from_bytes(value)
    {
        response = response.header(http::header::CONTENT_TYPE, value);
    }
    let response = response.body(reply.body).unwrap_or_else(|error| {
        panic!(
            "status {} and a checked header make a response: {error}",
            reply.status
        )
    });
    reqwest::Response::from(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_inputs_decode_to_their_reply() {
        let replies = [
            (100, ContentType::Json, &b""[..]),
            (599, ContentType::Missing, b"{}"),
            (404, ContentType::Garbage(b"text/\xff".to_vec()), b"\xff"),
            (204, ContentType::Garbage(Vec::new()), b"body"),
        ];
        for (status, content_type, body) in replies {
            let reply = Reply {
                status,
                content_type,
                body: body.to_vec(),
            };
            let input = response_input(Service::Rokka, 3, &reply);
            let choice = usize::from(input[0]) - Service::Rokka.models().len();
            assert_eq!(choice, 3);
            assert_eq!(decode_reply(&input[1..]), Some(reply));
        }
    }

    #[test]
    fn short_inputs_select_nothing() {
        assert_eq!(decode_reply(&[]), None);
        assert_eq!(decode_reply(&[1, 0]), None);
        // Garbage content type whose declared length runs past the end.
        assert_eq!(decode_reply(&[1, 0, 6, 9, b'x']), None);
    }
}
