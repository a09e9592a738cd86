//! `cargo xtask corpus [--raw] [--quick] [NAME...]`: every spec (or the CI's sample) of the real-world corpus through
//! `add-service` in a scratch copy of the workspace, and a table of what compiled.
//!
//! The corpus (xtask/corpus.toml) is public specs we never tuned on, pinned to a package version
//! on npm or PyPI and to the sha256 of the file: they are downloaded here, not committed. The
//! scratch copy lives in target/corpus/workspace, so the user's tree is never touched, and every
//! build shares target/corpus/target. `--raw` runs plain openapi-generator with the same options
//! and none of our fixups, templates or validation handling, for comparison.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use xshell::{Shell, cmd};

use crate::add_service::{self, Checks, Failure, Log, Step};
use crate::generator::{OPENAPI_GENERATOR_VERSION, Runner};
use crate::manifest::{Manifest, Pagination, validate_name};
use crate::project_root;

/// The corpus, relative to the project root.
const CORPUS_FILE: &str = "xtask/corpus.toml";
/// Downloads, specs, the scratch workspaces and their shared target folder.
const WORK_DIR: &str = "target/corpus";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    spec: Vec<Entry>,
}

/// One spec of the corpus and where it comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The service name it is added under (`specfleet-<name>`).
    name: String,
    registry: Registry,
    package: String,
    version: String,
    /// PyPI: the distribution file to download (a wheel or an sdist).
    file: Option<String>,
    /// The spec's path inside the package archive.
    path: String,
    sha256: String,
    /// `OpenAPI 3.0.3, JSON` and the like, as the table shows it.
    format: String,
    operations: usize,
    #[allow(dead_code, reason = "recorded for people; the table does not show it")]
    licence: String,
    #[allow(dead_code, reason = "recorded for people; the table does not show it")]
    source: String,
    /// Paged operations, as in specs/services.toml: the crate gets `pages()` and `stream()`.
    #[serde(default)]
    pagination: BTreeMap<String, Pagination>,
    /// In the CI's sample (`--quick`): small specs that between them exercise most fixups.
    #[serde(default)]
    quick: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Registry {
    Npm,
    Pypi,
}

/// What happened to one spec.
struct Row<'a> {
    entry: &'a Entry,
    outcome: Outcome,
    time: Duration,
}

enum Outcome {
    Compiled,
    /// It compiled, with this many warnings; the first is kept.
    Warnings(usize, String),
    Failed(String, String),
}

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut raw = false;
    let mut quick = false;
    let mut names = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("raw") => raw = true,
            Long("quick") => quick = true,
            Value(name) => names.push(name.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let root = project_root();
    let corpus = load(&root)?;
    let selected: Vec<&Entry> = corpus
        .spec
        .iter()
        .filter(|entry| names.is_empty() || names.contains(&entry.name))
        .filter(|entry| !quick || entry.quick)
        .collect();
    if let Some(unknown) = names
        .iter()
        .find(|name| !corpus.spec.iter().any(|entry| &entry.name == *name))
    {
        bail!("no spec `{unknown}` in {CORPUS_FILE}");
    }

    let sh = Shell::new()?;
    let work = root.join(WORK_DIR);
    let mut specs = Vec::new();
    for entry in &selected {
        specs.push(fetch(&sh, &work, entry)?);
    }
    let runner = Runner::find(&sh, &root)?;
    let scratch = work.join(if raw { "raw-workspace" } else { "workspace" });
    copy_workspace(&sh, &root, &scratch)?;
    sh.set_var("CARGO_TARGET_DIR", work.join("target"));
    // Each crate is built once: incremental caches and debug info only cost time and disk.
    sh.set_var("CARGO_INCREMENTAL", "0");
    sh.set_var("CARGO_PROFILE_DEV_DEBUG", "0");

    let started = Instant::now();
    let mut rows = Vec::new();
    for (entry, spec) in selected.iter().zip(&specs) {
        println!(
            "==> {} ({}, {} operations)",
            entry.name, entry.format, entry.operations
        );
        let begun = Instant::now();
        let outcome = if raw {
            add_raw(&sh, &scratch, &runner, entry, spec)
        } else {
            add_service::add(
                &sh,
                &scratch,
                &runner,
                &entry.name,
                spec,
                Checks::BuildAndDoc,
                entry.pagination.clone(),
            )
            .map(|added| added.warnings)
        };
        let outcome = match outcome {
            Ok(warnings) if warnings.is_empty() => Outcome::Compiled,
            Ok(warnings) => Outcome::Warnings(warnings.len(), headline(&warnings[0])),
            Err(error) => match error.downcast_ref::<Failure>() {
                Some(failure) => {
                    Outcome::Failed(failure.step.to_string(), headline(&failure.summary))
                }
                None => Outcome::Failed("setup".into(), headline(&format!("{error:#}"))),
            },
        };
        let row = Row {
            entry,
            outcome,
            time: begun.elapsed(),
        };
        println!("{}", row.result());
        rows.push(row);
        forget_build(&work.join("target"), &format!("specfleet-{}", entry.name))?;
    }

    let compiled = rows
        .iter()
        .filter(|row| matches!(row.outcome, Outcome::Compiled))
        .count();
    let report = report(&rows, raw, compiled, started.elapsed());
    print!("\n{report}");
    let path = work.join(if raw { "report-raw.md" } else { "report.md" });
    crate::generate::write(&path, &report)?;
    println!("(also in {})", path.display());
    // A run over the whole corpus is the figure the project quotes.
    if names.is_empty() && !quick {
        write_corpus_md(&root, &work)?;
    }
    ensure!(
        raw || compiled == rows.len(),
        "{} of {} corpus specs did not compile cleanly; the table above names the first problem of each",
        rows.len() - compiled,
        rows.len()
    );
    Ok(())
}

/// Deletes what checking `package` left in the shared target folder. No later spec reads it, and
/// kept it adds up: a full run left 26 GB, github-ghes's rlib alone is 800 MB.
fn forget_build(target: &Path, package: &str) -> Result<()> {
    let krate = package.replace('-', "_");
    let doc = target.join("doc").join(&krate);
    if doc.exists() {
        std::fs::remove_dir_all(&doc)
            .with_context(|| format!("cannot remove {}", doc.display()))?;
    }
    let debug = target.join("debug");
    for (dir, prefix) in [
        (debug.join("deps"), format!("lib{krate}-")),
        (debug.join("deps"), format!("{krate}-")),
        (debug.join(".fingerprint"), format!("{package}-")),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            // `<prefix><hash>[.ext]`: the hash keeps specfleet-foo from matching specfleet-foo-bar.
            let ours = name.strip_prefix(prefix.as_str()).is_some_and(|rest| {
                let hash = rest.split('.').next().unwrap_or_default();
                !hash.is_empty() && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
            });
            if !ours {
                continue;
            }
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// CORPUS.md: the latest full runs of both pipelines, ours and plain openapi-generator.
fn write_corpus_md(root: &Path, work: &Path) -> Result<()> {
    let section = |file: &str, title: &str| -> String {
        match std::fs::read_to_string(work.join(file)) {
            Ok(table) => format!("## {title}\n\n{table}\n"),
            Err(_) => format!("## {title}\n\nNot run on this machine yet.\n\n"),
        }
    };
    let text = format!(
        "# The real-world corpus\n\n\
         Written by `cargo xtask corpus` (and `--raw`): the public specs of `xtask/corpus.toml`, \
         downloaded at pinned versions from npm and PyPI, each added with `cargo xtask add-service` \
         in a scratch copy of the workspace, built with its typed mocks (`--features mock`; any \
         rustc warning counts as a failure), documented with `cargo doc` and doctested (the \
         README's test against the crate's own mock server); and, for comparison, plain openapi-generator \
         {OPENAPI_GENERATOR_VERSION} with the same options and none of our fixups, templates or \
         validation handling. Times are wall-clock on the machine that ran them, one shared \
         target folder, dependencies built by the first spec.\n\n{}{}",
        section("report.md", "cargo xtask add-service"),
        section("report-raw.md", "plain openapi-generator (--raw)")
    );
    crate::generate::write(&root.join("CORPUS.md"), &text)
}

fn load(root: &Path) -> Result<Corpus> {
    let path = root.join(CORPUS_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let corpus: Corpus =
        toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;
    for (index, entry) in corpus.spec.iter().enumerate() {
        validate_name(&entry.name).with_context(|| format!("bad spec entry in {CORPUS_FILE}"))?;
        ensure!(
            !corpus.spec[..index]
                .iter()
                .any(|other| other.name == entry.name),
            "`{}` is in {CORPUS_FILE} twice",
            entry.name
        );
        ensure!(
            entry.registry == Registry::Npm || entry.file.is_some(),
            "`{}` in {CORPUS_FILE}: a PyPI spec needs `file`, the distribution to download",
            entry.name
        );
    }
    Ok(corpus)
}

/// The spec file of `entry`, downloaded and checked against its sha256 (once; later runs reuse it).
fn fetch(sh: &Shell, work: &Path, entry: &Entry) -> Result<PathBuf> {
    let extension = Path::new(&entry.path)
        .extension()
        .and_then(|ext| ext.to_str())
        .filter(|ext| ["json", "yaml", "yml"].contains(ext))
        .with_context(|| {
            format!(
                "`{}`: {} is not a .json or .yaml file",
                entry.name, entry.path
            )
        })?;
    let spec = work
        .join("specs")
        .join(format!("{}.{extension}", entry.name));
    if sha256_of(&spec).ok().as_deref() == Some(entry.sha256.as_str()) {
        return Ok(spec);
    }
    let archive = download(sh, work, entry)?;
    let unpacked = work.join("unpacked").join(&entry.name);
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)
            .with_context(|| format!("cannot clear {}", unpacked.display()))?;
    }
    sh.create_dir(&unpacked)?;
    let inner = &entry.path;
    if entry.registry == Registry::Npm || archive.to_string_lossy().ends_with(".tar.gz") {
        cmd!(sh, "tar -xzf {archive} -C {unpacked} {inner}")
            .quiet()
            .run()
            .with_context(|| format!("{} has no {inner}", archive.display()))?;
    } else {
        // A wheel is a zip archive; python3 is needed anyway for the generator's bootstrap.
        let script =
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])";
        cmd!(sh, "python3 -c {script} {archive} {inner} {unpacked}")
            .quiet()
            .run()
            .with_context(|| format!("{} has no {inner}", archive.display()))?;
    }
    let extracted = unpacked.join(inner);
    let digest = sha256_of(&extracted)?;
    ensure!(
        digest == entry.sha256,
        "{inner} in {} {} has sha256 {digest}, but {CORPUS_FILE} pins {} for `{}`: the package \
         changed under its version, or the pin is wrong",
        entry.package,
        entry.version,
        entry.sha256,
        entry.name
    );
    sh.create_dir(work.join("specs"))?;
    std::fs::rename(&extracted, &spec)
        .with_context(|| format!("cannot move {} to {}", extracted.display(), spec.display()))?;
    Ok(spec)
}

/// The package archive of `entry`, from the registry's own client (so its configuration,
/// mirrors and proxies apply), kept under target/corpus/downloads.
fn download(sh: &Shell, work: &Path, entry: &Entry) -> Result<PathBuf> {
    let dir = work.join("downloads");
    sh.create_dir(&dir)?;
    let (package, version) = (&entry.package, &entry.version);
    match entry.registry {
        Registry::Npm => {
            // `npm pack` names scoped packages `scope-name-version.tgz`.
            let file = format!(
                "{}-{version}.tgz",
                package.trim_start_matches('@').replace('/', "-")
            );
            let archive = dir.join(file);
            if !archive.is_file() {
                println!("downloading {package}@{version} from npm");
                let requirement = format!("{package}@{version}");
                cmd!(
                    sh,
                    "npm pack {requirement} --pack-destination {dir} --silent"
                )
                .quiet()
                .ignore_stdout()
                .run()
                .with_context(|| format!("cannot download {requirement} from npm"))?;
            }
            ensure!(archive.is_file(), "npm pack wrote no {}", archive.display());
            Ok(archive)
        }
        Registry::Pypi => {
            let file = entry.file.as_deref().unwrap_or_default();
            let archive = dir.join(file);
            if !archive.is_file() {
                println!("downloading {file} from PyPI");
                let requirement = format!("{package}=={version}");
                let kind = if file.ends_with(".whl") {
                    "--only-binary=:all:"
                } else {
                    "--no-binary=:all:"
                };
                cmd!(sh, "python3 -m pip download --quiet --no-deps --disable-pip-version-check {kind} --dest {dir} {requirement}")
                    .quiet()
                    .run()
                    .with_context(|| format!("cannot download {requirement} from PyPI"))?;
            }
            ensure!(
                archive.is_file(),
                "pip downloaded {package} {version}, but not {file}"
            );
            Ok(archive)
        }
    }
}

fn sha256_of(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(format!("{:x}", Sha256::digest(&bytes)))
}

/// Replaces `scratch` with a copy of the workspace's files (tracked, and new ones git does not
/// ignore), so uncommitted template and fixup changes are what the corpus tries.
fn copy_workspace(sh: &Shell, root: &Path, scratch: &Path) -> Result<()> {
    if scratch.exists() {
        std::fs::remove_dir_all(scratch)
            .with_context(|| format!("cannot clear {}", scratch.display()))?;
    }
    let _cwd = sh.push_dir(root);
    let files = cmd!(sh, "git ls-files -z --cached --others --exclude-standard")
        .quiet()
        .read()
        .context("cannot list the workspace's files with git")?;
    for file in files.split('\0').filter(|file| !file.is_empty()) {
        let from = root.join(file);
        // A tracked file deleted in the work tree is not part of what is tried.
        if !from.is_file() {
            continue;
        }
        let to = scratch.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::copy(&from, &to)
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    }
    Ok(())
}

/// The baseline: plain openapi-generator with the shared options of specs/services.toml, its own
/// templates, its own validation and no fixups, then `cargo build` of what it wrote.
fn add_raw(
    sh: &Shell,
    scratch: &Path,
    runner: &Runner,
    entry: &Entry,
    spec: &Path,
) -> Result<Vec<String>> {
    let manifest = Manifest::load(scratch)?;
    let package = format!("specfleet-{}", entry.name);
    let mut properties = serde_json::Map::new();
    for (key, value) in &manifest.options {
        properties.insert(key.clone(), serde_json::to_value(value)?);
    }
    properties.insert("packageName".into(), json!(package));
    let extension = spec
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or("yaml");
    let input = Path::new("raw-specs").join(format!("{}.{extension}", entry.name));
    crate::generate::write(&scratch.join(&input), &std::fs::read_to_string(spec)?)?;
    let crate_dir = Path::new("crates").join(&entry.name);
    let config = Path::new("raw-configs").join(format!("{}.json", entry.name));
    crate::generate::write(
        &scratch.join(&config),
        &serde_json::to_string_pretty(&json!({
            "generatorName": "rust",
            "inputSpec": input,
            "outputDir": crate_dir,
            "additionalProperties": properties,
        }))?,
    )?;
    let log = Log::new(
        scratch
            .join("target/xtask/raw")
            .join(format!("{}.log", entry.name)),
    )?;
    let crate_dir = scratch.join(crate_dir);
    let checked = runner
        .batch(sh, scratch, &[config], &format!("raw-{}", entry.name))
        .map_err(|error| log.fail_from(Step::Generate, error))
        .and_then(|()| add_service::build(sh, scratch, &package, &crate_dir, &log));
    // Each raw crate is checked alone: one that breaks the workspace (a version that is not
    // semver makes its Cargo.toml invalid) would otherwise fail every spec after it.
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir)
            .with_context(|| format!("cannot remove {}", crate_dir.display()))?;
    }
    checked
}

impl Row<'_> {
    /// One line for the progress output.
    fn result(&self) -> String {
        match &self.outcome {
            Outcome::Compiled => format!("compiled in {:.0?}", self.time),
            Outcome::Warnings(count, first) => {
                format!(
                    "compiled with {count} warning(s) in {:.0?}: {first}",
                    self.time
                )
            }
            Outcome::Failed(step, first) => {
                format!("{step} failed after {:.0?}: {first}", self.time)
            }
        }
    }
}

/// The markdown table: spec, format, operations, result, time, first error.
fn report(rows: &[Row<'_>], raw: bool, compiled: usize, total: Duration) -> String {
    let mut out = String::new();
    let what = if raw {
        "plain openapi-generator, same options, no fixups or templates"
    } else {
        "cargo xtask add-service (with --features mock), then cargo doc and the doctests"
    };
    let _ = writeln!(
        out,
        "| spec | format | operations | result | time | first error |"
    );
    let _ = writeln!(out, "|---|---|---:|---|---:|---|");
    for row in rows {
        let (result, first) = match &row.outcome {
            Outcome::Compiled => ("compiled".to_owned(), String::new()),
            Outcome::Warnings(count, first) => (format!("{count} warning(s)"), first.clone()),
            Outcome::Failed(step, first) => (format!("{step} failed"), first.clone()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {result} | {:.0?} | {} |",
            row.entry.name,
            row.entry.format,
            row.entry.operations,
            row.time,
            first.replace('|', "\\|")
        );
    }
    let _ = writeln!(
        out,
        "\n{compiled} of {} specs compiled without warnings ({what}) in {:.0?}.",
        rows.len(),
        total
    );
    out
}

/// The first line of a message, with the compiler's location line when there is one.
fn headline(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let mut first = lines.next().unwrap_or_default().to_owned();
    if first.ends_with("the first:") {
        first = lines.next().unwrap_or_default().to_owned();
    }
    if let Some(location) = lines.find_map(|line| line.strip_prefix("--> ")) {
        first = format!("{first} ({location})");
    }
    const WIDTH: usize = 160;
    if first.chars().count() > WIDTH {
        first = first.chars().take(WIDTH).collect::<String>() + "…";
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_a_build_keeps_every_other_crate() -> Result<()> {
        let target = tempfile::tempdir()?;
        let files = [
            "doc/specfleet_foo/index.html",
            "doc/specfleet_foo_bar/index.html",
            "debug/deps/libspecfleet_foo-0123abcd.rlib",
            "debug/deps/libspecfleet_foo-0123abcd.rmeta",
            "debug/deps/specfleet_foo-0123abcd.d",
            "debug/deps/libspecfleet_foo_bar-4567ef01.rlib",
            "debug/deps/libserde-89ab.rlib",
            "debug/.fingerprint/specfleet-foo-0123abcd/lib-specfleet_foo",
            "debug/.fingerprint/specfleet-foo-bar-4567ef01/lib-specfleet_foo_bar",
        ];
        for file in files {
            let path = target.path().join(file);
            std::fs::create_dir_all(path.parent().context("no parent")?)?;
            std::fs::write(&path, b"")?;
        }
        forget_build(target.path(), "specfleet-foo")?;
        let left: Vec<&str> = files
            .into_iter()
            .filter(|file| target.path().join(file).exists())
            .collect();
        assert_eq!(
            left,
            [
                "doc/specfleet_foo_bar/index.html",
                "debug/deps/libspecfleet_foo_bar-4567ef01.rlib",
                "debug/deps/libserde-89ab.rlib",
                "debug/.fingerprint/specfleet-foo-bar-4567ef01/lib-specfleet_foo_bar",
            ]
        );
        Ok(())
    }

    #[test]
    fn the_headline_is_the_first_error_and_its_location() {
        let summary = "3 compiler error(s) in specfleet-x; the first:\nerror[E0428]: the name `ScanType` is defined multiple times\n  --> src/models/scan_type.rs:20:1\n   |";
        assert_eq!(
            headline(summary),
            "error[E0428]: the name `ScanType` is defined multiple times (src/models/scan_type.rs:20:1)"
        );
        assert_eq!(headline("one line"), "one line");
    }

    #[test]
    fn the_corpus_file_is_well_formed() {
        let corpus = load(&project_root()).expect("xtask/corpus.toml loads");
        assert!(
            corpus.spec.len() >= 30,
            "the corpus has {} specs",
            corpus.spec.len()
        );
        for entry in &corpus.spec {
            assert_eq!(entry.sha256.len(), 64, "{}: sha256", entry.name);
            assert!(
                !entry.licence.is_empty() && !entry.source.is_empty(),
                "{}",
                entry.name
            );
        }
    }
}
