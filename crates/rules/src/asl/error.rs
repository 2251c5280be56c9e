//! Why a definition was rejected, and where.

use std::fmt;

/// A definition that is not valid ASL. `path` points into the definition, for
/// example `States.Pay.Retry[0].BackoffRate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AslError {
    pub path: String,
    pub reason: String,
}

impl AslError {
    pub fn new(path: &str, reason: impl Into<String>) -> Self {
        AslError {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for AslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for AslError {}
