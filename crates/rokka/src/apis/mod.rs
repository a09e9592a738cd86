//! One module per tag of the spec, one builder per operation; `configuration` declares the
//! service.

pub mod sourceimages_api;

pub mod configuration;
