//! CBRAIN userfiles, token in the query: listing, a DELETE with a JSON body, upload, raw content.
use specfleet_cbrain::apis::{configuration::ApiKey, configuration::Configuration, userfiles_api};
use specfleet_cbrain::models::{MultiUserfilesModReq, Userfile};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{Part, TempFile, multipart_parts, only_request, query_pairs};

/// File content that is not UTF-8: the gzip magic number, then arbitrary bytes.
const CONTENT: &[u8] = b"\x1f\x8b\x08\x00\xff\xfe\x00\x80NIfTI\r\n\xc3\x28";

fn configuration(server: &MockServer) -> Configuration {
    Configuration {
        base_path: server.uri(),
        api_key: Some(ApiKey {
            prefix: None,
            key: "placeholder-cbrain-token".into(),
        }),
        ..Configuration::default()
    }
}

#[tokio::test]
async fn lists_userfiles_with_the_token_and_paging_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles"))
        .and(query_param("cbrain_api_token", "placeholder-cbrain-token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{
                "id": 12,
                "name": "sub-01_T1w.nii.gz",
                "size": 7_340_032,
                "user_id": 3,
                "type": "NiftiFile",
                "group_id": 5,
                "data_provider_id": 4,
                "group_writable": false,
                "num_files": 1,
                "hidden": false,
                "immutable": false,
                "archived": false,
                "description": "T1-weighted scan"
            }])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let userfiles = userfiles_api::userfiles_get(&configuration(&server), Some(2), Some(25))
        .await
        .expect("userfiles");

    assert_eq!(
        userfiles,
        vec![Userfile {
            id: Some(12),
            name: Some("sub-01_T1w.nii.gz".into()),
            size: Some(7_340_032),
            user_id: Some(3),
            r#type: Some("NiftiFile".into()),
            group_id: Some(5),
            data_provider_id: Some(4),
            group_writable: Some(false),
            num_files: Some(1),
            hidden: Some(false),
            immutable: Some(false),
            archived: Some(false),
            description: Some("T1-weighted scan".into()),
            ..Userfile::default()
        }]
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/userfiles");
    assert_eq!(
        query_pairs(&request),
        [
            ("page", "2"),
            ("per_page", "25"),
            ("cbrain_api_token", "placeholder-cbrain-token")
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
    );
    assert_eq!(request.headers["accept"], "application/json");
    assert!(
        request.headers.get("authorization").is_none(),
        "the token goes in the query only"
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn deletes_userfiles_with_a_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/userfiles/delete_files"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let files = MultiUserfilesModReq {
        file_ids: Some(vec!["12".into(), "13".into()]),
        ..MultiUserfilesModReq::default()
    };

    userfiles_api::userfiles_delete_files_delete(&configuration(&server), files)
        .await
        .expect("deletion started");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/userfiles/delete_files");
    assert_eq!(
        request.url.query(),
        Some("cbrain_api_token=placeholder-cbrain-token")
    );
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request
            .body_json::<serde_json::Value>()
            .expect("a JSON body"),
        serde_json::json!({"file_ids": ["12", "13"]})
    );
}

#[tokio::test]
async fn uploads_a_userfile_as_multipart_with_the_group_id_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/userfiles"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "notice": "File sub-01_T1w.nii.gz being added in background."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let file = TempFile::new("scan.nii.gz", CONTENT);

    let created = userfiles_api::userfiles_post(
        &configuration(&server),
        file.path().to_path_buf(),
        4,
        5,
        "SingleFile",
        None,
        None,
    )
    .await
    .expect("created");

    assert_eq!(
        created,
        serde_json::json!({"notice": "File sub-01_T1w.nii.gz being added in background."})
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/userfiles");
    assert_eq!(
        request.url.query(),
        Some("cbrain_api_token=placeholder-cbrain-token")
    );
    assert_eq!(request.headers["accept"], "application/json");
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            Part {
                name: "upload_file".into(),
                file_name: Some(file.name()),
                content_type: None,
                content: CONTENT.to_vec()
            },
            Part {
                name: "data_provider_id".into(),
                file_name: None,
                content_type: None,
                content: b"4".to_vec()
            },
            Part {
                name: "userfile[group_id]".into(),
                file_name: None,
                content_type: None,
                content: b"5".to_vec()
            },
            Part {
                name: "file_type".into(),
                file_name: None,
                content_type: None,
                content: b"SingleFile".to_vec()
            },
        ]
    );
}

#[tokio::test]
async fn reads_userfile_content_bytes_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userfiles/12/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CONTENT, "application/octet-stream"))
        .expect(1)
        .mount(&server)
        .await;

    let response = userfiles_api::userfiles_id_content_get(&configuration(&server), 12)
        .await
        .expect("the content");

    assert_eq!(response.bytes().await.expect("the body"), CONTENT);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.query(),
        Some("cbrain_api_token=placeholder-cbrain-token")
    );
    assert_eq!(request.headers["accept"], "application/*, text/*");
    assert!(request.body.is_empty());
}
