//! specfleet's wire tests live in `wire/`: one test binary, one module per service. The
//! bad-input harness is [`fuzz`]: the property tests in `properties/` and the cargo-fuzz targets
//! in the workspace's `fuzz/` drive it.
//!
//! The crate's documentation is the workspace README, so that its examples compile as doctests.
#![doc = include_str!("../README.md")]

pub mod fuzz;
