//! The one error type of the content-filter parsers: where the problem is and why.

use std::fmt;

/// A pattern or policy was rejected. `path` names the offending field with dots
/// (empty for the document itself); `reason` says what the service would say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub path: String,
    pub reason: String,
}

impl RuleError {
    pub fn new(path: &str, reason: impl Into<String>) -> Self {
        RuleError {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "at \"{}\": {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for RuleError {}
