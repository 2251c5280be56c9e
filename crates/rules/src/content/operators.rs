//! Operator objects such as `{"prefix": "us-"}`: names are case-sensitive and
//! each operator checks the type of its operand.

use super::anything_but::parse_anything_but;
use super::cidr::Cidr;
use super::dialect::Dialect;
use super::matcher::Matcher;
use super::numeric::NumericRange;
use super::wildcard::Wildcard;
use serde_json::Value;

/// Parses one operator; the error is the reason, the caller adds the path.
pub fn parse_operator(name: &str, operand: &Value, dialect: &Dialect) -> Result<Matcher, String> {
    match name {
        "prefix" => affix(operand, dialect, "prefix")
            .map(|(text, ignore_case)| Matcher::Prefix { text, ignore_case }),
        "suffix" => affix(operand, dialect, "suffix")
            .map(|(text, ignore_case)| Matcher::Suffix { text, ignore_case }),
        "equals-ignore-case" => {
            string_operand(operand, name).map(|s| Matcher::EqualsIgnoreCase(s.to_lowercase()))
        }
        "wildcard" if dialect.wildcard => {
            Wildcard::parse(string_operand(operand, name)?).map(Matcher::Wildcard)
        }
        "numeric" => NumericRange::parse(operand, dialect.numeric_limit).map(Matcher::Numeric),
        "exists" => operand
            .as_bool()
            .map(Matcher::Exists)
            .ok_or_else(|| "\"exists\" expects true or false".into()),
        "cidr" => Cidr::parse(string_operand(operand, name)?).map(Matcher::Cidr),
        "anything-but" => parse_anything_but(operand, dialect).map(Matcher::AnythingBut),
        other => Err(format!("unrecognized match type \"{other}\"")),
    }
}

/// `"text"` or, where the dialect allows it, `{"equals-ignore-case": "text"}`.
fn affix(operand: &Value, dialect: &Dialect, name: &str) -> Result<(String, bool), String> {
    match operand {
        Value::String(s) => Ok((s.clone(), false)),
        Value::Object(map) if dialect.ignore_case_variants => {
            let mut entries = map.iter();
            match (entries.next(), entries.next()) {
                (Some((key, inner)), None) if key == "equals-ignore-case" => {
                    Ok((string_operand(inner, key)?.to_lowercase(), true))
                }
                _ => Err(format!(
                    "\"{name}\" accepts only \"equals-ignore-case\" inside an object"
                )),
            }
        }
        _ => Err(format!("\"{name}\" expects a string")),
    }
}

pub fn string_operand<'v>(operand: &'v Value, name: &str) -> Result<&'v str, String> {
    operand
        .as_str()
        .ok_or_else(|| format!("\"{name}\" expects a string"))
}
