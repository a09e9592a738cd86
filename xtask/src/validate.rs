//! The generator's spec validator, run on its own so that its findings are warnings.
//!
//! openapi-generator refuses documents with the small errors real vendors publish (tuple-style
//! `items`, an array without `items`, a `$ref` to a response where a schema belongs) and its
//! advice, "disable validateSpec", is all or nothing. We generate with validation off and run
//! the validator beside it: each finding is printed as a warning that names its place in the
//! spec as a JSON pointer, and a service can make them fatal (`strict-validation` in
//! specs/services.toml). Findings are cached by the spec's bytes, so an unchanged spec costs no
//! second JVM.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use xshell::Shell;

use crate::generator::{OPENAPI_GENERATOR_VERSION, Runner};

/// Cached findings, one file per spec content.
const CACHE_DIR: &str = "target/xtask/validate";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One thing the validator found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub(crate) severity: Severity,
    /// Where, as an RFC 6901 JSON pointer into the spec, when the message names a place.
    pub(crate) pointer: Option<String>,
    pub(crate) message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.pointer {
            Some(pointer) => write!(f, "spec {kind} at #{pointer}: {}", self.message),
            None => write!(f, "spec {kind}: {}", self.message),
        }
    }
}

/// Validates `spec` (a path relative to `root`) and returns what the validator found.
pub(crate) fn validate(
    sh: &Shell,
    root: &Path,
    runner: &Runner,
    spec: &Path,
) -> Result<Vec<Finding>> {
    let bytes = std::fs::read(root.join(spec))
        .with_context(|| format!("cannot read {}", spec.display()))?;
    let mut hasher = Sha256::new();
    hasher.update(OPENAPI_GENERATOR_VERSION.as_bytes());
    hasher.update(&bytes);
    let key = format!("{:x}", hasher.finalize());
    let cached = root.join(CACHE_DIR).join(format!("{key}.json"));
    if let Some(findings) = std::fs::read(&cached)
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
    {
        return Ok(findings);
    }
    let output = runner.validate(sh, root, spec)?;
    let findings = parse(&output);
    crate::generate::write(&cached, &serde_json::to_string(&findings)?)?;
    Ok(findings)
}

/// Reads the validator's report:
///
/// ```text
/// Errors:
///     - attribute paths.'/things/{id}'(get).responses.200.content.'application/json'.schema.items
///       is missing
/// Warnings:
///     - ...
/// ```
fn parse(output: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut severity = None;
    let mut current: Option<String> = None;
    let mut flush = |current: &mut Option<String>, severity: &Option<Severity>| {
        if let (Some(text), Some(severity)) = (current.take(), severity) {
            findings.push(finding(severity.clone(), &text));
        }
    };
    for line in output.lines() {
        let trimmed = line.trim();
        if trimmed == "Errors:" || trimmed == "Warnings:" {
            flush(&mut current, &severity);
            severity = Some(if trimmed == "Errors:" {
                Severity::Error
            } else {
                Severity::Warning
            });
        } else if let Some(item) = trimmed.strip_prefix("- ").filter(|_| severity.is_some()) {
            flush(&mut current, &severity);
            current = Some(item.to_owned());
        } else if let Some(text) = current
            .as_mut()
            .filter(|_| line.starts_with(char::is_whitespace) && !trimmed.is_empty())
        {
            text.push(' ');
            text.push_str(trimmed);
        } else {
            flush(&mut current, &severity);
            if trimmed.is_empty() || trimmed.starts_with('[') {
                severity = None;
            }
        }
    }
    flush(&mut current, &severity);
    findings
}

/// Splits `attribute PATH is missing` into a pointer and the rest of the message.
fn finding(severity: Severity, text: &str) -> Finding {
    let body = text.strip_prefix("attribute ").unwrap_or(text);
    let (path, rest) = split_path(body);
    match pointer(path) {
        Some(pointer) => Finding {
            severity,
            pointer: Some(pointer),
            message: rest.trim().to_owned(),
        },
        None => Finding {
            severity,
            pointer: None,
            message: text.to_owned(),
        },
    }
}

/// The validator's attribute path ends at the first space outside quotes.
fn split_path(text: &str) -> (&str, &str) {
    let mut quoted = false;
    for (index, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => return (&text[..index], &text[index..]),
            _ => {}
        }
    }
    (text, "")
}

/// `paths.'/things/{id}'(get).responses.200` -> `/paths/~1things~1{id}/get/responses/200`.
fn pointer(path: &str) -> Option<String> {
    let mut segments = Vec::new();
    let mut segment = String::new();
    let mut quoted = false;
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '.' if !quoted => segments.push(std::mem::take(&mut segment)),
            // `'/things'(get)`: the operation under a path item.
            '(' if !quoted => {
                segments.push(std::mem::take(&mut segment));
                let method: String = chars.by_ref().take_while(|c| *c != ')').collect();
                segment = method;
            }
            c => segment.push(c),
        }
    }
    segments.push(segment);
    let segments: Vec<_> = segments.into_iter().filter(|s| !s.is_empty()).collect();
    let known_root = segments.first().is_some_and(|first| {
        [
            "paths",
            "components",
            "info",
            "servers",
            "security",
            "tags",
            "webhooks",
            "definitions",
            "parameters",
            "responses",
        ]
        .contains(&first.as_str())
    });
    if quoted || !known_root {
        return None;
    }
    Some(
        segments
            .iter()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "\
Validating spec (bad.yaml)
[main] ERROR o.o.codegen.utils.ModelUtils - Undefined array inner type for `null`. Default to String.
Errors:
\t- attribute paths.'/things/{id}'(get).responses.200.content.'application/json'.schema.items
\t  is missing
\t- paths.'/things/{id}'(get).responses.200.content.'application/json'.schema.$ref target
\t  #/components/responses/NotFound is not of expected type Schema
\t- something without a place
Warnings:
\t- attribute components.schemas.Thing.x-is-free is unexpected

[error] Spec has 3 errors.
";

    #[test]
    fn the_report_becomes_findings_with_json_pointers() {
        let findings = parse(REPORT);
        assert_eq!(
            findings,
            [
                Finding {
                    severity: Severity::Error,
                    pointer: Some(
                        "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/items"
                            .into()
                    ),
                    message: "is missing".into(),
                },
                Finding {
                    severity: Severity::Error,
                    pointer: Some(
                        "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/$ref"
                            .into()
                    ),
                    message: "target #/components/responses/NotFound is not of expected type Schema"
                        .into(),
                },
                Finding {
                    severity: Severity::Error,
                    pointer: None,
                    message: "something without a place".into(),
                },
                Finding {
                    severity: Severity::Warning,
                    pointer: Some("/components/schemas/Thing/x-is-free".into()),
                    message: "is unexpected".into(),
                },
            ]
        );
        assert_eq!(
            findings[3].to_string(),
            "spec warning at #/components/schemas/Thing/x-is-free: is unexpected"
        );
    }

    #[test]
    fn a_clean_report_has_no_findings() {
        assert!(parse("Validating spec (ok.yaml)\nNo validation issues detected.\n").is_empty());
    }
}
