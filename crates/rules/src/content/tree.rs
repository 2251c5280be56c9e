//! The shape of a parsed pattern: fields that must all match, plus `$or` groups
//! of which one alternative must match.

use super::flat::{FlatEvent, PathKey};
use super::matcher::Matcher;

/// All fields must match and every `$or` group must have a matching alternative.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conjunction {
    pub fields: Vec<FieldRule>,
    pub any_of: Vec<Vec<Conjunction>>,
}

/// One leaf of a pattern: a dotted path and the alternatives for its value.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRule {
    pub path: PathKey,
    pub matchers: Vec<Matcher>,
}

/// Why an event does not match, for narration: the first field that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The field is absent, and only `exists: false` could have accepted that.
    Missing { path: String },
    /// The field is present but none of its values satisfies any alternative.
    NoValueMatched { path: String },
    /// None of the alternatives of an `$or` matched.
    NoAlternative,
    /// A message-body policy met a body that is not a JSON object.
    NotJson,
}

impl Conjunction {
    pub fn matches(&self, event: &FlatEvent<'_>) -> bool {
        self.fields.iter().all(|field| field.matches(event)) && self.or_groups_match(event)
    }

    fn or_groups_match(&self, event: &FlatEvent<'_>) -> bool {
        self.any_of
            .iter()
            .all(|group| group.iter().any(|alt| alt.matches(event)))
    }

    /// The first reason, in pattern order, that the event does not match.
    pub fn mismatch(&self, event: &FlatEvent<'_>) -> Option<Mismatch> {
        if let Some(field) = self.fields.iter().find(|field| !field.matches(event)) {
            let path = field.path.as_str().to_string();
            let present = event.values(&field.path).next().is_some();
            return Some(if present {
                Mismatch::NoValueMatched { path }
            } else {
                Mismatch::Missing { path }
            });
        }
        (!self.or_groups_match(event)).then_some(Mismatch::NoAlternative)
    }
}

impl FieldRule {
    /// An absent field can only satisfy `exists: false`; `anything-but` and every
    /// other matcher need a value. A present field matches when any of its leaf
    /// values satisfies any matcher.
    pub fn matches(&self, event: &FlatEvent<'_>) -> bool {
        let mut values = event.values(&self.path).peekable();
        if values.peek().is_none() {
            return self.matchers.contains(&Matcher::Exists(false));
        }
        values.any(|value| self.matchers.iter().any(|m| m.matches_leaf(value)))
    }
}
