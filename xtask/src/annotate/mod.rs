//! Facts our templates need that openapi-generator does not hand them, written onto each
//! operation as vendor extensions after the fixups:
//!
//! - `x-specfleet-security`: the operation's security requirement as a Rust literal,
//!   `&[&["a", "b"], &[]]` (alternatives, each a list of schemes that must all be satisfied;
//!   an empty one allows an anonymous call). The generator flattens requirements into one list
//!   of schemes and loses which are alternatives and which go together.
//! - `x-specfleet-download`: the success response is a file (a media type that is neither JSON
//!   nor text, or a binary schema), read as a `Download`.
//! - `x-specfleet-mock-name`: the name of the operation's method on the crate's `MockServer`,
//!   where the operation's own name is one the server already has (`start`, `uri`, ...):
//!   `<name>_operation`. The client's function keeps the operation's name.
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
//! And onto one operation of the document:
//!
//! - `x-specfleet-mock-example`: the operation the crate's README shows a test with its mock
//!   for (a doctest): the first GET, else the first operation, whose only required parameters
//!   are path parameters that are plain strings or integers; and on each of its path
//!   parameters, `x-specfleet-example`, the literal the example passes (`"example"`, `1`).
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
    mark_mock_example(document);
    Ok(())
}

/// Marks the operation the README's mock example calls (`x-specfleet-mock-example`), if one
/// takes only path parameters that are plain strings or integers, and gives each of its path
/// parameters the Rust literal the example passes (`x-specfleet-example`).
fn mark_mock_example(document: &mut Value) {
    let original = document.clone();
    let mut candidates = Vec::new();
    for (path, item) in original
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let body_required = operation.get("requestBody").is_some_and(|body| {
                types::resolve(&original, body).get("required") == Some(&json!(true))
            });
            // Where each parameter is: `(pointer to the parameter, or its $ref target, object)`.
            let mut parameters = Vec::new();
            for (owner, list) in [("", item), (method.as_str(), operation)] {
                for (index, parameter) in list
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let pointer = match parameter.get("$ref").and_then(Value::as_str) {
                        Some(reference) => reference.trim_start_matches('#').to_owned(),
                        None => {
                            let escaped = path.replace('~', "~0").replace('/', "~1");
                            let owner = if owner.is_empty() {
                                String::new()
                            } else {
                                format!("/{owner}")
                            };
                            format!("/paths/{escaped}{owner}/parameters/{index}")
                        }
                    };
                    parameters.push((pointer, types::resolve(&original, parameter)));
                }
            }
            let mut literals = Vec::new();
            let simple = parameters.iter().all(|(pointer, parameter)| {
                let location = parameter.get("in").and_then(Value::as_str);
                if location == Some("path") {
                    let literal = example_literal(&original, parameter);
                    if let Some(literal) = literal {
                        literals.push((pointer.clone(), literal));
                    }
                    literal.is_some()
                } else {
                    parameter.get("required").and_then(Value::as_bool) != Some(true)
                }
            });
            if simple && !body_required {
                candidates.push((method != "get", path.clone(), method.clone(), literals));
            }
        }
    }
    candidates.sort_by_key(|(not_get, ..)| *not_get);
    let Some((_, path, method, literals)) = candidates.into_iter().next() else {
        return;
    };
    if let Some(operation) = document
        .get_mut("paths")
        .and_then(|paths| paths.get_mut(&path))
        .and_then(|item| item.get_mut(&method))
        .and_then(Value::as_object_mut)
    {
        operation.insert("x-specfleet-mock-example".to_owned(), json!(true));
    }
    for (pointer, literal) in literals {
        if let Some(parameter) = document
            .pointer_mut(&pointer)
            .and_then(Value::as_object_mut)
        {
            parameter.insert("x-specfleet-example".to_owned(), json!(literal));
        }
    }
}

/// The Rust literal an example passes for a path parameter: `"example"` for a plain string
/// (no enum, no format the generator types but `uuid`), `1` for an integer; `None` otherwise.
fn example_literal(document: &Value, parameter: &Value) -> Option<&'static str> {
    let schema = match parameter.get("schema") {
        Some(schema) => types::resolve(document, schema),
        None => parameter.clone(),
    };
    if schema.get("enum").is_some() {
        return None;
    }
    match schema.get("type").and_then(Value::as_str)? {
        "string"
            if schema
                .get("format")
                .and_then(Value::as_str)
                .is_none_or(|format| format == "uuid") =>
        {
            Some("\"example\"")
        }
        "integer" => Some("1"),
        _ => None,
    }
}

/// Every operation of the document.
pub(crate) fn operations(document: &mut Value) -> Vec<&mut Map<String, Value>> {
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
            if let Some(name) = mock_name(operation) {
                operation.insert("x-specfleet-mock-name".to_owned(), json!(name));
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

/// What a crate's `MockServer` already calls its own: its constructor and, through `Deref`,
/// `specfleet_mock::MockServer`'s methods (and `deref` itself). An operation of one of these
/// names would define `start` twice, or hide `uri` from every test.
const MOCK_SERVER_METHODS: &[&str] = &[
    "start",
    "deref",
    "uri",
    "register",
    "received_requests",
    "verify",
];

/// The mock method's name of an operation whose own name the mock server has taken.
fn mock_name(operation: &Map<String, Value>) -> Option<String> {
    let name = crate::fixups::snake(operation.get("operationId")?.as_str()?);
    MOCK_SERVER_METHODS
        .contains(&name.as_str())
        .then(|| format!("{name}_operation"))
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
    fn the_mock_example_is_the_first_get_with_only_string_path_parameters() {
        let mut document = json!({
            "components": {"parameters": {"Org": {"name": "org", "in": "path", "required": true, "schema": {"type": "string"}}}},
            "paths": {
                "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "number"}}]}},
                "/b": {"post": {}},
                "/c": {"get": {"parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}]}},
                "/d/{org}": {
                    "parameters": [{"$ref": "#/components/parameters/Org"}],
                    "get": {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]},
                },
            },
        });
        mark_mock_example(&mut document);
        let marked: Vec<&str> = ["/a/{id}", "/b", "/c", "/d/{org}"]
            .into_iter()
            .filter(|path| {
                document["paths"][path]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .any(|(_, operation)| operation.get("x-specfleet-mock-example").is_some())
            })
            .collect();
        assert_eq!(marked, ["/d/{org}"]);
        assert_eq!(
            document["components"]["parameters"]["Org"]["x-specfleet-example"],
            "\"example\""
        );
        // Without a GET that qualifies, the first other operation that does.
        document["paths"]["/d/{org}"]["get"]["requestBody"] = json!({"required": true});
        document["paths"]["/b"]["post"]["parameters"] =
            json!([{"name": "n", "in": "path", "required": true, "schema": {"type": "integer"}}]);
        document["paths"]["/d/{org}"]["get"]
            .as_object_mut()
            .map(|operation| operation.remove("x-specfleet-mock-example"));
        mark_mock_example(&mut document);
        assert_eq!(
            document["paths"]["/b"]["post"]["x-specfleet-mock-example"],
            true
        );
        assert_eq!(
            document["paths"]["/b"]["post"]["parameters"][0]["x-specfleet-example"],
            "1"
        );
    }

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

    #[test]
    fn operations_named_as_the_mock_servers_methods_get_another_mock_name() {
        let mut document = json!({"paths": {
            "/a": {"post": {"operationId": "Start"}, "get": {"operationId": "uri"}},
            "/b": {"get": {"operationId": "startJob"}, "put": {}}
        }});
        annotate_operations(&mut document);
        let name = |path: &str, method: &str| {
            document["paths"][path][method]
                .get("x-specfleet-mock-name")
                .cloned()
        };
        assert_eq!(name("/a", "post"), Some(json!("start_operation")));
        assert_eq!(name("/a", "get"), Some(json!("uri_operation")));
        assert_eq!(name("/b", "get"), None);
        assert_eq!(name("/b", "put"), None);
    }
}
