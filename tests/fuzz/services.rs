//! Every model and every operation of the five generated crates, named once: a model or an
//! operation that disappears or changes its signature fails to compile here.

use std::path::PathBuf;

use super::models::{Model, round_trip, sample};
use super::{Outcome, Transport};

/// Picks the service's module: `dispatch!(service, ITEM)` names an item of it,
/// `dispatch!(service => call(..))` calls into it.
macro_rules! dispatch {
    ($service:expr, $item:ident) => {
        match $service {
            $crate::fuzz::Service::Cbrain => $crate::fuzz::services::cbrain::$item,
            $crate::fuzz::Service::OsparcStorage => $crate::fuzz::services::osparc_storage::$item,
            $crate::fuzz::Service::QiCompute => $crate::fuzz::services::qi_compute::$item,
            $crate::fuzz::Service::Rokka => $crate::fuzz::services::rokka::$item,
            $crate::fuzz::Service::Sftpgo => $crate::fuzz::services::sftpgo::$item,
        }
    };
    ($service:expr => $($call:tt)+) => {
        match $service {
            $crate::fuzz::Service::Cbrain => $crate::fuzz::services::cbrain::$($call)+,
            $crate::fuzz::Service::OsparcStorage => {
                $crate::fuzz::services::osparc_storage::$($call)+
            }
            $crate::fuzz::Service::QiCompute => $crate::fuzz::services::qi_compute::$($call)+,
            $crate::fuzz::Service::Rokka => $crate::fuzz::services::rokka::$($call)+,
            $crate::fuzz::Service::Sftpgo => $crate::fuzz::services::sftpgo::$($call)+,
        }
    };
}

pub(super) use dispatch;

/// One service's module: its model list with `decode` and `sample`, and its operation list with
/// `call`, which runs the operation against this thread's canned transport.
///
/// An operation is `name(arguments)` (the configuration comes first, implicitly), followed by
/// `=> file` when it returns the raw response, whose body is then read too.
macro_rules! service {
    (
        $module:ident, $krate:ident :: apis :: $api:ident,
        models: [$($model:ident $(:: $inner:ident)?),+ $(,)?],
        operations: [$($operation:ident($($argument:expr),* $(,)?) $(=> $file:ident)?;)+]
    ) => {
        pub(super) mod $module {
            use super::*;
            use $krate::models;

            type Error<T> = $krate::apis::Error<T>;

            pub(crate) const MODELS: &[&str] = &[$(concat!(stringify!($model) $(, "::", stringify!($inner))?)),+];
            pub(crate) const OPERATIONS: &[&str] = &[$(stringify!($operation)),+];

            pub(crate) fn decode(model: usize, json: &[u8]) -> Result<(), serde_json::Error> {
                with_model(model, Decode(json))
            }

            pub(crate) fn sample(model: usize) -> serde_json::Value {
                with_model(model, Sample)
            }

            fn with_model<A: ModelAction>(model: usize, action: A) -> A::Output {
                let mut index = 0;
                $(
                    if index == model {
                        return action.apply::<models::$model $(:: $inner)?>(MODELS[index]);
                    }
                    index += 1;
                )+
                panic!("model {model} is out of range: {} has {index}", stringify!($module))
            }

            pub(crate) async fn call(operation: usize) -> Outcome {
                let configuration = configuration();
                let configuration = &configuration;
                let mut index = 0;
                $(
                    if index == operation {
                        let result = $krate::apis::$api::$operation(configuration, $($argument),*).await;
                        return service!(@outcome result $(, $file)?);
                    }
                    index += 1;
                )+
                panic!("operation {operation} is out of range: {} has {index}", stringify!($module))
            }

            fn configuration() -> $krate::apis::configuration::Configuration {
                thread_local! {
                    // Configuration::new builds a reqwest client: once per thread is enough.
                    static CONFIGURATION: $krate::apis::configuration::Configuration =
                        $krate::apis::configuration::Configuration {
                            base_path: "http://fuzz.invalid/api".to_owned(),
                            client: Transport::client(),
                            api_key: Some($krate::apis::configuration::ApiKey {
                                prefix: None,
                                key: "fuzz-key".to_owned(),
                            }),
                            ..$krate::apis::configuration::Configuration::new()
                        };
                }
                CONFIGURATION.with(Clone::clone)
            }

            fn outcome<T, E>(result: Result<T, Error<E>>) -> Outcome {
                match result {
                    Ok(_) => Outcome::Ok,
                    Err(Error::Serde(error)) => Outcome::Decode(error.to_string()),
                    Err(Error::SerdePathToError(error)) => Outcome::Decode(error.to_string()),
                    Err(Error::ResponseError(content)) => Outcome::Status(content.status.as_u16()),
                    Err(other) => Outcome::Other(other.to_string()),
                }
            }

            /// A file operation's outcome includes reading the whole body.
            #[allow(dead_code, reason = "not every service has a file operation")]
            async fn file<E>(result: Result<reqwest::Response, Error<E>>) -> Outcome {
                match result {
                    Ok(response) => match response.bytes().await {
                        Ok(_) => Outcome::Ok,
                        Err(error) => Outcome::Other(error.to_string()),
                    },
                    Err(error) => outcome::<(), _>(Err(error)),
                }
            }
        }
    };
    (@outcome $result:ident) => { outcome($result) };
    (@outcome $result:ident, file) => { file($result).await };
}

/// What to do with one model type, so that the list of types is written once.
trait ModelAction {
    type Output;
    fn apply<T: Model>(self, name: &str) -> Self::Output;
}

struct Decode<'a>(&'a [u8]);

impl ModelAction for Decode<'_> {
    type Output = Result<(), serde_json::Error>;
    fn apply<T: Model>(self, name: &str) -> Self::Output {
        round_trip::<T>(name, self.0)
    }
}

struct Sample;

impl ModelAction for Sample {
    type Output = serde_json::Value;
    fn apply<T: Model>(self, name: &str) -> Self::Output {
        sample::<T>(name)
    }
}

/// A file that exists, for the upload operations: the transport never reads request bodies, so
/// any readable file does, and this one is there wherever the harness was built.
fn upload() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
}

/// An oSPARC file id as the service spells them (project/node/name).
const FILE_ID: &str = "5f2a/0e1c/output.csv";

service!(
    cbrain, specfleet_cbrain::apis::userfiles_api,
    models: [MultiUserfilesModReq, Userfile, UserfileModReq],
    operations: [
        userfiles_change_provider_post(models::MultiUserfilesModReq::default());
        userfiles_compress_post(models::MultiUserfilesModReq::default());
        userfiles_delete_files_delete(models::MultiUserfilesModReq::default());
        userfiles_download_post(models::MultiUserfilesModReq::default()) => file;
        userfiles_get(Some(1), Some(25));
        userfiles_id_content_get(42) => file;
        userfiles_id_get(42);
        userfiles_id_put(42, models::UserfileModReq::default());
        userfiles_post(upload(), 1, 2, "SingleFile", Some("on"), Some("save"));
        userfiles_sync_multiple_post(models::MultiUserfilesModReq::default());
        userfiles_uncompress_post(models::MultiUserfilesModReq::default());
    ]
);

service!(
    osparc_storage, specfleet_osparc_storage::apis::default_api,
    models: [
        CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest, DatasetMetaData,
        DatasetMetaDataArrayEnveloped, Error, ErrorEnveloped, ErrorItem, Fake, FakeEnveloped,
        FileLocation, FileLocationArrayEnveloped, FileMetaData, FileMetaDataArrayEnveloped,
        FileMetaDataEnveloped, HealthCheck, HealthCheckEnveloped, LogMessage, log_message::Level,
        Owner, PresignedLink, PresignedLinkEnveloped, Project, ProjectLocked,
        project_locked::Status, ProjectRunningState, ProjectState, RunningState,
        TableSynchronisation, TableSynchronisationEnveloped,
    ],
    operations: [
        check_action_post("echo", Some("ping"), Some(models::Fake::default()));
        copy_as_soft_link(FILE_ID, 1, Some(models::CopyAsSoftLinkRequest::default()));
        copy_folders_from_project(1, Some(models::CopyFoldersFromProjectRequest::default()));
        delete_file(FILE_ID, "0", "1");
        delete_folders_of_project("5f2a", "1", Some("0e1c"));
        download_file(FILE_ID, "0", "1");
        get_datasets_metadata("0", "1");
        get_file_metadata(FILE_ID, "0", "1");
        get_files_metadata("0", "1", Some("5f2a"));
        get_files_metadata_dataset("0", "5f2a", "1");
        get_status();
        get_storage_locations("1");
        health_check();
        search_files_starting_with(1, Some("5f2a/"));
        synchronise_meta_data_table("0", Some(true), Some(false));
        update_file_meta_data(FILE_ID, "0", Some(models::FileMetaData::default()));
        upload_file(FILE_ID, "0", "1", Some("simcore.s3"), Some("api"));
    ]
);

service!(
    qi_compute, specfleet_qi_compute::apis::metadata_api,
    models: [
        HttpNotFoundError, HttpValidationError, LocationInner, Metadata, MetadataIn, PageMetadata,
        ValidationError,
    ],
    operations: [
        create_metadata_self_metadata_post(models::MetadataIn::default());
        read_metadata_by_backend_id_metadata_backend_backend_id_get(
            1, Some("created_at"), Some(true), Some(1), Some(50)
        );
        read_metadata_metadata_id_get(1);
    ]
);

service!(
    rokka, specfleet_rokka::apis::sourceimages_api,
    models: [ListSourceImagesResponse, SourceImage],
    operations: [
        copy_source_image("target-org", "acme", "c03683b0", Some("true"));
        create_source_image(upload(), "acme", Some(r#"{"crop": {}}"#), Some(r#"{"a": 1}"#));
        create_source_image_meta_dynamic_with_name(
            serde_json::json!({"width": 10}), "acme", "c03683b0", "crop_area", Some(true)
        );
        create_source_image_meta_user(serde_json::json!({"a": 1}), "acme", "c03683b0");
        create_source_image_meta_user_wth_name("value", "acme", "c03683b0", "field");
        delete_source_image("acme", "c03683b0");
        delete_source_image_meta_dynamic_with_name("acme", "c03683b0", "crop_area", Some(true));
        delete_source_image_meta_user("acme", "c03683b0");
        delete_source_image_meta_user_with_name("acme", "c03683b0", "field");
        download_source_image("acme", "c03683b0") => file;
        get_source_image("acme", "c03683b0");
        get_source_image_meta_user("acme", "c03683b0");
        get_source_image_meta_user_with_name("acme", "c03683b0", "field");
        list_source_images("acme", Some("0"), Some(20), Some("created"), Some(false));
        list_source_images_by_binary_hash("acme", "b1nary");
        patch_source_image_meta_user(serde_json::json!({"a": 2}), "acme", "c03683b0");
        restore_source_image("acme", "c03683b0");
    ]
);

service!(
    sftpgo, specfleet_sftpgo::apis::metadata_api,
    models: [ApiResponse, MetadataCheck],
    operations: [
        get_users_metadata_checks();
        start_user_metadata_check("alice");
    ]
);
