//! `cargo xtask add-service` is all or nothing: a spec that fails in the generator, or whose crate
//! does not build, leaves the workspace exactly as it was (`git status` clean, Cargo.lock and
//! specs/services.toml untouched), and the error names the first real problem and the full log.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::Command;

use support::{XTASK, copy_workspace, generator_jar, workspace_root};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn a_failed_addition_leaves_the_tree_as_it_was() {
    let root = workspace_root();
    let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
    let copy = scratch.path().join("workspace");
    copy_workspace(&root, &copy);
    git(&copy, &["init", "--quiet"]);
    git(&copy, &["add", "--all"]);
    git(
        &copy,
        &["commit", "--quiet", "--message", "the workspace as it was"],
    );
    let jar = generator_jar(&root);
    // The target folder this test was built in: the dependencies are compiled already.
    let target = Path::new(XTASK)
        .parent()
        .and_then(Path::parent)
        .expect("a target folder");

    let cases = [
        (
            "generator-failure",
            "generate failed",
            "openapi-generator failed: Caused by: java.lang",
        ),
        (
            "build-failure",
            "build failed",
            "crates/build-failure/src/apis/default_api.rs",
        ),
    ];
    for (name, step, problem) in cases {
        let spec = Path::new(FIXTURES).join(format!("{name}.yaml"));
        let output = Command::new(XTASK)
            .args(["add-service", name, "--spec"])
            .arg(&spec)
            .current_dir(&copy)
            .env("OPENAPI_GENERATOR_JAR", &jar)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("SPECFLEET_GENERATOR_RUNNER")
            .output()
            .expect("cannot run the xtask");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name} was added:\n{stderr}");
        let error = stderr
            .lines()
            .skip_while(|line| !line.starts_with("error:"))
            .collect::<Vec<_>>();
        assert!(
            error.first().is_some_and(|first| first.contains(step)),
            "{name}: expected `{step}` first in:\n{stderr}"
        );
        assert!(
            error.iter().any(|line| line.contains(problem)),
            "{name}: expected the problem `{problem}` in:\n{stderr}"
        );
        // A few lines, not the generator's or compiler's whole output.
        assert!(
            error.len() <= 20,
            "{name}: {} lines of error:\n{stderr}",
            error.len()
        );
        let log = copy.join(format!("target/xtask/add-service/{name}.log"));
        assert!(
            stderr.contains(&log.display().to_string()) && log.is_file(),
            "{name}: no full log at {}:\n{stderr}",
            log.display()
        );
        let status = git(&copy, &["status", "--porcelain", "--untracked-files=all"]);
        assert!(status.is_empty(), "{name} left changes behind:\n{status}");
    }
}

/// Runs git in `dir` and returns what it printed.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=specfleet",
            "-c",
            "user.email=specfleet@localhost",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cannot run git");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
