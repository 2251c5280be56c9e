//! Sentences that act: a phrase of a lesson's text that, clicked, does something to the
//! lesson's player. Authors write it as a Markdown link whose address starts with `act:`:
//!
//! ```text
//! [raise the sales time to 800 ms and play](act:p=sales-time:800&play)
//! ```
//!
//! The part after `act:` lists what to do, joined by `&`, in the words of a share link
//! (see [`crate::share_link`]) plus a few verbs:
//!
//! | part | does |
//! |---|---|
//! | `reset` | first go back to the lesson's values, seed 1 and no faults |
//! | `p=name:value,...` | set these parameters (the others stay as the learner left them) |
//! | `seed=N` | use this seed |
//! | `f=step:kind:...,...` | inject these faults (replacing the learner's) |
//! | `chapter=N` | go to the N-th chapter of `scenario.toml` (1 is the first written) |
//! | `step=N` | go to step N (0 is the first) |
//! | `play` | start playing |
//! | `compare` | open Compare: the new values against the lesson's |
//! | `compare=lesson` | open Compare with the lesson the scenario's `[compare]` names |
//!
//! A run that changes (parameters, seed, faults) starts again from its first step unless the
//! action names a chapter or step. The build checks every action against the lesson's
//! simulation ([`TextAction::parse`] and [`TextAction::problem_in_run`]), so a learner never
//! meets one that cannot work.

use crate::lesson::LessonSim;
use crate::share_link::{parse_faults, parse_params, run_with_faults, Injected};
use crate::{Run, Scenario};

/// The address scheme that marks a link as an action.
pub const SCHEME: &str = "act:";

/// Where an action moves the player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jump {
    /// The chapter at this index of the lesson's chapters (0-based here, 1-based when written).
    Chapter(usize),
    Step(usize),
}

/// Which comparison an action opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareWith {
    /// The learner's values against the lesson's.
    Values,
    /// The lesson against the one its `[compare]` table names.
    Lesson,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextAction {
    pub reset: bool,
    pub params: Vec<(String, f64)>,
    pub seed: Option<u64>,
    pub faults: Option<Vec<Injected>>,
    pub jump: Option<Jump>,
    pub play: bool,
    pub compare: Option<CompareWith>,
}

impl TextAction {
    /// Reads the part after `act:` against the lesson it acts on; an unknown part, parameter,
    /// chapter or a value out of range is a message for the author (or for the page).
    pub fn parse(text: &str, lesson: &LessonSim) -> Result<TextAction, String> {
        let mut action = TextAction::default();
        let parts: Vec<&str> = text.split('&').filter(|part| !part.is_empty()).collect();
        if parts.is_empty() {
            return Err(
                "an action must say what it does (for example `act:p=rate:20&play`)".to_string(),
            );
        }
        for part in parts {
            match part.split_once('=') {
                None => match part {
                    "reset" => action.reset = true,
                    "play" => action.play = true,
                    "compare" => action.compare = Some(CompareWith::Values),
                    _ => return Err(format!("`{part}` is not an action part (reset, p=, seed=, f=, chapter=, step=, play, compare)")),
                },
                Some((key, value)) => action.read(key, value, lesson)?,
            }
        }
        Ok(action)
    }

    fn read(&mut self, key: &str, value: &str, lesson: &LessonSim) -> Result<(), String> {
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{what} `{value}` is not a whole number"))
        };
        match key {
            "p" => self.params = parse_params(value, &lesson.scenario)?,
            "seed" => self.seed = Some(number("seed")?),
            "f" => self.faults = Some(parse_faults(value)?),
            "step" => self.jump = Some(Jump::Step(number("step")? as usize)),
            "chapter" => {
                let n = number("chapter")? as usize;
                if n == 0 || n > lesson.chapters.len() {
                    return Err(format!("chapter {n} does not exist: the lesson has {} (counted from 1)", lesson.chapters.len()));
                }
                self.jump = Some(Jump::Chapter(n - 1));
            }
            "compare" if value == "lesson" => {
                if lesson.compare.is_none() {
                    return Err("`compare=lesson` needs a `[compare]` table in the scenario".to_string());
                }
                self.compare = Some(CompareWith::Lesson);
            }
            _ => return Err(format!("`{key}={value}` is not an action part (reset, p=, seed=, f=, chapter=, step=, play, compare)")),
        }
        Ok(())
    }

    /// True when the action changes what is simulated, so the run starts again.
    pub fn changes_run(&self) -> bool {
        self.reset || !self.params.is_empty() || self.seed.is_some() || self.faults.is_some()
    }

    /// The scenario this action leads to from `current` (the learner's values).
    pub fn scenario_from(&self, current: &Scenario, lesson: &LessonSim) -> Scenario {
        let mut scenario = if self.reset {
            lesson.scenario.clone()
        } else {
            current.clone()
        };
        for (name, value) in &self.params {
            let _ = scenario.set_parameter(name, *value);
        }
        scenario
    }

    /// The run this action leads to from the lesson's own values, with its faults.
    pub fn run_from_lesson(&self, lesson: &LessonSim) -> Result<Run, String> {
        let scenario = self.scenario_from(&lesson.scenario, lesson);
        run_with_faults(&scenario, self.seed.unwrap_or(1), self.faults.as_deref().unwrap_or_default())
    }

    /// Checks the action where the build can: from the lesson's own values, the run it leads
    /// to must run (its faults name components and steps it has), reach the chapter it names
    /// and have the step it names.
    pub fn problem_in_run(&self, lesson: &LessonSim) -> Option<String> {
        let run = match self.run_from_lesson(lesson) {
            Ok(run) => run,
            Err(problem) => return Some(format!("the run this action leads to fails: {problem}")),
        };
        let jump = self.jump.as_ref()?;
        match jump {
            Jump::Chapter(i) => {
                let chapter = lesson.chapters.get(*i)?;
                chapter.step_in(&run).is_none().then(|| {
                    format!(
                        "the run this action leads to never reaches chapter {}",
                        i + 1
                    )
                })
            }
            Jump::Step(step) => (*step >= run.steps.len()).then(|| {
                format!(
                    "step {step} is past the end of the run this action leads to ({} steps)",
                    run.steps.len()
                )
            }),
        }
    }
}
