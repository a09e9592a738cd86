//! rokka image service: source images and their metadata.
//!
//! Adds to [`generated`] (the `specfleet-rokka` crate): a [`Client`] with rokka's API key,
//! `from_env` and `from_vars`, and the operations grouped as the API is:
//! [`Client::source_images`] for one organization, with [`SourceImages::user_metadata`] and
//! [`SourceImages::dynamic_metadata`] for one image. Each method returns the generated
//! operation's builder; listing also streams (`.stream()`), downloads come as a
//! [`Download`](crate::Download).

pub use specfleet_rokka as generated;
use specfleet_rokka::apis::sourceimages_api as api;
/// Typed mocks of the service, for testing code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub use specfleet_rokka::mock;
pub use specfleet_rokka::models::{ListSourceImagesResponse, SourceImage};

use crate::{Credential, Secret, Upload};

crate::client::service_client!(specfleet_rokka, "rokka");

impl ClientBuilder {
    /// The organization's API key, sent in the `api-key` header.
    pub fn api_key(self, key: impl Into<Secret>) -> Self {
        Self(self.0.credential("ApiKeyAuth", Credential::api_key(key)))
    }
}

impl Client {
    /// A client from the environment: `ROKKA_API_KEY`, and `ROKKA_URL` when not
    /// `https://api.rokka.io`.
    pub fn from_env() -> crate::Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads, looked up through
    /// `lookup` instead of the environment.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> crate::Result<Client> {
        crate::client::from_vars(
            Client::builder(),
            lookup,
            ("ROKKA_URL", |builder, url| builder.base_url(url)),
            &[("ROKKA_API_KEY", |builder, key| builder.api_key(key))],
        )
        .build()
    }

    /// The source images of `organization`.
    pub fn source_images(&self, organization: impl Into<String>) -> SourceImages<'_> {
        SourceImages {
            client: self,
            organization: organization.into(),
        }
    }
}

/// The source images of one organization; from [`Client::source_images`].
#[derive(Debug, Clone)]
pub struct SourceImages<'a> {
    client: &'a Client,
    organization: String,
}

impl<'a> SourceImages<'a> {
    /// The images, a page at a time (`.send()`) or all of them (`.stream()`). Seed
    /// operation: `list_source_images`.
    pub fn list(&self) -> api::ListSourceImages<'a> {
        api::list_source_images(self.client, &self.organization)
    }

    /// The images with this binary hash (the SHA-1 of the file). Seed operation:
    /// `list_source_images_by_binary_hash`.
    pub fn by_binary_hash(
        &self,
        binary_hash: impl Into<String>,
    ) -> api::ListSourceImagesByBinaryHash<'a> {
        api::list_source_images_by_binary_hash(self.client, &self.organization, binary_hash)
    }

    /// One image. Seed operation: `get_source_image`.
    pub fn get(&self, hash: impl Into<String>) -> api::GetSourceImage<'a> {
        api::get_source_image(self.client, &self.organization, hash)
    }

    /// Deletes an image. Seed operation: `delete_source_image`.
    pub fn delete(&self, hash: impl Into<String>) -> api::DeleteSourceImage<'a> {
        api::delete_source_image(self.client, &self.organization, hash)
    }

    /// Restores a deleted image. Seed operation: `restore_source_image`.
    pub fn restore(&self, hash: impl Into<String>) -> api::RestoreSourceImage<'a> {
        api::restore_source_image(self.client, &self.organization, hash)
    }

    /// Copies an image to the organization `destination`. Seed operation: `copy_source_image`.
    pub fn copy(
        &self,
        hash: impl Into<String>,
        destination: impl Into<String>,
    ) -> api::CopySourceImage<'a> {
        api::copy_source_image(self.client, destination, &self.organization, hash)
    }

    /// The image file, as a [`Download`](crate::Download). Seed operation:
    /// `download_source_image`.
    pub fn download(&self, hash: impl Into<String>) -> api::DownloadSourceImage<'a> {
        api::download_source_image(self.client, &self.organization, hash)
    }

    /// Uploads an image; its media type is guessed from the file name. Seed operation:
    /// `create_source_image`.
    pub fn upload(&self, file: Upload) -> api::CreateSourceImage<'a> {
        api::create_source_image(self.client, file, &self.organization)
    }

    /// The user metadata of one image.
    pub fn user_metadata(&self, hash: impl Into<String>) -> UserMetadata<'a> {
        UserMetadata {
            client: self.client,
            organization: self.organization.clone(),
            hash: hash.into(),
        }
    }

    /// The dynamic metadata of one image (part of its hash: changing it makes a new image).
    pub fn dynamic_metadata(&self, hash: impl Into<String>) -> DynamicMetadata<'a> {
        DynamicMetadata {
            client: self.client,
            organization: self.organization.clone(),
            hash: hash.into(),
        }
    }
}

/// The user metadata of one image; from [`SourceImages::user_metadata`].
#[derive(Debug, Clone)]
pub struct UserMetadata<'a> {
    client: &'a Client,
    organization: String,
    hash: String,
}

impl<'a> UserMetadata<'a> {
    /// Every field. Seed operation: `get_source_image_meta_user`.
    pub fn get(&self) -> api::GetSourceImageMetaUser<'a> {
        api::get_source_image_meta_user(self.client, &self.organization, &self.hash)
    }

    /// Replaces every field. Seed operation: `create_source_image_meta_user`.
    pub fn replace(&self, fields: serde_json::Value) -> api::CreateSourceImageMetaUser<'a> {
        api::create_source_image_meta_user(self.client, fields, &self.organization, &self.hash)
    }

    /// Adds or changes the fields given, keeps the others. Seed operation:
    /// `patch_source_image_meta_user`.
    pub fn patch(&self, fields: serde_json::Value) -> api::PatchSourceImageMetaUser<'a> {
        api::patch_source_image_meta_user(self.client, fields, &self.organization, &self.hash)
    }

    /// Deletes every field. Seed operation: `delete_source_image_meta_user`.
    pub fn delete_all(&self) -> api::DeleteSourceImageMetaUser<'a> {
        api::delete_source_image_meta_user(self.client, &self.organization, &self.hash)
    }

    /// One field. Seed operation: `get_source_image_meta_user_with_name`.
    pub fn get_field(&self, name: impl Into<String>) -> api::GetSourceImageMetaUserWithName<'a> {
        api::get_source_image_meta_user_with_name(self.client, &self.organization, &self.hash, name)
    }

    /// Sets one field. Seed operation: `create_source_image_meta_user_wth_name`.
    pub fn set_field(
        &self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> api::CreateSourceImageMetaUserWthName<'a> {
        api::create_source_image_meta_user_wth_name(
            self.client,
            value,
            &self.organization,
            &self.hash,
            name,
        )
    }

    /// Deletes one field. Seed operation: `delete_source_image_meta_user_with_name`.
    pub fn delete_field(
        &self,
        name: impl Into<String>,
    ) -> api::DeleteSourceImageMetaUserWithName<'a> {
        api::delete_source_image_meta_user_with_name(
            self.client,
            &self.organization,
            &self.hash,
            name,
        )
    }
}

/// The dynamic metadata of one image; from [`SourceImages::dynamic_metadata`].
#[derive(Debug, Clone)]
pub struct DynamicMetadata<'a> {
    client: &'a Client,
    organization: String,
    hash: String,
}

impl<'a> DynamicMetadata<'a> {
    /// Sets one entry; the image gets a new hash. Seed operation:
    /// `create_source_image_meta_dynamic_with_name`.
    pub fn set(
        &self,
        name: impl Into<String>,
        definition: serde_json::Value,
    ) -> api::CreateSourceImageMetaDynamicWithName<'a> {
        api::create_source_image_meta_dynamic_with_name(
            self.client,
            definition,
            &self.organization,
            &self.hash,
            name,
        )
    }

    /// Deletes one entry; the image gets a new hash. Seed operation:
    /// `delete_source_image_meta_dynamic_with_name`.
    pub fn delete(&self, name: impl Into<String>) -> api::DeleteSourceImageMetaDynamicWithName<'a> {
        api::delete_source_image_meta_dynamic_with_name(
            self.client,
            &self.organization,
            &self.hash,
            name,
        )
    }
}
