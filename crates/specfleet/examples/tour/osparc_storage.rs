//! o²S²PARC storage: check the service, list the locations, get an upload link for a result
//! file, read and annotate its metadata, share it as a soft link, browse datcore, copy a
//! project's data, clean up, and meet an error hidden in a 200 envelope.

use std::collections::HashMap;

use serde_json::{from_value, json};
use specfleet::osparc_storage::generated::models::{
    CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest, DatasetMetaDataArrayEnveloped,
    ErrorEnveloped, FakeEnveloped, FileLocationArrayEnveloped, FileMetaDataArrayEnveloped,
    FileMetaDataEnveloped, HealthCheckEnveloped, PresignedLinkEnveloped,
    TableSynchronisationEnveloped,
};
use specfleet::osparc_storage::mock::{MockServer, Response};
use specfleet::osparc_storage::{self, FileMetaData, PresignedLink, Project};

const PROJECT: &str = "9f4c4b8e-2d0a-4b0e-8d3e-6f1a2b3c4d5e";
const COPY: &str = "b0b0cafe-0000-4000-8000-000000000001";
const NODE: &str = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const COPY_NODE: &str = "5e1f0000-0000-4000-8000-00000000000b";
const FILE_ID: &str =
    "9f4c4b8e-2d0a-4b0e-8d3e-6f1a2b3c4d5e/1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d/activation.csv";
const LINK_ID: &str = "api/7c0ffee0-0000-4000-8000-000000000003/activation.csv";

fn file(file_id: &str, node_name: &str) -> serde_json::Result<FileMetaData> {
    from_value(json!({
        "file_uuid": file_id,
        "location_id": "0",
        "location": "simcore.s3",
        "bucket_name": "simcore",
        "object_name": file_id,
        "project_id": PROJECT,
        "project_name": "Cardiac electrophysiology",
        "node_id": NODE,
        "node_name": node_name,
        "file_name": "activation.csv",
        "user_id": "42",
        "user_name": "alice",
        "file_id": file_id,
        "display_file_path": format!("Cardiac electrophysiology/{node_name}/activation.csv"),
        "created_at": "2021-09-27 10:12:03.123456",
        "last_modified": "2021-09-27T10:12:04+00:00",
        "file_size": 7_340_032,
        "entity_tag": "\"5d41402abc4b2a76b9719d911017c592\""
    }))
}

fn project(uuid: &str, name: &str, node: &str) -> serde_json::Result<Project> {
    from_value(json!({
        "uuid": uuid,
        "name": name,
        "description": "Action potential propagation in a ventricular slab",
        "prjOwner": "alice@example.com",
        "accessRights": {"3": {"read": true, "write": true, "delete": true}},
        "creationDate": "2021-09-20T08:00:00.000Z",
        "lastChangeDate": "2021-09-27T10:00:00.000Z",
        "thumbnail": "",
        "workbench": {
            node: {"key": "simcore/services/comp/itis/sleeper", "version": "2.0.2", "label": "solver"}
        }
    }))
}

/// The mock of the service: every answer is the operation's typed envelope.
async fn mock_storage() -> serde_json::Result<MockServer> {
    let server = MockServer::start().await;
    let annotated = file(FILE_ID, "solver (final run)")?;
    let link = file(LINK_ID, "solver (final run)")?;
    let health = from_value(json!({
        "name": "simcore-service-storage",
        "status": "SERVICE_RUNNING",
        "api_version": "0.2.1",
        "version": "0.2.1"
    }))?;
    server
        .health_check()
        .respond(&HealthCheckEnveloped::new(health, None));
    server.get_status().respond();
    let echo = json!({"path_value": "echo", "query_value": "ping", "body_value": {}});
    server
        .check_action_post("echo")
        .data("ping")
        .respond(&FakeEnveloped::new(from_value(echo)?, None));
    let locations = json!([{"name": "simcore.s3", "id": 0}, {"name": "datcore", "id": 1}]);
    let locations = FileLocationArrayEnveloped::new(from_value(locations)?, None);
    server.get_storage_locations().respond(&locations);

    let signed = "https://s3.example.com/simcore/9f4c4b8e/activation.csv";
    let upload = PresignedLink::new(format!("{signed}?X-Amz-Signature=3f1c"));
    server
        .upload_file(FILE_ID, "0")
        .respond(&PresignedLinkEnveloped::new(upload, None));
    let download = PresignedLink::new(format!("{signed}?X-Amz-Expires=3600"));
    server
        .download_file(FILE_ID, "0")
        .respond(&PresignedLinkEnveloped::new(download, None));
    server
        .get_file_metadata(FILE_ID, "0")
        .respond(&FileMetaDataEnveloped::new(file(FILE_ID, "solver")?, None));
    // The update must carry the new node name; the service answers with what it stored.
    let mut renamed = file(FILE_ID, "solver")?;
    renamed.node_name = Some("solver (final run)".to_owned());
    server
        .update_file_meta_data(FILE_ID, "0")
        .file_meta_data(renamed)
        .respond(&FileMetaDataEnveloped::new(annotated.clone(), None));
    let listed = FileMetaDataArrayEnveloped::new(vec![annotated.clone()], None);
    server
        .get_files_metadata("0")
        .uuid_filter(PROJECT)
        .respond(&listed);
    server
        .copy_as_soft_link(FILE_ID)
        .copy_as_soft_link_request(CopyAsSoftLinkRequest::new(LINK_ID.to_owned()))
        .respond(&FileMetaDataEnveloped::new(link.clone(), None));
    let found = FileMetaDataArrayEnveloped::new(vec![annotated, link], None);
    server
        .search_files_starting_with()
        .startswith(format!("{PROJECT}/"))
        .respond(&found);

    let datasets = json!([
        {"dataset_id": "N:dataset:7d8a5a6f", "display_name": "Rat heart MRI"},
        {"dataset_id": "N:dataset:1b2c3d4e", "display_name": "Vagus nerve recordings"}
    ]);
    let datasets = DatasetMetaDataArrayEnveloped::new(from_value(datasets)?, None);
    server.get_datasets_metadata("1").respond(&datasets);
    let scans = json!([{
        "file_uuid": "N:package:3c1d2e6a",
        "location_id": "1",
        "location": "datcore",
        "display_file_path": "Rat heart MRI/scans/heart_t2.nii.gz",
        "file_size": 52_428_800
    }]);
    server
        .get_files_metadata_dataset("1", "N:dataset:7d8a5a6f")
        .respond(&FileMetaDataArrayEnveloped::new(from_value(scans)?, None));
    let report = json!({
        "dry_run": true,
        "fire_and_forget": false,
        "removed": [format!("{PROJECT}/{NODE}/stale.h5")]
    });
    let report = TableSynchronisationEnveloped::new(from_value(report)?, None);
    server.synchronise_meta_data_table("0").respond(&report);

    let copy = project(COPY, "Cardiac electrophysiology (copy)", COPY_NODE)?;
    server.copy_folders_from_project().respond(&copy);
    server.delete_folders_of_project(COPY).respond();
    server.delete_file(FILE_ID, "0").respond();

    // An error inside a 200 envelope does not fit the success type (its `data` is required):
    // answer it as the service does, with `respond_with`.
    let not_found = json!({
        "errors": [{"code": "FileNotFound", "message": "File missing.csv was not found"}],
        "status": 404
    });
    server
        .get_file_metadata(format!("{PROJECT}/{NODE}/missing.csv"), "0")
        .respond_with(Response::new(200).json(&ErrorEnveloped::new(None, from_value(not_found)?)));
    Ok(server)
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== o²S²PARC storage");
    let server = mock_storage().await?;
    let storage = osparc_storage::Client::builder()
        .base_url(server.uri())
        .build()?;

    let health = storage.health().into_data().await?;
    println!(
        "health: {} {} is {}",
        health.name.unwrap_or_default(),
        health.version.unwrap_or_default(),
        health.status.unwrap_or_default()
    );
    storage.status().await?;
    println!("status: the service and its dependencies answer");
    let echo = storage.check("echo").data("ping").into_data().await?;
    println!("checkpoint echo: {}", echo.query_value);

    // The service has no authentication: each operation names the user it acts for.
    let alice = storage.user(42);
    let locations = alice.locations().into_data().await?;
    let names: Vec<_> = locations
        .into_iter()
        .filter_map(|location| location.name)
        .collect();
    println!("locations of user 42: {}", names.join(", "));

    let s3 = alice.location(0);
    let file = s3.file(FILE_ID);
    let upload = file.upload_link().into_data().await?;
    println!("upload activation.csv with PUT {}", upload.link);
    let mut metadata = file.metadata().into_data().await?;
    println!(
        "metadata: {} bytes, node {}",
        metadata.file_size.unwrap_or_default(),
        metadata.node_name.as_deref().unwrap_or_default()
    );
    metadata.node_name = Some("solver (final run)".to_owned());
    let stored = file
        .update_metadata()
        .file_meta_data(metadata)
        .into_data()
        .await?;
    println!(
        "renamed the node to {:?}",
        stored.node_name.unwrap_or_default()
    );
    let listed = s3.files().uuid_filter(PROJECT).into_data().await?;
    println!("files of the project at simcore.s3: {}", listed.len());
    let download = file.download_link().into_data().await?;
    println!("download with GET {}", download.link);

    let link = alice
        .soft_copy(FILE_ID)
        .copy_as_soft_link_request(CopyAsSoftLinkRequest::new(LINK_ID.to_owned()))
        .into_data()
        .await?;
    println!("soft link: {}", link.file_id.unwrap_or_default());
    let found = alice
        .search()
        .startswith(format!("{PROJECT}/"))
        .into_data()
        .await?;
    println!("files whose id starts with the project: {}", found.len());

    let datcore = alice.location(1);
    for dataset in datcore.datasets().into_data().await? {
        println!(
            "datcore dataset {}: {}",
            dataset.dataset_id.unwrap_or_default(),
            dataset.display_name.unwrap_or_default()
        );
    }
    let scans = datcore
        .dataset_files("N:dataset:7d8a5a6f")
        .into_data()
        .await?;
    println!(
        "files of Rat heart MRI: {}",
        scans
            .iter()
            .filter_map(|scan| scan.display_file_path.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let report = storage.synchronise(0).into_data().await?;
    println!(
        "metadata sync (dry run): would remove {}",
        report.removed.join(", ")
    );

    let mut copy = CopyFoldersFromProjectRequest::new();
    copy.source = Some(Box::new(project(
        PROJECT,
        "Cardiac electrophysiology",
        NODE,
    )?));
    copy.destination = Some(Box::new(project(
        COPY,
        "Cardiac electrophysiology (copy)",
        COPY_NODE,
    )?));
    copy.nodes_map = Some(HashMap::from([(NODE.to_owned(), COPY_NODE.to_owned())]));
    let copied = alice
        .copy_project_folders()
        .copy_folders_from_project_request(copy)
        .await?;
    println!("copied the project's data into {:?}", copied.name);
    alice
        .delete_project_folders(copied.uuid.to_string())
        .await?;
    println!("deleted the data of the copy");
    file.delete().await?;
    println!("deleted activation.csv");

    let missing = s3.file(format!("{PROJECT}/{NODE}/missing.csv"));
    match missing.metadata().into_data().await {
        Err(error) => println!("metadata of missing.csv: {error}"),
        Ok(_) => println!("metadata of missing.csv: found (unexpected)"),
    }
    Ok(())
}
