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

impl Conjunction {
    pub fn matches(&self, event: &FlatEvent<'_>) -> bool {
        self.fields.iter().all(|field| field.matches(event))
            && self
                .any_of
                .iter()
                .all(|group| group.iter().any(|alt| alt.matches(event)))
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
