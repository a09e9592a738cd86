//! specs/services.toml: the services we generate and the generator options for each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;

/// Where the manifest lives, relative to the project root.
pub(crate) const MANIFEST_PATH: &str = "specs/services.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// Generator options (`--additional-properties`) shared by every service.
    pub(crate) options: BTreeMap<String, toml::Value>,
    #[serde(rename = "service", default)]
    pub(crate) services: Vec<Service>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Service {
    /// Folder under crates/ and suffix of the package name `specfleet-<name>`.
    pub(crate) name: String,
    /// File name under specs/.
    pub(crate) spec: String,
    /// Crate version; the upstream API version is appended as build metadata.
    pub(crate) version: String,
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) keywords: Vec<String>,
    /// Options that override the shared ones for this service only.
    #[serde(default)]
    pub(crate) options: BTreeMap<String, toml::Value>,
    /// Rust names for parameters whose wire names do not make the seed's names
    /// (for example `userfile[group_id]` -> `userfile_group_id`).
    #[serde(default)]
    pub(crate) parameter_name_mappings: BTreeMap<String, String>,
    /// Whether the spec validator's errors stop the generation; by default they are warnings.
    #[serde(default)]
    pub(crate) strict_validation: bool,
    /// Paged operations, by operationId: their builders get `pages()` and `stream()`.
    #[serde(default)]
    pub(crate) pagination: BTreeMap<String, Pagination>,
    /// How the service wraps its answers, if it does: operations that answer with an envelope
    /// get `into_data()`.
    #[serde(default)]
    pub(crate) envelope: Option<Envelope>,
}

/// A service's answer envelope (`envelope = { data = "data", error = "error" }`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Envelope {
    /// The field that holds the answer.
    pub(crate) data: String,
    /// The field that holds an error instead.
    pub(crate) error: String,
}

/// How one operation pages (`[service.pagination.<operationId>]` in specs/services.toml).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Pagination {
    /// `page` (a page number), `offset` (an offset, or a cursor a page names) or `cursor`.
    pub(crate) style: PageStyle,
    /// The query parameter that says where a page starts.
    pub(crate) position: String,
    /// The query parameter of the page size, if the operation has one.
    #[serde(default)]
    pub(crate) size: Option<String>,
    /// The response field that holds the items; empty when the body is the array itself.
    #[serde(default)]
    pub(crate) items: String,
    /// The response field with the total number of items, if any.
    #[serde(default)]
    pub(crate) total: Option<String>,
    /// The response field with the number of pages, if any.
    #[serde(default)]
    pub(crate) pages: Option<String>,
    /// The response field that names where the next page starts (a cursor), if any.
    #[serde(default)]
    pub(crate) next: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PageStyle {
    Page,
    Offset,
    Cursor,
}

impl Manifest {
    pub(crate) fn load(root: &Path) -> Result<Manifest> {
        let path = root.join(MANIFEST_PATH);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let manifest: Manifest =
            toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;
        for service in &manifest.services {
            validate_name(&service.name)
                .with_context(|| format!("bad service entry in {MANIFEST_PATH}"))?;
        }
        Ok(manifest)
    }

    /// The services named on the command line, in manifest order; all of them when none is named.
    pub(crate) fn select(&self, names: &[String]) -> Result<Vec<&Service>> {
        for name in names {
            if !self.services.iter().any(|service| &service.name == name) {
                let known: Vec<_> = self.services.iter().map(|s| s.name.as_str()).collect();
                bail!(
                    "no service `{name}` in {MANIFEST_PATH}; known services: {}",
                    known.join(", ")
                );
            }
        }
        Ok(self
            .services
            .iter()
            .filter(|service| names.is_empty() || names.contains(&service.name))
            .collect())
    }
}

impl Service {
    pub(crate) fn spec_path(&self, root: &Path) -> PathBuf {
        root.join("specs").join(&self.spec)
    }

    /// `crates/<name>`, relative to the project root.
    pub(crate) fn crate_dir(&self) -> PathBuf {
        Path::new("crates").join(&self.name)
    }

    pub(crate) fn package_name(&self) -> String {
        format!("specfleet-{}", self.name)
    }

    pub(crate) fn lib_name(&self) -> String {
        self.package_name().replace('-', "_")
    }
}

/// Service names become folder, package and module names, so they are kept to one safe shape.
pub(crate) fn validate_name(name: &str) -> Result<()> {
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ensure!(
        well_formed,
        "service name `{name}` must be lowercase ASCII letters, digits and single dashes, starting with a letter"
    );
    ensure!(
        !["specfleet", "runtime"].contains(&name),
        "service name `{name}` is taken by a hand-written crate (crates/{name})"
    );
    Ok(())
}
