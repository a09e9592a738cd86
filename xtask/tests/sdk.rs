//! A crate made by `cargo xtask add-service` has the whole SDK with no hand-written line:
//! retries on 503 with `Retry-After`, timeouts, keys a server echoes never printed, endless
//! error bodies capped, downloads written atomically. The crate is generated from
//! fixtures/notes.yaml in a scratch copy of the workspace, and fixtures/sdk_proof.rs runs in it.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::Command;

use support::{XTASK, copy_workspace, generator_jar, workspace_root};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn a_crate_from_add_service_has_the_sdk() {
    let root = workspace_root();
    let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
    let copy = scratch.path().join("workspace");
    copy_workspace(&root, &copy);
    let jar = generator_jar(&root);
    // The target folder this test was built in: the dependencies are compiled already.
    let target = Path::new(XTASK)
        .parent()
        .and_then(Path::parent)
        .expect("a target folder");

    let output = Command::new(XTASK)
        .args(["add-service", "notes", "--spec"])
        .arg(Path::new(FIXTURES).join("notes.yaml"))
        .current_dir(&copy)
        .env("OPENAPI_GENERATOR_JAR", &jar)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("SPECFLEET_GENERATOR_RUNNER")
        .output()
        .expect("cannot run the xtask");
    assert!(
        output.status.success(),
        "add-service failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The proof is the only hand-written file, and a test: nothing in the crate's own code.
    let crate_dir = copy.join("crates/notes");
    std::fs::create_dir_all(crate_dir.join("tests")).expect("a tests folder");
    std::fs::copy(
        Path::new(FIXTURES).join("sdk_proof.rs"),
        crate_dir.join("tests/sdk.rs"),
    )
    .expect("the proof");
    // The proof's servers need more of tokio than the generated crate's own doctests do.
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("the manifest");
    let mut manifest: toml_edit::DocumentMut = manifest.parse().expect("a TOML manifest");
    manifest["dev-dependencies"]["tokio"] = toml_edit::value(
        "{ version = \"1.48\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"time\"] }"
            .parse::<toml_edit::Value>()
            .expect("an inline table"),
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest.to_string()).expect("the manifest");

    let output = Command::new(env!("CARGO"))
        .args([
            "test",
            "--package",
            "specfleet-notes",
            "--features",
            "mock",
            "--test",
            "sdk",
        ])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cannot run cargo test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the SDK proof failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("test result: ok. 8 passed"), "{stdout}");
}
