//! Finding and running openapi-generator: Docker, a local install, or a jar bootstrapped from PyPI.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use xshell::{Shell, cmd};

/// The one pinned openapi-generator version. Bumping it is a deliberate change: see CONTRIBUTING.md.
pub(crate) const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

/// How the generator is started. Every runner gets paths relative to the project root.
#[derive(Debug)]
pub(crate) enum Runner {
    /// `docker run openapitools/openapi-generator-cli:v<version>` with the root mounted.
    Docker,
    /// `java -jar <jar>`.
    Jar(PathBuf),
    /// An `openapi-generator-cli` executable of the pinned version.
    Cli(PathBuf),
}

impl Runner {
    /// Picks the first runner that works, in the documented order.
    pub(crate) fn find(sh: &Shell, root: &Path) -> Result<Runner> {
        if docker_engine_answers(sh) {
            return Ok(Runner::Docker);
        }
        // An empty value counts as unset, as shells write `OPENAPI_GENERATOR_JAR= cargo xtask ...`.
        if let Some(jar) = std::env::var_os("OPENAPI_GENERATOR_JAR").filter(|jar| !jar.is_empty()) {
            let jar = PathBuf::from(jar);
            let version = jar_version(sh, &jar)
                .with_context(|| format!("OPENAPI_GENERATOR_JAR={} does not run", jar.display()))?;
            ensure!(
                version == OPENAPI_GENERATOR_VERSION,
                "OPENAPI_GENERATOR_JAR={} is openapi-generator {version}, but specfleet pins \
                 {OPENAPI_GENERATOR_VERSION}; point it at a {OPENAPI_GENERATOR_VERSION} jar or unset it",
                jar.display()
            );
            return Ok(Runner::Jar(jar));
        }
        if let Some(cli) = find_on_path("openapi-generator-cli") {
            match cmd!(sh, "{cli} version").quiet().ignore_stderr().read() {
                Ok(version) if version.trim() == OPENAPI_GENERATOR_VERSION => {
                    return Ok(Runner::Cli(cli));
                }
                Ok(version) => eprintln!(
                    "note: ignoring {} (openapi-generator {}, specfleet pins {OPENAPI_GENERATOR_VERSION})",
                    cli.display(),
                    version.trim()
                ),
                Err(_) => eprintln!("note: ignoring {}: `version` failed", cli.display()),
            }
        }
        bootstrap_jar(sh, root).map(Runner::Jar).context(
            "no way to run openapi-generator: start a Docker engine, or install Java 11+ and \
             python3 (with venv and pip) so `cargo xtask` can install the generator jar, or set \
             OPENAPI_GENERATOR_JAR to an openapi-generator-cli-7.26.0.jar",
        )
    }

    /// Runs the generator's `batch` command over config files. `configs` and every path inside
    /// them are relative to `root`, so the same files work inside the Docker container.
    pub(crate) fn batch(&self, sh: &Shell, root: &Path, configs: &[PathBuf]) -> Result<()> {
        let _cwd = sh.push_dir(root);
        // One JVM for all services; two threads match the machines we build on.
        let args = ["batch", "--fail-fast", "--threads", "2"];
        let command = match self {
            Runner::Docker => {
                let image =
                    format!("openapitools/openapi-generator-cli:v{OPENAPI_GENERATOR_VERSION}");
                let mount = format!("{}:/local", root.display());
                // Run as the caller so generated files are not owned by root.
                let user = format!(
                    "{}:{}",
                    cmd!(sh, "id -u")
                        .read()
                        .context("cannot read the user id")?,
                    cmd!(sh, "id -g")
                        .read()
                        .context("cannot read the group id")?
                );
                cmd!(
                    sh,
                    "docker run --rm --user {user} --volume {mount} --workdir /local {image} {args...} {configs...}"
                )
            }
            Runner::Jar(jar) => cmd!(sh, "java -jar {jar} {args...} {configs...}"),
            Runner::Cli(cli) => cmd!(sh, "{cli} {args...} {configs...}"),
        };
        let output = command
            .quiet()
            .ignore_status()
            .output()
            .with_context(|| format!("cannot start openapi-generator ({self:?})"))?;
        if !output.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&output.stdout));
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            bail!(
                "openapi-generator failed ({}); its output is above",
                output.status
            );
        }
        Ok(())
    }
}

fn docker_engine_answers(sh: &Shell) -> bool {
    // `docker version` asks the engine; the client alone answers `docker --version`.
    let format = "{{.Server.Version}}";
    which_ok("docker")
        && cmd!(sh, "docker version --format {format}")
            .quiet()
            .ignore_stderr()
            .read()
            .is_ok()
}

fn which_ok(program: &str) -> bool {
    find_on_path(program).is_some()
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn jar_version(sh: &Shell, jar: &Path) -> Result<String> {
    ensure!(jar.is_file(), "{} is not a file", jar.display());
    let version = cmd!(sh, "java -jar {jar} version")
        .quiet()
        .ignore_stderr()
        .read()?;
    Ok(version.trim().to_owned())
}

/// Installs PyPI's `openapi-generator-cli==<version>`, which ships the jar, into a virtualenv
/// under target/, once, and returns the jar's path.
fn bootstrap_jar(sh: &Shell, root: &Path) -> Result<PathBuf> {
    java_major_version(sh)?;
    let venv = root
        .join("target/openapi-generator")
        .join(OPENAPI_GENERATOR_VERSION);
    if let Some(jar) = find_jar(&venv) {
        return Ok(jar);
    }
    eprintln!(
        "installing openapi-generator {OPENAPI_GENERATOR_VERSION} from PyPI into {}",
        venv.display()
    );
    let python = if which_ok("python3") {
        "python3"
    } else {
        "python"
    };
    cmd!(sh, "{python} -m venv --clear {venv}")
        .quiet()
        .run()
        .context("cannot create a Python virtualenv (install python3 with the venv module)")?;
    let pip = venv.join("bin/pip");
    let requirement = format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}");
    cmd!(
        sh,
        "{pip} install --quiet --disable-pip-version-check {requirement}"
    )
    .quiet()
    .run()
    .with_context(|| format!("cannot install {requirement} from PyPI"))?;
    find_jar(&venv).with_context(|| {
        format!(
            "{requirement} installed, but no jar found under {}",
            venv.display()
        )
    })
}

fn find_jar(venv: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(venv.join("lib"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|entry| entry.file_name() == "openapi-generator.jar")
        .map(walkdir::DirEntry::into_path)
}

fn java_major_version(sh: &Shell) -> Result<u32> {
    ensure!(
        which_ok("java"),
        "no `java` on PATH: install a Java 11+ runtime"
    );
    // `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15`.
    let output = cmd!(sh, "java -version")
        .quiet()
        .output()
        .context("`java -version` failed")?;
    let text = String::from_utf8_lossy(&output.stderr);
    let version = text
        .split('"')
        .nth(1)
        .with_context(|| format!("cannot read the Java version from `{}`", text.trim()))?;
    let mut parts = version.split('.');
    let major: u32 = match parts.next() {
        // Java 8 and older report themselves as 1.x.
        Some("1") => parts.next().unwrap_or("0").parse()?,
        Some(major) => major.parse()?,
        None => 0,
    };
    ensure!(
        major >= 11,
        "Java {version} is too old for openapi-generator: install Java 11 or newer"
    );
    Ok(major)
}
