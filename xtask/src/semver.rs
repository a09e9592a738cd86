//! `cargo xtask semver [--baseline REV]`: whether the public API of each published crate changed
//! since REV in a way its version does not allow, and so which bump it needs (major or minor),
//! by cargo-semver-checks. Only crates that changed since REV are checked: the others are listed
//! with the reason they were skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;
use xshell::{Shell, cmd};

use crate::project_root;
use crate::tools::Tool;

/// The cargo-semver-checks we use; it must read the rustdoc JSON of our toolchain.
pub(crate) const CARGO_SEMVER_CHECKS: Tool = Tool {
    name: "cargo-semver-checks",
    subcommand: "semver-checks",
    version: "0.51.0",
};
/// The file that names the baseline commit until a release is on crates.io.
const BASELINE_FILE: &str = ".semver-baseline";
/// One target folder for every build cargo-semver-checks makes, kept between runs.
const TARGET_DIR: &str = "target/semver";
/// Folders of a crate that cargo compiles as crates of their own, never into the library: a
/// change there cannot change the library's API.
const NOT_IN_THE_LIBRARY: &[&str] = &["tests", "examples", "benches"];

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut baseline = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("baseline") => baseline = Some(parser.value()?.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let root = project_root();
    let baseline = match baseline {
        Some(baseline) => baseline,
        None => std::fs::read_to_string(root.join(BASELINE_FILE))
            .with_context(|| format!("cannot read {BASELINE_FILE}; pass --baseline REV"))?
            .trim()
            .to_owned(),
    };
    let sh = Shell::new()?;
    let _cwd = sh.push_dir(&root);
    let spec = format!("{baseline}^{{commit}}");
    let commit = cmd!(sh, "git rev-parse --verify --quiet {spec}")
        .quiet()
        .read()
        .with_context(|| {
            format!(
                "the baseline {baseline} is not a commit of this clone; a shallow clone lacks it \
                 (`git fetch --unshallow`)"
            )
        })?;

    let crates = published_crates(&sh)?;
    let changed = changed_paths(&sh, &commit)?;
    let plan = plan(&sh, &root, &commit, &crates, &changed)?;
    let short = &commit[..commit.len().min(12)];
    println!("semver checks against {baseline} ({short}):");
    for (name, verdict) in &plan {
        let (word, why) = match verdict {
            Verdict::Check(why) => ("check", why.as_str()),
            Verdict::Skip => ("skip", "unchanged"),
            Verdict::New => ("new", "not in the baseline, so nothing to compare with"),
        };
        println!("  {word:<5} {name}: {why}");
    }
    if plan.values().any(|verdict| *verdict == Verdict::Skip) {
        println!(
            "  (unchanged: no file of the crate changed but in tests/, examples/ or benches/, \
             which are compiled apart from the library, and no workspace crate it depends on \
             changed)"
        );
    }
    if changed.iter().any(|path| path == "Cargo.lock") {
        // cargo-semver-checks builds each side from a fresh resolution of the crate's own
        // requirements, never from Cargo.lock, so the lock file cannot change its verdict.
        println!(
            "  (Cargo.lock changed too; it does not count: cargo-semver-checks resolves both \
             sides' dependencies afresh from each crate's Cargo.toml)"
        );
    }
    let to_check: Vec<&str> = plan
        .iter()
        .filter(|(_, verdict)| matches!(verdict, Verdict::Check(_)))
        .map(|(name, _)| name.as_str())
        .collect();
    if to_check.is_empty() {
        println!("no published crate changed since {baseline}: nothing to check");
        return Ok(());
    }

    let tool = CARGO_SEMVER_CHECKS.ensure(&sh, &root)?;
    // One target folder for all: the dependencies are checked once, not once per crate and
    // side, and stay for the next run. Sharing it is safe because cargo-semver-checks reads each
    // side's rustdoc JSON right after generating it (it supports a target-dir set in cargo's
    // config that way); RUSTFLAGS of its own keep it apart from target/debug.
    sh.set_var("CARGO_TARGET_DIR", root.join(TARGET_DIR));
    let packages: Vec<&str> = to_check
        .iter()
        .flat_map(|name| ["--package", name])
        .collect();
    let result = cmd!(
        sh,
        "{tool} semver-checks check-release --baseline-rev {commit} {packages...}"
    )
    .run();
    result.with_context(|| {
        format!(
            "the public API changed since {baseline} in a way the versions do not allow: the report above \
             names, per crate, the bump it needs (\"requires new major version\" or \"minor\"); bump it in \
             specs/services.toml or crates/specfleet/Cargo.toml"
        )
    })?;
    println!("no crate needs a bigger version bump than it has since {baseline}");
    Ok(())
}

/// What to do with one published crate.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// It changed, for the reason given.
    Check(String),
    /// Nothing it is built from changed.
    Skip,
    /// The baseline has no crate of that name.
    New,
}

/// A published workspace member: its name, folder (relative to the root) and the workspace
/// members it depends on through normal or build dependencies (dev-dependencies are not API).
struct Crate {
    name: String,
    dir: String,
    depends_on: BTreeSet<String>,
}

fn plan(
    sh: &Shell,
    root: &Path,
    commit: &str,
    crates: &[Crate],
    changed: &[String],
) -> Result<BTreeMap<String, Verdict>> {
    let at_baseline = baseline_crates(sh, commit)?;
    let shared = shared_inputs_changed(sh, root, commit, changed)?;
    let mut plan = BTreeMap::new();
    for krate in crates {
        let verdict = match at_baseline.get(&krate.name) {
            None => Verdict::New,
            Some(old_dir) if *old_dir != krate.dir => {
                Verdict::Check(format!("moved from {old_dir}/ to {}/", krate.dir))
            }
            Some(_) => match own_changes(&krate.dir, changed).as_slice() {
                [] => match &shared {
                    Some(why) => Verdict::Check(why.clone()),
                    None => Verdict::Skip,
                },
                [one] => Verdict::Check(format!("{one} changed")),
                files => {
                    // Name a source file rather than the changelog, if one changed.
                    let example = files
                        .iter()
                        .find(|path| !path.ends_with(".md"))
                        .unwrap_or(&files[0]);
                    Verdict::Check(format!(
                        "{} files changed, {example} among them",
                        files.len()
                    ))
                }
            },
        };
        plan.insert(krate.name.clone(), verdict);
    }
    // A crate whose workspace dependency changed may re-export what changed: check it too,
    // through any number of steps.
    loop {
        let mut newly = Vec::new();
        for krate in crates {
            if plan[&krate.name] != Verdict::Skip {
                continue;
            }
            let changed_dependency =
                krate
                    .depends_on
                    .iter()
                    .find_map(|dependency| match plan.get(dependency)? {
                        Verdict::Skip => None,
                        Verdict::New => Some(format!("depends on {dependency}, which is new")),
                        Verdict::Check(_) => {
                            Some(format!("depends on {dependency}, which changed"))
                        }
                    });
            if let Some(why) = changed_dependency {
                newly.push((krate.name.clone(), why));
            }
        }
        if newly.is_empty() {
            return Ok(plan);
        }
        for (name, why) in newly {
            plan.insert(name, Verdict::Check(why));
        }
    }
}

/// The files under `dir` that changed, except those in folders cargo never compiles into the
/// library.
fn own_changes<'a>(dir: &str, changed: &'a [String]) -> Vec<&'a str> {
    changed
        .iter()
        .filter_map(|path| {
            let inside = path.strip_prefix(dir)?.strip_prefix('/')?;
            let top = inside.split('/').next().unwrap_or_default();
            let compiled_apart = inside.contains('/') && NOT_IN_THE_LIBRARY.contains(&top);
            (!compiled_apart).then_some(path.as_str())
        })
        .collect()
}

/// Every path that differs between `commit` and the work tree: changed, added, deleted (tracked
/// files, committed or not) and untracked files that are not ignored.
fn changed_paths(sh: &Shell, commit: &str) -> Result<Vec<String>> {
    let diff = cmd!(sh, "git diff --name-only --no-renames -z {commit}")
        .quiet()
        .read()
        .with_context(|| format!("cannot ask git what changed since {commit}"))?;
    let untracked = cmd!(sh, "git ls-files --others --exclude-standard -z")
        .quiet()
        .read()
        .context("cannot ask git for untracked files")?;
    Ok(diff
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|path| !path.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Why every crate counts as changed, if something they all build from changed: what crates
/// inherit from the root Cargo.toml (`[workspace.package]`, `[workspace.dependencies]`), cargo's
/// configuration or the pinned toolchain.
fn shared_inputs_changed(
    sh: &Shell,
    root: &Path,
    commit: &str,
    changed: &[String],
) -> Result<Option<String>> {
    if let Some(path) = changed.iter().find(|path| {
        path.starts_with(".cargo/")
            || path.as_str() == "rust-toolchain.toml"
            || path.as_str() == "rust-toolchain"
    }) {
        return Ok(Some(format!(
            "{path} changed, which every crate is built with"
        )));
    }
    if !changed.iter().any(|path| path == "Cargo.toml") {
        return Ok(None);
    }
    let spec = format!("{commit}:Cargo.toml");
    let old = cmd!(sh, "git show {spec}")
        .quiet()
        .read()
        .with_context(|| format!("cannot read Cargo.toml at {commit}"))?;
    let new_path = root.join("Cargo.toml");
    let new = std::fs::read_to_string(&new_path)
        .with_context(|| format!("cannot read {}", new_path.display()))?;
    let old: toml::Table =
        toml::from_str(&old).context("cannot parse the baseline's Cargo.toml")?;
    let new: toml::Table = toml::from_str(&new).context("cannot parse Cargo.toml")?;
    let inherited = |table: &toml::Table, key: &str| {
        table
            .get("workspace")
            .and_then(|workspace| workspace.get(key))
            .cloned()
    };
    for key in ["package", "dependencies"] {
        if inherited(&old, key) != inherited(&new, key) {
            return Ok(Some(format!(
                "[workspace.{key}] in Cargo.toml changed, which crates inherit from"
            )));
        }
    }
    Ok(None)
}

/// The packages of the baseline commit, by name, with the folder of each.
fn baseline_crates(sh: &Shell, commit: &str) -> Result<BTreeMap<String, String>> {
    let files = cmd!(sh, "git ls-tree -r --name-only -z {commit}")
        .quiet()
        .read()
        .with_context(|| format!("cannot list the files of {commit}"))?;
    let mut crates = BTreeMap::new();
    for manifest in files.split('\0') {
        let dir = match manifest.strip_suffix("/Cargo.toml") {
            Some(dir) => dir,
            None => continue,
        };
        let spec = format!("{commit}:{manifest}");
        let text = cmd!(sh, "git show {spec}")
            .quiet()
            .read()
            .with_context(|| format!("cannot read {manifest} at {commit}"))?;
        let Ok(table) = toml::from_str::<toml::Table>(&text) else {
            // Not a manifest cargo could read then either (a test fixture, say).
            continue;
        };
        if let Some(name) = table
            .get("package")
            .and_then(|package| package.get("name"))
            .and_then(toml::Value::as_str)
        {
            crates.insert(name.to_owned(), dir.to_owned());
        }
    }
    Ok(crates)
}

/// The published members of the workspace (`publish` not `false`), from `cargo metadata`.
fn published_crates(sh: &Shell) -> Result<Vec<Crate>> {
    #[derive(Deserialize)]
    struct Metadata {
        packages: Vec<Package>,
        workspace_root: PathBuf,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
        manifest_path: PathBuf,
        publish: Option<Vec<String>>,
        dependencies: Vec<Dependency>,
    }
    #[derive(Deserialize)]
    struct Dependency {
        name: String,
        kind: Option<String>,
        path: Option<PathBuf>,
    }
    let json = cmd!(sh, "cargo metadata --no-deps --format-version 1")
        .quiet()
        .read()
        .context("cargo metadata failed")?;
    let metadata: Metadata =
        serde_json::from_str(&json).context("cannot read the output of cargo metadata")?;
    let dir_of = |manifest: &Path| -> Result<String> {
        let dir = manifest.parent().unwrap_or(manifest);
        let relative = dir
            .strip_prefix(&metadata.workspace_root)
            .with_context(|| format!("{} is outside the workspace", dir.display()))?;
        Ok(relative.to_string_lossy().into_owned())
    };
    let mut crates = Vec::new();
    for package in &metadata.packages {
        // `publish = false` is an empty list of registries.
        if package.publish.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        let depends_on = package
            .dependencies
            .iter()
            .filter(|dependency| {
                dependency.path.is_some() && dependency.kind.as_deref() != Some("dev")
            })
            .map(|dependency| dependency.name.clone())
            .collect();
        crates.push(Crate {
            name: package.name.clone(),
            dir: dir_of(&package.manifest_path)?,
            depends_on,
        });
    }
    Ok(crates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_examples_and_benches_of_a_crate_do_not_count() {
        let changed: Vec<String> = [
            "crates/specfleet/tests/rokka.rs",
            "crates/specfleet/examples/tour/main.rs",
            "crates/specfleet/benches/x.rs",
            "crates/specfleet-extra/src/lib.rs",
            "crates/rokka/src/lib.rs",
            "crates/rokka/tests.md",
        ]
        .map(str::to_owned)
        .to_vec();
        assert!(own_changes("crates/specfleet", &changed).is_empty());
        assert_eq!(
            own_changes("crates/rokka", &changed),
            ["crates/rokka/src/lib.rs", "crates/rokka/tests.md"]
        );
    }
}
