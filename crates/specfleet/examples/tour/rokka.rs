//! rokka: upload an image with metadata, list the organization page by page, annotate, crop,
//! copy, download, delete and restore it, and meet the 404 of an unknown image.

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use specfleet::Upload;
use specfleet::rokka::mock::{MockServer, Response};
use specfleet::rokka::{self, ListSourceImagesResponse, SourceImage};

const ORG: &str = "acme";
const HASH: &str = "c421f4e8cefe0fd3df2a1ba4f0f03e43c3bbe0c4";
const CROPPED: &str = "5e6f6c1bd2a84f7b8a3c2b1e0d9f8a7b6c5d4e3f";
const UNCROPPED: &str = "9b2d7e41c0a35f86e1d4b7a09c3e5f2a8d6b1c70";
const BINARY_HASH: &str = "03b3f7d2d8e1ba8f00e3a8e5e2bd6c8e2a3b7f1d";
/// Where the second page of the listing starts.
const CURSOR: &str = "AoJwgMH0i/QCPw==";

fn image(hash: &str, name: &str, user_metadata: Value) -> serde_json::Result<SourceImage> {
    serde_json::from_value(json!({
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
    }))
}

/// A page of a listing: `total` images in all, these here, and where the next page starts.
fn listing(total: i32, items: Vec<SourceImage>, cursor: Option<&str>) -> ListSourceImagesResponse {
    let mut page = ListSourceImagesResponse::new();
    page.total = Some(total);
    page.items = Some(items);
    page.cursor = cursor.map(str::to_owned);
    page
}

/// The mock of the service: the organization `acme` with matterhorn.jpg and three others.
async fn mock_rokka() -> serde_json::Result<MockServer> {
    let server = MockServer::start().await;
    let matterhorn = image(HASH, "matterhorn.jpg", json!({"photographer": "Ada"}))?;
    server
        .create_source_image(ORG)
        .meta_user(json!({"photographer": "Ada"}).to_string())
        .respond(&listing(1, vec![matterhorn.clone()], None));
    let other = |hash: char, name| image(&hash.to_string().repeat(40), name, json!({}));
    let first = vec![matterhorn.clone(), other('e', "eiger.jpg")?];
    server
        .list_source_images(ORG)
        .limit(2)
        .offset("0")
        .respond(&listing(4, first, Some(CURSOR)));
    let second = vec![other('f', "jungfrau.jpg")?, other('a', "pilatus.jpg")?];
    server
        .list_source_images(ORG)
        .limit(2)
        .offset(CURSOR)
        .respond(&listing(4, second, None));
    server
        .list_source_images_by_binary_hash(ORG, BINARY_HASH)
        .respond(&listing(1, vec![matterhorn.clone()], None));
    server.get_source_image(ORG, HASH).respond(&matterhorn);
    server.get_source_image(ORG, "0".repeat(40)).respond_error(
        404,
        &json!({"error": {"code": 404, "message": "Source image not found"}}),
    );

    let fields = json!({"photographer": "Ada Lovelace", "year": 2024});
    server
        .patch_source_image_meta_user(ORG, HASH)
        .user_meta_data(json!({"year": 2024}))
        .respond();
    server
        .create_source_image_meta_user_wth_name(ORG, HASH, "photographer")
        .user_meta_data_single_field("Ada Lovelace")
        .respond();
    server
        .get_source_image_meta_user_with_name(ORG, HASH, "photographer")
        .respond(&"Ada Lovelace".to_owned());
    server
        .get_source_image_meta_user(ORG, HASH)
        .respond(&fields);
    server
        .create_source_image_meta_user(ORG, HASH)
        .user_meta_data(fields)
        .respond();
    server
        .delete_source_image_meta_user_with_name(ORG, HASH, "photographer")
        .respond();
    server.delete_source_image_meta_user(ORG, HASH).respond();

    // Dynamic metadata is part of the image's identity: each change answers with a new hash.
    server
        .create_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .meta_dynamic_definition(json!({"x": 1200, "y": 800, "width": 900, "height": 600}))
        .respond(&image(CROPPED, "matterhorn.jpg", json!({}))?);
    server
        .delete_source_image_meta_dynamic_with_name(ORG, HASH, "subject_area")
        .delete_previous(true)
        .respond(&image(UNCROPPED, "matterhorn.jpg", json!({}))?);

    server
        .copy_source_image(ORG, HASH)
        .destination("acme-archive")
        .overwrite("F")
        .respond();
    // The generated `respond` answers a download as `*/*`; the tour shows the image's own type.
    server
        .download_source_image(ORG, HASH)
        .respond_with(Response::new(200).body("image/jpeg", vec![0xAB; 49_152]));
    server.delete_source_image(ORG, HASH).respond();
    server.restore_source_image(ORG, HASH).respond(&matterhorn);
    Ok(server)
}

pub(crate) async fn tour() -> crate::Tour {
    println!("== rokka");
    let server = mock_rokka().await?;
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
