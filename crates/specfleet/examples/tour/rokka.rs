//! rokka: upload an image with metadata, list the organization page by page, annotate, crop,
//! copy, download, delete and restore it, and meet the 404 of an unknown image.

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use specfleet::Upload;
use specfleet::rokka;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG: &str = "acme";
const HASH: &str = "c421f4e8cefe0fd3df2a1ba4f0f03e43c3bbe0c4";
const CROPPED: &str = "5e6f6c1bd2a84f7b8a3c2b1e0d9f8a7b6c5d4e3f";
const UNCROPPED: &str = "9b2d7e41c0a35f86e1d4b7a09c3e5f2a8d6b1c70";
const BINARY_HASH: &str = "03b3f7d2d8e1ba8f00e3a8e5e2bd6c8e2a3b7f1d";

fn image(hash: &str, name: &str, user_metadata: Value) -> Value {
    json!({
        "hash": hash,
        "short_hash": &hash[..6],
        "binary_hash": BINARY_HASH,
        "created": "2024-03-18T09:41:27+00:00",
        "name": name,
        "mimetype": "image/jpeg",
        "format": "jpg",
        "size": 49_152,
        "width": 4000,
        "height": 2667,
        "organization": ORG,
        "link": format!("/sourceimages/{ORG}/{hash}"),
        "user_metadata": user_metadata
    })
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== rokka");
    let server = MockServer::start().await;
    let images = format!("/sourceimages/{ORG}");
    let one = format!("{images}/{HASH}");
    let matterhorn = image(HASH, "matterhorn.jpg", json!({"photographer": "Ada"}));
    let mount = |mock: Mock| mock.mount(&server);

    mount(
        Mock::given(method("POST")).and(path(&images)).respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total": 1, "items": [matterhorn.clone()]})),
        ),
    )
    .await;
    let others = ["eiger.jpg", "jungfrau.jpg", "pilatus.jpg"];
    mount(
        Mock::given(method("GET"))
            .and(path(&images))
            .and(query_param("offset", "0"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "total": 4,
                "items": [matterhorn.clone(), image(&"e".repeat(40), others[0], json!({}))],
                "cursor": "AoJwgMH0i/QCPw=="
            }))),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(&images))
            .and(query_param("offset", "AoJwgMH0i/QCPw=="))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "total": 4,
                "items": [
                    image(&"f".repeat(40), others[1], json!({})),
                    image(&"a".repeat(40), others[2], json!({}))
                ]
            }))),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(format!("{images}/binaryhash/{BINARY_HASH}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"total": 1, "items": [matterhorn.clone()]})),
            ),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(&one))
            .respond_with(ResponseTemplate::new(200).set_body_json(&matterhorn)),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(format!("{images}/{}", "0".repeat(40))))
            .respond_with(ResponseTemplate::new(404).set_body_json(
                json!({"error": {"code": 404, "message": "Source image not found"}}),
            )),
    )
    .await;
    for verb in ["PATCH", "PUT", "DELETE"] {
        mount(
            Mock::given(method(verb))
                .and(path(format!("{one}/meta/user")))
                .respond_with(ResponseTemplate::new(204)),
        )
        .await;
        mount(
            Mock::given(method(verb))
                .and(path(format!("{one}/meta/user/photographer")))
                .respond_with(ResponseTemplate::new(204)),
        )
        .await;
    }
    mount(
        Mock::given(method("GET"))
            .and(path(format!("{one}/meta/user")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"photographer": "Ada Lovelace", "year": 2024})),
            ),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(format!("{one}/meta/user/photographer")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!("Ada Lovelace"))),
    )
    .await;
    // Dynamic metadata is part of the image's identity: each change answers with a new hash.
    for (verb, new_hash) in [("PUT", CROPPED), ("DELETE", UNCROPPED)] {
        mount(
            Mock::given(method(verb))
                .and(path(format!("{one}/meta/dynamic/subject_area")))
                .respond_with(ResponseTemplate::new(200).set_body_json(image(
                    new_hash,
                    "matterhorn.jpg",
                    json!({}),
                ))),
        )
        .await;
    }
    mount(
        Mock::given(method("POST"))
            .and(path(format!("{one}/copy")))
            .respond_with(ResponseTemplate::new(201)),
    )
    .await;
    mount(
        Mock::given(method("GET"))
            .and(path(format!("{one}/download")))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(vec![0xAB; 49_152], "image/jpeg"),
            ),
    )
    .await;
    mount(
        Mock::given(method("DELETE"))
            .and(path(&one))
            .respond_with(ResponseTemplate::new(204)),
    )
    .await;
    mount(
        Mock::given(method("POST"))
            .and(path(format!("{one}/restore")))
            .respond_with(ResponseTemplate::new(200).set_body_json(&matterhorn)),
    )
    .await;

    let client = rokka::Client::builder()
        .base_url(server.uri())
        .api_key("tour-api-key")
        .build()?;
    let acme = client.source_images(ORG);

    let uploaded = acme
        .upload(Upload::bytes("matterhorn.jpg", vec![0xAB; 49_152]))
        .meta_user(json!({"photographer": "Ada"}).to_string())
        .await?;
    // rokka answers with a listing of what it stored: one image here.
    let uploaded = uploaded.items.unwrap_or_default().remove(0);
    println!(
        "upload matterhorn.jpg: stored as {} ({}x{})",
        uploaded.short_hash.unwrap_or_default(),
        uploaded.width.unwrap_or_default(),
        uploaded.height.unwrap_or_default()
    );
    let listed: Vec<rokka::SourceImage> = acme.list().limit(2).stream().try_collect().await?;
    let names: Vec<String> = listed.into_iter().filter_map(|image| image.name).collect();
    println!(
        "list every image, 2 per page: {} ({} images)",
        names.join(", "),
        names.len()
    );
    let twins = acme.by_binary_hash(BINARY_HASH).await?;
    println!(
        "images with the same file: {}",
        twins.items.unwrap_or_default().len()
    );
    let got = acme.get(HASH).await?;
    println!(
        "get {}: {}, {} bytes",
        got.name.unwrap_or_default(),
        got.mimetype.unwrap_or_default(),
        got.size.unwrap_or_default()
    );

    let user = acme.user_metadata(HASH);
    user.patch(json!({"year": 2024})).await?;
    user.set_field("photographer", "Ada Lovelace").await?;
    println!(
        "user metadata after a patch and a field update: photographer {:?}, all {}",
        user.get_field("photographer").await?,
        user.get().await?
    );
    user.replace(json!({"photographer": "Ada Lovelace", "year": 2024}))
        .await?;
    user.delete_field("photographer").await?;
    user.delete_all().await?;
    println!("user metadata: replaced, one field removed, then all removed");

    let cropped = acme
        .dynamic_metadata(HASH)
        .set(
            "subject_area",
            json!({"x": 1200, "y": 800, "width": 900, "height": 600}),
        )
        .send()
        .await?;
    println!(
        "set a subject area: the image is now {}",
        cropped.short_hash.unwrap_or_default()
    );
    let plain = acme
        .dynamic_metadata(HASH)
        .delete("subject_area")
        .delete_previous(true)
        .send()
        .await?;
    println!(
        "remove it again, deleting the previous hash: {}",
        plain.short_hash.unwrap_or_default()
    );

    acme.copy(HASH, "acme-archive").overwrite("F").await?;
    println!("copy to acme-archive, keeping any image already there");
    let download = acme.download(HASH).await?;
    let content_type = download.content_type().unwrap_or_default().to_owned();
    let bytes = download.bytes().await?;
    println!(
        "download the original: {} bytes of {content_type}",
        bytes.len()
    );

    acme.delete(HASH).await?;
    let restored = acme.restore(HASH).await?;
    println!(
        "delete and restore: {} is back",
        restored.name.unwrap_or_default()
    );
    match acme.get("0".repeat(40)).await {
        Err(error) => println!("get an unknown image: {error}"),
        Ok(_) => println!("get an unknown image: found (unexpected)"),
    }
    Ok(())
}
