pub mod api_response;
pub use self::api_response::ApiResponse;
pub mod metadata_check;
pub use self::metadata_check::MetadataCheck;
