//! A Step Functions-like state machine: every arriving request starts an execution of the
//! component's Amazon States Language definition (lab-rules' interpreter, `asl::Execution`).
//!
//! - A Task state calls the component its `Resource` names, over the link to it: a
//!   synchronous link is a call whose answer feeds back into the execution (2xx:
//!   `task_succeeded`, anything else or the call timing out: `task_failed`); an asynchronous
//!   link sends a message and the task succeeds at once (fire and forget, like
//!   `sqs:sendMessage`).
//! - Timers the interpreter asks for (Wait states, Retry back-off, TimeoutSeconds) are
//!   engine timers, so they happen in simulated time and rewind with the run.
//! - Every execution history event (`ExecutionStarted`, `TaskStateEntered`,
//!   `TaskScheduled`, `TaskSucceeded`, ...) becomes an `Execution` step; `Run::execution_event`
//!   gives its service name and state, so the player can light states up.
//! - The execution's input is the component's `input`, or the event itself when an event
//!   bus rule started it.
//! - An asynchronous start (from an event bus, a topic, a client's async link) ends when the
//!   execution ends: consumed if it succeeded, failed otherwise. A synchronous start
//!   (StartSyncExecution) is answered 200 or 500 when the execution ends.
//!
//! Simplifications: a task's result is its input echoed back (a function that returns what
//! it was given); the error a failed task raises is `States.TaskFailed` (with the status as
//! the cause), `Lambda.TooManyRequestsException` for a 429, `States.Timeout` when the call
//! timed out.

use crate::id_map::IdMap;

use lab_rules::asl::{Action, EventKind, Execution, Token};
use serde_json::Value;

use super::calls::Calls;
use super::{ComponentView, Timer};
use crate::engine::{is_ok, Cx, Envelope};
use crate::kinds::state_machine::StateMachineC;
use crate::scenario::Kind;
use crate::step::{NodeId, Payload, StepKind, Terminal};

#[derive(Clone, Debug, Default)]
pub(crate) struct StateMachine {
    pub calls: Calls,
    execs: IdMap<u32, Exec>,
    next: u32,
    /// Outstanding task calls by `Calls` tag: (execution, task token, task input).
    tasks: IdMap<u32, (u32, Token, Value)>,
    next_task: u32,
    succeeded: u32,
    failed: u32,
}

#[derive(Clone, Debug)]
struct Exec {
    env: Envelope,
    run: Execution,
    /// History events already recorded as steps.
    seen: usize,
    /// The state the main branch is in, for the diagram.
    current: Option<String>,
}

/// The interpreter's view of the engine's clock and random generator.
struct EngineEnv<'a, 'b> {
    cx: &'a mut Cx<'b>,
}

impl lab_rules::asl::Environment for EngineEnv<'_, '_> {
    fn now_us(&self) -> u64 {
        self.cx.now
    }
    fn random_unit(&mut self) -> f64 {
        self.cx.unit()
    }
}

/// Event types in the order of their index in a step's `detail`.
const EVENT_NAMES: [&str; 35] = [
    "ExecutionStarted",
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskFailed",
    "TaskTimedOut",
    "ParallelStateStarted",
    "ParallelStateSucceeded",
    "ParallelStateFailed",
    "MapStateStarted",
    "MapStateSucceeded",
    "MapStateFailed",
    "MapIterationStarted",
    "MapIterationSucceeded",
    "MapIterationFailed",
    "MapIterationAborted",
    "PassStateEntered",
    "PassStateExited",
    "TaskStateEntered",
    "TaskStateExited",
    "ChoiceStateEntered",
    "ChoiceStateExited",
    "WaitStateEntered",
    "WaitStateExited",
    "SucceedStateEntered",
    "SucceedStateExited",
    "FailStateEntered",
    "FailStateExited",
    "ParallelStateEntered",
    "ParallelStateExited",
    "MapStateEntered",
    "MapStateExited",
];

const STATE_TYPES: [&str; 8] = [
    "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

fn event_index(k: &EventKind) -> u64 {
    use EventKind::*;
    let type_index = |t: &str| STATE_TYPES.iter().position(|s| *s == t).unwrap_or(0) as u64;
    match k {
        ExecutionStarted => 0,
        ExecutionSucceeded => 1,
        ExecutionFailed => 2,
        ExecutionTimedOut => 3,
        TaskScheduled => 4,
        TaskStarted => 5,
        TaskSucceeded => 6,
        TaskFailed => 7,
        TaskTimedOut => 8,
        ParallelStateStarted => 9,
        ParallelStateSucceeded => 10,
        ParallelStateFailed => 11,
        MapStateStarted => 12,
        MapStateSucceeded => 13,
        MapStateFailed => 14,
        MapIterationStarted => 15,
        MapIterationSucceeded => 16,
        MapIterationFailed => 17,
        MapIterationAborted => 18,
        StateEntered(t) => 19 + 2 * type_index(t),
        StateExited(t) => 20 + 2 * type_index(t),
    }
}

const NO_STATE: u64 = 0xffff_ffff;

/// A history step's `detail`: event type (bits 48..), branch (32..48), state index (0..32).
fn encode(kind: u64, branch: usize, state: u64) -> u64 {
    (kind << 48) | ((branch.min(0xffff) as u64) << 32) | (state & NO_STATE)
}

/// Decodes an `Execution` step's detail: (event name, branch, state index).
pub(crate) fn decode(detail: u64) -> (&'static str, usize, Option<usize>) {
    let name = EVENT_NAMES
        .get((detail >> 48) as usize)
        .copied()
        .unwrap_or("?");
    let state = detail & NO_STATE;
    let state = (state != NO_STATE).then_some(state as usize);
    (name, ((detail >> 32) & 0xffff) as usize, state)
}

impl StateMachine {
    pub fn idle(&self) -> bool {
        self.execs.is_empty() && self.calls.is_empty()
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::StateMachine {
            running: self.execs.len() as u32,
            succeeded: self.succeeded,
            failed: self.failed,
            current_states: self
                .execs
                .values()
                .filter_map(|e| e.current.clone())
                .collect(),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &StateMachineC, from: NodeId, env: Envelope) {
        if let Payload::Reply { status } = env.payload {
            if let Some((p, _)) = self.calls.on_reply(cx, from, env) {
                if let Some((exec, token, input)) = self.tasks.remove(&p.tag) {
                    self.task_done(cx, c, exec, token, input, status);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        // A rule's target gets the event as its input, as EventBridge starts an execution.
        let input = match cx.topo.kinds.get(from.0 as usize) {
            Some(Kind::EventBus(b)) => b
                .events
                .get(env.corr as usize % b.events.len().max(1))
                .cloned()
                .unwrap_or_else(|| (*c.input).clone()),
            _ => (*c.input).clone(),
        };
        let run = {
            let mut e = EngineEnv { cx: &mut *cx };
            Execution::start(c.machine.clone(), input, &mut e)
        };
        self.execs.insert(
            id,
            Exec {
                env,
                run,
                seen: 0,
                current: None,
            },
        );
        self.pump(cx, c, id);
    }

    fn task_done(
        &mut self,
        cx: &mut Cx,
        c: &StateMachineC,
        exec: u32,
        token: Token,
        input: Value,
        status: u16,
    ) {
        let Some(e) = self.execs.get_mut(&exec) else {
            return;
        };
        {
            let mut env = EngineEnv { cx: &mut *cx };
            if is_ok(status) {
                e.run.task_succeeded(token, input, &mut env);
            } else {
                let (error, cause) = match status {
                    0 => ("States.Timeout", "the call timed out".to_string()),
                    429 => (
                        "Lambda.TooManyRequestsException",
                        "the function is at its concurrency limit (429)".to_string(),
                    ),
                    s => ("States.TaskFailed", format!("the task answered {s}")),
                };
                e.run.task_failed(token, error, &cause, &mut env);
            }
        }
        self.pump(cx, c, exec);
    }

    /// Records new history events and carries out the interpreter's actions until it waits.
    fn pump(&mut self, cx: &mut Cx, c: &StateMachineC, id: u32) {
        loop {
            let Some(e) = self.execs.get_mut(&id) else {
                return;
            };
            let ended = record_history(cx, c, e);
            if let Some(ok) = ended {
                let e = self.execs.remove(&id);
                if ok {
                    self.succeeded += 1;
                } else {
                    self.failed += 1;
                }
                if let Some(e) = e {
                    // Tasks still outstanding (a Parallel branch's siblings) are abandoned;
                    // their calls end on their own (reply or timeout) and are ignored.
                    self.tasks.retain(|_, t| t.0 != id);
                    if e.env.call.is_some() {
                        cx.reply(&e.env, if ok { 200 } else { 500 });
                    }
                }
                return;
            }
            let Some(action) = e.run.next_action() else {
                return;
            };
            match action {
                Action::InvokeTask {
                    token,
                    resource,
                    input,
                } => {
                    let topo = cx.topo;
                    let resource = c.resources.iter().find(|(r, _)| *r == resource);
                    let Some((link, l)) = resource.and_then(|&(_, link)| Some((link, topo.links.get(link)?))) else {
                        let mut env = EngineEnv { cx: &mut *cx };
                        e.run.task_failed(
                            token,
                            "States.Runtime",
                            "the resource is not in the topology",
                            &mut env,
                        );
                        continue;
                    };
                    let like = Envelope {
                        op: l.op,
                        call: None,
                        payload: Payload::Request,
                        ..e.env
                    };
                    if l.sync {
                        let tag = self.next_task;
                        self.next_task = self.next_task.wrapping_add(1);
                        self.tasks.insert(tag, (id, token, input));
                        self.calls.call(cx, link, None, &like, c.task_timeout, tag);
                    } else {
                        let msg = cx.new_msg();
                        cx.send(link, Envelope { msg, ..like }, true);
                        let mut env = EngineEnv { cx: &mut *cx };
                        e.run.task_succeeded(token, input, &mut env);
                    }
                }
                Action::StartTimer { token, at_us } => {
                    cx.timer(at_us.max(cx.now), Timer::Execution { exec: id, token });
                }
                // The history's ExecutionSucceeded/Failed event ends the execution above.
                Action::Succeeded { .. } | Action::Failed { .. } => {}
            }
        }
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &StateMachineC, t: Timer) {
        match t {
            Timer::Execution { exec, token } => {
                let Some(e) = self.execs.get_mut(&exec) else {
                    return;
                };
                {
                    let mut env = EngineEnv { cx: &mut *cx };
                    e.run.timer_fired(token, &mut env);
                }
                self.pump(cx, c, exec);
            }
            Timer::CallTimeout(id) => {
                if let Some(p) = self.calls.on_timeout(cx, id) {
                    if let Some((exec, token, input)) = self.tasks.remove(&p.tag) {
                        self.task_done(cx, c, exec, token, input, 0);
                    }
                }
            }
            _ => {}
        }
    }

    /// Executions die with the component: an asynchronous start is lost to the fault, a
    /// synchronous caller times out.
    pub fn crash(&mut self, cx: &mut Cx) {
        self.calls.drop_all(cx);
        self.tasks.clear();
        for e in std::mem::take(&mut self.execs).into_values() {
            if e.env.call.is_none() {
                cx.end(StepKind::Dropped, &e.env, None, 0, Terminal::DroppedByFault);
            }
        }
    }
}

/// Turns the execution's new history events into steps. Returns Some(succeeded) when the
/// execution has ended (its last event is recorded as the message's terminal step when the
/// start was asynchronous).
fn record_history(cx: &mut Cx, c: &StateMachineC, e: &mut Exec) -> Option<bool> {
    let history = e.run.history();
    let mut ended = None;
    for h in history.iter().skip(e.seen) {
        let kind = event_index(&h.kind);
        let state = h
            .state
            .as_deref()
            .and_then(|s| c.state_names.binary_search_by(|n| n.as_str().cmp(s)).ok())
            .map_or(NO_STATE, |i| i as u64);
        if h.branch == 0 {
            if let EventKind::StateEntered(_) = h.kind {
                e.current = h.state.clone();
            }
        }
        let detail = encode(kind, h.branch, state);
        let end = match h.kind {
            EventKind::ExecutionSucceeded => Some(true),
            EventKind::ExecutionFailed | EventKind::ExecutionTimedOut => Some(false),
            _ => None,
        };
        match end {
            Some(ok) if e.env.call.is_none() => {
                let t = if ok {
                    Terminal::Consumed
                } else {
                    Terminal::Failed
                };
                cx.end(StepKind::Execution, &e.env, None, detail, t);
            }
            _ => cx.log(StepKind::Execution, &e.env, None, detail),
        }
        if end.is_some() {
            ended = end;
        }
    }
    e.seen = history.len();
    ended
}
