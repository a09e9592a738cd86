//! Fixups for parameters (query, header, path and cookie), which the generated functions send
//! with `to_string()`.

use serde_json::{Map, Value, json};

use super::{is_object_like, is_untyped, note, parameters, resolve};

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

/// Path templates and path parameters are made to agree: a `{name}` in the path that no
/// parameter declares gets a required string path parameter, a declared path parameter that the
/// path does not contain is dropped, and every path parameter is required and not nullable.
///
/// Why: the generator formats the URL with one named argument per declared path parameter, so a
/// placeholder without a parameter is a `format!` argument that does not exist
/// (`/uploads?convert={convert}`: `cannot find value convert`) and a parameter without a
/// placeholder is one that is never used; either way the crate does not compile. The added
/// parameter sends what the template asks for; the dropped one had nowhere to go.
pub(super) fn path_parameters_match_template(document: &mut Value) -> usize {
    let mut changed = 0;
    for parameter in document
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|shared| shared.values_mut())
        .filter_map(Value::as_object_mut)
    {
        changed += usize::from(always_required(parameter));
    }
    let shared = document
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return changed;
    };
    for (template, item) in paths.iter_mut() {
        let placeholders: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        // Parameters declared on the path item apply to every operation under it.
        let path_level = item
            .get_mut("parameters")
            .map(|list| keep_placeholders(list, &shared, &placeholders, &mut changed))
            .unwrap_or_default();
        for (method, operation) in item.iter_mut() {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            let list = operation.entry("parameters").or_insert_with(|| json!([]));
            let mut declared = keep_placeholders(list, &shared, &placeholders, &mut changed);
            declared.extend(path_level.iter().cloned());
            for name in placeholders.iter().filter(|name| !declared.contains(*name)) {
                if let Some(list) = list.as_array_mut() {
                    let mut schema = json!({"type": "string"});
                    if let Some(map) = schema.as_object_mut() {
                        note(
                            map,
                            "path_parameters_match_template",
                            "not declared by the spec",
                        );
                    }
                    list.push(
                        json!({"name": name, "in": "path", "required": true, "schema": schema}),
                    );
                    changed += 1;
                }
            }
            if list.as_array().is_some_and(Vec::is_empty) {
                operation.shift_remove("parameters");
            }
        }
    }
    changed
}

/// A path parameter is required and never null (OpenAPI says so; a template cannot leave out a
/// segment): `required: false` or `nullable: true` on one would make the generated function take
/// an `Option` it cannot use. Returns whether it changed the parameter.
fn always_required(parameter: &mut Map<String, Value>) -> bool {
    if parameter.get("in").and_then(Value::as_str) != Some("path") {
        return false;
    }
    let nullable = parameter
        .get_mut("schema")
        .and_then(Value::as_object_mut)
        .and_then(|schema| schema.shift_remove("nullable"))
        .is_some();
    let was_required = parameter.insert("required".to_owned(), Value::Bool(true));
    nullable || was_required != Some(Value::Bool(true))
}

/// Drops the path parameters of `list` that are not among `placeholders` and makes the others
/// required; returns the names of the path parameters kept.
fn keep_placeholders(
    list: &mut Value,
    shared: &Value,
    placeholders: &[String],
    changed: &mut usize,
) -> Vec<String> {
    let Some(list) = list.as_array_mut() else {
        return Vec::new();
    };
    let mut kept = Vec::new();
    list.retain_mut(|parameter| {
        let resolved = match parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/parameters/"))
        {
            Some(name) => shared.get(name).unwrap_or(parameter),
            None => parameter,
        };
        if resolved.get("in").and_then(Value::as_str) != Some("path") {
            return true;
        }
        let name = resolved
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if placeholders.contains(&name) {
            kept.push(name);
            // A shared parameter is made required where it is declared.
            if let Some(inline) = parameter
                .as_object_mut()
                .filter(|p| !p.contains_key("$ref"))
            {
                *changed += usize::from(always_required(inline));
            }
            true
        } else {
            *changed += 1;
            false
        }
    });
    kept
}

/// A parameter whose schema says nothing of its type (`schema: {title: "Dag Id"}`, or no schema)
/// becomes a string parameter.
///
/// Why: the generator types such a parameter as any JSON value and names the type
/// `models::serde_json::Value`, which does not exist, so the crate does not compile. A path,
/// query, header or cookie value is text on the wire whatever its schema, so a string sends
/// exactly what the caller gives.
pub(super) fn untyped_parameters_as_strings(document: &mut Value) -> usize {
    let mut changed = 0;
    for parameter in parameters(document) {
        if parameter.contains_key("content") {
            continue;
        }
        let schema = parameter.entry("schema").or_insert_with(|| json!({}));
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        if is_untyped(schema) {
            schema.insert("type".to_owned(), json!("string"));
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

    #[test]
    fn path_templates_and_path_parameters_agree() {
        let mut document = json!({
            "paths": {
                "/uploads?convert={convert}": {"post": {}},
                "/items/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": {"parameters": [
                        {"name": "stale", "in": "path", "required": true},
                        {"name": "q", "in": "query"}
                    ]}
                },
                "/things/{id}": {"put": {"parameters": [
                    {"name": "id", "in": "path", "required": false, "schema": {"type": "integer", "nullable": true}}
                ]}}
            },
            "components": {"parameters": {"Id": {"name": "id", "in": "path"}}}
        });

        // Added `convert`, dropped `stale`, made the shared `Id` and `/things/{id}` required.
        assert_eq!(path_parameters_match_template(&mut document), 4);

        let added = &document["paths"]["/uploads?convert={convert}"]["post"]["parameters"][0];
        assert_eq!(added["name"], "convert");
        assert_eq!(added["in"], "path");
        assert_eq!(added["required"], true);
        assert_eq!(
            document["paths"]["/items/{id}"]["get"]["parameters"],
            json!([{"name": "q", "in": "query"}])
        );
        assert_eq!(
            document["components"]["parameters"]["Id"],
            json!({"name": "id", "in": "path", "required": true})
        );
        assert_eq!(
            document["paths"]["/things/{id}"]["put"]["parameters"],
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}])
        );
    }

    #[test]
    fn untyped_parameters_become_strings() {
        let mut document = json!({"paths": {"/dags/{dag_id}": {"post": {"parameters": [
            {"name": "dag_id", "in": "path", "required": true, "schema": {"title": "Dag Id"}},
            {"name": "note", "in": "query"},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"name": "filter", "in": "query", "content": {"application/json": {"schema": {}}}}
        ]}}}});

        assert_eq!(untyped_parameters_as_strings(&mut document), 2);

        let parameters = &document["paths"]["/dags/{dag_id}"]["post"]["parameters"];
        assert_eq!(
            parameters[0]["schema"],
            json!({"title": "Dag Id", "type": "string"})
        );
        assert_eq!(parameters[1]["schema"], json!({"type": "string"}));
        assert_eq!(parameters[2]["schema"], json!({"type": "integer"}));
        assert!(parameters[3].get("schema").is_none());
    }
}
