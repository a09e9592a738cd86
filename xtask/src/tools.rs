//! The pinned cargo subcommands the xtask runs (cargo-insta, cargo-semver-checks): taken from
//! PATH when that is exactly the pinned version, else installed once from crates.io into
//! `target/tools/<tool>-<version>/`, so a fresh machine needs nothing installed by hand and the
//! user's own installs are never touched.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use xshell::{Shell, cmd};

/// A cargo subcommand from crates.io at one version.
pub(crate) struct Tool {
    /// The crate, which is also the binary: `cargo-insta`.
    pub(crate) name: &'static str,
    /// The subcommand cargo passes as the first argument: `insta` for `cargo insta`.
    pub(crate) subcommand: &'static str,
    pub(crate) version: &'static str,
}

impl Tool {
    /// The tool's executable, installed first if neither PATH nor `target/tools/` has this
    /// version. Says which one it uses, and what it installs.
    pub(crate) fn ensure(&self, sh: &Shell, root: &Path) -> Result<PathBuf> {
        let Tool {
            name,
            subcommand,
            version,
        } = self;
        let install_root = root.join("target/tools").join(format!("{name}-{version}"));
        let installed = install_root.join("bin").join(name);
        if self.version_of(sh, &installed).as_deref() == Some(*version) {
            return Ok(installed);
        }
        if let Some(on_path) = find_on_path(name)
            && self.version_of(sh, &on_path).as_deref() == Some(*version)
        {
            println!("using {name} {version} from {}", on_path.display());
            return Ok(on_path);
        }
        println!(
            "installing {name} {version} from crates.io into {} (once; a few minutes)",
            install_root.display()
        );
        let started = Instant::now();
        cmd!(
            sh,
            "cargo install {name} --version {version} --locked --quiet --root {install_root}"
        )
        .run()
        .with_context(|| {
            format!(
                "cannot install {name} {version} (`cargo install` needs crates.io); or install \
                 it yourself: cargo install {name} --version {version} --locked"
            )
        })?;
        let found = self.version_of(sh, &installed);
        anyhow::ensure!(
            found.as_deref() == Some(*version),
            "installed {name} {version} into {}, but `{} {subcommand} --version` says {found:?}",
            install_root.display(),
            installed.display()
        );
        println!(
            "installed {name} {version} in {:.0}s",
            started.elapsed().as_secs_f64()
        );
        Ok(installed)
    }

    /// The version an executable reports (`cargo-insta insta --version` prints
    /// `cargo-insta 1.49.0`), or `None` if it is missing or says something else.
    fn version_of(&self, sh: &Shell, executable: &Path) -> Option<String> {
        if !executable.is_file() {
            return None;
        }
        let subcommand = self.subcommand;
        let output = cmd!(sh, "{executable} {subcommand} --version")
            .quiet()
            .ignore_stderr()
            .read()
            .ok()?;
        let version = output.trim().strip_prefix(self.name)?.trim();
        Some(version.to_owned())
    }
}

/// The first file named `program` in a folder of PATH.
pub(crate) fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
