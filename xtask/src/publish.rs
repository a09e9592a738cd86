//! `cargo xtask publish [--dry-run]`: check, package, verify and publish every crate in dependency
//! order (the generated crates, then the facade).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use xshell::{Shell, cmd};

use crate::project_root;

/// Workspace members that are never published (`publish = false`).
const UNPUBLISHED: &[&str] = &["xtask", "specfleet-tests", "specfleet-bench"];

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut dry_run = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("dry-run") => dry_run = true,
            _ => return Err(arg.unexpected().into()),
        }
    }
    let sh = Shell::new()?;
    let _cwd = sh.push_dir(project_root());

    // A release is exactly a commit: nothing uncommitted may slip into a package.
    let changes = cmd!(sh, "git status --porcelain")
        .read()
        .context("cannot ask git for the tree's state")?;
    ensure!(
        changes.is_empty(),
        "the work tree has uncommitted changes; commit or stash them first:\n{changes}"
    );

    // The checks a release must pass beyond what packaging verifies.
    cmd!(sh, "cargo xtask generate --check")
        .run()
        .context("generated crates are out of date")?;
    cmd!(sh, "cargo xtask features")
        .run()
        .context("a facade feature does not build alone")?;

    forget_stale_packages(&sh)?;
    let excluded: Vec<String> = UNPUBLISHED
        .iter()
        .flat_map(|package| ["--exclude".to_owned(), (*package).to_owned()])
        .collect();
    let dry_run_flag = dry_run.then_some("--dry-run");
    // `--workspace` packages every crate, verifies each against the others' packages, and
    // publishes them in dependency order.
    cmd!(
        sh,
        "cargo publish --workspace --locked {excluded...} {dry_run_flag...}"
    )
    .run()
    .context("cargo publish failed")?;
    println!(
        "{}",
        if dry_run {
            "every crate packages and verifies"
        } else {
            "published"
        }
    );
    Ok(())
}

/// Removes what earlier packaging left behind: `target/package`, and cargo's extracted copies of
/// this workspace's crates from the local registries it verifies packages through.
/// `cargo publish --workspace` verifies each crate against the others' fresh packages, served
/// from a temporary local registry; but cargo reuses a copy it extracted from such a registry in
/// an earlier run for the same name and version, so an unreleased crate changed since then is
/// verified against its old code (a machine that ran this before fails on code that is fine).
/// Only copies from local registries (`registry/src/-<hash>`) are removed, never crates.io's.
fn forget_stale_packages(sh: &Shell) -> Result<()> {
    let metadata = cmd!(sh, "cargo metadata --no-deps --format-version 1 --locked")
        .read()
        .context("cannot read the workspace's metadata")?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).context("cargo metadata printed no JSON")?;
    let packages: Vec<String> = metadata["packages"]
        .as_array()
        .context("cargo metadata lists no packages")?
        .iter()
        .filter_map(|package| {
            let name = package["name"].as_str()?;
            let version = package["version"].as_str()?;
            (!UNPUBLISHED.contains(&name)).then(|| format!("{name}-{version}"))
        })
        .collect();
    remove(&project_root().join("target/package"))?;
    forget_local_copies(&cargo_home()?.join("registry"), &packages)
}

/// Removes `packages` (`name-version`) from the local registries under cargo's `registry`
/// folder: their extracted sources and their `.crate` files.
fn forget_local_copies(registry: &Path, packages: &[String]) -> Result<()> {
    for (folder, suffix) in [("src", ""), ("cache", ".crate")] {
        let Ok(registries) = std::fs::read_dir(registry.join(folder)) else {
            continue;
        };
        for local in registries.flatten() {
            if !local.file_name().to_string_lossy().starts_with('-') {
                continue;
            }
            for package in packages {
                remove(&local.path().join(format!("{package}{suffix}")))?;
            }
        }
    }
    Ok(())
}

/// Cargo's home: `CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Ok(home.into());
    }
    let home = std::env::var_os("HOME").context("neither CARGO_HOME nor HOME is set")?;
    Ok(Path::new(&home).join(".cargo"))
}

/// Removes a file or a folder if it is there.
fn remove(path: &Path) -> Result<()> {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    match result {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_registries_lose_their_copies_of_our_crates() {
        let registry = tempfile::tempdir().expect("a scratch folder");
        let path = |relative: &str| registry.path().join(relative);
        for folder in [
            "src/-3c952b8216f1a219/specfleet-runtime-0.1.0/src",
            "src/-3c952b8216f1a219/serde-1.0.0/src",
            "src/index.crates.io-1949cf8c6b5b557f/specfleet-runtime-0.1.0/src",
            "cache/-3c952b8216f1a219",
        ] {
            std::fs::create_dir_all(path(folder)).expect("a folder");
        }
        std::fs::write(
            path("cache/-3c952b8216f1a219/specfleet-runtime-0.1.0.crate"),
            "",
        )
        .expect("a file");

        forget_local_copies(registry.path(), &["specfleet-runtime-0.1.0".to_owned()])
            .expect("removed");

        assert!(!path("src/-3c952b8216f1a219/specfleet-runtime-0.1.0").exists());
        assert!(!path("cache/-3c952b8216f1a219/specfleet-runtime-0.1.0.crate").exists());
        assert!(path("src/-3c952b8216f1a219/serde-1.0.0").exists());
        assert!(path("src/index.crates.io-1949cf8c6b5b557f/specfleet-runtime-0.1.0").exists());
    }
}
