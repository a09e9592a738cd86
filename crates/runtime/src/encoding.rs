//! How values travel in a URL and in headers: path segments, query pairs, cookies.

use std::borrow::Cow;
use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`ALPHA / DIGIT / "-" / "." / "_" / "~"`):
/// a value encoded with it is one path segment whatever it holds (`/`, `?`, `#` and `%`
/// included), as Python's `quote(value, safe="")` makes it.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a path value cannot be sent: URL parsing drops `.` and `..` segments (even
/// percent-encoded) and an empty segment changes the route, so the request would reach another
/// resource.
pub(crate) fn path_segment_problem(value: &str) -> Option<&'static str> {
    match value {
        "" => Some("is empty, and an empty path segment changes the route"),
        "." | ".." => Some("is a dot segment, which URL parsing removes from the path"),
        _ => None,
    }
}

/// One path segment, percent-encoded as RFC 3986 says.
///
/// ```
/// assert_eq!(specfleet_runtime::encoding::path_segment("a b/c?d#e%f~g"), "a%20b%2Fc%3Fd%23e%25f~g");
/// ```
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// As [`path_segment`], keeping `value` when nothing in it needs encoding (most values).
pub(crate) fn into_path_segment(value: String) -> String {
    match Cow::from(utf8_percent_encode(&value, COMPONENT)) {
        Cow::Borrowed(_) => value,
        Cow::Owned(encoded) => encoded,
    }
}

/// The values of an array parameter in OpenAPI's `simple`/`form` style: joined with commas.
pub fn join<T: Display>(values: impl IntoIterator<Item = T>) -> String {
    let mut joined = String::new();
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            joined.push(',');
        }
        joined.push_str(&value.to_string());
    }
    joined
}

/// The query pairs of a `deepObject` parameter: `name[key]=value`, nested objects and arrays
/// flattened as `name[key][sub]` and `name[key][0]`. A value that is not an object is one pair.
pub fn deep_object(name: &str, value: &serde_json::Value) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    flatten(name, value, &mut pairs);
    pairs
}

fn flatten(prefix: &str, value: &serde_json::Value, pairs: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, value) in object {
                flatten(&format!("{prefix}[{key}]"), value, pairs);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{index}]"), value, pairs);
            }
        }
        serde_json::Value::String(text) => pairs.push((prefix.to_owned(), text.clone())),
        serde_json::Value::Null => {}
        other => pairs.push((prefix.to_owned(), other.to_string())),
    }
}

/// The query pairs of an object parameter in the `form` style with `explode` (OpenAPI's
/// default): one `key=value` pair per property.
pub fn form_object(value: &serde_json::Value) -> Vec<(String, String)> {
    match value {
        serde_json::Value::Object(object) => object
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| {
                let text = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                (key.clone(), text)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `name=value` for a `Cookie` header, the value percent-encoded where RFC 6265 does not allow
/// it as is (controls, space, `"`, `,`, `;`, `\`, non-ASCII) and `%` itself.
pub fn cookie_pair(name: &str, value: &str) -> String {
    let mut pair = format!("{name}=");
    for byte in value.bytes() {
        match byte {
            0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                pair.push(char::from(byte))
            }
            _ => pair.push_str(&format!("%{byte:02X}")),
        }
    }
    pair
}

/// The `Accept` header for an operation: the JSON media type when it produces one (that is the
/// type the client decodes, and what the seed clients send), else every type it produces.
pub fn accept(produces: &[&str]) -> String {
    match accept_json(produces) {
        Some(json) => json.to_owned(),
        None => produces.join(", "),
    }
}

/// The JSON media type an operation produces, if any: the whole `Accept` when there is one.
pub(crate) fn accept_json<'a>(produces: &[&'a str]) -> Option<&'a str> {
    produces
        .iter()
        .find(|media_type| media_type.contains("json"))
        .copied()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        assert_eq!(path_segment("-._~AZaz09"), "-._~AZaz09");
        assert_eq!(path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(
            path_segment("*+:@!$&'(),;="),
            "%2A%2B%3A%40%21%24%26%27%28%29%2C%3B%3D"
        );
        assert_eq!(path_segment("é\r\n"), "%C3%A9%0D%0A");
        assert!(path_segment_problem("").is_some());
        assert!(path_segment_problem(".").is_some());
        assert!(path_segment_problem("..").is_some());
        assert!(path_segment_problem("...").is_none());
    }

    #[test]
    fn deep_objects_and_form_objects_flatten() {
        let value = json!({"a": "x", "b": {"c": 1, "d": [true, "y"]}, "n": null});
        assert_eq!(
            deep_object("filter", &value),
            [
                ("filter[a]".to_owned(), "x".to_owned()),
                ("filter[b][c]".to_owned(), "1".to_owned()),
                ("filter[b][d][0]".to_owned(), "true".to_owned()),
                ("filter[b][d][1]".to_owned(), "y".to_owned()),
            ]
        );
        assert_eq!(
            deep_object("q", &json!("plain")),
            [("q".to_owned(), "plain".to_owned())]
        );
        assert_eq!(
            form_object(&json!({"a": "x", "b": 2, "n": null})),
            [
                ("a".to_owned(), "x".to_owned()),
                ("b".to_owned(), "2".to_owned())
            ]
        );
    }

    #[test]
    fn cookie_values_are_encoded_where_rfc_6265_refuses_them() {
        assert_eq!(
            cookie_pair("k", "a b;c,d\"e\\f%g=h"),
            "k=a%20b%3Bc%2Cd%22e%5Cf%25g=h"
        );
        assert_eq!(join([1, 2, 3]), "1,2,3");
        assert_eq!(
            accept(&["application/xml", "application/json"]),
            "application/json"
        );
        assert_eq!(
            accept(&["image/png", "image/jpeg"]),
            "image/png, image/jpeg"
        );
    }
}
