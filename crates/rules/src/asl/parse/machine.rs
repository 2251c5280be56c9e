//! Parsing a state machine (the top level, a Parallel branch or a Map processor)
//! and checking its transitions.

use super::fields::Fields;
use super::state::parse_state;
use crate::asl::definition::{State, StateKind, StateMachine};
use crate::asl::error::AslError;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Parallel and Map nesting deeper than this is refused.
const MAX_DEPTH: usize = 16;

pub fn parse_machine_at(value: &Value, path: &str, depth: usize) -> Result<StateMachine, AslError> {
    if depth > MAX_DEPTH {
        return Err(AslError::new(path, "state machines are nested too deeply"));
    }
    let f = Fields::of(value, path)?;
    let top = depth == 0;
    let allowed: &[&str] = if top {
        &[
            "StartAt",
            "States",
            "Comment",
            "Version",
            "TimeoutSeconds",
            "QueryLanguage",
        ]
    } else {
        &["StartAt", "States", "Comment", "ProcessorConfig"]
    };
    f.only(allowed, "a state machine")?;
    if let Some(language) = f.string("QueryLanguage")?.filter(|l| *l != "JSONPath") {
        return Err(f.error(
            "QueryLanguage",
            format!("\"{language}\" is not supported; only JSONPath is"),
        ));
    }
    let start_at = f.required_string("StartAt")?.to_string();
    let states_value = f
        .get("States")
        .ok_or_else(|| f.error("States", "is required"))?;
    let states_fields = Fields::of(states_value, &f.at("States"))?;
    if states_fields.map.is_empty() {
        return Err(f.error("States", "must define at least one state"));
    }
    let mut states = BTreeMap::new();
    for (name, state) in states_fields.map {
        states.insert(
            name.clone(),
            parse_state(state, &states_fields.at(name), depth)?,
        );
    }
    let machine = StateMachine {
        start_at,
        states,
        timeout_seconds: f.integer("TimeoutSeconds", 1, 99_999_999)?,
    };
    check_targets(&machine, &f)?;
    check_reachable(&machine, &f)?;
    Ok(machine)
}

/// The states a state can move to: Next, Choice targets, Default and Catch targets.
fn targets(state: &State) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    if let Some(next) = &state.next {
        out.push((next, "Next".into()));
    }
    if let StateKind::Choice { choices, default } = &state.kind {
        for (i, (_, next)) in choices.iter().enumerate() {
            out.push((next, format!("Choices[{i}].Next")));
        }
        if let Some(default) = default {
            out.push((default, "Default".into()));
        }
    }
    for (i, catcher) in state.catch.iter().enumerate() {
        out.push((&catcher.next, format!("Catch[{i}].Next")));
    }
    out
}

fn check_targets(machine: &StateMachine, f: &Fields<'_>) -> Result<(), AslError> {
    if !machine.states.contains_key(&machine.start_at) {
        return Err(f.error(
            "StartAt",
            format!("state \"{}\" does not exist", machine.start_at),
        ));
    }
    for (name, state) in &machine.states {
        for (target, field) in targets(state) {
            if !machine.states.contains_key(target) {
                let path = format!("{}.{}.{}", f.at("States"), name, field);
                return Err(AslError::new(
                    &path,
                    format!("state \"{target}\" does not exist"),
                ));
            }
        }
    }
    Ok(())
}

/// The service refuses states that no transition reaches.
fn check_reachable(machine: &StateMachine, f: &Fields<'_>) -> Result<(), AslError> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack = vec![machine.start_at.as_str()];
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(state) = machine.states.get(name) {
            stack.extend(targets(state).into_iter().map(|(t, _)| t));
        }
    }
    match machine
        .states
        .keys()
        .find(|name| !seen.contains(name.as_str()))
    {
        Some(name) => Err(AslError::new(
            &format!("{}.{}", f.at("States"), name),
            "state is not reachable from StartAt",
        )),
        None => Ok(()),
    }
}
