//! Fixups for parameters (query, header, path and cookie), which the generated functions send
//! with `to_string()`.

use serde_json::{Value, json};

use super::{is_object_like, note, parameters, resolve};

/// A parameter whose value is an array of objects becomes an array of JSON texts, and one whose
/// value is an object (other than a `deepObject` query parameter) becomes one JSON text.
///
/// Why: the generator sends each value with `to_string()`, which models do not implement, so the
/// crate does not compile. OpenAPI defines no serialization for an array of objects in a
/// parameter, and services that take one expect JSON (Stripe's `expand`-style filters, AWS's
/// query APIs); the caller now writes that JSON. `deepObject` parameters are sent by the
/// generator's own code and keep their model.
pub(super) fn object_parameters_as_json(document: &mut Value) -> usize {
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    let mut changed = 0;
    for parameter in parameters(document) {
        if parameter.get("style").and_then(Value::as_str) == Some("deepObject") {
            continue;
        }
        let Some(schema) = parameter.get_mut("schema") else {
            continue;
        };
        let resolved = resolve(&schemas, schema);
        let items = resolved.get("items").map(|items| resolve(&schemas, items));
        let mut text = json!({"type": "string"});
        if let Some(map) = text.as_object_mut() {
            note(map, "object_parameters_as_json", "JSON text");
        }
        if items.is_some_and(is_object_like) {
            let mut array = resolved.clone();
            array["items"] = text;
            *schema = array;
            changed += 1;
        } else if is_object_like(resolved)
            && resolved.get("type").and_then(Value::as_str) != Some("array")
        {
            *schema = text;
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
    fn object_parameters_become_json_text_but_deep_objects_stay() {
        let mut document = json!({
            "paths": {"/items": {"get": {"parameters": [
                {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Filter"}}},
                {"name": "one", "in": "query", "schema": {"$ref": "#/components/schemas/Filter"}},
                {"name": "deep", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/Filter"}},
                {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}}
            ]}}},
            "components": {"schemas": {"Filter": {"type": "object", "properties": {"field": {"type": "string"}}}}}
        });

        assert_eq!(object_parameters_as_json(&mut document), 2);

        let parameters = &document["paths"]["/items"]["get"]["parameters"];
        let text = json!({"type": "string", "description": "(JSON text: specfleet fixup object_parameters_as_json)"});
        assert_eq!(
            parameters[0]["schema"],
            json!({"type": "array", "items": text})
        );
        assert_eq!(parameters[1]["schema"], text);
        assert_eq!(
            parameters[2]["schema"],
            json!({"$ref": "#/components/schemas/Filter"})
        );
        assert_eq!(
            parameters[3]["schema"],
            json!({"type": "array", "items": {"type": "integer"}})
        );
    }
}
