//! Names the generator would turn into Rust that does not compile: properties that make the same
//! field name, inline enums named like their model, parameters named like generated code.
//!
//! A property's or parameter's name is what goes on the wire, so where the spec cannot be
//! rewritten these fixups derive generator options instead (`nameMappings`,
//! `parameterNameMappings`): the Rust name changes, the wire name stays.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{for_each_schema, parameters, request_bodies, upper_camel};

/// Names an operation's builder already uses for itself: its fields (`client`, `options`) and
/// methods (`send`, `into_future`, `into_data`, the call options' `with_timeout` and
/// `with_retry`, and the pagination's `stream` and `pages`); and the methods of its mock's
/// builder, whose setters are named as the parameters (`respond`, `respond_error`,
/// `respond_with`, `expectation`).
const RESERVED_PARAMETERS: &[&str] = &[
    "client",
    "options",
    "send",
    "into_future",
    "into_data",
    "with_timeout",
    "with_retry",
    "stream",
    "pages",
    "respond",
    "respond_error",
    "respond_with",
    "expectation",
];

/// `name` as the generator's snake case approximately writes it: words split at case changes
/// and at anything that is not a letter or digit. Close enough to find collisions; the names
/// this module hands out are its own, so they need not match the generator exactly.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let previous = index.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(index + 1);
            let boundary = c.is_ascii_uppercase()
                && previous.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
                });
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// What two property names are compared by: letters and digits, lowercased, with the signs the
/// generator spells out (`+1` is `plus_1`, `-1` is `minus_1`) kept apart.
fn collision_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        match c {
            '+' => key.push_str("plus"),
            '-' if key.is_empty() => key.push_str("minus"),
            '@' => key.push_str("at"),
            '$' => key.push_str("dollar"),
            c if c.is_ascii_alphanumeric() => key.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    key
}

/// Rust field names for properties that would otherwise share one, or have none.
///
/// Why: properties whose names differ only in case or punctuation (`auth_time` and `authTime`,
/// `jobID` and `jobId`) become the same snake_case field, and the struct does not compile
/// (E0124); a property named `""` becomes a field without a name. Within each schema, a property
/// already in snake case keeps its field name (else the first in sort order does) and each other
/// one gets `<snake>_<n>`, a name no property of the spec has. The mapping is by wire name across
/// the spec, as the generator's option is, so it is the same wherever that name appears.
pub(crate) fn property_name_mappings(document: &Value) -> BTreeMap<String, String> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut natural = BTreeSet::new();
    let mut copy = document.clone();
    for_each_schema(&mut copy, &mut |schema| {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in properties.keys() {
            natural.insert(snake(name));
            by_key
                .entry(collision_key(name))
                .or_default()
                .push(name.clone());
        }
        for (key, mut names) in by_key {
            if names.len() > 1 || key.is_empty() {
                names.sort();
                groups.push(names);
            }
        }
    });
    let mut losers = BTreeSet::new();
    for names in &groups {
        if collision_key(&names[0]).is_empty() {
            losers.extend(names.iter().cloned());
            continue;
        }
        let keeper = names
            .iter()
            .find(|name| snake(name) == **name)
            .unwrap_or(&names[0]);
        losers.extend(names.iter().filter(|name| *name != keeper).cloned());
    }
    let mut mappings = BTreeMap::new();
    let mut given = BTreeSet::new();
    for name in losers {
        let base = match snake(&name) {
            base if base.is_empty() => "empty".to_owned(),
            base if base.starts_with(|c: char| c.is_ascii_digit()) => format!("field_{base}"),
            base => base,
        };
        let mut counter = 2;
        let mut candidate = if natural.contains(&base) {
            format!("{base}_{counter}")
        } else {
            base.clone()
        };
        while natural.contains(&candidate) || given.contains(&candidate) {
            counter += 1;
            candidate = format!("{base}_{counter}");
        }
        given.insert(candidate.clone());
        mappings.insert(name, candidate);
    }
    mappings
}

/// Rust names for parameters (and form fields and bodies, which become parameters) named like
/// something an operation's builder already has: a parameter `client` would be a second field
/// of that name (E0124), one named `send` a second method. Such a parameter becomes
/// `<name>_param`; on the wire it keeps its name.
pub(crate) fn parameter_name_mappings(document: &Value) -> BTreeMap<String, String> {
    let mut names = BTreeSet::new();
    let mut copy = document.clone();
    for parameter in parameters(&mut copy) {
        if let Some(name) = parameter.get("name").and_then(Value::as_str) {
            names.insert(name.to_owned());
        }
    }
    // A body parameter is named by this operation extension (Swagger 2.0 conversions write it),
    // else after its schema.
    for operation in copy
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
    {
        if let Some(name) = operation
            .get("x-codegen-request-body-name")
            .and_then(Value::as_str)
        {
            names.insert(name.to_owned());
        }
    }
    for body in request_bodies(&mut copy) {
        for media in body
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|content| content.values())
        {
            let fields = media
                .pointer("/schema/properties")
                .and_then(Value::as_object);
            names.extend(fields.into_iter().flat_map(|fields| fields.keys().cloned()));
            if let Some(model) = media
                .pointer("/schema/$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.rsplit('/').next())
            {
                names.insert(model.to_owned());
            }
        }
    }
    names
        .into_iter()
        .filter(|name| RESERVED_PARAMETERS.contains(&snake(name).as_str()))
        .map(|name| {
            let rust = format!("{}_param", snake(&name));
            (name, rust)
        })
        .collect()
}

/// Types a model's file names unqualified (the enum template spells its own in full): an enum of
/// one of these names declared there would shadow it.
const SHADOWED: &[&str] = &[
    "Box",
    "Default",
    "Deserialize",
    "Option",
    "Serialize",
    "String",
    "Vec",
];

/// An inline enum whose name would be taken moves to a named schema of its own: `<Model>Value`
/// when its property has the name of its model, `<Model><Property>` when its name is a type the
/// model's file uses from the standard library or serde (`Option`, `String`, `Vec`, ...).
///
/// Why: the generator declares a property's inline enum in the model's file, named after the
/// property in UpperCamelCase, so model `ScanType` with property `scan_type: {enum: ...}` gets an
/// enum `ScanType` beside the struct `ScanType` (E0428), and a property `option` gets an enum
/// `Option` that shadows the `Option` of every optional field. As a named schema the enum
/// is its own model; the values on the wire are the same.
pub(super) fn inline_enum_names_unambiguous(document: &mut Value) -> usize {
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let mut taken: BTreeSet<String> = schemas.keys().map(|name| upper_camel(name)).collect();
    let mut extracted = Vec::new();
    for (model, schema) in schemas.iter_mut() {
        let model_key = collision_key(model);
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for (property, value) in properties.iter_mut() {
            let base = if collision_key(property) == model_key {
                format!("{}Value", upper_camel(model))
            } else if SHADOWED.contains(&upper_camel(property).as_str()) {
                format!("{}{}", upper_camel(model), upper_camel(property))
            } else {
                continue;
            };
            // The enum itself, or the enum of an array's items.
            let target = if value.get("enum").is_some() {
                value
            } else if value.pointer("/items/enum").is_some() {
                &mut value["items"]
            } else {
                continue;
            };
            let mut name = base.clone();
            let mut counter = 2;
            while taken.contains(&name) {
                name = format!("{base}{counter}");
                counter += 1;
            }
            taken.insert(name.clone());
            let reference = json!({"$ref": format!("#/components/schemas/{name}")});
            extracted.push((name, std::mem::replace(target, reference)));
        }
    }
    let changed = extracted.len();
    for (name, schema) in extracted {
        schemas.insert(name, schema);
    }
    changed
}

/// Named schemas whose names make the same Rust type (`metadata` and `_metadata` are both
/// `Metadata`) are renamed, all but one, to `<Name><n>`; every reference follows.
///
/// Why: the generator writes one file per model name, so two schemas that make the same name
/// leave one of them without a file (`failed to resolve mod metadata`) or declared twice. A
/// schema's name is never on the wire, so renaming it changes only the Rust type's name.
pub(super) fn schema_names_unique(document: &mut Value) -> usize {
    let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return 0;
    };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in schemas.keys() {
        groups
            .entry(collision_key(name))
            .or_default()
            .push(name.clone());
    }
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    let mut renames = BTreeMap::new();
    for names in groups.values_mut().filter(|names| names.len() > 1) {
        names.sort();
        // The name that already is the Rust name keeps it; else the first in sort order.
        let keeper = names
            .iter()
            .position(|name| upper_camel(name) == *name)
            .unwrap_or(0);
        for (index, name) in names
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != keeper)
        {
            let base = upper_camel(name);
            let mut counter = index + 1;
            let mut renamed = format!("{base}{counter}");
            while taken.contains(&collision_key(&renamed)) {
                counter += 1;
                renamed = format!("{base}{counter}");
            }
            taken.insert(collision_key(&renamed));
            renames.insert(name.clone(), renamed);
        }
    }
    if renames.is_empty() {
        return 0;
    }
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        let old = std::mem::take(schemas);
        for (name, schema) in old {
            let name = renames.get(&name).cloned().unwrap_or(name);
            schemas.insert(name, schema);
        }
    }
    rename_references(document, &renames);
    renames.len()
}

/// Points every reference to a renamed schema (`$ref`, and discriminator mappings, which may
/// also name a schema bare) at its new name.
fn rename_references(value: &mut Value, renames: &BTreeMap<String, String>) {
    let renamed = |reference: &str| -> Option<String> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(|escaped| escaped.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| reference.to_owned());
        renames
            .get(&name)
            .map(|new| format!("#/components/schemas/{new}"))
    };
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), &*child) {
                    ("$ref", Value::String(reference)) => {
                        if let Some(new) = renamed(reference) {
                            *child = Value::String(new);
                        }
                    }
                    ("mapping", Value::Object(_)) => {
                        for target in child
                            .as_object_mut()
                            .into_iter()
                            .flat_map(|m| m.values_mut())
                        {
                            if let Some(new) = target.as_str().and_then(renamed) {
                                *target = Value::String(new);
                            }
                        }
                    }
                    _ => rename_references(child, renames),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rename_references(item, renames);
            }
        }
        _ => {}
    }
}

/// Rust variant names for enum values that would take the name every generated enum keeps
/// for values it does not know, `UnknownValue` (the value `UNKNOWN_VALUE`, say): they become
/// `UnknownValueLiteral` (openapi-generator's `enumNameMappings`, by value).
pub(crate) fn enum_name_mappings(document: &Value) -> BTreeMap<String, String> {
    let mut mappings = BTreeMap::new();
    let mut copy = document.clone();
    for_each_schema(&mut copy, &mut |schema| {
        for value in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if collision_key(value) == "unknownvalue" {
                mappings.insert(value.to_owned(), "UnknownValueLiteral".to_owned());
            }
        }
    });
    mappings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn snake_case_splits_words_as_the_generator_does() {
        assert_eq!(snake("authTime"), "auth_time");
        assert_eq!(snake("jobID"), "job_id");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("x-axis"), "x_axis");
        assert_eq!(snake("userfile[group_id]"), "userfile_group_id");
        assert_eq!(snake(""), "");
    }

    #[test]
    fn colliding_and_empty_property_names_get_unique_rust_names() {
        let document = json!({"components": {"schemas": {
            "Session": {"properties": {"auth_time": {}, "authTime": {}, "": {}, "AuthTime": {}}},
            "Job": {"properties": {"jobID": {}, "jobId": {}}},
            "Other": {"properties": {"authTime": {}, "auth_time_2": {}}},
            "Votes": {"properties": {"+1": {}, "-1": {}}}
        }}});

        let mappings = property_name_mappings(&document);

        assert_eq!(
            mappings,
            BTreeMap::from([
                ("".to_owned(), "empty".to_owned()),
                ("AuthTime".to_owned(), "auth_time_3".to_owned()),
                ("authTime".to_owned(), "auth_time_4".to_owned()),
                ("jobId".to_owned(), "job_id_2".to_owned()),
            ])
        );
    }

    #[test]
    fn parameters_named_like_the_builder_are_renamed_wherever_they_are() {
        let document = json!({
            "paths": {
                "/a": {
                    "get": {"parameters": [
                        {"name": "Client_", "in": "query"},
                        {"name": "limit", "in": "query"},
                        {"name": "respond", "in": "query"}
                    ]},
                    "post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {
                        "schema": {"properties": {"Client": {"type": "string"}}}
                    }}}}
                },
                "/b": {
                    "patch": {"x-codegen-request-body-name": "client", "requestBody": {"content": {}}},
                    "put": {"requestBody": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/CLIENT"}
                    }}}}
                }
            }
        });
        assert_eq!(
            parameter_name_mappings(&document),
            BTreeMap::from([
                ("CLIENT".to_owned(), "client_param".to_owned()),
                ("Client".to_owned(), "client_param".to_owned()),
                ("Client_".to_owned(), "client_param".to_owned()),
                ("client".to_owned(), "client_param".to_owned()),
                ("respond".to_owned(), "respond_param".to_owned()),
            ])
        );
    }

    #[test]
    fn an_inline_enum_named_as_its_model_or_a_std_name_becomes_a_schema() {
        let mut document = json!({"components": {"schemas": {
            "ScanType": {"properties": {
                "scan_type": {"type": "string", "enum": ["quick", "full"]},
                "other": {"type": "string", "enum": ["a"]},
                "option": {"type": "string", "enum": ["pass", "fail"]}
            }},
            "State": {"properties": {"states": {"type": "array", "items": {"enum": ["on"]}}, "state": {"type": "array", "items": {"type": "string", "enum": ["on", "off"]}}}},
            "ScanTypeValue": {"type": "string"}
        }}});

        assert_eq!(inline_enum_names_unambiguous(&mut document), 3);

        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["ScanType"]["properties"]["scan_type"],
            json!({"$ref": "#/components/schemas/ScanTypeValue2"})
        );
        assert_eq!(
            schemas["ScanTypeValue2"],
            json!({"type": "string", "enum": ["quick", "full"]})
        );
        assert_eq!(
            schemas["ScanType"]["properties"]["other"]["enum"],
            json!(["a"])
        );
        assert_eq!(
            schemas["ScanType"]["properties"]["option"],
            json!({"$ref": "#/components/schemas/ScanTypeOption"})
        );
        assert_eq!(
            schemas["State"]["properties"]["state"]["items"],
            json!({"$ref": "#/components/schemas/StateValue"})
        );
        assert_eq!(
            schemas["State"]["properties"]["states"]["items"],
            json!({"enum": ["on"]})
        );
    }

    #[test]
    fn schemas_that_make_one_rust_name_are_renamed_with_their_references() {
        let mut document = json!({
            "paths": {"/m": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/_metadata"}
            }}}}}}},
            "components": {"schemas": {
                "metadata": {"type": "object"},
                "_metadata": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/metadata"}}},
                "Metadata": {"type": "string"},
                "Union": {"oneOf": [{"$ref": "#/components/schemas/_metadata"}],
                          "discriminator": {"propertyName": "k", "mapping": {"a": "_metadata"}}}
            }}
        });

        assert_eq!(schema_names_unique(&mut document), 2);

        let names: Vec<_> = document["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["Metadata3", "Metadata2", "Metadata", "Union"]);
        assert_eq!(
            document["paths"]["/m"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Metadata2"})
        );
        let union = &document["components"]["schemas"]["Union"];
        assert_eq!(
            union["oneOf"][0],
            json!({"$ref": "#/components/schemas/Metadata2"})
        );
        assert_eq!(
            union["discriminator"]["mapping"]["a"],
            "#/components/schemas/Metadata2"
        );
    }

    #[test]
    fn an_enum_value_named_like_the_unknown_variant_is_renamed() {
        let document = json!({"components": {"schemas": {
            "State": {"type": "string", "enum": ["UNKNOWN", "UNKNOWN_VALUE", "ready"]}
        }}});
        assert_eq!(
            enum_name_mappings(&document),
            BTreeMap::from([("UNKNOWN_VALUE".to_owned(), "UnknownValueLiteral".to_owned())])
        );
    }
}
