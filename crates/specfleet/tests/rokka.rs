//! The rokka facade against a local server: every operation's request and result, paging across
//! pages, raw error bodies, large streamed transfers, a cut-off download, from_vars and secrets.
//! rokka's spec documents no error body, so every error body is raw: JSON, text or empty.
#![cfg(all(feature = "rokka", feature = "mock"))]

use std::collections::HashMap;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use specfleet::rokka::mock::{MockServer, Response};
use specfleet::rokka::{Client, ListSourceImagesResponse, SourceImage};
use specfleet::{ErrorBody, ErrorKind, Upload};

use support::{
    header_value, multipart_parts, noise, only_request, refused_port, truncating_server,
};

mod support;

const KEY: &str = "placeholder-key";
const ORG: &str = "acme";
const HASH: &str = "c421f4e8cefe0fd3df2a1ba4f0f03e43c3bbe0c4";
const NEW_HASH: &str = "5e6f6c1bd2a84f7b8a3c2b1e0d9f8a7b6c5d4e3f";
const BINARY_HASH: &str = "03b3f7d2d8e1ba8f00e3a8e5e2bd6c8e2a3b7f1d";
const MIB: usize = 1024 * 1024;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .build()
        .expect("a client")
}

/// Asserts that every request the server received carried the API key, which the typed mock
/// does not compare.
async fn assert_every_request_sent_the_key(server: &MockServer) {
    let requests = server.received_requests().await;
    assert!(!requests.is_empty(), "no request");
    for request in &requests {
        assert_eq!(
            header_value(request, "api-key"),
            Some(KEY),
            "{}",
            request.url
        );
    }
}

/// The answer to a write: rokka sends 204 No Content where its spec documents 200.
fn no_content() -> Response {
    Response::new(204)
}

/// A source image as rokka describes it.
fn image(hash: &str, name: &str) -> Value {
    json!({
        "hash": hash,
        "short_hash": &hash[..6],
        "binary_hash": BINARY_HASH,
        "created": "2024-03-18T09:41:27+00:00",
        "name": name,
        "mimetype": "image/jpeg",
        "format": "jpg",
        "size": 2_483_112,
        "width": 4000,
        "height": 2667,
        "organization": ORG,
        "link": format!("/sourceimages/{ORG}/{hash}"),
        "dynamic_metadata": {"subject_area": {"x": 1200, "y": 800, "width": 900, "height": 600}},
        "static_metadata": {"exif": {"Model": "X-T4"}},
        "user_metadata": {"photographer": "Ada", "year": 2024},
        "deleted": false
    })
}

fn decoded(value: Value) -> SourceImage {
    serde_json::from_value(value).expect("a SourceImage")
}

/// A page of source images as rokka sends it.
fn listing(value: Value) -> ListSourceImagesResponse {
    serde_json::from_value(value).expect("a ListSourceImagesResponse")
}

/// `count` images named `<prefix>-<n>.jpg` with distinct hashes.
fn images(prefix: &str, count: usize) -> Vec<Value> {
    (0..count)
        .map(|n| {
            image(
                &format!("{prefix:0<32}{n:08x}"),
                &format!("{prefix}-{n}.jpg"),
            )
        })
        .collect()
}

fn names(images: &[SourceImage]) -> Vec<String> {
    images
        .iter()
        .map(|image| image.name.clone().unwrap_or_default())
        .collect()
}

// ---- listing ----

#[tokio::test]
async fn list_sends_no_option_unless_set_and_returns_the_page() {
    let server = MockServer::start().await;
    server
        .list_source_images(ORG)
        .respond(&listing(json!({
            "total": 2,
            "items": [image(HASH, "matterhorn.jpg"), image(NEW_HASH, "eiger.jpg")],
            "cursor": "AoJwgMH0i/QCPw=="
        })))
        .times(1);

    let page = client(&server)
        .source_images(ORG)
        .list()
        .send()
        .await
        .expect("a page");

    assert_eq!(
        page.items,
        Some(vec![
            decoded(image(HASH, "matterhorn.jpg")),
            decoded(image(NEW_HASH, "eiger.jpg"))
        ])
    );
    assert_eq!(page.total, Some(2));
    assert_eq!(page.cursor.as_deref(), Some("AoJwgMH0i/QCPw=="));
    let request = only_request(server.received_requests().await);
    // The server applies the spec's defaults (offset 0, limit 100, ...): none is sent.
    assert_eq!(request.url.query(), None);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn pages_send_the_chosen_options_and_the_next_offset() {
    let server = MockServer::start().await;
    for (offset, prefix) in [("40", "deleted"), ("60", "older")] {
        server
            .list_source_images(ORG)
            .offset(offset)
            .limit(20)
            .sort("name asc")
            .deleted(true)
            .respond(&listing(json!({"total": 75, "items": images(prefix, 20)})))
            .times(1);
    }

    let pages: Vec<_> = client(&server)
        .source_images(ORG)
        .list()
        .offset("40")
        .limit(20)
        .sort("name asc")
        .deleted(true)
        .pages()
        .take(2)
        .try_collect()
        .await
        .expect("two pages");

    let first = pages[0].items.as_deref().unwrap_or_default();
    assert_eq!(first.len(), 20);
    assert_eq!(first[0].name.as_deref(), Some("deleted-0.jpg"));
    assert_eq!(pages[0].total, Some(75));
    // No cursor: the next page starts at offset + limit.
    let second = pages[1].items.as_deref().unwrap_or_default();
    assert_eq!(second[0].name.as_deref(), Some("older-0.jpg"));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn stream_follows_the_cursors_until_the_total_is_reached() {
    let server = MockServer::start().await;
    let pages = [
        ("0", images("first", 2), Some("cursor-2")),
        ("cursor-2", images("second", 2), Some("cursor-4")),
        // The last page still names a cursor: the total ends the listing, not the cursor.
        ("cursor-4", images("third", 1), Some("cursor-5")),
    ];
    for (offset, items, cursor) in pages {
        server
            .list_source_images(ORG)
            .offset(offset)
            .limit(2)
            .respond(&listing(
                json!({"total": 5, "items": items, "cursor": cursor, "links": {}}),
            ))
            .times(1);
    }

    let listed: Vec<SourceImage> = client(&server)
        .source_images(ORG)
        .list()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("every image");

    assert_eq!(
        names(&listed),
        [
            "first-0.jpg",
            "first-1.jpg",
            "second-0.jpg",
            "second-1.jpg",
            "third-0.jpg"
        ]
    );
    assert_eq!(server.received_requests().await.len(), 3);
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn stream_without_cursor_or_total_advances_by_the_limit_and_stops_on_an_empty_page() {
    let server = MockServer::start().await;
    let pages = [
        ("10", images("a", 3)),
        ("13", images("b", 3)),
        ("16", images("c", 3)),
        ("19", Vec::new()),
    ];
    for (offset, items) in pages {
        server
            .list_source_images(ORG)
            .offset(offset)
            .limit(3)
            .respond(&listing(json!({"items": items})))
            .times(1);
    }

    let listed: Vec<SourceImage> = client(&server)
        .source_images(ORG)
        .list()
        .offset("10")
        .limit(3)
        .stream()
        .try_collect()
        .await
        .expect("every image");

    assert_eq!(
        names(&listed),
        [
            "a-0.jpg", "a-1.jpg", "a-2.jpg", "b-0.jpg", "b-1.jpg", "b-2.jpg", "c-0.jpg", "c-1.jpg",
            "c-2.jpg"
        ]
    );
}

#[tokio::test]
async fn stream_without_cursor_or_total_stops_after_a_short_page() {
    let server = MockServer::start().await;
    for (offset, items) in [("0", images("a", 3)), ("3", images("b", 1))] {
        server
            .list_source_images(ORG)
            .offset(offset)
            .limit(3)
            .respond(&listing(json!({"items": items})))
            .times(1);
    }

    let listed: Vec<SourceImage> = client(&server)
        .source_images(ORG)
        .list()
        .limit(3)
        .stream()
        .try_collect()
        .await
        .expect("every image");

    assert_eq!(names(&listed), ["a-0.jpg", "a-1.jpg", "a-2.jpg", "b-0.jpg"]);
    assert_eq!(
        server.received_requests().await.len(),
        2,
        "no request after the short page"
    );
}

#[tokio::test]
async fn stream_yields_the_first_pages_then_the_error_of_a_failing_page() {
    let server = MockServer::start().await;
    server
        .list_source_images(ORG)
        .offset("0")
        .respond(&listing(
            json!({"total": 4, "items": images("ok", 2), "cursor": "next-page"}),
        ))
        .times(1);
    server
        .list_source_images(ORG)
        .offset("next-page")
        .respond_error(
            500,
            &json!({"error": {"code": 500, "message": "Search backend unavailable"}}),
        )
        .times(1);

    let client = client(&server);
    let mut stream = std::pin::pin!(client.source_images(ORG).list().limit(2).stream());
    let mut listed = Vec::new();
    let error = loop {
        match stream.try_next().await {
            Ok(Some(image)) => listed.push(image),
            Ok(None) => panic!("the stream ended without the error"),
            Err(error) => break error,
        }
    };

    assert_eq!(names(&listed), ["ok-0.jpg", "ok-1.jpg"]);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(
        error.body(),
        Some(&ErrorBody::Json(
            json!({"error": {"code": 500, "message": "Search backend unavailable"}})
        ))
    );
    assert_eq!(error.route(), "/sourceimages/{organization}");
    assert!(
        stream.try_next().await.expect("no second error").is_none(),
        "the error ends the stream"
    );
}

#[tokio::test]
async fn by_binary_hash_returns_the_matching_images() {
    let server = MockServer::start().await;
    server
        .list_source_images_by_binary_hash(ORG, BINARY_HASH)
        .respond(&listing(json!({
            "total": 2,
            "items": [image(HASH, "matterhorn.jpg"), image(NEW_HASH, "matterhorn-cropped.jpg")]
        })))
        .times(1);

    let found = client(&server)
        .source_images(ORG)
        .by_binary_hash(BINARY_HASH)
        .await
        .expect("the images");

    assert_eq!(
        found.items,
        Some(vec![
            decoded(image(HASH, "matterhorn.jpg")),
            decoded(image(NEW_HASH, "matterhorn-cropped.jpg"))
        ])
    );
    assert_eq!(found.total, Some(2));
    assert_every_request_sent_the_key(&server).await;
}

// ---- single images ----

#[tokio::test]
async fn get_decodes_the_image() {
    let server = MockServer::start().await;
    server
        .get_source_image(ORG, HASH)
        .respond(&decoded(image(HASH, "matterhorn.jpg")))
        .times(1);

    let got = client(&server)
        .source_images(ORG)
        .get(HASH)
        .await
        .expect("the image");

    assert_eq!(got.hash.as_deref(), Some(HASH));
    assert_eq!(got.short_hash.as_deref(), Some("c421f4"));
    assert_eq!((got.width, got.height), (Some(4000), Some(2667)));
    assert_eq!(got.size, Some(2_483_112));
    assert_eq!(
        got.created.map(|created| created.to_rfc3339()),
        Some("2024-03-18T09:41:27+00:00".to_owned())
    );
    assert_eq!(
        got.user_metadata,
        Some(json!({"photographer": "Ada", "year": 2024}))
    );
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn a_missing_image_is_a_404_with_the_raw_json_body() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": 404, "message": "Source image not found"}});
    server
        .get_source_image(ORG, HASH)
        .respond_error(404, &body)
        .times(1);

    let error = client(&server)
        .source_images(ORG)
        .get(HASH)
        .await
        .expect_err("404");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.body(), Some(&ErrorBody::Json(body)));
    assert_eq!(error.method(), "GET");
    assert_eq!(error.route(), "/sourceimages/{organization}/{hash}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn delete_sends_a_delete_and_a_text_error_stays_text() {
    let server = MockServer::start().await;
    server
        .delete_source_image(ORG, HASH)
        .respond_with(no_content())
        .times(1);
    server
        .delete_source_image(ORG, NEW_HASH)
        .respond_with(Response::new(503).body("text/plain", "upstream connect error"))
        .times(1);
    let client = client(&server);

    client
        .source_images(ORG)
        .delete(HASH)
        .await
        .expect("deleted");
    let error = client
        .source_images(ORG)
        .delete(NEW_HASH)
        .await
        .expect_err("503");

    assert_eq!(
        error.body(),
        Some(&ErrorBody::Text("upstream connect error".into()))
    );
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        "DELETE /sourceimages/{organization}/{hash}: the server answered 503 Service Unavailable: \
         upstream connect error"
    );
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn restore_posts_and_returns_the_image() {
    let server = MockServer::start().await;
    server
        .restore_source_image(ORG, HASH)
        .respond(&decoded(image(HASH, "matterhorn.jpg")))
        .times(1);

    let restored = client(&server)
        .source_images(ORG)
        .restore(HASH)
        .await
        .expect("restored");

    assert_eq!(restored, decoded(image(HASH, "matterhorn.jpg")));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn copy_sends_the_destination_and_no_overwrite_header_by_default() {
    let server = MockServer::start().await;
    // rokka answers 201 Created where its spec documents 200.
    server
        .copy_source_image(ORG, HASH)
        .destination("acme-archive")
        .respond_with(Response::new(201))
        .times(1);

    client(&server)
        .source_images(ORG)
        .copy(HASH, "acme-archive")
        .send()
        .await
        .expect("copied");

    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "overwrite"), None);
    assert!(request.body.is_empty());
    // A POST without a body announces it: some proxies refuse one without a length.
    assert_eq!(header_value(&request, "content-length"), Some("0"));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn copy_sends_the_overwrite_flag_as_t_or_f() {
    let server = MockServer::start().await;
    for flag in ["F", "T"] {
        server
            .copy_source_image(ORG, HASH)
            .destination("acme-archive")
            .overwrite(flag)
            .respond()
            .times(1);
    }
    let client = client(&server);

    for overwrite in ["F", "T"] {
        client
            .source_images(ORG)
            .copy(HASH, "acme-archive")
            .overwrite(overwrite)
            .send()
            .await
            .expect("copied");
    }
}

#[tokio::test]
async fn an_unsendable_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);

    let error = client
        .source_images(ORG)
        .get("..")
        .await
        .expect_err("`..` is no hash");
    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument(_)),
        "{error:?}"
    );
    let error = client
        .source_images(".")
        .upload(Upload::bytes("pixel.png", "x"))
        .send()
        .await
        .expect_err("`.` is no organization");
    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument(_)),
        "{error:?}"
    );

    assert_eq!(server.received_requests().await.len(), 0);
}

// ---- downloads ----

#[tokio::test]
async fn download_streams_32_mib_into_a_file() {
    let server = MockServer::start().await;
    let original = noise(32 * MIB + 13);
    server
        .download_source_image(ORG, HASH)
        .respond_with(Response::new(200).body("image/jpeg", original.clone()))
        .times(1);
    let directory = tempfile::tempdir().expect("a temporary directory");
    let target = directory.path().join("matterhorn.jpg");

    let download = client(&server)
        .source_images(ORG)
        .download(HASH)
        .await
        .expect("a download");
    assert_eq!(download.content_length(), Some(original.len() as u64));
    assert_eq!(download.content_type(), Some("image/jpeg"));
    let written = download.download_to(&target).await.expect("written");

    assert_eq!(written, original.len() as u64);
    let copy = std::fs::read(&target).expect("the file");
    assert_eq!(copy.len(), original.len());
    assert!(copy == original, "the file differs from the original");
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "accept"), Some("*/*"));
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn a_failed_download_is_an_error_before_any_body() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": 404, "message": "Source image not found"}});
    server
        .download_source_image(ORG, HASH)
        .respond_error(404, &body)
        .times(1);

    let error = client(&server)
        .source_images(ORG)
        .download(HASH)
        .await
        .expect_err("404");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.body(), Some(&ErrorBody::Json(body)));
    assert_eq!(
        error.route(),
        "/sourceimages/{organization}/{hash}/download"
    );
}

#[tokio::test]
async fn a_download_cut_short_fails_and_leaves_no_file() {
    // A server that announces 1 MiB, sends 64 KiB and closes the connection.
    let (base_url, server) = truncating_server(MIB, 64 * 1024, "image/jpeg");
    let client = Client::builder()
        .base_url(base_url)
        .api_key(KEY)
        .build()
        .expect("a client");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let target = directory.path().join("matterhorn.jpg");

    let download = client
        .source_images(ORG)
        .download(HASH)
        .await
        .expect("the head arrives");
    let error = download
        .download_to(&target)
        .await
        .expect_err("the body is cut short");

    assert!(
        matches!(error.kind(), ErrorKind::Transport(_) | ErrorKind::Io(_)),
        "{error:?}"
    );
    assert!(!target.exists(), "no file at the target");
    assert!(
        std::fs::read_dir(directory.path())
            .expect("the directory")
            .next()
            .is_none(),
        "no partial file left behind"
    );
    let head = server.join().expect("the server thread");
    assert!(
        head.starts_with(&format!("GET /sourceimages/acme/{HASH}/download ")),
        "{head}"
    );
    assert!(head.contains(&format!("api-key: {KEY}\r\n")), "{head}");
}

// ---- uploads ----

#[tokio::test]
async fn upload_sends_the_file_and_both_metadata_as_multipart() {
    let server = MockServer::start().await;
    server
        .create_source_image(ORG)
        .respond(&listing(
            json!({"total": 1, "items": [image(HASH, "matterhorn.jpg")]}),
        ))
        .times(1);
    let jpeg = noise(48 * 1024);

    let created = client(&server)
        .source_images(ORG)
        .upload(Upload::bytes("matterhorn.jpg", jpeg.clone()))
        .meta_dynamic(json!({"subject_area": {"x": 1200, "y": 800}}).to_string())
        .meta_user(json!({"photographer": "Ada", "year": 2024}).to_string())
        .send()
        .await
        .expect("created");

    assert_eq!(
        created.items,
        Some(vec![decoded(image(HASH, "matterhorn.jpg"))])
    );
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_every_request_sent_the_key(&server).await;
    let parts = multipart_parts(&request).await;
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert_eq!(
        parts[0].disposition(),
        r#"form-data; name="filedata"; filename="matterhorn.jpg""#
    );
    // The media type is guessed from the file name.
    assert_eq!(parts[0].content_type.as_deref(), Some("image/jpeg"));
    assert!(parts[0].content == jpeg, "the file part differs");
    assert_eq!(
        parts[1].disposition(),
        r#"form-data; name="meta_dynamic[]""#
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&parts[1].content).expect("JSON text"),
        json!({"subject_area": {"x": 1200, "y": 800}})
    );
    assert_eq!(parts[2].disposition(), r#"form-data; name="meta_user[]""#);
    assert_eq!(
        serde_json::from_slice::<Value>(&parts[2].content).expect("JSON text"),
        json!({"photographer": "Ada", "year": 2024})
    );
}

#[tokio::test]
async fn upload_streams_32_mib_with_its_length_and_no_metadata() {
    let server = MockServer::start().await;
    server
        .create_source_image(ORG)
        .respond(&listing(
            json!({"total": 1, "items": [image(HASH, "panorama.tiff")]}),
        ))
        .times(1);
    let original = noise(32 * MIB + 7);
    let chunks: Vec<std::io::Result<bytes::Bytes>> = original
        .chunks(MIB)
        .map(|chunk| Ok(bytes::Bytes::copy_from_slice(chunk)))
        .collect();
    let upload = Upload::stream(
        "panorama.tiff",
        futures_util::stream::iter(chunks),
        Some(original.len() as u64),
    );

    let created = client(&server)
        .source_images(ORG)
        .upload(upload)
        .send()
        .await
        .expect("created");

    let created = created.items.unwrap_or_default();
    assert_eq!(created[0].name.as_deref(), Some("panorama.tiff"));
    let request = only_request(server.received_requests().await);
    assert_eq!(header_value(&request, "api-key"), Some(KEY));
    let announced: usize = header_value(&request, "content-length")
        .and_then(|length| length.parse().ok())
        .expect("a Content-Length, since the length is known");
    assert_eq!(announced, request.body.len());
    let parts = multipart_parts(&request).await;
    assert_eq!(parts.len(), 1, "no metadata parts");
    assert_eq!(
        parts[0].disposition(),
        r#"form-data; name="filedata"; filename="panorama.tiff""#
    );
    assert_eq!(parts[0].content.len(), original.len());
    assert!(parts[0].content == original, "the uploaded bytes differ");
}

#[tokio::test]
async fn upload_from_a_path_sends_the_file_under_its_name() {
    let server = MockServer::start().await;
    server
        .create_source_image(ORG)
        .respond(&listing(
            json!({"total": 1, "items": [image(HASH, "eiger.png")]}),
        ))
        .times(1);
    let directory = tempfile::tempdir().expect("a temporary directory");
    let file = directory.path().join("eiger.png");
    let png = noise(300_001);
    std::fs::write(&file, &png).expect("the file");

    client(&server)
        .source_images(ORG)
        .upload(Upload::path(&file))
        .send()
        .await
        .expect("created");

    let request = only_request(server.received_requests().await);
    let parts = multipart_parts(&request).await;
    assert_eq!(
        parts[0].disposition(),
        r#"form-data; name="filedata"; filename="eiger.png""#
    );
    assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
    assert!(parts[0].content == png, "the uploaded bytes differ");
}

#[tokio::test]
async fn upload_keeps_the_error_body_and_rejects_an_answer_that_is_not_a_listing() {
    let server = MockServer::start().await;
    let refusal = json!({"error": {"code": 400, "message": "Unsupported image format"}});
    server
        .create_source_image(ORG)
        .respond_error(400, &refusal)
        .times(1);
    server
        .create_source_image(ORG)
        .respond(&listing(json!({"total": 0, "items": []})))
        .times(1);
    server
        .create_source_image(ORG)
        .respond_with(Response::new(200).body("text/plain", "created"))
        .times(1);
    let client = client(&server);
    let upload = || {
        client
            .source_images(ORG)
            .upload(Upload::bytes("notes.txt", "not an image"))
            .send()
    };

    let error = upload().await.expect_err("400");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(error.body(), Some(&ErrorBody::Json(refusal)));
    assert_eq!(error.method(), "POST");
    assert_eq!(error.route(), "/sourceimages/{organization}");

    // An empty listing is the caller's to judge: the answer is what rokka sent.
    let empty = upload().await.expect("an empty listing");
    assert_eq!(empty.items, Some(Vec::new()));

    let error = upload().await.expect_err("a text answer");
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
}

// ---- user metadata ----

#[tokio::test]
async fn user_metadata_get_replace_patch_and_delete_all() {
    let server = MockServer::start().await;
    server
        .get_source_image_meta_user(ORG, HASH)
        .respond(&json!({"photographer": "Ada", "tags": ["alps", "winter"]}))
        .times(1);
    // The typed body compares the media type too: `application/json`.
    server
        .create_source_image_meta_user(ORG, HASH)
        .user_meta_data(json!({"photographer": "Grace", "year": 2023}))
        .respond_with(no_content())
        .times(1);
    server
        .patch_source_image_meta_user(ORG, HASH)
        .user_meta_data(json!({"year": 2024}))
        .respond_with(no_content())
        .times(1);
    server
        .delete_source_image_meta_user(ORG, HASH)
        .respond_with(no_content())
        .times(1);
    let client = client(&server);
    let metadata = client.source_images(ORG).user_metadata(HASH);

    assert_eq!(
        metadata.get().await.expect("the fields"),
        json!({"photographer": "Ada", "tags": ["alps", "winter"]})
    );
    metadata
        .replace(json!({"photographer": "Grace", "year": 2023}))
        .await
        .expect("replaced");
    metadata
        .patch(json!({"year": 2024}))
        .await
        .expect("patched");
    metadata.delete_all().await.expect("deleted");
    let requests = server.received_requests().await;
    assert_eq!(
        header_value(&requests[0], "accept"),
        Some("application/json")
    );
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn user_metadata_fields_get_set_and_delete_one_at_a_time() {
    let server = MockServer::start().await;
    server
        .get_source_image_meta_user_with_name(ORG, HASH, "photographer")
        .respond(&"Ada".to_owned())
        .times(1);
    server
        .get_source_image_meta_user_with_name(ORG, HASH, "photographer")
        .respond_with(Response::new(200).body("text/plain", "Grace Hopper"))
        .times(1);
    server
        .create_source_image_meta_user_wth_name(ORG, HASH, "photographer")
        .user_meta_data_single_field(r#"Ada "the Countess" Lovelace"#)
        .respond_with(no_content())
        .times(1);
    server
        .delete_source_image_meta_user_with_name(ORG, HASH, "photographer")
        .respond_with(no_content())
        .times(1);
    let client = client(&server);
    let metadata = client.source_images(ORG).user_metadata(HASH);

    assert_eq!(
        metadata.get_field("photographer").await.expect("JSON"),
        "Ada"
    );
    assert_eq!(
        metadata.get_field("photographer").await.expect("text"),
        "Grace Hopper"
    );
    metadata
        .set_field("photographer", r#"Ada "the Countess" Lovelace"#)
        .await
        .expect("set");
    metadata
        .delete_field("photographer")
        .await
        .expect("deleted");
    let requests = server.received_requests().await;
    // The text goes on the wire as one JSON string.
    assert_eq!(
        requests[2].body,
        br#""Ada \"the Countess\" Lovelace""#.as_slice()
    );
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn a_missing_user_metadata_field_reports_the_field_path() {
    let server = MockServer::start().await;
    server
        .get_source_image_meta_user_with_name(ORG, HASH, "lens")
        .respond_error(
            404,
            &json!({"error": {"code": 404, "message": "Meta field lens not found"}}),
        )
        .times(1);

    let error = client(&server)
        .source_images(ORG)
        .user_metadata(HASH)
        .get_field("lens")
        .await
        .expect_err("404");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(
        error.route(),
        "/sourceimages/{organization}/{hash}/meta/user/{metaName}"
    );
}

// ---- dynamic metadata ----

#[tokio::test]
async fn dynamic_metadata_set_sends_the_definition_and_returns_the_new_image() {
    let server = MockServer::start().await;
    let definition = json!({"x": 100, "y": 80, "width": 300, "height": 200});
    // rokka answers 201 Created and the new image's location where its spec documents 200.
    let created = Response::new(201)
        .header("location", &format!("/sourceimages/acme/{NEW_HASH}"))
        .json(&decoded(image(NEW_HASH, "matterhorn.jpg")));
    server
        .create_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .meta_dynamic_definition(definition.clone())
        .respond_with(created.clone())
        .times(1);
    server
        .create_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .meta_dynamic_definition(definition.clone())
        .delete_previous(true)
        .respond_with(created)
        .times(1);
    let client = client(&server);
    let dynamic = client.source_images(ORG).dynamic_metadata(HASH);

    let kept = dynamic
        .set("subject_area", definition.clone())
        .send()
        .await
        .expect("set");
    let moved = dynamic
        .set("subject_area", definition.clone())
        .delete_previous(true)
        .send()
        .await
        .expect("set");

    assert_eq!(kept.hash.as_deref(), Some(NEW_HASH));
    assert_eq!(moved, decoded(image(NEW_HASH, "matterhorn.jpg")));
    let requests = server.received_requests().await;
    // Unset, `deletePrevious` is not sent: rokka's default (false) applies.
    assert_eq!(requests[0].url.query(), None);
    assert!(
        requests
            .iter()
            .all(|request| header_value(request, "accept") == Some("application/json"))
    );
    assert_every_request_sent_the_key(&server).await;
}

#[tokio::test]
async fn dynamic_metadata_delete_sends_delete_previous_and_returns_the_new_image() {
    let server = MockServer::start().await;
    let moved_image = decoded(image(NEW_HASH, "matterhorn.jpg"));
    server
        .delete_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .respond(&moved_image)
        .times(1);
    server
        .delete_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .delete_previous(true)
        .respond(&moved_image)
        .times(1);
    let client = client(&server);
    let dynamic = client.source_images(ORG).dynamic_metadata(HASH);

    let kept = dynamic
        .delete("subject_area")
        .send()
        .await
        .expect("deleted");
    let moved = dynamic
        .delete("subject_area")
        .delete_previous(true)
        .send()
        .await
        .expect("deleted");

    assert_eq!(kept.hash.as_deref(), Some(NEW_HASH));
    assert_eq!(moved.hash.as_deref(), Some(NEW_HASH));
    // Unset, `deletePrevious` is not sent.
    assert_eq!(server.received_requests().await[0].url.query(), None);
    assert_every_request_sent_the_key(&server).await;
}

// ---- client ----

#[tokio::test]
async fn without_an_api_key_no_api_key_header_is_sent() {
    let server = MockServer::start().await;
    server
        .list_source_images(ORG)
        .respond_error(
            401,
            &json!({"error": {"code": 401, "message": "No API key given"}}),
        )
        .times(1);
    let client = Client::builder()
        .base_url(format!("{}/", server.uri()))
        .build()
        .expect("a client");

    let error = client
        .source_images(ORG)
        .list()
        .send()
        .await
        .expect_err("401");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(
        header_value(&only_request(server.received_requests().await), "api-key"),
        None
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error_without_the_key() {
    let port = refused_port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(KEY)
        .build()
        .expect("a client");

    let error = client
        .source_images(ORG)
        .upload(Upload::bytes("pixel.png", "x"))
        .send()
        .await
        .expect_err("nothing listens");

    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(!format!("{error:?}{error}").contains(KEY));
}

#[test]
fn secrets_are_not_printed() {
    let builder = Client::builder().api_key(KEY);
    assert!(!format!("{builder:?}").contains(KEY), "{builder:?}");
    let client = builder.build().expect("a client");
    assert!(!format!("{client:?}").contains(KEY), "{client:?}");
}

#[test]
fn the_default_base_url_is_rokkas() {
    let client = Client::builder().build().expect("a client");
    assert_eq!(client.base_url(), "https://api.rokka.io");
}

#[tokio::test]
async fn from_vars_reads_rokka_url_and_rokka_api_key() {
    let server = MockServer::start().await;
    server
        .get_source_image(ORG, HASH)
        .respond(&decoded(image(HASH, "matterhorn.jpg")))
        .times(1);
    let url = format!("{}/", server.uri());
    let vars = HashMap::from([("ROKKA_URL", url.as_str()), ("ROKKA_API_KEY", KEY)]);

    let client =
        Client::from_vars(|name| vars.get(name).copied().map(String::from)).expect("a client");
    let got = client
        .source_images(ORG)
        .get(HASH)
        .await
        .expect("the image");

    assert_eq!(client.base_url(), server.uri());
    assert_eq!(got.hash.as_deref(), Some(HASH));
    assert_every_request_sent_the_key(&server).await;
}

#[test]
fn from_vars_without_rokka_url_uses_rokkas_and_without_a_key_sends_none() {
    for key in [Some(KEY), None] {
        let client = Client::from_vars(|name| match name {
            "ROKKA_API_KEY" => key.map(String::from),
            _ => None,
        })
        .expect("a client");

        assert_eq!(client.base_url(), "https://api.rokka.io");
        // The key is set for rokka's scheme (and never shown).
        let shown = format!("{client:?}");
        assert_eq!(shown.contains("ApiKeyAuth"), key.is_some(), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
    }
}
