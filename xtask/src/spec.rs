//! Reading a spec file (YAML or JSON) into one JSON value, as leniently as the generator does.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, ensure};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses YAML or JSON into one JSON value, keeping key order (the generator emits in that order).
///
/// Integers beyond 64 bits are kept as the nearest float instead of refused: real specs carry
/// them (`minimum: -9223372036854776000`, a float printed as an integer by the tool that wrote
/// the spec), and the generator reads them as big decimals.
pub(crate) fn load(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let document = if path.extension().is_some_and(|ext| ext == "json") {
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        let document = deserialize(&mut deserializer)
            .with_context(|| format!("{} is not valid JSON", path.display()))?;
        deserializer
            .end()
            .with_context(|| format!("{} is not valid JSON", path.display()))?;
        document
    } else {
        deserialize(serde_norway::Deserializer::from_str(&text))
            .with_context(|| format!("{} is not valid YAML", path.display()))?
    };
    ensure!(
        document.get("openapi").is_some() || document.get("swagger").is_some(),
        "{} is neither an OpenAPI 3 nor a Swagger 2.0 document (no `openapi` or `swagger` key)",
        path.display()
    );
    Ok(document)
}

fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    deserializer.deserialize_any(Lenient)
}

/// Builds a `serde_json::Value` like its own `Deserialize` does, and also takes 128-bit integers.
struct Lenient;

impl<'de> de::DeserializeSeed<'de> for Lenient {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(Lenient)
    }
}

impl<'de> Visitor<'de> for Lenient {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        match i64::try_from(value) {
            Ok(small) => self.visit_i64(small),
            // The cast rounds to the nearest float, which is what the value meant.
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        match u64::try_from(value) {
            Ok(small) => self.visit_u64(small),
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{value} is not a number JSON can hold")))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(Lenient)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Lenient)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Lenient)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A mapping key as text. YAML allows non-string keys (`200:` in `responses`, `true:`), which
/// OpenAPI means as strings.
struct Key;

impl<'de> de::DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        match deserializer.deserialize_any(Lenient)? {
            Value::String(text) => Ok(text),
            Value::Null => Ok("null".to_owned()),
            other => Ok(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        deserialize(serde_norway::Deserializer::from_str(text)).expect("valid YAML")
    }

    #[test]
    fn integers_beyond_64_bits_become_the_nearest_float() {
        let value =
            yaml("minimum: -9223372036854776000\nmaximum: 18446744073709551616\nsmall: -5\n");
        assert_eq!(
            value["minimum"].as_f64(),
            Some(-9_223_372_036_854_775_808.0)
        );
        assert_eq!(
            value["maximum"].as_f64(),
            Some(18_446_744_073_709_551_616.0)
        );
        assert_eq!(value["small"].as_i64(), Some(-5));
    }

    #[test]
    fn yaml_keys_that_are_not_strings_become_strings_in_order() {
        let value = yaml("responses:\n  404: {}\n  200: {}\n  true: 1\n");
        let keys: Vec<_> = value["responses"]
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["404", "200", "true"]);
    }

    #[test]
    fn a_document_that_is_no_spec_is_refused_with_its_path() {
        let dir = std::env::temp_dir().join(format!("xtask-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("not-a-spec.json");
        std::fs::write(&path, r#"{"info": {}}"#).expect("write");
        let error = load(&path).expect_err("no openapi key");
        assert!(error.to_string().contains("not-a-spec.json"), "{error}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
