//! The build-time rows: cold builds of each service crate against a crate with the same
//! dependencies and no code, and of the facade with one service against that service's crate;
//! and warm regeneration of every crate.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, ensure};

/// A generated service crate.
#[derive(Debug, Clone)]
pub(crate) struct Service {
    /// The folder under crates/, which is also the facade's feature.
    pub(crate) name: String,
    /// `specfleet-<name>`.
    pub(crate) package: String,
    /// Its folder, which relative `path` dependencies start from.
    dir: PathBuf,
    manifest: toml::Table,
}

/// Every generated crate under crates/ (those that build on specfleet-runtime), by name.
pub(crate) fn services(root: &Path) -> Result<Vec<Service>> {
    let crates = root.join("crates");
    let mut services = Vec::new();
    for entry in
        std::fs::read_dir(&crates).with_context(|| format!("cannot list {}", crates.display()))?
    {
        let dir = entry?.path();
        let path = dir.join("Cargo.toml");
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let manifest: toml::Table =
            toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;
        let package = manifest
            .get("package")
            .and_then(|package| package.get("name"))
            .and_then(toml::Value::as_str)
            .with_context(|| format!("{} names no package", path.display()))?
            .to_owned();
        // A generated crate builds on the runtime and has the generator's `apis` module (the
        // hand-written crates that build on the runtime, such as specfleet-mock, have none).
        let generated = manifest
            .get("dependencies")
            .is_some_and(|dependencies| dependencies.get("specfleet-runtime").is_some())
            && dir.join("src/apis").is_dir();
        if let Some(name) = package.strip_prefix("specfleet-")
            && generated
        {
            services.push(Service {
                name: name.to_owned(),
                package: package.clone(),
                dir,
                manifest,
            });
        }
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));
    ensure!(
        !services.is_empty(),
        "no generated crate under {}",
        crates.display()
    );
    Ok(services)
}

/// Cold build times of one service, in seconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildTimes {
    /// `cargo build -p specfleet-<name>`.
    pub(crate) service: f64,
    /// The same dependencies and features, an empty lib.rs.
    pub(crate) empty: f64,
    /// `cargo build -p specfleet --no-default-features --features <name>,rustls`.
    pub(crate) facade: f64,
}

/// Builds each of the three from nothing in its own target folder under `scratch`, which is
/// deleted after each build (they are large).
pub(crate) fn build_times(root: &Path, scratch: &Path, service: &Service) -> Result<BuildTimes> {
    let empty_dir = write_empty_crate(root, scratch, service)?;
    let empty_manifest = empty_dir.join("Cargo.toml");
    let features = format!("{},rustls", service.name);
    let service_time = cold_build(
        root,
        scratch,
        &format!("{}-crate", service.name),
        &["-p", &service.package],
    )?;
    let empty_time = cold_build(
        root,
        scratch,
        &format!("{}-empty", service.name),
        &["--manifest-path", &empty_manifest.to_string_lossy()],
    )?;
    let facade_time = cold_build(
        root,
        scratch,
        &format!("{}-facade", service.name),
        &[
            "-p",
            "specfleet",
            "--no-default-features",
            "--features",
            &features,
        ],
    )?;
    std::fs::remove_dir_all(&empty_dir)
        .with_context(|| format!("cannot remove {}", empty_dir.display()))?;
    Ok(BuildTimes {
        service: service_time,
        empty: empty_time,
        facade: facade_time,
    })
}

/// A crate with the service's `[dependencies]` and `[features]` and no code, in its own
/// workspace, with the workspace's Cargo.lock so it resolves to the same versions.
fn write_empty_crate(root: &Path, scratch: &Path, service: &Service) -> Result<PathBuf> {
    let dir = scratch.join(format!("empty-{}", service.name));
    std::fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let edition = service
        .manifest
        .get("package")
        .and_then(|package| package.get("edition"))
        .and_then(toml::Value::as_str)
        .unwrap_or("2021");
    let mut package = toml::Table::new();
    package.insert("name".into(), format!("empty-{}", service.name).into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), edition.into());
    package.insert("publish".into(), false.into());
    let mut manifest = toml::Table::new();
    manifest.insert("package".into(), package.into());
    // Its own workspace, so cargo does not take it for a member of the one above target/.
    manifest.insert("workspace".into(), toml::Table::new().into());
    if let Some(features) = service.manifest.get("features") {
        manifest.insert("features".into(), features.clone());
    }
    if let Some(toml::Value::Table(dependencies)) = service.manifest.get("dependencies") {
        let mut dependencies = dependencies.clone();
        // The runtime is a path dependency, relative to the service's folder, not this one's.
        for (_, dependency) in dependencies.iter_mut() {
            if let Some(toml::Value::String(path)) = dependency.get_mut("path") {
                *path = service.dir.join(&*path).to_string_lossy().into_owned();
            }
        }
        manifest.insert("dependencies".into(), dependencies.into());
    }
    let text = toml::to_string(&manifest).context("cannot write the empty crate's manifest")?;
    std::fs::write(dir.join("Cargo.toml"), text)?;
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! The dependencies of a service crate and none of its code.\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .context("cannot copy Cargo.lock")?;
    Ok(dir)
}

/// `cargo build --offline ARGS` in a new, empty target folder; wall time in seconds. The build
/// log goes to `<scratch>/<label>.log`.
fn cold_build(root: &Path, scratch: &Path, label: &str, args: &[&str]) -> Result<f64> {
    let target = scratch.join(format!("target-{label}"));
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .with_context(|| format!("cannot remove {}", target.display()))?;
    }
    let log_path = scratch.join(format!("{label}.log"));
    let log = std::fs::File::create(&log_path)
        .with_context(|| format!("cannot create {}", log_path.display()))?;
    eprintln!(
        "  cold build {label}: cargo build --offline {}",
        args.join(" ")
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let status = Command::new(cargo)
        .arg("build")
        .arg("--offline")
        .args(args)
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .context("cannot run cargo")?;
    let seconds = started.elapsed().as_secs_f64();
    let removed = std::fs::remove_dir_all(&target);
    ensure!(
        status.success(),
        "cold build {label} failed; its log is {}",
        log_path.display()
    );
    removed.with_context(|| format!("cannot remove {}", target.display()))?;
    eprintln!("  cold build {label}: {seconds:.1} s");
    Ok(seconds)
}

/// `<xtask> generate --check` for every service: once to warm the caches (the JVM's files, the
/// generator jar), then `runs` measured times. `--check` runs the whole pipeline but compares
/// instead of writing, so a benchmark never rewrites crates/ under someone's feet.
pub(crate) fn regeneration(root: &Path, xtask: &Path, runs: usize) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for run in 0..=runs {
        let started = Instant::now();
        let output = Command::new(xtask)
            .args(["generate", "--check"])
            .current_dir(root)
            .output()
            .with_context(|| format!("cannot run {}", xtask.display()))?;
        let seconds = started.elapsed().as_secs_f64();
        ensure!(
            output.status.success(),
            "`{} generate --check` failed (are the checked-in crates up to date?):\n{}",
            xtask.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!(
            "  generate --check {}: {seconds:.1} s",
            if run == 0 { "(warm-up)" } else { "" }
        );
        if run > 0 {
            times.push(seconds);
        }
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_crate_has_the_service_dependencies_and_no_code() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("bench/ is in the workspace");
        let services = services(root).expect("the generated crates");
        let mut names: Vec<&str> = services
            .iter()
            .map(|service| service.name.as_str())
            .collect();
        names.sort_unstable();
        // The hand-written crates on the runtime (specfleet-mock) are not services.
        assert_eq!(
            names,
            ["cbrain", "osparc-storage", "qi-compute", "rokka", "sftpgo"]
        );
        let cbrain = services
            .iter()
            .find(|service| service.name == "cbrain")
            .expect("a cbrain crate");
        let scratch = std::env::temp_dir().join(format!("specfleet-bench-{}", std::process::id()));
        let dir = write_empty_crate(root, &scratch, cbrain).expect("the empty crate");
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest"))
                .expect("valid TOML");
        let dependencies = |manifest: &toml::Table| -> Vec<String> {
            manifest["dependencies"]
                .as_table()
                .expect("a dependencies table")
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(dependencies(&manifest), dependencies(&cbrain.manifest));
        // The runtime, a path dependency, is found from the empty crate's folder too.
        let runtime = manifest["dependencies"]["specfleet-runtime"]["path"]
            .as_str()
            .expect("the runtime by path");
        assert!(
            dir.join(runtime).join("Cargo.toml").is_file(),
            "{runtime} from {}",
            dir.display()
        );
        assert_eq!(manifest.get("features"), cbrain.manifest.get("features"));
        assert!(
            services.iter().all(|service| service.name != "runtime"),
            "the runtime is not a service"
        );
        assert!(manifest.contains_key("workspace"));
        assert!(dir.join("Cargo.lock").is_file());
        std::fs::remove_dir_all(&scratch).expect("cleanup");
    }
}
