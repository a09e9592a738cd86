//! The Docker runner of `cargo xtask generate` and `add-service`, proven without a Docker engine.
//!
//! `docker-standin/docker` is put first on PATH: it answers `docker version` as an engine would,
//! refuses a `docker run` that a real engine or the generator's image would refuse or get wrong
//! (see its header), and otherwise runs the generator jar with the container's view of the files.
//! Everything runs in a scratch copy of the workspace; in the tree under test only target/ is
//! written to (the generator jar, when none is installed there yet, and the new crate's build).
//!
//! The stand-in runs the jar as the caller, so generated files are the caller's by construction
//! here; on a real engine `--user` guarantees that, and the stand-in refuses a run without it.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use support::{XTASK, copy_workspace, generator_jar, pinned_version, workspace_root};

const STANDIN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/docker-standin");

#[test]
fn generate_check_and_add_service_run_through_docker() {
    let root = workspace_root();
    let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
    // A `:` splits a `--volume` spec and a `,` a `--mount` one: the runner must cope with both.
    let copy = scratch.path().join("work:space,1");
    copy_workspace(&root, &copy);
    let log = scratch.path().join("docker-runs.log");
    let jar = generator_jar(&root);

    // The default order: Docker comes first even when a jar is configured too.
    let output = xtask(&copy, &jar, &log, &["generate", "--check"])
        .env("OPENAPI_GENERATOR_JAR", &jar)
        .output()
        .expect("cannot run the xtask");
    let runs = assert_ran_in_docker(&output, &log, 0);

    // A spec outside the workspace and a target folder outside it: only the workspace is mounted.
    // The target folder is the one this test was built in, so the new crate's dependencies are
    // already compiled.
    let spec = Path::new(STANDIN_DIR).join("guestbook.yaml");
    let target = Path::new(XTASK)
        .parent()
        .and_then(Path::parent)
        .expect("a target folder");
    assert!(!spec.starts_with(&copy) && !target.starts_with(&copy));
    let add = [
        "add-service",
        "guestbook",
        "--spec",
        spec.to_str().expect("a UTF-8 path"),
    ];
    let output = xtask(&copy, &jar, &log, &add)
        .env("SPECFLEET_GENERATOR_RUNNER", "docker")
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cannot run the xtask");
    // A Swagger 2.0 spec: one run converts it to OpenAPI 3, another generates the crate.
    let runs = assert_ran_in_docker(&output, &log, runs + 1);
    let api = copy.join("crates/guestbook/src/apis/default_api.rs");
    assert!(api.is_file(), "add-service wrote no {}", api.display());
    let manifest = std::fs::read_to_string(copy.join("specs/services.toml")).expect("the manifest");
    assert!(manifest.contains("name = \"guestbook\""), "{manifest}");

    // The registered service regenerates to the same bytes.
    let output = xtask(&copy, &jar, &log, &["generate", "--check", "guestbook"])
        .env("SPECFLEET_GENERATOR_RUNNER", "docker")
        .output()
        .expect("cannot run the xtask");
    assert_ran_in_docker(&output, &log, runs);
}

#[test]
fn standin_refuses_what_an_engine_would() {
    let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
    let mount = scratch.path().join("work:space,1");
    let plain = scratch.path().join("plain");
    for dir in [&mount, &plain] {
        std::fs::create_dir_all(dir.join("configs")).expect("a folder");
        std::fs::create_dir_all(dir.join("templates")).expect("a folder");
        std::fs::write(dir.join("spec.yaml"), "openapi: 3.0.3\n").expect("a spec");
    }
    std::fs::write(scratch.path().join("outside.yaml"), "openapi: 3.0.3\n").expect("a spec");
    std::os::unix::fs::symlink("../outside.yaml", mount.join("link.yaml")).expect("a link");

    // The runner's command and a batch config like generate.rs writes.
    let user = format!("{}:{}", id("-u"), id("-g"));
    let source = format!("\"source={}\"", mount.display());
    let bind = format!("type=bind,{source},target=/local");
    let image = image();
    #[rustfmt::skip]
    let runner = [
        "run", "--rm", "--user", &user, "--mount", &bind, "--workdir", "/local", &image,
        "batch", "--fail-fast", "--threads", "2", "configs/x.json",
    ]
    .map(str::to_owned);
    let good = json!({
        "generatorName": "rust",
        "inputSpec": "spec.yaml",
        "outputDir": "out/rust",
        "templateDir": "templates",
        "additionalProperties": { "packageName": "specfleet-x", "header": "from specs/x.yaml" },
    });
    // The runner's command with `from` replaced by `to`, or removed with its value.
    let args = |from: &str, to: Option<&str>| {
        let mut args = runner.to_vec();
        let at = args
            .iter()
            .position(|arg| arg == from)
            .expect("an argument");
        match to {
            Some(to) => args[at] = to.to_owned(),
            None => drop(args.drain(at..at + 2)),
        }
        args
    };
    let config = |key: &str, value: Value| {
        let mut config = good.clone();
        config[key] = value;
        config
    };
    let host = |path: &str| mount.join(path).display().to_string();
    let volume = |spec: &str| {
        let mut args = args(&bind, Some(spec));
        args[4] = "--volume".to_owned();
        args
    };
    let with_bind = |spec: String| args(&bind, Some(&spec));
    // One case a line: the command, the batch config, what the refusal says.
    #[rustfmt::skip]
    let cases = [
        // The runner's command passes every check and stops only for want of a jar.
        (runner.to_vec(), good.clone(), "DOCKER_STANDIN_JAR is not set"),
        // Paths in the batch config.
        (runner.to_vec(), config("inputSpec", json!("../outside.yaml")), "outside the mount"),
        (runner.to_vec(), config("inputSpec", json!("link.yaml")), "symbolic link"),
        (runner.to_vec(), config("inputSpec", json!("missing.yaml")), "does not exist"),
        (runner.to_vec(), config("templateDir", json!(host("templates"))), "outside the mount"),
        (runner.to_vec(), config("outputDir", json!("/local/../out")), "outside the mount"),
        (runner.to_vec(), config("ignoreFileOverride", json!("/tmp/x")), "outside the mount"),
        (
            runner.to_vec(),
            config("additionalProperties", json!({ "templatesDir": "../templates" })),
            "outside the mount",
        ),
        (
            runner.to_vec(),
            config("additionalProperties", json!({ "copy": host("spec.yaml") })),
            "is a host path",
        ),
        // Paths on the command line.
        (args("configs/x.json", Some(&host("configs/x.json"))), good.clone(), "outside the mount"),
        (args("configs/x.json", Some("../plain/configs/x.json")), good.clone(), "outside the mount"),
        // Image, user, working directory.
        (args(&image, Some("openapitools/openapi-generator-cli")), good.clone(), "expected the pinned"),
        (args(&image, Some(&format!("{image}-rc1"))), good.clone(), "expected the pinned"),
        (args("--user", None), good.clone(), "no --user"),
        (args(&user, Some("nobody")), good.clone(), "expected the caller's"),
        (args("--workdir", None), good.clone(), "expected the mount point"),
        (args("/local", Some("/local/configs")), good.clone(), "expected the mount point"),
        (args("--rm", Some("--privileged")), good.clone(), "not modelled"),
        // `--mount`, one CSV record.
        (with_bind(format!("{bind},readonly")), good.clone(), "read-only"),
        (with_bind(format!("type=bind,source={},target=/local", mount.display())), good.clone(), "1 is not modelled"),
        (with_bind(format!("type=volume,{source},target=/local")), good.clone(), "only type=bind"),
        (with_bind("type=bind,source=work,target=/local".into()), good.clone(), "not an absolute path"),
        (with_bind(format!("type=bind,{source},target=/")), good.clone(), "other than /"),
        // `--volume`, split at every `:`.
        (volume(&format!("{}:/local", plain.display())), good.clone(), "DOCKER_STANDIN_JAR is not set"),
        (volume(&format!("{}:/local", mount.display())), good.clone(), "must be an absolute folder"),
        (volume("plain:/local"), good.clone(), "named volume"),
        (volume(&format!("{}/missing:/local", plain.display())), good.clone(), "is not a folder"),
        (volume(&format!("{}:/local:ro", plain.display())), good.clone(), "read-only"),
    ];

    let engine = Command::new(Path::new(STANDIN_DIR).join("docker"))
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()
        .expect("cannot run the stand-in (it needs python3)");
    assert!(
        engine.status.success(),
        "the stand-in does not answer as an engine"
    );
    for (args, config, expected) in cases {
        for dir in [&mount, &plain] {
            std::fs::write(dir.join("configs/x.json"), config.to_string()).expect("a config");
        }
        let output = Command::new(Path::new(STANDIN_DIR).join("docker"))
            .args(&args)
            .env("DOCKER_STANDIN_IMAGE", &image)
            .env_remove("DOCKER_STANDIN_JAR")
            .env_remove("DOCKER_STANDIN_LOG")
            .output()
            .expect("cannot run the stand-in (it needs python3)");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "the stand-in accepted {args:?} with {config}"
        );
        assert!(
            said.contains(expected),
            "{args:?} with {config}: expected `{expected}` in: {said}"
        );
    }
}

/// The xtask, run in `workspace` with the stand-in first on PATH.
fn xtask(workspace: &Path, jar: &Path, log: &Path, args: &[&str]) -> Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(PathBuf::from(STANDIN_DIR)).chain(std::env::split_paths(&path)),
    )
    .expect("a PATH");
    let mut command = Command::new(XTASK);
    command
        .args(args)
        .current_dir(workspace)
        .env("PATH", path)
        .env("DOCKER_STANDIN_IMAGE", image())
        .env("DOCKER_STANDIN_JAR", jar)
        .env("DOCKER_STANDIN_LOG", log)
        .env_remove("OPENAPI_GENERATOR_JAR")
        .env_remove("SPECFLEET_GENERATOR_RUNNER")
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// Checks that the xtask succeeded, said it used Docker, and that the stand-in accepted more than
/// `before` runs in all; returns how many.
fn assert_ran_in_docker(output: &Output, log: &Path, before: usize) -> usize {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the xtask failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("(Docker) ran in"),
        "not the Docker runner:\n{stdout}"
    );
    let logged = std::fs::read_to_string(log).unwrap_or_default();
    let runs = logged.lines().count();
    assert!(
        runs > before,
        "expected more than {before} docker runs:\n{logged}"
    );
    runs
}

fn image() -> String {
    format!("openapitools/openapi-generator-cli:v{}", pinned_version())
}

fn id(flag: &str) -> String {
    let output = Command::new("id")
        .arg(flag)
        .output()
        .expect("cannot run id");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}
