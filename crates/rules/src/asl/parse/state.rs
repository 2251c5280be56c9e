//! Parsing one state: its type-specific fields and the common I/O fields.

use super::choice::parse_top_rule;
use super::fields::Fields;
use super::machine::parse_machine_at;
use super::retry::{parse_catch, parse_retry};
use crate::asl::definition::{State, StateKind, WaitFor};
use crate::asl::error::AslError;
use crate::asl::timestamp::parse_timestamp;
use serde_json::Value;
use std::sync::Arc;

const MAX_SECONDS: u64 = 99_999_999;

/// The fields each state type accepts besides `Type` and `Comment`.
fn allowed_fields(type_name: &str) -> Option<&'static [&'static str]> {
    Some(match type_name {
        "Pass" => &[
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "Result",
            "Next",
            "End",
        ],
        "Task" => &[
            "Resource",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "Next",
            "End",
        ],
        "Choice" => &["Choices", "Default", "InputPath", "OutputPath"],
        "Wait" => &[
            "Seconds",
            "Timestamp",
            "SecondsPath",
            "TimestampPath",
            "InputPath",
            "OutputPath",
            "Next",
            "End",
        ],
        "Succeed" => &["InputPath", "OutputPath"],
        "Fail" => &["Error", "Cause"],
        "Parallel" => &[
            "Branches",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Next",
            "End",
        ],
        "Map" => &[
            "ItemProcessor",
            "Iterator",
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "MaxConcurrency",
            "InputPath",
            "OutputPath",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Next",
            "End",
        ],
        _ => return None,
    })
}

pub fn parse_state(value: &Value, path: &str, depth: usize) -> Result<State, AslError> {
    let f = Fields::of(value, path)?;
    let type_name = f.required_string("Type")?;
    let allowed = allowed_fields(type_name)
        .ok_or_else(|| f.error("Type", format!("\"{type_name}\" is not a state type")))?;
    let mut all: Vec<&str> = vec!["Type", "Comment"];
    all.extend_from_slice(allowed);
    f.only(&all, &format!("{type_name} states"))?;
    let kind = parse_kind(&f, type_name, depth)?;
    let next = parse_transition(&f, &kind)?;
    Ok(State {
        input_path: f.nullable_path("InputPath")?,
        output_path: f.nullable_path("OutputPath")?,
        result_path: f.nullable_path("ResultPath")?,
        parameters: f.template("Parameters")?,
        result_selector: f.template("ResultSelector")?,
        retry: parse_retry(&f)?,
        catch: parse_catch(&f)?,
        kind,
        next,
    })
}

/// Exactly one of `Next` and `"End": true`, except for states that never transition.
fn parse_transition(f: &Fields<'_>, kind: &StateKind) -> Result<Option<String>, AslError> {
    if matches!(
        kind,
        StateKind::Choice { .. } | StateKind::Succeed | StateKind::Fail { .. }
    ) {
        return Ok(None);
    }
    let next = f.string("Next")?;
    let end = f.bool("End")?.unwrap_or(false);
    match (next, end) {
        (Some(_), true) => Err(f.error("End", "cannot be combined with Next")),
        (Some(name), false) => Ok(Some(name.to_string())),
        (None, true) => Ok(None),
        (None, false) => Err(AslError::new(&f.path, "needs either Next or \"End\": true")),
    }
}

fn parse_kind(f: &Fields<'_>, type_name: &str, depth: usize) -> Result<StateKind, AslError> {
    Ok(match type_name {
        "Pass" => StateKind::Pass {
            result: f.get("Result").cloned(),
        },
        "Task" => StateKind::Task {
            resource: f.required_string("Resource")?.to_string(),
            timeout_seconds: f.integer("TimeoutSeconds", 1, MAX_SECONDS)?,
        },
        "Choice" => parse_choice(f)?,
        "Wait" => StateKind::Wait(parse_wait(f)?),
        "Succeed" => StateKind::Succeed,
        "Fail" => StateKind::Fail {
            error: f.string("Error")?.unwrap_or("States.Fail").to_string(),
            cause: f.string("Cause")?.unwrap_or("").to_string(),
        },
        "Parallel" => parse_parallel(f, depth)?,
        _ => parse_map(f, depth)?,
    })
}

fn parse_choice(f: &Fields<'_>) -> Result<StateKind, AslError> {
    let items = f
        .array("Choices")?
        .filter(|c| !c.is_empty())
        .ok_or_else(|| f.error("Choices", "must be a non-empty array"))?;
    let choices = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_top_rule(&Fields::of(item, &f.at(&format!("Choices[{i}]")))?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StateKind::Choice {
        choices,
        default: f.string("Default")?.map(str::to_string),
    })
}

fn parse_wait(f: &Fields<'_>) -> Result<WaitFor, AslError> {
    let given: Vec<&str> = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
        .into_iter()
        .filter(|k| f.get(k).is_some())
        .collect();
    let [which] = given.as_slice() else {
        return Err(AslError::new(
            &f.path,
            "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
        ));
    };
    Ok(match *which {
        "Seconds" => WaitFor::Seconds(f.integer("Seconds", 0, MAX_SECONDS)?.unwrap_or(0)),
        "Timestamp" => {
            let text = f.required_string("Timestamp")?;
            WaitFor::Timestamp(
                parse_timestamp(text)
                    .ok_or_else(|| f.error("Timestamp", "must be an RFC 3339 timestamp"))?,
            )
        }
        "SecondsPath" => WaitFor::SecondsPath(
            f.path("SecondsPath")?
                .ok_or_else(|| f.error("SecondsPath", "is required"))?,
        ),
        _ => WaitFor::TimestampPath(
            f.path("TimestampPath")?
                .ok_or_else(|| f.error("TimestampPath", "is required"))?,
        ),
    })
}

fn parse_parallel(f: &Fields<'_>, depth: usize) -> Result<StateKind, AslError> {
    let items = f
        .array("Branches")?
        .filter(|b| !b.is_empty())
        .ok_or_else(|| f.error("Branches", "must be a non-empty array"))?;
    let branches = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            parse_machine_at(item, &f.at(&format!("Branches[{i}]")), depth + 1).map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StateKind::Parallel { branches })
}

fn parse_map(f: &Fields<'_>, depth: usize) -> Result<StateKind, AslError> {
    let key = if f.get("ItemProcessor").is_some() {
        "ItemProcessor"
    } else {
        "Iterator"
    };
    let body = f
        .get(key)
        .ok_or_else(|| f.error("ItemProcessor", "is required"))?;
    let processor = parse_machine_at(body, &f.at(key), depth + 1)?;
    let selector_key = if f.get("ItemSelector").is_some() {
        "ItemSelector"
    } else {
        "Parameters"
    };
    Ok(StateKind::Map {
        processor: Arc::new(processor),
        items_path: f.path("ItemsPath")?,
        item_selector: f.template(selector_key)?,
        max_concurrency: f
            .integer("MaxConcurrency", 0, u64::from(u32::MAX))?
            .unwrap_or(0),
    })
}
