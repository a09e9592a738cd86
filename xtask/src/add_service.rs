//! `cargo xtask add-service NAME --spec PATH`: register a new spec and generate its crate, all or
//! nothing.
//!
//! Every file the command touches (the spec copy, `crates/NAME/`, specs/services.toml and
//! Cargo.lock, which the build updates) is put back as it was when any step fails: loading,
//! generating, formatting or building. The error names the first real problem in a few lines;
//! the whole output of every step is kept in `target/xtask/add-service/NAME.log`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;
use xshell::{Shell, cmd};

use crate::generate;
use crate::generator::Runner;
use crate::manifest::{MANIFEST_PATH, Manifest, PageStyle, Pagination, Service, validate_name};
use crate::{project_root, spec};

/// Where each addition's full log is kept (it survives a rollback).
const LOG_DIR: &str = "target/xtask/add-service";
/// Lines of a compiler or generator message shown in an error; the log has the rest.
const SHOWN_LINES: usize = 12;

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut name = None;
    let mut spec = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("spec") => spec = Some(PathBuf::from(parser.value()?)),
            Value(value) if name.is_none() => name = Some(value.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let usage = "usage: cargo xtask add-service NAME --spec PATH";
    let name = name.context(usage)?;
    let source = spec.context(usage)?;

    let root = project_root();
    let sh = Shell::new()?;
    let runner = Runner::find(&sh, &root)?;
    let added = add(
        &sh,
        &root,
        &runner,
        &name,
        &source,
        Checks::Build,
        BTreeMap::new(),
    )?;
    for warning in &added.warnings {
        eprintln!("{warning}");
    }
    if !added.warnings.is_empty() {
        eprintln!(
            "warning: the generated crate builds with {} warning(s); generated code should build clean, \
             so please report the spec construct behind them",
            added.warnings.len()
        );
    }
    println!(
        "added {}: specs/{}, crates/{name} and an entry in {MANIFEST_PATH} (generated in {:.1?}, built in {:.1?})",
        added.package, added.spec_file, added.generate_time, added.build_time
    );
    Ok(())
}

/// What `add` proves about the new crate beyond generating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checks {
    /// `cargo build` with the typed mocks (what a user gets).
    Build,
    /// `cargo build`, then `cargo doc --no-deps` and the doctests, the README's test with the
    /// crate's mock among them (what the corpus asks of every spec).
    BuildAndDoc,
}

/// A service that was added.
pub(crate) struct Added {
    pub(crate) package: String,
    pub(crate) spec_file: String,
    /// Compiler warnings in the new crate, rendered.
    pub(crate) warnings: Vec<String>,
    pub(crate) generate_time: Duration,
    pub(crate) build_time: Duration,
}

/// The step at which an addition failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Load,
    Generate,
    Format,
    Build,
    Doc,
    Doctest,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Load => "load",
            Step::Generate => "generate",
            Step::Format => "format",
            Step::Build => "build",
            Step::Doc => "doc",
            Step::Doctest => "doctest",
        })
    }
}

/// Why an addition failed: the step, the first real problem in a few lines, and the full log.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) step: Step,
    pub(crate) summary: String,
    pub(crate) log: PathBuf,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: {}\n(the tree is as it was; full log: {})",
            self.step,
            self.summary,
            self.log.display()
        )
    }
}

impl std::error::Error for Failure {}

/// Adds service `name` from the spec at `source` to the workspace at `root`. On failure every
/// file is as it was and the error is a [`Failure`].
pub(crate) fn add(
    sh: &Shell,
    root: &Path,
    runner: &Runner,
    name: &str,
    source: &Path,
    checks: Checks,
    pagination: BTreeMap<String, Pagination>,
) -> Result<Added> {
    validate_name(name)?;
    let manifest = Manifest::load(root)?;
    ensure!(
        !manifest.services.iter().any(|service| service.name == name),
        "service `{name}` is already in {MANIFEST_PATH}; edit its spec and run `cargo xtask generate {name}`"
    );
    let crate_dir = root.join("crates").join(name);
    ensure!(
        !crate_dir.exists(),
        "{} already exists",
        crate_dir.display()
    );
    let extension = match source.extension().and_then(|ext| ext.to_str()) {
        Some("json") => "json",
        Some("yaml" | "yml") | None => "yaml",
        Some(other) => bail!(
            "{}: expected a .yaml, .yml or .json file, not .{other}",
            source.display()
        ),
    };
    let spec_file = format!("{name}.{extension}");
    let target = root.join("specs").join(&spec_file);
    ensure!(!target.exists(), "{} already exists", target.display());

    let log = Log::new(root.join(LOG_DIR).join(format!("{name}.log")))?;
    let document =
        spec::load(source).map_err(|error| log.fail(Step::Load, &format!("{error:#}")))?;
    let service = Service {
        name: name.to_owned(),
        spec: spec_file.clone(),
        version: "0.1.0".into(),
        description: describe(&document),
        keywords: Vec::new(),
        options: Default::default(),
        parameter_name_mappings: Default::default(),
        strict_validation: false,
        pagination,
        envelope: None,
    };

    // From here on every change is undone unless the addition completes.
    let mut rollback = Rollback::new(root, &target, &crate_dir)?;
    std::fs::copy(source, &target)
        .with_context(|| format!("cannot copy {} to {}", source.display(), target.display()))?;

    let started = Instant::now();
    let output = generate::generate(sh, root, runner, &manifest, &[&service])
        .map_err(|error| log.fail_from(Step::Generate, error))?
        .remove(0);
    let generate_time = started.elapsed();
    register(root, &service)?;
    generate::install(&output, &crate_dir)?;

    let package = service.package_name();
    let started = Instant::now();
    let warnings = build(sh, root, &package, &crate_dir, &log)?;
    let build_time = started.elapsed();
    if checks == Checks::BuildAndDoc {
        document_crate(sh, root, &package, &log)?;
        doctest_crate(sh, root, &package, &log)?;
    }
    rollback.complete();
    Ok(Added {
        package,
        spec_file,
        warnings,
        generate_time,
        build_time,
    })
}

/// Builds the new crate: the promise of the command is a crate that compiles. Returns the
/// crate's warnings; a compiler error becomes a [`Failure`] that shows the first one.
pub(crate) fn build(
    sh: &Shell,
    root: &Path,
    package: &str,
    crate_dir: &Path,
    log: &Log,
) -> Result<Vec<String>> {
    let _cwd = sh.push_dir(root);
    // With the `mock` feature: the crate with its typed mocks, a superset of the default build.
    let output = cmd!(
        sh,
        "cargo build --package {package} --features mock --message-format json"
    )
    .quiet()
    .ignore_status()
    .output()
    .context("cannot run cargo build")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let manifest = crate_dir.join("Cargo.toml");
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let ours = message["manifest_path"].as_str().map(Path::new) == Some(&manifest);
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        match message["message"]["level"].as_str() {
            Some("error" | "error: internal compiler error") => errors.push(rendered.to_owned()),
            Some("warning") if ours && !is_summary(&message) => warnings.push(rendered.to_owned()),
            _ => {}
        }
    }
    log.append(
        "cargo build",
        &format!(
            "{}\n{stderr}",
            errors.iter().chain(&warnings).cloned().collect::<String>()
        ),
    );
    if !output.status.success() {
        let summary = match errors.first() {
            Some(first) => format!(
                "{} compiler error(s) in {package}; the first:\n{}",
                errors.len(),
                first_lines(first)
            ),
            // Not the compiler: cargo itself (a dependency or feature that cannot be resolved).
            None => first_lines(&first_error_block(&stderr)),
        };
        return Err(log.fail(Step::Build, &summary).into());
    }
    Ok(warnings)
}

/// The "N warnings emitted" line rustc adds after the warnings themselves.
fn is_summary(message: &Value) -> bool {
    message["message"]["spans"]
        .as_array()
        .is_some_and(Vec::is_empty)
        && message["message"]["message"]
            .as_str()
            .is_some_and(|text| text.ends_with("emitted"))
}

/// `cargo doc` of the new crate, as docs.rs will build it (the mocks included).
fn document_crate(sh: &Shell, root: &Path, package: &str, log: &Log) -> Result<()> {
    let _cwd = sh.push_dir(root);
    let output = cmd!(
        sh,
        "cargo doc --package {package} --features mock --no-deps"
    )
    .quiet()
    .ignore_status()
    .output()
    .context("cannot run cargo doc")?;
    check_step(Step::Doc, "cargo doc", &output, log)
}

/// The new crate's doctests: its README's test against its own mock server, when the spec has
/// an operation it can show (see `x-specfleet-mock-example`), and the client example.
fn doctest_crate(sh: &Shell, root: &Path, package: &str, log: &Log) -> Result<()> {
    let _cwd = sh.push_dir(root);
    let output = cmd!(sh, "cargo test --package {package} --features mock --doc")
        .quiet()
        .ignore_status()
        .output()
        .context("cannot run cargo test --doc")?;
    check_step(Step::Doctest, "cargo test --doc", &output, log)
}

/// Logs a cargo command's output; a failure shows its first error.
fn check_step(step: Step, command: &str, output: &std::process::Output, log: &Log) -> Result<()> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    log.append(command, &format!("{stdout}{stderr}"));
    if !output.status.success() {
        // A failed doctest says why on stdout; a compiler error is on stderr.
        let shown = if stderr.contains("error") {
            &stderr
        } else {
            &stdout
        };
        return Err(log
            .fail(step, &first_lines(&first_error_block(shown)))
            .into());
    }
    Ok(())
}

/// From the first line that starts with `error` to the next blank line.
pub(crate) fn first_error_block(text: &str) -> String {
    let mut lines = text.lines().skip_while(|line| !line.starts_with("error"));
    let block: Vec<_> = lines
        .by_ref()
        .take_while(|line| !line.trim().is_empty())
        .collect();
    if block.is_empty() {
        text.lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("no output")
            .to_owned()
    } else {
        block.join("\n")
    }
}

/// At most [`SHOWN_LINES`] lines of `text`.
fn first_lines(text: &str) -> String {
    let mut shown: Vec<_> = text.trim_end().lines().take(SHOWN_LINES).collect();
    if text.trim_end().lines().count() > SHOWN_LINES {
        shown.push("...");
    }
    shown.join("\n")
}

/// The full output of one addition, kept under target/ whatever happens to the tree.
pub(crate) struct Log {
    path: PathBuf,
}

impl Log {
    /// Starts an empty log at `path`.
    pub(crate) fn new(path: PathBuf) -> Result<Log> {
        generate::write(&path, "")?;
        Ok(Log { path })
    }

    fn append(&self, step: &str, text: &str) {
        use std::io::Write;
        // The log is a convenience: failing to write it must not hide the real outcome.
        if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(&self.path) {
            let _ = writeln!(file, "==> {step}\n{text}");
        }
    }

    fn fail(&self, step: Step, summary: &str) -> Failure {
        self.append(&format!("{step} failed"), summary);
        Failure {
            step,
            summary: summary.to_owned(),
            log: self.path.clone(),
        }
    }

    /// A failure from an error of another module: its first lines are the summary, and a
    /// generator failure keeps the log the runner wrote.
    pub(crate) fn fail_from(&self, step: Step, error: anyhow::Error) -> anyhow::Error {
        let step = if error
            .chain()
            .any(|cause| cause.is::<generate::FormatFailed>())
        {
            Step::Format
        } else {
            step
        };
        let generator = error
            .chain()
            .find_map(|cause| cause.downcast_ref::<crate::generator::GeneratorFailed>());
        let summary = match generator {
            // The generator's whole output joins this log; the summary is its first problem.
            Some(failed) => {
                let output = std::fs::read_to_string(&failed.log).unwrap_or_default();
                self.append("openapi-generator", &output);
                format!("openapi-generator failed: {}", failed.problem)
            }
            None => first_lines(&format!("{error:#}")),
        };
        self.fail(step, &summary).into()
    }
}

/// Puts back what `add` changed unless [`Rollback::complete`] is called.
struct Rollback {
    /// Files as they were (`None`: did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    crate_dir: PathBuf,
    done: bool,
}

impl Rollback {
    fn new(root: &Path, spec_copy: &Path, crate_dir: &Path) -> Result<Rollback> {
        let mut files = Vec::new();
        for path in [
            root.join(MANIFEST_PATH),
            root.join("Cargo.lock"),
            spec_copy.to_path_buf(),
        ] {
            let before = match std::fs::read(&path) {
                Ok(bytes) => Some(bytes),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(error) => {
                    return Err(error).with_context(|| format!("cannot read {}", path.display()));
                }
            };
            files.push((path, before));
        }
        Ok(Rollback {
            files,
            crate_dir: crate_dir.to_path_buf(),
            done: false,
        })
    }

    fn complete(&mut self) {
        self.done = true;
    }
}

impl Drop for Rollback {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut problems = Vec::new();
        if self.crate_dir.exists()
            && let Err(error) = std::fs::remove_dir_all(&self.crate_dir)
        {
            problems.push(format!(
                "cannot remove {}: {error}",
                self.crate_dir.display()
            ));
        }
        for (path, before) in &self.files {
            let result = match before {
                Some(bytes) => std::fs::write(path, bytes),
                None if path.exists() => std::fs::remove_file(path),
                None => Ok(()),
            };
            if let Err(error) = result {
                problems.push(format!("cannot restore {}: {error}", path.display()));
            }
        }
        for problem in problems {
            eprintln!("error: {problem}; restore it by hand (git checkout / git clean)");
        }
    }
}

/// The package description, from the spec's title.
fn describe(document: &Value) -> String {
    match document
        .pointer("/info/title")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|title| !title.is_empty())
    {
        Some(title) => format!("Generated client for {title}"),
        None => "Generated API client".to_owned(),
    }
}

/// Appends the service to specs/services.toml, keeping the file's comments and layout.
fn register(root: &Path, service: &Service) -> Result<()> {
    let path = root.join(MANIFEST_PATH);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("cannot parse {}", path.display()))?;
    let mut table = toml_edit::Table::new();
    table.insert("name", toml_edit::value(&service.name));
    table.insert("version", toml_edit::value(&service.version));
    table.insert("spec", toml_edit::value(&service.spec));
    table.insert("description", toml_edit::value(&service.description));
    table.insert("keywords", toml_edit::value(toml_edit::Array::new()));
    for (operation, paging) in &service.pagination {
        let mut entry = toml_edit::Table::new();
        let style = match paging.style {
            PageStyle::Page => "page",
            PageStyle::Offset => "offset",
            PageStyle::Cursor => "cursor",
        };
        entry.insert("style", toml_edit::value(style));
        entry.insert("position", toml_edit::value(&paging.position));
        let optional = [
            ("size", &paging.size),
            ("total", &paging.total),
            ("pages", &paging.pages),
            ("next", &paging.next),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                entry.insert(key, toml_edit::value(value));
            }
        }
        if !paging.items.is_empty() {
            entry.insert("items", toml_edit::value(&paging.items));
        }
        let pagination = table
            .entry("pagination")
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        if let Some(pagination) = pagination.as_table_mut() {
            pagination.insert(operation, toml_edit::Item::Table(entry));
        }
    }
    document
        .entry("service")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(Default::default()))
        .as_array_of_tables_mut()
        .with_context(|| format!("`service` in {} is not an array of tables", path.display()))?
        .push(table);
    generate::write(&path, &document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_error_block_is_kept_and_long_ones_are_cut() {
        let stderr = "   Compiling x v0.1.0\nwarning: unused\n\nerror[E0428]: the name `ScanType` is defined multiple times\n --> src/models/scan_type.rs:20:1\n   |\n\nerror: aborting\n";
        assert_eq!(
            first_error_block(stderr),
            "error[E0428]: the name `ScanType` is defined multiple times\n --> src/models/scan_type.rs:20:1\n   |"
        );
        let long: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let shown = first_lines(&long);
        assert_eq!(shown.lines().count(), SHOWN_LINES + 1);
        assert!(shown.ends_with("..."));
        assert_eq!(
            first_error_block("no errors here\nlast line\n"),
            "last line"
        );
    }

    #[test]
    fn an_incomplete_addition_puts_every_file_back() {
        let root = std::env::temp_dir().join(format!("xtask-rollback-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("specs")).expect("mkdir");
        std::fs::write(root.join(MANIFEST_PATH), "[options]\n").expect("write");
        let spec_copy = root.join("specs/new.yaml");
        let crate_dir = root.join("crates/new");
        {
            let _rollback = Rollback::new(&root, &spec_copy, &crate_dir).expect("rollback");
            std::fs::write(root.join(MANIFEST_PATH), "[options]\n[[service]]\n").expect("write");
            std::fs::write(root.join("Cargo.lock"), "changed").expect("write");
            std::fs::write(&spec_copy, "openapi: 3.0.3").expect("write");
            std::fs::create_dir_all(crate_dir.join("src")).expect("mkdir");
        }
        assert_eq!(
            std::fs::read_to_string(root.join(MANIFEST_PATH)).expect("read"),
            "[options]\n"
        );
        assert!(!root.join("Cargo.lock").exists());
        assert!(!spec_copy.exists());
        assert!(!crate_dir.exists());

        let mut kept = Rollback::new(&root, &spec_copy, &crate_dir).expect("rollback");
        std::fs::write(&spec_copy, "openapi: 3.0.3").expect("write");
        kept.complete();
        drop(kept);
        assert!(spec_copy.exists());
        std::fs::remove_dir_all(&root).ok();
    }
}
