//! `cargo xtask semver [--baseline REV]`: whether the public API of each published crate changed
//! since REV in a way its version does not allow, and so which bump it needs (major or minor),
//! by cargo-semver-checks.

use std::ffi::OsString;

use anyhow::{Context, Result, ensure};
use xshell::{Shell, cmd};

use crate::project_root;

/// The version of cargo-semver-checks we use; it must read the rustdoc JSON of our toolchain.
const CARGO_SEMVER_CHECKS_VERSION: &str = "0.51.0";
/// The file that names the baseline commit until a release is on crates.io.
const BASELINE_FILE: &str = ".semver-baseline";

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
    let version = cmd!(sh, "cargo semver-checks --version")
        .quiet()
        .ignore_stderr()
        .read()
        .unwrap_or_default();
    ensure!(
        version.trim().ends_with(CARGO_SEMVER_CHECKS_VERSION),
        "cargo-semver-checks {CARGO_SEMVER_CHECKS_VERSION} is needed (found `{}`): \
         cargo install cargo-semver-checks --version {CARGO_SEMVER_CHECKS_VERSION} --locked",
        version.trim()
    );
    let result = cmd!(
        sh,
        "cargo semver-checks check-release --workspace --exclude xtask --exclude specfleet-tests --exclude specfleet-bench --baseline-rev {baseline}"
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
