//! What a challenge is: the file an author writes (`challenge.toml`, [`ChallengeSpec`]) and the
//! two architectures beside it, the start and the worked solution ([`Challenge`]).

use std::ops::RangeInclusive;

use lab_i18n::sandbox as msg;
use lab_quiz::Measure;
use lab_sim::Scenario;
use serde::{Deserialize, Serialize};

/// A challenge as the app receives it: its text and rules, with the lesson it practises and
/// its two architectures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Challenge {
    /// The lesson folder the challenge sits in and practises.
    pub lesson: String,
    pub spec: ChallengeSpec,
    /// The architecture the learner starts from; it does not meet the objectives.
    pub start: Scenario,
    /// The worked solution, revealed on request; it earns every star.
    pub solution: Scenario,
}

impl Challenge {
    /// The seeds every objective is checked on, so luck cannot pass a challenge.
    pub fn seeds(&self) -> RangeInclusive<u64> {
        1..=self.spec.seeds
    }
}

/// `challenge.toml`: everything but the two architectures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeSpec {
    /// Unique in the course; lowercase letters, digits and `-`.
    pub slug: String,
    pub title: String,
    /// What the learner must achieve, in their words.
    pub brief: String,
    /// Every objective must hold on each of the seeds 1 to `seeds`.
    #[serde(default = "five")]
    pub seeds: u64,
    /// Components of the start the learner may not change (named as in the start). The
    /// clients, the timed faults and the run's bounds are always kept: they are the situation
    /// the design must cope with.
    #[serde(default)]
    pub keep: Vec<String>,
    pub budget: Budget,
    #[serde(rename = "objective")]
    pub objectives: Vec<Objective>,
    pub stretch: Stretch,
    /// Shown one at a time, in order.
    pub hints: Vec<String>,
    /// Why the worked solution works.
    pub explanation: String,
}

fn five() -> u64 {
    5
}

/// What a design may spend: components (clients not counted) and cost units (see `cost.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub components: usize,
    pub cost: f64,
}

/// The third star: a tighter cost, tighter objectives, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stretch {
    /// The third star's condition in the learner's words.
    pub text: String,
    #[serde(default)]
    pub cost: Option<f64>,
    #[serde(default, rename = "objective")]
    pub objectives: Vec<Objective>,
}

/// A figure of the run that must stay on one side of a bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// The objective in the learner's words ("No webhook is lost").
    pub text: String,
    pub measure: Measure,
    #[serde(default)]
    pub at_most: Option<f64>,
    #[serde(default)]
    pub at_least: Option<f64>,
}

impl Objective {
    /// The bound, when exactly one of `at_most` and `at_least` is given.
    pub fn bound(&self) -> Option<Bound> {
        match (self.at_most, self.at_least) {
            (Some(most), None) => Some(Bound::AtMost(most)),
            (None, Some(least)) => Some(Bound::AtLeast(least)),
            _ => None,
        }
    }

    /// Whether the figure `value` meets the objective (never, without a bound).
    pub fn holds(&self, value: f64) -> bool {
        match self.bound() {
            Some(Bound::AtMost(most)) => value <= most,
            Some(Bound::AtLeast(least)) => value >= least,
            None => false,
        }
    }

    /// "at most 250 ms", "at least 2000".
    pub fn bound_words(&self) -> String {
        let unit = self.measure.unit();
        match self.bound() {
            Some(Bound::AtMost(most)) => msg::AT_MOST.with(&[("bound", &figure(most)), ("unit", &unit)]),
            Some(Bound::AtLeast(least)) => msg::AT_LEAST.with(&[("bound", &figure(least)), ("unit", &unit)]),
            None => msg::NO_BOUND.text().to_string(),
        }
    }
}

/// A figure as a learner reads it: at most two decimals, without trailing zeros, written for the
/// language ("2.5" in English, "2,5" in Vietnamese; in English as `lab_quiz::format_number`).
pub fn figure(value: f64) -> String {
    let separator = if lab_i18n::language() == lab_i18n::Lang::Vi { ',' } else { '.' };
    lab_i18n::decimal(value, 2).trim_end_matches('0').trim_end_matches(separator).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    AtMost(f64),
    AtLeast(f64),
}
