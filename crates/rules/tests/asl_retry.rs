//! Retry timing, Catch, task timeouts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{run, Reply};
use lab_rules::asl::retry::{Jitter, Retrier};
use lab_rules::asl::Status;
use serde_json::json;

fn retry_def(retrier: &str) -> String {
    format!(
        r#"{{"StartAt": "Pay", "States": {{"Pay": {{"Type": "Task", "Resource": "pay", "End": true,
            "Retry": [{retrier}]}}}}}}"#
    )
}

/// Times at which the task was invoked, in seconds.
fn attempt_times(retrier: &str, failures: usize) -> (Vec<f64>, Status) {
    let mut remaining = failures;
    let out = run(&retry_def(retrier), json!({}), 0, |_, _| {
        if remaining > 0 {
            remaining -= 1;
            Reply::Err("Flaky", "try again")
        } else {
            Reply::Ok(json!("done"))
        }
    });
    (
        out.calls.iter().map(|c| c.0 as f64 / 1e6).collect(),
        out.status,
    )
}

#[test]
fn wait_before_retry_n_is_interval_times_rate_to_the_n_minus_1() {
    let (times, status) = attempt_times(
        r#"{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "BackoffRate": 3.0, "MaxAttempts": 4}"#,
        4,
    );
    assert_eq!(status, Status::Succeeded(json!("done")));
    // Waits 2, 6, 18, 54 seconds.
    assert_eq!(times, [0.0, 2.0, 8.0, 26.0, 80.0]);
}

#[test]
fn defaults_are_one_second_three_attempts_rate_two() {
    let (times, status) = attempt_times(r#"{"ErrorEquals": ["States.ALL"]}"#, 10);
    assert_eq!(times, [0.0, 1.0, 3.0, 7.0]);
    assert_eq!(
        status,
        Status::Failed {
            error: "Flaky".into(),
            cause: "try again".into()
        }
    );
}

#[test]
fn max_delay_caps_the_wait() {
    let (times, _) = attempt_times(
        r#"{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4, "MaxAttempts": 4, "MaxDelaySeconds": 10}"#,
        4,
    );
    // Waits 4, 8, then 16 and 32 capped at 10.
    assert_eq!(times, [0.0, 4.0, 12.0, 22.0, 32.0]);
}

#[test]
fn max_attempts_zero_never_retries() {
    let (times, status) = attempt_times(r#"{"ErrorEquals": ["Flaky"], "MaxAttempts": 0}"#, 1);
    assert_eq!(times, [0.0]);
    assert!(matches!(status, Status::Failed { .. }));
}

#[test]
fn full_jitter_scales_by_the_callers_random_number() {
    let retrier = Retrier {
        interval_seconds: 10,
        jitter: Jitter::Full,
        ..Retrier::default()
    };
    assert_eq!(retrier.delay_us(1, 0.25), 2_500_000);
    assert_eq!(retrier.delay_us(2, 0.5), 10_000_000);
    assert_eq!(retrier.delay_us(2, 0.0), 0);
    let none = Retrier {
        interval_seconds: 10,
        ..Retrier::default()
    };
    assert_eq!(none.delay_us(3, 0.1), 40_000_000);
}

#[test]
fn only_the_first_matching_retrier_counts() {
    let (times, _) = attempt_times(
        r#"{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}"#,
        5,
    );
    assert_eq!(times, [0.0, 1.0]);
}

#[test]
fn catch_routes_the_error_output() {
    let def = r#"{"StartAt": "Pay", "States": {
        "Pay": {"Type": "Task", "Resource": "pay", "Next": "Done",
                "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}],
                "Catch": [{"ErrorEquals": ["Declined"], "ResultPath": "$.error", "Next": "Refund"},
                          {"ErrorEquals": ["States.ALL"], "Next": "Alarm"}]},
        "Refund": {"Type": "Pass", "End": true},
        "Alarm": {"Type": "Pass", "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    let declined = run(def, json!({"id": 1}), 0, |_, _| {
        Reply::Err("Declined", "card")
    });
    assert_eq!(
        declined.status,
        Status::Succeeded(json!({"id": 1, "error": {"Error": "Declined", "Cause": "card"}}))
    );
    let flaky = run(def, json!({"id": 1}), 0, |_, _| Reply::Err("Flaky", "net"));
    // Retried once, then caught by States.ALL with the default ResultPath `$`.
    assert_eq!(flaky.calls.len(), 2);
    assert_eq!(
        flaky.status,
        Status::Succeeded(json!({"Error": "Flaky", "Cause": "net"}))
    );
}

#[test]
fn task_timeout_raises_states_timeout() {
    let def = r#"{"StartAt": "Slow", "States": {
        "Slow": {"Type": "Task", "Resource": "slow", "TimeoutSeconds": 3, "Next": "Done",
                 "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.why", "Next": "Late"}]},
        "Late": {"Type": "Pass", "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    let out = run(def, json!({}), 0, |_, _| Reply::Hang);
    assert_eq!(out.end_us, 3_000_000);
    assert!(out.kinds().contains(&"TaskTimedOut".to_string()));
    assert_eq!(
        out.status,
        Status::Succeeded(
            json!({"why": {"Error": "States.Timeout", "Cause": "The task did not finish within TimeoutSeconds"}})
        )
    );
}

#[test]
fn task_failed_wildcard_does_not_match_timeouts() {
    let def = r#"{"StartAt": "Slow", "States": {
        "Slow": {"Type": "Task", "Resource": "slow", "TimeoutSeconds": 1, "End": true,
                 "Retry": [{"ErrorEquals": ["States.TaskFailed"]}]}}}"#;
    let out = run(def, json!({}), 0, |_, _| Reply::Hang);
    assert_eq!(out.calls.len(), 1);
    assert!(matches!(out.status, Status::Failed { ref error, .. } if error == "States.Timeout"));
}

#[test]
fn late_results_after_timeout_are_ignored() {
    use lab_rules::asl::{parse_definition, Action, Clock, Execution};
    use std::sync::Arc;
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 1, "End": true}}}"#;
    let machine = Arc::new(parse_definition(def).expect("valid"));
    let mut execution = Execution::start(machine, json!({}), &mut Clock::at(0));
    let mut task = None;
    let mut timer = None;
    while let Some(action) = execution.next_action() {
        match action {
            Action::InvokeTask { token, .. } => task = Some(token),
            Action::StartTimer { token, .. } => timer = Some(token),
            _ => {}
        }
    }
    let (task, timer) = (task.expect("a task"), timer.expect("a timer"));
    assert!(execution.timer_fired(timer, &mut Clock::at(1_000_000)));
    assert!(!execution.task_succeeded(task, json!(1), &mut Clock::at(2_000_000)));
    assert!(!execution.timer_fired(999, &mut Clock::at(2_000_000)));
    assert!(matches!(execution.status(), Status::Failed { .. }));
}

#[test]
fn a_token_given_to_the_wrong_callback_is_kept() {
    use lab_rules::asl::{parse_definition, Action, Clock, Execution};
    use std::sync::Arc;
    let def = r#"{"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 1, "Next": "T"},
        "T": {"Type": "Task", "Resource": "r", "End": true}}}"#;
    let machine = Arc::new(parse_definition(def).expect("valid"));
    let mut execution = Execution::start(machine, json!({}), &mut Clock::at(0));
    let Some(Action::StartTimer { token: timer, .. }) = execution.next_action() else {
        panic!("a timer first")
    };
    assert!(!execution.task_succeeded(timer, json!(1), &mut Clock::at(10)));
    assert!(execution.timer_fired(timer, &mut Clock::at(1_000_000)));
    let Some(Action::InvokeTask { token: task, .. }) = execution.next_action() else {
        panic!("then the task")
    };
    assert!(!execution.timer_fired(task, &mut Clock::at(1_000_001)));
    assert!(execution.task_succeeded(task, json!("ok"), &mut Clock::at(1_000_002)));
    assert_eq!(execution.status(), &Status::Succeeded(json!("ok")));
}
