//! `cargo xtask add-service NAME --spec PATH`: register a new spec and generate its crate.
//!
//! The crate is generated before anything is registered, so a spec the generator rejects leaves
//! the tree as it was. The workspace's `crates/*` member glob picks the new crate up.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;
use xshell::{Shell, cmd};

use crate::generate;
use crate::manifest::{MANIFEST_PATH, Manifest, Service, validate_name};
use crate::{project_root, spec};

pub(crate) fn run(args: Vec<OsString>) -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut name = None;
    let mut spec = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("spec") => spec = Some(PathBuf::from(parser.value()?)),
            Value(value) if name.is_none() => name = Some(value.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let usage = "usage: cargo xtask add-service NAME --spec PATH";
    let name = name.context(usage)?;
    let source = spec.context(usage)?;
    validate_name(&name)?;

    let root = project_root();
    let manifest = Manifest::load(&root)?;
    ensure!(
        !manifest.services.iter().any(|service| service.name == name),
        "service `{name}` is already in {MANIFEST_PATH}; edit its spec and run `cargo xtask generate {name}`"
    );
    let crate_dir = root.join("crates").join(&name);
    ensure!(
        !crate_dir.exists(),
        "{} already exists",
        crate_dir.display()
    );

    let document = spec::load(&source)?;
    let extension = match source.extension().and_then(|ext| ext.to_str()) {
        Some("json") => "json",
        Some("yaml" | "yml") | None => "yaml",
        Some(other) => bail!(
            "{}: expected a .yaml, .yml or .json file, not .{other}",
            source.display()
        ),
    };
    let spec_file = format!("{name}.{extension}");
    let target = root.join("specs").join(&spec_file);
    ensure!(!target.exists(), "{} already exists", target.display());

    let service = Service {
        name: name.clone(),
        spec: spec_file,
        version: "0.1.0".into(),
        description: describe(&document),
        keywords: Vec::new(),
        options: Default::default(),
        parameter_name_mappings: Default::default(),
    };
    std::fs::copy(&source, &target)
        .with_context(|| format!("cannot copy {} to {}", source.display(), target.display()))?;
    let sh = Shell::new()?;
    let generated = generate::generate(&sh, &root, &manifest, &[&service]);
    let output = match generated {
        Ok(mut outputs) => outputs.remove(0),
        Err(error) => {
            // Leave nothing half-registered behind.
            let _ = std::fs::remove_file(&target);
            return Err(error.context(format!("cannot generate a crate from {}", source.display())));
        }
    };
    register(&root, &service)?;
    generate::install(&output, &crate_dir)?;

    // Prove the promise of the command: the crate builds right away.
    let package = format!("specfleet-{name}");
    let _cwd = sh.push_dir(&root);
    cmd!(sh, "cargo build --package {package}")
        .run()
        .with_context(|| {
            format!("{package} was generated but does not build; see CONTRIBUTING.md on fixups")
        })?;
    println!(
        "added {package}: specs/{}, crates/{name} and an entry in {MANIFEST_PATH}",
        service.spec
    );
    Ok(())
}

/// The package description, from the spec's title.
fn describe(document: &Value) -> String {
    match document.pointer("/info/title").and_then(Value::as_str) {
        Some(title) => format!("Generated client for {}", title.trim()),
        None => "Generated API client".to_owned(),
    }
}

/// Appends the service to specs/services.toml, keeping the file's comments and layout.
fn register(root: &Path, service: &Service) -> Result<()> {
    let path = root.join(MANIFEST_PATH);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("cannot parse {}", path.display()))?;
    let mut table = toml_edit::Table::new();
    table.insert("name", toml_edit::value(&service.name));
    table.insert("version", toml_edit::value(&service.version));
    table.insert("spec", toml_edit::value(&service.spec));
    table.insert("description", toml_edit::value(&service.description));
    table.insert("keywords", toml_edit::value(toml_edit::Array::new()));
    document
        .entry("service")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(Default::default()))
        .as_array_of_tables_mut()
        .with_context(|| format!("`service` in {} is not an array of tables", path.display()))?
        .push(table);
    generate::write(&path, &document.to_string())
}
