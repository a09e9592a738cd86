//! What the annotations need to know of the spec's types: the success schema of an operation,
//! a model's fields as the generator names and wraps them, and Rust type names.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use super::success_codes;
use crate::fixups::snake;

/// The schema of the first 2xx response with a JSON body.
pub(super) fn success_schema(document: &Value, operation: &Map<String, Value>) -> Option<Value> {
    let responses = operation.get("responses")?.as_object()?;
    success_codes(responses).into_iter().find_map(|code| {
        let response = resolve(document, responses.get(code)?);
        let content = response.get("content")?.as_object()?;
        content
            .iter()
            .find(|(media_type, _)| media_type.contains("json"))
            .and_then(|(_, media)| media.get("schema").cloned())
    })
}

/// Follows local references (a bounded number of them).
pub(super) fn resolve(document: &Value, schema: &Value) -> Value {
    let mut current = schema.clone();
    for _ in 0..16 {
        let Some(pointer) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        else {
            break;
        };
        match document.pointer(pointer) {
            Some(target) => current = target.clone(),
            None => break,
        }
    }
    current
}

/// How a model field's Rust type wraps the schema's type.
pub(super) enum Wrapping {
    None,
    Option,
    DoubleOption,
}

pub(super) struct Field {
    pub(super) rust: String,
    pub(super) schema: Value,
    pub(super) wrapping: Wrapping,
}

/// A property of the page model, with its Rust field name and how the generator wraps it
/// (required fields are plain, optional ones `Option`, nullable optional ones `Option<Option>`,
/// required nullable ones `Option`).
pub(super) fn field(
    document: &Value,
    page: &Value,
    name: &str,
    name_mappings: &BTreeMap<String, String>,
) -> Result<Field> {
    let schema = page
        .pointer(&format!(
            "/properties/{}",
            name.replace('~', "~0").replace('/', "~1")
        ))
        .with_context(|| format!("the response has no field `{name}`"))?
        .clone();
    let required = page
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|required| required.iter().any(|field| field == name));
    let nullable = resolve(document, &schema).get("nullable") == Some(&json!(true))
        || schema.get("nullable") == Some(&json!(true));
    let wrapping = match (required, nullable) {
        (true, false) => Wrapping::None,
        (true, true) | (false, false) => Wrapping::Option,
        (false, true) => Wrapping::DoubleOption,
    };
    let rust = match name_mappings.get(name) {
        Some(mapped) => mapped.clone(),
        None => rust_identifier(&snake(name)),
    };
    Ok(Field {
        rust,
        schema,
        wrapping,
    })
}

/// A field name as Rust writes it: keywords as raw identifiers.
fn rust_identifier(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern",
        "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
        "pub", "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use",
        "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override",
        "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Whether a schema makes a model struct (which the generator boxes in a field).
pub(super) fn is_model(schema: &Value) -> bool {
    schema.get("properties").is_some()
        || schema.get("allOf").is_some()
        || schema.get("type").and_then(Value::as_str) == Some("object")
}

/// The Rust type of an item schema: a named model or a primitive.
pub(super) fn rust_type(schema: &Value) -> Option<String> {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
    {
        return Some(format!("models::{}", model_name(name)));
    }
    let format = schema.get("format").and_then(Value::as_str);
    Some(
        match (schema.get("type").and_then(Value::as_str)?, format) {
            ("string", _) => "String",
            ("integer", Some("int64")) => "i64",
            ("integer", _) => "i32",
            ("number", Some("float")) => "f32",
            ("number", _) => "f64",
            ("boolean", _) => "bool",
            _ => return None,
        }
        .to_owned(),
    )
}

/// A schema's model name as the generator writes it: its words in UpperCamelCase, acronyms
/// included (`HTTPValidationError` is `HttpValidationError`).
pub(super) fn model_name(name: &str) -> String {
    snake(name)
        .split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_follow_the_generator() {
        assert_eq!(model_name("HTTPValidationError"), "HttpValidationError");
        assert_eq!(model_name("userfile"), "Userfile");
        assert_eq!(
            model_name("FileLocationArrayEnveloped"),
            "FileLocationArrayEnveloped"
        );
        assert_eq!(
            rust_type(&json!({"$ref": "#/components/schemas/source_image"})).as_deref(),
            Some("models::SourceImage")
        );
        assert_eq!(
            rust_type(&json!({"type": "integer", "format": "int64"})).as_deref(),
            Some("i64")
        );
    }
}
