//! Fixups for composed schemas (`oneOf`, `anyOf`) and null types, which the rust generator turns
//! into untagged enums, merged structs, or names that are not Rust.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::{for_each_schema, is_object_like, upper_camel};

/// Schemas of OpenAPI 3.1 (and 3.0 specs that borrowed from it) that say "null" the JSON Schema
/// way become OpenAPI 3.0's `nullable`:
/// - `type: [string, "null"]` becomes `type: string, nullable: true`; several non-null types
///   leave the type open;
/// - `type: "null"` alone becomes an open, nullable schema;
/// - `{type: "null"}` members of `oneOf`/`anyOf` are dropped and the schema becomes nullable;
///   when one member is left, the schema becomes that member (a reference as `allOf: [ref]`,
///   OpenAPI 3.0's way to make a reference nullable).
///
/// Why: the generator knows no `null` type. `type: "null"` becomes `models::Null`, which does
/// not exist; `anyOf: [{}, {type: "null"}]` becomes `AnyOfLessThanGreaterThan` (a known bug);
/// `anyOf: [X, {type: "null"}]` (what FastAPI writes for every `Optional` field) becomes an
/// enum with one variant, or a merged struct, instead of an optional X. The wire is the same:
/// each rewritten schema accepts exactly the values it did.
pub(super) fn null_types_as_nullable(document: &mut Value) -> usize {
    // Named schemas that say only "null" (`NullEnum: {enum: [null]}`, as drf-spectacular writes
    // for `oneOf: [{$ref: Status}, {$ref: NullEnum}]`), by reference.
    let null_references: BTreeSet<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| is_null(schema))
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect();
    let says_null = |member: &Value| {
        is_null(member)
            || member
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|reference| null_references.contains(reference))
    };
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        changed += type_list_as_nullable(schema);
        changed += null_enum_values_as_nullable(schema);
        for keyword in ["oneOf", "anyOf"] {
            changed += null_members_as_nullable(schema, keyword, &says_null);
        }
    });
    changed
}

/// `enum: [a, b, null]` becomes `enum: [a, b], nullable: true`; `enum: [null]` an open,
/// nullable schema. The generator would make a variant of `null`, or an enum with none.
fn null_enum_values_as_nullable(schema: &mut Map<String, Value>) -> usize {
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return 0;
    };
    let before = values.len();
    values.retain(|value| !value.is_null());
    if values.len() == before {
        return 0;
    }
    if values.is_empty() {
        schema.shift_remove("enum");
        if schema.get("type").and_then(Value::as_str) == Some("null") {
            schema.shift_remove("type");
        }
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
    1
}

fn type_list_as_nullable(schema: &mut Map<String, Value>) -> usize {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|kind| kind.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(kind)) if kind == "null" => vec![kind.clone()],
        _ => return 0,
    };
    let nullable = types.iter().any(|kind| kind == "null");
    let mut others: Vec<&String> = types.iter().filter(|kind| *kind != "null").collect();
    others.dedup();
    match others.as_slice() {
        [one] => {
            schema.insert("type".to_owned(), json!(one));
        }
        _ => {
            schema.shift_remove("type");
        }
    }
    if nullable {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    1
}

/// Whether a schema says only "null".
fn is_null(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    let says_null = match object.get("type") {
        Some(Value::String(kind)) => kind == "null",
        Some(Value::Array(kinds)) => kinds.iter().all(|kind| kind == "null") && !kinds.is_empty(),
        _ => object.get("enum") == Some(&json!([null])),
    };
    says_null
        && object.keys().all(|key| {
            matches!(
                key.as_str(),
                "type" | "enum" | "nullable" | "title" | "description"
            )
        })
}

/// Whether a schema accepts anything (`{}`, or only documentation).
fn is_open(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        object.keys().all(|key| {
            matches!(key.as_str(), "title" | "description" | "nullable") || key.starts_with("x-")
        })
    })
}

fn null_members_as_nullable(
    schema: &mut Map<String, Value>,
    keyword: &str,
    says_null: &dyn Fn(&Value) -> bool,
) -> usize {
    let Some(Value::Array(members)) = schema.get_mut(keyword) else {
        return 0;
    };
    let before = members.len();
    members.retain(|member| !says_null(member));
    if members.len() == before {
        return 0;
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
    let members = match schema.get(keyword) {
        Some(Value::Array(members)) => members.clone(),
        _ => Vec::new(),
    };
    match members.as_slice() {
        [] => {
            schema.shift_remove(keyword);
        }
        [only] if is_open(only) => {
            schema.shift_remove(keyword);
        }
        [only] if only.get("$ref").is_some() => {
            schema.shift_remove(keyword);
            match schema.get_mut("allOf") {
                Some(Value::Array(all)) => all.push(only.clone()),
                _ => {
                    schema.insert("allOf".to_owned(), json!([only]));
                }
            }
        }
        [only] => {
            schema.shift_remove(keyword);
            if let Some(fields) = only.as_object() {
                for (key, value) in fields {
                    schema.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
        _ => {}
    }
    1
}

/// `anyOf` whose members are all primitive types of different kinds becomes `oneOf`.
///
/// Why: for `anyOf: [{type: string}, {type: integer}]` (FastAPI's validation-error `loc` items)
/// the rust generator emits an empty struct, which fails to decode `"body"` or `0`; for `oneOf`
/// it emits an untagged enum with one variant per type. A JSON value has exactly one type, so
/// when the members' types differ both keywords accept the same values.
pub(super) fn primitive_any_of_as_one_of(document: &mut Value) -> usize {
    const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean"];
    let mut changed = 0;
    super::visit_objects(document, &mut |object| {
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
            && let Some(members) = object.shift_remove("anyOf")
        {
            object.insert("oneOf".to_owned(), members);
            changed += 1;
        }
    });
    changed
}

/// The members of a `oneOf`/`anyOf` that are not references nor objects get titles that are Rust
/// names, unique within the list.
///
/// Why: the generator names such a member's enum variant after its `title`, verbatim
/// (`Metadata field filter (multi-select)(Vec<String>)`, which is not Rust), and without a title
/// after its JSON type, so two string members (`date-time` and plain) both become `String` and
/// the enum does not compile. A title changes no value on the wire, only the variant's name;
/// members that already make distinct names keep them.
pub(super) fn one_of_variant_names(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = schema.get_mut(keyword) {
                changed += name_variants(members);
            }
        }
    });
    changed
}

/// What the generator would name a member's variant, for the members this fixup may title.
fn variant_key(member: &Map<String, Value>) -> String {
    if let Some(title) = member.get("title").and_then(Value::as_str) {
        return upper_camel(title);
    }
    match member.get("type").and_then(Value::as_str) {
        Some("array") => {
            let items = member
                .get("items")
                .and_then(Value::as_object)
                .map_or_else(|| "Any".to_owned(), variant_key);
            format!("Array{items}")
        }
        Some(kind) => upper_camel(kind),
        None => "Any".to_owned(),
    }
}

fn name_variants(members: &mut [Value]) -> usize {
    let mut taken = BTreeSet::new();
    // References are named after their model and are never renamed; reserve their names first.
    for member in members.iter() {
        if let Some(name) = member
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.rsplit('/').next())
        {
            taken.insert(upper_camel(name));
        }
    }
    let mut changed = 0;
    for member in members.iter_mut() {
        let Some(fields) = member.as_object_mut() else {
            continue;
        };
        let titled_object =
            is_object_like(&Value::Object(fields.clone())) && fields.get("title").is_some();
        if fields.contains_key("$ref")
            || (is_object_like(&Value::Object(fields.clone())) && !titled_object)
        {
            continue;
        }
        let key = variant_key(fields);
        let mut name = key.clone();
        if taken.contains(&name) {
            if let Some(format) = fields.get("format").and_then(Value::as_str) {
                name = format!("{key}{}", upper_camel(format));
            }
            let mut counter = 2;
            while taken.contains(&name) {
                name = format!("{key}{counter}");
                counter += 1;
            }
        }
        let current = fields.get("title").and_then(Value::as_str);
        // An untitled member whose type-derived name is free keeps the generator's own name.
        if current != Some(name.as_str()) && (current.is_some() || name != key) {
            fields.insert("title".to_owned(), Value::String(name.clone()));
            changed += 1;
        }
        taken.insert(name);
    }
    changed
}

/// A discriminator keeps only the mappings that name a schema of the document, and is dropped
/// where it cannot work: it names no property, or its `oneOf`/`anyOf` has members that are not
/// references to named schemas.
///
/// Why: bundlers leave mappings that point into the files they inlined
/// (`models/domain_record_types.yml#/domain_record_a`), and the generator, looking up the
/// mapped schema, gets none and stops (`Failed to lookup the schema 'null'`, then a
/// `NullPointerException`). A tagged enum needs one named model per tag; without one, the
/// members are tried in turn, which decodes the same documents.
pub(super) fn discriminators_resolvable(document: &mut Value) -> usize {
    let names: BTreeSet<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let named = |reference: &str| {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or(reference);
        names.contains(name)
    };
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        let Some(discriminator) = schema
            .get_mut("discriminator")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if let Some(mapping) = discriminator
            .get_mut("mapping")
            .and_then(Value::as_object_mut)
        {
            let before = mapping.len();
            mapping.retain(|_, target| target.as_str().is_some_and(named));
            changed += before - mapping.len();
            if mapping.is_empty() {
                discriminator.shift_remove("mapping");
            }
        }
        let has_property = discriminator
            .get("propertyName")
            .and_then(Value::as_str)
            .is_some_and(|name| !name.is_empty());
        let members_named = ["oneOf", "anyOf"].iter().all(|keyword| {
            schema
                .get(*keyword)
                .and_then(Value::as_array)
                .is_none_or(|members| {
                    members.iter().all(|member| {
                        member
                            .get("$ref")
                            .and_then(Value::as_str)
                            .is_some_and(named)
                    })
                })
        });
        if !has_property || !members_named {
            schema.shift_remove("discriminator");
            changed += 1;
        }
    });
    changed
}

/// An `allOf` of two or more inline schemas that are not objects (`allOf: [{type: string},
/// {maxLength: 5}]`) becomes one schema with all their keywords; when the members name different
/// types, which no value can satisfy at once, the schema is left open.
///
/// Why: the generator merges only object members; for others it emits the type
/// `models::UNKNOWN_BASE_TYPE`, which does not exist.
pub(super) fn primitive_all_of_merged(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema(document, &mut |schema| {
        let Some(Value::Array(members)) = schema.get("allOf") else {
            return;
        };
        let mergeable = members.len() > 1
            && members
                .iter()
                .all(|member| member.get("$ref").is_none() && !is_object_like(member));
        if !mergeable {
            return;
        }
        let members = members.clone();
        let types: BTreeSet<&str> = members
            .iter()
            .filter_map(|member| member.get("type").and_then(Value::as_str))
            .collect();
        schema.shift_remove("allOf");
        if types.len() <= 1 {
            for member in members.iter().filter_map(Value::as_object) {
                for (key, value) in member {
                    schema.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
        changed += 1;
    });
    changed
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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

    #[test]
    fn null_types_become_nullable() {
        let mut document = json!({"components": {"schemas": {
            "List": {"type": ["string", "null"]},
            "Nothing": {"type": "null"},
            "Either": {"type": ["string", "integer"]},
            "OptionalRef": {"anyOf": [{"$ref": "#/components/schemas/List"}, {"type": "null"}], "description": "d"},
            "OptionalAny": {"anyOf": [{}, {"type": "null"}]},
            "OptionalInline": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "null"}], "default": 1},
            "Two": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
            "NullEnum": {"enum": [null]},
            "Status": {"type": "string", "enum": ["on", "off", null]},
            "MaybeStatus": {"oneOf": [{"$ref": "#/components/schemas/Status"}, {"$ref": "#/components/schemas/NullEnum"}]},
            "Untouched": {"anyOf": [{"type": "string"}, {"type": "integer"}]}
        }}});

        assert_eq!(null_types_as_nullable(&mut document), 10);

        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["List"], json!({"type": "string", "nullable": true}));
        assert_eq!(schemas["Nothing"], json!({"nullable": true}));
        assert_eq!(schemas["Either"], json!({}));
        assert_eq!(
            schemas["OptionalRef"],
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/List"}]})
        );
        assert_eq!(schemas["OptionalAny"], json!({"nullable": true}));
        assert_eq!(
            schemas["OptionalInline"],
            json!({"default": 1, "nullable": true, "type": "integer", "minimum": 0})
        );
        assert_eq!(
            schemas["Two"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(
            schemas["Untouched"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn variants_get_unique_rust_names_and_distinct_ones_are_kept() {
        let mut document = json!({"components": {"schemas": {
            "Choice": {"oneOf": [
                {"title": "Metadata field filter (multi-select)", "type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date-time"},
                {"$ref": "#/components/schemas/Integer"},
                {"type": "integer"},
                {"title": "Conversation object", "type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "string"}}}
            ]},
            "Distinct": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        }}});

        assert_eq!(one_of_variant_names(&mut document), 5);

        let titles: Vec<_> = document["components"]["schemas"]["Choice"]["oneOf"]
            .as_array()
            .expect("members")
            .iter()
            .map(|member| member.get("title").and_then(Value::as_str))
            .collect();
        assert_eq!(
            titles,
            [
                Some("MetadataFieldFilterMultiSelect"),
                None,
                Some("StringDateTime"),
                Some("String2"),
                None,
                Some("Integer2"),
                Some("ConversationObject"),
                None
            ]
        );
        assert_eq!(
            document["components"]["schemas"]["Distinct"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn discriminators_keep_what_resolves_and_go_where_they_cannot_work() {
        let mut document = json!({"components": {"schemas": {
            "A": {"type": "object"},
            "B": {"type": "object"},
            "Tagged": {
                "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "a": "#/components/schemas/A",
                    "b": "B",
                    "gone": "models/types.yml#/b"
                }}
            },
            "Inline": {
                "anyOf": [{"allOf": [{"$ref": "#/components/schemas/A"}]}],
                "discriminator": {"propertyName": "kind", "mapping": {"a": "other.yml#/a"}}
            }
        }}});

        assert_eq!(discriminators_resolvable(&mut document), 3);

        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Tagged"]["discriminator"],
            json!({"propertyName": "kind", "mapping": {"a": "#/components/schemas/A", "b": "B"}})
        );
        assert!(schemas["Inline"].get("discriminator").is_none());
    }

    #[test]
    fn all_of_primitives_merge_or_open() {
        let mut document = json!({"components": {"schemas": {
            "Short": {"description": "d", "allOf": [{"type": "string"}, {"maxLength": 5}]},
            "Impossible": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            "Nullable": {"allOf": [{"$ref": "#/components/schemas/Short"}], "nullable": true},
            "Objects": {"allOf": [{"type": "object", "properties": {"a": {}}}, {"maxProperties": 3}]}
        }}});

        assert_eq!(primitive_all_of_merged(&mut document), 2);

        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Short"],
            json!({"description": "d", "type": "string", "maxLength": 5})
        );
        assert_eq!(schemas["Impossible"], json!({}));
        assert!(schemas["Nullable"].get("allOf").is_some());
        assert!(schemas["Objects"].get("allOf").is_some());
    }
}
