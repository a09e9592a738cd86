//! One module per tag of the spec, one builder per operation; `configuration` declares the
//! service.

pub mod default_api;

pub mod configuration;
