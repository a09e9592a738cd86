//! Typed mock servers for specfleet client crates: the pieces every generated `mock` module
//! shares.
//!
//! Each generated crate (`specfleet-rokka`, `specfleet-cbrain`, or one made with
//! `cargo xtask add-service`) has a `mock` feature. With it, the crate's `mock` module offers a
//! `MockServer` with one method per operation, named as the operation, whose arguments and
//! setters are the operation's parameters and whose `respond` takes the operation's typed answer:
//!
//! ```ignore
//! let server = specfleet_rokka::mock::MockServer::start().await;
//! server.list_source_images("acme").limit(20).respond(&page).times(1);
//! let client = specfleet_rokka::client().base_url(server.uri()).build()?;
//! // ... the code under test calls the service through `client` ...
//! // dropping `server` checks that every expectation had its calls
//! ```
//!
//! This crate holds what those modules share, written once:
//!
//! - [`MockServer`]: the server on loopback (wiremock's), which answers each request from the
//!   first [`Expectation`] it matches, and at drop panics naming every expectation that was
//!   not met and every request that matched none;
//! - [`Expectation`]: what a request must hold (method, route and path values, the query pairs,
//!   headers, cookies and body fields that were set), encoded by the same functions as the
//!   client's request;
//! - [`Response`]: the answer, built from the operation's typed values;
//! - the message for a request that matches nothing: the request and the closest expectation
//!   side by side, one line per differing field (`query `limit`: expected "20", received "10"`).

#![warn(missing_docs)]

mod expectation;
mod multipart;
mod response;
mod server;

pub use expectation::Expectation;
pub use response::Response;
pub use server::{Expected, MockServer, UNMATCHED_STATUS};
