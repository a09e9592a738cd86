//! specfleet's wire tests live in `wire/`: one test binary, one module per service.
//!
//! The crate's documentation is the workspace README, so that its examples compile as doctests.
#![doc = include_str!("../README.md")]
