//! `cargo xtask features`: each service feature of the facade builds alone, without warnings, and
//! pulls in no other service crate. A service the facade does not wrap (one `cargo xtask
//! add-service` added) is a crate of its own, which the workspace build and clippy cover.

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
    Ok(())
}
