//! A lesson's simulation as one type shared by the build (which reads it from `scenario.toml`
//! and validates it), the data file the app downloads, and the player: the scenario, its
//! chapter breakpoints and an optional comparison with another lesson. Chapter resolution
//! lives here once, so the validator's "every chapter is reached" and the player's pauses agree.

use serde::{Deserialize, Serialize};

use crate::{Run, Scenario, StepKind};

/// A breakpoint: playback pauses at the first step at or after `at_ms`, or at the first step
/// of kind `on`, and the player shows `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<StepKind>,
}

impl Chapter {
    /// The step at which this chapter pauses `run`, if the run gets there.
    pub fn step_in(&self, run: &Run) -> Option<usize> {
        match (self.on, self.at_ms) {
            (Some(kind), _) => run.steps.iter().position(|step| step.kind == kind),
            (None, Some(ms)) => run.steps.iter().position(|step| step.time as f64 >= ms * 1000.0),
            (None, None) => None,
        }
    }
}

/// Another lesson whose scenario the player runs beside this one, with the same seed, to set
/// their metrics side by side (the two should share a workload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// The other lesson's folder name; it must have a `scenario.toml`.
    pub with: String,
    /// What the comparison shows, e.g. "Synchronous chain vs decoupled messaging".
    #[serde(default)]
    pub label: String,
}

/// A lesson's simulation: what the player runs and where it pauses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonSim {
    pub scenario: Scenario,
    #[serde(default)]
    pub chapters: Vec<Chapter>,
    #[serde(default)]
    pub compare: Option<Compare>,
}

impl LessonSim {
    /// The chapters that `run` reaches, as (step, text) in step order, one per step.
    pub fn breakpoints(&self, run: &Run) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> =
            self.chapters.iter().filter_map(|chapter| Some((chapter.step_in(run)?, chapter.text.clone()))).collect();
        out.sort_by_key(|(step, _)| *step);
        out.dedup_by_key(|(step, _)| *step);
        out
    }
}

/// The file the app downloads for a lesson's player: its simulation and, if it compares itself
/// with another lesson, that lesson's scenario, so the player needs no second download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayerData {
    pub lesson: LessonSim,
    #[serde(default)]
    pub compared: Option<Scenario>,
}
