//! Parsing the rules of a Choice state.

use super::fields::Fields;
use crate::asl::choice::{comparison_operator, ChoiceRule, Operand, Test};
use crate::asl::error::AslError;
use crate::asl::json_path::JsonPath;
use crate::asl::timestamp::parse_timestamp;
use serde_json::Value;

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// A top-level rule, which must carry `Next`.
pub fn parse_top_rule(f: &Fields<'_>) -> Result<(ChoiceRule, String), AslError> {
    let next = f.required_string("Next")?.to_string();
    Ok((parse_rule(f, true, 0)?, next))
}

fn parse_rule(f: &Fields<'_>, top: bool, depth: usize) -> Result<ChoiceRule, AslError> {
    if depth > MAX_DEPTH {
        return Err(AslError::new(&f.path, "choice rules are nested too deeply"));
    }
    if !top && f.get("Next").is_some() {
        return Err(f.error("Next", "only top-level choice rules may have Next"));
    }
    let operators: Vec<&String> = f
        .map
        .keys()
        .filter(|k| !matches!(k.as_str(), "Next" | "Comment" | "Variable"))
        .collect();
    let [operator] = operators.as_slice() else {
        return Err(AslError::new(
            &f.path,
            "a choice rule needs exactly one operator (And, Or, Not or a comparison)",
        ));
    };
    let operand = f.get(operator).unwrap_or(&Value::Null);
    match operator.as_str() {
        "And" | "Or" => parse_list(f, operator, operand, depth),
        "Not" => {
            no_variable(f, operator)?;
            let inner = Fields::of(operand, &f.at("Not"))?;
            Ok(ChoiceRule::Not(Box::new(parse_rule(
                &inner,
                false,
                depth + 1,
            )?)))
        }
        name => parse_comparison(f, name, operand),
    }
}

fn parse_list(
    f: &Fields<'_>,
    operator: &str,
    operand: &Value,
    depth: usize,
) -> Result<ChoiceRule, AslError> {
    no_variable(f, operator)?;
    let items = operand
        .as_array()
        .filter(|items| !items.is_empty())
        .ok_or_else(|| f.error(operator, "must be a non-empty array of choice rules"))?;
    let rules = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            parse_rule(
                &Fields::of(item, &f.at(&format!("{operator}[{i}]")))?,
                false,
                depth + 1,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if operator == "And" {
        ChoiceRule::And(rules)
    } else {
        ChoiceRule::Or(rules)
    })
}

fn no_variable(f: &Fields<'_>, operator: &str) -> Result<(), AslError> {
    match f.get("Variable") {
        Some(_) => Err(f.error("Variable", format!("is not allowed with {operator}"))),
        None => Ok(()),
    }
}

fn parse_comparison(f: &Fields<'_>, name: &str, operand: &Value) -> Result<ChoiceRule, AslError> {
    let variable = f
        .path("Variable")?
        .ok_or_else(|| f.error("Variable", "is required for a comparison"))?;
    let test = parse_test(name, operand).map_err(|reason| f.error(name, reason))?;
    Ok(ChoiceRule::Compare { variable, test })
}

fn parse_test(name: &str, operand: &Value) -> Result<Test, String> {
    let flag = || {
        operand
            .as_bool()
            .ok_or_else(|| format!("{name} expects true or false"))
    };
    match name {
        "IsPresent" => return flag().map(Test::IsPresent),
        "IsNull" => return flag().map(Test::IsNull),
        "IsNumeric" => return flag().map(Test::IsNumeric),
        "IsString" => return flag().map(Test::IsString),
        "IsBoolean" => return flag().map(Test::IsBoolean),
        "IsTimestamp" => return flag().map(Test::IsTimestamp),
        "StringMatches" => {
            return operand
                .as_str()
                .map(|s| Test::StringMatches(s.to_string()))
                .ok_or_else(|| "StringMatches expects a string".into())
        }
        _ => {}
    }
    let (kind, relation, is_path) =
        comparison_operator(name).ok_or_else(|| format!("\"{name}\" is not a choice operator"))?;
    let operand = if is_path {
        let text = operand
            .as_str()
            .ok_or_else(|| format!("{name} expects a path string"))?;
        Operand::Path(JsonPath::parse(text)?)
    } else {
        check_literal(kind, operand).map_err(|expected| format!("{name} expects {expected}"))?;
        Operand::Literal(operand.clone())
    };
    Ok(Test::Compare {
        kind,
        relation,
        operand,
    })
}

fn check_literal(kind: crate::asl::choice::Kind, operand: &Value) -> Result<(), &'static str> {
    use crate::asl::choice::Kind;
    let ok = match kind {
        Kind::String => operand.is_string(),
        Kind::Numeric => operand.is_number(),
        Kind::Boolean => operand.is_boolean(),
        Kind::Timestamp => operand.as_str().and_then(parse_timestamp).is_some(),
    };
    if ok {
        return Ok(());
    }
    Err(match kind {
        Kind::String => "a string",
        Kind::Numeric => "a number",
        Kind::Boolean => "true or false",
        Kind::Timestamp => "an RFC 3339 timestamp string",
    })
}
