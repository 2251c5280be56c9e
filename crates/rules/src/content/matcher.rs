//! One entry of a field's array in a pattern, and how it tests one leaf value.

use super::cidr::{Cidr, IpAddr};
use super::numeric::NumericRange;
use super::wildcard::Wildcard;
use serde_json::Value;

/// A JSON scalar written in a pattern for exact matching.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

/// Texts compared ignoring case are stored lowercased once, at parse time.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    Exact(Literal),
    Prefix { text: String, ignore_case: bool },
    Suffix { text: String, ignore_case: bool },
    EqualsIgnoreCase(String),
    Wildcard(Wildcard),
    Numeric(NumericRange),
    Exists(bool),
    Cidr(Cidr),
    AnythingBut(AnythingBut),
}

/// What `anything-but` excludes. A value of another type than the excluded ones
/// is "anything but" them, so it matches (null and numbers pass a prefix test).
#[derive(Debug, Clone, PartialEq)]
pub enum AnythingBut {
    Literals(Vec<Literal>),
    Prefixes(Vec<String>),
    Suffixes(Vec<String>),
    Wildcards(Vec<Wildcard>),
    IgnoreCase(Vec<String>),
}

impl Matcher {
    /// Whether the matcher accepts one present leaf value. `exists` is decided by
    /// the caller, which knows whether the field is present at all.
    pub fn matches_leaf(&self, value: &Value) -> bool {
        match self {
            Matcher::Exact(literal) => literal.equals(value),
            Matcher::Prefix { text, ignore_case } => value
                .as_str()
                .is_some_and(|s| has_prefix(s, text, *ignore_case)),
            Matcher::Suffix { text, ignore_case } => value
                .as_str()
                .is_some_and(|s| has_suffix(s, text, *ignore_case)),
            Matcher::EqualsIgnoreCase(text) => {
                value.as_str().is_some_and(|s| eq_ignore_case(s, text))
            }
            Matcher::Wildcard(w) => value.as_str().is_some_and(|s| w.matches(s)),
            Matcher::Numeric(range) => value.as_f64().is_some_and(|x| range.contains(x)),
            Matcher::Exists(wanted) => *wanted,
            Matcher::Cidr(block) => value
                .as_str()
                .and_then(IpAddr::parse)
                .is_some_and(|ip| block.contains(ip)),
            Matcher::AnythingBut(excluded) => !excluded.excludes(value),
        }
    }
}

impl AnythingBut {
    fn excludes(&self, value: &Value) -> bool {
        match self {
            AnythingBut::Literals(list) => list.iter().any(|l| l.equals(value)),
            AnythingBut::Prefixes(list) => value
                .as_str()
                .is_some_and(|s| list.iter().any(|p| has_prefix(s, p, false))),
            AnythingBut::Suffixes(list) => value
                .as_str()
                .is_some_and(|s| list.iter().any(|p| has_suffix(s, p, false))),
            AnythingBut::Wildcards(list) => value
                .as_str()
                .is_some_and(|s| list.iter().any(|w| w.matches(s))),
            AnythingBut::IgnoreCase(list) => value
                .as_str()
                .is_some_and(|s| list.iter().any(|t| eq_ignore_case(s, t))),
        }
    }
}

impl Literal {
    /// Numbers compare by value, so 300 in a pattern matches 300.0 in an event.
    pub fn equals(&self, value: &Value) -> bool {
        match (self, value) {
            (Literal::Null, Value::Null) => true,
            (Literal::Bool(a), Value::Bool(b)) => a == b,
            (Literal::Number(a), Value::Number(b)) => b.as_f64().is_some_and(|b| *a == b),
            (Literal::String(a), Value::String(b)) => a == b,
            _ => false,
        }
    }
}

fn lower(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

/// `lowered` is already lowercase (parse time), so only the event side is
/// folded. ASCII text takes a byte-wise fast path; anything else is folded
/// char by char (a non-ASCII char can fold to ASCII, so the fast path needs
/// the compared bytes of both sides to be ASCII).
fn eq_ignore_case(text: &str, lowered: &str) -> bool {
    if text.is_ascii() && lowered.is_ascii() {
        return text.eq_ignore_ascii_case(lowered);
    }
    lower(text).eq(lowered.chars())
}

fn has_prefix(text: &str, prefix: &str, ignore_case: bool) -> bool {
    if !ignore_case {
        return text.starts_with(prefix);
    }
    if let Some(head) = text
        .as_bytes()
        .get(..prefix.len())
        .filter(|h| h.is_ascii() && prefix.is_ascii())
    {
        return head.eq_ignore_ascii_case(prefix.as_bytes());
    }
    let mut folded = lower(text);
    prefix.chars().all(|p| folded.next() == Some(p))
}

fn has_suffix(text: &str, suffix: &str, ignore_case: bool) -> bool {
    if !ignore_case {
        return text.ends_with(suffix);
    }
    let tail = text
        .len()
        .checked_sub(suffix.len())
        .and_then(|start| text.as_bytes().get(start..));
    if let Some(tail) = tail.filter(|t| t.is_ascii() && suffix.is_ascii()) {
        return tail.eq_ignore_ascii_case(suffix.as_bytes());
    }
    // Both sides walked from the end; a char may lowercase to several chars,
    // which `rev` keeps in the right order.
    let mut folded = text.chars().rev().flat_map(|c| c.to_lowercase().rev());
    suffix.chars().rev().all(|s| folded.next() == Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_case_fast_and_unicode_paths() {
        assert!(eq_ignore_case("HeLLo", "hello"));
        assert!(eq_ignore_case("ÄBC", "äbc"));
        assert!(!eq_ignore_case("ÄBC", "abc"));
        assert!(has_prefix("EventBridge", "eventb", true));
        assert!(has_prefix("ÉvEnt", "év", true));
        assert!(!has_prefix("Ev", "eventb", true));
        assert!(has_suffix("FILE.PNG", ".png", true));
        assert!(has_suffix("CAFÉ", "fé", true));
        assert!(has_suffix("x\u{212A}", "k", true));
        assert!(!has_suffix("g", ".png", true));
    }
}
