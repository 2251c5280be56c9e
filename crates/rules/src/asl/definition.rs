//! A validated state machine: every name it references exists, every field has
//! the right type. Parallel branches and Map processors are state machines too.

use super::choice::ChoiceRule;
use super::json_path::JsonPath;
use super::retry::{Catcher, Retrier};
use super::template::Template;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    pub start_at: String,
    pub states: BTreeMap<String, State>,
    pub timeout_seconds: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub kind: StateKind,
    /// None: `"InputPath": null`, the state sees `{}`. Default `$`.
    pub input_path: Option<JsonPath>,
    /// None: `"OutputPath": null`, the state outputs `{}`. Default `$`.
    pub output_path: Option<JsonPath>,
    /// None: `"ResultPath": null`, the result is discarded. Default `$`.
    pub result_path: Option<JsonPath>,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    /// None means End (or a state that never transitions: Choice, Succeed, Fail).
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    Pass {
        result: Option<Value>,
    },
    Task {
        resource: String,
        timeout_seconds: Option<u64>,
    },
    Choice {
        choices: Vec<(ChoiceRule, String)>,
        default: Option<String>,
    },
    Wait(WaitFor),
    Succeed,
    Fail {
        error: String,
        cause: String,
    },
    Parallel {
        branches: Vec<Arc<StateMachine>>,
    },
    Map {
        processor: Arc<StateMachine>,
        items_path: Option<JsonPath>,
        item_selector: Option<Template>,
        max_concurrency: u64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum WaitFor {
    Seconds(u64),
    Timestamp(i64),
    SecondsPath(JsonPath),
    TimestampPath(JsonPath),
}

impl StateKind {
    /// The name the service uses for the state type, as in `TaskStateEntered`.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass { .. } => "Pass",
            StateKind::Task { .. } => "Task",
            StateKind::Choice { .. } => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail { .. } => "Fail",
            StateKind::Parallel { .. } => "Parallel",
            StateKind::Map { .. } => "Map",
        }
    }
}
