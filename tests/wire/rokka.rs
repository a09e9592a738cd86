//! rokka source images with the `api-key` header: all 17 operations on the wire (paging defaults,
//! multipart upload, copy headers, JSON object and JSON string bodies, `deletePrevious`,
//! percent-encoded path segments), every documented response decoded, binary downloads intact,
//! and undocumented error statuses.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use serde_json::json;
use specfleet_rokka::apis::sourceimages_api;
use specfleet_rokka::{Client, Error, ErrorBody, ErrorKind, Upload};
use wiremock::{MockServer, Request, ResponseTemplate};

use crate::support::{
    Part, TempFile, assert_decoded_snapshot, assert_request_snapshot, multipart_parts,
    only_request, query_pairs, serve,
};

const API_KEY: &str = "placeholder-rokka-key";
const ORGANIZATION: &str = "acme";
/// A source image hash (rokka hashes are 40 hex digits).
const HASH: &str = "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7";
/// The hash the image gets once its dynamic metadata changed.
const NEW_HASH: &str = "5c8f2d1e9b3a4c7d6e0f1a2b3c4d5e6f7a8b9c0d";
/// The SHA-1 of [`IMAGE`].
const BINARY_HASH: &str = "e21fc18d1763206be6314281d750d6847bce0a6c";

/// A complete 1x1 PNG: NUL, CR LF and bytes that are not UTF-8 (0x89, 0xde, 0xff...).
const IMAGE: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\
\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xdf\xc0\x00\x00\x04\x01\x01\x80\xc5*\x18]\
\x00\x00\x00\x00IEND\xaeB`\x82";

/// Characters that must be percent-encoded in a path segment, in every path parameter.
const ENCODED_ORGANIZATION: &str = "acme corp/eu?#%é";
const ENCODED_HASH: &str = "c421f4 /?#%ü";
const ENCODED_META_NAME: &str = "taken by/at?#%ß";

fn client(server: &MockServer) -> Client {
    specfleet_rokka::client()
        .base_url(server.uri())
        .api_key(API_KEY)
        .build()
        .expect("a client")
}

/// A `SourceImage` as rokka sends it.
fn source_image(hash: &str) -> serde_json::Value {
    json!({
        "hash": hash,
        "short_hash": &hash[..6],
        "binary_hash": BINARY_HASH,
        "created": "2024-02-03T04:05:06+00:00",
        "name": "team-photo.png",
        "mimetype": "image/png",
        "format": "png",
        "size": 69,
        "width": 1,
        "height": 1,
        "organization": ORGANIZATION,
        "link": format!("/sourceimages/{ORGANIZATION}/{hash}"),
        "dynamic_metadata": {},
        "static_metadata": {"dpi": 72},
        "user_metadata": {"photographer": "Jane Doe", "int:rating": 5},
        "deleted": false
    })
}

/// The same image with a subject area: what the dynamic metadata operations answer.
fn source_image_with_subject_area(hash: &str) -> serde_json::Value {
    let mut image = source_image(hash);
    image["dynamic_metadata"] =
        json!({"subject_area": {"x": 100, "y": 120, "width": 400, "height": 300}});
    image
}

fn json_ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The JSON error body rokka sends (no error status is documented in the spec).
fn rokka_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": {"code": status, "message": message}}))
}

/// A 500 HTML error page, as a proxy in front of rokka sends it.
fn html_error() -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_raw(
        "<html><head><title>500 Internal Server Error</title></head>\
         <body><h1>Internal Server Error</h1></body></html>",
        "text/html",
    )
}

// list_source_images

fn list_page() -> serde_json::Value {
    let mut deleted = source_image(NEW_HASH);
    deleted["created"] = json!("2024-03-01T09:30:00.250+01:00");
    deleted["deleted"] = json!(true);
    deleted["deleted_date"] = json!("2024-03-02T10:00:00+01:00");
    json!({
        "total": 2,
        "items": [source_image(HASH), deleted],
        "cursor": "AoJ+9w/2bmV4dA==",
        "links": {"next": {"href": "/sourceimages/acme?offset=AoJ%2B9w%2F2bmV4dA%3D%3D"}}
    })
}

#[tokio::test]
async fn list_source_images_without_optional_parameters() {
    let server = serve(json_ok(list_page())).await;
    let page = sourceimages_api::list_source_images(&client(&server), ORGANIZATION).await;
    assert_decoded_snapshot!("list_source_images__response_200", page);
    assert_request_snapshot!("list_source_images__no_optional_parameters", &server);
}

#[tokio::test]
async fn list_source_images_with_the_seed_defaults_explicit() {
    let server = serve(json_ok(list_page())).await;
    sourceimages_api::list_source_images(&client(&server), ORGANIZATION)
        .offset("0")
        .limit(100)
        .sort("created desc")
        .deleted(false)
        .await
        .expect("a page");
    assert_eq!(
        query_pairs(&only_request(&server).await),
        [
            ("offset", "0"),
            ("limit", "100"),
            ("sort", "created desc"),
            ("deleted", "false")
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
    );
    assert_request_snapshot!("list_source_images__explicit_defaults", &server);
}

#[tokio::test]
async fn list_source_images_with_a_cursor_and_other_values() {
    let server = serve(json_ok(list_page())).await;
    sourceimages_api::list_source_images(&client(&server), ORGANIZATION)
        .offset("AoJ+9w/2bmV4dA==")
        .limit(2000)
        .sort("user:int:rating asc")
        .deleted(true)
        .await
        .expect("a page");
    assert_eq!(
        query_pairs(&only_request(&server).await),
        [
            ("offset", "AoJ+9w/2bmV4dA=="),
            ("limit", "2000"),
            ("sort", "user:int:rating asc"),
            ("deleted", "true")
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
    );
    assert_request_snapshot!("list_source_images__other_values", &server);
}

#[tokio::test]
async fn list_source_images_by_binary_hash_sends_the_binary_hash() {
    let server = serve(json_ok(json!({
        "total": 2,
        "items": [source_image(HASH), source_image_with_subject_area(NEW_HASH)]
    })))
    .await;
    let page = sourceimages_api::list_source_images_by_binary_hash(
        &client(&server),
        ORGANIZATION,
        BINARY_HASH,
    )
    .await;
    assert_decoded_snapshot!("list_source_images_by_binary_hash__response_200", page);
    assert_request_snapshot!("list_source_images_by_binary_hash__binary_hash", &server);
}

// create_source_image

fn created_page(user_metadata: serde_json::Value) -> serde_json::Value {
    let mut image = source_image(HASH);
    image["user_metadata"] = user_metadata;
    json!({"total": 1, "items": [image]})
}

#[tokio::test]
async fn create_source_image_uploads_the_file_alone() {
    let server = serve(json_ok(created_page(json!({})))).await;
    let file = TempFile::new("team-photo.png", IMAGE);
    let created = sourceimages_api::create_source_image(
        &client(&server),
        Upload::path(file.path()),
        ORGANIZATION,
    )
    .await;
    assert_decoded_snapshot!("create_source_image__response_200", created);
    // The part's media type is guessed from the file name.
    assert_eq!(
        multipart_parts(&only_request(&server).await).await,
        vec![Part {
            name: "filedata".into(),
            file_name: Some(file.name()),
            content_type: Some("image/png".into()),
            content: IMAGE.to_vec()
        }]
    );
    assert_request_snapshot!("create_source_image__file_only", &server);
}

#[tokio::test]
async fn create_source_image_uploads_the_file_with_its_metadata() {
    let server = serve(json_ok(created_page(
        json!({"photographer": "Jane Doe", "int:rating": 5}),
    )))
    .await;
    let file = TempFile::new("team-photo.png", IMAGE);
    let meta_dynamic = r#"{"subject_area":{"x":100,"y":120,"width":400,"height":300}}"#;
    let meta_user = r#"{"photographer":"Jane Doe","int:rating":5}"#;
    sourceimages_api::create_source_image(
        &client(&server),
        Upload::path(file.path()),
        ORGANIZATION,
    )
    .meta_dynamic(meta_dynamic)
    .meta_user(meta_user)
    .await
    .expect("the created image");
    assert_eq!(
        multipart_parts(&only_request(&server).await).await,
        vec![
            Part {
                name: "filedata".into(),
                file_name: Some(file.name()),
                content_type: Some("image/png".into()),
                content: IMAGE.to_vec()
            },
            Part {
                name: "meta_dynamic[]".into(),
                file_name: None,
                content_type: None,
                content: meta_dynamic.as_bytes().to_vec()
            },
            Part {
                name: "meta_user[]".into(),
                file_name: None,
                content_type: None,
                content: meta_user.as_bytes().to_vec()
            },
        ]
    );
    assert_request_snapshot!("create_source_image__with_metadata", &server);
}

// get_source_image, restore_source_image, delete_source_image

#[tokio::test]
async fn get_source_image_decodes_json_with_a_charset() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(
        source_image(HASH).to_string(),
        "application/json; charset=utf-8",
    ))
    .await;
    let image = sourceimages_api::get_source_image(&client(&server), ORGANIZATION, HASH).await;
    assert_decoded_snapshot!("get_source_image__response_200", image);
    assert_request_snapshot!("get_source_image__hash", &server);
}

#[tokio::test]
async fn restore_source_image_posts_without_a_body() {
    let server = serve(json_ok(source_image(HASH))).await;
    let image = sourceimages_api::restore_source_image(&client(&server), ORGANIZATION, HASH).await;
    assert_decoded_snapshot!("restore_source_image__response_200", image);
    assert_request_snapshot!("restore_source_image__hash", &server);
}

#[tokio::test]
async fn delete_source_image_sends_no_body() {
    let server = serve(ResponseTemplate::new(200)).await;
    let deleted = sourceimages_api::delete_source_image(&client(&server), ORGANIZATION, HASH).await;
    assert_decoded_snapshot!("delete_source_image__response_200", deleted);
    assert_request_snapshot!("delete_source_image__hash", &server);
}

// copy_source_image

#[tokio::test]
async fn copy_source_image_sends_the_destination_header_alone() {
    let server = serve(ResponseTemplate::new(200)).await;
    let copied =
        sourceimages_api::copy_source_image(&client(&server), "acme-archive", ORGANIZATION, HASH)
            .await;
    assert_decoded_snapshot!("copy_source_image__response_200", copied);
    assert_request_snapshot!("copy_source_image__destination_only", &server);
}

#[tokio::test]
async fn copy_source_image_sends_the_overwrite_header() {
    let server = serve(ResponseTemplate::new(200)).await;
    sourceimages_api::copy_source_image(&client(&server), "acme-archive", ORGANIZATION, HASH)
        .overwrite("F")
        .await
        .expect("copied");
    assert_request_snapshot!("copy_source_image__overwrite", &server);
}

// download_source_image

/// What a download came back with: the body as printable bytes (checked exactly elsewhere). A
/// download is only ever a 2xx answer, so its status is not part of it.
#[derive(Debug)]
#[allow(dead_code, reason = "read through Debug in snapshots")]
struct Download {
    content_length: Option<u64>,
    content_type: Option<String>,
    body: String,
}

#[tokio::test]
async fn download_source_image_returns_the_bytes_intact() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(IMAGE, "image/png")).await;
    let download = sourceimages_api::download_source_image(&client(&server), ORGANIZATION, HASH)
        .await
        .expect("the image");
    let content_length = download.content_length();
    let content_type = download.content_type().map(str::to_owned);
    let body = download.bytes().await.expect("the body");
    assert_eq!(&body[..], IMAGE);
    assert_decoded_snapshot!(
        "download_source_image__response_200",
        Download {
            content_length,
            content_type,
            body: crate::support::printable(&body),
        }
    );
    assert_request_snapshot!("download_source_image__hash", &server);
}

// dynamic metadata

fn subject_area() -> serde_json::Value {
    json!({"x": 100, "y": 120, "width": 400, "height": 300})
}

/// The new image, and where it lives now.
fn new_image_response() -> ResponseTemplate {
    json_ok(source_image_with_subject_area(NEW_HASH)).insert_header(
        "Location",
        format!("/sourceimages/{ORGANIZATION}/{NEW_HASH}").as_str(),
    )
}

#[tokio::test]
async fn create_source_image_meta_dynamic_with_name_sends_the_definition() {
    let cases = [
        ("no_delete_previous", None),
        ("delete_previous_false", Some(false)),
        ("delete_previous_true", Some(true)),
    ];
    for (case, delete_previous) in cases {
        let server = serve(new_image_response()).await;
        let client = client(&server);
        let mut call = sourceimages_api::create_source_image_meta_dynamic_with_name(
            &client,
            subject_area(),
            ORGANIZATION,
            HASH,
            "subject_area",
        );
        if let Some(delete_previous) = delete_previous {
            call = call.delete_previous(delete_previous);
        }
        let image = call.await;
        if delete_previous.is_none() {
            assert_decoded_snapshot!(
                "create_source_image_meta_dynamic_with_name__response_200",
                image
            );
        } else {
            image.expect("the new image");
        }
        assert_request_snapshot!(
            format!("create_source_image_meta_dynamic_with_name__{case}"),
            &server
        );
    }
}

#[tokio::test]
async fn delete_source_image_meta_dynamic_with_name_sends_delete_previous() {
    let cases = [
        ("no_delete_previous", None),
        ("delete_previous_false", Some(false)),
        ("delete_previous_true", Some(true)),
    ];
    for (case, delete_previous) in cases {
        let mut image = source_image(NEW_HASH);
        image["dynamic_metadata"] = json!({});
        let server = serve(json_ok(image).insert_header(
            "Location",
            format!("/sourceimages/{ORGANIZATION}/{NEW_HASH}").as_str(),
        ))
        .await;
        let client = client(&server);
        let mut call = sourceimages_api::delete_source_image_meta_dynamic_with_name(
            &client,
            ORGANIZATION,
            HASH,
            "subject_area",
        );
        if let Some(delete_previous) = delete_previous {
            call = call.delete_previous(delete_previous);
        }
        let image = call.await;
        if delete_previous.is_none() {
            assert_decoded_snapshot!(
                "delete_source_image_meta_dynamic_with_name__response_200",
                image
            );
        } else {
            image.expect("the new image");
        }
        assert_request_snapshot!(
            format!("delete_source_image_meta_dynamic_with_name__{case}"),
            &server
        );
    }
}

// user metadata

#[tokio::test]
async fn get_source_image_meta_user_decodes_the_object() {
    let server = serve(json_ok(json!({
        "photographer": "Jane Doe",
        "int:rating": 5,
        "array:tags": ["team", "office"],
        "latlng:location": {"lat": 47.3769, "lng": 8.5417}
    })))
    .await;
    let metadata =
        sourceimages_api::get_source_image_meta_user(&client(&server), ORGANIZATION, HASH).await;
    assert_decoded_snapshot!("get_source_image_meta_user__response_200", metadata);
    assert_request_snapshot!("get_source_image_meta_user__hash", &server);
}

#[tokio::test]
async fn create_source_image_meta_user_puts_the_object() {
    let server = serve(ResponseTemplate::new(200)).await;
    let replaced = sourceimages_api::create_source_image_meta_user(
        &client(&server),
        json!({"photographer": "Jane Doe", "int:rating": 5, "array:tags": ["team", "office"]}),
        ORGANIZATION,
        HASH,
    )
    .await;
    assert_decoded_snapshot!("create_source_image_meta_user__response_200", replaced);
    assert_request_snapshot!("create_source_image_meta_user__object_body", &server);
}

#[tokio::test]
async fn patch_source_image_meta_user_patches_the_fields() {
    let server = serve(ResponseTemplate::new(200)).await;
    let patched = sourceimages_api::patch_source_image_meta_user(
        &client(&server),
        json!({"int:rating": 4, "array:tags": ["team", "office", "2024"]}),
        ORGANIZATION,
        HASH,
    )
    .await;
    assert_decoded_snapshot!("patch_source_image_meta_user__response_200", patched);
    assert_request_snapshot!("patch_source_image_meta_user__object_body", &server);
}

#[tokio::test]
async fn delete_source_image_meta_user_sends_no_body() {
    let server = serve(ResponseTemplate::new(200)).await;
    let deleted =
        sourceimages_api::delete_source_image_meta_user(&client(&server), ORGANIZATION, HASH).await;
    assert_decoded_snapshot!("delete_source_image_meta_user__response_200", deleted);
    assert_request_snapshot!("delete_source_image_meta_user__hash", &server);
}

#[tokio::test]
async fn get_source_image_meta_user_with_name_decodes_json_and_plain_text() {
    let cases = [
        (
            "200",
            ResponseTemplate::new(200).set_body_raw(r#""Jane Doe""#, "application/json"),
        ),
        (
            "200_text_plain",
            ResponseTemplate::new(200).set_body_raw("Jane Doe", "text/plain; charset=utf-8"),
        ),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let value = sourceimages_api::get_source_image_meta_user_with_name(
            &client(&server),
            ORGANIZATION,
            HASH,
            "photographer",
        )
        .await;
        assert_eq!(value.as_deref().ok(), Some("Jane Doe"));
        assert_decoded_snapshot!(
            format!("get_source_image_meta_user_with_name__response_{status}"),
            value
        );
        assert_request_snapshot!("get_source_image_meta_user_with_name__meta_name", &server);
    }
}

#[tokio::test]
async fn create_source_image_meta_user_wth_name_sends_a_json_string_literal() {
    let server = serve(ResponseTemplate::new(200)).await;
    let set = sourceimages_api::create_source_image_meta_user_wth_name(
        &client(&server),
        r#"Jane "JD" Doe"#,
        ORGANIZATION,
        HASH,
        "photographer",
    )
    .await;
    assert_decoded_snapshot!("create_source_image_meta_user_wth_name__response_200", set);
    let request = only_request(&server).await;
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.body, br#""Jane \"JD\" Doe""#);
    assert_request_snapshot!(
        "create_source_image_meta_user_wth_name__json_string_body",
        &server
    );
}

#[tokio::test]
async fn delete_source_image_meta_user_with_name_sends_no_body() {
    let server = serve(ResponseTemplate::new(200)).await;
    let deleted = sourceimages_api::delete_source_image_meta_user_with_name(
        &client(&server),
        ORGANIZATION,
        HASH,
        "photographer",
    )
    .await;
    assert_decoded_snapshot!(
        "delete_source_image_meta_user_with_name__response_200",
        deleted
    );
    assert_request_snapshot!(
        "delete_source_image_meta_user_with_name__meta_name",
        &server
    );
}

// Percent-encoded path parameters

#[tokio::test]
async fn path_parameters_are_percent_encoded_in_snapshots() {
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(r#""Jane Doe""#, "application/json")).await;
    sourceimages_api::get_source_image_meta_user_with_name(
        &client(&server),
        ENCODED_ORGANIZATION,
        ENCODED_HASH,
        ENCODED_META_NAME,
    )
    .await
    .expect("the value");
    assert_request_snapshot!(
        "get_source_image_meta_user_with_name__encoded_path",
        &server
    );

    let server = serve(new_image_response()).await;
    sourceimages_api::create_source_image_meta_dynamic_with_name(
        &client(&server),
        subject_area(),
        ENCODED_ORGANIZATION,
        ENCODED_HASH,
        ENCODED_META_NAME,
    )
    .delete_previous(true)
    .await
    .expect("the new image");
    assert_request_snapshot!(
        "create_source_image_meta_dynamic_with_name__encoded_path",
        &server
    );

    let server = serve(json_ok(json!({"total": 0, "items": []}))).await;
    sourceimages_api::list_source_images_by_binary_hash(
        &client(&server),
        ENCODED_ORGANIZATION,
        ENCODED_HASH,
    )
    .await
    .expect("an empty page");
    assert_request_snapshot!("list_source_images_by_binary_hash__encoded_path", &server);
}

/// What any operation came back with, reduced to what all of them share.
#[derive(Debug, PartialEq)]
enum Outcome {
    Success,
    StatusError {
        status: u16,
        raw: String,
        body: Body,
    },
    OtherError(String),
}

/// An error body, whatever the operation's typed error (rokka documents none, so it is never
/// typed).
#[derive(Debug, PartialEq)]
enum Body {
    Typed(String),
    Json(serde_json::Value),
    Text(String),
    Empty,
}

fn outcome<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Outcome {
    let error = match result {
        Ok(_) => return Outcome::Success,
        Err(error) => error,
    };
    match error.kind() {
        ErrorKind::Status { status, body, raw } => Outcome::StatusError {
            status: status.as_u16(),
            raw: raw.clone(),
            body: match body {
                ErrorBody::Typed(typed) => Body::Typed(format!("{typed:?}")),
                ErrorBody::Json(json) => Body::Json(json.clone()),
                ErrorBody::Text(text) => Body::Text(text.clone()),
                _ => Body::Empty,
            },
        },
        _ => Outcome::OtherError(error.to_string()),
    }
}

type Call = Pin<Box<dyn Future<Output = Outcome>>>;

/// Calls an operation with its own handle on the client, as a boxed future.
macro_rules! call {
    ($client:expr, |$bound:ident| $call:expr) => {{
        let $bound = $client.clone();
        Box::pin(async move { outcome($call.await) }) as Call
    }};
}

/// Every operation, called with the given path parameters (the hash also as the binary hash, the
/// name as both metadata names), with the path segments it must send, decoded.
fn every_operation(
    client: &Client,
    organization: &'static str,
    hash: &'static str,
    name: &'static str,
    upload: &Path,
) -> Vec<(&'static str, Vec<&'static str>, Call)> {
    let upload = Upload::path(upload);
    let c = client;
    vec![
        (
            "copy_source_image",
            vec!["sourceimages", organization, hash, "copy"],
            call!(c, |c| sourceimages_api::copy_source_image(
                &c,
                "acme-archive",
                organization,
                hash
            )),
        ),
        (
            "create_source_image",
            vec!["sourceimages", organization],
            call!(c, |c| sourceimages_api::create_source_image(
                &c,
                upload,
                organization
            )),
        ),
        (
            "create_source_image_meta_dynamic_with_name",
            vec!["sourceimages", organization, hash, "meta", "dynamic", name],
            call!(c, |c| {
                sourceimages_api::create_source_image_meta_dynamic_with_name(
                    &c,
                    subject_area(),
                    organization,
                    hash,
                    name,
                )
            }),
        ),
        (
            "create_source_image_meta_user",
            vec!["sourceimages", organization, hash, "meta", "user"],
            call!(c, |c| sourceimages_api::create_source_image_meta_user(
                &c,
                json!({"photographer": "Jane Doe"}),
                organization,
                hash
            )),
        ),
        (
            "create_source_image_meta_user_wth_name",
            vec!["sourceimages", organization, hash, "meta", "user", name],
            call!(c, |c| {
                sourceimages_api::create_source_image_meta_user_wth_name(
                    &c,
                    "Jane Doe",
                    organization,
                    hash,
                    name,
                )
            }),
        ),
        (
            "delete_source_image",
            vec!["sourceimages", organization, hash],
            call!(c, |c| sourceimages_api::delete_source_image(
                &c,
                organization,
                hash
            )),
        ),
        (
            "delete_source_image_meta_dynamic_with_name",
            vec!["sourceimages", organization, hash, "meta", "dynamic", name],
            call!(c, |c| {
                sourceimages_api::delete_source_image_meta_dynamic_with_name(
                    &c,
                    organization,
                    hash,
                    name,
                )
            }),
        ),
        (
            "delete_source_image_meta_user",
            vec!["sourceimages", organization, hash, "meta", "user"],
            call!(c, |c| sourceimages_api::delete_source_image_meta_user(
                &c,
                organization,
                hash
            )),
        ),
        (
            "delete_source_image_meta_user_with_name",
            vec!["sourceimages", organization, hash, "meta", "user", name],
            call!(c, |c| {
                sourceimages_api::delete_source_image_meta_user_with_name(
                    &c,
                    organization,
                    hash,
                    name,
                )
            }),
        ),
        (
            "download_source_image",
            vec!["sourceimages", organization, hash, "download"],
            call!(c, |c| sourceimages_api::download_source_image(
                &c,
                organization,
                hash
            )),
        ),
        (
            "get_source_image",
            vec!["sourceimages", organization, hash],
            call!(c, |c| sourceimages_api::get_source_image(
                &c,
                organization,
                hash
            )),
        ),
        (
            "get_source_image_meta_user",
            vec!["sourceimages", organization, hash, "meta", "user"],
            call!(c, |c| sourceimages_api::get_source_image_meta_user(
                &c,
                organization,
                hash
            )),
        ),
        (
            "get_source_image_meta_user_with_name",
            vec!["sourceimages", organization, hash, "meta", "user", name],
            call!(c, |c| {
                sourceimages_api::get_source_image_meta_user_with_name(&c, organization, hash, name)
            }),
        ),
        (
            "list_source_images",
            vec!["sourceimages", organization],
            call!(c, |c| sourceimages_api::list_source_images(
                &c,
                organization
            )),
        ),
        (
            "list_source_images_by_binary_hash",
            vec!["sourceimages", organization, "binaryhash", hash],
            call!(c, |c| sourceimages_api::list_source_images_by_binary_hash(
                &c,
                organization,
                hash
            )),
        ),
        (
            "patch_source_image_meta_user",
            vec!["sourceimages", organization, hash, "meta", "user"],
            call!(c, |c| sourceimages_api::patch_source_image_meta_user(
                &c,
                json!({"int:rating": 4}),
                organization,
                hash
            )),
        ),
        (
            "restore_source_image",
            vec!["sourceimages", organization, hash, "restore"],
            call!(c, |c| sourceimages_api::restore_source_image(
                &c,
                organization,
                hash
            )),
        ),
    ]
}

/// Decodes `%XX` escapes of a path segment (the URL keeps them as sent).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("two hex digits");
            decoded.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).expect("UTF-8 path segments")
}

fn decoded_segments(request: &Request) -> Vec<String> {
    request
        .url
        .path_segments()
        .expect("an absolute path")
        .map(percent_decode)
        .collect()
}

#[tokio::test]
async fn every_operation_keeps_each_path_parameter_one_segment() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let file = TempFile::new("team-photo.png", IMAGE);
    let operations = every_operation(
        &client(&server),
        ENCODED_ORGANIZATION,
        ENCODED_HASH,
        ENCODED_META_NAME,
        file.path(),
    );
    let mut expected = Vec::new();
    for (operation, segments, call) in operations {
        call.await;
        expected.push((operation, segments));
    }
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), expected.len(), "one request per operation");
    for (request, (operation, segments)) in requests.iter().zip(expected) {
        assert_eq!(decoded_segments(request), segments, "{operation}");
        assert_eq!(request.url.query(), None, "{operation}");
        assert_eq!(request.headers["api-key"], API_KEY, "{operation}");
    }
}

// Undocumented error statuses (the spec documents 200 only)

#[tokio::test]
async fn undocumented_error_statuses_come_back_as_response_errors() {
    let cases = [
        ("404", rokka_error(404, "Source image not found")),
        ("500", html_error()),
    ];
    for (status, response) in cases {
        let server = serve(response).await;
        let client = client(&server);
        let image = sourceimages_api::get_source_image(&client, ORGANIZATION, HASH).await;
        assert_decoded_snapshot!(format!("get_source_image__response_{status}"), image);
        // Only the error matters here; a `Download` has nothing worth printing.
        let download = sourceimages_api::download_source_image(&client, ORGANIZATION, HASH)
            .await
            .map(drop);
        assert_decoded_snapshot!(
            format!("download_source_image__response_{status}"),
            download
        );
        let deleted = sourceimages_api::delete_source_image(&client, ORGANIZATION, HASH).await;
        assert_decoded_snapshot!(format!("delete_source_image__response_{status}"), deleted);
    }
}

#[tokio::test]
async fn every_operation_reports_undocumented_errors_with_raw_content_and_body() {
    let file = TempFile::new("team-photo.png", IMAGE);
    let not_found = json!({"error": {"code": 404, "message": "Source image not found"}});
    let server = serve(rokka_error(404, "Source image not found")).await;
    for (operation, _, call) in every_operation(
        &client(&server),
        ORGANIZATION,
        HASH,
        "photographer",
        file.path(),
    ) {
        assert_eq!(
            call.await,
            Outcome::StatusError {
                status: 404,
                raw: not_found.to_string(),
                body: Body::Json(not_found.clone()),
            },
            "{operation}"
        );
    }

    let server = serve(html_error()).await;
    for (operation, _, call) in every_operation(
        &client(&server),
        ORGANIZATION,
        HASH,
        "photographer",
        file.path(),
    ) {
        match call.await {
            Outcome::StatusError {
                status: 500,
                raw,
                body: Body::Text(text),
            } => assert!(
                raw.starts_with("<html>") && text == raw,
                "{operation}: {raw}"
            ),
            other => panic!("{operation}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = serve(ResponseTemplate::new(200)).await;
    sourceimages_api::delete_source_image(&client(&server), ORGANIZATION, HASH)
        .await
        .expect("deleted");
    let request = only_request(&server).await;
    assert_eq!(request.headers["user-agent"], "specfleet-rokka/0.2.0");
}
