//! A tiny discrete-event driver for ASL executions, as the simulation engine
//! would drive them: tasks answer after a fixed latency, timers fire in order.

#![allow(dead_code)]

use lab_rules::asl::{parse_definition, Action, Clock, Execution, HistoryEvent, Status, Token};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub enum Reply {
    Ok(Value),
    Err(&'static str, &'static str),
    /// Never answer: lets a TimeoutSeconds fire.
    Hang,
}

pub struct Outcome {
    pub status: Status,
    pub history: Vec<HistoryEvent>,
    pub end_us: u64,
    /// (time, resource, input) of every invocation.
    pub calls: Vec<(u64, String, Value)>,
}

impl Outcome {
    pub fn kinds(&self) -> Vec<String> {
        self.history.iter().map(|e| e.kind.name()).collect()
    }
}

enum Event {
    Timer(Token),
    TaskOk(Token, Value),
    TaskErr(Token, &'static str, &'static str),
}

/// Runs `definition` on `input`; every task takes `latency_us` and is answered by `reply`.
pub fn run(
    definition: &str,
    input: Value,
    latency_us: u64,
    mut reply: impl FnMut(&str, &Value) -> Reply,
) -> Outcome {
    let machine =
        parse_definition(definition).unwrap_or_else(|e| panic!("invalid definition: {e}"));
    let mut clock = Clock {
        now_us: 0,
        random_unit: 0.5,
    };
    let mut execution = Execution::start(Arc::new(machine), input, &mut clock);
    let mut agenda: BTreeMap<(u64, u64), Event> = BTreeMap::new();
    let mut sequence = 0u64;
    let mut calls = Vec::new();
    loop {
        while let Some(action) = execution.next_action() {
            sequence += 1;
            match action {
                Action::InvokeTask {
                    token,
                    resource,
                    input,
                } => {
                    calls.push((clock.now_us, resource.clone(), input.clone()));
                    let at = clock.now_us + latency_us;
                    match reply(&resource, &input) {
                        Reply::Ok(v) => agenda.insert((at, sequence), Event::TaskOk(token, v)),
                        Reply::Err(e, c) => {
                            agenda.insert((at, sequence), Event::TaskErr(token, e, c))
                        }
                        Reply::Hang => None,
                    };
                }
                Action::StartTimer { token, at_us } => {
                    agenda.insert((at_us, sequence), Event::Timer(token));
                }
                Action::Succeeded { .. } | Action::Failed { .. } => {}
            }
        }
        if *execution.status() != Status::Running {
            break;
        }
        let Some(((at, _), event)) = agenda.pop_first() else {
            break;
        };
        clock.now_us = at;
        match event {
            Event::Timer(token) => execution.timer_fired(token, &mut clock),
            Event::TaskOk(token, v) => execution.task_succeeded(token, v, &mut clock),
            Event::TaskErr(token, e, c) => execution.task_failed(token, e, c, &mut clock),
        };
    }
    Outcome {
        status: execution.status().clone(),
        history: execution.history().to_vec(),
        end_us: clock.now_us,
        calls,
    }
}

/// Echoes every task's input as its output.
pub fn echo(_: &str, input: &Value) -> Reply {
    Reply::Ok(input.clone())
}
