//! Choice rules: comparisons of a variable against a literal or another path,
//! type tests, and And/Or/Not.

use super::context::Context;
use super::json_path::JsonPath;
use super::timestamp::parse_timestamp;
use super::wildcard_match::string_matches;
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceRule {
    And(Vec<ChoiceRule>),
    Or(Vec<ChoiceRule>),
    Not(Box<ChoiceRule>),
    Compare { variable: JsonPath, test: Test },
}

/// What is tested about the variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Compare {
        kind: Kind,
        relation: Relation,
        operand: Operand,
    },
    StringMatches(String),
    IsPresent(bool),
    IsNull(bool),
    IsNumeric(bool),
    IsString(bool),
    IsBoolean(bool),
    IsTimestamp(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Literal(Value),
    Path(JsonPath),
}

/// A comparison that cannot be evaluated: the service fails the execution
/// with `States.Runtime` when a compared variable is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPath;

impl ChoiceRule {
    /// Evaluates against the state's input; `$$` paths read the context object.
    pub fn evaluate(&self, input: &Value, context: &Context<'_>) -> Result<bool, MissingPath> {
        match self {
            ChoiceRule::And(rules) => all(rules, input, context),
            ChoiceRule::Or(rules) => any(rules, input, context),
            ChoiceRule::Not(rule) => rule.evaluate(input, context).map(|b| !b),
            ChoiceRule::Compare { variable, test } => {
                test.evaluate(variable.resolve(input, context), input, context)
            }
        }
    }
}

fn all(rules: &[ChoiceRule], input: &Value, context: &Context<'_>) -> Result<bool, MissingPath> {
    for rule in rules {
        if !rule.evaluate(input, context)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn any(rules: &[ChoiceRule], input: &Value, context: &Context<'_>) -> Result<bool, MissingPath> {
    for rule in rules {
        if rule.evaluate(input, context)? {
            return Ok(true);
        }
    }
    Ok(false)
}

impl Test {
    fn evaluate(
        &self,
        value: Option<&Value>,
        input: &Value,
        context: &Context<'_>,
    ) -> Result<bool, MissingPath> {
        if let Test::IsPresent(wanted) = self {
            return Ok(value.is_some() == *wanted);
        }
        let value = value.ok_or(MissingPath)?;
        Ok(match self {
            Test::Compare {
                kind,
                relation,
                operand,
            } => {
                let other = match operand {
                    Operand::Literal(v) => v,
                    Operand::Path(path) => path.resolve(input, context).ok_or(MissingPath)?,
                };
                compare(*kind, value, other).is_some_and(|order| relation.holds(order))
            }
            Test::StringMatches(pattern) => {
                value.as_str().is_some_and(|s| string_matches(pattern, s))
            }
            Test::IsPresent(_) => true,
            Test::IsNull(wanted) => value.is_null() == *wanted,
            Test::IsNumeric(wanted) => value.is_number() == *wanted,
            Test::IsString(wanted) => value.is_string() == *wanted,
            Test::IsBoolean(wanted) => value.is_boolean() == *wanted,
            Test::IsTimestamp(wanted) => {
                value.as_str().and_then(parse_timestamp).is_some() == *wanted
            }
        })
    }
}

impl Relation {
    fn holds(self, order: Ordering) -> bool {
        match self {
            Relation::Equals => order == Ordering::Equal,
            Relation::LessThan => order == Ordering::Less,
            Relation::GreaterThan => order == Ordering::Greater,
            Relation::LessThanEquals => order != Ordering::Greater,
            Relation::GreaterThanEquals => order != Ordering::Less,
        }
    }
}

/// The order of two values of the comparison's kind; None when either value is
/// of another type, which makes the comparison false rather than an error.
fn compare(kind: Kind, left: &Value, right: &Value) -> Option<Ordering> {
    match kind {
        Kind::String => Some(left.as_str()?.cmp(right.as_str()?)),
        Kind::Numeric => left.as_f64()?.partial_cmp(&right.as_f64()?),
        Kind::Boolean => Some(left.as_bool()?.cmp(&right.as_bool()?)),
        Kind::Timestamp => {
            Some(parse_timestamp(left.as_str()?)?.cmp(&parse_timestamp(right.as_str()?)?))
        }
    }
}

/// Maps an ASL operator name to its test shape, or None if it is not one.
pub fn comparison_operator(name: &str) -> Option<(Kind, Relation, bool)> {
    let (is_path, base) = match name.strip_suffix("Path") {
        Some(base) => (true, base),
        None => (false, name),
    };
    let (kind, relation) = base
        .strip_prefix("String")
        .map(|r| (Kind::String, r))
        .or_else(|| base.strip_prefix("Numeric").map(|r| (Kind::Numeric, r)))
        .or_else(|| base.strip_prefix("Boolean").map(|r| (Kind::Boolean, r)))
        .or_else(|| base.strip_prefix("Timestamp").map(|r| (Kind::Timestamp, r)))?;
    let relation = match relation {
        "Equals" => Relation::Equals,
        "LessThan" if kind != Kind::Boolean => Relation::LessThan,
        "GreaterThan" if kind != Kind::Boolean => Relation::GreaterThan,
        "LessThanEquals" if kind != Kind::Boolean => Relation::LessThanEquals,
        "GreaterThanEquals" if kind != Kind::Boolean => Relation::GreaterThanEquals,
        _ => return None,
    };
    Some((kind, relation, is_path))
}
