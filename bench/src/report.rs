//! The report: one table row per measurement with its ratio and target, the command, the
//! machine and the date, then the method and the hand-written findings (bench/FINDINGS.md).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::suite::{Options, Plan};

/// A subject's value, its baseline's, and the ratio between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Comparison {
    pub(crate) subject: f64,
    pub(crate) baseline: f64,
    pub(crate) ratio: f64,
}

impl Comparison {
    /// Two single values; the ratio is theirs.
    pub(crate) fn of(subject: f64, baseline: f64) -> Comparison {
        Comparison {
            subject,
            baseline,
            ratio: subject / baseline,
        }
    }
}

/// What a row is held to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    /// subject / baseline at least this (a throughput).
    RatioAtLeast(f64),
    /// subject / baseline at most this (a time).
    RatioAtMost(f64),
    /// The subject's value at most this, shown with this unit.
    SubjectAtMost(f64, &'static str),
    /// The subject's value below this, shown as this text.
    SubjectBelow(f64, &'static str),
    /// Reported for context; no target.
    Info,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Row {
    scenario: String,
    subject: String,
    baseline: String,
    measure: String,
    subject_value: String,
    baseline_value: String,
    ratio: Option<f64>,
    target: String,
    met: Option<bool>,
}

impl Row {
    /// A subject measured against a baseline.
    pub(crate) fn ratio(
        scenario: &str,
        subject: &str,
        baseline: &str,
        measure: &str,
        values: Comparison,
        format: fn(f64) -> String,
        target: Target,
    ) -> Row {
        let Comparison {
            subject: subject_value,
            baseline: baseline_value,
            ratio,
        } = values;
        let (target_text, met) = match target {
            Target::RatioAtLeast(limit) => (format!("ratio ≥ {limit}"), Some(ratio >= limit)),
            Target::RatioAtMost(limit) => (format!("ratio ≤ {limit}"), Some(ratio <= limit)),
            Target::SubjectAtMost(limit, unit) => (
                format!("subject ≤ {limit}{unit}"),
                Some(subject_value <= limit),
            ),
            Target::SubjectBelow(limit, text) => {
                (format!("subject < {text}"), Some(subject_value < limit))
            }
            Target::Info => ("—".to_owned(), None),
        };
        Row {
            scenario: scenario.to_owned(),
            subject: subject.to_owned(),
            baseline: baseline.to_owned(),
            measure: measure.to_owned(),
            subject_value: format(subject_value),
            baseline_value: format(baseline_value),
            ratio: ratio.is_finite().then_some(ratio),
            target: target_text,
            met,
        }
    }

    /// A measurement without a baseline.
    pub(crate) fn single(scenario: &str, subject: &str, measure: &str, value: String) -> Row {
        Row {
            scenario: scenario.to_owned(),
            subject: subject.to_owned(),
            baseline: "—".to_owned(),
            measure: measure.to_owned(),
            subject_value: value,
            baseline_value: "—".to_owned(),
            ratio: None,
            target: "measured".to_owned(),
            met: None,
        }
    }
}

/// A run's results: what the markdown is rendered from, and what is saved beside it as JSON so
/// that it can be rendered again (`specfleet-bench render`) after editing bench/FINDINGS.md.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Report {
    command: String,
    quick: bool,
    groups: Vec<String>,
    machine: String,
    date: String,
    seconds: f64,
    rows: Vec<Row>,
}

impl Report {
    pub(crate) fn new(plan: &Plan, options: &Options) -> Report {
        Report {
            command: options.command.clone(),
            quick: plan.quick,
            groups: plan
                .groups
                .iter()
                .map(|group| group.name().to_owned())
                .collect(),
            machine: machine(),
            date: date(),
            seconds: 0.0,
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    fn table(&self) -> String {
        let mut table = String::from(
            "| Scenario | Subject | Baseline | Measure | Subject | Baseline | Ratio (subject / baseline) | Target | Met |\n\
             |---|---|---|---|---:|---:|---:|---|---|\n",
        );
        // Rows in the order (1. to 6.), whatever order the groups ran in.
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by_key(|row| {
            row.scenario
                .split('.')
                .next()
                .unwrap_or_default()
                .to_owned()
        });
        let mut previous = "";
        for row in rows {
            let scenario = if row.scenario == previous {
                ""
            } else {
                row.scenario.as_str()
            };
            previous = &row.scenario;
            let ratio = row
                .ratio
                .map_or_else(|| "—".to_owned(), |ratio| format!("{ratio:.3}"));
            let met = match row.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            };
            let _ = writeln!(
                table,
                "| {scenario} | {} | {} | {} | {} | {} | {ratio} | {} | {met} |",
                row.subject,
                row.baseline,
                row.measure,
                row.subject_value,
                row.baseline_value,
                row.target
            );
        }
        table
    }

    fn markdown(&self, root: &Path) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "<!-- Generated by `{}`: edit bench/ (and bench/FINDINGS.md), never this file. -->\n",
            self.command
        );
        let _ = writeln!(text, "# Benchmarks\n");
        let _ = writeln!(
            text,
            "- Command: `{}` ({}, {:.1} s in all)",
            self.command,
            if self.quick {
                "quick sizes, not for comparison"
            } else {
                "full sizes"
            },
            self.seconds
        );
        let _ = writeln!(text, "- Machine: {}", self.machine);
        let _ = writeln!(text, "- Date: {}", self.date);
        let _ = writeln!(text, "- Groups measured: {}\n", self.groups.join(", "));
        let _ = writeln!(text, "## Results\n\n{}", self.table());
        let _ = writeln!(text, "{METHOD}");
        let findings = root.join("bench/FINDINGS.md");
        if let Ok(findings) = std::fs::read_to_string(&findings) {
            let _ = writeln!(text, "{}", findings.trim_end());
        }
        text
    }

    /// Writes the report to `out`, the results to `results` (JSON), and prints the table.
    pub(crate) fn finish(
        &mut self,
        seconds: f64,
        root: &Path,
        out: &Path,
        results: &Path,
    ) -> Result<()> {
        self.seconds = seconds;
        for path in [out, results] {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
        }
        let json = serde_json::to_string_pretty(self).context("cannot encode the results")?;
        std::fs::write(results, json)
            .with_context(|| format!("cannot write {}", results.display()))?;
        std::fs::write(out, self.markdown(root))
            .with_context(|| format!("cannot write {}", out.display()))?;
        println!("{}", self.table());
        println!(
            "wrote {} and {} ({seconds:.0} s)",
            out.display(),
            results.display()
        );
        Ok(())
    }

    /// Renders saved results again, with the current bench/FINDINGS.md.
    pub(crate) fn render(root: &Path, results: &Path, out: &Path) -> Result<()> {
        let json = std::fs::read_to_string(results)
            .with_context(|| format!("cannot read {}", results.display()))?;
        let report: Report = serde_json::from_str(&json)
            .with_context(|| format!("{} does not hold saved results", results.display()))?;
        std::fs::write(out, report.markdown(root))
            .with_context(|| format!("cannot write {}", out.display()))?;
        println!("wrote {}", out.display());
        Ok(())
    }
}

const METHOD: &str = "\
## Method

- One loopback server (hyper 1, HTTP/1.1, a single-threaded runtime) runs in its own process,
  so a client's memory is the client's only. Payloads are generated deterministically;
  transfers are streamed in 256 KiB chunks and never held whole on either side.
- Every trial runs in a fresh client process (a single-threaded tokio runtime: the machine's
  other core is the server's). Variants of a scenario are interleaved, the order rotating each
  round (ABC, BCA, CAB, ...). The table shows medians over the rounds; the ratio is the median
  of the per-round ratios subject / baseline (both ran back to back in that round, under the
  same load from the rest of the machine), so it can differ from the ratio of the two medians.
  Single measurements (compile cost, body buffers) show the ratio of the two values.
- Small requests and streaming are the exception: every variant runs in each client process,
  in turn, in blocks (a few hundred requests, or one transfer of 1 GiB), the first variant
  rotating from block to block and from process to process, and a round is one block of each.
  Blocks moments apart see the same machine; trials seconds apart in separate processes did
  not (small-request ratios moved by 0.2 between consecutive runs, these by about 0.02; a
  1 GiB transfer, about 0.2 s over loopback, moved by 20 % and more from trial to trial).
- Client CPU time (every thread's on-CPU time from /proc/self/task/*/schedstat) is reported
  beside wall time: other work on the machine inflates it much less.
- Memory is the resident set from /proc/self/status: the idle value is taken with the client
  built and its connection open, the peak (`VmHWM`, reset through /proc/self/clear_refs just
  before the measured call) covers only the measured call; rows show peak minus idle.
- Small requests: sequential calls on one kept-alive connection after unmeasured warm-up calls;
  every answer is decoded into qi-compute's `Metadata` and checked. The raw baseline is a
  `reqwest::Client` sending the same bytes (method, path, `Accept`, credential and the
  generated crate's `User-Agent`), decoding with `serde_json::from_slice` into the same type,
  and, for the POST, serializing a fresh copy of the record per call as the generated function
  and the facade take theirs by value. All three run without a request timeout (reqwest arms a
  timer per request for one: the safety default's cost, not the code path's).
- Large decode: the `from_slice` baseline generates the very bytes the server sends, then
  decodes them; its peak over idle is payload + decoded records, so the decoded records take
  that peak minus the payload, and \"body buffers in payloads\" is what a variant holds at its
  peak beyond the decoded records, in units of the payload (1.00× = the body, once).
- Transfers: every download and upload is checked for its exact byte count (the server parses
  each multipart upload and reports the length of the file part).
- Compile cost: `cargo build --offline` (dev profile) from an empty target folder per
  measurement, one measurement each, so other builds on the machine show up as noise. The
  baseline crate has the service crate's `[dependencies]` and `[features]`, an empty lib.rs,
  and the workspace's Cargo.lock.
";

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map_or("unknown CPU", |(_, model)| model.trim())
        .to_owned();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_gib = meminfo
        .lines()
        .find(|line| line.starts_with("MemTotal:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "{cores} cores (nproc), {model}, {ram_gib:.1} GiB RAM, Linux {}, {}",
        kernel.trim(),
        command_output("rustc", &["-V"])
    )
}

fn date() -> String {
    command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| format!("({program} unavailable)"))
}
