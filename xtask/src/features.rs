//! `cargo xtask features`: each service feature of the facade builds alone, without warnings, and
//! pulls in no other service crate. A service the facade does not wrap (one `cargo xtask
//! add-service` added) is a crate of its own, which the workspace build and clippy cover. And the
//! typed mocks cost nothing unless asked for: no generated crate, nor the facade, depends on the
//! mock crate (or its server) without its `mock` feature, and each does with it.

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail};
use xshell::{Shell, cmd};

use crate::manifest::Manifest;
use crate::project_root;

pub(crate) fn run() -> Result<()> {
    let root = project_root();
    let manifest = Manifest::load(&root)?;
    let sh = Shell::new()?;
    let _cwd = sh.push_dir(&root);
    let all: BTreeSet<String> = manifest
        .services
        .iter()
        .map(|service| service.package_name())
        .collect();
    let facade = std::fs::read_to_string(root.join("crates/specfleet/Cargo.toml"))
        .context("cannot read the facade's Cargo.toml")?;
    let facade: toml::Table = facade
        .parse()
        .context("the facade's Cargo.toml is not TOML")?;
    let wrapped = facade
        .get("features")
        .and_then(toml::Value::as_table)
        .context("the facade's Cargo.toml has no [features]")?;
    for service in &manifest.services {
        if !wrapped.contains_key(&service.name) {
            println!(
                "{}: not wrapped by the facade, a crate of its own",
                service.package_name()
            );
            continue;
        }
        let features = format!("{},rustls", service.name);
        println!("specfleet with --features {features}");
        cmd!(sh, "cargo clippy --package specfleet --no-default-features --features {features} --all-targets --locked -- -D warnings")
            .run()
            .with_context(|| format!("the facade does not build cleanly with only `{}`", service.name))?;
        let tree = cmd!(sh, "cargo tree --package specfleet --no-default-features --features {features} --edges normal --prefix none")
            .read()
            .context("cargo tree failed")?;
        let pulled: BTreeSet<String> = tree
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|package| all.contains(*package) && *package != service.package_name())
            .map(str::to_owned)
            .collect();
        if !pulled.is_empty() {
            bail!(
                "the `{}` feature also compiles {}",
                service.name,
                pulled.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
    }
    println!("every service feature builds alone");
    for service in &manifest.services {
        check_mock_feature(&sh, &service.package_name())?;
    }
    check_mock_feature(&sh, "specfleet")?;
    println!("no crate depends on the mocks without its `mock` feature");
    Ok(())
}

/// The crates only the `mock` feature may pull in.
const MOCK_ONLY: &[&str] = &["specfleet-mock", "wiremock"];

/// `package` depends on the mock crates with its `mock` feature and on none of them without.
fn check_mock_feature(sh: &Shell, package: &str) -> Result<()> {
    let tree = |features: &str| {
        cmd!(sh, "cargo tree --package {package} --features {features} --edges normal --prefix none --locked")
            .read()
            .with_context(|| format!("cargo tree --package {package} failed"))
    };
    let features = if package == "specfleet" {
        "full"
    } else {
        "default"
    };
    let without = mock_crates(&tree(features)?);
    if !without.is_empty() {
        bail!(
            "{package} depends on {} without its `mock` feature",
            without.join(", ")
        );
    }
    let with = mock_crates(&tree(&format!("{features},mock"))?);
    if with.len() != MOCK_ONLY.len() {
        bail!("{package} with its `mock` feature does not depend on specfleet-mock");
    }
    println!("{package}: the mock crates only with `mock`");
    Ok(())
}

/// Which of [`MOCK_ONLY`] a `cargo tree --prefix none` listing names.
fn mock_crates(tree: &str) -> Vec<&'static str> {
    MOCK_ONLY
        .iter()
        .copied()
        .filter(|krate| {
            tree.lines()
                .any(|line| line.split_whitespace().next() == Some(krate))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mock_crates;

    #[test]
    fn mock_crates_are_found_by_package_name_only() {
        let tree = "specfleet-rokka v0.2.0 (/w/crates/rokka)\nspecfleet-mock v0.1.0 (/w/crates/mock)\nwiremock-extra v1.0.0\n";
        assert_eq!(mock_crates(tree), ["specfleet-mock"]);
        assert!(mock_crates("serde v1.0.0\n").is_empty());
    }
}
