//! Predict, then run: a question inside a lesson's text that the learner answers before the
//! run that settles it. The learner commits to a number, or to one of a few bands of numbers;
//! the lesson's player then makes the run (the prediction's text action, see
//! `lab_sim::text_action`) and plays it, and the answer is read off that very run with the
//! same [`Measure`] the simulator-graded quiz questions use. Which band is right is computed
//! from the run, never written down.

use lab_i18n::quiz as msg;
use lab_sim::Metrics;
use serde::{Deserialize, Serialize};

use crate::simulated::{format_number, Measure};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub prompt: String,
    /// The figure that settles it, measured over the whole run.
    pub measure: Measure,
    /// For a number: how far from the measured figure a prediction may be and still be right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// For a choice: bands of the figure, in increasing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Band>,
    /// The text action that makes and plays the run (the part after `act:`).
    pub run: String,
    /// Why the run comes out as it does, shown with the verdict.
    pub explanation: String,
}

/// One option of a choice: the figures below `below` not covered by an earlier band (the last
/// band has no bound and takes the rest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// For a question that picks (see `Pick`): the component this option names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// What the learner committed to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Guess {
    Number(f64),
    Choice(usize),
}

/// The run's answer and whether the guess matched it, in words for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub right: bool,
    pub text: String,
}

/// The band a measured figure falls in.
pub fn band_of(bands: &[Band], measured: f64) -> Option<usize> {
    bands.iter().position(|band| band.below.is_none_or(|below| measured < below))
}

/// What is wrong with a list of bands, if anything.
pub fn band_problems(bands: &[Band]) -> Vec<String> {
    let mut problems = Vec::new();
    if bands.len() == 1 {
        problems.push("a choice needs at least two bands".to_string());
    }
    if let Some((last, rest)) = bands.split_last() {
        if last.below.is_some() {
            problems.push("the last band takes the rest: it has no `below`".to_string());
        }
        let bounds: Vec<Option<f64>> = rest.iter().map(|band| band.below).collect();
        if bounds.iter().any(Option::is_none) {
            problems.push("every band but the last needs `below`".to_string());
        }
        if bounds.windows(2).any(|pair| !matches!(pair, [Some(a), Some(b)] if a < b)) {
            problems.push("the bands' `below` bounds must increase".to_string());
        }
    }
    problems
}

impl Prediction {
    /// The band the measured figure falls in.
    pub fn right_choice(&self, measured: f64) -> Option<usize> {
        band_of(&self.choices, measured)
    }

    /// Grades `guess` against the run's metrics.
    pub fn grade(&self, guess: Guess, metrics: &Metrics) -> Verdict {
        let measured = self.measure.of(metrics);
        let figure = format!("{}{}", format_number(measured), self.measure.unit());
        let shown = self.measure.where_shown();
        let (right, what) = match guess {
            Guess::Number(given) => {
                let slack = self.tolerance.unwrap_or(0.0);
                let right = (given - measured).abs() <= slack + 1e-9;
                (right, msg::PREDICTION_NUMBER.with(&[("given", &format_number(given)), ("figure", &figure), ("shown", &shown), ("tolerance", &format_number(slack))]))
            }
            Guess::Choice(picked) => {
                let answer = self.right_choice(measured);
                let band = answer.and_then(|i| self.choices.get(i)).map_or(String::new(), |band| band.text.clone());
                (answer == Some(picked), msg::PREDICTION_CHOICE.with(&[("figure", &figure), ("shown", &shown), ("option", &band)]))
            }
        };
        let head = if right { msg::PREDICTION_RIGHT.text() } else { msg::PREDICTION_WRONG.text() };
        Verdict { right, text: format!("{head} {what} {}", self.explanation) }
    }

    /// What is wrong with the prediction as written (the run action is checked by the caller,
    /// which knows the lesson).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.prompt.trim().is_empty() || self.explanation.trim().is_empty() {
            problems.push("a prediction needs a `prompt` and an `explanation`".to_string());
        }
        match (self.tolerance, self.choices.len()) {
            (Some(_), n) if n > 0 => problems.push("a prediction asks for a number (`tolerance`) or a choice (`choices`), not both".to_string()),
            (Some(t), _) if !(t.is_finite() && t >= 0.0) => problems.push("`tolerance` must be a number of 0 or more".to_string()),
            (None, 0) => problems.push("a prediction needs a `tolerance` (a number to predict) or `choices` (bands to choose from)".to_string()),
            _ => {}
        }
        problems.extend(band_problems(&self.choices));
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Prediction {
        Prediction {
            prompt: "How many are throttled?".into(),
            measure: Measure::Throttled,
            tolerance: None,
            choices: vec![
                Band { text: "None".into(), below: Some(1.0), key: None },
                Band { text: "A few".into(), below: Some(10.0), key: None },
                Band { text: "Many".into(), below: None, key: None },
            ],
            run: "play".into(),
            explanation: "Waiting holds a slot.".into(),
        }
    }

    #[test]
    fn the_right_band_is_read_off_the_figure() {
        let p = bands();
        assert_eq!(p.right_choice(0.0), Some(0));
        assert_eq!(p.right_choice(1.0), Some(1));
        assert_eq!(p.right_choice(9.5), Some(1));
        assert_eq!(p.right_choice(250.0), Some(2));
        assert!(p.problems().is_empty(), "{:?}", p.problems());
    }

    #[test]
    fn a_number_is_right_within_its_tolerance() {
        let p = Prediction { tolerance: Some(5.0), choices: Vec::new(), measure: Measure::Requests, ..bands() };
        let metrics = Metrics { requests: 100, ..Metrics::default() };
        assert!(p.grade(Guess::Number(96.0), &metrics).right);
        let wrong = p.grade(Guess::Number(90.0), &metrics);
        assert!(!wrong.right && wrong.text.contains("the run gave 100"), "{}", wrong.text);
    }

    #[test]
    fn badly_written_predictions_say_why() {
        let mut p = bands();
        p.choices[2].below = Some(20.0);
        p.choices[1].below = Some(0.5);
        let problems = p.problems().join("; ");
        assert!(problems.contains("no `below`") && problems.contains("must increase"), "{problems}");
        let both = Prediction { tolerance: Some(1.0), ..bands() };
        assert!(both.problems().join(" ").contains("not both"));
        let neither = Prediction { choices: Vec::new(), ..bands() };
        assert!(neither.problems().join(" ").contains("needs a `tolerance`"));
    }
}
