//! A lesson's simulation as one type shared by the build (which reads it from `scenario.toml`
//! and validates it), the data file the app downloads, and the player: the scenario, its
//! chapter breakpoints and an optional comparison with another lesson. Chapter resolution
//! and chapter texts live here once, so the validator's checks and the player's pauses and
//! words agree.

use serde::{Deserialize, Serialize};

use crate::{Payload, Run, Scenario, Step, StepKind};

/// A breakpoint: playback pauses at the first step at or after `at_ms`, or at a step of kind
/// `on` (narrowed by `component`, `failed`, `after` and `nth`), and the player shows `text`
/// with its placeholders filled in (see [`render_text`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<StepKind>,
    /// Only steps at the component of this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Only steps that carry an error answer (a status of 400 or more, or none in time).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub failed: bool,
    /// Only steps after the first step of this kind (at `component`, if it is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<StepKind>,
    /// The n-th matching step rather than the first (1 is the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
}

impl Chapter {
    /// The step at which this chapter pauses `run`, if the run gets there.
    pub fn step_in(&self, run: &Run) -> Option<usize> {
        match (self.on, self.at_ms) {
            (Some(kind), _) => self.event_step(run, kind),
            (None, Some(ms)) => run.steps.iter().position(|step| step.time as f64 >= ms * 1000.0),
            (None, None) => None,
        }
    }

    fn event_step(&self, run: &Run, kind: StepKind) -> Option<usize> {
        let node = match &self.component {
            Some(name) => Some(run.component_names().iter().position(|n| n == name)?),
            None => None,
        };
        let here = |step: &Step| node.is_none_or(|n| step.node.0 as usize == n);
        let start = match self.after {
            Some(first) => run.steps.iter().position(|step| step.kind == first && here(step))? + 1,
            None => 0,
        };
        let skip = self.nth.unwrap_or(1).saturating_sub(1) as usize;
        let matching = |step: &&Step| step.kind == kind && here(step) && (!self.failed || is_error(step));
        let (offset, _) = run.steps.iter().skip(start).enumerate().filter(|(_, step)| matching(step)).nth(skip)?;
        Some(start + offset)
    }

    /// What is wrong with this chapter in `scenario`, for the build to report at its line.
    pub fn problem(&self, scenario: &Scenario) -> Option<String> {
        let narrows = self.component.is_some() || self.failed || self.after.is_some() || self.nth.is_some();
        let problem = match (self.at_ms, self.on) {
            (Some(_), Some(_)) | (None, None) => "a chapter needs exactly one of `at_ms` or `on`".to_string(),
            (Some(ms), None) if !(ms.is_finite() && ms >= 0.0) => "`at_ms` must be a time of 0 or more".to_string(),
            (Some(_), None) if narrows => "`component`, `failed`, `after` and `nth` narrow an `on` trigger; this chapter has none".to_string(),
            _ if self.text.trim().is_empty() => "a chapter's `text` must not be empty".to_string(),
            _ if self.nth == Some(0) => "`nth` counts from 1 (the first matching step)".to_string(),
            _ => match &self.component {
                Some(name) if !scenario.components.iter().any(|c| c.name() == name) => {
                    format!("`component = {name:?}` names no component of this scenario")
                }
                _ => return placeholder_problems(&self.text, scenario).into_iter().next(),
            },
        };
        Some(problem)
    }
}

/// A reply with an error status, or a caller that stopped waiting for one.
fn is_error(step: &Step) -> bool {
    matches!(step.payload, Payload::Reply { status } if status == 0 || status >= 400)
}

/// `text` with each placeholder `{component.field}` replaced by the current value in
/// `scenario` of the parameter with that target, in its unit as a learner reads it ("500 ms",
/// "3 s", "20%", "4 connections"). The build refuses texts with unknown placeholders (see
/// [`Chapter::problem`]); should one slip through, it is shown as written.
pub fn render_text(text: &str, scenario: &Scenario) -> String {
    fill(text, scenario).0
}

/// What is wrong with the placeholders of `text` in `scenario`, one sentence each.
pub fn placeholder_problems(text: &str, scenario: &Scenario) -> Vec<String> {
    fill(text, scenario).1
}

/// The filled-in text and the placeholders that could not be filled.
fn fill(text: &str, scenario: &Scenario) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((target, next)) = after.split_once('}') else {
            problems.push("a `{` opens a placeholder that no `}` closes".to_string());
            out.push('{');
            rest = after;
            break;
        };
        match quoted_value(target, scenario) {
            Ok(value) => out.push_str(&value),
            Err(problem) => {
                problems.push(problem);
                out.push_str(&format!("{{{target}}}"));
            }
        }
        rest = next;
    }
    out.push_str(rest);
    (out, problems)
}

fn quoted_value(target: &str, scenario: &Scenario) -> Result<String, String> {
    let Some(parameter) = scenario.parameters.iter().find(|p| p.target == target) else {
        let targets: Vec<String> = scenario.parameters.iter().map(|p| format!("`{{{}}}`", p.target)).collect();
        let known = if targets.is_empty() { "this scenario has no parameters".to_string() } else { format!("write one of {}", targets.join(", ")) };
        return Err(format!("the placeholder `{{{target}}}` is the target of no `[[parameter]]`: {known}"));
    };
    let value = scenario.parameter_value(target)?;
    Ok(quantity(value, &parameter.unit))
}

/// A value in its parameter's unit, as a learner reads it.
pub fn quantity(value: f64, unit: &str) -> String {
    match unit {
        "ms" => duration(value),
        "fraction" => format!("{}%", number(value * 100.0)),
        "" => number(value),
        _ if value == 1.0 => format!("1 {}", singular(unit)),
        _ => format!("{} {unit}", number(value)),
    }
}

/// Milliseconds in the largest unit that keeps the number plain: "500 ms", "3 s", "1.5 s",
/// "5 min".
fn duration(ms: f64) -> String {
    const MINUTE: f64 = 60_000.0;
    if ms >= MINUTE && ms % MINUTE == 0.0 {
        format!("{} min", number(ms / MINUTE))
    } else if ms >= 1000.0 {
        format!("{} s", number(ms / 1000.0))
    } else {
        format!("{} ms", number(ms))
    }
}

/// At most two decimals, none when they are zeros, and thousands grouped: "0.25", "3", "1,200".
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |rest| ("-", rest));
    let (whole, decimals) = digits.split_once('.').map_or((digits, None), |(w, d)| (w, Some(d)));
    let mut out = sign.to_string();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(decimals) = decimals {
        out.push('.');
        out.push_str(decimals);
    }
    if out == "-0" { "0".to_string() } else { out }
}

/// "connections" → "connection", "retries" → "retry", "requests/s" → "request/s"; units
/// that are not a plural word ("MB") stay as they are.
fn singular(unit: &str) -> String {
    let (word, per) = unit.split_once('/').map_or((unit, None), |(word, per)| (word, Some(per)));
    let one = if !word.chars().all(|c| c.is_ascii_lowercase()) || word.ends_with("ss") {
        word.to_string()
    } else if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    };
    per.map_or(one.clone(), |per| format!("{one}/{per}"))
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
    /// The chapters that `run` reaches, as (step, text) in step order, one per step. The
    /// texts are as written; the player fills in their placeholders with [`render_text`].
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Three calls, 5 s apart, to a function that fails every one, with two parameters.
    fn scenario() -> Scenario {
        let parameter = |name: &str, target: &str, unit: &str, max: f64| {
            serde_json::json!({ "name": name, "label": name, "target": target, "unit": unit, "min": 0, "max": max, "explanation": "E" })
        };
        serde_json::from_value(serde_json::json!({
            "name": "t",
            "component": [
                { "client": { "name": "caller", "op": "GET /", "workload": { "list": { "at_ms": [0, 5000, 10000] } } } },
                { "function": { "name": "worker", "error_rate": 1.0, "timeout_ms": 500, "duration": { "fixed": { "ms": 10 } } } },
            ],
            "link": [{ "from": "caller", "to": "worker" }],
            "parameter": [
                parameter("timeout", "worker.timeout_ms", "ms", 60000.0),
                parameter("errors", "worker.error_rate", "fraction", 1.0),
            ],
        }))
        .unwrap()
    }

    fn chapter(on: StepKind) -> Chapter {
        Chapter { text: "T".into(), at_ms: None, on: Some(on), component: None, failed: false, after: None, nth: None }
    }

    #[test]
    fn quantities_read_as_a_learner_says_them() {
        let cases = [
            (500.0, "ms", "500 ms"),
            (3000.0, "ms", "3 s"),
            (1500.0, "ms", "1.5 s"),
            (0.0, "ms", "0 ms"),
            (300_000.0, "ms", "5 min"),
            (90_000.0, "ms", "90 s"),
            (0.2, "fraction", "20%"),
            (0.05, "fraction", "5%"),
            (4.0, "connections", "4 connections"),
            (1.0, "connections", "1 connection"),
            (1.0, "retries", "1 retry"),
            (1.0, "requests/s", "1 request/s"),
            (1.0, "MB", "1 MB"),
            (1200.0, "requests", "1,200 requests"),
            (0.4, "", "0.4"),
            (128.0, "MB", "128 MB"),
        ];
        for (value, unit, expected) in cases {
            assert_eq!(quantity(value, unit), expected, "{value} {unit}");
        }
    }

    #[test]
    fn placeholders_quote_the_value_the_learner_set() {
        let mut scenario = scenario();
        let text = "Calls time out after {worker.timeout_ms}; {worker.error_rate} of them fail.";
        assert_eq!(render_text(text, &scenario), "Calls time out after 500 ms; 100% of them fail.");
        scenario.set_parameter("timeout", 3000.0).unwrap();
        scenario.set_parameter("errors", 0.25).unwrap();
        assert_eq!(render_text(text, &scenario), "Calls time out after 3 s; 25% of them fail.");
        assert!(placeholder_problems(text, &scenario).is_empty());
    }

    #[test]
    fn an_unknown_placeholder_is_a_problem_and_shown_as_written() {
        let scenario = scenario();
        let text = "The {worker.memory_mb} function";
        let problems = placeholder_problems(text, &scenario);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`{worker.memory_mb}`") && problems[0].contains("`{worker.timeout_ms}`"), "{problems:?}");
        assert_eq!(render_text(text, &scenario), text);
        assert_eq!(placeholder_problems("An open { brace", &scenario).len(), 1);
        let with_placeholder = Chapter { text: text.into(), ..chapter(StepKind::Sent) };
        assert!(with_placeholder.problem(&scenario).is_some_and(|p| p.contains("memory_mb")));
        assert_eq!(chapter(StepKind::Sent).problem(&scenario), None);
    }

    #[test]
    fn triggers_narrow_to_a_component_a_failure_a_count_and_an_earlier_step() {
        let scenario = scenario();
        let run = crate::simulate(&scenario, 1).unwrap();
        let step = |c: Chapter| c.step_in(&run).map(|i| run.steps[i]);
        let worker = run.component_names().iter().position(|n| n == "worker").unwrap();

        let received = step(Chapter { component: Some("worker".into()), ..chapter(StepKind::Received) }).unwrap();
        assert_eq!(received.node.0 as usize, worker);
        let failed = step(Chapter { failed: true, ..chapter(StepKind::Received) }).unwrap();
        assert_ne!(failed.node.0 as usize, worker, "the caller receives the failure");
        assert!(matches!(failed.payload, Payload::Reply { status: 500 }));

        let third = step(Chapter { nth: Some(3), ..chapter(StepKind::Started) }).unwrap();
        assert!(third.time >= 10_000_000, "the third call starts at 10 s: {third:?}");
        assert_eq!(step(Chapter { nth: Some(4), ..chapter(StepKind::Started) }), None);

        let later = step(Chapter { after: Some(StepKind::Finished), ..chapter(StepKind::Started) }).unwrap();
        assert!((5_000_000..10_000_000).contains(&later.time), "the first start after a finish: {later:?}");
        assert_eq!(step(Chapter { component: Some("caller".into()), ..chapter(StepKind::Started) }), None);
    }

    #[test]
    fn a_narrowed_trigger_must_name_a_component_and_count_from_one() {
        let scenario = scenario();
        let nowhere = Chapter { component: Some("nobody".into()), ..chapter(StepKind::Sent) };
        assert!(nowhere.problem(&scenario).is_some_and(|p| p.contains("nobody")));
        assert!(Chapter { nth: Some(0), ..chapter(StepKind::Sent) }.problem(&scenario).is_some());
        let timed = Chapter { at_ms: Some(5.0), on: None, nth: Some(2), ..chapter(StepKind::Sent) };
        assert!(timed.problem(&scenario).is_some_and(|p| p.contains("narrow")));
    }
}
