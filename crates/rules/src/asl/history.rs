//! Execution history in the service's vocabulary, so the player can show it.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in the order the events happened.
    pub id: u64,
    pub time_us: u64,
    pub kind: EventKind,
    /// 0 for the main execution; Parallel branches and Map iterations get their own.
    pub branch: usize,
    pub state: Option<String>,
    /// The event's payload: input, output, error and cause, resource, index.
    pub detail: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionTimedOut,
    /// `TaskStateEntered`, `ChoiceStateEntered`, ...: carries the state type.
    StateEntered(&'static str),
    StateExited(&'static str),
    TaskScheduled,
    TaskStarted,
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    MapStateStarted,
    MapStateSucceeded,
    MapStateFailed,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapIterationAborted,
}

impl EventKind {
    /// The name the service gives the event type, e.g. `TaskStateEntered`.
    pub fn name(&self) -> String {
        match self {
            EventKind::StateEntered(state_type) => format!("{state_type}StateEntered"),
            EventKind::StateExited(state_type) => format!("{state_type}StateExited"),
            other => format!("{other:?}"),
        }
    }
}
