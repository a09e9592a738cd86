//! `cargo xtask bench [--quick] [--only GROUP,...] [--skip GROUP,...]`: builds the bench binary
//! (bench/; release mode, dev mode for `--quick`) and runs its suite, which writes BENCHMARKS.md
//! (a full run) or target/bench/BENCHMARKS.quick.md (`--quick`, what CI runs) or
//! target/bench/BENCHMARKS.partial.md (a run that leaves out groups).

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, Result};
use xshell::{Shell, cmd};

use crate::project_root;

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut quick = false;
    let mut passed: Vec<String> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("quick") => quick = true,
            Long(flag @ ("only" | "skip")) => {
                let flag = format!("--{flag}");
                passed.push(flag);
                passed.push(parser.value()?.string()?);
            }
            _ => return Err(arg.unexpected().into()),
        }
    }
    let root = project_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let out = if quick {
        target.join("bench/BENCHMARKS.quick.md")
    } else if passed.is_empty() {
        root.join("BENCHMARKS.md")
    } else {
        target.join("bench/BENCHMARKS.partial.md")
    };
    let mut command = vec!["cargo xtask bench".to_owned()];
    if quick {
        command.push("--quick".to_owned());
    }
    command.extend(passed.iter().cloned());
    let command = command.join(" ");

    // Before the build: a --quick build may replace this very binary, after which the path
    // would read `xtask (deleted)`.
    let xtask = std::env::current_exe().context("cannot find the xtask binary")?;
    let sh = Shell::new()?;
    let _cwd = sh.push_dir(&root);
    // A measuring run needs the release build. --quick only proves that every scenario runs, so
    // the dev build will do: built for the whole workspace with its examples, so that cargo
    // resolves features exactly as for `cargo test`, and after `cargo xtask test` (as in CI) it
    // compiles only the bench binary instead of a release build of every dependency.
    let (build, profile): (&[&str], _) = if quick {
        (&["--workspace", "--bins", "--examples"], "debug")
    } else {
        (&["--release", "--package", "specfleet-bench"], "release")
    };
    cmd!(sh, "cargo build {build...}")
        .run()
        .context("cannot build the bench binary (bench/)")?;
    let bench = target.join(profile).join("specfleet-bench");
    let quick_flag = quick.then_some("--quick");
    cmd!(
        sh,
        "{bench} suite --root {root} --out {out} --xtask {xtask} --command {command} {quick_flag...} {passed...}"
    )
    .run()
    .with_context(|| format!("`{command}` failed: a scenario broke (its error is above)"))?;
    Ok(())
}
