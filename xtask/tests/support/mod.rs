//! What the xtask's integration tests share: the workspace, a scratch copy of it, the pinned
//! generator jar.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The xtask binary under test.
pub(crate) const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The pinned version, read from the one constant in generator.rs.
pub(crate) fn pinned_version() -> &'static str {
    let source = include_str!("../../src/generator.rs");
    let start = source
        .find("OPENAPI_GENERATOR_VERSION: &str = \"")
        .expect("the constant");
    let rest = &source[start..];
    rest.split('"').nth(1).expect("a version")
}

/// Copies the files git knows (tracked, or new and not ignored) from `root` to `copy`.
pub(crate) fn copy_workspace(root: &Path, copy: &Path) {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .expect("cannot run git");
    assert!(
        listed.status.success(),
        "git ls-files failed in {}",
        root.display()
    );
    for relative in listed
        .stdout
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
    {
        let relative = Path::new(std::str::from_utf8(relative).expect("a UTF-8 path"));
        let source = root.join(relative);
        // A tracked file deleted in the work tree is not part of the workspace.
        if !source.is_file() {
            continue;
        }
        let target = copy.join(relative);
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("a folder");
        std::fs::copy(&source, &target).expect("a copy");
    }
}

/// The pinned generator jar: OPENAPI_GENERATOR_JAR, or the one `cargo xtask` installs
/// from PyPI into the workspace's target/ (installed now if it is not there yet, as any
/// `cargo xtask generate` would: that writes only under target/).
pub(crate) fn generator_jar(root: &Path) -> PathBuf {
    let installed = || {
        walkdir::WalkDir::new(root.join("target/openapi-generator").join(pinned_version()))
            .into_iter()
            .filter_map(Result::ok)
            .find(|entry| entry.file_name() == "openapi-generator.jar")
            .map(walkdir::DirEntry::into_path)
    };
    let jar = match std::env::var_os("OPENAPI_GENERATOR_JAR").filter(|jar| !jar.is_empty()) {
        Some(jar) => PathBuf::from(jar),
        None => installed().unwrap_or_else(|| {
            let output = Command::new(XTASK)
                .args(["generate", "--check"])
                .current_dir(root)
                .env("SPECFLEET_GENERATOR_RUNNER", "pypi")
                .output()
                .expect("cannot run the xtask");
            assert!(
                output.status.success(),
                "cannot install the generator jar:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            installed().expect("the xtask installed no jar")
        }),
    };
    let version = Command::new("java")
        .args(["-jar".as_ref(), jar.as_os_str(), "version".as_ref()])
        .output()
        .expect("cannot run java");
    let version = String::from_utf8_lossy(&version.stdout);
    assert_eq!(
        version.trim(),
        pinned_version(),
        "{} is not the pinned generator",
        jar.display()
    );
    jar
}
