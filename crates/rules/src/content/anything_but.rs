//! The operand of `anything-but`: a value, a list of values of one type, or an
//! object holding one of `prefix`, `suffix`, `wildcard`, `equals-ignore-case`.

use super::dialect::Dialect;
use super::matcher::{AnythingBut, Literal};
use super::operators::string_operand;
use super::wildcard::Wildcard;
use serde_json::Value;

pub fn parse_anything_but(operand: &Value, dialect: &Dialect) -> Result<AnythingBut, String> {
    match operand {
        Value::String(s) => Ok(AnythingBut::Literals(vec![Literal::String(s.clone())])),
        Value::Number(n) => Ok(AnythingBut::Literals(vec![Literal::Number(
            n.as_f64().unwrap_or(f64::NAN),
        )])),
        Value::Array(items) => literal_list(items).map(AnythingBut::Literals),
        Value::Object(map) => {
            let mut entries = map.iter();
            match (entries.next(), entries.next()) {
                (Some((name, inner)), None) => nested_operator(name, inner, dialect),
                _ => Err("\"anything-but\" accepts exactly one operator inside an object".into()),
            }
        }
        _ => Err(
            "\"anything-but\" expects a string, a number, a list of them, or an operator object"
                .into(),
        ),
    }
}

/// Lists must be non-empty and all strings or all numbers.
fn literal_list(items: &[Value]) -> Result<Vec<Literal>, String> {
    let all_strings = items.iter().all(Value::is_string);
    let all_numbers = items.iter().all(Value::is_number);
    if items.is_empty() || !(all_strings || all_numbers) {
        return Err("an \"anything-but\" list must hold only strings or only numbers".into());
    }
    Ok(items
        .iter()
        .map(|v| match v {
            Value::String(s) => Literal::String(s.clone()),
            other => Literal::Number(other.as_f64().unwrap_or(f64::NAN)),
        })
        .collect())
}

fn nested_operator(name: &str, inner: &Value, dialect: &Dialect) -> Result<AnythingBut, String> {
    match name {
        "prefix" => non_empty_strings(inner, name).map(AnythingBut::Prefixes),
        "suffix" => non_empty_strings(inner, name).map(AnythingBut::Suffixes),
        "wildcard" if dialect.wildcard => strings(inner, name)?
            .iter()
            .map(|s| Wildcard::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map(AnythingBut::Wildcards),
        "equals-ignore-case" if dialect.ignore_case_variants => Ok(AnythingBut::IgnoreCase(
            strings(inner, name)?
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
        )),
        other => Err(format!(
            "unsupported operator \"{other}\" inside \"anything-but\""
        )),
    }
}

/// A string or a non-empty list of strings.
fn strings(value: &Value, name: &str) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| string_operand(item, name).map(str::to_string))
            .collect(),
        Value::Array(_) => Err(format!(
            "\"{name}\" inside \"anything-but\" needs at least one value"
        )),
        single => string_operand(single, name).map(|s| vec![s.to_string()]),
    }
}

/// An empty prefix or suffix would exclude everything, so the service refuses it.
fn non_empty_strings(value: &Value, name: &str) -> Result<Vec<String>, String> {
    let list = strings(value, name)?;
    if list.iter().any(String::is_empty) {
        return Err(format!(
            "\"{name}\" inside \"anything-but\" cannot be empty"
        ));
    }
    Ok(list)
}
