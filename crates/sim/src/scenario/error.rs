//! Where a scenario is wrong, and why, in words.

use core::fmt;

use lab_i18n::scenario as msg;

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
        let problem = ("problem", &self.message as &dyn fmt::Display);
        let text = match &self.place {
            Where::Scenario => return write!(f, "{}", self.message),
            Where::Component(n) => msg::AT_COMPONENT.with(&[("name", n), problem]),
            Where::Link(i) => msg::AT_LINK.with(&[("n", &(i + 1)), problem]),
            Where::Parameter(i) => msg::AT_PARAMETER.with(&[("n", &(i + 1)), problem]),
            Where::Fault(i) => msg::AT_FAULT.with(&[("n", &(i + 1)), problem]),
            Where::Bounds => msg::AT_BOUNDS.with(&[problem]),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn err<T>(place: Where, message: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError {
        place,
        message: message.into(),
    })
}
