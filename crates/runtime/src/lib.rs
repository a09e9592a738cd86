//! The runtime every specfleet client crate builds on.
//!
//! A generated crate holds what is specific to its service: its [`Service`] (servers and
//! security schemes), its models and one builder per operation, each of which describes its
//! request ([`Request`]) and decodes its response. Everything else lives here, written once:
//!
//! - [`Client`]: the base URL, one connection pool, the `User-Agent` set once, connect and
//!   request timeouts (and a per-call override), redirects followed only within the origin,
//!   opt-in [retries](RetryPolicy) with backoff, jitter, `Retry-After` and a total deadline,
//!   for idempotent methods unless told otherwise, and one `tracing` span per request naming
//!   the method and the route template, never the query;
//! - [credentials](Credential) for every security-scheme kind (API key in a header, the query
//!   or a cookie; bearer; basic; OAuth2 access tokens), held as [`Secret`]s that never reach
//!   `Debug`, `Display`, errors or traces, and redacted from what a server echoes back;
//! - [`Error`]: one error type, generic over the operation's typed error body, with the status,
//!   method and route, the body typed or raw (at most [`ERROR_BODY_LIMIT`] bytes), transport
//!   errors without the URL, decode errors that name the JSON path, and arguments refused
//!   before anything is sent;
//! - bodies: success bodies read once into one buffer ([`Response`]), downloads as a stream or
//!   into a file written atomically ([`Download`]), uploads from a path, bytes or a stream
//!   ([`Upload`]), multipart file parts whose media type is guessed from the file name;
//! - [encoding]: path segments as RFC 3986 says, query pairs, cookies.

#![warn(missing_docs)]

mod client;
pub mod encoding;
pub mod enums;
mod error;
pub mod paging;
mod request;
mod response;
mod retry;
mod secret;
mod service;
mod upload;

pub use client::{Client, ClientBuilder, Transport, same_origin_redirects};
pub use error::{ERROR_BODY_LIMIT, Error, ErrorBody, ErrorKind, OperationError};
pub use request::{CallOptions, Request};
pub use response::{Download, Response};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use service::{ApiKeyLocation, Credential, SchemeKind, SecurityScheme, Service};
pub use upload::Upload;

/// The HTTP types the generated crates and their users need, from the HTTP client in use.
pub use reqwest::{Method, StatusCode, header};

/// The HTTP client in use, for [`ClientBuilder::http_client`] and [`Transport`]s.
pub use reqwest;

/// The stream trait of `pages()` and `stream()`, and of downloads.
pub use futures_util::Stream;

/// A future on the heap, as an operation's `send` returns it: one allocation per call, made by
/// [`Request::send_then`].
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// `IntoFuture` for an operation's builder: `.await` on it is `.send().await`, where `send`
/// returns a [`BoxFuture`]. `into_future!(ListPets, Result<Vec<models::Pet>, Error<ListPetsError>>)`.
#[macro_export]
macro_rules! into_future {
    ($builder:ident, $output:ty) => {
        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = $output;
            type IntoFuture = $crate::BoxFuture<'a, $output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

/// The per-call setters of an operation's builder, `with_timeout` and `with_retry`, over its
/// `options: CallOptions` field. Generated builders call it inside their `impl` block.
#[macro_export]
macro_rules! call_setters {
    () => {
        /// How long this call may take, body included; `None` for no limit. Overrides the
        /// client's timeout.
        pub fn with_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
            self.options.timeout(timeout);
            self
        }

        /// This call's retry policy; `None` for no retries. Overrides the client's.
        pub fn with_retry(mut self, policy: Option<$crate::RetryPolicy>) -> Self {
            self.options.retry(policy);
            self
        }
    };
}
