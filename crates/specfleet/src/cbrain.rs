//! CBRAIN neuroinformatics portal: userfiles.
//!
//! Adds to [`generated`] (the `specfleet-cbrain` crate): a [`Client`] with CBRAIN's API token
//! (sent in the query, and so never shown: errors and traces carry the route, not the URL),
//! `from_env` and `from_vars`, and the operations grouped under [`Client::userfiles`], with
//! the operations on several userfiles taking their ids. Each method returns the generated
//! operation's builder; listing also streams (`.stream()`), content comes as a
//! [`Download`](crate::Download), uploads from an [`Upload`].

pub use specfleet_cbrain as generated;
use specfleet_cbrain::apis::userfiles_api as api;
/// Typed mocks of the service, for testing code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub use specfleet_cbrain::mock;
use specfleet_cbrain::models::MultiUserfilesModReq;
pub use specfleet_cbrain::models::{Userfile, UserfileModReq};

use crate::{Credential, Secret, Upload};

crate::client::service_client!(specfleet_cbrain, "a CBRAIN portal");

impl ClientBuilder {
    /// The API token of a CBRAIN session, sent as the `cbrain_api_token` query parameter.
    pub fn api_token(self, token: impl Into<Secret>) -> Self {
        Self(
            self.0
                .credential("BrainPortalSession", Credential::api_key(token)),
        )
    }
}

impl Client {
    /// A client from the environment: `CBRAIN_URL` (the portal's base URL) and
    /// `CBRAIN_API_TOKEN`.
    pub fn from_env() -> crate::Result<Client> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// A client from the variables [`from_env`](Client::from_env) reads, looked up through
    /// `lookup` instead of the environment.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> crate::Result<Client> {
        crate::client::from_vars(
            Client::builder(),
            lookup,
            ("CBRAIN_URL", |builder, url| builder.base_url(url)),
            &[("CBRAIN_API_TOKEN", |builder, token| {
                builder.api_token(token)
            })],
        )
        .build()
    }

    /// The userfiles the token's user can see.
    pub fn userfiles(&self) -> Userfiles<'_> {
        Userfiles(self)
    }
}

/// The userfiles; from [`Client::userfiles`].
#[derive(Debug, Clone, Copy)]
pub struct Userfiles<'a>(&'a Client);

/// The request body of the operations on several userfiles.
fn several(ids: impl IntoIterator<Item = i64>) -> MultiUserfilesModReq {
    let mut request = MultiUserfilesModReq::new();
    request.file_ids = Some(ids.into_iter().map(|id| id.to_string()).collect());
    request
}

impl<'a> Userfiles<'a> {
    /// The userfiles, a page at a time (`.send()`) or all of them (`.stream()`). Seed
    /// operation: `userfiles_get`.
    pub fn list(&self) -> api::UserfilesGet<'a> {
        api::userfiles_get(self.0)
    }

    /// One userfile. Seed operation: `userfiles_id_get`.
    pub fn get(&self, id: i64) -> api::UserfilesIdGet<'a> {
        api::userfiles_id_get(self.0, id)
    }

    /// Changes a userfile's attributes: only those set in `changes.userfile` are sent. Seed
    /// operation: `userfiles_id_put`.
    pub fn update(&self, id: i64, changes: UserfileModReq) -> api::UserfilesIdPut<'a> {
        api::userfiles_id_put(self.0, id, changes)
    }

    /// A userfile's content, as a [`Download`](crate::Download). Seed operation:
    /// `userfiles_id_content_get`.
    pub fn content(&self, id: i64) -> api::UserfilesIdContentGet<'a> {
        api::userfiles_id_content_get(self.0, id)
    }

    /// Uploads a file to a data provider, into a project (group), as `file_type` (for example
    /// `SingleFile`). Seed operation: `userfiles_post`.
    pub fn upload(
        &self,
        file: Upload,
        data_provider_id: i64,
        group_id: i64,
        file_type: impl Into<String>,
    ) -> api::UserfilesPost<'a> {
        api::userfiles_post(self.0, file, data_provider_id, group_id, file_type)
    }

    /// Moves userfiles to another data provider. Seed operation:
    /// `userfiles_change_provider_post`.
    pub fn move_to_provider(
        &self,
        ids: impl IntoIterator<Item = i64>,
        data_provider_id: i64,
    ) -> api::UserfilesChangeProviderPost<'a> {
        let mut request = several(ids);
        request.data_provider_id_for_mv_cp = Some(data_provider_id);
        api::userfiles_change_provider_post(self.0, request)
    }

    /// Compresses userfiles. Seed operation: `userfiles_compress_post`.
    pub fn compress(&self, ids: impl IntoIterator<Item = i64>) -> api::UserfilesCompressPost<'a> {
        api::userfiles_compress_post(self.0, several(ids))
    }

    /// Uncompresses userfiles. Seed operation: `userfiles_uncompress_post`.
    pub fn uncompress(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> api::UserfilesUncompressPost<'a> {
        api::userfiles_uncompress_post(self.0, several(ids))
    }

    /// Deletes userfiles. Seed operation: `userfiles_delete_files_delete`.
    pub fn delete(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> api::UserfilesDeleteFilesDelete<'a> {
        api::userfiles_delete_files_delete(self.0, several(ids))
    }

    /// Downloads userfiles as one archive named `archive_name`, or as a single file. Seed
    /// operation: `userfiles_download_post`.
    pub fn download(
        &self,
        ids: impl IntoIterator<Item = i64>,
        archive_name: Option<String>,
    ) -> api::UserfilesDownloadPost<'a> {
        let mut request = several(ids);
        request.specified_filename = archive_name;
        api::userfiles_download_post(self.0, request)
    }

    /// Synchronises userfiles with their data provider: `operation` is `sync_local` (cache
    /// them here) or `clean_cache`. Seed operation: `userfiles_sync_multiple_post`.
    pub fn sync(
        &self,
        ids: impl IntoIterator<Item = i64>,
        operation: impl Into<String>,
    ) -> api::UserfilesSyncMultiplePost<'a> {
        let mut request = several(ids);
        request.operation = Some(operation.into());
        api::userfiles_sync_multiple_post(self.0, request)
    }
}
