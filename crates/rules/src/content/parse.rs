//! From JSON to a `Conjunction`: objects nest, arrays list a field's alternatives,
//! `$or` lists alternative sub-patterns.

use super::dialect::Dialect;
use super::error::RuleError;
use super::flat::PathKey;
use super::matcher::{Literal, Matcher};
use super::operators::parse_operator;
use super::tree::{Conjunction, FieldRule};
use serde_json::{Map, Value};

/// Parses a whole pattern document, which must be a non-empty object.
pub fn parse_document(document: &Value, dialect: &Dialect) -> Result<Conjunction, RuleError> {
    match document {
        Value::Object(map) => parse_object(map, "", dialect),
        _ => Err(RuleError::new("", "the pattern must be a JSON object")),
    }
}

fn parse_object(
    map: &Map<String, Value>,
    prefix: &str,
    dialect: &Dialect,
) -> Result<Conjunction, RuleError> {
    if map.is_empty() {
        return Err(RuleError::new(prefix, "empty objects are not allowed"));
    }
    let mut conjunction = Conjunction::default();
    for (key, value) in map {
        if key == "$or" {
            conjunction.any_of.push(parse_or(value, prefix, dialect)?);
            continue;
        }
        let path = join(prefix, key);
        match value {
            Value::Object(child) if dialect.nested => {
                let nested = parse_object(child, &path, dialect)?;
                conjunction.fields.extend(nested.fields);
                conjunction.any_of.extend(nested.any_of);
            }
            Value::Object(_) => {
                return Err(RuleError::new(
                    &path,
                    "nested objects are not allowed in this policy scope",
                ))
            }
            Value::Array(items) => conjunction.fields.push(parse_field(items, &path, dialect)?),
            _ => {
                return Err(RuleError::new(
                    &path,
                    "a field's value must be an array of alternatives, or an object",
                ))
            }
        }
    }
    Ok(conjunction)
}

fn parse_or(value: &Value, prefix: &str, dialect: &Dialect) -> Result<Vec<Conjunction>, RuleError> {
    let path = join(prefix, "$or");
    let items = value
        .as_array()
        .filter(|items| items.len() >= 2)
        .ok_or_else(|| RuleError::new(&path, "\"$or\" must be an array of at least two objects"))?;
    items
        .iter()
        .map(|item| match item {
            Value::Object(map) => parse_object(map, prefix, dialect),
            _ => Err(RuleError::new(
                &path,
                "every element of \"$or\" must be an object",
            )),
        })
        .collect()
}

fn parse_field(items: &[Value], path: &str, dialect: &Dialect) -> Result<FieldRule, RuleError> {
    if items.is_empty() {
        return Err(RuleError::new(path, "empty arrays are not allowed"));
    }
    let matchers = items
        .iter()
        .map(|item| parse_matcher(item, path, dialect))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FieldRule {
        path: PathKey::new(path),
        matchers,
    })
}

fn parse_matcher(item: &Value, path: &str, dialect: &Dialect) -> Result<Matcher, RuleError> {
    let literal = match item {
        Value::Null => Literal::Null,
        Value::Bool(b) => Literal::Bool(*b),
        Value::Number(n) => Literal::Number(number_within(
            n.as_f64().unwrap_or(f64::NAN),
            path,
            dialect,
        )?),
        Value::String(s) => Literal::String(s.clone()),
        Value::Array(_) => {
            return Err(RuleError::new(
                path,
                "arrays cannot be nested in a field's alternatives",
            ))
        }
        Value::Object(map) => return parse_operator_object(map, path, dialect),
    };
    Ok(Matcher::Exact(literal))
}

fn parse_operator_object(
    map: &Map<String, Value>,
    path: &str,
    dialect: &Dialect,
) -> Result<Matcher, RuleError> {
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((name, operand)), None) => {
            parse_operator(name, operand, dialect).map_err(|reason| RuleError::new(path, reason))
        }
        _ => Err(RuleError::new(
            path,
            "a match expression must be an object with exactly one operator",
        )),
    }
}

/// SNS bounds the numbers it compares; EventBridge does not.
fn number_within(value: f64, path: &str, dialect: &Dialect) -> Result<f64, RuleError> {
    match dialect.numeric_limit {
        Some(max) if value.abs() > max => Err(RuleError::new(
            path,
            format!("numeric value {value} is outside the range -{max} to {max}"),
        )),
        _ => Ok(value),
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
