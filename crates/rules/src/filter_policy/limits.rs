//! The documented limits of SNS filter policies, checked after parsing.

use crate::content::tree::Conjunction;
use crate::RuleError;
use std::collections::BTreeSet;

pub const MAX_KEYS: usize = 5;
pub const MAX_COMBINATIONS: u64 = 150;
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

pub fn check_limits(root: &Conjunction, policy_bytes: usize) -> Result<(), RuleError> {
    if policy_bytes > MAX_POLICY_BYTES {
        return Err(RuleError::new("", format!("the filter policy is {policy_bytes} bytes; the maximum is {MAX_POLICY_BYTES}")));
    }
    let keys = distinct_keys(root);
    if keys.len() > MAX_KEYS {
        return Err(RuleError::new("", format!("the filter policy has {} keys; the maximum is {MAX_KEYS}", keys.len())));
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

/// Leaf keys only: in a nested (message body) policy the objects on the way
/// to a leaf do not count.
fn distinct_keys(root: &Conjunction) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    root.for_each_field(&mut |field| {
        keys.insert(field.path.as_str().to_string());
    });
    keys
}

/// The product of the number of values of every key; an `$or` contributes the
/// sum of its alternatives. Saturating, so absurd policies cannot overflow.
fn combinations(conjunction: &Conjunction) -> u64 {
    let fields = conjunction.fields.iter().fold(1u64, |acc, f| acc.saturating_mul(f.matchers.len() as u64));
    conjunction.any_of.iter().fold(fields, |acc, group| {
        let alternatives = group.iter().fold(0u64, |sum, alt| sum.saturating_add(combinations(alt)));
        acc.saturating_mul(alternatives)
    })
}
