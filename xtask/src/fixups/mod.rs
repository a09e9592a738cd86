//! Fixups: named, reasoned transformations of a spec before it reaches the generator.
//!
//! Generated code is never edited. When openapi-generator emits wrong or uncompilable Rust for
//! a construct, the construct is rewritten here, in the *input*, into an equivalent one the
//! generator handles, and the reason is written beside the fixup. Fixups apply to every spec,
//! ours and those added by `cargo xtask add-service`, so they must keep the wire behaviour, and
//! each handles a construct wherever it appears, never a named spec, schema or property.
//!
//! Some constructs cannot be rewritten without changing the wire (a property's name is its JSON
//! key): for those, [`names`] derives generator options (name mappings) from the spec instead.

mod composition;
mod forms;
mod names;
mod operations;
mod parameters;
mod schemas;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde_json::{Map, Value};

use crate::manifest::Service;

pub(crate) use names::snake;

/// A spec after fixups, ready for the generator.
pub(crate) struct PreparedSpec {
    pub(crate) document: Value,
    /// `info.version` of the spec, the upstream API version, when the spec gives one.
    pub(crate) api_version: Option<String>,
    /// Rust names for model properties whose own names do not make unique Rust fields
    /// (openapi-generator's `nameMappings`).
    pub(crate) name_mappings: BTreeMap<String, String>,
    /// Rust names for parameters whose own names clash with generated code
    /// (openapi-generator's `parameterNameMappings`).
    pub(crate) parameter_name_mappings: BTreeMap<String, String>,
    /// Rust variant names for enum values that clash with generated code
    /// (openapi-generator's `enumNameMappings`).
    pub(crate) enum_name_mappings: BTreeMap<String, String>,
}

/// One transformation. `apply` returns how many places it changed.
struct Fixup {
    name: &'static str,
    apply: fn(&mut Value) -> usize,
}

/// Every fixup, in the order they run. The reasoning for each lives on its function.
const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "deep_refs_inlined",
        apply: schemas::deep_refs_inlined,
    },
    Fixup {
        name: "schema_names_unique",
        apply: names::schema_names_unique,
    },
    Fixup {
        name: "internal_schemas_generated",
        apply: schemas::internal_schemas_generated,
    },
    Fixup {
        name: "operations_in_one_tag",
        apply: operations::operations_in_one_tag,
    },
    Fixup {
        name: "path_parameters_match_template",
        apply: parameters::path_parameters_match_template,
    },
    Fixup {
        name: "schema_refs_outside_schemas",
        apply: schemas::schema_refs_outside_schemas,
    },
    Fixup {
        name: "array_items_as_any",
        apply: schemas::array_items_as_any,
    },
    Fixup {
        name: "file_formats_as_binary",
        apply: schemas::file_formats_as_binary,
    },
    Fixup {
        name: "untyped_file_bodies_as_binary",
        apply: schemas::untyped_file_bodies_as_binary,
    },
    Fixup {
        name: "null_types_as_nullable",
        apply: composition::null_types_as_nullable,
    },
    Fixup {
        name: "form_object_fields_as_json",
        apply: forms::form_object_fields_as_json,
    },
    Fixup {
        name: "form_fields_inlined",
        apply: forms::form_fields_inlined,
    },
    Fixup {
        name: "untyped_parameters_as_strings",
        apply: parameters::untyped_parameters_as_strings,
    },
    Fixup {
        name: "object_parameters_as_json",
        apply: parameters::object_parameters_as_json,
    },
    Fixup {
        name: "primitive_all_of_merged",
        apply: composition::primitive_all_of_merged,
    },
    Fixup {
        name: "discriminators_resolvable",
        apply: composition::discriminators_resolvable,
    },
    Fixup {
        name: "primitive_any_of_as_one_of",
        apply: composition::primitive_any_of_as_one_of,
    },
    Fixup {
        name: "one_of_variant_names",
        apply: composition::one_of_variant_names,
    },
    Fixup {
        name: "inline_enum_names_unambiguous",
        apply: names::inline_enum_names_unambiguous,
    },
];

/// Refuses a property name or discriminator value that the models cannot write: they are Rust
/// raw string literals (`r#"..."#`), which end at the first `"#`.
fn literal_safe(document: &mut Value) -> Result<()> {
    let mut unsafe_names = Vec::new();
    for_each_schema(document, &mut |schema| {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|properties| properties.keys());
        let discriminator = schema.get("discriminator");
        let mapped = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|mapping| mapping.keys());
        let tag = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str);
        for name in properties.chain(mapped).map(String::as_str).chain(tag) {
            if name.contains("\"#") {
                unsafe_names.push(name.to_owned());
            }
        }
    });
    anyhow::ensure!(
        unsafe_names.is_empty(),
        "the spec has names containing `\"#`, which the generated models cannot spell: {unsafe_names:?}"
    );
    Ok(())
}

/// Whether a schema says nothing of its type: no `type`, reference, composition, properties,
/// items or enum.
pub(super) fn is_untyped(schema: &Map<String, Value>) -> bool {
    const TYPED: &[&str] = &[
        "type",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "properties",
        "items",
        "enum",
    ];
    TYPED.iter().all(|key| !schema.contains_key(*key))
}

/// Whether a document is Swagger 2.0; those are converted to OpenAPI 3 by the generator first,
/// so that fixups only ever see OpenAPI 3.
pub(crate) fn is_swagger2(document: &Value) -> bool {
    document.get("swagger").is_some()
}

/// Applies every fixup to an OpenAPI 3 document that was read from `origin` (the original spec,
/// or the generator's OpenAPI 3 conversion of a Swagger 2.0 spec).
pub(crate) fn prepare(
    mut document: Value,
    origin: &Path,
    service: &Service,
) -> Result<PreparedSpec> {
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
    literal_safe(&mut document)?;
    let name_mappings = names::property_name_mappings(&document);
    crate::annotate::annotate(
        &mut document,
        &service.pagination,
        service.envelope.as_ref(),
        &name_mappings,
    )?;
    let parameter_name_mappings = names::parameter_name_mappings(&document);
    let enum_name_mappings = names::enum_name_mappings(&document);
    for (kind, mappings) in [
        ("property", &name_mappings),
        ("parameter", &parameter_name_mappings),
        ("enum", &enum_name_mappings),
    ] {
        if !mappings.is_empty() {
            eprintln!(
                "fixup {kind}_name_mappings: {} name(s) in {}",
                mappings.len(),
                origin.display()
            );
        }
    }
    let api_version = match document.pointer("/info/version") {
        Some(Value::String(version)) => Some(version.trim().to_owned()),
        // YAML writers leave `version: 1.0` unquoted.
        Some(version @ Value::Number(_)) => Some(version.to_string()),
        _ => None,
    }
    .filter(|version| !version.is_empty());
    Ok(PreparedSpec {
        document,
        api_version,
        name_mappings,
        parameter_name_mappings,
        enum_name_mappings,
    })
}

/// Calls `visit` on every schema of the document, parents before children: the named schemas,
/// the schemas of parameters, headers and media types wherever they sit, and every subschema
/// (properties, items, additionalProperties, allOf/anyOf/oneOf, not, prefixItems). Examples,
/// defaults and extensions are data, not schemas, and are left alone. `visit` may rewrite the
/// schema it is given; the walk then goes into what it became.
pub(super) fn for_each_schema(
    document: &mut Value,
    visit: &mut dyn FnMut(&mut Map<String, Value>),
) {
    walk_container(document, visit);
}

/// Keys of the objects around schemas whose values are never schemas nor hold any. (`default`
/// is not one of them: outside a schema it is the default response.)
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples") || key.starts_with("x-")
}

fn walk_container(value: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match key.as_str() {
                    "schema" => walk_schema(child, visit),
                    "schemas" => {
                        if let Some(schemas) = child.as_object_mut() {
                            for schema in schemas.values_mut() {
                                walk_schema(schema, visit);
                            }
                        }
                    }
                    key if is_data(key) => {}
                    _ => walk_container(child, visit),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_container(item, visit);
            }
        }
        _ => {}
    }
}

fn walk_schema(value: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(schema) = value.as_object_mut() else {
        return;
    };
    visit(schema);
    for (key, child) in schema.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                if let Some(children) = child.as_object_mut() {
                    for child in children.values_mut() {
                        walk_schema(child, visit);
                    }
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Some(children) = child.as_array_mut() {
                    for child in children {
                        walk_schema(child, visit);
                    }
                }
            }
            "items" if child.is_array() => {
                if let Some(children) = child.as_array_mut() {
                    for child in children {
                        walk_schema(child, visit);
                    }
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties" => walk_schema(child, visit),
            _ => {}
        }
    }
}

/// Every parameter object: those of operations and path items, and the shared ones in
/// `components.parameters`. References to shared ones are skipped (the shared one is visited).
pub(super) fn parameters(document: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(top) = document.as_object_mut() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in top.iter_mut() {
        match key.as_str() {
            "paths" | "webhooks" => {
                for item in value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|paths| paths.values_mut())
                    .filter_map(Value::as_object_mut)
                {
                    for (key, entry) in item.iter_mut() {
                        let lists: Vec<&mut Value> = if key == "parameters" {
                            vec![entry]
                        } else {
                            entry.get_mut("parameters").into_iter().collect()
                        };
                        for list in lists {
                            found.extend(
                                list.as_array_mut()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_object_mut)
                                    .filter(|parameter| !parameter.contains_key("$ref")),
                            );
                        }
                    }
                }
            }
            "components" => found.extend(
                value
                    .get_mut("parameters")
                    .and_then(Value::as_object_mut)
                    .into_iter()
                    .flat_map(|shared| shared.values_mut())
                    .filter_map(Value::as_object_mut),
            ),
            _ => {}
        }
    }
    found
}

/// Every request body: those of operations and the shared ones in `components.requestBodies`.
pub(super) fn request_bodies(document: &mut Value) -> Vec<&mut Value> {
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
pub(super) fn resolve<'a>(schemas: &'a Value, mut schema: &'a Value) -> &'a Value {
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

pub(super) fn is_object_like(schema: &Value) -> bool {
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

/// Calls `visit` on every JSON object in the document, parents before children.
pub(super) fn visit_objects(
    value: &mut Value,
    visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>),
) {
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

/// `text` in UpperCamelCase with only ASCII letters and digits, as a Rust type or variant name:
/// `Metadata field filter (multi-select)` -> `MetadataFieldFilterMultiSelect`.
pub(super) fn upper_camel(text: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Variant");
    }
    out
}

/// A note appended to the description of what a fixup changed, so that generated docs say it.
pub(super) fn note(schema: &mut Map<String, Value>, fixup: &str, what: &str) {
    let description = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let note = format!("({what}: specfleet fixup {fixup})");
    let text = if description.is_empty() {
        note
    } else {
        format!("{description} {note}")
    };
    schema.insert("description".to_owned(), Value::String(text));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_schema_is_visited_once_and_examples_are_not_schemas() {
        let mut document = json!({
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": {"title": "path-level"}}],
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"title": "operation-level"}}],
                    "responses": {
                        "200": {"content": {"application/json": {
                            "schema": {"title": "response", "items": {"title": "item"}},
                            "example": {"schema": {"title": "not a schema"}}
                        }}},
                        "default": {"content": {"application/json": {"schema": {"title": "default response"}}}}
                    }
                }
            }},
            "components": {"schemas": {"A": {
                "title": "A",
                "properties": {"b": {"title": "b", "oneOf": [{"title": "one"}, {"title": "two"}]}},
                "additionalProperties": {"title": "extra"},
                "items": [{"title": "tuple"}]
            }}}
        });
        let mut seen = Vec::new();
        for_each_schema(&mut document, &mut |schema| {
            seen.push(schema["title"].as_str().unwrap_or_default().to_owned());
        });
        seen.sort();
        assert_eq!(
            seen,
            [
                "A",
                "b",
                "default response",
                "extra",
                "item",
                "one",
                "operation-level",
                "path-level",
                "response",
                "tuple",
                "two"
            ]
        );
    }

    #[test]
    fn names_become_upper_camel_identifiers() {
        assert_eq!(
            upper_camel("Metadata field filter (multi-select)"),
            "MetadataFieldFilterMultiSelect"
        );
        assert_eq!(upper_camel("conversation object"), "ConversationObject");
        assert_eq!(upper_camel("3ds"), "Variant3ds");
        assert_eq!(upper_camel("Été"), "T");
    }

    #[test]
    fn names_a_raw_string_cannot_hold_are_refused_by_name() {
        let mut fine =
            json!({"components": {"schemas": {"A": {"properties": {"say \"hi\"\\": {}}}}}});
        assert!(literal_safe(&mut fine).is_ok());
        let mut bad = json!({"components": {"schemas": {"A": {"properties": {"x\"#y": {}}}}}});
        let error = literal_safe(&mut bad).expect_err("refused").to_string();
        assert!(error.contains(r##"x\"#y"##), "{error}");
    }
}
