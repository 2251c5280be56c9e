//! Semantic properties over random inputs: a pattern made from an event's own
//! values matches it, and every driven execution ends exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::asl::{definition_from_value, Action, Clock, Execution, Status};
use lab_rules::event_pattern::EventPattern;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn arb_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z.]{0,8}".prop_map(Value::String),
    ]
}

/// Objects with keys that never contain dots, so paths are unambiguous.
fn arb_event() -> impl Strategy<Value = Value> {
    arb_scalar().prop_recursive(4, 32, 4, |inner| {
        prop::collection::btree_map("[a-c]{1,2}", inner, 1..4)
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
    })
}

/// Every (path, leaf) of an event without arrays.
fn leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        leaf => out.push((path.clone(), leaf.clone())),
    }
}

/// A nested pattern with one matcher at `path`.
fn pattern_at(path: &[String], matcher: Value) -> Value {
    path.iter()
        .rev()
        .fold(json!([matcher]), |inner, key| json!({ key: inner }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn own_values_match_and_their_exclusion_does_not(event in arb_event(), pick in any::<prop::sample::Index>()) {
        let mut found = Vec::new();
        leaves(&event, &mut Vec::new(), &mut found);
        prop_assume!(!found.is_empty() && event.is_object());
        let (path, value) = &found[pick.index(found.len())];
        prop_assume!(!path.is_empty());
        let exact = EventPattern::from_value(&pattern_at(path, value.clone())).expect("exact pattern");
        prop_assert!(exact.matches(&event));
        let exists = EventPattern::from_value(&pattern_at(path, json!({"exists": true}))).expect("exists pattern");
        prop_assert!(exists.matches(&event));
        if value.is_string() || value.is_number() {
            let but = EventPattern::from_value(&pattern_at(path, json!({"anything-but": value}))).expect("anything-but");
            prop_assert!(!but.matches(&event));
        }
        // The same path written with dots at the top level matches too.
        let dotted = json!({ path.join("."): [value] });
        prop_assert!(EventPattern::from_value(&dotted).expect("dotted pattern").matches(&event));
    }

    #[test]
    fn executions_end_exactly_once(outcomes in prop::collection::vec(0u8..3, 1..40), items in 0usize..5, concurrency in 0u64..3) {
        let definition = json!({"StartAt": "M", "TimeoutSeconds": 3600, "States": {
            "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": concurrency, "Next": "P",
                  "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}],
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 5, "End": true,
                      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "JitterStrategy": "FULL"}]}}}},
            "P": {"Type": "Parallel", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "a", "End": true}}},
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}]},
            "F": {"Type": "Fail", "Error": "Caught"}}});
        let machine = Arc::new(definition_from_value(&definition).expect("valid"));
        let mut clock = Clock { now_us: 0, random_unit: 0.7 };
        let mut execution = Execution::start(machine, json!({"items": vec![1; items]}), &mut clock);
        let mut agenda: Vec<(u64, Action)> = Vec::new();
        let mut endings = 0;
        let mut answers = outcomes.iter().cycle();
        for _ in 0..10_000 {
            while let Some(action) = execution.next_action() {
                match action {
                    Action::Succeeded { .. } | Action::Failed { .. } => endings += 1,
                    Action::StartTimer { at_us, .. } => agenda.push((at_us, action)),
                    Action::InvokeTask { .. } => agenda.push((clock.now_us + 1_000, action)),
                }
            }
            agenda.sort_by_key(|(at, _)| *at);
            if agenda.is_empty() {
                break;
            }
            let (at, action) = agenda.remove(0);
            clock.now_us = clock.now_us.max(at);
            match action {
                Action::StartTimer { token, .. } => { execution.timer_fired(token, &mut clock); }
                Action::InvokeTask { token, .. } => match answers.next() {
                    Some(0) => { execution.task_succeeded(token, json!(1), &mut clock); }
                    Some(1) => { execution.task_failed(token, "Flaky", "", &mut clock); }
                    _ => {}
                },
                _ => {}
            }
        }
        prop_assert_eq!(endings, 1);
        prop_assert!(*execution.status() != Status::Running);
        let ids: Vec<u64> = execution.history().iter().map(|e| e.id).collect();
        prop_assert!(ids.iter().enumerate().all(|(i, id)| *id == i as u64 + 1));
        let last = execution.history().last().map(|e| e.kind.name()).unwrap_or_default();
        prop_assert!(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut"].contains(&last.as_str()));
    }
}
