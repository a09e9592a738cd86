pub mod list_source_images_response;
pub use self::list_source_images_response::ListSourceImagesResponse;
pub mod source_image;
pub use self::source_image::SourceImage;
