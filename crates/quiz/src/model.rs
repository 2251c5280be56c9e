use lab_i18n::quiz as msg;
use serde::{Deserialize, Serialize};

use crate::simulated::{Measure, Vary};

/// A quiz: a lesson's checkpoint, the course pre-assessment, or the final assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Unique across the course; progress is stored under it.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub scoring: Scoring,
    pub questions: Vec<Question>,
}

/// How a multiple-answer or ordering question scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scoring {
    /// Full marks only for a fully right answer.
    #[default]
    AllOrNothing,
    /// Correct picks minus wrong picks, floored at zero, over the number of correct options;
    /// for ordering, the share of items in their right place.
    Partial,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within the quiz.
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// Why the right answer is right, shown after checking, whatever was picked.
    pub explanation: String,
    /// For `multiple`: how many options to pick, as the course writes "Select THREE".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<usize>,
    /// Keep options in the written order (always true for ordering and true/false).
    #[serde(default)]
    pub pinned: bool,
    /// Where the point is taught: a lesson address such as `#/lesson/api-gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaches: Option<String>,
    /// For ordering questions, the items in their right order; none for simulated ones.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// For `simulated`: the lesson (folder name) whose scenario runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// For `simulated`: the scenario parameters drawn anew for each attempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vary: Vec<Vary>,
    /// For `simulated`: the figure the learner predicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// For `simulated`: how far from the measured figure a prediction may be (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// For `simulated`, instead of a number to type: bands of the figure to choose from (a
    /// computed choice). Which band is right is read off the run, never written down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<crate::prediction::Band>,
    /// For `simulated`, instead of `measure`: which option's component the run picks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pick: Option<crate::simulated::Pick>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    Ordering,
    /// Graded by running the lesson's simulation (see `simulated.rs`).
    Simulated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    /// Ignored for ordering questions, where the written order is the answer.
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong.
    pub why: String,
}

impl Question {
    pub fn correct_indices(&self) -> Vec<usize> {
        match self.kind {
            QuestionKind::Ordering => (0..self.choices.len()).collect(),
            QuestionKind::Simulated => Vec::new(),
            _ => self.choices.iter().enumerate().filter(|(_, choice)| choice.correct).map(|(index, _)| index).collect(),
        }
    }

    /// What the prompt adds so a learner knows what to do, as the course writes "(Select THREE.)".
    pub fn instruction(&self) -> Option<String> {
        match (self.kind, self.select) {
            (QuestionKind::Multiple, Some(count)) => Some(msg::SELECT_COUNT.with(&[("word", &crate::check::number_word(count).to_uppercase())])),
            (QuestionKind::Ordering, _) => Some(msg::PUT_IN_ORDER.text().to_string()),
            (QuestionKind::Simulated, _) if !self.bands.is_empty() => Some(msg::CHOOSE_RUN_OUTCOME.text().to_string()),
            (QuestionKind::Simulated, _) => Some(match self.tolerance {
                Some(tolerance) if tolerance > 0.0 => msg::GIVE_NUMBER_WITHIN.with(&[("tolerance", &crate::simulated::format_number(tolerance))]),
                _ => msg::GIVE_NUMBER.text().to_string(),
            }),
            _ => None,
        }
    }

    /// Options are shuffled unless pinned; order and true/false carry meaning in their order.
    pub fn shuffles(&self) -> bool {
        !self.pinned && matches!(self.kind, QuestionKind::Single | QuestionKind::Multiple)
    }
}
