//! Facts our templates need that openapi-generator does not hand them, written onto each
//! operation as vendor extensions after the fixups:
//!
//! - `x-specfleet-security`: the operation's security requirement as a Rust literal,
//!   `&[&["a", "b"], &[]]` (alternatives, each a list of schemes that must all be satisfied;
//!   an empty one allows an anonymous call). The generator flattens requirements into one list
//!   of schemes and loses which are alternatives and which go together.
//! - `x-specfleet-download`: the success response is a file (a media type that is neither JSON
//!   nor text, or a binary schema), read as a `Download`.
//!
//! And onto each request body (the generator hands a body's extensions to its parameter):
//!
//! - `x-specfleet-body-type`: the media type the body is sent as: its JSON media type
//!   (`application/merge-patch+json` stays that), `application/json` for a body the client can
//!   only send as JSON, or a file's media type;
//! - `x-specfleet-upload`: the body is a file (a binary schema under any media type but a form),
//!   sent from an `Upload`;
//! - `x-specfleet-text-body`: the body is a string sent as it is, under this media type.
//!
//! Annotations never change what the spec means; they only carry it to the templates.

mod envelope;
mod pagination;
mod types;

use std::collections::BTreeMap;

use anyhow::Result;
use serde_json::{Map, Value, json};

use crate::manifest::{Envelope, Pagination};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Annotates every operation of an OpenAPI 3 document: security, bodies and responses, and the
/// pagination that specs/services.toml declares (`name_mappings`: the Rust names of the
/// properties the fixups renamed).
pub(crate) fn annotate(
    document: &mut Value,
    paging: &BTreeMap<String, Pagination>,
    wrapping: Option<&Envelope>,
    name_mappings: &BTreeMap<String, String>,
) -> Result<()> {
    pagination::annotate(document, paging, name_mappings)?;
    if let Some(wrapping) = wrapping {
        let original = document.clone();
        for operation in operations(document) {
            envelope::annotate(&original, operation, wrapping, name_mappings)?;
        }
    }
    annotate_operations(document);
    Ok(())
}

/// Every operation of the document.
fn operations(document: &mut Value) -> Vec<&mut Map<String, Value>> {
    document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.iter_mut())
        .filter(|(method, _)| METHODS.contains(&method.as_str()))
        .filter_map(|(_, operation)| operation.as_object_mut())
        .collect()
}

fn annotate_operations(document: &mut Value) {
    let global = document.get("security").cloned();
    if let Some(shared) = document
        .pointer_mut("/components/requestBodies")
        .and_then(Value::as_object_mut)
    {
        for body in shared.values_mut().filter_map(Value::as_object_mut) {
            annotate_body(body);
        }
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, operation) in item.iter_mut() {
            let Some(operation) = operation
                .as_object_mut()
                .filter(|_| METHODS.contains(&method.as_str()))
            else {
                continue;
            };
            let requirement = operation.get("security").or(global.as_ref()).cloned();
            operation.insert(
                "x-specfleet-security".to_owned(),
                json!(security_literal(requirement.as_ref())),
            );
            if success_kind(operation) == Some(Kind::Download) {
                operation.insert("x-specfleet-download".to_owned(), json!(true));
            }
            if let Some(body) = operation
                .get_mut("requestBody")
                .and_then(Value::as_object_mut)
                .filter(|body| !body.contains_key("$ref"))
            {
                annotate_body(body);
            }
        }
    }
}

/// How a request body is sent, from its first media type (the one the generator writes code
/// for).
fn annotate_body(body: &mut Map<String, Value>) {
    let Some((media_type, media)) = body
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.iter().next())
    else {
        return;
    };
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let binary = media.pointer("/schema/format").and_then(Value::as_str) == Some("binary");
    let string = media.pointer("/schema/type").and_then(Value::as_str) == Some("string");
    let form = essence == "multipart/form-data" || essence == "application/x-www-form-urlencoded";
    if form {
        return;
    }
    let json_like =
        essence == "application/json" || essence.ends_with("+json") || essence == "text/json";
    let media_type = media_type.clone();
    if json_like && !binary {
        body.insert("x-specfleet-body-type".to_owned(), json!(media_type));
    } else if binary {
        body.insert("x-specfleet-upload".to_owned(), json!(true));
        if essence != "*/*" {
            body.insert("x-specfleet-body-type".to_owned(), json!(media_type));
        }
    } else if string && essence != "*/*" {
        // A string under any other media type (text, CBOR written as a string) is sent as it
        // is, labelled with that type, as the generated Python clients send it.
        body.insert("x-specfleet-text-body".to_owned(), json!(media_type));
    } else {
        // A structured value under XML, `*/*` or another type: the client can only send JSON.
        body.insert(
            "x-specfleet-body-type".to_owned(),
            json!("application/json"),
        );
    }
}

/// `[{a: [], b: []}, {}]` as `&[&["a", "b"], &[]]`.
fn security_literal(requirement: Option<&Value>) -> String {
    let alternatives: Vec<String> = requirement
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|schemes| {
            let names: Vec<String> = schemes
                .keys()
                .map(|name| serde_json::to_string(name).unwrap_or_default())
                .collect();
            format!("&[{}]", names.join(", "))
        })
        .collect();
    format!("&[{}]", alternatives.join(", "))
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Json,
    Text,
    Download,
}

/// The documented 2xx status codes of a `responses` object, in order.
fn success_codes(responses: &Map<String, Value>) -> Vec<&String> {
    let mut codes: Vec<&String> = responses
        .keys()
        .filter(|code| code.starts_with('2'))
        .collect();
    codes.sort();
    codes
}

/// How the first documented 2xx response is read, when it has a body.
fn success_kind(operation: &Map<String, Value>) -> Option<Kind> {
    let responses = operation.get("responses")?.as_object()?;
    let content = responses
        .get(*success_codes(responses).first()?)?
        .get("content")?
        .as_object()?;
    let mut kinds = content.iter().map(|(media_type, media)| {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let binary = media.pointer("/schema/format").and_then(Value::as_str) == Some("binary");
        if essence == "application/json"
            || essence.ends_with("+json")
            || essence == "text/json"
            || essence == "*/*" && !binary
        {
            Kind::Json
        } else if essence.starts_with("text/") && !binary {
            Kind::Text
        } else {
            Kind::Download
        }
    });
    // JSON wins when the operation offers it: that is what the client asks for.
    let first = kinds.next()?;
    Some(
        if first == Kind::Json || kinds.any(|kind| kind == Kind::Json) {
            Kind::Json
        } else {
            first
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies_say_how_they_travel() {
        let mut document = json!({"paths": {"/b": {
            "post": {"requestBody": {"content": {"application/merge-patch+json": {"schema": {"type": "object"}}}}},
            "put": {"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
            "patch": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}},
            "delete": {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}},
            "get": {"requestBody": {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}},
            "options": {"requestBody": {"content": {"application/cbor": {"schema": {"type": "string"}}}}},
            "head": {"requestBody": {"content": {"application/xml": {"schema": {"type": "object"}}}}}
        }}});
        annotate_operations(&mut document);
        let b = &document["paths"]["/b"];
        assert_eq!(
            b["post"]["requestBody"]["x-specfleet-body-type"],
            "application/merge-patch+json"
        );
        assert_eq!(b["put"]["requestBody"]["x-specfleet-upload"], true);
        assert_eq!(
            b["put"]["requestBody"]["x-specfleet-body-type"],
            "application/octet-stream"
        );
        assert_eq!(
            b["patch"]["requestBody"]["x-specfleet-text-body"],
            "text/plain"
        );
        assert!(
            b["delete"]["requestBody"]
                .get("x-specfleet-body-type")
                .is_none()
        );
        assert_eq!(b["get"]["requestBody"]["x-specfleet-upload"], true);
        assert!(
            b["get"]["requestBody"]
                .get("x-specfleet-body-type")
                .is_none()
        );
        assert_eq!(
            b["options"]["requestBody"]["x-specfleet-text-body"],
            "application/cbor"
        );
        assert!(
            b["options"]["requestBody"]
                .get("x-specfleet-upload")
                .is_none()
        );
        assert_eq!(
            b["head"]["requestBody"]["x-specfleet-body-type"],
            "application/json"
        );
    }

    #[test]
    fn security_and_response_kinds_are_recorded_per_operation() {
        let mut document = json!({
            "security": [{"key": []}],
            "paths": {"/a": {
                "get": {"responses": {"200": {"content": {"application/json": {}}}}},
                "post": {
                    "security": [{"key": [], "token": []}, {}],
                    "responses": {"201": {"content": {"text/plain": {"schema": {"type": "string"}}}}}
                },
                "put": {"security": [], "responses": {"200": {"content": {"image/png": {}}}}},
                "delete": {"responses": {"204": {"description": "gone"}}},
                "parameters": []
            }}
        });
        annotate_operations(&mut document);
        let a = &document["paths"]["/a"];
        assert_eq!(a["get"]["x-specfleet-security"], r#"&[&["key"]]"#);
        assert_eq!(
            a["post"]["x-specfleet-security"],
            r#"&[&["key", "token"], &[]]"#
        );
        assert_eq!(a["put"]["x-specfleet-security"], "&[]");
        assert!(a["get"].get("x-specfleet-download").is_none());
        assert!(a["post"].get("x-specfleet-download").is_none());
        assert_eq!(a["put"]["x-specfleet-download"], true);
        assert!(a["delete"].get("x-specfleet-download").is_none());
    }
}
