//! `specfleet-bench client SCENARIO VARIANT`: one measured trial in a fresh process, printed as
//! one JSON line. Every variant of a scenario sends the same request to the same server and
//! decodes into the same type; they differ only in the code path: the generated function, the
//! facade, or a minimal hand-written reqwest call.
//!
//! The runtime is single-threaded on purpose: the machine has two cores and the server takes
//! the other, so neither process steals the other's core.

use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use bytes::Bytes;
use futures_util::future::LocalBoxFuture;
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
    /// One variant; the small-request scenarios take several, measured in turn.
    pub(crate) variants: Vec<Variant>,
    /// The server's base URL.
    pub(crate) url: String,
    /// Requests, records or bytes, by scenario (for small requests: per block).
    pub(crate) size: u64,
    /// What goes through each variant unmeasured first: requests (small requests, at least
    /// one), or the bytes of one transfer (streaming; none for 0).
    pub(crate) warmup: u64,
    /// Measured blocks per variant (small requests and transfers).
    pub(crate) blocks: usize,
}

/// One trial and the variant it measured: a line of the client's output.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Measured {
    pub(crate) variant: String,
    #[serde(flatten)]
    pub(crate) trial: Trial,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the client's runtime")?;
    let trials = runtime.block_on(trials(args)).with_context(|| {
        let variants: Vec<_> = args.variants.iter().map(|variant| variant.name()).collect();
        format!(
            "scenario {} through {} (size {}) failed",
            args.scenario.name(),
            variants.join(", "),
            args.size
        )
    })?;
    for (variant, trial) in trials {
        let measured = Measured {
            variant: variant.name().to_owned(),
            trial,
        };
        println!("{}", serde_json::to_string(&measured)?);
    }
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

async fn trials(args: &Args) -> Result<Vec<(Variant, Trial)>> {
    let url = args.url.as_str();
    let trial = match args.scenario {
        Scenario::Get | Scenario::Post => return small(args).await,
        Scenario::Decode => decode(only_variant(args)?, url, args.size as usize).await?,
        Scenario::DownloadCbrain
        | Scenario::DownloadRokka
        | Scenario::UploadCbrain
        | Scenario::UploadRokka => return transfers(args).await,
    };
    Ok(vec![(only_variant(args)?, trial)])
}

/// The variant of a scenario that measures one at a time.
fn only_variant(args: &Args) -> Result<Variant> {
    match args.variants[..] {
        [variant] => Ok(variant),
        _ => bail!("scenario {} takes one variant", args.scenario.name()),
    }
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

/// One code path of the small-request scenarios, its client built once. An enum rather than
/// boxed closures, so that no variant pays for an allocation the others do not make.
enum Small {
    Generated(Client),
    Facade(specfleet::qi_compute::Client),
    /// The client and the request's URL, formatted once.
    Raw(reqwest::Client, String),
}

impl Small {
    fn new(scenario: Scenario, variant: Variant, url: &str) -> Result<Small> {
        Ok(match variant {
            Variant::Generated => {
                Small::Generated(generated_client(specfleet_qi_compute::client(), url)?)
            }
            // No request timeout, as the raw baseline has none: reqwest arms a timer per
            // request for one, which is the safety default's cost, not the facade's.
            Variant::Facade => Small::Facade(
                specfleet::qi_compute::Client::builder()
                    .base_url(url)
                    .access_token(TOKEN)
                    .backend_key(TOKEN)
                    .timeout(None)
                    .build()?,
            ),
            Variant::Raw => {
                let path = match scenario {
                    Scenario::Get => format!("/metadata/{RECORD_ID}"),
                    _ => "/metadata".to_owned(),
                };
                // The same `User-Agent` as the generated client sends, so that both send the
                // same request.
                let client = reqwest::Client::builder()
                    .user_agent(specfleet_qi_compute::SERVICE.user_agent)
                    .build()?;
                Small::Raw(client, format!("{url}{path}"))
            }
            Variant::Slice | Variant::SlicePath => {
                bail!("small requests have no in-memory variant")
            }
        })
    }

    /// One call; it must return the record the server sends.
    async fn call(&self, scenario: Scenario, record: &MetadataIn) -> Result<()> {
        use specfleet_qi_compute::apis::metadata_api;
        let get = scenario == Scenario::Get;
        let answer: Metadata = match self {
            Small::Generated(client) if get => {
                metadata_api::read_metadata_metadata_id_get(client, RECORD_ID).await?
            }
            Small::Generated(client) => {
                metadata_api::create_metadata_self_metadata_post(client, record.clone()).await?
            }
            Small::Facade(client) if get => client.metadata().get(RECORD_ID).await?,
            Small::Facade(client) => client.metadata().create(record.clone()).send().await?,
            Small::Raw(client, url) => {
                let request = if get {
                    client.get(url).bearer_auth(TOKEN)
                } else {
                    // A copy per call, as the generated function and the facade take theirs
                    // by value.
                    client
                        .post(url)
                        .header(reqwest::header::AUTHORIZATION, TOKEN)
                        .json(&record.clone())
                };
                let response = request
                    .header(ACCEPT, "application/json")
                    .send()
                    .await?
                    .error_for_status()?;
                serde_json::from_slice(&response.bytes().await?)?
            }
        };
        ensure!(
            answer.id == RECORD_ID && answer.data.is_some(),
            "unexpected record {answer:?}"
        );
        Ok(())
    }
}

/// The small-request scenarios with every variant in this one process: `warmup` unmeasured
/// calls through each, then `blocks` blocks of `size` calls through each variant in turn, the
/// order rotating from block to block. Adjacent blocks run milliseconds apart, so a ratio of
/// two of them is taken under the same conditions, which trials in separate processes seconds
/// apart are not.
async fn small(args: &Args) -> Result<Vec<(Variant, Trial)>> {
    let record = MetadataIn::new(Some(payload::metadata_data()));
    let paths = args
        .variants
        .iter()
        .map(|variant| Ok((*variant, Small::new(args.scenario, *variant, &args.url)?)))
        .collect::<Result<Vec<_>>>()?;
    for (_, path) in &paths {
        for _ in 0..args.warmup.max(1) {
            path.call(args.scenario, &record).await?;
        }
    }
    let mut trials = Vec::new();
    for block in 0..args.blocks {
        for offset in 0..paths.len() {
            let (variant, path) = &paths[(block + offset) % paths.len()];
            let meter = Meter::start()?;
            for _ in 0..args.size {
                path.call(args.scenario, &record).await?;
            }
            trials.push((*variant, meter.finish(args.size, 0)?));
        }
    }
    Ok(trials)
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

/// One code path of a streaming scenario, its client built once: a transfer of the given
/// number of bytes, returning how many the transfer accounted for.
type Transfer = Box<dyn Fn(u64) -> LocalBoxFuture<'static, Result<u64>>>;

/// A download through `variant`; each call downloads that many bytes and drains them.
fn download(scenario: Scenario, variant: Variant, url: &str) -> Result<Transfer> {
    let rokka = scenario == Scenario::DownloadRokka;
    Ok(match variant {
        Variant::Generated if rokka => {
            use specfleet_rokka::apis::sourceimages_api::download_source_image;
            let client = generated_client(specfleet_rokka::client(), url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let download =
                        download_source_image(&client, ORGANIZATION, length.to_string()).await?;
                    drain(download.into_stream()).await
                })
            })
        }
        Variant::Generated => {
            use specfleet_cbrain::apis::userfiles_api::userfiles_id_content_get;
            let client = generated_client(specfleet_cbrain::client(), url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let id = i64::try_from(length).context("length out of range")?;
                    drain(userfiles_id_content_get(&client, id).await?.into_stream()).await
                })
            })
        }
        Variant::Facade if rokka => {
            let client = rokka_facade(url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let images = client.source_images(ORGANIZATION);
                    drain(images.download(length.to_string()).await?.into_stream()).await
                })
            })
        }
        Variant::Facade => {
            let client = cbrain_facade(url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let id = i64::try_from(length).context("length out of range")?;
                    drain(client.userfiles().content(id).await?.into_stream()).await
                })
            })
        }
        Variant::Raw => {
            let (client, url) = (reqwest::Client::new(), url.to_owned());
            Box::new(move |length| {
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
                Box::pin(async move {
                    let response = request.send().await?.error_for_status()?;
                    drain(response.bytes_stream()).await
                })
            })
        }
        Variant::Slice | Variant::SlicePath => bail!("downloads have no in-memory variant"),
    })
}

/// An upload through `variant`; each call uploads that many bytes as a stream, and returns the
/// length of the file part the server reports it received.
fn upload(scenario: Scenario, variant: Variant, url: &str) -> Result<Transfer> {
    let rokka = scenario == Scenario::UploadRokka;
    // The facade's `Upload` is this one, re-exported: both variants upload the same stream.
    let stream_upload =
        |length: u64| Upload::stream("payload.bin", payload::byte_stream(length), Some(length));
    Ok(match variant {
        Variant::Generated if rokka => {
            use specfleet_rokka::apis::sourceimages_api::create_source_image;
            let client = generated_client(specfleet_rokka::client(), url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let answer =
                        create_source_image(&client, stream_upload(length), ORGANIZATION).await?;
                    image_size(answer)
                })
            })
        }
        Variant::Generated => {
            use specfleet_cbrain::apis::userfiles_api::userfiles_post;
            let client = generated_client(specfleet_cbrain::client(), url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let answer =
                        userfiles_post(&client, stream_upload(length), 4, 5, "SingleFile").await?;
                    received(&answer)
                })
            })
        }
        Variant::Facade if rokka => {
            let client = rokka_facade(url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let images = client.source_images(ORGANIZATION);
                    image_size(images.upload(stream_upload(length)).send().await?)
                })
            })
        }
        Variant::Facade => {
            let client = cbrain_facade(url)?;
            Box::new(move |length| {
                let client = client.clone();
                Box::pin(async move {
                    let upload = stream_upload(length);
                    let answer = client
                        .userfiles()
                        .upload(upload, 4, 5, "SingleFile")
                        .send()
                        .await?;
                    received(&answer)
                })
            })
        }
        Variant::Raw => {
            let (client, url) = (reqwest::Client::new(), url.to_owned());
            Box::new(move |length| {
                let part = reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::wrap_stream(payload::byte_stream(length)),
                    length,
                )
                .file_name("payload.bin")
                .mime_str("application/octet-stream");
                let (client, url) = (client.clone(), url.clone());
                Box::pin(async move {
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
                        image_size(serde_json::from_slice(&body)?)
                    } else {
                        received(&serde_json::from_slice(&body)?)
                    }
                })
            })
        }
        Variant::Slice | Variant::SlicePath => bail!("uploads have no in-memory variant"),
    })
}

/// The size of the image a rokka upload answers with.
fn image_size(answer: ListSourceImagesResponse) -> Result<u64> {
    let size = answer
        .items
        .and_then(|items| items.into_iter().next())
        .and_then(|image| image.size)
        .context("the answer lists no image with a size")?;
    u64::try_from(size).with_context(|| format!("the server reports {size} bytes"))
}

/// The length of the file part a CBRAIN upload answers it received.
fn received(answer: &serde_json::Value) -> Result<u64> {
    answer["received"]
        .as_u64()
        .context("the answer has no `received` byte count")
}

/// The streaming scenarios with every variant in this one process, as [`small`] runs small
/// requests: an unmeasured transfer of `warmup` bytes through each (none for 0), then `blocks`
/// blocks of one transfer of `size` bytes through each variant in turn, the order rotating from
/// block to block. A 1 GiB transfer over loopback takes a fraction of a second, and trials in
/// separate processes seconds apart moved by 20 % or more.
async fn transfers(args: &Args) -> Result<Vec<(Variant, Trial)>> {
    let download = matches!(
        args.scenario,
        Scenario::DownloadCbrain | Scenario::DownloadRokka
    );
    let paths = args
        .variants
        .iter()
        .map(|variant| {
            let transfer = if download {
                self::download(args.scenario, *variant, &args.url)?
            } else {
                upload(args.scenario, *variant, &args.url)?
            };
            Ok((*variant, transfer))
        })
        .collect::<Result<Vec<_>>>()?;
    if args.warmup > 0 {
        for (_, transfer) in &paths {
            transfer(args.warmup).await?;
        }
    }
    let mut trials = Vec::new();
    for block in 0..args.blocks {
        for offset in 0..paths.len() {
            let (variant, transfer) = &paths[(block + offset) % paths.len()];
            let meter = Meter::start()?;
            let moved = transfer(args.size).await?;
            let trial = meter.finish(1, args.size)?;
            ensure!(
                moved == args.size,
                "{} moved {moved} bytes through {}, expected {}",
                args.scenario.name(),
                variant.name(),
                args.size
            );
            trials.push((*variant, trial));
        }
    }
    Ok(trials)
}
