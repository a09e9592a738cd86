//! Finding and running openapi-generator: Docker, a local install, or a jar bootstrapped from PyPI.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use xshell::{Shell, cmd};

/// The one pinned openapi-generator version. Bumping it is a deliberate change: see CONTRIBUTING.md.
pub(crate) const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";
/// Where a failed run's full output is kept.
const LOG_DIR: &str = "target/xtask/generator";

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

/// Forces one runner (`docker`, `jar`, `cli` or `pypi`) instead of the first that works.
pub(crate) const RUNNER_VARIABLE: &str = "SPECFLEET_GENERATOR_RUNNER";

impl Runner {
    /// The runner that `SPECFLEET_GENERATOR_RUNNER` names, or else the first that works, in the
    /// documented order.
    pub(crate) fn find(sh: &Shell, root: &Path) -> Result<Runner> {
        // An empty value counts as unset, as shells write `VARIABLE= cargo xtask ...`.
        let forced = std::env::var_os(RUNNER_VARIABLE).unwrap_or_default();
        if !forced.is_empty() {
            return Runner::forced(sh, root, &forced.to_string_lossy());
        }
        if docker_engine_answers(sh) {
            return Ok(Runner::Docker);
        }
        if let Some(jar) = jar_from_env(sh)? {
            return Ok(Runner::Jar(jar));
        }
        match cli_on_path(sh) {
            Ok(Some(cli)) => return Ok(Runner::Cli(cli)),
            Ok(None) => {}
            Err(error) => eprintln!("note: skipping openapi-generator-cli: {error:#}"),
        }
        bootstrap_jar(sh, root).map(Runner::Jar).context(
            "no way to run openapi-generator: start a Docker engine, or install Java 11+ and \
             python3 (with venv and pip) so `cargo xtask` can install the generator jar, or set \
             OPENAPI_GENERATOR_JAR to an openapi-generator-cli-7.26.0.jar",
        )
    }

    /// The runner named `name` in SPECFLEET_GENERATOR_RUNNER, or why it cannot run.
    fn forced(sh: &Shell, root: &Path, name: &str) -> Result<Runner> {
        match name {
            "docker" => {
                ensure!(
                    docker_engine_answers(sh),
                    "{RUNNER_VARIABLE}=docker, but no Docker engine answers `docker version`: \
                     start one, or unset {RUNNER_VARIABLE} to use the first runner that works"
                );
                Ok(Runner::Docker)
            }
            "jar" => jar_from_env(sh)?.map(Runner::Jar).with_context(|| {
                format!(
                    "{RUNNER_VARIABLE}=jar, but OPENAPI_GENERATOR_JAR is not set: point it at an \
                     openapi-generator-cli-{OPENAPI_GENERATOR_VERSION}.jar"
                )
            }),
            "cli" => cli_on_path(sh)?.map(Runner::Cli).with_context(|| {
                format!(
                    "{RUNNER_VARIABLE}=cli, but there is no openapi-generator-cli on PATH: \
                     install openapi-generator {OPENAPI_GENERATOR_VERSION}"
                )
            }),
            "pypi" => bootstrap_jar(sh, root).map(Runner::Jar).with_context(|| {
                format!(
                    "{RUNNER_VARIABLE}=pypi, but openapi-generator {OPENAPI_GENERATOR_VERSION} \
                     cannot be installed from PyPI"
                )
            }),
            other => bail!(
                "{RUNNER_VARIABLE}={other} is not a runner: use docker, jar, cli or pypi, or \
                 unset it to use the first runner that works"
            ),
        }
    }

    /// Runs the generator's `batch` command over config files. `configs` and every path inside
    /// them are relative to `root`, so the same files work inside the Docker container. On
    /// failure the whole output goes to `target/xtask/generator/<label>.log` and the error
    /// ([`GeneratorFailed`]) shows the first real problem.
    pub(crate) fn batch(
        &self,
        sh: &Shell,
        root: &Path,
        configs: &[PathBuf],
        label: &str,
    ) -> Result<()> {
        // One JVM for all services; two threads match the machines we build on.
        let mut args: Vec<OsString> = ["batch", "--fail-fast", "--threads", "2"]
            .into_iter()
            .map(OsString::from)
            .collect();
        args.extend(configs.iter().map(|config| config.as_os_str().to_owned()));
        let (success, output) = self.run(sh, root, &args)?;
        if !success {
            return Err(GeneratorFailed::new(root, label, &output)?.into());
        }
        Ok(())
    }

    /// Runs the generator's validator on `spec` (relative to `root`) and returns its report.
    /// The validator exits with an error when it finds errors; the report says what they are.
    pub(crate) fn validate(&self, sh: &Shell, root: &Path, spec: &Path) -> Result<String> {
        let args: Vec<OsString> = vec![
            "validate".into(),
            "--input-spec".into(),
            spec.as_os_str().to_owned(),
        ];
        let (_, output) = self.run(sh, root, &args)?;
        Ok(output)
    }

    /// Runs the generator with `args` from `root`; returns whether it succeeded and its output
    /// (stdout, then stderr).
    fn run(&self, sh: &Shell, root: &Path, args: &[OsString]) -> Result<(bool, String)> {
        let _cwd = sh.push_dir(root);
        let command = match self {
            Runner::Docker => {
                let image =
                    format!("openapitools/openapi-generator-cli:v{OPENAPI_GENERATOR_VERSION}");
                // `--mount`, not `--volume`: a `:` in the root's path would split a volume spec.
                let source = csv_field(&format!("source={}", root.display()));
                let mount = format!("type=bind,{source},target=/local");
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
                    "docker run --rm --user {user} --mount {mount} --workdir /local {image} {args...}"
                )
            }
            Runner::Jar(jar) => cmd!(sh, "java -jar {jar} {args...}"),
            Runner::Cli(cli) => cmd!(sh, "{cli} {args...}"),
        };
        let output = command
            .quiet()
            .ignore_status()
            .output()
            .with_context(|| format!("cannot start openapi-generator ({self:?})"))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        Ok((output.status.success(), text))
    }
}

/// openapi-generator failed: the first real problem in its output, and where the rest is.
#[derive(Debug)]
pub(crate) struct GeneratorFailed {
    pub(crate) problem: String,
    pub(crate) log: PathBuf,
}

impl GeneratorFailed {
    fn new(root: &Path, label: &str, output: &str) -> Result<GeneratorFailed> {
        let log = root.join(LOG_DIR).join(format!("{label}.log"));
        crate::generate::write(&log, output)?;
        Ok(GeneratorFailed {
            problem: first_problem(output),
            log,
        })
    }
}

impl std::fmt::Display for GeneratorFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "openapi-generator failed: {} (full output: {})",
            self.problem,
            self.log.display()
        )
    }
}

impl std::error::Error for GeneratorFailed {}

/// The line of the generator's output that says what went wrong: the innermost `Caused by` of
/// a Java exception (the outer ones only say which step failed), else the first exception, else
/// the validator's verdict, else the first logged error (the generator also logs errors it
/// recovers from, so those come last), else the last line.
fn first_problem(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines
        .iter()
        .rev()
        .find(|line| line.starts_with("Caused by:"))
        .or_else(|| {
            lines
                .iter()
                .find(|line| line.starts_with("Exception") || line.contains("Exception:"))
        })
        .or_else(|| lines.iter().find(|line| line.starts_with("[error]")))
        .or_else(|| lines.iter().find(|line| line.contains(" ERROR ")))
        .or_else(|| lines.last())
        .map_or_else(|| "no output".to_owned(), |line| (*line).to_owned())
}

/// `field` as one field of the CSV that `docker run --mount` reads: quoted when it holds a comma
/// or a quote.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
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

/// The jar that OPENAPI_GENERATOR_JAR names, if it is set; an error if it is not the pinned version.
fn jar_from_env(sh: &Shell) -> Result<Option<PathBuf>> {
    // An empty value counts as unset, as shells write `OPENAPI_GENERATOR_JAR= cargo xtask ...`.
    let Some(jar) = std::env::var_os("OPENAPI_GENERATOR_JAR").filter(|jar| !jar.is_empty()) else {
        return Ok(None);
    };
    let jar = PathBuf::from(jar);
    let version = jar_version(sh, &jar)
        .with_context(|| format!("OPENAPI_GENERATOR_JAR={} does not run", jar.display()))?;
    ensure!(
        version == OPENAPI_GENERATOR_VERSION,
        "OPENAPI_GENERATOR_JAR={} is openapi-generator {version}, but specfleet pins \
         {OPENAPI_GENERATOR_VERSION}; point it at a {OPENAPI_GENERATOR_VERSION} jar or unset it",
        jar.display()
    );
    Ok(Some(jar))
}

/// The `openapi-generator-cli` on PATH, if there is one; an error if it is not the pinned version.
fn cli_on_path(sh: &Shell) -> Result<Option<PathBuf>> {
    let Some(cli) = find_on_path("openapi-generator-cli") else {
        return Ok(None);
    };
    let version = cmd!(sh, "{cli} version")
        .quiet()
        .ignore_stderr()
        .read()
        .with_context(|| format!("`{} version` failed", cli.display()))?;
    ensure!(
        version.trim() == OPENAPI_GENERATOR_VERSION,
        "{} is openapi-generator {}, but specfleet pins {OPENAPI_GENERATOR_VERSION}",
        cli.display(),
        version.trim()
    );
    Ok(Some(cli))
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
pub(crate) fn bootstrap_jar(sh: &Shell, root: &Path) -> Result<PathBuf> {
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

#[cfg(test)]
mod first_problem_tests {
    use super::first_problem;

    #[test]
    fn the_innermost_cause_beats_recovered_errors() {
        let output = "[main] ERROR o.o.codegen.utils.ModelUtils - Undefined array inner type for `null`.\n\
            Exception in thread \"main\" java.lang.RuntimeException: Could not generate model 'X'\n\
            \tat org.openapitools.codegen.DefaultGenerator.generateModels(DefaultGenerator.java:1)\n\
            Caused by: java.lang.RuntimeException: outer\n\
            Caused by: java.lang.NullPointerException: items is null\n";
        assert_eq!(
            first_problem(output),
            "Caused by: java.lang.NullPointerException: items is null"
        );
        assert_eq!(
            first_problem("[main] ERROR recovered\n[error] Spec has 3 errors.\n"),
            "[error] Spec has 3 errors."
        );
        assert_eq!(first_problem("\n"), "no output");
    }
}

#[cfg(test)]
mod runner_tests {
    use super::*;

    #[test]
    fn a_mount_source_is_one_csv_field() {
        assert_eq!(csv_field("source=/home/a:b"), "source=/home/a:b");
        assert_eq!(csv_field("source=/home/a,b"), "\"source=/home/a,b\"");
        assert_eq!(
            csv_field("source=/home/\"a\""),
            "\"source=/home/\"\"a\"\"\""
        );
    }

    #[test]
    fn an_unknown_runner_is_refused() {
        let sh = Shell::new().expect("a shell");
        let error = Runner::forced(&sh, Path::new("."), "podman").expect_err("refused");
        assert_eq!(
            error.to_string(),
            "SPECFLEET_GENERATOR_RUNNER=podman is not a runner: use docker, jar, cli or pypi, or \
             unset it to use the first runner that works"
        );
    }
}
