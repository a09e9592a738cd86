//! Fixups for schemas the generator misreads: references to things that are not schemas, and
//! arrays whose items it cannot type.

use serde_json::{Map, Value, json};

use super::{for_each_schema, note};

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
