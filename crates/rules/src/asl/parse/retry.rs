//! Parsing Retry and Catch arrays.

use super::fields::Fields;
use crate::asl::error::AslError;
use crate::asl::retry::{Catcher, Jitter, Retrier, ALL};

/// The service's bounds on retrier fields.
const MAX_ATTEMPTS: u64 = 99_999_999;
const MAX_SECONDS: u64 = 31_622_400;

pub fn parse_retry(state: &Fields<'_>) -> Result<Vec<Retrier>, AslError> {
    let Some(items) = state.array("Retry")? else {
        return Ok(Vec::new());
    };
    let retriers = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_retrier(&Fields::of(item, &state.at(&format!("Retry[{i}]")))?))
        .collect::<Result<Vec<_>, _>>()?;
    check_all_is_last(retriers.iter().map(|r| &r.error_equals), &state.at("Retry"))?;
    Ok(retriers)
}

fn parse_retrier(f: &Fields<'_>) -> Result<Retrier, AslError> {
    f.only(
        &[
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment",
        ],
        "a retrier",
    )?;
    let defaults = Retrier::default();
    let backoff_rate = f.number("BackoffRate")?.unwrap_or(defaults.backoff_rate);
    if backoff_rate < 1.0 {
        return Err(f.error("BackoffRate", "must be at least 1.0"));
    }
    let jitter = match f.string("JitterStrategy")? {
        None | Some("NONE") => Jitter::None,
        Some("FULL") => Jitter::Full,
        Some(_) => return Err(f.error("JitterStrategy", "must be FULL or NONE")),
    };
    Ok(Retrier {
        error_equals: f.error_names()?,
        interval_seconds: f
            .integer("IntervalSeconds", 1, MAX_SECONDS)?
            .unwrap_or(defaults.interval_seconds),
        max_attempts: f
            .integer("MaxAttempts", 0, MAX_ATTEMPTS)?
            .unwrap_or(defaults.max_attempts),
        backoff_rate,
        max_delay_seconds: f.integer("MaxDelaySeconds", 1, MAX_SECONDS)?,
        jitter,
    })
}

pub fn parse_catch(state: &Fields<'_>) -> Result<Vec<Catcher>, AslError> {
    let Some(items) = state.array("Catch")? else {
        return Ok(Vec::new());
    };
    let catchers = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_catcher(&Fields::of(item, &state.at(&format!("Catch[{i}]")))?))
        .collect::<Result<Vec<_>, _>>()?;
    check_all_is_last(catchers.iter().map(|c| &c.error_equals), &state.at("Catch"))?;
    Ok(catchers)
}

fn parse_catcher(f: &Fields<'_>) -> Result<Catcher, AslError> {
    f.only(
        &["ErrorEquals", "Next", "ResultPath", "Comment"],
        "a catcher",
    )?;
    Ok(Catcher {
        error_equals: f.error_names()?,
        next: f.required_string("Next")?.to_string(),
        result_path: f.nullable_path("ResultPath")?,
    })
}

/// A `States.ALL` entry must be the last one, since nothing after it could run.
fn check_all_is_last<'v>(
    lists: impl Iterator<Item = &'v Vec<String>>,
    path: &str,
) -> Result<(), AslError> {
    let lists: Vec<_> = lists.collect();
    let last = lists.len().saturating_sub(1);
    match lists
        .iter()
        .position(|names| names.iter().any(|n| n == ALL))
    {
        Some(i) if i != last => Err(AslError::new(
            &format!("{path}[{i}].ErrorEquals"),
            "States.ALL must be in the last entry",
        )),
        _ => Ok(()),
    }
}
