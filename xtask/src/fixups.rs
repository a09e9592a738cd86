//! Fixups: named, reasoned transformations of a spec before it reaches the generator.
//!
//! Generated code is never edited. When openapi-generator emits wrong or uncompilable Rust for
//! a construct, the construct is rewritten here, in the *input*, into an equivalent one the
//! generator handles, and the reason is written beside the fixup. Fixups apply to every spec,
//! ours and those added by `cargo xtask add-service`, so they must keep the wire behaviour.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

/// A spec after fixups, ready for the generator.
pub(crate) struct PreparedSpec {
    pub(crate) document: Value,
    /// `info.version` of the spec: the upstream API version.
    pub(crate) api_version: String,
}

/// One transformation. `apply` returns how many places it changed.
struct Fixup {
    name: &'static str,
    apply: fn(&mut Value) -> usize,
}

/// Every fixup, in the order they run. The reasoning for each lives on its function.
const FIXUPS: &[Fixup] = &[];

/// Reads a spec (OpenAPI 3.x or Swagger 2.0, YAML or JSON) and applies every fixup.
pub(crate) fn prepare(path: &Path) -> Result<PreparedSpec> {
    let mut document = load(path)?;
    for fixup in FIXUPS {
        let changed = (fixup.apply)(&mut document);
        if changed > 0 {
            eprintln!("fixup {}: {changed} change(s) in {}", fixup.name, path.display());
        }
    }
    let api_version = document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .with_context(|| format!("{} has no info.version", path.display()))?
        .to_owned();
    Ok(PreparedSpec { document, api_version })
}

/// Parses YAML or JSON into one JSON value, keeping key order (the generator emits in that order).
pub(crate) fn load(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let document: Value = if path.extension().is_some_and(|ext| ext == "json") {
        serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))?
    } else {
        serde_norway::from_str(&text).with_context(|| format!("{} is not valid YAML", path.display()))?
    };
    anyhow::ensure!(
        document.get("openapi").is_some() || document.get("swagger").is_some(),
        "{} is neither an OpenAPI 3 nor a Swagger 2.0 document (no `openapi` or `swagger` key)",
        path.display()
    );
    Ok(document)
}
