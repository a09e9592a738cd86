//! `specfleet-bench client SCENARIO VARIANT`: one measured trial in a fresh process, printed as
//! one JSON line. Every variant of a scenario sends the same request to the same server and
//! decodes into the same type; they differ only in the code path: the generated function, the
//! facade, or a minimal hand-written reqwest call.
//!
//! The runtime is single-threaded on purpose: the machine has two cores and the server takes
//! the other, so neither process steals the other's core.

use std::future::Future;
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::ACCEPT;
use serde::{Deserialize, Serialize};
use specfleet_cbrain::models::Userfile;
use specfleet_qi_compute::models::{Metadata, MetadataIn};
use specfleet_rokka::models::ListSourceImagesResponse;
use specfleet_runtime::{Client, Upload};

use crate::mem;
use crate::payload::{self, ORGANIZATION, RECORD_ID, TOKEN};

/// What one trial measured.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Trial {
    /// Wall time of the measured part.
    pub(crate) seconds: f64,
    /// On-CPU time of the client process in the measured part.
    pub(crate) cpu_seconds: f64,
    /// Requests (or decodes) in the measured part.
    pub(crate) operations: u64,
    /// Payload bytes moved or decoded in the measured part.
    pub(crate) bytes: u64,
    /// Resident set before the measured part: the process with its client built and its
    /// connection open, before any payload existed.
    pub(crate) idle_rss_kib: u64,
    /// Peak resident set during the measured part.
    pub(crate) peak_rss_kib: u64,
}

impl Trial {
    /// The peak above the idle process, in bytes.
    pub(crate) fn peak_over_idle(&self) -> f64 {
        self.peak_rss_kib.saturating_sub(self.idle_rss_kib) as f64 * 1024.0
    }
}

/// The measured scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scenario {
    /// qi-compute `read_metadata_metadata_id_get`, `size` times in a row.
    Get,
    /// qi-compute `create_metadata_self_metadata_post`, `size` times in a row.
    Post,
    /// CBRAIN `userfiles_get` of `size` records.
    Decode,
    /// CBRAIN `userfiles_id_content_get` of `size` bytes, streamed.
    DownloadCbrain,
    /// rokka `download_source_image` of `size` bytes, streamed.
    DownloadRokka,
    /// CBRAIN `userfiles_post` of `size` bytes, from a stream.
    UploadCbrain,
    /// rokka `create_source_image` of `size` bytes, from a stream.
    UploadRokka,
}

impl Scenario {
    pub(crate) const ALL: [Scenario; 7] = [
        Scenario::Get,
        Scenario::Post,
        Scenario::Decode,
        Scenario::DownloadCbrain,
        Scenario::DownloadRokka,
        Scenario::UploadCbrain,
        Scenario::UploadRokka,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Scenario::Get => "get",
            Scenario::Post => "post",
            Scenario::Decode => "decode",
            Scenario::DownloadCbrain => "download-cbrain",
            Scenario::DownloadRokka => "download-rokka",
            Scenario::UploadCbrain => "upload-cbrain",
            Scenario::UploadRokka => "upload-rokka",
        }
    }

    pub(crate) fn parse(name: &str) -> Result<Scenario> {
        Scenario::ALL
            .into_iter()
            .find(|scenario| scenario.name() == name)
            .with_context(|| format!("unknown scenario `{name}`"))
    }
}

/// The code paths a scenario is measured through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// The generated function of `specfleet-<service>`, with a client without a request
    /// timeout, as the raw baseline has none.
    Generated,
    /// The facade, `specfleet::<service>::Client`.
    Facade,
    /// A hand-written `reqwest::Client` call decoding with `serde_json::from_slice`.
    Raw,
    /// `serde_json::from_slice` of the same bytes already in memory (decode only).
    Slice,
    /// As [`Variant::Slice`], through `serde_path_to_error` as the generated functions decode
    /// (decode only): what tracking the error path costs on its own.
    SlicePath,
}

impl Variant {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Variant::Generated => "generated",
            Variant::Facade => "facade",
            Variant::Raw => "raw",
            Variant::Slice => "slice",
            Variant::SlicePath => "slice-path",
        }
    }

    pub(crate) fn parse(name: &str) -> Result<Variant> {
        [
            Variant::Generated,
            Variant::Facade,
            Variant::Raw,
            Variant::Slice,
            Variant::SlicePath,
        ]
        .into_iter()
        .find(|variant| variant.name() == name)
        .with_context(|| format!("unknown variant `{name}`"))
    }
}

/// One trial as the suite asks for it.
#[derive(Debug, Clone)]
pub(crate) struct Args {
    pub(crate) scenario: Scenario,
    pub(crate) variant: Variant,
    /// The server's base URL.
    pub(crate) url: String,
    /// Requests, records or bytes, by scenario.
    pub(crate) size: u64,
    /// Unmeasured requests first (small requests only).
    pub(crate) warmup: u64,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the client's runtime")?;
    let trial = runtime.block_on(trial(args)).with_context(|| {
        format!(
            "scenario {} through {} (size {}) failed",
            args.scenario.name(),
            args.variant.name(),
            args.size
        )
    })?;
    println!("{}", serde_json::to_string(&trial)?);
    Ok(())
}

/// Measures from its creation: the resident set then, the peak from then.
struct Meter {
    idle_kib: u64,
    started: Instant,
    cpu_started: f64,
}

impl Meter {
    fn start() -> Result<Meter> {
        Meter::start_over(mem::rss_kib()?)
    }

    /// Starts measuring now, with the idle resident set taken earlier (before a payload the
    /// baseline must hold, so that the payload counts in its peak as it does for the others).
    fn start_over(idle_kib: u64) -> Result<Meter> {
        mem::reset_peak()?;
        Ok(Meter {
            idle_kib,
            cpu_started: mem::cpu_seconds()?,
            started: Instant::now(),
        })
    }

    fn finish(self, operations: u64, bytes: u64) -> Result<Trial> {
        let seconds = self.started.elapsed().as_secs_f64();
        let cpu_seconds = mem::cpu_seconds()? - self.cpu_started;
        Ok(Trial {
            seconds,
            cpu_seconds,
            operations,
            bytes,
            idle_rss_kib: self.idle_kib,
            peak_rss_kib: mem::peak_kib()?,
        })
    }
}

async fn trial(args: &Args) -> Result<Trial> {
    let url = args.url.as_str();
    match (args.scenario, args.variant) {
        (Scenario::Get | Scenario::Post, Variant::Slice | Variant::SlicePath) => {
            bail!("small requests have no in-memory variant")
        }
        (Scenario::Get | Scenario::Post, variant) => small(args.scenario, variant, url, args).await,
        (Scenario::Decode, variant) => decode(variant, url, args.size as usize).await,
        (Scenario::DownloadCbrain | Scenario::DownloadRokka, variant) => {
            download(args.scenario, variant, url, args.size).await
        }
        (Scenario::UploadCbrain | Scenario::UploadRokka, variant) => {
            upload(args.scenario, variant, url, args.size).await
        }
    }
}

/// `warmup` then `count` calls in a row on one kept-alive connection; each must return the
/// record the server sends.
async fn repeat<F, Fut>(count: u64, warmup: u64, mut call: F) -> Result<Trial>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Metadata>>,
{
    let check = |record: Metadata| {
        ensure!(
            record.id == RECORD_ID && record.data.is_some(),
            "unexpected record {record:?}"
        );
        Ok(())
    };
    for _ in 0..warmup.max(1) {
        check(call().await?)?;
    }
    let meter = Meter::start()?;
    for _ in 0..count {
        check(call().await?)?;
    }
    meter.finish(count, 0)
}

/// A generated crate's client for the bench server: its credentials, no request timeout.
fn generated_client(builder: specfleet_runtime::ClientBuilder, url: &str) -> Result<Client> {
    Ok(builder
        .base_url(url)
        .api_key(TOKEN)
        .bearer_token(TOKEN)
        .timeout(None)
        .build()?)
}

async fn small(scenario: Scenario, variant: Variant, url: &str, args: &Args) -> Result<Trial> {
    use specfleet_qi_compute::apis::metadata_api;
    let (count, warmup) = (args.size, args.warmup);
    let record = MetadataIn::new(Some(payload::metadata_data()));
    match variant {
        Variant::Generated => {
            let client = &generated_client(specfleet_qi_compute::client(), url)?;
            let record = &record;
            if scenario == Scenario::Get {
                repeat(count, warmup, move || async move {
                    Ok(metadata_api::read_metadata_metadata_id_get(client, RECORD_ID).await?)
                })
                .await
            } else {
                repeat(count, warmup, move || async move {
                    Ok(
                        metadata_api::create_metadata_self_metadata_post(client, record.clone())
                            .await?,
                    )
                })
                .await
            }
        }
        Variant::Facade => {
            let client = &specfleet::qi_compute::Client::builder()
                .base_url(url)
                .access_token(TOKEN)
                .backend_key(TOKEN)
                .build()?;
            let record = &record;
            if scenario == Scenario::Get {
                repeat(count, warmup, move || async move {
                    Ok(client.metadata().get(RECORD_ID).await?)
                })
                .await
            } else {
                repeat(count, warmup, move || async move {
                    Ok(client.metadata().create(record.clone()).send().await?)
                })
                .await
            }
        }
        Variant::Raw | Variant::Slice | Variant::SlicePath => {
            let client = &reqwest::Client::new();
            let record = &record;
            if scenario == Scenario::Get {
                let url = &format!("{url}/metadata/{RECORD_ID}");
                repeat(count, warmup, move || async move {
                    let response = client
                        .get(url)
                        .bearer_auth(TOKEN)
                        .header(ACCEPT, "application/json")
                        .send()
                        .await?
                        .error_for_status()?;
                    Ok(serde_json::from_slice(&response.bytes().await?)?)
                })
                .await
            } else {
                let url = &format!("{url}/metadata");
                repeat(count, warmup, move || async move {
                    let response = client
                        .post(url)
                        .header(reqwest::header::AUTHORIZATION, TOKEN)
                        .header(ACCEPT, "application/json")
                        .json(record)
                        .send()
                        .await?
                        .error_for_status()?;
                    Ok(serde_json::from_slice(&response.bytes().await?)?)
                })
                .await
            }
        }
    }
}

fn cbrain_facade(url: &str) -> Result<specfleet::cbrain::Client> {
    Ok(specfleet::cbrain::Client::builder()
        .base_url(url)
        .api_token(TOKEN)
        .timeout(None)
        .build()?)
}

fn rokka_facade(url: &str) -> Result<specfleet::rokka::Client> {
    Ok(specfleet::rokka::Client::builder()
        .base_url(url)
        .api_key(TOKEN)
        .timeout(None)
        .build()?)
}

/// One listing of `count` userfiles; the warm-up lists one, so the connection is open and the
/// code is paged in before the idle resident set is taken.
async fn decode(variant: Variant, url: &str, count: usize) -> Result<Trial> {
    use specfleet_cbrain::apis::userfiles_api;
    let per_page = i32::try_from(count).context("too many records for per_page")?;
    let (meter, userfiles) = match variant {
        Variant::Generated => {
            let client = generated_client(specfleet_cbrain::client(), url)?;
            userfiles_api::userfiles_get(&client).per_page(1).await?;
            let meter = Meter::start()?;
            let userfiles = userfiles_api::userfiles_get(&client)
                .per_page(per_page)
                .await?;
            (meter, userfiles)
        }
        Variant::Facade => {
            let client = cbrain_facade(url)?;
            client.userfiles().list().per_page(1).send().await?;
            let meter = Meter::start()?;
            let userfiles = client.userfiles().list().per_page(per_page).send().await?;
            (meter, userfiles)
        }
        Variant::Raw => {
            let client = reqwest::Client::new();
            let list = |per_page: usize| {
                let request = client
                    .get(format!("{url}/userfiles"))
                    .query(&[
                        ("per_page", per_page.to_string()),
                        ("cbrain_api_token", TOKEN.to_owned()),
                    ])
                    .header(ACCEPT, "application/json");
                async move {
                    let response = request.send().await?.error_for_status()?;
                    let body = response.bytes().await?;
                    Ok::<Vec<Userfile>, anyhow::Error>(serde_json::from_slice(&body)?)
                }
            };
            list(1).await?;
            let meter = Meter::start()?;
            let userfiles = list(count).await?;
            (meter, userfiles)
        }
        Variant::Slice | Variant::SlicePath => {
            let idle = mem::rss_kib()?;
            let json = payload::userfiles_json(count);
            let meter = Meter::start_over(idle)?;
            let userfiles: Vec<Userfile> = if variant == Variant::Slice {
                serde_json::from_slice(&json)?
            } else {
                serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&json))?
            };
            let trial = meter.finish(1, json.len() as u64)?;
            check_userfiles(&userfiles, count)?;
            return Ok(trial);
        }
    };
    let trial = meter.finish(1, 0)?;
    check_userfiles(&userfiles, count)?;
    Ok(trial)
}

fn check_userfiles(userfiles: &[Userfile], count: usize) -> Result<()> {
    ensure!(
        userfiles.len() == count,
        "decoded {} userfiles, expected {count}",
        userfiles.len()
    );
    ensure!(
        userfiles.last().and_then(|userfile| userfile.id) == Some(count as i64),
        "the last userfile is not number {count}"
    );
    Ok(())
}

/// Reads a body stream to its end; returns its length.
async fn drain<S, E>(stream: S) -> Result<u64>
where
    S: Stream<Item = std::result::Result<Bytes, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let mut stream = std::pin::pin!(stream);
    let mut length = 0u64;
    while let Some(chunk) = stream.next().await {
        length += chunk?.len() as u64;
    }
    Ok(length)
}

/// One download of `length` bytes after a one-byte warm-up.
async fn download(scenario: Scenario, variant: Variant, url: &str, length: u64) -> Result<Trial> {
    let rokka = scenario == Scenario::DownloadRokka;
    let (meter, received) = match variant {
        Variant::Generated if rokka => {
            use specfleet_rokka::apis::sourceimages_api::download_source_image;
            let client = generated_client(specfleet_rokka::client(), url)?;
            let get =
                |length: u64| download_source_image(&client, ORGANIZATION, length.to_string());
            drain(get(1).await?.into_stream()).await?;
            let meter = Meter::start()?;
            let received = drain(get(length).await?.into_stream()).await?;
            (meter, received)
        }
        Variant::Generated => {
            use specfleet_cbrain::apis::userfiles_api::userfiles_id_content_get;
            let client = generated_client(specfleet_cbrain::client(), url)?;
            drain(userfiles_id_content_get(&client, 1).await?.into_stream()).await?;
            let meter = Meter::start()?;
            let id = i64::try_from(length).context("length out of range")?;
            let received =
                drain(userfiles_id_content_get(&client, id).await?.into_stream()).await?;
            (meter, received)
        }
        Variant::Facade if rokka => {
            let client = rokka_facade(url)?;
            let images = client.source_images(ORGANIZATION);
            drain(images.download("1").await?.into_stream()).await?;
            let meter = Meter::start()?;
            let received = drain(images.download(length.to_string()).await?.into_stream()).await?;
            (meter, received)
        }
        Variant::Facade => {
            let client = cbrain_facade(url)?;
            drain(client.userfiles().content(1).await?.into_stream()).await?;
            let meter = Meter::start()?;
            let id = i64::try_from(length).context("length out of range")?;
            let received = drain(client.userfiles().content(id).await?.into_stream()).await?;
            (meter, received)
        }
        Variant::Raw => {
            let client = reqwest::Client::new();
            let get = |length: u64| {
                let request = if rokka {
                    client
                        .get(format!(
                            "{url}/sourceimages/{ORGANIZATION}/{length}/download"
                        ))
                        .header("api-key", TOKEN)
                } else {
                    client
                        .get(format!("{url}/userfiles/{length}/content"))
                        .query(&[("cbrain_api_token", TOKEN)])
                };
                async move {
                    let response = request.send().await?.error_for_status()?;
                    drain(response.bytes_stream()).await
                }
            };
            get(1).await?;
            let meter = Meter::start()?;
            let received = get(length).await?;
            (meter, received)
        }
        Variant::Slice | Variant::SlicePath => {
            bail!("downloads have no in-memory variant")
        }
    };
    let trial = meter.finish(1, received)?;
    ensure!(
        received == length,
        "downloaded {received} bytes, expected {length}"
    );
    Ok(trial)
}

/// Sends one kilobyte unmeasured, then `length` bytes under a [`Meter`]; returns the meter and
/// what the server reports it received.
async fn warm_then_measure<F, Fut>(send: F, length: u64) -> Result<(Meter, i64)>
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<i64>>,
{
    send(1024).await?;
    let meter = Meter::start()?;
    let received = send(length).await?;
    Ok((meter, received))
}

/// One upload of `length` bytes after a one-kilobyte warm-up; the server reports the length of
/// the file part it received.
async fn upload(scenario: Scenario, variant: Variant, url: &str, length: u64) -> Result<Trial> {
    let rokka = scenario == Scenario::UploadRokka;
    // The facade's `Upload` is this one, re-exported: both variants upload the same stream.
    let stream_upload =
        |length: u64| Upload::stream("payload.bin", payload::byte_stream(length), Some(length));
    let (meter, received) = match variant {
        Variant::Generated if rokka => {
            use specfleet_rokka::apis::sourceimages_api::create_source_image;
            let client = generated_client(specfleet_rokka::client(), url)?;
            let send = |length: u64| {
                let request = create_source_image(&client, stream_upload(length), ORGANIZATION);
                async move {
                    let answer = request.await?;
                    answer
                        .items
                        .and_then(|items| items.into_iter().next())
                        .and_then(|image| image.size)
                        .context("the answer lists no image with a size")
                }
            };
            warm_then_measure(send, length).await?
        }
        Variant::Generated => {
            use specfleet_cbrain::apis::userfiles_api::userfiles_post;
            let client = generated_client(specfleet_cbrain::client(), url)?;
            let send = |length: u64| {
                let request = userfiles_post(&client, stream_upload(length), 4, 5, "SingleFile");
                async move {
                    let answer = request.await?;
                    answer["received"]
                        .as_i64()
                        .context("the answer has no `received`")
                }
            };
            warm_then_measure(send, length).await?
        }
        Variant::Facade if rokka => {
            let client = rokka_facade(url)?;
            let images = client.source_images(ORGANIZATION);
            let send = |length: u64| {
                let request = images.upload(stream_upload(length));
                async move {
                    let answer = request.send().await?;
                    answer
                        .items
                        .and_then(|items| items.into_iter().next())
                        .and_then(|image| image.size)
                        .context("the answer lists no image with a size")
                }
            };
            warm_then_measure(send, length).await?
        }
        Variant::Facade => {
            let client = cbrain_facade(url)?;
            let send = |length: u64| {
                let request = client
                    .userfiles()
                    .upload(stream_upload(length), 4, 5, "SingleFile");
                async move {
                    let answer = request.send().await?;
                    answer["received"]
                        .as_i64()
                        .context("the answer has no `received`")
                }
            };
            warm_then_measure(send, length).await?
        }
        Variant::Raw => {
            let client = reqwest::Client::new();
            let send = |length: u64| {
                let part = reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::wrap_stream(payload::byte_stream(length)),
                    length,
                )
                .file_name("payload.bin")
                .mime_str("application/octet-stream");
                let client = &client;
                async move {
                    let part = part?;
                    let request = if rokka {
                        let form = reqwest::multipart::Form::new().part("filedata", part);
                        client
                            .post(format!("{url}/sourceimages/{ORGANIZATION}"))
                            .header("api-key", TOKEN)
                            .multipart(form)
                    } else {
                        let form = reqwest::multipart::Form::new()
                            .part("upload_file", part)
                            .text("data_provider_id", "4")
                            .text("userfile[group_id]", "5")
                            .text("file_type", "SingleFile");
                        client
                            .post(format!("{url}/userfiles"))
                            .query(&[("cbrain_api_token", TOKEN)])
                            .multipart(form)
                    };
                    let response = request
                        .header(ACCEPT, "application/json")
                        .send()
                        .await?
                        .error_for_status()?;
                    let body = response.bytes().await?;
                    if rokka {
                        let answer: ListSourceImagesResponse = serde_json::from_slice(&body)?;
                        answer
                            .items
                            .and_then(|items| items.into_iter().next())
                            .and_then(|image| image.size)
                            .context("the answer lists no image with a size")
                    } else {
                        let answer: serde_json::Value = serde_json::from_slice(&body)?;
                        answer["received"]
                            .as_i64()
                            .context("the answer has no `received`")
                    }
                }
            };
            warm_then_measure(send, length).await?
        }
        Variant::Slice | Variant::SlicePath => {
            bail!("uploads have no in-memory variant")
        }
    };
    let trial = meter.finish(1, length)?;
    ensure!(
        u64::try_from(received).ok() == Some(length),
        "the server received {received} bytes, expected {length}"
    );
    Ok(trial)
}
