//! specfleet's automation, run as `cargo xtask <command>` (the alias lives in .cargo/config.toml).
//!
//! One file per command; every path is resolved from [`project_root`].

mod add_service;
mod annotate;
mod bench;
mod corpus;
mod features;
mod fixups;
mod generate;
mod generator;
mod manifest;
mod publish;
mod semver;
mod spec;
mod test;
mod tools;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const HELP: &str = "\
cargo xtask <command>

Commands:
  generate [SERVICE...] [--check]
      Regenerate the client crates in crates/ from specs/ (all services when none is named).
      --check writes nothing and fails if a regeneration would change any file.
  test [--review] [FILTER...]
      Run every test (nextest, through cargo-insta: snapshots compared, unreferenced ones
      rejected), then the doctests. Installs the pinned cargo-insta into target/tools/ and Prism
      into tests/prism/ first when they are missing. With CI set nothing is written; locally a
      changed snapshot is written as .snap.new and fails the run. --review then asks about each
      one; FILTERs run only the tests whose names contain one (unreferenced snapshots unchecked).
  add-service NAME --spec PATH
      Copy an OpenAPI 3.x or Swagger 2.0 document (YAML or JSON) to specs/, register it in
      specs/services.toml and generate crates/NAME (package specfleet-NAME).
  corpus [--raw] [--quick] [NAME...]
      Download the real-world specs of xtask/corpus.toml (pinned npm and PyPI packages, checked
      by sha256) and run add-service, a build and cargo doc for each in a scratch copy of the
      workspace (target/corpus/), then print what compiled. --raw runs plain openapi-generator
      with the same options instead, for comparison. --quick runs the CI's sample (`quick =
      true`); only a run over every spec writes CORPUS.md.
  features
      Check that each service feature of the facade crate builds alone, without warnings, and
      compiles no other service crate.
  publish [--dry-run]
      Refuse a dirty tree, run the checks, then package, verify and (without --dry-run) publish
      every crate to crates.io in dependency order.
  bench [--quick] [--only GROUP,...] [--skip GROUP,...]
      Measure the generated clients and the facade against hand-written reqwest code (requests,
      large decode, 1 GiB downloads and uploads, compile cost, regeneration) and write
      BENCHMARKS.md. --quick uses tiny sizes, skips the compile and regenerate groups and writes
      target/bench/BENCHMARKS.quick.md (CI runs it); --only/--skip pick groups (requests, decode,
      download, upload, compile, regenerate) and write target/bench/BENCHMARKS.partial.md.
  semver [--baseline REV]
      Which version bump the public API change since REV needs, per crate (cargo-semver-checks);
      REV defaults to the commit named in .semver-baseline.
  help
      Print this text.

The generator runs in Docker when a Docker engine answers, else from a local openapi-generator
(OPENAPI_GENERATOR_JAR, or openapi-generator-cli on PATH), else from a jar that is installed
from PyPI into target/ (needs python3 and Java 11+). SPECFLEET_GENERATOR_RUNNER=docker, jar, cli
or pypi forces one of them.
";

fn main() -> ExitCode {
    // Errors are shown as their chain of causes, never with a backtrace: they are for users.
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let command = args.next().map(|arg| arg.to_string_lossy().into_owned());
    let rest: Vec<_> = args.collect();
    match command.as_deref() {
        Some("generate") => generate::run(rest),
        Some("add-service") => add_service::run(rest),
        Some("test") => test::run(rest),
        Some("features") => features::run(),
        Some("publish") => publish::run(rest),
        Some("semver") => semver::run(rest),
        Some("bench") => bench::run(rest),
        Some("corpus") => corpus::run(rest),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`; `cargo xtask help` lists the commands"),
    }
}

/// The workspace root, found at run time: the nearest folder, from the current directory up,
/// whose `Cargo.toml` has a `[workspace]` table and which holds `xtask/`.
///
/// Not `CARGO_MANIFEST_DIR`: with a shared `CARGO_TARGET_DIR`, cargo may run an xtask binary
/// built in another checkout, which would then read and write that checkout.
pub(crate) fn project_root() -> PathBuf {
    match find_root() {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::exit(1)
        }
    }
}

fn find_root() -> Result<PathBuf> {
    let start = std::env::current_dir().context("cannot read the current directory")?;
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if dir.join("xtask").is_dir() && manifest.is_file() {
            let text = std::fs::read_to_string(&manifest)
                .with_context(|| format!("cannot read {}", manifest.display()))?;
            if text.lines().any(|line| line.trim() == "[workspace]") {
                return Ok(dir.to_path_buf());
            }
        }
    }
    bail!(
        "{} is not inside a specfleet checkout (no Cargo.toml with [workspace] beside an xtask/ folder above it); run cargo xtask from the workspace",
        start.display()
    )
}
