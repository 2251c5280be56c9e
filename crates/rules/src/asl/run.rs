//! Moving one branch through its states: enter, do the work, exit, transition,
//! and handle errors with Retry and Catch.

use super::action::Action;
use super::choice::ChoiceRule;
use super::context::Context;
use super::definition::{State, StateKind, WaitFor};
use super::environment::Environment;
use super::execution::{Execution, Pending, Status};
use super::history::EventKind;
use super::io;
use super::retry::{handles, seconds_to_us, RUNTIME};
use super::timestamp::parse_timestamp;
use serde_json::{json, Value};
use std::sync::Arc;

/// A copy of what a branch's current state needs, so the execution can be
/// mutated while it is in use.
struct Frame {
    state: State,
    raw: Value,
    local: Value,
    execution_input: Arc<Value>,
}

impl Frame {
    fn context(&self) -> Context<'_> {
        Context {
            execution_input: &self.execution_input,
            local: &self.local,
        }
    }
}

impl Execution {
    fn current(&self, branch: usize) -> Option<Frame> {
        let b = self.branches.get(branch)?;
        Some(Frame {
            state: b.machine.states.get(&b.state)?.clone(),
            raw: b.input.clone(),
            local: b.context.clone(),
            execution_input: Arc::clone(&self.execution_input),
        })
    }

    /// Enters `name` with `input` as its raw input.
    pub(super) fn enter(&mut self, branch: usize, name: &str, env: &mut dyn Environment) {
        let Some(b) = self.branches.get_mut(branch) else {
            return;
        };
        b.state = name.to_string();
        if let Some(context) = b.context.as_object_mut() {
            context.insert("State".into(), json!({ "Name": name }));
        }
        let retriers = b.machine.states.get(name).map_or(0, |s| s.retry.len());
        b.attempts = vec![0; retriers];
        let input = b.input.clone();
        let Some(Frame { state, .. }) = self.current(branch) else {
            // Only a hand-built StateMachine can name a missing state; the
            // parser rejects such definitions.
            let cause = format!("there is no state named \"{name}\"");
            self.branch_done(branch, Err((RUNTIME.to_string(), cause)), env);
            return;
        };
        self.record(
            env,
            EventKind::StateEntered(state.kind.type_name()),
            branch,
            Some(name.to_string()),
            json!({ "input": input }),
        );
        self.run_body(branch, env);
    }

    /// The state's work; also what a retry runs again.
    pub(super) fn run_body(&mut self, branch: usize, env: &mut dyn Environment) {
        let Some(frame) = self.current(branch) else {
            return;
        };
        let (state, raw, context) = (&frame.state, &frame.raw, &frame.context());
        let outcome = match &state.kind {
            StateKind::Pass { result } => {
                self.run_pass(branch, state, result.as_ref(), raw, context, env)
            }
            StateKind::Task {
                resource,
                timeout_seconds,
            } => io::effective_input(state, raw, context)
                .map(|input| self.invoke(branch, resource, *timeout_seconds, input, env)),
            StateKind::Choice { choices, default } => self.choose(
                branch,
                state,
                choices,
                default.as_deref(),
                (raw, context),
                env,
            ),
            StateKind::Wait(wait) => self.start_wait(branch, state, wait, raw, env),
            StateKind::Succeed => self.run_succeed(branch, state, raw, env),
            StateKind::Fail { error, cause } => {
                self.branch_done(branch, Err((error.clone(), cause.clone())), env);
                Ok(())
            }
            StateKind::Parallel { branches } => io::effective_input(state, raw, context)
                .map(|input| self.start_parallel(branch, branches, input, env)),
            StateKind::Map { .. } => io::select_input(state, raw)
                .and_then(|input| self.start_map(branch, state, input, env)),
        };
        if let Err(cause) = outcome {
            self.state_failed(branch, RUNTIME, &cause, env);
        }
    }

    /// A fixed `Result` replaces the work; without one the effective input passes through.
    fn run_pass(
        &mut self,
        branch: usize,
        state: &State,
        result: Option<&Value>,
        raw: &Value,
        context: &Context<'_>,
        env: &mut dyn Environment,
    ) -> Result<(), String> {
        let value = match result {
            Some(fixed) => fixed.clone(),
            None => io::effective_input(state, raw, context)?,
        };
        self.finish_state(branch, value, env);
        Ok(())
    }

    fn run_succeed(
        &mut self,
        branch: usize,
        state: &State,
        raw: &Value,
        env: &mut dyn Environment,
    ) -> Result<(), String> {
        let output = io::select_output(state, &io::select_input(state, raw)?)?;
        self.exit(branch, state, output, env);
        Ok(())
    }

    fn invoke(
        &mut self,
        branch: usize,
        resource: &str,
        timeout_seconds: Option<u64>,
        input: Value,
        env: &mut dyn Environment,
    ) {
        let name = self.branches.get(branch).map(|b| b.state.clone());
        self.record(
            env,
            EventKind::TaskScheduled,
            branch,
            name.clone(),
            json!({ "resource": resource, "input": input }),
        );
        self.record(
            env,
            EventKind::TaskStarted,
            branch,
            name,
            json!({ "resource": resource }),
        );
        let token = self.token();
        let timeout = timeout_seconds.map(|s| {
            let at = env.now_us().saturating_add(s.saturating_mul(1_000_000));
            self.start_timer(
                Pending::TaskTimeout {
                    branch,
                    task: token,
                },
                at,
            )
        });
        self.pending
            .insert(token, Pending::Task { branch, timeout });
        self.actions.push_back(Action::InvokeTask {
            token,
            resource: resource.to_string(),
            input,
        });
    }

    pub(super) fn task_timed_out(&mut self, branch: usize, task: u64, env: &mut dyn Environment) {
        self.pending.remove(&task);
        let name = self.branches.get(branch).map(|b| b.state.clone());
        self.record(
            env,
            EventKind::TaskTimedOut,
            branch,
            name,
            json!({ "error": "States.Timeout" }),
        );
        self.state_failed(
            branch,
            "States.Timeout",
            "The task did not finish within TimeoutSeconds",
            env,
        );
    }

    fn choose(
        &mut self,
        branch: usize,
        state: &State,
        choices: &[(ChoiceRule, String)],
        default: Option<&str>,
        (raw, context): (&Value, &Context<'_>),
        env: &mut dyn Environment,
    ) -> Result<(), String> {
        let input = io::select_input(state, raw)?;
        let mut target = None;
        for (rule, next) in choices {
            if rule.evaluate(&input, context).map_err(|_| {
                "a choice rule compares a variable that is not in the input".to_string()
            })? {
                target = Some(next.clone());
                break;
            }
        }
        let Some(next) = target.or_else(|| default.map(str::to_string)) else {
            self.branch_done(
                branch,
                Err((
                    "States.NoChoiceMatched".into(),
                    "No choice rule matched and there is no Default".into(),
                )),
                env,
            );
            return Ok(());
        };
        let output = io::select_output(state, &input)?;
        self.record_exit(branch, state, &output, env);
        self.move_to(branch, &next, output);
        Ok(())
    }

    fn start_wait(
        &mut self,
        branch: usize,
        state: &State,
        wait: &WaitFor,
        raw: &Value,
        env: &mut dyn Environment,
    ) -> Result<(), String> {
        let input = io::select_input(state, raw)?;
        let now = env.now_us();
        let at = match wait {
            WaitFor::Seconds(s) => now.saturating_add(s.saturating_mul(1_000_000)),
            WaitFor::SecondsPath(path) => {
                let seconds = path
                    .read(&input)
                    .and_then(Value::as_f64)
                    .filter(|s| *s >= 0.0);
                now.saturating_add(seconds_to_us(
                    seconds.ok_or("SecondsPath must point to a non-negative number")?,
                ))
            }
            WaitFor::Timestamp(unix_us) => timestamp_to_sim(*unix_us, env),
            WaitFor::TimestampPath(path) => {
                let unix_us = path
                    .read(&input)
                    .and_then(Value::as_str)
                    .and_then(parse_timestamp);
                timestamp_to_sim(
                    unix_us.ok_or("TimestampPath must point to an RFC 3339 timestamp")?,
                    env,
                )
            }
        };
        self.start_timer(Pending::Wait { branch }, at);
        let output = io::select_output(state, &input)?;
        if let Some(b) = self.branches.get_mut(branch) {
            // The output is fixed now; keep it as the input of whatever follows.
            b.input = output;
        }
        Ok(())
    }

    pub(super) fn wait_elapsed(&mut self, branch: usize, env: &mut dyn Environment) {
        let Some(Frame {
            state, raw: output, ..
        }) = self.current(branch)
        else {
            return;
        };
        self.exit(branch, &state, output, env);
    }

    /// ResultSelector, ResultPath and OutputPath on a result, then exit.
    pub(super) fn finish_state(&mut self, branch: usize, result: Value, env: &mut dyn Environment) {
        let Some(frame) = self.current(branch) else {
            return;
        };
        let (state, raw) = (&frame.state, &frame.raw);
        match io::state_output(state, raw, result, &frame.context()) {
            Ok(output) => self.exit(branch, state, output, env),
            Err(cause) => self.state_failed(branch, RUNTIME, &cause, env),
        }
    }

    fn record_exit(
        &mut self,
        branch: usize,
        state: &State,
        output: &Value,
        env: &mut dyn Environment,
    ) {
        let name = self.branches.get(branch).map(|b| b.state.clone());
        self.record(
            env,
            EventKind::StateExited(state.kind.type_name()),
            branch,
            name,
            json!({ "output": output }),
        );
    }

    fn exit(&mut self, branch: usize, state: &State, output: Value, env: &mut dyn Environment) {
        self.record_exit(branch, state, &output, env);
        match &state.next {
            Some(next) => self.move_to(branch, next, output),
            None => self.branch_done(branch, Ok(output), env),
        }
    }

    /// Queues the next state; `settle` enters it.
    fn move_to(&mut self, branch: usize, next: &str, input: Value) {
        if let Some(b) = self.branches.get_mut(branch) {
            b.input = input;
        }
        self.ready.push_back((branch, next.to_string()));
    }

    /// The current state raised `error`: retry it, catch it, or fail the branch.
    pub(super) fn state_failed(
        &mut self,
        branch: usize,
        error: &str,
        cause: &str,
        env: &mut dyn Environment,
    ) {
        let Some(Frame { state, raw, .. }) = self.current(branch) else {
            return;
        };
        if let Some(index) = state
            .retry
            .iter()
            .position(|r| handles(&r.error_equals, error))
        {
            let attempts = self
                .branches
                .get(branch)
                .and_then(|b| b.attempts.get(index).copied())
                .unwrap_or(0);
            if let Some(retrier) = state.retry.get(index).filter(|r| attempts < r.max_attempts) {
                if let Some(slot) = self
                    .branches
                    .get_mut(branch)
                    .and_then(|b| b.attempts.get_mut(index))
                {
                    *slot += 1;
                }
                let delay = retrier.delay_us(attempts + 1, env.random_unit());
                self.start_timer(
                    Pending::Retry { branch },
                    env.now_us().saturating_add(delay),
                );
                return;
            }
        }
        let Some(catcher) = state.catch.iter().find(|c| handles(&c.error_equals, error)) else {
            self.branch_done(branch, Err((error.to_string(), cause.to_string())), env);
            return;
        };
        let error_output = json!({ "Error": error, "Cause": cause });
        match io::merge_result(catcher.result_path.as_ref(), &raw, error_output) {
            Ok(output) => {
                self.record_exit(branch, &state, &output, env);
                self.move_to(branch, &catcher.next, output);
            }
            Err(cause) => self.branch_done(branch, Err((RUNTIME.to_string(), cause)), env),
        }
    }

    /// A branch reached an end: report to its Parallel/Map parent or end the execution.
    pub(super) fn branch_done(
        &mut self,
        branch: usize,
        result: Result<Value, (String, String)>,
        env: &mut dyn Environment,
    ) {
        let Some(b) = self.branches.get_mut(branch) else {
            return;
        };
        b.alive = false;
        match b.parent {
            Some((parent, index)) => self.child_done(parent, index, branch, result, env),
            None => match result {
                Ok(output) => {
                    self.record(
                        env,
                        EventKind::ExecutionSucceeded,
                        0,
                        None,
                        json!({ "output": output }),
                    );
                    self.conclude(Status::Succeeded(output));
                }
                Err((error, cause)) => {
                    self.record(
                        env,
                        EventKind::ExecutionFailed,
                        0,
                        None,
                        json!({ "error": error, "cause": cause }),
                    );
                    self.conclude(Status::Failed { error, cause });
                }
            },
        }
    }
}

/// Timestamps map to simulated time through the driver's epoch; a moment in
/// the past fires at once.
fn timestamp_to_sim(unix_us: i64, env: &dyn Environment) -> u64 {
    let sim = unix_us.saturating_sub(env.epoch_unix_us());
    u64::try_from(sim).unwrap_or(0).max(env.now_us())
}
