//! `state_machine`: a Step Functions-like state machine running an Amazon States Language
//! definition (lab-rules' `asl`).

use std::sync::Arc;

use lab_rules::asl::{StateKind, StateMachine};
use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

/// A Step Functions-like state machine running an Amazon States Language definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateMachineSpec {
    pub name: String,
    /// The ASL definition, as JSON text. A Task's `Resource` names a component this state
    /// machine links to (or an ARN ending in `:<name>`).
    pub definition: String,
    /// The input of every execution, as JSON text.
    #[serde(default = "empty_object")]
    pub input: String,
    /// How long a task's call may take before it fails with `States.Timeout` (the
    /// definition's own TimeoutSeconds applies too).
    #[serde(default = "task_timeout_ms")]
    pub task_timeout_ms: f64,
}

fn empty_object() -> String {
    "{}".into()
}
fn task_timeout_ms() -> f64 {
    TASK_TIMEOUT.default_number()
}

const DEFINITION: F = F::text(
    "definition",
    FieldDefault::Required,
    "the Amazon States Language definition, as JSON text",
);
const INPUT: F = F::text(
    "input",
    FieldDefault::Text("{}"),
    "the input of every execution, as JSON text (an execution an event bus rule starts gets the event instead, as with EventBridge)",
);
const TASK_TIMEOUT: F = F::duration(
    "task_timeout_ms",
    60_000.0,
    HOUR_MS,
    "a task call unanswered this long fails with `States.Timeout`",
)
.above(0.0)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "state_machine",
    title: "Step Functions-like state machine",
    explanation: "Runs a workflow for every request: tasks call components, with retries, catches, waits and branches.",
    fields: &[DEFINITION, INPUT, TASK_TIMEOUT],
};

impl StateMachineSpec {
    /// A state machine whose definition succeeds at once, to be written by the learner.
    pub fn named(name: &str) -> Self {
        StateMachineSpec {
            name: name.to_string(),
            definition: r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#.into(),
            input: empty_object(),
            task_timeout_ms: task_timeout_ms(),
        }
    }
}

impl Spec for StateMachineSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "definition" => Slot::Text(&mut self.definition),
            "input" => Slot::Text(&mut self.input),
            "task_timeout_ms" => Slot::Number(&mut self.task_timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let machine = match lab_rules::asl::parse_definition(&self.definition) {
            Ok(m) => m,
            Err(e) => return site.fail(msg::INVALID_DEFINITION.with(&[("error", &e)])),
        };
        let ck = site.check();
        let input = ck.json("input", &self.input)?;
        let task_timeout = ck.duration(&TASK_TIMEOUT, self.task_timeout_ms)?;
        let mut state_names = Vec::new();
        let mut tasks = Vec::new();
        collect(&machine, &mut state_names, &mut tasks);
        state_names.sort();
        state_names.dedup();
        let mut resources: Vec<(String, usize)> = Vec::new();
        for (state, resource) in tasks {
            if resources.iter().any(|(r, _)| *r == resource) {
                continue;
            }
            let short = resource.rsplit(':').next().unwrap_or(&resource);
            match site.link_to_named(&resource).or_else(|| site.link_to_named(short)) {
                Some(l) => resources.push((resource, l)),
                None => {
                    return site.fail(msg::RESOURCE_NOT_LINKED.with(&[("state", &state), ("resource", &resource)]))
                }
            }
        }
        Ok(Kind::StateMachine(StateMachineC {
            machine: Arc::new(machine),
            input: Arc::new(input),
            resources,
            task_timeout,
            state_names,
        }))
    }
}

fn collect(m: &StateMachine, names: &mut Vec<String>, tasks: &mut Vec<(String, String)>) {
    for (name, s) in &m.states {
        names.push(name.clone());
        match &s.kind {
            StateKind::Task { resource, .. } => tasks.push((name.clone(), resource.clone())),
            StateKind::Parallel { branches } => {
                for b in branches {
                    collect(b, names, tasks);
                }
            }
            StateKind::Map { processor, .. } => collect(processor, names, tasks),
            _ => {}
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct StateMachineC {
    pub machine: Arc<StateMachine>,
    pub input: Arc<Value>,
    /// Task resources as written, with the link that reaches each.
    pub resources: Vec<(String, usize)>,
    pub task_timeout: Time,
    /// Every state name in the definition (branches and Map processors included), sorted:
    /// a history step names its state by index into this list.
    pub state_names: Vec<String>,
}
