//! Simulator-graded questions: the learner predicts a figure of a lesson's simulation for an
//! instance drawn per attempt (a seed, and parameter values within the question's ranges), and
//! the answer is measured by running that very instance. Nothing here is hard-coded: the right
//! answer exists only once the run has been computed.

use lab_i18n::quiz as msg;
use lab_sim::{Metrics, Scenario};
use serde::{Deserialize, Serialize};

use crate::check::Checked;
use crate::model::Question;
use crate::shuffle::splitmix64;

/// A parameter of the lesson's scenario that changes from one attempt to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vary {
    /// The name of one of the scenario's `[[parameter]]` tables.
    pub parameter: String,
    pub min: f64,
    pub max: f64,
    /// Values are `min`, `min + step`, ... up to `max`.
    pub step: f64,
}

/// What the learner predicts, measured from the whole run with lab-sim's own definitions
/// (the figures the player's counters and latency plot show at the run's last step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    Requests,
    Successes,
    Errors,
    Throttled,
    Retries,
    DeadLettered,
    Duplicates,
    CallerP50Ms,
    CallerP95Ms,
    CallerP99Ms,
    EndToEndP95Ms,
    /// Messages that never finished their work: failed after their retries, expired, lost to
    /// a fault, or still waiting when the run ended (dead-lettered ones are counted apart).
    Unfinished,
    /// Successful writes to the databases (a request written twice counts twice).
    StoreWrites,
    /// Messages stored by the queues, dead-letter queues included: how many copies the
    /// routing made.
    QueueArrivals,
    /// The largest iterator age of the streams: how far behind their consumers fell.
    MaxIteratorAgeMs,
}

impl Measure {
    pub fn of(self, metrics: &Metrics) -> f64 {
        match self {
            Measure::Requests => metrics.requests as f64,
            Measure::Successes => metrics.answered_ok as f64,
            Measure::Errors => metrics.errors.values().sum::<u64>() as f64,
            Measure::Throttled => metrics.errors.get("throttled").copied().unwrap_or(0) as f64,
            Measure::Retries => metrics.retries as f64,
            Measure::DeadLettered => metrics.dead_lettered as f64,
            Measure::Duplicates => metrics.duplicate_deliveries as f64,
            Measure::CallerP50Ms => metrics.caller_latency_ms.p50,
            Measure::CallerP95Ms => metrics.caller_latency_ms.p95,
            Measure::CallerP99Ms => metrics.caller_latency_ms.p99,
            Measure::EndToEndP95Ms => metrics.end_to_end_ms.p95,
            Measure::Unfinished => {
                let outcomes = &metrics.outcomes;
                (outcomes.failed + outcomes.expired + outcomes.dropped_by_fault + outcomes.in_flight_at_end) as f64
            }
            Measure::StoreWrites => metrics.stores.iter().map(|store| store.writes).sum::<u64>() as f64,
            Measure::QueueArrivals => metrics.queues.iter().map(|queue| queue.enqueued).sum::<u64>() as f64,
            Measure::MaxIteratorAgeMs => metrics.streams.iter().map(|stream| stream.max_iterator_age_ms).fold(0.0, f64::max),
        }
    }

    /// The figure in a learner's words, to head a line that gives its value.
    pub fn words(self) -> &'static str {
        match self {
            Measure::Requests => "Requests sent",
            Measure::Successes => "Requests answered with success",
            Measure::Errors => "Errors",
            Measure::Throttled => "Requests throttled",
            Measure::Retries => "Retries",
            Measure::DeadLettered => "Messages dead-lettered",
            Measure::Duplicates => "Duplicate deliveries",
            Measure::CallerP50Ms => "Callers' median latency (p50)",
            Measure::CallerP95Ms => "Callers' p95 latency",
            Measure::CallerP99Ms => "Callers' p99 latency",
            Measure::EndToEndP95Ms => "End-to-end p95 time",
            Measure::Unfinished => "Messages that never finished",
            Measure::StoreWrites => "Database writes",
            Measure::QueueArrivals => "Messages stored by the queues",
            Measure::MaxIteratorAgeMs => "Largest iterator age of the stream",
        }
    }

    /// Where the player shows this figure, in words a learner can look for.
    pub fn where_shown(self) -> String {
        let words = match self {
            Measure::Requests => msg::SHOWN_REQUESTS,
            Measure::Successes => msg::SHOWN_SUCCESSES,
            Measure::Errors => msg::SHOWN_ERRORS,
            Measure::Throttled => msg::SHOWN_THROTTLED,
            Measure::Retries => msg::SHOWN_RETRIES,
            Measure::DeadLettered => msg::SHOWN_DEAD_LETTERED,
            Measure::Duplicates => msg::SHOWN_DUPLICATES,
            Measure::CallerP50Ms => msg::SHOWN_P50,
            Measure::CallerP95Ms => msg::SHOWN_P95,
            Measure::CallerP99Ms => msg::SHOWN_P99,
            Measure::EndToEndP95Ms => msg::SHOWN_END_TO_END_P95,
            Measure::Unfinished => msg::SHOWN_UNFINISHED,
            Measure::StoreWrites => msg::SHOWN_STORE_WRITES,
            Measure::QueueArrivals => msg::SHOWN_QUEUE_ARRIVALS,
            Measure::MaxIteratorAgeMs => msg::SHOWN_ITERATOR_AGE,
        };
        words.text().to_string()
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::CallerP50Ms | Measure::CallerP95Ms | Measure::CallerP99Ms | Measure::EndToEndP95Ms | Measure::MaxIteratorAgeMs => " ms",
            _ => "",
        }
    }
}

/// A computed choice that names something of the run rather than a band of a figure: which of
/// the options the run picks, each option named by its `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Pick {
    /// The option whose component received the most messages over the run (its `key` a queue,
    /// counting enqueued messages, or a function, counting invocations): which queue the
    /// messages reach, which rule's target a bus or topic feeds most.
    MostReceived,
    /// The state of the circuit breaker `breaker` at `at_ms` into the run; the options' keys
    /// are `closed`, `open` and `half-open`.
    BreakerState { breaker: String, at_ms: f64 },
}

/// The keys a breaker-state pick's options may have.
pub const BREAKER_STATES: [&str; 3] = ["closed", "open", "half-open"];

impl Pick {
    /// The index of the option the run picks (ties go to the first written).
    pub fn of(&self, keys: &[Option<String>], run: &lab_sim::Run) -> Option<usize> {
        match self {
            Pick::MostReceived => {
                let metrics = &run.metrics;
                let received = |name: &str| {
                    let queue = metrics.queues.iter().find(|q| q.name == name).map(|q| q.enqueued);
                    let function = metrics.functions.iter().find(|f| f.name == name).map(|f| f.invocations);
                    queue.or(function).unwrap_or(0)
                };
                let counts: Vec<u64> = keys.iter().map(|key| key.as_deref().map_or(0, received)).collect();
                let most = counts.iter().copied().max()?;
                counts.iter().position(|count| *count == most)
            }
            Pick::BreakerState { breaker, at_ms } => {
                let step = run.steps.iter().rposition(|step| step.time as f64 <= at_ms * 1000.0)?;
                let snapshot = run.state_at(step)?;
                let state = snapshot.components.iter().find(|c| c.name == *breaker).and_then(|c| match c.view {
                    lab_sim::ComponentView::Breaker { mode, .. } => Some(mode),
                    _ => None,
                })?;
                let key = match state {
                    lab_sim::BreakerMode::Closed => "closed",
                    lab_sim::BreakerMode::Open => "open",
                    lab_sim::BreakerMode::HalfOpen => "half-open",
                };
                keys.iter().position(|k| k.as_deref() == Some(key))
            }
        }
    }
}

/// One attempt's instance: the seed and the value of each varied parameter, in the
/// question's order. Saved with the learner's progress, so a reload shows the same instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub seed: u64,
    pub values: Vec<(String, f64)>,
}

/// The figure measured from running an instance, and the run's last step (where the
/// player shows the whole run's counters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub value: f64,
    pub last_step: usize,
}

/// What the player module answers the quiz page for one instance of a simulator-graded
/// question (the two are separate downloads, so this crosses between them as JSON): the
/// measured figure, the instance in words, and the lesson-page fragment that opens that run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredRun {
    pub value: f64,
    /// "This attempt: simulation seed 4821; Customer requests per second: 80 requests/s."
    pub instance_text: String,
    /// `#v=1&seed=...&step=<last>&p=...`, for the lesson's page.
    pub share_fragment: String,
}

/// "This attempt: simulation seed 4821; Customer requests per second: 80 requests/s."
pub fn describe_instance(instance: &Instance, scenario: &Scenario) -> String {
    let mut text = msg::INSTANCE.with(&[("seed", &instance.seed)]);
    for (name, value) in &instance.values {
        let parameter = scenario.parameters.iter().find(|parameter| parameter.name == *name);
        let (label, unit) = parameter.map_or((name.as_str(), ""), |parameter| (parameter.label.as_str(), parameter.unit.as_str()));
        text.push_str("; ");
        text.push_str(msg::INSTANCE_VALUE.with(&[("label", &label), ("value", &format_number(*value)), ("unit", &unit)]).trim_end());
    }
    text.push('.');
    text
}

/// Seeds stay short enough to read and to type into a share link.
const SEEDS: u64 = 1_000_000;

/// A fresh instance from `entropy` (any random number): a seed, and each varied parameter on
/// its step grid between its minimum and maximum.
pub fn draw_instance(question: &Question, entropy: u64) -> Instance {
    let mut state = entropy;
    let seed = splitmix64(&mut state) % SEEDS + 1;
    let values = question
        .vary
        .iter()
        .map(|vary| {
            let steps = grid_steps(vary);
            let k = splitmix64(&mut state) % (steps + 1);
            (vary.parameter.clone(), on_grid(vary, k))
        })
        .collect();
    Instance { seed, values }
}

/// The instance exported to other tools (GIFT): seed 1 and every range's minimum.
pub fn fixed_instance(question: &Question) -> Instance {
    Instance { seed: 1, values: question.vary.iter().map(|vary| (vary.parameter.clone(), vary.min)).collect() }
}

/// Whether a saved instance still belongs to this question (storage can hold anything).
pub fn instance_fits(question: &Question, instance: &Instance) -> bool {
    (1..=SEEDS).contains(&instance.seed)
        && instance.values.len() == question.vary.len()
        && question
            .vary
            .iter()
            .zip(&instance.values)
            .all(|(vary, (name, value))| *name == vary.parameter && (vary.min..=vary.max).contains(value))
}

/// Runs the instance on the lesson's scenario and measures the question's figure.
pub fn measure_instance(question: &Question, base: &Scenario, instance: &Instance) -> Result<Measured, String> {
    let mut scenario = base.clone();
    for (name, value) in &instance.values {
        scenario.set_parameter(name, *value).map_err(|error| error.message)?;
    }
    let run = lab_sim::simulate(&scenario, instance.seed).map_err(|error| error.to_string())?;
    let value = match (&question.pick, question.measure) {
        (Some(pick), _) => {
            let keys: Vec<Option<String>> = question.bands.iter().map(|band| band.key.clone()).collect();
            pick.of(&keys, &run).ok_or_else(|| msg::RUN_PICKS_NONE.text())? as f64
        }
        (None, Some(measure)) => measure.of(&run.metrics),
        (None, None) => return Err(msg::NO_MEASURE.text().to_string()),
    };
    Ok(Measured { value, last_step: run.steps.len().saturating_sub(1) })
}

/// The prompt with each `{parameter}` replaced by the instance's value.
pub fn prompt_with_values(question: &Question, instance: &Instance) -> String {
    instance
        .values
        .iter()
        .fold(question.prompt.clone(), |prompt, (name, value)| prompt.replace(&format!("{{{name}}}"), &format_number(*value)))
}

/// Grades a prediction: right when within the question's tolerance of the measured figure, or,
/// for a question with bands, when `given` is the index of the band the figure falls in.
pub fn check_prediction(question: &Question, given: f64, measured: f64) -> Checked {
    if !question.bands.is_empty() {
        let picked = (given.is_finite() && given >= 0.0 && given.fract() == 0.0).then_some(given as usize);
        let Some(picked) = picked.filter(|picked| *picked < question.bands.len()) else {
            return Checked::Incomplete(msg::INCOMPLETE_CHOOSE_OPTION.text().to_string());
        };
        let fully_right = right_option(question, measured) == Some(picked);
        return Checked::Graded { score: if fully_right { 1.0 } else { 0.0 }, fully_right, verdicts: Vec::new() };
    }
    if !given.is_finite() {
        return Checked::Incomplete(msg::INCOMPLETE_NUMBER.text().to_string());
    }
    // A hair of slack, so "within 0.1" holds for 0.1 written in binary floating point.
    let fully_right = (given - measured).abs() <= question.tolerance.unwrap_or(0.0) + 1e-9;
    Checked::Graded { score: if fully_right { 1.0 } else { 0.0 }, fully_right, verdicts: Vec::new() }
}

/// The option of a question with bands that `measured` (what [`measure_instance`] gave) makes
/// right: a pick measures the index of the option it picks, bands hold the figure itself.
pub fn right_option(question: &Question, measured: f64) -> Option<usize> {
    if question.pick.is_some() {
        Some(measured as usize)
    } else {
        crate::prediction::band_of(&question.bands, measured)
    }
}

/// A number as people write it in the page's language: at most two decimals, no trailing
/// zeros ("2.5"; "2,5" in Vietnamese).
pub fn format_number(value: f64) -> String {
    // Always two decimals, so the zeros trimmed are decimals, never those of the groups.
    let text = lab_i18n::decimal(value, 2);
    text.trim_end_matches('0').trim_end_matches(['.', ',']).to_string()
}

/// How many steps fit in the range (at least none, at most a million, whatever the file says).
fn grid_steps(vary: &Vary) -> u64 {
    let steps = ((vary.max - vary.min) / vary.step + 1e-9).floor();
    if steps.is_finite() && steps > 0.0 {
        steps.min(1e6) as u64
    } else {
        0
    }
}

/// The `k`-th value of the grid, rounded so 0.1 + 0.2 reads as 0.3 everywhere it is shown.
fn on_grid(vary: &Vary, k: u64) -> f64 {
    let value = vary.min + k as f64 * vary.step;
    // Not `clamp`: it panics on a range upside down, and `vary` comes from a file.
    ((value * 1e6).round() / 1e6).max(vary.min).min(vary.max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QuestionKind;

    fn question() -> Question {
        Question {
            id: "throttled".into(),
            kind: QuestionKind::Simulated,
            prompt: "At {rate} per second, how many are throttled?".into(),
            explanation: "E".into(),
            select: None,
            pinned: false,
            teaches: None,
            choices: Vec::new(),
            scenario: Some("lesson".into()),
            vary: vec![Vary { parameter: "rate".into(), min: 10.0, max: 30.0, step: 5.0 }],
            measure: Some(Measure::Throttled),
            tolerance: Some(2.0),
            bands: Vec::new(),
            pick: None,
        }
    }

    #[test]
    fn instances_lie_on_the_grid_and_vary_with_entropy() {
        let question = question();
        let instances: Vec<Instance> = (0..50).map(|entropy| draw_instance(&question, entropy)).collect();
        for instance in &instances {
            assert!(instance_fits(&question, instance), "{instance:?}");
            assert!([10.0, 15.0, 20.0, 25.0, 30.0].contains(&instance.values[0].1), "{instance:?}");
        }
        assert!(instances.iter().any(|instance| instance.values != instances[0].values));
        assert!(instances.iter().any(|instance| instance.seed != instances[0].seed));
        assert_eq!(draw_instance(&question, 7), draw_instance(&question, 7));
    }

    #[test]
    fn a_band_question_is_right_when_the_chosen_band_holds_the_run_s_figure() {
        use crate::prediction::Band;
        let bands = vec![Band { text: "None".into(), below: Some(1.0), key: None }, Band { text: "Some".into(), below: Some(50.0), key: None }, Band { text: "Most".into(), below: None, key: None }];
        let question = Question { tolerance: None, bands, ..question() };
        let right = |given: f64, measured: f64| matches!(check_prediction(&question, given, measured), Checked::Graded { fully_right: true, .. });
        assert!(right(0.0, 0.0) && right(1.0, 12.0) && right(2.0, 70.0));
        assert!(!right(1.0, 0.0) && !right(2.0, 49.0));
        assert!(matches!(check_prediction(&question, 3.0, 10.0), Checked::Incomplete(_)), "no such band");
        assert!(matches!(check_prediction(&question, f64::NAN, 10.0), Checked::Incomplete(_)), "nothing chosen");
        let quiz = crate::model::Quiz { id: "q".into(), title: "Q".into(), scoring: Default::default(), questions: vec![question.clone()] };
        assert_eq!(crate::validate::validate(&quiz), vec![]);
        let both = Question { tolerance: Some(1.0), ..question };
        let quiz = crate::model::Quiz { questions: vec![both], ..quiz };
        assert!(crate::validate::validate(&quiz).iter().any(|p| format!("{p:?}").contains("not both")));
    }

    #[test]
    fn a_pick_names_the_option_whose_component_received_the_most() {
        use crate::prediction::Band;
        let option = |name: &str| Band { text: name.into(), below: None, key: Some(name.into()) };
        let question = Question { measure: None, tolerance: None, pick: Some(Pick::MostReceived), bands: vec![option("orders"), option("audit"), option("billing")], ..question() };
        let mut metrics = Metrics::default();
        metrics.queues.push(lab_sim::QueueMetrics { name: "orders".into(), enqueued: 4, ..Default::default() });
        metrics.queues.push(lab_sim::QueueMetrics { name: "audit".into(), enqueued: 9, ..Default::default() });
        metrics.functions.push(lab_sim::FunctionMetrics { name: "billing".into(), invocations: 7, ..Default::default() });
        let keys: Vec<Option<String>> = question.bands.iter().map(|band| band.key.clone()).collect();
        let mut run = lab_sim::simulate(&lab_sim::examples::file("orders-redrive.toml").unwrap(), 1).unwrap();
        run.metrics = metrics;
        assert_eq!(Pick::MostReceived.of(&keys, &run), Some(1));
        let right = |given: f64| matches!(check_prediction(&question, given, 1.0), Checked::Graded { fully_right: true, .. });
        assert!(right(1.0) && !right(0.0) && !right(2.0));
        let quiz = crate::model::Quiz { id: "q".into(), title: "Q".into(), scoring: Default::default(), questions: vec![question.clone()] };
        assert_eq!(crate::validate::validate(&quiz), vec![]);
        let keyless = Question { bands: vec![option("orders"), Band { key: None, ..option("audit") }], ..question };
        let quiz = crate::model::Quiz { questions: vec![keyless], ..quiz };
        assert!(crate::validate::validate(&quiz).iter().any(|p| format!("{p:?}").contains("the `key` of a component")));
    }

    #[test]
    fn foreign_instances_do_not_fit() {
        let question = question();
        let mut instance = fixed_instance(&question);
        assert!(instance_fits(&question, &instance));
        instance.values[0].1 = 31.0;
        assert!(!instance_fits(&question, &instance));
        let renamed = Instance { seed: 1, values: vec![("other".into(), 10.0)] };
        assert!(!instance_fits(&question, &renamed));
        assert!(!instance_fits(&question, &Instance { seed: 0, values: fixed_instance(&question).values }));
    }

    #[test]
    fn the_prompt_shows_the_instance() {
        let instance = Instance { seed: 3, values: vec![("rate".into(), 25.0)] };
        assert_eq!(prompt_with_values(&question(), &instance), "At 25 per second, how many are throttled?");
        assert_eq!(format_number(0.30000000000000004), "0.3");
    }

    #[test]
    fn predictions_within_the_tolerance_are_right() {
        let question = question();
        let right = |given: f64| matches!(check_prediction(&question, given, 10.0), Checked::Graded { fully_right: true, .. });
        assert!(right(8.0) && right(12.0) && right(10.0));
        assert!(!right(7.0) && !right(12.5));
        assert!(matches!(check_prediction(&question, f64::NAN, 10.0), Checked::Incomplete(_)));
    }

    #[test]
    fn the_challenge_measures_add_up_their_parts() {
        let outcomes = lab_sim::Conservation { created: 20, consumed: 5, dead_lettered: 4, failed: 1, expired: 2, dropped_by_fault: 3, in_flight_at_end: 5, ..Default::default() };
        let mut metrics = Metrics { outcomes, ..Default::default() };
        metrics.stores.push(lab_sim::StoreMetrics { name: "a".into(), writes: 7, relayed: 0 });
        metrics.stores.push(lab_sim::StoreMetrics { name: "b".into(), writes: 2, relayed: 0 });
        metrics.queues.push(lab_sim::QueueMetrics { name: "q".into(), enqueued: 4, ..Default::default() });
        metrics.queues.push(lab_sim::QueueMetrics { name: "dlq".into(), enqueued: 1, ..Default::default() });
        metrics.streams.push(lab_sim::StreamMetrics { name: "s".into(), max_iterator_age_ms: 800.0, ..Default::default() });
        metrics.streams.push(lab_sim::StreamMetrics { name: "t".into(), max_iterator_age_ms: 1200.0, ..Default::default() });
        assert_eq!(Measure::Unfinished.of(&metrics), 11.0, "dead-lettered and consumed messages are not unfinished");
        assert_eq!(Measure::StoreWrites.of(&metrics), 9.0);
        assert_eq!(Measure::QueueArrivals.of(&metrics), 5.0);
        assert_eq!(Measure::MaxIteratorAgeMs.of(&metrics), 1200.0);
        assert_eq!(Measure::MaxIteratorAgeMs.unit(), " ms");
        let run = lab_sim::simulate(&lab_sim::examples::file("orders-redrive.toml").unwrap(), 1).unwrap();
        let outcomes = &run.metrics.outcomes;
        assert_eq!(Measure::Unfinished.of(&run.metrics), (outcomes.created - outcomes.consumed - outcomes.dead_lettered - outcomes.rejected) as f64);
    }

    #[test]
    fn the_answer_is_measured_from_the_run() {
        let scenario = lab_sim::examples::file("payments-sync.toml").unwrap();
        let mut question = question();
        question.vary = Vec::new();
        let instance = Instance { seed: 4, values: Vec::new() };
        let measured = measure_instance(&question, &scenario, &instance).unwrap();
        let run = lab_sim::simulate(&scenario, 4).unwrap();
        assert_eq!(measured.value, run.metrics.errors.get("throttled").copied().unwrap_or(0) as f64);
        assert_eq!(measured.last_step, run.steps.len() - 1);
        question.measure = Some(Measure::CallerP95Ms);
        assert_eq!(measure_instance(&question, &scenario, &instance).unwrap().value, run.metrics.caller_latency_ms.p95);
        let unknown = Instance { seed: 4, values: vec![("no-such".into(), 1.0)] };
        assert!(measure_instance(&question, &scenario, &unknown).is_err());
    }
}
