//! rokka source images with `api-key`: listing, multipart upload, copy headers, binary download.
use specfleet_rokka::apis::{
    configuration::ApiKey, configuration::Configuration, sourceimages_api,
};
use specfleet_rokka::models::{ListSourceImagesResponse, SourceImage};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{Part, TempFile, multipart_parts, only_request, query_pairs};

/// The first bytes of a PNG, then bytes that are not UTF-8 on their own.
const IMAGE: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x80\x00";

fn configuration(server: &MockServer) -> Configuration {
    Configuration {
        base_path: server.uri(),
        api_key: Some(ApiKey {
            prefix: None,
            key: "placeholder-rokka-key".into(),
        }),
        ..Configuration::default()
    }
}

#[tokio::test]
async fn lists_source_images_with_the_api_key_and_paging() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sourceimages/acme"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "total": 3,
            "items": [{
                "hash": "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7",
                "short_hash": "c421f4",
                "binary_hash": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
                "created": "2024-02-03T04:05:06+00:00",
                "name": "team.png",
                "mimetype": "image/png",
                "format": "png",
                "size": 20480,
                "width": 640,
                "height": 480,
                "organization": "acme",
                "link": "/sourceimages/acme/c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7",
                "user_metadata": {"photographer": "Jane"},
                "deleted": true
            }],
            "cursor": "next-cursor",
            "links": {"next": {"href": "/sourceimages/acme?offset=next-cursor"}}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let list = sourceimages_api::list_source_images(
        &configuration(&server),
        "acme",
        Some("first-cursor"),
        Some(2),
        Some("created desc"),
        Some(true),
    )
    .await
    .expect("a page of images");

    assert_eq!(
        list,
        ListSourceImagesResponse {
            total: Some(3),
            items: Some(vec![SourceImage {
                hash: Some("c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7".into()),
                short_hash: Some("c421f4".into()),
                binary_hash: Some("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3".into()),
                created: Some(
                    "2024-02-03T04:05:06+00:00"
                        .parse()
                        .expect("an RFC 3339 date-time")
                ),
                name: Some("team.png".into()),
                mimetype: Some("image/png".into()),
                format: Some("png".into()),
                size: Some(20480),
                width: Some(640),
                height: Some(480),
                organization: Some("acme".into()),
                link: Some("/sourceimages/acme/c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7".into()),
                user_metadata: Some(serde_json::json!({"photographer": "Jane"})),
                deleted: Some(true),
                ..SourceImage::default()
            }]),
            cursor: Some("next-cursor".into()),
            links: Some(
                serde_json::json!({"next": {"href": "/sourceimages/acme?offset=next-cursor"}})
            ),
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/sourceimages/acme");
    assert_eq!(
        query_pairs(&request),
        [
            ("offset", "first-cursor"),
            ("limit", "2"),
            ("sort", "created desc"),
            ("deleted", "true")
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
    );
    assert_eq!(request.headers["api-key"], "placeholder-rokka-key");
    assert!(request.headers.get("authorization").is_none());
    assert_eq!(request.headers["accept"], "application/json");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn uploads_a_source_image_as_multipart_with_user_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sourceimages/acme"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "total": 1,
            "items": [{
                "hash": "0dcabb3b1e3e1b7d",
                "name": "upload.png",
                "user_metadata": {"photographer": "Jane"}
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let file = TempFile::new("upload.png", IMAGE);

    let created = sourceimages_api::create_source_image(
        &configuration(&server),
        file.path().to_path_buf(),
        "acme",
        None,
        Some(r#"{"photographer":"Jane"}"#),
    )
    .await
    .expect("created images");

    assert_eq!(
        created,
        ListSourceImagesResponse {
            total: Some(1),
            items: Some(vec![SourceImage {
                hash: Some("0dcabb3b1e3e1b7d".into()),
                name: Some("upload.png".into()),
                user_metadata: Some(serde_json::json!({"photographer": "Jane"})),
                ..SourceImage::default()
            }]),
            ..ListSourceImagesResponse::default()
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/sourceimages/acme");
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["api-key"], "placeholder-rokka-key");
    assert_eq!(request.headers["accept"], "application/json");
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            Part {
                name: "filedata".into(),
                file_name: Some(file.name()),
                content_type: None,
                content: IMAGE.to_vec()
            },
            Part {
                name: "meta_user[]".into(),
                file_name: None,
                content_type: None,
                content: br#"{"photographer":"Jane"}"#.to_vec()
            },
        ]
    );
}

#[tokio::test]
async fn copies_a_source_image_with_the_destination_and_overwrite_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/sourceimages/acme/c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7/copy",
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    sourceimages_api::copy_source_image(
        &configuration(&server),
        "acme-archive",
        "acme",
        "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7",
        Some("F"),
    )
    .await
    .expect("copied");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request.url.path(),
        "/sourceimages/acme/c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7/copy"
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["destination"], "acme-archive");
    assert_eq!(request.headers["overwrite"], "F");
    assert_eq!(request.headers["api-key"], "placeholder-rokka-key");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn downloads_the_source_image_bytes_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/sourceimages/acme/c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7/download",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(IMAGE, "image/png"))
        .expect(1)
        .mount(&server)
        .await;

    let response = sourceimages_api::download_source_image(
        &configuration(&server),
        "acme",
        "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7",
    )
    .await
    .expect("the image");

    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await.expect("the body"), IMAGE);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.headers["api-key"], "placeholder-rokka-key");
    assert_eq!(request.headers["accept"], "*/*");
    assert!(request.body.is_empty());
}
