//! Every model and every operation of the five generated crates, named once: a model or an
//! operation that disappears or changes its signature fails to compile here.

use std::fmt::Debug;

use serde::Serialize;
use specfleet_runtime::{Download, Error, ErrorKind, Upload};

use super::models::{Model, round_trip, sample};
use super::{Canned, EnumDecoded, Outcome};

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

/// One service's module: its model list with `decode` and `sample`, its enum list (each enum
/// with the values it knows) with `enum_values` and `decode_enum`, and its operation list with
/// `call`, which runs the operation against this thread's canned transport.
///
/// An operation is `name(arguments)` (the client comes first, implicitly), then any optional
/// parameters as `.setter(value)`, then `=> file` when it returns a download, whose body is
/// then read too.
macro_rules! service {
    (
        $module:ident, $krate:ident :: apis :: $api:ident,
        models: [$($model:ident $(:: $inner:ident)?),+ $(,)?],
        enums: [$($enum:ident $(:: $enum_inner:ident)? = [$($value:literal),+ $(,)?]),* $(,)?],
        operations: [
            $($operation:ident($($argument:expr),* $(,)?) $(.$setter:ident($option:expr))* $(=> $file:ident)?;)+
        ]
    ) => {
        pub(super) mod $module {
            use super::*;
            use $krate::models;

            pub(crate) const MODELS: &[&str] = &[$(concat!(stringify!($model) $(, "::", stringify!($inner))?)),+];
            pub(crate) const ENUMS: &[&str] = &[$(concat!(stringify!($enum) $(, "::", stringify!($enum_inner))?)),*];
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

            pub(crate) fn enum_values(enum_index: usize) -> Vec<serde_json::Value> {
                let values: Vec<Vec<serde_json::Value>> =
                    vec![$(vec![$(serde_json::Value::from($value)),+]),*];
                values.into_iter().nth(enum_index).unwrap_or_else(|| {
                    panic!("enum {enum_index} is out of range: {} has {}", stringify!($module), ENUMS.len())
                })
            }

            pub(crate) fn decode_enum(
                enum_index: usize,
                json: &[u8],
            ) -> Result<EnumDecoded, serde_json::Error> {
                // One decoder per enum: each names its own `UnknownValue` variant.
                let decoders: &[fn(&[u8]) -> Result<EnumDecoded, serde_json::Error>] = &[$(
                    |json| {
                        let decoded: models::$enum $(:: $enum_inner)? = serde_json::from_slice(json)?;
                        let unknown = match &decoded {
                            models::$enum $(:: $enum_inner)?::UnknownValue(value) => Some(
                                serde_json::to_value(value).expect("a string or an integer is JSON"),
                            ),
                            _ => None,
                        };
                        Ok(EnumDecoded { unknown, encoded: encode_enum(&decoded) })
                    }
                ),*];
                let decoder = decoders.get(enum_index).unwrap_or_else(|| {
                    panic!("enum {enum_index} is out of range: {} has {}", stringify!($module), ENUMS.len())
                });
                decoder(json)
            }

            pub(crate) async fn call(operation: usize) -> Outcome {
                let client = &client();
                let mut index = 0;
                $(
                    if index == operation {
                        let result = $krate::apis::$api::$operation(client, $($argument),*)
                            $(.$setter($option))*
                            .await;
                        return service!(@outcome result $(, $file)?);
                    }
                    index += 1;
                )+
                panic!("operation {operation} is out of range: {} has {index}", stringify!($module))
            }

            /// This thread's client: building one builds a reqwest client, once per thread is
            /// enough.
            fn client() -> $krate::Client {
                thread_local! {
                    static CLIENT: $krate::Client = $krate::client()
                        .base_url("http://fuzz.invalid/api")
                        .api_key("fuzz-key")
                        .bearer_token("fuzz-token")
                        .transport(Canned::transport())
                        .build()
                        .expect("the fuzz client's settings are valid");
                }
                CLIENT.with(Clone::clone)
            }
        }
    };
    (@outcome $result:ident) => { outcome($result) };
    (@outcome $result:ident, file) => { file($result).await };
}

/// The outcome of a call, whatever its typed error body.
fn outcome<T, E>(result: Result<T, Error<E>>) -> Outcome {
    let Err(error) = result else {
        return Outcome::Ok;
    };
    match error.kind() {
        ErrorKind::Decode { .. } => Outcome::Decode(error.to_string()),
        ErrorKind::Status { status, .. } => Outcome::Status(status.as_u16()),
        _ => Outcome::Other(error.to_string()),
    }
}

/// A download's outcome includes reading the whole body.
async fn file<E>(result: Result<Download<E>, Error<E>>) -> Outcome {
    match result {
        Ok(download) => outcome(download.bytes().await),
        Err(error) => outcome::<(), _>(Err(error)),
    }
}

fn encode_enum<T: Serialize + Debug>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|error| panic!("the enum value {value:?} does not encode: {error}"))
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

/// A file for the upload operations: the transport never reads request bodies, so a few bytes
/// do, and the `.png` name gives the multipart part a guessed media type as a real upload would.
fn upload() -> Upload {
    Upload::bytes("upload.png", &b"\x89PNG\r\n\x1a\n"[..])
}

/// An oSPARC file id as the service spells them (project/node/name).
const FILE_ID: &str = "5f2a/0e1c/output.csv";

service!(
    cbrain, specfleet_cbrain::apis::userfiles_api,
    models: [MultiUserfilesModReq, Userfile, UserfileModReq],
    enums: [],
    operations: [
        userfiles_change_provider_post(models::MultiUserfilesModReq::default());
        userfiles_compress_post(models::MultiUserfilesModReq::default());
        userfiles_delete_files_delete(models::MultiUserfilesModReq::default());
        userfiles_download_post(models::MultiUserfilesModReq::default()) => file;
        userfiles_get().page(1).per_page(25);
        userfiles_id_content_get(42) => file;
        userfiles_id_get(42);
        userfiles_id_put(42, models::UserfileModReq::default());
        userfiles_post(upload(), 1, 2, "SingleFile").do_extract("on").up_ex_mode("save");
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
    enums: [
        log_message::Level = ["DEBUG", "WARNING", "INFO", "ERROR"],
        project_locked::Status = [
            "CLOSED", "CLOSING", "CLONING", "OPENING", "EXPORTING", "OPENED",
        ],
        RunningState = [
            "UNKNOWN", "NOT_STARTED", "PUBLISHED", "PENDING", "STARTED", "RETRY", "SUCCESS",
            "FAILED", "ABORTED",
        ],
    ],
    operations: [
        check_action_post("echo").data("ping").fake(models::Fake::default());
        copy_as_soft_link(FILE_ID, 1)
            .copy_as_soft_link_request(models::CopyAsSoftLinkRequest::default());
        copy_folders_from_project(1)
            .copy_folders_from_project_request(models::CopyFoldersFromProjectRequest::default());
        delete_file(FILE_ID, "0", "1");
        delete_folders_of_project("5f2a", "1").node_id("0e1c");
        download_file(FILE_ID, "0", "1");
        get_datasets_metadata("0", "1");
        get_file_metadata(FILE_ID, "0", "1");
        get_files_metadata("0", "1").uuid_filter("5f2a");
        get_files_metadata_dataset("0", "5f2a", "1");
        get_status();
        get_storage_locations("1");
        health_check();
        search_files_starting_with(1).startswith("5f2a/");
        synchronise_meta_data_table("0").dry_run(true).fire_and_forget(false);
        update_file_meta_data(FILE_ID, "0").file_meta_data(models::FileMetaData::default());
        upload_file(FILE_ID, "0", "1").extra_location("simcore.s3").extra_source("api");
    ]
);

service!(
    qi_compute, specfleet_qi_compute::apis::metadata_api,
    models: [
        HttpNotFoundError, HttpValidationError, LocationInner, Metadata, MetadataIn, PageMetadata,
        ValidationError,
    ],
    enums: [],
    operations: [
        create_metadata_self_metadata_post(models::MetadataIn::default());
        read_metadata_by_backend_id_metadata_backend_backend_id_get(1)
            .sort_by("created_at")
            .latest(true)
            .page(1)
            .size(50);
        read_metadata_metadata_id_get(1);
    ]
);

service!(
    rokka, specfleet_rokka::apis::sourceimages_api,
    models: [ListSourceImagesResponse, SourceImage],
    enums: [],
    operations: [
        copy_source_image("target-org", "acme", "c03683b0").overwrite("true");
        create_source_image(upload(), "acme")
            .meta_dynamic(r#"{"crop": {}}"#)
            .meta_user(r#"{"a": 1}"#);
        create_source_image_meta_dynamic_with_name(
            serde_json::json!({"width": 10}), "acme", "c03683b0", "crop_area"
        )
        .delete_previous(true);
        create_source_image_meta_user(serde_json::json!({"a": 1}), "acme", "c03683b0");
        create_source_image_meta_user_wth_name("value", "acme", "c03683b0", "field");
        delete_source_image("acme", "c03683b0");
        delete_source_image_meta_dynamic_with_name("acme", "c03683b0", "crop_area")
            .delete_previous(true);
        delete_source_image_meta_user("acme", "c03683b0");
        delete_source_image_meta_user_with_name("acme", "c03683b0", "field");
        download_source_image("acme", "c03683b0") => file;
        get_source_image("acme", "c03683b0");
        get_source_image_meta_user("acme", "c03683b0");
        get_source_image_meta_user_with_name("acme", "c03683b0", "field");
        list_source_images("acme").offset("0").limit(20).sort("created").deleted(false);
        list_source_images_by_binary_hash("acme", "b1nary");
        patch_source_image_meta_user(serde_json::json!({"a": 2}), "acme", "c03683b0");
        restore_source_image("acme", "c03683b0");
    ]
);

service!(
    sftpgo, specfleet_sftpgo::apis::metadata_api,
    models: [ApiResponse, MetadataCheck],
    enums: [],
    operations: [
        get_users_metadata_checks();
        start_user_metadata_check("alice");
    ]
);
