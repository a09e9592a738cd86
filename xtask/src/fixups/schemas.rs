//! Fixups for schemas the generator misreads: references to things that are not schemas, and
//! arrays whose items it cannot type.

use serde_json::{Map, Value, json};

use super::{for_each_schema, note, request_bodies};

/// A `$ref` in a schema that points at something other than a named schema (a response, a
/// parameter, a request body, a header) is replaced by that thing's schema; one that points at
/// a named schema that does not exist becomes an open schema.
///
/// Why: vendors write `$ref: '#/components/responses/Error'` where they mean the error's schema.
/// The generator takes the last segment as a model name and the crate uses `models::Error`,
/// which does not exist; a reference to a missing schema fails the same way. The spec validator
/// reports both (as warnings, see validate.rs); this keeps the crate compiling and keeps the
/// intended type where there is one.
pub(super) fn schema_refs_outside_schemas(document: &mut Value) -> usize {
    let original = document.clone();
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return; // An external reference: the generator resolves those itself.
        };
        let replacement = match original.pointer(pointer) {
            Some(_) if pointer.starts_with("/components/schemas/") => return,
            Some(target) => schema_of(&original, target),
            None => {
                let mut open = Map::new();
                note(
                    &mut open,
                    "schema_refs_outside_schemas",
                    &format!("any JSON: {reference} does not exist"),
                );
                Value::Object(open)
            }
        };
        if let Value::Object(replacement) = replacement {
            *schema = replacement;
            changed += 1;
        }
    });
    changed
}

/// The schema a component stands for: a response's or request body's first media type's schema,
/// a parameter's or header's schema, or the component itself when it already is a schema.
fn schema_of(document: &Value, target: &Value) -> Value {
    let resolved = match target
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) if !pointer.starts_with("/components/schemas/") => {
            document.pointer(pointer).unwrap_or(target)
        }
        _ => target,
    };
    if let Some(schema) = resolved.get("schema") {
        return schema.clone();
    }
    if let Some(content) = resolved.get("content").and_then(Value::as_object) {
        return content
            .values()
            .find_map(|media| media.get("schema"))
            .cloned()
            .unwrap_or_else(|| json!({}));
    }
    if resolved.get("description").is_some()
        && resolved.get("type").is_none()
        && resolved.get("$ref").is_none()
    {
        // A response without content: it carries no value.
        return json!({});
    }
    resolved.clone()
}

/// Arrays whose `items` the generator cannot type get open items (any JSON value): tuple-style
/// `items: [A, B]` and 3.1's `prefixItems` (unless every position has the same schema, which then
/// is the items' schema), and arrays with no `items` at all.
///
/// Why: without a single items schema the generator falls back to `Vec<String>`, which fails
/// to decode the first number or object in the array; an open item decodes whatever comes.
pub(super) fn array_items_as_any(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        let tuple = match schema.get("items") {
            Some(Value::Array(positions)) => Some(positions.clone()),
            Some(_) => None,
            None => match schema.get("prefixItems") {
                Some(Value::Array(positions)) => Some(positions.clone()),
                _ if schema.get("type").and_then(Value::as_str) == Some("array") => {
                    Some(Vec::new())
                }
                _ => None,
            },
        };
        let Some(positions) = tuple else {
            return;
        };
        let items = match positions.split_first() {
            Some((first, rest)) if rest.iter().all(|other| other == first) => first.clone(),
            _ => json!({}),
        };
        schema.shift_remove("prefixItems");
        schema.insert("items".to_owned(), items);
        changed += 1;
    });
    changed
}

/// A schema with Swagger 2's `format: file` (whatever its `type`) becomes a binary string.
///
/// Why: Swagger 2 wrote file bodies as `type: file`, and converted specs keep the format with
/// `type: object`. The generator reads that as an open JSON object, so a file body becomes
/// `serde_json::Value` and the client sends JSON where the service expects the file's bytes.
pub(super) fn file_formats_as_binary(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        if schema.get("format").and_then(Value::as_str) != Some("file") {
            return;
        }
        schema.shift_remove("properties");
        schema.shift_remove("additionalProperties");
        schema.insert("type".to_owned(), json!("string"));
        schema.insert("format".to_owned(), json!("binary"));
        changed += 1;
    });
    changed
}

/// A request body's media type without a schema gets a binary one, unless it is JSON, text or a
/// form.
///
/// Why: with no schema the generator types the body as an open JSON value, so an
/// `application/octet-stream` or `image/png` body would be sent as JSON. Bytes are what such a
/// body carries.
pub(super) fn untyped_file_bodies_as_binary(document: &mut Value) -> usize {
    let mut changed = 0;
    for body in request_bodies(document) {
        let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        for (media_type, media) in content.iter_mut() {
            let essence = media_type.split(';').next().unwrap_or("").trim();
            let structured = essence.ends_with("json")
                || essence.ends_with("/xml")
                || essence.starts_with("text/")
                || essence.starts_with("multipart/")
                || essence == "application/x-www-form-urlencoded";
            let Some(media) = media.as_object_mut() else {
                continue;
            };
            if structured || media.contains_key("schema") {
                continue;
            }
            media.insert(
                "schema".to_owned(),
                json!({"type": "string", "format": "binary"}),
            );
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_to_responses_and_missing_schemas_become_schemas() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {"404": {"$ref": "#/components/responses/NotFound"}}}}},
            "components": {
                "responses": {"NotFound": {"description": "nf", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
                "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
                "schemas": {
                    "Problem": {"type": "object"},
                    "Uses": {"properties": {
                        "error": {"$ref": "#/components/responses/NotFound"},
                        "limit": {"$ref": "#/components/parameters/Limit"},
                        "missing": {"$ref": "#/components/schemas/Gone"},
                        "fine": {"$ref": "#/components/schemas/Problem"},
                        "external": {"$ref": "other.yaml#/Thing"}
                    }}
                }
            }
        });

        assert_eq!(schema_refs_outside_schemas(&mut document), 3);

        let properties = &document["components"]["schemas"]["Uses"]["properties"];
        assert_eq!(
            properties["error"],
            json!({"$ref": "#/components/schemas/Problem"})
        );
        assert_eq!(properties["limit"], json!({"type": "integer"}));
        assert_eq!(
            properties["missing"],
            json!({"description": "(any JSON: #/components/schemas/Gone does not exist: specfleet fixup schema_refs_outside_schemas)"})
        );
        assert_eq!(
            properties["fine"],
            json!({"$ref": "#/components/schemas/Problem"})
        );
        assert_eq!(properties["external"], json!({"$ref": "other.yaml#/Thing"}));
        // A response object that references a response is not a schema and stays.
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
    }

    #[test]
    fn arrays_without_one_items_schema_get_open_items() {
        let mut document = json!({"components": {"schemas": {
            "Tuple": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
            "Pair": {"type": "array", "items": [{"type": "string"}, {"type": "string"}]},
            "Prefix": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}]},
            "Bare": {"type": "array"},
            "Fine": {"type": "array", "items": {"type": "string"}}
        }}});

        assert_eq!(array_items_as_any(&mut document), 4);

        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Tuple"], json!({"type": "array", "items": {}}));
        assert_eq!(
            schemas["Pair"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(schemas["Prefix"], json!({"type": "array", "items": {}}));
        assert_eq!(schemas["Bare"], json!({"type": "array", "items": {}}));
        assert_eq!(
            schemas["Fine"],
            json!({"type": "array", "items": {"type": "string"}})
        );
    }
}

/// A `$ref` that points somewhere other than a named component (`#/components/<kind>/<name>`),
/// such as `#/paths/~1v2~1apps/get/responses/200/content/application~1json/schema/properties/x`,
/// is replaced by a copy of what it points at. A reference that leads back into itself becomes
/// an open schema.
///
/// Why: such references are valid (bundlers write them when they inline external files), but
/// the generator names a referenced type after the pointer's last segment and, for these, gets
/// no name at all: it stops with a `NullPointerException` in `toModelName`. A copy is the same
/// schema, parameter or response, so the wire is unchanged.
pub(super) fn deep_refs_inlined(document: &mut Value) -> usize {
    let original = document.clone();
    let mut changed = 0;
    inline_deep_refs(document, &original, &mut Vec::new(), &mut changed);
    changed
}

/// Whether a JSON pointer names a component: `/components/<kind>/<name>`.
fn is_component(pointer: &str) -> bool {
    let mut segments = pointer.split('/').skip(1);
    segments.next() == Some("components")
        && segments.next().is_some()
        && segments.next().is_some()
        && segments.next().is_none()
}

/// A URI fragment's JSON pointer with its `%XX` escapes decoded (`%7Bid%7D` is `{id}`).
fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| fragment.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn inline_deep_refs(
    value: &mut Value,
    original: &Value,
    stack: &mut Vec<String>,
    changed: &mut usize,
) {
    match value {
        Value::Object(object) => {
            let deep = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
                .map(decode_fragment)
                .filter(|pointer| !pointer.is_empty() && !is_component(pointer));
            if let Some(pointer) = deep {
                let replacement = match original.pointer(&pointer) {
                    Some(target) if !stack.contains(&pointer) => {
                        let mut copy = target.clone();
                        stack.push(pointer);
                        inline_deep_refs(&mut copy, original, stack, changed);
                        stack.pop();
                        copy
                    }
                    // A cycle, or a pointer to nothing: any value.
                    _ => {
                        let mut open = Map::new();
                        note(
                            &mut open,
                            "deep_refs_inlined",
                            "any JSON: a reference that cannot be inlined",
                        );
                        Value::Object(open)
                    }
                };
                *value = replacement;
                *changed += 1;
                return;
            }
            for (key, child) in object.iter_mut() {
                // Examples hold data, but an Example Object is itself a reference target.
                if !matches!(key.as_str(), "example" | "value") {
                    inline_deep_refs(child, original, stack, changed);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                inline_deep_refs(item, original, stack, changed);
            }
        }
        _ => {}
    }
}

/// Schemas marked `x-internal: true` lose the mark.
///
/// Why: openapi-generator reserves `x-internal`: it generates no model for such a schema, but
/// the operations that return it still name it, so the crate does not compile (`cannot find
/// type AccountTransactions in module models`). Vendors use the mark for schemas they do not
/// document on their own; their clients still need the type. Internal operations keep the mark
/// and are left out, as the vendor meant.
pub(super) fn internal_schemas_generated(document: &mut Value) -> usize {
    let mut changed = 0;
    // Inline schemas too: the generator names an inline object after its title and skips it
    // all the same.
    for_each_schema(document, &mut |schema| {
        if schema.shift_remove("x-internal").is_some() {
            changed += 1;
        }
    });
    changed
}

#[cfg(test)]
mod deep_ref_tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn deep_refs_become_copies_and_cycles_become_open() {
        let mut document = json!({
            "paths": {"/v2/apps/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "properties": {
                        "name": {"type": "string"},
                        "loop": {"$ref": "#/paths/~1v2~1apps~1%7Bid%7D/get/responses/200/content/application~1json/schema"}
                    }
                }}}}}
            }}},
            "components": {
                "parameters": {"Id": {"$ref": "#/paths/~1v2~1apps~1%7Bid%7D/get/parameters/0"}},
                "schemas": {
                    "Named": {"$ref": "#/paths/~1v2~1apps~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/name"},
                    "Plain": {"$ref": "#/components/schemas/Named"}
                }
            }
        });

        assert_eq!(deep_refs_inlined(&mut document), 4);

        assert_eq!(
            document["components"]["parameters"]["Id"],
            json!({"name": "id", "in": "path", "schema": {"type": "string"}})
        );
        assert_eq!(
            document["components"]["schemas"]["Named"],
            json!({"type": "string"})
        );
        assert_eq!(
            document["components"]["schemas"]["Plain"],
            json!({"$ref": "#/components/schemas/Named"})
        );
        // The schema that refers to itself: one level is copied, the second is open.
        let copied = &document["paths"]["/v2/apps/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"]["loop"];
        assert_eq!(copied["properties"]["name"], json!({"type": "string"}));
        assert!(copied["properties"]["loop"].get("$ref").is_none());
    }

    #[test]
    fn internal_schemas_lose_the_mark() {
        let mut document = json!({
            "paths": {"/a": {"get": {"x-internal": true}}},
            "components": {"schemas": {
                "Page": {"type": "object", "x-internal": true},
                "Other": {"type": "object", "properties": {"inline": {"title": "Inline", "x-internal": true}}}
            }}
        });
        assert_eq!(internal_schemas_generated(&mut document), 2);
        assert_eq!(document["paths"]["/a"]["get"]["x-internal"], true);
        assert_eq!(
            document["components"]["schemas"]["Other"]["properties"]["inline"],
            json!({"title": "Inline"})
        );
        assert_eq!(
            document["components"]["schemas"]["Page"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn file_formats_become_binary_strings() {
        let mut document = json!({"paths": {"/a": {"post": {"requestBody": {"content": {
            "text/plain": {"schema": {"type": "object", "format": "file"}},
            "application/json": {"schema": {"type": "string", "format": "date"}}
        }}}}}});
        assert_eq!(file_formats_as_binary(&mut document), 1);
        let content = &document["paths"]["/a"]["post"]["requestBody"]["content"];
        assert_eq!(
            content["text/plain"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(content["application/json"]["schema"]["format"], "date");
    }

    #[test]
    fn file_bodies_without_a_schema_become_binary() {
        let mut document = json!({"paths": {"/a": {"put": {"requestBody": {"content": {
            "image/png": {},
            "application/json": {},
            "text/plain": {}
        }}}}}});
        assert_eq!(untyped_file_bodies_as_binary(&mut document), 1);
        let content = &document["paths"]["/a"]["put"]["requestBody"]["content"];
        assert_eq!(content["image/png"]["schema"]["format"], "binary");
        assert!(content["application/json"].get("schema").is_none());
        assert!(content["text/plain"].get("schema").is_none());
    }
}
