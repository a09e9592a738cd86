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
const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "form_object_fields_as_json",
        apply: form_object_fields_as_json,
    },
    Fixup {
        name: "primitive_any_of_as_one_of",
        apply: primitive_any_of_as_one_of,
    },
];

/// Whether a document is Swagger 2.0; those are converted to OpenAPI 3 by the generator first,
/// so that fixups only ever see OpenAPI 3.
pub(crate) fn is_swagger2(document: &Value) -> bool {
    document.get("swagger").is_some()
}

/// Applies every fixup to an OpenAPI 3 document that was read from `origin` (the original spec,
/// or the generator's OpenAPI 3 conversion of a Swagger 2.0 spec).
pub(crate) fn prepare(mut document: Value, origin: &Path) -> Result<PreparedSpec> {
    anyhow::ensure!(
        !is_swagger2(&document),
        "{} must be converted to OpenAPI 3 first",
        origin.display()
    );
    for fixup in FIXUPS {
        let changed = (fixup.apply)(&mut document);
        if changed > 0 {
            eprintln!(
                "fixup {}: {changed} change(s) in {}",
                fixup.name,
                origin.display()
            );
        }
    }
    let api_version = document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .with_context(|| format!("{} has no info.version", origin.display()))?
        .to_owned();
    Ok(PreparedSpec {
        document,
        api_version,
    })
}

/// Form fields (`application/x-www-form-urlencoded` or `multipart/form-data` bodies) whose value
/// is an object, or an array of objects, become JSON text fields.
///
/// Why: the rust generator turns each form field into a parameter and sends `value.to_string()`;
/// models implement no `Display`, and the field's type comes out as `models::models::X`, so the
/// crate does not compile (seen with CBRAIN's full spec, `PUT /groups/{id}`). For multipart,
/// OpenAPI's default encoding of an object field is `application/json`, which is what the caller
/// now passes as text. For url-encoded forms the spec's default would be one pair per property;
/// the caller gets to choose the exact text instead of a crate that does not build.
fn form_object_fields_as_json(document: &mut Value) -> usize {
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    let mut changed = 0;
    for body in request_bodies(document) {
        // The generator writes code for the first media type only; the others are documentation.
        let first = body
            .get_mut("content")
            .and_then(Value::as_object_mut)
            .and_then(|content| content.iter_mut().next());
        let Some((media_type, media)) = first else {
            continue;
        };
        let is_form = matches!(
            media_type.as_str(),
            "application/x-www-form-urlencoded" | "multipart/form-data"
        );
        let Some(schema) = media.get_mut("schema").filter(|_| is_form) else {
            continue;
        };
        // Inline a referenced body schema: the change must not reach JSON uses of the model.
        let mut inlined = resolve(&schemas, schema).clone();
        let Some(properties) = inlined.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        let mut touched = 0;
        for property in properties.values_mut() {
            let resolved = resolve(&schemas, property);
            let items = resolved.get("items").map(|items| resolve(&schemas, items));
            if is_object_like(resolved) || items.is_some_and(is_object_like) {
                let description = resolved
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let note = "(JSON text: specfleet fixup form_object_fields_as_json)";
                *property = serde_json::json!({
                    "type": "string",
                    "description": format!("{description} {note}").trim_start(),
                });
                touched += 1;
            }
        }
        if touched > 0 {
            *schema = inlined;
            changed += touched;
        }
    }
    changed
}

/// Every request body: those of operations and the shared ones in `components.requestBodies`.
fn request_bodies(document: &mut Value) -> Vec<&mut Value> {
    let Some(top) = document.as_object_mut() else {
        return Vec::new();
    };
    let mut bodies = Vec::new();
    for (key, value) in top.iter_mut() {
        match key.as_str() {
            "paths" => bodies.extend(
                value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|paths| paths.values_mut())
                    .filter_map(Value::as_object_mut)
                    .flat_map(|item| item.values_mut())
                    .filter_map(|operation| operation.get_mut("requestBody")),
            ),
            "components" => bodies.extend(
                value
                    .get_mut("requestBodies")
                    .and_then(Value::as_object_mut)
                    .into_iter()
                    .flat_map(|shared| shared.values_mut()),
            ),
            _ => {}
        }
    }
    bodies
}

/// Follows local `#/components/schemas/...` references (a bounded number, against cycles).
fn resolve<'a>(schemas: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        else {
            return schema;
        };
        match schemas.get(name) {
            Some(target) => schema = target,
            None => return schema,
        }
    }
    schema
}

fn is_object_like(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || [
            "properties",
            "additionalProperties",
            "allOf",
            "oneOf",
            "anyOf",
        ]
        .iter()
        .any(|key| schema.get(key).is_some())
}

/// `anyOf` whose members are all primitive types of different kinds becomes `oneOf`.
///
/// Why: for `anyOf: [{type: string}, {type: integer}]` (FastAPI's validation-error `loc` items)
/// the rust generator emits an empty struct, which fails to decode `"body"` or `0`; for `oneOf`
/// it emits an untagged enum with one variant per type. A JSON value has exactly one type, so
/// when the members' types differ both keywords accept the same values.
fn primitive_any_of_as_one_of(document: &mut Value) -> usize {
    const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean"];
    let mut changed = 0;
    visit_objects(document, &mut |object| {
        let Some(members) = object.get("anyOf").and_then(Value::as_array) else {
            return;
        };
        let types: Vec<_> = members
            .iter()
            .map(|member| {
                member
                    .get("type")
                    .and_then(Value::as_str)
                    .filter(|kind| PRIMITIVES.contains(kind))
            })
            .collect();
        let distinct = types
            .iter()
            .enumerate()
            .all(|(i, kind)| kind.is_some() && !types[..i].contains(kind));
        // integer and number overlap (1 is both); keep those as they are.
        let overlapping = types.contains(&Some("integer")) && types.contains(&Some("number"));
        if members.len() > 1
            && distinct
            && !overlapping
            && let Some(members) = object.remove("anyOf")
        {
            object.insert("oneOf".to_owned(), members);
            changed += 1;
        }
    });
    changed
}

/// Calls `visit` on every JSON object in the document, parents before children.
fn visit_objects(value: &mut Value, visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            visit(object);
            for child in object.values_mut() {
                visit_objects(child, visit);
            }
        }
        Value::Array(items) => {
            for item in items {
                visit_objects(item, visit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn object_form_fields_become_json_text_and_json_bodies_keep_the_model() {
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {"/groups/{id}": {
                "put": {"requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/GroupModReq"}}
                }}},
                "post": {"requestBody": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/GroupModReq"}},
                    "multipart/form-data": {"schema": {"$ref": "#/components/schemas/GroupModReq"}}
                }}}
            }},
            "components": {"schemas": {
                "GroupModReq": {"type": "object", "properties": {
                    "group": {"$ref": "#/components/schemas/Group"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
                    "ids": {"type": "array", "items": {"type": "integer"}},
                    "note": {"type": "string"}
                }},
                "Group": {"type": "object", "description": "A group.", "properties": {"name": {"type": "string"}}}
            }}
        });

        assert_eq!(form_object_fields_as_json(&mut document), 2);

        let form = &document["paths"]["/groups/{id}"]["put"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["schema"]["properties"];
        assert_eq!(form["group"]["type"], "string");
        assert!(
            form["group"]["description"]
                .as_str()
                .is_some_and(|text| text.starts_with("A group."))
        );
        assert_eq!(form["tags"]["type"], "string");
        assert_eq!(
            form["ids"],
            json!({"type": "array", "items": {"type": "integer"}})
        );
        assert_eq!(form["note"], json!({"type": "string"}));
        // The shared model and the JSON body that uses it are untouched.
        assert_eq!(
            document["components"]["schemas"]["GroupModReq"]["properties"]["group"],
            json!({"$ref": "#/components/schemas/Group"})
        );
        // A form type that is not the first media type generates no code and stays as it is.
        for media_type in ["application/json", "multipart/form-data"] {
            assert_eq!(
                document["paths"]["/groups/{id}"]["post"]["requestBody"]["content"][media_type]["schema"],
                json!({"$ref": "#/components/schemas/GroupModReq"})
            );
        }
    }

    #[test]
    fn only_distinct_primitive_any_of_becomes_one_of() {
        let mut document = json!({"components": {"schemas": {
            "Loc": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "Numeric": {"anyOf": [{"type": "integer"}, {"type": "number"}]},
            "Mixed": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Loc"}]},
            "Nested": {"properties": {"x": {"anyOf": [{"type": "boolean"}, {"type": "string"}]}}}
        }}});

        assert_eq!(primitive_any_of_as_one_of(&mut document), 2);

        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Loc"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert!(schemas["Numeric"].get("anyOf").is_some());
        assert!(schemas["Mixed"].get("anyOf").is_some());
        assert!(schemas["Nested"]["properties"]["x"].get("oneOf").is_some());
    }
}
