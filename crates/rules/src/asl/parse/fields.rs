//! Typed access to the fields of one JSON object of the definition, with errors
//! that carry the field's path.

use crate::asl::error::AslError;
use crate::asl::json_path::JsonPath;
use crate::asl::template::{join, Template};
use serde_json::{Map, Value};

pub struct Fields<'a> {
    pub map: &'a Map<String, Value>,
    pub path: String,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, path: &str) -> Result<Fields<'a>, AslError> {
        value
            .as_object()
            .map(|map| Fields {
                map,
                path: path.to_string(),
            })
            .ok_or_else(|| AslError::new(path, "must be a JSON object"))
    }

    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub fn error(&self, key: &str, reason: impl Into<String>) -> AslError {
        AslError::new(&self.at(key), reason)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// Rejects fields the state type does not define, as the service's validator does.
    pub fn only(&self, allowed: &[&str], what: &str) -> Result<(), AslError> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(unknown) => Err(self.error(
                unknown,
                format!("field \"{unknown}\" is not supported by {what}"),
            )),
            None => Ok(()),
        }
    }

    pub fn string(&self, key: &str) -> Result<Option<&'a str>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(key, "must be a string")),
        }
    }

    pub fn required_string(&self, key: &str) -> Result<&'a str, AslError> {
        self.string(key)?
            .ok_or_else(|| self.error(key, "is required"))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.error(key, "must be true or false")),
        }
    }

    /// A non-negative integer within `min..=max`.
    pub fn integer(&self, key: &str, min: u64, max: u64) -> Result<Option<u64>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .filter(|n| (min..=max).contains(n))
                .map(Some)
                .ok_or_else(|| self.error(key, format!("must be an integer from {min} to {max}"))),
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.error(key, "must be a number")),
        }
    }

    /// A path field where `null` means "nothing" (InputPath, OutputPath, ResultPath)
    /// and absence means `$`.
    pub fn nullable_path(&self, key: &str) -> Result<Option<JsonPath>, AslError> {
        match self.map.get(key) {
            None => Ok(Some(JsonPath::parse("$").map_err(|e| self.error(key, e))?)),
            Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => JsonPath::parse(s).map(Some).map_err(|e| self.error(key, e)),
            Some(_) => Err(self.error(key, "must be a path string or null")),
        }
    }

    pub fn path(&self, key: &str) -> Result<Option<JsonPath>, AslError> {
        self.string(key)?
            .map(|s| JsonPath::parse(s).map_err(|e| self.error(key, e)))
            .transpose()
    }

    pub fn template(&self, key: &str) -> Result<Option<Template>, AslError> {
        self.map
            .get(key)
            .map(|v| {
                Template::parse(v)
                    .map_err(|(at, why)| AslError::new(&join(&self.at(key), &at), why))
            })
            .transpose()
    }

    pub fn array(&self, key: &str) -> Result<Option<&'a Vec<Value>>, AslError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.error(key, "must be an array")),
        }
    }

    /// An `ErrorEquals` list: non-empty strings, `States.ALL` only alone.
    pub fn error_names(&self) -> Result<Vec<String>, AslError> {
        let items = self
            .array("ErrorEquals")?
            .ok_or_else(|| self.error("ErrorEquals", "is required"))?;
        if items.is_empty() {
            return Err(self.error("ErrorEquals", "must name at least one error"));
        }
        let names = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.error(&format!("ErrorEquals[{i}]"), "must be a string"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if names.len() > 1 && names.iter().any(|n| n == crate::asl::retry::ALL) {
            return Err(self.error("ErrorEquals", "States.ALL must appear alone"));
        }
        Ok(names)
    }
}
