//! Where a scenario is wrong, and why, in words.

use core::fmt;

use serde::{Deserialize, Serialize};

/// Where in a scenario a problem is. The TOML front end turns this into a line number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Where {
    Scenario,
    Component(String),
    /// Index into `links` (0-based).
    Link(usize),
    Parameter(usize),
    Fault(usize),
    Bounds,
}

/// A scenario the engine refuses, with the place and a plain-language reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioError {
    pub place: Where,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Where::Scenario => write!(f, "{}", self.message),
            Where::Component(n) => write!(f, "component `{n}`: {}", self.message),
            Where::Link(i) => write!(f, "link {}: {}", i + 1, self.message),
            Where::Parameter(i) => write!(f, "parameter {}: {}", i + 1, self.message),
            Where::Fault(i) => write!(f, "fault {}: {}", i + 1, self.message),
            Where::Bounds => write!(f, "bounds: {}", self.message),
        }
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn err<T>(place: Where, message: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError {
        place,
        message: message.into(),
    })
}
