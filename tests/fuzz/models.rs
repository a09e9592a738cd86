//! What the harness does with one model type: the decode round trip, and a valid sample value.

use std::fmt::Debug;

use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserializer, Serialize};
use serde_json::Value;

/// What every generated model is: the round trip needs all of it, and every model derives it.
pub(super) trait Model: DeserializeOwned + Serialize + PartialEq + Debug + Default {}

impl<T: DeserializeOwned + Serialize + PartialEq + Debug + Default> Model for T {}

/// Decodes `json` as `T`; a value that decodes must encode, and decode again to itself.
///
/// Equality is required, not just the absence of a panic: a field renamed on one side only, a
/// `skip_serializing_if` on a required field or a nullable field that loses its `null` would all
/// show up here as a changed value. The one tolerated difference is a float in a free-form JSON
/// field moving by an ulp: serde_json parses floats with best-effort precision unless its
/// `float_roundtrip` feature is on, which the generated crates do not ask for.
pub(super) fn round_trip<T: Model>(name: &str, json: &[u8]) -> Result<(), serde_json::Error> {
    let decoded: T = serde_json::from_slice(json)?;
    let encoded = serde_json::to_vec(&decoded)
        .unwrap_or_else(|error| panic!("{name} decoded but does not encode: {error}: {decoded:?}"));
    let again: T = serde_json::from_slice(&encoded).unwrap_or_else(|error| {
        panic!(
            "{name} does not decode its own encoding {}: {error}",
            String::from_utf8_lossy(&encoded)
        )
    });
    if again != decoded {
        let (first, second) = (to_value(name, &decoded), to_value(name, &again));
        assert!(
            same_json(&first, &second),
            "{name} changed in a round trip through {}:\n{decoded:?}\nbecame\n{again:?}",
            String::from_utf8_lossy(&encoded)
        );
    }
    Ok(())
}

fn to_value<T: Model>(name: &str, value: &T) -> Value {
    serde_json::to_value(value)
        .unwrap_or_else(|error| panic!("{name} encodes to bytes but not to a value: {error}"))
}

/// JSON equality up to the last bits of floats (see [`round_trip`]).
fn same_json(first: &Value, second: &Value) -> bool {
    match (first, second) {
        (Value::Number(first), Value::Number(second)) => {
            first == second
                || match (first.as_f64(), second.as_f64()) {
                    (Some(first), Some(second)) => {
                        (first - second).abs() <= 4.0 * f64::EPSILON * first.abs().max(second.abs())
                    }
                    _ => false,
                }
        }
        (Value::Array(first), Value::Array(second)) => {
            first.len() == second.len()
                && first
                    .iter()
                    .zip(second)
                    .all(|(first, second)| same_json(first, second))
        }
        (Value::Object(first), Value::Object(second)) => {
            first.len() == second.len()
                && first.iter().all(|(key, first)| {
                    second
                        .get(key)
                        .is_some_and(|second| same_json(first, second))
                })
        }
        _ => first == second,
    }
}

/// Values tried, in order, for an optional field the default leaves out: the first that `T`
/// accepts stays. Strings come first so that free-form fields get one.
const FILLERS: [&str; 8] = [
    r#""2021-03-16T14:05:11Z""#,
    "7",
    "true",
    "1.5",
    r#"["item"]"#,
    "[7]",
    r#"{"key": "value"}"#,
    "[]",
];

/// `T`'s default as JSON, with every field it leaves out set to the first filler `T` accepts.
pub(super) fn sample<T: Model>(name: &str) -> Value {
    let mut value = to_value(name, &T::default());
    if let Value::Object(object) = &mut value {
        for field in struct_fields::<T>() {
            if object.contains_key(field) {
                continue;
            }
            for filler in FILLERS {
                let filler: Value = serde_json::from_str(filler).expect("fillers are JSON");
                object.insert(field.to_owned(), filler);
                if serde_json::from_value::<T>(Value::Object(object.clone())).is_ok() {
                    break;
                }
                object.remove(field);
            }
        }
    }
    assert!(
        serde_json::from_value::<T>(value.clone()).is_ok(),
        "the sample of {name} does not decode: {value}"
    );
    value
}

/// The JSON field names of a struct `T`, as its derived `Deserialize` announces them; nothing for
/// an enum.
fn struct_fields<T: Model>() -> Vec<&'static str> {
    let mut fields = Vec::new();
    // The recorder always fails: it only listens to what the impl asks for.
    let _ = T::deserialize(FieldRecorder(&mut fields));
    fields
}

/// A deserializer that records the field list a struct's `Deserialize` passes it, then fails.
struct FieldRecorder<'a>(&'a mut Vec<&'static str>);

impl<'de> Deserializer<'de> for FieldRecorder<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.extend_from_slice(fields);
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_may_move_by_an_ulp_but_nothing_else_may_change() {
        let json = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
        let ulp_apart = f64::from_bits(0.3_f64.to_bits() + 1);
        assert!(same_json(
            &json(r#"{"a": [0.3]}"#),
            &serde_json::json!({"a": [ulp_apart]})
        ));
        assert!(!same_json(
            &json(r#"{"a": [0.3]}"#),
            &json(r#"{"a": [0.4]}"#)
        ));
        assert!(!same_json(&json(r#"{"a": 1}"#), &json(r#"{"a": "1"}"#)));
        assert!(!same_json(
            &json(r#"{"a": 1}"#),
            &json(r#"{"a": 1, "b": 2}"#)
        ));
        assert!(!same_json(&json("[1]"), &json("[1, 1]")));
    }

    #[test]
    fn the_field_recorder_lists_a_structs_fields_as_its_json_spells_them() {
        let fields = struct_fields::<specfleet_qi_compute::models::PageMetadata>();
        assert_eq!(fields, ["items", "total", "page", "size", "pages"]);
        assert!(struct_fields::<specfleet_qi_compute::models::LocationInner>().is_empty());
    }
}
