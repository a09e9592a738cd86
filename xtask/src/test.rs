//! `cargo xtask test [--review] [FILTER...]`: the README's test command. Every test of the
//! workspace under nextest, through the pinned cargo-insta so that snapshots no test uses are
//! rejected, then the doctests. Installs what a fresh machine lacks first: cargo-insta and
//! cargo-semver-checks into `target/tools/`, Prism into `tests/prism/node_modules/`, the
//! generator jar into `target/`.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use xshell::{Shell, cmd};

use crate::tools::{Tool, find_on_path};
use crate::{generator, project_root};

/// The cargo-insta that runs the tests; CONTRIBUTING.md's review steps name the same version.
const CARGO_INSTA: Tool = Tool {
    name: "cargo-insta",
    subcommand: "insta",
    version: "1.49.0",
};

/// The private npm package that pins Prism for the contract tests (tests/wire/contract.rs).
const PRISM_PACKAGE: &str = "tests/prism";

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut review = false;
    let mut filters: Vec<String> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("review") => review = true,
            Value(filter) => filters.push(filter.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let ci = is_ci();
    ensure!(
        !(ci && review),
        "--review asks about each changed snapshot, which CI cannot answer; run it without CI set"
    );

    let root = project_root();
    let sh = Shell::new()?;
    let _cwd = sh.push_dir(&root);
    ensure!(
        find_on_path("cargo-nextest").is_some(),
        "cargo-nextest is not on PATH: the tests run under it; install it with \
         `cargo install cargo-nextest --locked` (or a binary from https://nexte.st)"
    );
    let insta = CARGO_INSTA.ensure(&sh, &root)?;
    // xtask/tests/evolution.rs checks a regenerated crate with it.
    crate::semver::CARGO_SEMVER_CHECKS.ensure(&sh, &root)?;
    install_prism(&sh, &root)?;
    // The xtask's own tests run the pinned generator jar (tests/docker_runner.rs). On a fresh
    // clone each would install it, several at once into the same target/ folders.
    if std::env::var_os("OPENAPI_GENERATOR_JAR").is_none_or(|jar| jar.is_empty()) {
        generator::bootstrap_jar(&sh, &root)
            .context("the xtask's tests need the generator jar: install Java 11+ and python3")?;
    }

    // In CI a changed snapshot fails the run and nothing is written; locally it is written
    // beside the old one as `.snap.new` for review, and the run still fails.
    let mut insta_args: Vec<&str> = vec![
        "--workspace",
        "--test-runner",
        "nextest",
        "--disable-nextest-doctest",
    ];
    if ci {
        insta_args.push("--check");
        sh.set_var("INSTA_UPDATE", "no");
    }
    if review {
        insta_args.push("--review");
    }
    if filters.is_empty() {
        insta_args.push("--unreferenced=reject");
    } else {
        // A filtered run uses only some snapshots: the others are not unreferenced.
        println!("only tests matching {filters:?}: unreferenced snapshots are not checked");
        insta_args.push("--unreferenced=ignore");
    }
    let separator = (!filters.is_empty()).then_some("--");
    let doctest_filters = filters.clone();
    let result = cmd!(
        sh,
        "{insta} insta test {insta_args...} {separator...} {filters...}"
    )
    .run();
    result.with_context(|| {
        let review = if ci {
            String::new()
        } else {
            format!(
                "; changed snapshots, if any, are reviewed with `cargo xtask test --review` or \
                 `{} review`",
                insta.display()
            )
        };
        format!(
            "the tests failed (see above: a build error, a failed test, a changed or an \
             unreferenced snapshot){review}"
        )
    })?;

    // nextest cannot run doctests: cargo runs them, the README's examples among them.
    cmd!(
        sh,
        "cargo test --workspace --doc --locked -- --quiet {doctest_filters...}"
    )
    .run()
    .context("a doctest failed (see above)")?;
    Ok(())
}

/// Whether this is CI, decided as insta decides it: `CI` set to anything but `false`, `0` or
/// nothing, or else `TF_BUILD` set.
fn is_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false" | "0" | "") => false,
        Some(_) => true,
        None => std::env::var_os("TF_BUILD").is_some(),
    }
}

/// Installs Prism with `npm ci` unless `tests/prism/node_modules` has it. The contract tests
/// would install it too, but from inside a test, after a long build and with less to say.
fn install_prism(sh: &Shell, root: &Path) -> Result<()> {
    let package = root.join(PRISM_PACKAGE);
    if package.join("node_modules/.bin/prism").exists() {
        return Ok(());
    }
    if find_on_path("npm").is_none() || find_on_path("node").is_none() {
        bail!(
            "the contract tests run Prism, a Node.js program, and `node` or `npm` is not on PATH: \
             install Node.js with npm"
        );
    }
    println!(
        "installing Prism (pinned by {PRISM_PACKAGE}/package-lock.json) with npm ci into {}",
        package.join("node_modules").display()
    );
    let _dir = sh.push_dir(&package);
    // --ignore-scripts: Prism needs none; the only install script in the tree is telemetry.
    cmd!(
        sh,
        "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error"
    )
    .run()
    .with_context(|| format!("`npm ci` in {} failed", package.display()))?;
    Ok(())
}
