//! An execution of a state machine, driven from outside: the driver takes
//! actions with `next_action`, performs them in simulated time and reports
//! back with `task_succeeded`, `task_failed` and `timer_fired`.

use super::action::{Action, Token};
use super::definition::StateMachine;
use super::environment::Environment;
use super::history::{EventKind, HistoryEvent};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Running,
    Succeeded(Value),
    Failed { error: String, cause: String },
}

/// One run of a definition. Deterministic: the same calls give the same
/// actions and history.
#[derive(Debug, Clone)]
pub struct Execution {
    pub(super) branches: Vec<Branch>,
    pub(super) pending: BTreeMap<Token, Pending>,
    pub(super) actions: VecDeque<Action>,
    pub(super) history: Vec<HistoryEvent>,
    pub(super) next_token: Token,
    pub(super) status: Status,
    /// States waiting to be entered, in order. Transitions are queued rather
    /// than entered recursively, so a long or looping chain of Pass and Choice
    /// states cannot exhaust the stack.
    pub(super) ready: VecDeque<(usize, String)>,
    /// `$$.Execution.Input`, shared by every branch rather than copied into each.
    pub(super) execution_input: Arc<Value>,
}

/// The service fails an execution whose history outgrows this many events;
/// here it also stops state loops that never wait.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// A thread of states: the main execution, one Parallel branch or one Map iteration.
#[derive(Debug, Clone)]
pub(super) struct Branch {
    pub machine: Arc<StateMachine>,
    pub parent: Option<(usize, usize)>,
    pub alive: bool,
    pub state: String,
    /// The current state's raw input, before InputPath.
    pub input: Value,
    /// This branch's part of the context object (`$$`): state name, Map item.
    pub context: Value,
    /// Retry attempts made so far, per retrier of the current state.
    pub attempts: Vec<u64>,
    pub children: Option<Children>,
}

/// The sub-executions of a running Parallel or Map state.
#[derive(Debug, Clone)]
pub(super) struct Children {
    pub results: Vec<Option<Value>>,
    pub running: Vec<usize>,
    /// Map items not started yet (index, iteration input), for MaxConcurrency.
    pub queued: VecDeque<(usize, Value)>,
    pub is_map: bool,
}

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pending {
    Task {
        branch: usize,
        timeout: Option<Token>,
    },
    TaskTimeout {
        branch: usize,
        task: Token,
    },
    Retry {
        branch: usize,
    },
    Wait {
        branch: usize,
    },
    ExecutionTimeout,
}

impl Execution {
    /// Starts an execution at `env.now_us()` with the given input.
    pub fn start(machine: Arc<StateMachine>, input: Value, env: &mut dyn Environment) -> Execution {
        let mut execution = Execution {
            branches: Vec::new(),
            pending: BTreeMap::new(),
            actions: VecDeque::new(),
            history: Vec::new(),
            next_token: 1,
            status: Status::Running,
            ready: VecDeque::new(),
            execution_input: Arc::new(input.clone()),
        };
        execution.record(
            env,
            EventKind::ExecutionStarted,
            0,
            None,
            json!({ "input": input }),
        );
        if let Some(seconds) = machine.timeout_seconds {
            let at = env
                .now_us()
                .saturating_add(seconds.saturating_mul(1_000_000));
            execution.start_timer(Pending::ExecutionTimeout, at);
        }
        let context = json!({});
        let start_at = machine.start_at.clone();
        let root = execution.spawn(machine, None, input, context);
        execution.ready.push_back((root, start_at));
        execution.settle(env);
        execution
    }

    /// Enters queued states until none is left, then checks the history limit.
    fn settle(&mut self, env: &mut dyn Environment) {
        while let Some((branch, name)) = self.ready.pop_front() {
            if self.status != Status::Running || self.history.len() > MAX_HISTORY_EVENTS {
                break;
            }
            if self.branches.get(branch).is_some_and(|b| b.alive) {
                self.enter(branch, &name, env);
            }
        }
        self.ready.clear();
        if self.status == Status::Running && self.history.len() > MAX_HISTORY_EVENTS {
            let cause =
                format!("The execution history reached the limit of {MAX_HISTORY_EVENTS} events");
            self.record(
                env,
                EventKind::ExecutionFailed,
                0,
                None,
                json!({ "error": "States.Runtime", "cause": cause }),
            );
            self.conclude(Status::Failed {
                error: "States.Runtime".into(),
                cause,
            });
        }
    }

    /// The next thing the driver should do, or None until a callback arrives.
    pub fn next_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn history(&self) -> &[HistoryEvent] {
        &self.history
    }

    /// Reports a task's result. Returns false (and changes nothing) for a token
    /// that is not waiting, such as one whose task already timed out.
    pub fn task_succeeded(
        &mut self,
        token: Token,
        output: Value,
        env: &mut dyn Environment,
    ) -> bool {
        let Some(Pending::Task { branch, timeout }) = self.take_live(token, true) else {
            return false;
        };
        self.forget(timeout);
        let state = self.branches.get(branch).map(|b| b.state.clone());
        self.record(
            env,
            EventKind::TaskSucceeded,
            branch,
            state,
            json!({ "output": output }),
        );
        self.finish_state(branch, output, env);
        self.settle(env);
        true
    }

    /// Reports a task's failure with the error name and cause it raised.
    pub fn task_failed(
        &mut self,
        token: Token,
        error: &str,
        cause: &str,
        env: &mut dyn Environment,
    ) -> bool {
        let Some(Pending::Task { branch, timeout }) = self.take_live(token, true) else {
            return false;
        };
        self.forget(timeout);
        let state = self.branches.get(branch).map(|b| b.state.clone());
        self.record(
            env,
            EventKind::TaskFailed,
            branch,
            state,
            json!({ "error": error, "cause": cause }),
        );
        self.state_failed(branch, error, cause, env);
        self.settle(env);
        true
    }

    /// Reports that the timer of `token` reached its time.
    pub fn timer_fired(&mut self, token: Token, env: &mut dyn Environment) -> bool {
        let Some(pending) = self.take_live(token, false) else {
            return false;
        };
        match pending {
            // take_live never hands a task token to the timer callback.
            Pending::Task { .. } => return false,
            Pending::TaskTimeout { branch, task } => self.task_timed_out(branch, task, env),
            Pending::Retry { branch } => self.run_body(branch, env),
            Pending::Wait { branch } => self.wait_elapsed(branch, env),
            Pending::ExecutionTimeout => self.execution_timed_out(env),
        }
        self.settle(env);
        true
    }

    /// Removes a token if it is waiting, is of the kind the callback answers
    /// (a task result or a timer), and its branch still runs. A token handed
    /// to the wrong callback stays pending, so a driver's slip cannot lose it.
    fn take_live(&mut self, token: Token, task: bool) -> Option<Pending> {
        let is_task = matches!(self.pending.get(&token)?, Pending::Task { .. });
        if is_task != task {
            return None;
        }
        let pending = self.pending.remove(&token)?;
        let live = match pending {
            Pending::ExecutionTimeout => true,
            Pending::Task { branch, .. }
            | Pending::TaskTimeout { branch, .. }
            | Pending::Retry { branch }
            | Pending::Wait { branch } => self.branches.get(branch).is_some_and(|b| b.alive),
        };
        (live && self.status == Status::Running).then_some(pending)
    }

    fn forget(&mut self, token: Option<Token>) {
        if let Some(token) = token {
            self.pending.remove(&token);
        }
    }

    pub(super) fn token(&mut self) -> Token {
        let token = self.next_token;
        self.next_token += 1;
        token
    }

    pub(super) fn start_timer(&mut self, pending: Pending, at_us: u64) -> Token {
        let token = self.token();
        self.pending.insert(token, pending);
        self.actions.push_back(Action::StartTimer { token, at_us });
        token
    }

    pub(super) fn spawn(
        &mut self,
        machine: Arc<StateMachine>,
        parent: Option<(usize, usize)>,
        input: Value,
        context: Value,
    ) -> usize {
        let state = machine.start_at.clone();
        self.branches.push(Branch {
            machine,
            parent,
            alive: true,
            state,
            input,
            context,
            attempts: Vec::new(),
            children: None,
        });
        self.branches.len() - 1
    }

    pub(super) fn record(
        &mut self,
        env: &dyn Environment,
        kind: EventKind,
        branch: usize,
        state: Option<String>,
        detail: Value,
    ) {
        let id = self.history.len() as u64 + 1;
        self.history.push(HistoryEvent {
            id,
            time_us: env.now_us(),
            kind,
            branch,
            state,
            detail,
        });
    }

    fn execution_timed_out(&mut self, env: &mut dyn Environment) {
        self.record(
            env,
            EventKind::ExecutionTimedOut,
            0,
            None,
            json!({ "error": "States.Timeout" }),
        );
        self.conclude(Status::Failed {
            error: "States.Timeout".into(),
            cause: "The execution timed out".into(),
        });
    }

    /// Ends the execution: no token is answered after this.
    pub(super) fn conclude(&mut self, status: Status) {
        self.pending.clear();
        self.branches.iter_mut().for_each(|b| b.alive = false);
        let action = match &status {
            Status::Succeeded(output) => Some(Action::Succeeded {
                output: output.clone(),
            }),
            Status::Failed { error, cause } => Some(Action::Failed {
                error: error.clone(),
                cause: cause.clone(),
            }),
            Status::Running => None,
        };
        self.actions.extend(action);
        self.status = status;
    }
}
