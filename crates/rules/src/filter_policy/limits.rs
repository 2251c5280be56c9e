//! The documented limits of SNS filter policies, checked after parsing.

use crate::content::tree::Conjunction;
use crate::RuleError;
use serde_json::Value;
use std::collections::BTreeSet;

pub const MAX_KEYS: usize = 5;
pub const MAX_COMBINATIONS: u64 = 150;
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

pub fn check_limits(
    policy: &Value,
    root: &Conjunction,
    policy_bytes: usize,
) -> Result<(), RuleError> {
    if policy_bytes > MAX_POLICY_BYTES {
        return Err(RuleError::new(
            "",
            format!("the filter policy is {policy_bytes} bytes; the maximum is {MAX_POLICY_BYTES}"),
        ));
    }
    let keys = top_level_keys(policy);
    if keys.len() > MAX_KEYS {
        return Err(RuleError::new(
            "",
            format!(
                "the filter policy has {} keys; the maximum is {MAX_KEYS}",
                keys.len()
            ),
        ));
    }
    let combinations = combinations(root);
    if combinations > MAX_COMBINATIONS {
        return Err(RuleError::new(
            "",
            format!("the filter policy has {combinations} value combinations; the maximum is {MAX_COMBINATIONS}"),
        ));
    }
    Ok(())
}

/// The keys that count: the policy's top-level keys (nested keys of a message
/// body policy do not count, as the SNS documentation states), with the
/// top-level keys of every `$or` alternative, each name once.
fn top_level_keys(policy: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let Some(map) = policy.as_object() else {
        return keys;
    };
    for (key, value) in map {
        if key == "$or" {
            for alternative in value.as_array().into_iter().flatten() {
                keys.extend(top_level_keys(alternative));
            }
        } else {
            keys.insert(key.clone());
        }
    }
    keys
}

/// The product of the number of values of every key; an `$or` contributes the
/// sum of its alternatives. Saturating, so absurd policies cannot overflow.
fn combinations(conjunction: &Conjunction) -> u64 {
    let fields = conjunction
        .fields
        .iter()
        .fold(1u64, |acc, f| acc.saturating_mul(f.matchers.len() as u64));
    conjunction.any_of.iter().fold(fields, |acc, group| {
        let alternatives = group
            .iter()
            .fold(0u64, |sum, alt| sum.saturating_add(combinations(alt)));
        acc.saturating_mul(alternatives)
    })
}
