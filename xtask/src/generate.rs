//! `cargo xtask generate [SERVICE...] [--check]`: specs/ -> crates/, reproducible byte for byte.
//!
//! Every run generates into target/xtask/generate/ first. Without `--check` the result replaces
//! `crates/<service>/` (only changed files are written); with `--check` it is compared and nothing
//! is written.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use serde_json::{Value, json};
use xshell::{Shell, cmd};

use crate::fixups::{self, PreparedSpec};
use crate::generator::{OPENAPI_GENERATOR_VERSION, Runner};
use crate::manifest::{MANIFEST_PATH, Manifest, Service};
use crate::project_root;
use crate::{spec, validate};

/// Scratch space for specs, batch configs and generator output.
const WORK_DIR: &str = "target/xtask/generate";
/// Our template overrides; each file says what it changes and why.
const TEMPLATE_DIR: &str = "xtask/templates/rust";
/// Generator output that has no place in a workspace member.
const DROPPED: &[&str] = &[
    ".gitignore",
    ".openapi-generator",
    ".openapi-generator-ignore",
    ".travis.yml",
    "git_push.sh",
];
/// The runtime crate's manifest, relative to the project root.
const RUNTIME_MANIFEST: &str = "crates/runtime/Cargo.toml";
/// Validator findings printed per spec; a vendor's spec can have hundreds.
const SHOWN_FINDINGS: usize = 10;
/// Hand-written files that may sit beside generated ones in `crates/<service>/`.
const HAND_WRITTEN: &[&str] = &["CHANGELOG.md"];

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut check = false;
    let mut names = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("check") => check = true,
            Value(name) => names.push(name.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let root = project_root();
    let manifest = Manifest::load(&root)?;
    let services = manifest.select(&names)?;
    let sh = Shell::new()?;
    let started = Instant::now();
    let runner = Runner::find(&sh, &root)?;
    let generated = generate(&sh, &root, &runner, &manifest, &services)?;
    if check {
        let mut stale = Vec::new();
        for (service, output) in services.iter().zip(&generated) {
            stale.extend(compare(output, &root.join(service.crate_dir()))?);
        }
        if !stale.is_empty() {
            for difference in &stale {
                eprintln!("{difference}");
            }
            let command = regenerate_command(&names);
            bail!(
                "{} generated file(s) are out of date with specs/ and xtask/; run `{command}` and commit the result",
                stale.len()
            );
        }
        println!(
            "generated crates are up to date ({} service(s), {:.1?})",
            services.len(),
            started.elapsed()
        );
    } else {
        for (service, output) in services.iter().zip(&generated) {
            let written = install(output, &root.join(service.crate_dir()))?;
            println!(
                "{}: {written} file(s) written",
                service.crate_dir().display()
            );
        }
        println!(
            "generated {} service(s) in {:.1?}",
            services.len(),
            started.elapsed()
        );
    }
    Ok(())
}

/// Generates the services into the scratch folder and post-processes them; returns one output
/// folder per service, in order.
pub(crate) fn generate(
    sh: &Shell,
    root: &Path,
    runner: &Runner,
    manifest: &Manifest,
    services: &[&Service],
) -> Result<Vec<PathBuf>> {
    let work = root.join(WORK_DIR);
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("cannot clear {}", work.display()))?;
    }
    for service in services {
        report_findings(sh, root, runner, service)?;
    }
    let documents = openapi3_documents(sh, root, runner, services)?;
    let runtime_version = runtime_version(root)?;
    let mut configs = Vec::new();
    let mut prepared = Vec::new();
    for (service, (origin, document)) in services.iter().zip(documents) {
        let spec = fixups::prepare(document, &origin, service)?;
        let spec_file = Path::new(WORK_DIR)
            .join("specs")
            .join(format!("{}.json", service.name));
        write_json(root, &spec_file, &spec.document)?;
        let config_file = Path::new(WORK_DIR)
            .join("configs")
            .join(format!("{}.json", service.name));
        write_json(
            root,
            &config_file,
            &batch_config(manifest, service, &spec, &spec_file, &runtime_version)?,
        )?;
        configs.push(config_file);
        prepared.push(spec);
    }

    let started = Instant::now();
    runner.batch(sh, root, &configs, "generate")?;
    println!(
        "openapi-generator {OPENAPI_GENERATOR_VERSION} ({runner:?}) ran in {:.1?}",
        started.elapsed()
    );

    let mut outputs = Vec::new();
    for (service, spec) in services.iter().zip(&prepared) {
        let output = root.join(output_dir(service));
        postprocess(sh, &output, service, spec).with_context(|| {
            format!(
                "cannot post-process the generated {}",
                service.package_name()
            )
        })?;
        outputs.push(output);
    }
    Ok(outputs)
}

/// Runs the validator on a service's spec and prints what it finds as warnings; with
/// `strict-validation` the spec's errors stop the generation.
fn report_findings(sh: &Shell, root: &Path, runner: &Runner, service: &Service) -> Result<()> {
    let spec = Path::new("specs").join(&service.spec);
    let findings = validate::validate(sh, root, runner, &spec)?;
    for finding in findings.iter().take(SHOWN_FINDINGS) {
        eprintln!("warning: {}: {finding}", spec.display());
    }
    if findings.len() > SHOWN_FINDINGS {
        eprintln!(
            "warning: {}: {} more finding(s) from the spec validator",
            spec.display(),
            findings.len() - SHOWN_FINDINGS
        );
    }
    let errors = findings
        .iter()
        .filter(|finding| finding.severity == validate::Severity::Error)
        .count();
    ensure!(
        !(service.strict_validation && errors > 0),
        "{} has {errors} validation error(s) and `strict-validation` is set for `{}` in {MANIFEST_PATH}",
        spec.display(),
        service.name
    );
    Ok(())
}

/// The version of crates/runtime, which every generated crate depends on.
fn runtime_version(root: &Path) -> Result<String> {
    let path = root.join(RUNTIME_MANIFEST);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;
    manifest
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{} has no package.version", path.display()))
}

/// The OpenAPI 3 document for each service, with the file it was read from: its spec as it is,
/// or for a Swagger 2.0 spec the generator's own conversion (its `openapi` generator), so that
/// fixups only deal with OpenAPI 3 and see exactly what the rust generator would have seen.
fn openapi3_documents(
    sh: &Shell,
    root: &Path,
    runner: &Runner,
    services: &[&Service],
) -> Result<Vec<(PathBuf, Value)>> {
    let mut documents = Vec::new();
    let mut conversions = Vec::new();
    for (index, service) in services.iter().enumerate() {
        let source = service.spec_path(root);
        let document = spec::load(&source)?;
        if fixups::is_swagger2(&document) {
            let output = Path::new(WORK_DIR).join("openapi3").join(&service.name);
            let config = json!({
                "generatorName": "openapi",
                "inputSpec": Path::new("specs").join(&service.spec),
                "outputDir": output,
                "validateSpec": false,
            });
            let config_file = Path::new(WORK_DIR)
                .join("configs")
                .join(format!("{}.openapi3.json", service.name));
            write_json(root, &config_file, &config)?;
            conversions.push((index, config_file, root.join(output).join("openapi.json")));
        }
        documents.push((source, document));
    }
    if !conversions.is_empty() {
        let configs: Vec<_> = conversions
            .iter()
            .map(|(_, config, _)| config.clone())
            .collect();
        runner
            .batch(sh, root, &configs, "openapi3")
            .context("cannot convert the Swagger 2.0 spec(s) to OpenAPI 3")?;
        for (index, _, converted) in conversions {
            documents[index] = (converted.clone(), spec::load(&converted)?);
        }
    }
    Ok(documents)
}

fn output_dir(service: &Service) -> PathBuf {
    Path::new(WORK_DIR).join("out").join(&service.name)
}

/// One service's entry for the generator's `batch` command. Paths are relative to the root.
fn batch_config(
    manifest: &Manifest,
    service: &Service,
    spec: &PreparedSpec,
    spec_file: &Path,
    runtime_version: &str,
) -> Result<Value> {
    let mut properties = serde_json::Map::new();
    for (key, value) in manifest.options.iter().chain(&service.options) {
        properties.insert(key.clone(), serde_json::to_value(value)?);
    }
    properties.insert("packageName".into(), json!(service.package_name()));
    properties.insert("packageVersion".into(), json!(service.version));
    properties.insert(
        "httpUserAgent".into(),
        json!(format!("{}/{}", service.package_name(), service.version)),
    );
    // Read by our README.mustache and configuration.mustache.
    properties.insert("specfleetLibName".into(), json!(service.lib_name()));
    properties.insert("specfleetServiceName".into(), json!(service.name));
    // Read by our Cargo.mustache: the generated crate depends on this runtime, and on the
    // mock crate of the same version with its `mock` feature.
    properties.insert("specfleetRuntimeVersion".into(), json!(runtime_version));
    // Read by our lib.mustache: the crate root's first line.
    let api_version = match &spec.api_version {
        Some(version) => format!(" (API version {version})"),
        None => String::new(),
    };
    properties.insert(
        "specfleetHeader".into(),
        json!(format!(
            "Generated by openapi-generator {OPENAPI_GENERATOR_VERSION} from `specs/{}`{api_version}: \
             regenerate with `cargo xtask generate {}`, never edit by hand.",
            service.spec, service.name
        )),
    );
    // Mappings the fixups derived, then the service's own, which win.
    let mut parameter_name_mappings = spec.parameter_name_mappings.clone();
    parameter_name_mappings.extend(service.parameter_name_mappings.clone());
    Ok(json!({
        "generatorName": "rust",
        "inputSpec": spec_file,
        "outputDir": output_dir(service),
        "templateDir": TEMPLATE_DIR,
        // The validator runs on its own (`validate.rs`): its findings are warnings, not a refusal.
        "validateSpec": false,
        "additionalProperties": properties,
        "nameMappings": spec.name_mappings,
        "enumNameMappings": spec.enum_name_mappings,
        "parameterNameMappings": parameter_name_mappings,
        // Templates the Rust generator does not have: the typed mocks (`mock` feature).
        "files": {
            "mock.mustache": {
                "templateType": "SupportingFiles",
                "folder": "src",
                "destinationFilename": "mock.rs",
            },
            "mock_example.mustache": {
                "templateType": "SupportingFiles",
                "folder": "docs",
                "destinationFilename": "MockExample.md",
            },
        },
    }))
}

fn postprocess(sh: &Shell, output: &Path, service: &Service, spec: &PreparedSpec) -> Result<()> {
    for name in DROPPED {
        let path = output.join(name);
        if path.is_dir() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        } else if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    let manifest_path = output.join("Cargo.toml");
    let generated = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    write(
        &manifest_path,
        &render_cargo_toml(service, spec, &generated)?,
    )?;
    // rustfmt follows the module tree from the crate root and picks up the workspace's rustfmt.toml.
    let lib = output.join("src/lib.rs");
    let formatted = cmd!(sh, "rustfmt --edition 2021 {lib}")
        .quiet()
        .ignore_status()
        .output()
        .context("cannot run rustfmt")?;
    if !formatted.status.success() {
        let stderr = String::from_utf8_lossy(&formatted.stderr);
        return Err(FormatFailed(crate::add_service::first_error_block(&stderr)).into());
    }
    Ok(())
}

/// rustfmt cannot parse the generated code: the generator wrote something that is not Rust.
#[derive(Debug)]
pub(crate) struct FormatFailed(pub(crate) String);

impl std::fmt::Display for FormatFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the generated code is not valid Rust (rustfmt):\n{}",
            self.0
        )
    }
}

impl std::error::Error for FormatFailed {}

/// The crate's Cargo.toml: our package metadata (inherited from the workspace where it is shared)
/// around the dependencies and features that the generator chose for the spec.
fn render_cargo_toml(service: &Service, spec: &PreparedSpec, generated: &str) -> Result<String> {
    let generated: toml_edit::DocumentMut = generated
        .parse()
        .context("the generated Cargo.toml does not parse")?;
    let mut tables = toml_edit::DocumentMut::new();
    for key in ["dependencies", "features", "dev-dependencies"] {
        if let Some(item) = generated.get(key) {
            tables.insert(key, item.clone());
        }
    }
    let keywords: Vec<_> = service
        .keywords
        .iter()
        .map(|keyword| toml_string(keyword))
        .collect();
    // The upstream API version, when the spec has one, is the build metadata: `0.1.0+2.5.6`.
    let (version, version_comment) = match spec.api_version.as_deref().map(build_metadata) {
        Some(metadata) if !metadata.is_empty() => (
            format!("{}+{metadata}", service.version),
            format!(
                "# The upstream API version ({}) is recorded as build metadata.\n",
                spec.api_version.as_deref().unwrap_or_default()
            ),
        ),
        _ => (service.version.clone(), String::new()),
    };
    Ok(format!(
        r#"# Generated by `cargo xtask generate {name}`: edit specs/services.toml or xtask/, never this file.
[package]
name = "{package}"
{version_comment}version = "{version}"
description = {description}
documentation = "https://docs.rs/{package}"
readme = "README.md"
keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client"]
# The generator writes Rust 2021; the workspace's edition applies to hand-written crates.
edition = "2021"
rust-version.workspace = true
license.workspace = true
authors.workspace = true
repository.workspace = true
homepage.workspace = true

[lib]
name = "{lib}"
path = "src/lib.rs"

[package.metadata.docs.rs]
all-features = true

{tables}"#,
        name = service.name,
        package = service.package_name(),
        description = toml_string(&service.description),
        keywords = keywords.join(", "),
        lib = service.lib_name(),
        tables = tables.to_string().trim_start(),
    ))
}

/// `version` as semver build metadata: dot-separated identifiers of ASCII letters, digits and
/// `-`. Anything else becomes `-`; empty identifiers (`1..2`, a trailing dot) are dropped, as
/// semver forbids them and cargo would refuse the whole workspace.
fn build_metadata(version: &str) -> String {
    version
        .split('.')
        .map(|identifier| {
            identifier
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        })
        .filter(|identifier| !identifier.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// `text` as a quoted TOML string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// One way a generated tree differs from the checked-in crate.
enum Difference {
    Added(PathBuf),
    Removed(PathBuf),
    Changed(PathBuf, String),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Added(path) => write!(f, "would create {}", path.display()),
            Difference::Removed(path) => write!(f, "would remove {}", path.display()),
            Difference::Changed(path, diff) => {
                write!(f, "would change {}:\n{diff}", path.display())
            }
        }
    }
}

/// Lines of diff shown per changed file; the full picture is one `cargo xtask generate` + `git diff` away.
const DIFF_LINES: usize = 40;

fn compare(generated: &Path, checked_in: &Path) -> Result<Vec<Difference>> {
    let root = project_root();
    let display = |relative: &Path| {
        checked_in
            .strip_prefix(&root)
            .unwrap_or(checked_in)
            .join(relative)
    };
    let new_files = files(generated)?;
    let old_files = files(checked_in)?;
    let mut differences = Vec::new();
    for relative in new_files.union(&old_files) {
        match (new_files.contains(relative), old_files.contains(relative)) {
            (true, false) => differences.push(Difference::Added(display(relative))),
            (false, true) => differences.push(Difference::Removed(display(relative))),
            _ => {
                let new = std::fs::read(generated.join(relative))?;
                let old = std::fs::read(checked_in.join(relative))?;
                if new != old {
                    let new = String::from_utf8_lossy(&new);
                    let old = String::from_utf8_lossy(&old);
                    let diff = similar::TextDiff::from_lines(&old, &new);
                    let unified = diff.unified_diff().context_radius(2).to_string();
                    let mut shown: Vec<_> = unified.lines().take(DIFF_LINES).collect();
                    if unified.lines().count() > DIFF_LINES {
                        shown.push("...");
                    }
                    differences.push(Difference::Changed(display(relative), shown.join("\n")));
                }
            }
        }
    }
    Ok(differences)
}

/// Makes `checked_in` equal to `generated`, writing only files whose bytes change so that
/// cargo does not rebuild what did not move. Returns the number of files written or removed.
pub(crate) fn install(generated: &Path, checked_in: &Path) -> Result<usize> {
    let new_files = files(generated)?;
    let old_files = files(checked_in)?;
    let mut written = 0;
    for relative in old_files.difference(&new_files) {
        let path = checked_in.join(relative);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        written += 1;
    }
    for relative in &new_files {
        let bytes = std::fs::read(generated.join(relative))?;
        let target = checked_in.join(relative);
        if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
            written += 1;
        }
    }
    remove_empty_dirs(checked_in)?;
    Ok(written)
}

/// The files below `dir`, relative to it, without the hand-written ones.
fn files(dir: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut files = BTreeSet::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir)?.to_path_buf();
            if !HAND_WRITTEN.iter().any(|name| relative == Path::new(name)) {
                files.insert(relative);
            }
        }
    }
    Ok(files)
}

fn remove_empty_dirs(dir: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true).min_depth(1) {
        let entry = entry?;
        if entry.file_type().is_dir() && std::fs::read_dir(entry.path())?.next().is_none() {
            std::fs::remove_dir(entry.path())?;
        }
    }
    Ok(())
}

fn regenerate_command(names: &[String]) -> String {
    let mut command = String::from("cargo xtask generate");
    for name in names {
        command.push(' ');
        command.push_str(name);
    }
    command
}

/// Writes `value` as pretty JSON to `relative`, a path below `root`.
fn write_json(root: &Path, relative: &Path, value: &Value) -> Result<()> {
    write(&root.join(relative), &serde_json::to_string_pretty(value)?)
}

pub(crate) fn write(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_versions_become_valid_build_metadata() {
        assert_eq!(build_metadata("2.5.6"), "2.5.6");
        assert_eq!(build_metadata("v1 (beta)"), "v1--beta-");
        assert_eq!(build_metadata("1..2."), "1.2");
        assert_eq!(
            build_metadata("2024-01-01T00:00:00Z"),
            "2024-01-01T00-00-00Z"
        );
        assert_eq!(build_metadata("..."), "");
    }
}
