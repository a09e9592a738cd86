//! `cargo xtask publish [--dry-run]`: check, package, verify and publish every crate in dependency
//! order (the generated crates, then the facade).

use std::ffi::OsString;

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
