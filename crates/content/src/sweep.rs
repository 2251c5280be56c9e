//! The chapter sweep: a chapter's text should be true at every setting a learner can choose,
//! not only at the lesson's. Each lesson scenario runs at the lesson's values and, one
//! parameter at a time, at that parameter's minimum and maximum, all with the player's seed.
//!
//! Errors stop validation: the run at the lesson's values fails, stops early or misses a
//! chapter; a parameter's end cannot be set or does not run; a placeholder cannot be filled.
//! Notes are printed and pass: a chapter whose trigger never fires at some setting (the player
//! then does not show it, so an event-triggered text is not shown where it would be false),
//! a run at some setting that stops early or outgrows the step budget, and a text that
//! quotes one of the lesson's values as a plain number instead of a placeholder.

use std::path::Path;

use lab_sim::lesson::{placeholder_problems, quantity, Chapter};
use lab_sim::{EndReason, Parameter, Run, Scenario, StepKind};

use crate::{ContentError, LessonScenario, DEFAULT_SEED, LESSON_STEP_BUDGET};

/// What the sweep of one or more lessons found.
#[derive(Debug, Default)]
pub struct Sweep {
    pub errors: Vec<ContentError>,
    pub notes: Vec<ContentError>,
    /// How many runs it took.
    pub runs: usize,
}

/// A setting the sweep runs: a parameter at one end of its range, or none for the lesson's
/// own values.
struct Setting<'a> {
    changed: Option<(&'a Parameter, f64)>,
    scenario: &'a Scenario,
}

impl Setting<'_> {
    /// "when Cache TTL is 0 ms", or "at the lesson's values".
    fn words(&self) -> String {
        match self.changed {
            Some((parameter, value)) => format!("when {} is {}", parameter.label, quantity(value, &parameter.unit)),
            None => "at the lesson's values".to_string(),
        }
    }
}

/// Sweeps the lesson whose scenario file is `file`.
pub fn sweep(file: &Path, lesson: &LessonScenario) -> Sweep {
    let mut found = Sweep::default();
    let lesson_values = &lesson.sim.scenario;
    found.check(file, lesson, &Setting { changed: None, scenario: lesson_values });
    found.notes.extend(quoted_values(file, lesson));
    for (n, parameter) in lesson_values.parameters.iter().enumerate() {
        let own = lesson_values.parameter_value(&parameter.target).ok();
        for value in [parameter.min, parameter.max] {
            if own == Some(value) {
                continue; // the same run as the lesson's values
            }
            let mut scenario = lesson_values.clone();
            match scenario.set_parameter(&parameter.name, value) {
                Ok(()) => found.check(file, lesson, &Setting { changed: Some((parameter, value)), scenario: &scenario }),
                Err(error) => found.errors.push(ContentError::new(
                    file,
                    lesson.parameter_line(n),
                    format!("{} cannot be set to {}, one end of its range: {}", parameter.label, quantity(value, &parameter.unit), error.message),
                )),
            }
        }
    }
    found
}

impl Sweep {
    /// Adds what `other` found.
    pub fn extend(&mut self, other: Sweep) {
        self.errors.extend(other.errors);
        self.notes.extend(other.notes);
        self.runs += other.runs;
    }

    /// Runs `setting` and records what is wrong with the run and with each chapter in it.
    fn check(&mut self, file: &Path, lesson: &LessonScenario, setting: &Setting) {
        self.runs += 1;
        let own_values = setting.changed.is_none();
        let run = match lab_sim::simulate(setting.scenario, DEFAULT_SEED) {
            Ok(run) => run,
            Err(error) => {
                let message = format!("the scenario does not run {}: {error}", setting.words());
                self.errors.push(ContentError::new(file, 0, message));
                return;
            }
        };
        if let Some(problem) = run_problem(&run) {
            let found = ContentError::new(file, 0, format!("{}, the run (seed {DEFAULT_SEED}) {problem}", capitalised(&setting.words())));
            if own_values { self.errors.push(found) } else { self.notes.push(found) }
        }
        for (n, chapter) in lesson.sim.chapters.iter().enumerate() {
            let line = lesson.chapter_line(n);
            for problem in placeholder_problems(&chapter.text, setting.scenario) {
                self.errors.push(ContentError::new(file, line, format!("{} {problem}", capitalised(&setting.words()))));
            }
            if chapter.step_in(&run).is_none() {
                let message = format!("not reached {}: {}", setting.words(), missed(chapter, &run));
                let found = ContentError::new(file, line, message);
                if own_values { self.errors.push(found) } else { self.notes.push(found) }
            }
        }
    }
}

/// Why the run is not one the player can show as it is, if it is not.
fn run_problem(run: &Run) -> Option<String> {
    if run.end.reason == EndReason::MaxEvents {
        return Some(format!("stops at `max_events` after {} events; make the workload smaller or raise the bound", run.end.events));
    }
    if run.steps.len() > LESSON_STEP_BUDGET {
        return Some(format!(
            "records {} steps, over the {LESSON_STEP_BUDGET} a lesson may use so the player re-runs it at once; make the workload smaller",
            run.steps.len()
        ));
    }
    (run.ledger_errors > 0 || !run.metrics.outcomes.holds())
        .then(|| "has a message ledger that does not balance: this is an engine bug, please report it".to_string())
}

/// What the chapter waits for that `run` never gives it.
fn missed(chapter: &Chapter, run: &Run) -> String {
    match (chapter.on, chapter.at_ms) {
        (Some(kind), _) => format!("the run (seed {DEFAULT_SEED}) has no {}", trigger(chapter, kind)),
        (None, at_ms) => {
            let last_ms = run.steps.last().map_or(0.0, |step| step.time as f64 / 1000.0);
            format!("it is at {} ms, after the run's last step at {last_ms} ms", at_ms.unwrap_or_default())
        }
    }
}

/// An `on` trigger in words: "3rd `finished` step at `shipping` with an error answer".
fn trigger(chapter: &Chapter, kind: StepKind) -> String {
    let mut words = match chapter.nth {
        Some(n) if n > 1 => format!("{} `{}` step", ordinal(n), kind_name(kind)),
        _ => format!("`{}` step", kind_name(kind)),
    };
    if let Some(component) = &chapter.component {
        words.push_str(&format!(" at `{component}`"));
    }
    if chapter.failed {
        words.push_str(" with an error answer");
    }
    if let Some(first) = chapter.after {
        words.push_str(&format!(" after the first `{}` step", kind_name(first)));
    }
    words
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn kind_name(kind: StepKind) -> String {
    serde_json::to_value(kind).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default()
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Chapters that write one of the lesson's parameter values as a plain number ("its 3 s TTL",
/// "five failures"): the text turns false when the learner changes it; a placeholder follows
/// the setting.
fn quoted_values(file: &Path, lesson: &LessonScenario) -> Vec<ContentError> {
    let scenario = &lesson.sim.scenario;
    let mut notes = Vec::new();
    for (n, chapter) in lesson.sim.chapters.iter().enumerate() {
        for parameter in &scenario.parameters {
            let Ok(value) = scenario.parameter_value(&parameter.target) else { continue };
            let Some(written) = written_forms(value, &parameter.unit).into_iter().find(|form| quotes(&chapter.text, form)) else {
                continue;
            };
            let message = format!(
                "the text quotes \"{written}\", the lesson's value of {}, which the learner can change; write `{{{}}}` so it follows the setting",
                parameter.label, parameter.target
            );
            notes.push(ContentError::new(file, lesson.chapter_line(n), message));
        }
    }
    notes
}

/// How a text may write `value`: as the player renders it, and for a small count of things,
/// in words ("five failures").
fn written_forms(value: f64, unit: &str) -> Vec<String> {
    const WORDS: [&str; 13] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let rendered = quantity(value, unit);
    let in_words = (value.fract() == 0.0 && value >= 0.0)
        .then(|| WORDS.get(value as usize))
        .flatten()
        .and_then(|word| Some(format!("{word} {}", rendered.split_once(' ')?.1)));
    [Some(rendered), in_words].into_iter().flatten().collect()
}

/// `text` holds `quantity` as a whole, in any case: "5 s" is not quoted by "15 s" or "5 seconds".
fn quotes(text: &str, quantity: &str) -> bool {
    let (text, quantity) = (text.to_lowercase(), quantity.to_lowercase());
    text.match_indices(&quantity).any(|(at, _)| {
        let before = text.get(..at).and_then(|head| head.chars().last());
        let after = text.get(at + quantity.len()..).and_then(|tail| tail.chars().next());
        !before.is_some_and(|c| c.is_alphanumeric() || ".,-".contains(c)) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_scenario_file;

    /// Three reads of a cached report, 100 ms apart; the TTL can be set from 0 to 5 s.
    const CACHED: &str = r#"
name = "cached"

[[chapter]]
on = "answered"
text = "A read is answered."

[[chapter]]
on = "cache_hit"
text = "A read finds the report cached for {report-cache.ttl_ms}."

[[component]]
name = "analyst"
kind = "client"
op = "GET /report"
workload = { kind = "list", at_ms = [0, 100, 200] }

[[component]]
name = "report-cache"
kind = "cache"
ttl_ms = 1000

[[component]]
name = "db"
kind = "store"

[[link]]
from = "analyst"
to = "report-cache"

[[link]]
from = "report-cache"
to = "db"

[[parameter]]
name = "ttl"
label = "Cache TTL"
target = "report-cache.ttl_ms"
unit = "ms"
min = 0
max = 5000
explanation = "E"
"#;

    /// Sweeps `text` written to a lesson folder of its own.
    fn swept(name: &str, text: &str) -> (std::path::PathBuf, Sweep) {
        let dir = std::env::temp_dir().join(format!("lab-sweep-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("only")).unwrap();
        let file = dir.join("only").join(crate::SCENARIO_FILE);
        std::fs::write(&file, text).unwrap();
        let lesson = read_scenario_file(&file).unwrap_or_else(|error| panic!("{error}"));
        let found = sweep(&file, &lesson);
        std::fs::remove_dir_all(&dir).unwrap();
        (file, found)
    }

    #[test]
    fn a_chapter_unreached_at_a_parameters_end_is_noted_at_its_line() {
        let (file, found) = swept("ttl", CACHED);
        assert!(found.errors.is_empty(), "{}", ContentError::list(&found.errors));
        assert_eq!(found.runs, 3, "the lesson's values, then the TTL at 0 and at 5 s");
        let notes: Vec<String> = found.notes.iter().map(ToString::to_string).collect();
        let hit_line = CACHED.lines().position(|line| line.contains("cache_hit")).unwrap(); // the header is one line up
        assert_eq!(
            notes,
            [format!("{}:{hit_line}: not reached when Cache TTL is 0 ms: the run (seed 1) has no `cache_hit` step", file.display())],
            "the answered chapter is reached at every setting, the cache hit only with a TTL"
        );
    }

    #[test]
    fn a_chapter_unreached_at_the_lessons_values_is_an_error() {
        let text = CACHED.replace("on = \"answered\"", "on = \"dead_lettered\"");
        let (_, found) = swept("dlq", &text);
        assert_eq!(found.errors.len(), 1, "{}", ContentError::list(&found.errors));
        assert!(found.errors[0].message.starts_with("not reached at the lesson's values"), "{}", found.errors[0]);
        assert_eq!(found.errors[0].line, 4);
    }

    #[test]
    fn a_quoted_value_is_noted() {
        let text = CACHED.replace("cached for {report-cache.ttl_ms}", "cached for 1 s");
        let (_, found) = swept("quoted", &text);
        assert!(found.notes.iter().any(|note| note.message.contains("quotes \"1 s\"") && note.message.contains("`{report-cache.ttl_ms}`")), "{:?}", found.notes);
    }

    #[test]
    fn a_quantity_is_quoted_only_as_a_whole() {
        assert!(quotes("its 3 s TTL", "3 s"));
        assert!(quotes("after 500 ms.", "500 ms"));
        assert!(!quotes("after 13 s", "3 s"));
        assert!(!quotes("after 1.3 s", "3 s"));
        assert!(!quotes("after 3 seconds", "3 s"));
        assert!(quotes("Five failures within the window", "five failures"));
        assert!(!quotes("twenty-five failures", "five failures"));
        assert_eq!(written_forms(5.0, "failures"), ["5 failures", "five failures"]);
        assert_eq!(written_forms(1.0, "connections"), ["1 connection", "one connection"]);
        assert_eq!(written_forms(500.0, "ms"), ["500 ms"]);
    }

    #[test]
    fn ordinals_read_as_words_do() {
        let words: Vec<String> = [2, 3, 4, 11, 21, 112].into_iter().map(ordinal).collect();
        assert_eq!(words, ["2nd", "3rd", "4th", "11th", "21st", "112th"]);
    }
}
