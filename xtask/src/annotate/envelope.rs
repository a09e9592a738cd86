//! Envelope annotations: for a service that wraps its answers (`envelope` in
//! specs/services.toml), what the template needs to give an operation that answers with an
//! envelope an `into_data()` method: the data's Rust type and how to take it out of the envelope.

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::types::{Wrapping, field, is_model, resolve, rust_type, success_schema};
use crate::manifest::Envelope;

/// Annotates `operation` when its answer is an envelope whose data has a type Rust can name.
pub(super) fn annotate(
    document: &Value,
    operation: &mut Map<String, Value>,
    envelope: &Envelope,
    name_mappings: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    let Some(schema) = success_schema(document, operation) else {
        return Ok(());
    };
    let answer = resolve(document, &schema);
    if answer
        .pointer(&format!("/properties/{}", envelope.data))
        .is_none()
        || schema.get("$ref").is_none()
    {
        return Ok(());
    }
    let data = field(document, &answer, &envelope.data, name_mappings)?;
    let target = resolve(document, &data.schema);
    let (rust, boxed) = match target.get("type").and_then(Value::as_str) {
        Some("array") => match target.get("items").and_then(rust_type) {
            Some(item) => (format!("Vec<{item}>"), false),
            None => return Ok(()),
        },
        _ => match rust_type(&data.schema) {
            Some(rust) => {
                let boxed = is_model(&target);
                (rust, boxed)
            }
            None => return Ok(()),
        },
    };
    let unbox = if boxed { "*" } else { "" };
    let expression = match data.wrapping {
        Wrapping::None => format!("Some({unbox}envelope.{})", data.rust),
        Wrapping::Option if boxed => format!("envelope.{}.map(|data| *data)", data.rust),
        Wrapping::Option => format!("envelope.{}", data.rust),
        Wrapping::DoubleOption if boxed => {
            format!("envelope.{}.flatten().map(|data| *data)", data.rust)
        }
        Wrapping::DoubleOption => format!("envelope.{}.flatten()", data.rust),
    };
    operation.insert("x-specfleet-envelope-type".to_owned(), json!(rust));
    operation.insert("x-specfleet-envelope-data".to_owned(), json!(expression));
    operation.insert(
        "x-specfleet-envelope-error".to_owned(),
        json!(envelope.error),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn enveloped_answers_say_how_to_take_their_data_out() {
        let document = json!({"components": {"schemas": {
            "Location": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "LocationEnveloped": {"type": "object", "required": ["data", "error"], "properties": {
                "data": {"$ref": "#/components/schemas/Location"}, "error": {"nullable": true}}},
            "LocationsEnveloped": {"type": "object", "properties": {
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Location"}}}}
        }}});
        let envelope = Envelope {
            data: "data".into(),
            error: "error".into(),
        };
        let answer = |name: &str| {
            let mut operation = json!({"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{name}")}}}}}});
            annotate(
                &document,
                operation.as_object_mut().expect("an object"),
                &envelope,
                &BTreeMap::new(),
            )
            .expect("annotated");
            operation
        };
        let one = answer("LocationEnveloped");
        assert_eq!(one["x-specfleet-envelope-type"], "models::Location");
        assert_eq!(one["x-specfleet-envelope-data"], "Some(*envelope.data)");
        let many = answer("LocationsEnveloped");
        assert_eq!(many["x-specfleet-envelope-type"], "Vec<models::Location>");
        assert_eq!(many["x-specfleet-envelope-data"], "envelope.data");
        assert!(
            answer("Location")
                .get("x-specfleet-envelope-type")
                .is_none()
        );
    }
}
