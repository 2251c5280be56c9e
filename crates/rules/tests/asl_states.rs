//! Every state type, the data-flow fields and the history vocabulary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{echo, run, Reply};
use lab_rules::asl::Status;
use serde_json::json;

#[test]
fn task_with_paths_and_history() {
    let def = r#"{"StartAt": "Pay", "States": {"Pay": {
        "Type": "Task", "Resource": "payments",
        "InputPath": "$.order", "Parameters": {"amount.$": "$.total", "note": "x", "who.$": "States.Format('order {}', $.id)"},
        "ResultSelector": {"receipt.$": "$.id"}, "ResultPath": "$.payment", "OutputPath": "$.payment",
        "End": true}}}"#;
    let out = run(
        def,
        json!({"order": {"id": 7, "total": 12.5}}),
        100,
        |resource, input| {
            assert_eq!(resource, "payments");
            assert_eq!(
                input,
                &json!({"amount": 12.5, "note": "x", "who": "order 7"})
            );
            Reply::Ok(json!({"id": "r-1", "extra": true}))
        },
    );
    assert_eq!(out.status, Status::Succeeded(json!({"receipt": "r-1"})));
    assert_eq!(out.end_us, 100);
    assert_eq!(
        out.kinds(),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn pass_result_and_null_paths() {
    let def = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "B"},
        "B": {"Type": "Pass", "ResultPath": null, "Parameters": {"ignored": true}, "Next": "C"},
        "C": {"Type": "Pass", "OutputPath": null, "End": true}}}"#;
    let out = run(def, json!({"in": 1}), 0, echo);
    assert_eq!(out.status, Status::Succeeded(json!({})));
    let a_exit = out
        .history
        .iter()
        .find(|e| e.kind.name() == "PassStateExited")
        .map(|e| e.detail.clone());
    assert_eq!(a_exit, Some(json!({"output": {"in": 1, "r": {"x": 1}}})));
}

#[test]
fn wait_seconds_path_and_timestamp() {
    let def = r#"{"StartAt": "W1", "States": {
        "W1": {"Type": "Wait", "Seconds": 5, "Next": "W2"},
        "W2": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "W3"},
        "W3": {"Type": "Wait", "Timestamp": "1970-01-01T00:00:20Z", "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;
    let out = run(def, json!({"delay": 3}), 0, echo);
    assert_eq!(out.status, Status::Succeeded(json!({"delay": 3})));
    assert_eq!(out.end_us, 20_000_000);
    assert!(out.kinds().contains(&"WaitStateEntered".to_string()));
    assert!(out.kinds().contains(&"SucceedStateEntered".to_string()));
}

#[test]
fn fail_state() {
    let def = r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "because"}}}"#;
    let out = run(def, json!({}), 0, echo);
    assert_eq!(
        out.status,
        Status::Failed {
            error: "Bad".into(),
            cause: "because".into()
        }
    );
    assert_eq!(
        out.kinds(),
        ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    );
}

#[test]
fn parallel_runs_branches_concurrently() {
    let def = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "a", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "b", "End": true}}}]}}}"#;
    let out = run(def, json!(1), 50, |resource, input| {
        Reply::Ok(json!(format!("{resource}{input}")))
    });
    assert_eq!(out.status, Status::Succeeded(json!(["a1", "b1"])));
    // Both tasks were invoked at time 0: the branches overlap.
    assert_eq!(out.calls.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 0]);
    assert_eq!(out.end_us, 50);
    assert!(out.kinds().contains(&"ParallelStateEntered".to_string()));
    assert!(out.kinds().contains(&"ParallelStateSucceeded".to_string()));
}

#[test]
fn parallel_failure_is_caught() {
    let def = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Ok", "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Recover"}],
              "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "slow", "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "Boom", "Cause": "b"}}}]},
        "Ok": {"Type": "Succeed"},
        "Recover": {"Type": "Pass", "End": true}}}"#;
    let out = run(def, json!({"k": 1}), 10, echo);
    assert_eq!(
        out.status,
        Status::Succeeded(json!({"k": 1, "err": {"Error": "Boom", "Cause": "b"}}))
    );
}

#[test]
fn map_with_concurrency_limit_and_selector() {
    let def = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
        "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "tag.$": "$.tag"},
        "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Task", "Resource": "double", "End": true}}},
        "ResultPath": "$.out", "End": true}}}"#;
    let out = run(
        def,
        json!({"items": [1, 2, 3], "tag": "t"}),
        10,
        |_, input| {
            Reply::Ok(json!(
                input["value"].as_i64().unwrap_or(0) * 2
                    + input["index"].as_i64().unwrap_or(0) * 100
            ))
        },
    );
    assert_eq!(
        out.status,
        Status::Succeeded(json!({"items": [1, 2, 3], "tag": "t", "out": [2, 104, 206]}))
    );
    // Two items start at 0, the third when the first finishes.
    assert_eq!(
        out.calls.iter().map(|c| c.0).collect::<Vec<_>>(),
        [0, 0, 10]
    );
    assert_eq!(
        out.kinds()
            .iter()
            .filter(|k| *k == "MapIterationStarted")
            .count(),
        3
    );
    assert!(out.kinds().contains(&"MapStateEntered".to_string()));
}

#[test]
fn map_of_nothing_and_bad_items() {
    let def = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    assert_eq!(
        run(def, json!([]), 0, echo).status,
        Status::Succeeded(json!([]))
    );
    assert!(
        matches!(run(def, json!({"no": "array"}), 0, echo).status, Status::Failed { error, .. } if error == "States.Runtime")
    );
}

#[test]
fn missing_input_path_is_a_runtime_error() {
    let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.nope", "End": true}}}"#;
    let out = run(def, json!({}), 0, echo);
    assert!(matches!(out.status, Status::Failed { error, .. } if error == "States.Runtime"));
}

#[test]
fn intrinsics_in_parameters() {
    let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {
        "parsed.$": "States.StringToJson($.s)", "text.$": "States.JsonToString($.o)", "list.$": "States.Array($.a, 'b')"}}}}"#;
    let out = run(
        def,
        json!({"s": "{\"k\":[1]}", "o": {"z": 1}, "a": 1}),
        0,
        echo,
    );
    assert_eq!(
        out.status,
        Status::Succeeded(json!({"parsed": {"k": [1]}, "text": "{\"z\":1}", "list": [1, "b"]}))
    );
}

#[test]
fn execution_timeout() {
    let def = r#"{"StartAt": "W", "TimeoutSeconds": 2, "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}"#;
    let out = run(def, json!({}), 0, echo);
    assert!(matches!(out.status, Status::Failed { ref error, .. } if error == "States.Timeout"));
    assert_eq!(out.end_us, 2_000_000);
    assert_eq!(
        out.kinds().last().map(String::as_str),
        Some("ExecutionTimedOut")
    );
}

#[test]
fn a_loop_that_never_waits_stops_at_the_history_limit() {
    let def = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": false, "Next": "A"}], "Default": "E"},
        "E": {"Type": "Succeed"}}}"#;
    let out = run(def, json!({}), 0, echo);
    assert!(matches!(out.status, Status::Failed { ref error, .. } if error == "States.Runtime"));
    assert!(out.history.len() > 25_000 && out.history.len() < 25_010);
}

#[test]
fn a_hand_built_machine_with_a_missing_state_fails() {
    use lab_rules::asl::{Clock, Execution, StateMachine};
    use std::sync::Arc;
    let machine = StateMachine {
        start_at: "Nowhere".into(),
        states: Default::default(),
        timeout_seconds: None,
    };
    let execution = Execution::start(Arc::new(machine), json!({}), &mut Clock::at(0));
    assert!(
        matches!(execution.status(), Status::Failed { error, .. } if error == "States.Runtime")
    );
}
