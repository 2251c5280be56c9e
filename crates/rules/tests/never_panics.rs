//! The three parsers, and matching and running what they accept, never panic on
//! arbitrary JSON or arbitrary strings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::asl::{parse_definition, Action, Clock, Execution};
use lab_rules::event_pattern::EventPattern;
use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Words the parsers react to, so random documents reach deep code paths.
const WORDS: &[&str] = &[
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
    "wildcard",
    "equals-ignore-case",
    "$or",
    "Type",
    "Task",
    "Pass",
    "Choice",
    "Wait",
    "Map",
    "Parallel",
    "Succeed",
    "Fail",
    "StartAt",
    "States",
    "Next",
    "End",
    "Resource",
    "Retry",
    "Catch",
    "ErrorEquals",
    "States.ALL",
    "Choices",
    "Variable",
    "Branches",
    "ItemProcessor",
    "Seconds",
    "ResultPath",
    "Parameters",
    "$",
    "$.a",
    "a",
    "a.b",
    ">",
    "<=",
    "=",
    "10.0.0.0/8",
    "*",
    "**",
    "a*b",
    "States.Format('{}', $.a)",
    "NumericEquals",
    "And",
    "Not",
    "BackoffRate",
    "IsPresent",
];

fn arb_json() -> impl Strategy<Value = Value> {
    let word = prop::sample::select(WORDS).prop_map(|w| w.to_string());
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        word.clone().prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((word.clone(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Drives an execution with whatever answers, until it settles.
fn drive(execution: &mut Execution, fail_every: usize) {
    let mut now = 0;
    for step in 0..200 {
        let Some(action) = execution.next_action() else {
            return;
        };
        now += 1_000;
        let mut clock = Clock {
            now_us: now,
            random_unit: 0.3,
        };
        match action {
            Action::InvokeTask { token, input, .. } if step % fail_every.max(1) == 0 => {
                execution.task_failed(token, "Err", &input.to_string(), &mut clock);
            }
            Action::InvokeTask { token, input, .. } => {
                execution.task_succeeded(token, input, &mut clock);
            }
            Action::StartTimer { token, .. } => {
                execution.timer_fired(token, &mut clock);
            }
            Action::Succeeded { .. } | Action::Failed { .. } => return,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn event_patterns(pattern in arb_json(), event in arb_json(), text in ".{0,64}") {
        let _ = EventPattern::parse(&text);
        if let Ok(p) = EventPattern::from_value(&pattern) {
            p.matches(&event);
        }
    }

    #[test]
    fn filter_policies(policy in arb_json(), body in arb_json(), attr in ".{0,16}", text in ".{0,64}") {
        let _ = FilterPolicy::parse(&text, Scope::MessageBody);
        let mut attributes = BTreeMap::new();
        attributes.insert("a".to_string(), MessageAttribute::String(attr.clone()));
        attributes.insert("b".to_string(), MessageAttribute::Number(attr.clone()));
        attributes.insert("c".to_string(), MessageAttribute::StringArray(attr));
        for scope in [Scope::MessageAttributes, Scope::MessageBody] {
            if let Ok(p) = FilterPolicy::from_value(&policy, scope) {
                p.matches(&body.to_string(), &attributes);
            }
        }
    }

    #[test]
    fn asl_definitions(definition in arb_json(), input in arb_json(), text in ".{0,64}", fail_every in 1usize..4) {
        let _ = parse_definition(&text);
        if let Ok(machine) = lab_rules::asl::definition_from_value(&definition) {
            let mut execution = Execution::start(Arc::new(machine), input, &mut Clock::at(0));
            drive(&mut execution, fail_every);
        }
    }

    /// Valid skeletons with random payloads reach the interpreter far more often.
    #[test]
    fn asl_runs(params in arb_json(), input in arb_json(), choice in arb_json(), fail_every in 1usize..4) {
        let definition = json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "T"}], "Default": "M"},
            "T": {"Type": "Task", "Resource": "r", "Parameters": params, "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}], "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$.a", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "D"},
            "D": {"Type": "Choice", "Choices": [choice], "Default": "E"},
            "E": {"Type": "Succeed"}}});
        if let Ok(machine) = lab_rules::asl::definition_from_value(&definition) {
            let mut execution = Execution::start(Arc::new(machine), input, &mut Clock::at(0));
            drive(&mut execution, fail_every);
        }
    }
}
