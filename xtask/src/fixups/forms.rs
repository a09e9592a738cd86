//! Fixups for form bodies (`application/x-www-form-urlencoded` and `multipart/form-data`): the
//! rust generator turns each form field into a parameter, so a field must have a type that a
//! parameter can have.

use serde_json::{Value, json};

use super::{is_object_like, is_untyped, request_bodies, resolve};

/// Form fields (`application/x-www-form-urlencoded` or `multipart/form-data` bodies) whose value
/// is an object, or an array of objects, become JSON text fields.
///
/// Why: the rust generator turns each form field into a parameter and sends `value.to_string()`;
/// models implement no `Display`, and the field's type comes out as `models::models::X`, so the
/// crate does not compile (seen with CBRAIN's full spec, `PUT /groups/{id}`). For multipart,
/// OpenAPI's default encoding of an object field is `application/json`, which is what the caller
/// now passes as text. For url-encoded forms the spec's default would be one pair per property;
/// the caller gets to choose the exact text instead of a crate that does not build.
pub(super) fn form_object_fields_as_json(document: &mut Value) -> usize {
    rewrite_form_fields(document, &|schemas, field| {
        let resolved = resolve(schemas, field);
        let items = resolved.get("items").map(|items| resolve(schemas, items));
        if !(is_object_like(resolved) || items.is_some_and(is_object_like)) {
            return false;
        }
        let description = resolved
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("");
        let note = "(JSON text: specfleet fixup form_object_fields_as_json)";
        *field = json!({
            "type": "string",
            "description": format!("{description} {note}").trim_start(),
        });
        true
    })
}

/// Form fields that reference a schema that is not object-like (a string enum, a number), or
/// that have no schema at all, get that schema inlined, or a string.
///
/// Why: the generator names a referenced field's type `models::X` and a field without schema
/// `serde_json::Value`, then prefixes both with `models::` again (`models::models::Color`,
/// `models::serde_json::Value`), so the crate does not compile. Inlined, an enum field is a
/// string parameter and a number field a number, which is what goes on the wire; a field with no
/// schema can be any text, which a string parameter sends as it is.
pub(super) fn form_fields_inlined(document: &mut Value) -> usize {
    rewrite_form_fields(document, &|schemas, field| {
        let untyped = field
            .as_object()
            .is_some_and(|field| is_untyped(field) && !field.contains_key("format"));
        if untyped {
            let description = field.get("description").cloned();
            *field = json!({"type": "string"});
            if let Some(description) = description {
                field["description"] = description;
            }
            return true;
        }
        if field.get("$ref").is_some() {
            let target = resolve(schemas, field);
            if target.get("$ref").is_none() && !is_object_like(target) {
                *field = target.clone();
                return true;
            }
        }
        false
    })
}

/// Calls `rewrite` on each field of each form body; a body whose fields change is inlined first,
/// so the change never reaches a shared model that JSON bodies also use. `rewrite` gets the
/// named schemas and a field, and says whether it changed the field. Returns the fields changed.
fn rewrite_form_fields(
    document: &mut Value,
    rewrite: &dyn Fn(&Value, &mut Value) -> bool,
) -> usize {
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
        let mut inlined = resolve(&schemas, schema).clone();
        let Some(properties) = inlined.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        let mut touched = 0;
        for field in properties.values_mut() {
            if rewrite(&schemas, field) {
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
    fn referenced_enum_and_untyped_form_fields_are_inlined() {
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {"/forms": {"post": {"requestBody": {"content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                    "color": {"$ref": "#/components/schemas/Color"},
                    "anything": {"description": "Free text."},
                    "group": {"$ref": "#/components/schemas/Group"},
                    "count": {"type": "integer"}
                }}}
            }}}}},
            "components": {"schemas": {
                "Color": {"type": "string", "enum": ["red", "green"]},
                "Group": {"type": "object", "properties": {"name": {"type": "string"}}}
            }}
        });

        assert_eq!(form_fields_inlined(&mut document), 2);

        let fields = &document["paths"]["/forms"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["schema"]["properties"];
        assert_eq!(
            fields["color"],
            json!({"type": "string", "enum": ["red", "green"]})
        );
        assert_eq!(
            fields["anything"],
            json!({"type": "string", "description": "Free text."})
        );
        // Object-like references are form_object_fields_as_json's to rewrite.
        assert_eq!(
            fields["group"],
            json!({"$ref": "#/components/schemas/Group"})
        );
        assert_eq!(fields["count"], json!({"type": "integer"}));
    }
}
