//! `specfleet-bench suite`: starts the server, runs every scenario's variants interleaved in fresh
//! client processes, then the build-time rows, and writes the report.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};

use crate::client::{Measured, Scenario, Trial, Variant};
use crate::report::{Comparison, Report, Row, Target};
use crate::{compile, payload};

/// The groups of rows, selectable with `--only` and `--skip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Requests,
    Decode,
    Download,
    Upload,
    Compile,
    Regenerate,
}

impl Group {
    pub(crate) const ALL: [Group; 6] = [
        Group::Requests,
        Group::Decode,
        Group::Download,
        Group::Upload,
        Group::Compile,
        Group::Regenerate,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Group::Requests => "requests",
            Group::Decode => "decode",
            Group::Download => "download",
            Group::Upload => "upload",
            Group::Compile => "compile",
            Group::Regenerate => "regenerate",
        }
    }

    pub(crate) fn parse(name: &str) -> Result<Group> {
        Group::ALL
            .into_iter()
            .find(|group| group.name() == name)
            .with_context(|| {
                let names: Vec<_> = Group::ALL.iter().map(|group| group.name()).collect();
                format!(
                    "unknown group `{name}`; the groups are {}",
                    names.join(", ")
                )
            })
    }
}

/// What a run measures and how often.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) quick: bool,
    pub(crate) groups: BTreeSet<Group>,
    /// Small requests: blocks of a few hundred requests per variant.
    requests: Blocks,
    records: u64,
    decode_rounds: usize,
    /// Streaming: blocks of one transfer per variant.
    transfers: Blocks,
    regeneration_runs: usize,
}

impl Plan {
    pub(crate) fn new(quick: bool, groups: BTreeSet<Group>) -> Plan {
        if quick {
            Plan {
                quick,
                groups,
                requests: Blocks {
                    size: 25,
                    warmup: 5,
                    per_process: 2,
                    processes: 2,
                },
                records: 1_000,
                decode_rounds: 2,
                transfers: Blocks {
                    size: 1 << 20,
                    warmup: 1024,
                    per_process: 2,
                    processes: 2,
                },
                regeneration_runs: 1,
            }
        } else {
            Plan {
                quick,
                groups,
                requests: Blocks {
                    size: 250,
                    warmup: 500,
                    per_process: 20,
                    processes: 9,
                },
                records: 100_000,
                decode_rounds: 9,
                transfers: Blocks {
                    size: 1 << 30,
                    warmup: 1024,
                    per_process: 6,
                    processes: 4,
                },
                regeneration_runs: 3,
            }
        }
    }

    /// The groups `--quick` leaves out: they cost minutes and CI covers them otherwise.
    pub(crate) fn quick_skips() -> BTreeSet<Group> {
        [Group::Compile, Group::Regenerate].into()
    }
}

/// Where the suite works and what it writes.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) root: PathBuf,
    pub(crate) out: PathBuf,
    pub(crate) xtask: Option<PathBuf>,
    /// The command line shown in the report.
    pub(crate) command: String,
}

impl Options {
    /// Where the results are saved as JSON: `target/bench/<name of the report>.json`.
    pub(crate) fn results_path(&self) -> PathBuf {
        let stem = self.out.file_stem().map_or_else(
            || "BENCHMARKS".into(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        self.root.join("target/bench").join(format!("{stem}.json"))
    }
}

/// The server process; stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(exe: &Path, records: u64) -> Result<Server> {
        let mut child = Command::new(exe)
            .args(["serve", "--records", &records.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start `{} serve`", exe.display()))?;
        let stdout = child.stdout.take().context("the server has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("cannot read the server's port")?;
        let port: u16 = line
            .trim()
            .parse()
            .with_context(|| format!("the server printed `{}`, not a port", line.trim()))?;
        Ok(Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The trials of each variant of one scenario.
type Trials = BTreeMap<&'static str, Vec<Trial>>;

/// Runs `rounds` rounds of every variant, each in a fresh process; the order rotates from round
/// to round (ABC, BCA, CAB, ...) so that no variant always runs first or after the same one.
fn interleaved(
    exe: &Path,
    url: &str,
    scenario: Scenario,
    variants: &[Variant],
    size: u64,
    rounds: usize,
) -> Result<Trials> {
    let mut trials = Trials::new();
    for round in 0..rounds {
        for offset in 0..variants.len() {
            let variant = variants[(round + offset) % variants.len()];
            let trial = one_trial(exe, url, scenario, variant, size)?;
            eprintln!(
                "  {} {:<9} round {}/{rounds}: {:.4} s, peak {:.1} MiB over idle {:.1} MiB",
                scenario.name(),
                variant.name(),
                round + 1,
                trial.seconds,
                trial.peak_over_idle() / MIB,
                trial.idle_rss_kib as f64 / 1024.0,
            );
            trials.entry(variant.name()).or_default().push(trial);
        }
    }
    Ok(trials)
}

/// How a scenario whose variants alternate in one process is run: what a block moves (requests
/// or bytes), what goes through each variant unmeasured first (that many requests, or one
/// transfer of that many bytes), blocks per variant in one process, and processes.
#[derive(Debug, Clone, Copy)]
struct Blocks {
    size: u64,
    warmup: u64,
    per_process: usize,
    processes: usize,
}

/// Every variant of a small-request or streaming scenario in each of `blocks.processes` fresh
/// processes, alternating in blocks (see `client::small` and `client::transfers`); the variant
/// measured first rotates from process to process. The trials of one block index are adjacent
/// in time, so [`paired`] compares each variant with the baseline block by block.
fn alternating(
    exe: &Path,
    url: &str,
    scenario: Scenario,
    variants: &[Variant],
    blocks: Blocks,
) -> Result<Trials> {
    let mut trials = Trials::new();
    let processes = blocks.processes;
    for process in 0..processes {
        let order: Vec<_> = (0..variants.len())
            .map(|offset| variants[(process + offset) % variants.len()].name())
            .collect();
        let measured = run_client(
            exe,
            url,
            scenario,
            &order.join(","),
            blocks.size,
            blocks.warmup,
            blocks.per_process,
        )?;
        for variant in variants {
            let mine: Vec<&Trial> = measured
                .iter()
                .filter(|measured| measured.variant == variant.name())
                .map(|measured| &measured.trial)
                .collect();
            let (mut rates, unit): (Vec<f64>, _) = if mine.iter().any(|trial| trial.bytes > 0) {
                let rates = mine.iter().map(|trial| bytes_per_second(trial) / MIB);
                (rates.collect(), "MiB/s")
            } else {
                (
                    mine.iter()
                        .map(|trial| requests_per_second(trial))
                        .collect(),
                    "requests/s",
                )
            };
            eprintln!(
                "  {} {:<9} process {}/{processes}: median {:.0} {unit} over {} blocks",
                scenario.name(),
                variant.name(),
                process + 1,
                middle(&mut rates),
                mine.len(),
            );
        }
        for measured in measured {
            let variant = Variant::parse(&measured.variant)?;
            trials
                .entry(variant.name())
                .or_default()
                .push(measured.trial);
        }
    }
    Ok(trials)
}

/// One trial of one variant in a fresh client process.
fn one_trial(
    exe: &Path,
    url: &str,
    scenario: Scenario,
    variant: Variant,
    size: u64,
) -> Result<Trial> {
    let measured = run_client(exe, url, scenario, variant.name(), size, 0, 1)?;
    match &measured[..] {
        [one] => Ok(one.trial),
        _ => bail!(
            "scenario {} through {} printed {} trials, not one",
            scenario.name(),
            variant.name(),
            measured.len()
        ),
    }
}

/// Runs `specfleet-bench client` once and reads the trials it prints, one JSON line each.
fn run_client(
    exe: &Path,
    url: &str,
    scenario: Scenario,
    variants: &str,
    size: u64,
    warmup: u64,
    blocks: usize,
) -> Result<Vec<Measured>> {
    let output = Command::new(exe)
        .args(["client", scenario.name(), variants, "--url", url])
        .args(["--size", &size.to_string(), "--warmup", &warmup.to_string()])
        .args(["--blocks", &blocks.to_string()])
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot start `{} client`", exe.display()))?;
    ensure!(
        output.status.success(),
        "scenario {} through {variants} failed:\n{}",
        scenario.name(),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).with_context(|| {
                format!(
                    "scenario {} through {variants} printed `{line}`, not a trial",
                    scenario.name()
                )
            })
        })
        .collect()
}

const MIB: f64 = 1024.0 * 1024.0;

/// The median of the values `value` takes over `trials`.
fn median(trials: &Trials, variant: Variant, value: impl Fn(&Trial) -> f64) -> Result<f64> {
    let Some(trials) = trials.get(variant.name()) else {
        bail!("no trial of {}", variant.name());
    };
    let mut values: Vec<f64> = trials.iter().map(value).collect();
    Ok(middle(&mut values))
}

/// The median; NaN for no values.
fn middle(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// The medians of `value` for `subject` and `baseline`, and the median of their per-round
/// ratios: each round ran both one after the other, so a ratio within a round is taken under the
/// same load from the rest of the machine, which a ratio of medians is not.
fn paired(
    trials: &Trials,
    subject: Variant,
    baseline: Variant,
    value: impl Fn(&Trial) -> f64,
) -> Result<Comparison> {
    let (Some(subjects), Some(baselines)) =
        (trials.get(subject.name()), trials.get(baseline.name()))
    else {
        bail!("no trials of {} or {}", subject.name(), baseline.name());
    };
    let mut ratios: Vec<f64> = subjects
        .iter()
        .zip(baselines)
        .map(|(subject, baseline)| value(subject) / value(baseline))
        .collect();
    Ok(Comparison {
        subject: median(trials, subject, &value)?,
        baseline: median(trials, baseline, &value)?,
        ratio: middle(&mut ratios),
    })
}

fn requests_per_second(trial: &Trial) -> f64 {
    trial.operations as f64 / trial.seconds
}

fn cpu_per_operation(trial: &Trial) -> f64 {
    trial.cpu_seconds / trial.operations as f64
}

fn cpu_per_gib(trial: &Trial) -> f64 {
    trial.cpu_seconds / (trial.bytes as f64 / (1u64 << 30) as f64)
}

fn bytes_per_second(trial: &Trial) -> f64 {
    trial.bytes as f64 / trial.seconds
}

pub(crate) fn run(plan: &Plan, options: &Options) -> Result<()> {
    let started = Instant::now();
    let exe = std::env::current_exe().context("cannot find the bench binary")?;
    let mut report = Report::new(plan, options);
    let wants = |group| plan.groups.contains(&group);
    let network = [
        Group::Requests,
        Group::Decode,
        Group::Download,
        Group::Upload,
    ];
    if network.iter().any(|group| wants(*group)) {
        let server = Server::start(&exe, plan.records)?;
        eprintln!("server at {}", server.url);
        let url = server.url.as_str();
        if wants(Group::Requests) {
            requests(plan, &exe, url, &mut report)?;
        }
        if wants(Group::Decode) {
            decode(plan, &exe, url, &mut report)?;
        }
        if wants(Group::Download) {
            transfers(plan, &exe, url, &mut report, Group::Download)?;
        }
        if wants(Group::Upload) {
            transfers(plan, &exe, url, &mut report, Group::Upload)?;
        }
    }
    // Regeneration before the cold builds: it is short, and fails early if the tree is stale.
    if wants(Group::Regenerate) {
        regenerate(plan, options, &mut report)?;
    }
    if wants(Group::Compile) {
        compile_rows(options, &mut report)?;
    }
    let results = options.results_path();
    report.finish(
        started.elapsed().as_secs_f64(),
        &options.root,
        &options.out,
        &results,
    )?;
    Ok(())
}

fn requests(plan: &Plan, exe: &Path, url: &str, report: &mut Report) -> Result<()> {
    let variants = [Variant::Generated, Variant::Facade, Variant::Raw];
    for (scenario, label) in [
        (
            Scenario::Get,
            "1. Small JSON GET: qi-compute `read_metadata_metadata_id_get` (`Metadata`, 150 B)",
        ),
        (
            Scenario::Post,
            "1. Small JSON POST: qi-compute `create_metadata_self_metadata_post` (`MetadataIn` → `Metadata`)",
        ),
    ] {
        eprintln!("{label}");
        let trials = alternating(exe, url, scenario, &variants, plan.requests)?;
        for (variant, subject) in [
            (Variant::Generated, "generated function"),
            (Variant::Facade, "facade"),
        ] {
            report.push(Row::ratio(
                label,
                subject,
                "raw reqwest + `from_slice`",
                "requests/s, sequential, keep-alive (higher is better)",
                paired(&trials, variant, Variant::Raw, requests_per_second)?,
                format_rate,
                Target::RatioAtLeast(0.97),
            ));
            report.push(Row::ratio(
                label,
                subject,
                "raw reqwest + `from_slice`",
                "client CPU time per request (lower is better)",
                paired(&trials, variant, Variant::Raw, cpu_per_operation)?,
                format_microseconds,
                Target::RatioAtMost(1.03),
            ));
        }
    }
    Ok(())
}

fn decode(plan: &Plan, exe: &Path, url: &str, report: &mut Report) -> Result<()> {
    let payload_bytes = payload::userfiles_json(plan.records as usize).len() as f64;
    let label = format!(
        "2. Large list decode: CBRAIN `userfiles_get`, {} `Userfile`s ({:.1} MiB of JSON)",
        plan.records,
        payload_bytes / MIB
    );
    eprintln!("{label}");
    let variants = [
        Variant::Generated,
        Variant::Facade,
        Variant::Raw,
        Variant::Slice,
        Variant::SlicePath,
    ];
    let trials = interleaved(
        exe,
        url,
        Scenario::Decode,
        &variants,
        plan.records,
        plan.decode_rounds,
    )?;
    let seconds = |trial: &Trial| trial.seconds;
    let peak = |variant| median(&trials, variant, Trial::peak_over_idle);
    let idle = |variant| median(&trials, variant, |trial| trial.idle_rss_kib as f64 * 1024.0);
    for (variant, subject) in [
        (Variant::Generated, "`userfiles_get` (generated)"),
        (Variant::Facade, "facade `list().send()`"),
    ] {
        report.push(Row::ratio(
            &label,
            subject,
            "`from_slice` of the bytes in memory",
            "seconds, request to decoded `Vec` (lower is better)",
            paired(&trials, variant, Variant::Slice, seconds)?,
            format_seconds,
            Target::RatioAtMost(1.1),
        ));
        report.push(Row::ratio(
            &label,
            subject,
            "raw reqwest `bytes()` + `from_slice`",
            "seconds, same transfer (lower is better)",
            paired(&trials, variant, Variant::Raw, seconds)?,
            format_seconds,
            Target::RatioAtMost(1.1),
        ));
    }
    report.push(Row::ratio(
        &label,
        "`userfiles_get` (generated)",
        "raw reqwest `bytes()` + `from_slice`",
        "client CPU time (lower is better)",
        paired(&trials, Variant::Generated, Variant::Raw, |trial| {
            trial.cpu_seconds
        })?,
        format_seconds,
        Target::Info,
    ));
    // Where the time goes: the error-path tracking the generated functions decode through.
    report.push(Row::ratio(
        &label,
        "`serde_path_to_error` over `from_slice`, in memory",
        "`from_slice` of the bytes in memory",
        "seconds, decode only (lower is better): the generated decoder's own cost",
        paired(&trials, Variant::SlicePath, Variant::Slice, seconds)?,
        format_seconds,
        Target::Info,
    ));
    // The slice baseline holds the payload and the decoded records and nothing else, so its
    // peak less the payload is what the decoded records take.
    let slice_peak = peak(Variant::Slice)?;
    let decoded = (slice_peak - payload_bytes).max(0.0);
    for (variant, subject) in [
        (Variant::Generated, "`userfiles_get` (generated)"),
        (Variant::Raw, "raw reqwest `bytes()` + `from_slice`"),
    ] {
        let subject_peak = peak(variant)?;
        report.push(Row::ratio(
            &label,
            subject,
            "`from_slice` of the bytes in memory",
            &format!(
                "peak RSS over the idle process (idle {:.1} / {:.1} MiB; lower is better)",
                idle(variant)? / MIB,
                idle(Variant::Slice)? / MIB
            ),
            paired(&trials, variant, Variant::Slice, Trial::peak_over_idle)?,
            format_mib,
            Target::Info,
        ));
        report.push(Row::ratio(
            &label,
            subject,
            "`from_slice` of the bytes in memory",
            &format!(
                "body buffers at the peak, in payloads: (peak − {:.1} MiB of decoded records) / payload",
                decoded / MIB
            ),
            Comparison::of(
                (subject_peak - decoded) / payload_bytes,
                (slice_peak - decoded) / payload_bytes,
            ),
            format_times,
            Target::SubjectAtMost(1.5, "× payload"),
        ));
    }
    Ok(())
}

fn transfers(plan: &Plan, exe: &Path, url: &str, report: &mut Report, group: Group) -> Result<()> {
    let size = plan.transfers.size;
    let size_label = if size >= 1 << 30 {
        format!("{} GiB", size >> 30)
    } else {
        format!("{} MiB", size >> 20)
    };
    let cases = if group == Group::Download {
        [
            (
                Scenario::DownloadCbrain,
                "3. Streaming download: CBRAIN `userfiles_id_content_get` / `userfiles().content()`",
            ),
            (
                Scenario::DownloadRokka,
                "3. Streaming download: rokka `download_source_image` / `source_images().download()`",
            ),
        ]
    } else {
        [
            (
                Scenario::UploadCbrain,
                "4. Streaming upload: CBRAIN `userfiles_post` / `userfiles().upload()`",
            ),
            (
                Scenario::UploadRokka,
                "4. Streaming upload: rokka `create_source_image` / `source_images().upload()`",
            ),
        ]
    };
    for (scenario, label) in cases {
        let label = format!("{label}, {size_label}");
        eprintln!("{label}");
        let variants = [Variant::Generated, Variant::Facade, Variant::Raw];
        let trials = alternating(exe, url, scenario, &variants, plan.transfers)?;
        let baseline = if group == Group::Download {
            "raw reqwest `bytes_stream()`"
        } else {
            "raw reqwest `Body::wrap_stream` multipart"
        };
        let idle = |variant| median(&trials, variant, |trial| trial.idle_rss_kib as f64 * 1024.0);
        for (variant, subject) in [
            (Variant::Generated, "generated function"),
            (Variant::Facade, "facade"),
        ] {
            report.push(Row::ratio(
                &label,
                subject,
                baseline,
                "throughput (higher is better)",
                paired(&trials, variant, Variant::Raw, bytes_per_second)?,
                format_throughput,
                Target::RatioAtLeast(0.95),
            ));
            report.push(Row::ratio(
                &label,
                subject,
                baseline,
                "client CPU time per GiB (lower is better)",
                paired(&trials, variant, Variant::Raw, cpu_per_gib)?,
                format_seconds,
                Target::Info,
            ));
            report.push(Row::ratio(
                &label,
                subject,
                baseline,
                &format!(
                    "peak RSS over the idle process (idle {:.1} / {:.1} MiB; lower is better)",
                    idle(variant)? / MIB,
                    idle(Variant::Raw)? / MIB
                ),
                paired(&trials, variant, Variant::Raw, Trial::peak_over_idle)?,
                format_mib,
                Target::SubjectBelow(16.0 * MIB, "16 MiB"),
            ));
        }
    }
    Ok(())
}

fn compile_rows(options: &Options, report: &mut Report) -> Result<()> {
    eprintln!("5. Compile cost (cold builds; minutes each)");
    let scratch = options.root.join("target/bench/compile");
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("cannot create {}", scratch.display()))?;
    for service in compile::services(&options.root)? {
        let times = compile::build_times(&options.root, &scratch, &service)?;
        let label = format!("5. Compile cost: {}", service.name);
        report.push(Row::ratio(
            &label,
            &format!("`cargo build -p {}`", service.package),
            "same dependencies, empty lib.rs",
            "cold build, seconds (lower is better)",
            Comparison::of(times.service, times.empty),
            format_seconds,
            Target::RatioAtMost(1.3),
        ));
        report.push(Row::ratio(
            &label,
            &format!(
                "`cargo build -p specfleet --no-default-features --features {},rustls`",
                service.name
            ),
            &format!("`cargo build -p {}`", service.package),
            "cold build, seconds (lower is better)",
            Comparison::of(times.facade, times.service),
            format_seconds,
            Target::RatioAtMost(1.1),
        ));
    }
    Ok(())
}

fn regenerate(plan: &Plan, options: &Options, report: &mut Report) -> Result<()> {
    eprintln!("6. Regeneration");
    let xtask = options
        .xtask
        .as_deref()
        .context("the regenerate group needs --xtask PATH (`cargo xtask bench` passes it)")?;
    let mut times = compile::regeneration(&options.root, xtask, plan.regeneration_runs)?;
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    report.push(Row::single(
        "6. Regeneration: all five services, warm",
        "`cargo xtask generate --check`",
        &format!("wall time, median of {} after a warm-up run", times.len()),
        format_seconds(median),
    ));
    Ok(())
}

fn format_rate(value: f64) -> String {
    format!("{value:.0} req/s")
}

fn format_seconds(value: f64) -> String {
    if value < 1.0 {
        format!("{:.1} ms", value * 1000.0)
    } else {
        format!("{value:.1} s")
    }
}

fn format_microseconds(value: f64) -> String {
    format!("{:.1} µs", value * 1e6)
}

fn format_mib(value: f64) -> String {
    format!("{:.1} MiB", value / MIB)
}

fn format_times(value: f64) -> String {
    format!("{value:.2}×")
}

fn format_throughput(value: f64) -> String {
    format!("{:.0} MiB/s", value / MIB)
}
