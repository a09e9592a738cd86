//! Additive spec changes are minor releases: a crate generated from fixtures/pets-v1.yaml, then
//! regenerated from pets-v2.yaml (a new optional query parameter, a new optional response field,
//! a new enum value, a new operation), still compiles the code written against the first
//! version (fixtures/evolution_consumer.rs), and cargo-semver-checks finds no major change
//! between the two.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{XTASK, copy_workspace, generator_jar, workspace_root};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
/// The version `cargo xtask test` installs into target/tools/ (xtask/src/semver.rs pins it).
const SEMVER_CHECKS: &str = "cargo-semver-checks-0.51.0";

#[test]
fn an_additive_spec_change_breaks_no_caller_and_no_semver_rule() {
    let root = workspace_root();
    let semver_checks = semver_checks(&root);
    let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
    let copy = scratch.path().join("workspace");
    copy_workspace(&root, &copy);
    let jar = generator_jar(&root);
    let target = Path::new(XTASK)
        .parent()
        .and_then(Path::parent)
        .expect("a target folder");
    let xtask = |args: &[&str]| {
        succeed(
            Command::new(XTASK)
                .args(args)
                .current_dir(&copy)
                .env("OPENAPI_GENERATOR_JAR", &jar)
                .env("CARGO_TARGET_DIR", target)
                .env_remove("SPECFLEET_GENERATOR_RUNNER"),
            "xtask",
        )
    };
    let crate_dir = copy.join("crates/pets");
    let build_consumer = || {
        let examples = crate_dir.join("examples");
        std::fs::create_dir_all(&examples).expect("an examples folder");
        std::fs::copy(
            Path::new(FIXTURES).join("evolution_consumer.rs"),
            examples.join("consumer.rs"),
        )
        .expect("the consumer");
        succeed(
            Command::new(env!("CARGO"))
                .args([
                    "build",
                    "--package",
                    "specfleet-pets",
                    "--example",
                    "consumer",
                ])
                .current_dir(&copy)
                .env("CARGO_TARGET_DIR", target),
            "the consumer's build",
        );
    };

    let v1 = Path::new(FIXTURES).join("pets-v1.yaml");
    xtask(&[
        "add-service",
        "pets",
        "--spec",
        v1.to_str().expect("a UTF-8 path"),
    ]);
    build_consumer();
    // The whole v1 workspace is the baseline: the crate inherits its metadata from it.
    let baseline = scratch.path().join("baseline");
    copy_dir(&copy, &baseline);

    std::fs::copy(
        Path::new(FIXTURES).join("pets-v2.yaml"),
        copy.join("specs/pets.yaml"),
    )
    .expect("v2");
    xtask(&["generate", "pets"]);
    let api = std::fs::read_to_string(crate_dir.join("src/apis/pets_api.rs")).expect("the API");
    assert!(
        api.contains("pub fn get_pet(") && api.contains("pub fn kind("),
        "v2 was not generated"
    );
    build_consumer();

    // The generator's scratch output holds a second manifest of the crate.
    std::fs::remove_dir_all(copy.join("target/xtask")).expect("the generator's scratch output");
    let output = succeed(
        Command::new(&semver_checks)
            .args([
                "semver-checks",
                "check-release",
                "--package",
                "specfleet-pets",
                "--baseline-root",
            ])
            .arg(&baseline)
            .current_dir(&copy)
            // Its own folder beside the test's target, kept between runs: rustdoc JSON builds
            // are slow, and only the generated crate changes from one run to the next.
            .env("CARGO_TARGET_DIR", target.join("evolution-semver-checks")),
        "cargo semver-checks",
    );
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Warnings are lints that do not fail the check but still ask for a major version.
    assert!(!report.contains("major"), "{report}");
}

/// The pinned cargo-semver-checks: the one `cargo xtask test` installs under target/tools/, or
/// one on PATH.
fn semver_checks(root: &Path) -> PathBuf {
    let installed = root
        .join("target/tools")
        .join(SEMVER_CHECKS)
        .join("bin/cargo-semver-checks");
    if installed.is_file() {
        return installed;
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("cargo-semver-checks"))
        .find(|candidate| candidate.is_file());
    on_path.unwrap_or_else(|| {
        panic!(
            "{SEMVER_CHECKS} is needed: run the tests with `cargo xtask test`, which installs it"
        )
    })
}

fn succeed(command: &mut Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {what}: {error}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Copies `from` to `to`, without build output.
fn copy_dir(from: &Path, to: &Path) {
    let entries = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|entry| entry.file_name() != "target")
        .filter_map(Result::ok);
    for entry in entries {
        let relative = entry.path().strip_prefix(from).expect("below the folder");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}
