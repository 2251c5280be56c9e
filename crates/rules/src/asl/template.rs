//! Payload templates (Parameters, ResultSelector, ItemSelector): keys ending in
//! `.$` take their value from a path or an intrinsic function at run time.

use super::intrinsics::{Intrinsic, Scope};
use super::json_path::JsonPath;
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    Object(Vec<(String, Template)>),
    Array(Vec<Template>),
    Literal(Value),
    Path(JsonPath),
    Call(Intrinsic),
}

impl Template {
    /// Parses a template; the error names the offending key with a dotted suffix.
    pub fn parse(value: &Value) -> Result<Template, (String, String)> {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(key, child)| {
                    parse_entry(key, child).map_err(|(at, why)| (join(key, &at), why))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Template::Object),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    Template::parse(item).map_err(|(at, why)| (join(&format!("[{i}]"), &at), why))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Template::Array),
            scalar => Ok(Template::Literal(scalar.clone())),
        }
    }

    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, String> {
        match self {
            Template::Literal(v) => Ok(v.clone()),
            Template::Call(call) => call.evaluate(scope),
            Template::Path(path) => path
                .resolve(scope.input, scope.context)
                .cloned()
                .ok_or_else(|| "a path in the payload template was not found in the input".into()),
            Template::Array(items) => items
                .iter()
                .map(|t| t.evaluate(scope))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Template::Object(entries) => {
                let mut map = Map::new();
                for (key, template) in entries {
                    map.insert(key.clone(), template.evaluate(scope)?);
                }
                Ok(Value::Object(map))
            }
        }
    }
}

fn parse_entry(key: &str, value: &Value) -> Result<(String, Template), (String, String)> {
    let Some(name) = key.strip_suffix(".$") else {
        return Template::parse(value).map(|t| (key.to_string(), t));
    };
    let text = value.as_str().ok_or_else(|| {
        (
            String::new(),
            "a field ending in \".$\" needs a path or an intrinsic function".to_string(),
        )
    })?;
    let template = if text.starts_with("States.") {
        Intrinsic::parse(text).map(Template::Call)
    } else {
        JsonPath::parse(text).map(Template::Path)
    };
    template
        .map(|t| (name.to_string(), t))
        .map_err(|why| (String::new(), why))
}

/// Joins a key and the path below it: `a` + `b` is `a.b`, `a` + `[0]` is `a[0]`.
pub fn join(head: &str, rest: &str) -> String {
    if head.is_empty() || rest.starts_with('[') || rest.is_empty() {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}
