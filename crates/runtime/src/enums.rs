//! Decoding enums that keep values they do not know.
//!
//! Every enum of a generated crate has an `UnknownValue` variant that holds a value the crate does
//! not know (the service added it after the crate was generated), so one new value does not
//! make a whole response fail to decode; it serialises back unchanged. These helpers decode
//! the value once, without allocating for the known ones.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Decodes a string enum through `from_str`, which maps every string to a variant (the unknown
/// ones to `UnknownValue`).
pub fn deserialize_str<'de, D, T>(deserializer: D, from_str: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T, PhantomData<T>);

    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(from_str, PhantomData))
}

/// Decodes an integer enum through `from_i64`, which maps every integer to a variant.
pub fn deserialize_i64<'de, D, T>(deserializer: D, from_i64: fn(i64) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
    Ok(from_i64(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    fn color(value: &str) -> Color {
        match value {
            "red" => Color::Red,
            other => Color::Unknown(other.to_owned()),
        }
    }

    #[test]
    fn known_and_unknown_values_decode() {
        let mut json = serde_json::Deserializer::from_str(r#""red""#);
        assert_eq!(
            deserialize_str(&mut json, color).expect("a color"),
            Color::Red
        );
        let mut json = serde_json::Deserializer::from_str(r#""ultraviolet""#);
        assert_eq!(
            deserialize_str(&mut json, color).expect("a color"),
            Color::Unknown("ultraviolet".to_owned())
        );
        let mut json = serde_json::Deserializer::from_str("42");
        assert!(deserialize_str(&mut json, color).is_err());
        let mut json = serde_json::Deserializer::from_str("7");
        assert_eq!(
            deserialize_i64(&mut json, |value| value * 2).expect("a number"),
            14
        );
    }
}
