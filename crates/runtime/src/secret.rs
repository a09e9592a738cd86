//! [`Secret`]: a credential that never prints.

use std::fmt;

/// A credential: an API key, a token, a password. `Debug` and `Display` never show it, so it
/// cannot reach logs, error messages or traces by accident.
///
/// ```
/// let key = specfleet_runtime::Secret::new("top-secret");
/// assert_eq!(format!("{key:?}"), "Secret([redacted])");
/// assert_eq!(key.to_string(), "[redacted]");
/// assert_eq!(key.expose(), "top-secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The credential itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// What a secret is replaced with wherever it would otherwise be shown.
pub(crate) const REDACTED: &str = "[redacted]";

/// Replaces every occurrence of each secret in `text`, also in the forms a server may echo it
/// in: JSON-escaped and percent-encoded.
pub(crate) fn redact(text: &mut String, secrets: &[&str]) {
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        let encoded =
            percent_encoding::utf8_percent_encode(secret, crate::encoding::COMPONENT).to_string();
        for form in [*secret, escaped, encoded.as_str()] {
            if !form.is_empty() && text.contains(form) {
                *text = text.replace(form, REDACTED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_redacted() {
        let mut text =
            r#"{"echo": "k/e\"y", "url": "https://x/?token=k%2Fe%22y", "raw": k/e"y}"#.to_owned();
        redact(&mut text, &["k/e\"y", ""]);
        assert!(!text.contains("k/e"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 3, "{text}");
    }
}
