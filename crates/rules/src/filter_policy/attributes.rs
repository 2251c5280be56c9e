//! SNS message attributes and how a filter policy sees them.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A message attribute as published, with its data type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageAttribute {
    String(String),
    /// A JSON array in text form, e.g. `["red", 3, true]`.
    StringArray(String),
    /// A number in text form, e.g. `"12.5"`.
    Number(String),
    /// Binary attributes are ignored by filter policies.
    Binary,
}

/// The attributes as one flat JSON object, typed the way filtering compares
/// them: String as a string, Number as a number, String.Array as an array
/// whose elements are matched one by one. Binary attributes are absent.
pub fn attributes_as_json(attributes: &BTreeMap<String, MessageAttribute>) -> Value {
    let mut map = Map::new();
    for (name, attribute) in attributes {
        let value = match attribute {
            MessageAttribute::String(s) => Value::String(s.clone()),
            MessageAttribute::Number(text) => number(text),
            MessageAttribute::StringArray(text) => array(text),
            MessageAttribute::Binary => continue,
        };
        map.insert(name.clone(), value);
    }
    Value::Object(map)
}

fn number(text: &str) -> Value {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(n @ Value::Number(_)) => n,
        _ => Value::String(text.to_string()),
    }
}

/// A String.Array that is not a JSON array is compared as a plain string.
fn array(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(a @ Value::Array(_)) => a,
        _ => Value::String(text.to_string()),
    }
}
