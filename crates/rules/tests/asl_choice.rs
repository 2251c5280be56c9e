//! Every Choice operator, its Path variant, the type tests and And/Or/Not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{echo, run};
use lab_rules::asl::Status;
use serde_json::{json, Value};

/// Runs a one-rule Choice on `input`: "yes" when the rule holds, "no" otherwise.
fn decide(rule: Value, input: Value) -> Result<&'static str, String> {
    let mut rule = rule;
    if let Some(map) = rule.as_object_mut() {
        map.insert("Next".into(), json!("Yes"));
    }
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [rule], "Default": "No"},
        "Yes": {"Type": "Pass", "Result": "yes", "End": true},
        "No": {"Type": "Pass", "Result": "no", "End": true}}});
    match run(&def.to_string(), input, 0, echo).status {
        Status::Succeeded(v) if v == json!("yes") => Ok("yes"),
        Status::Succeeded(_) => Ok("no"),
        Status::Failed { error, .. } => Err(error),
        Status::Running => Err("still running".into()),
    }
}

fn holds(rule: Value, input: Value) -> bool {
    decide(rule, input) == Ok("yes")
}

/// Checks an operator and its Path variant against (operand, variable, expected).
fn check(op: &str, cases: &[(Value, Value, bool)]) {
    for (operand, variable, expected) in cases {
        let literal = json!({"Variable": "$.v", op: operand});
        assert_eq!(
            holds(literal, json!({"v": variable})),
            *expected,
            "{op} {operand} vs {variable}"
        );
        let path = json!({"Variable": "$.v", format!("{op}Path"): "$.o"});
        assert_eq!(
            holds(path, json!({"v": variable, "o": operand})),
            *expected,
            "{op}Path {operand} vs {variable}"
        );
    }
}

#[test]
fn string_comparisons() {
    check(
        "StringEquals",
        &[
            (json!("a"), json!("a"), true),
            (json!("a"), json!("b"), false),
            (json!("1"), json!(1), false),
        ],
    );
    check(
        "StringLessThan",
        &[
            (json!("b"), json!("a"), true),
            (json!("a"), json!("a"), false),
        ],
    );
    check(
        "StringGreaterThan",
        &[
            (json!("a"), json!("b"), true),
            (json!("b"), json!("b"), false),
        ],
    );
    check(
        "StringLessThanEquals",
        &[
            (json!("a"), json!("a"), true),
            (json!("a"), json!("b"), false),
        ],
    );
    check(
        "StringGreaterThanEquals",
        &[
            (json!("b"), json!("b"), true),
            (json!("b"), json!("a"), false),
        ],
    );
}

#[test]
fn numeric_comparisons() {
    check(
        "NumericEquals",
        &[
            (json!(3), json!(3.0), true),
            (json!(3), json!(4), false),
            (json!(3), json!("3"), false),
        ],
    );
    check(
        "NumericLessThan",
        &[(json!(3), json!(2.5), true), (json!(3), json!(3), false)],
    );
    check(
        "NumericGreaterThan",
        &[(json!(3), json!(4), true), (json!(3), json!(3), false)],
    );
    check(
        "NumericLessThanEquals",
        &[(json!(3), json!(3), true), (json!(3), json!(4), false)],
    );
    check(
        "NumericGreaterThanEquals",
        &[(json!(3), json!(3), true), (json!(3), json!(2), false)],
    );
}

#[test]
fn boolean_and_timestamp_comparisons() {
    check(
        "BooleanEquals",
        &[
            (json!(true), json!(true), true),
            (json!(true), json!(false), false),
            (json!(true), json!("true"), false),
        ],
    );
    let (early, late) = (
        json!("2024-01-01T00:00:00Z"),
        json!("2024-01-01T01:00:00+00:30"),
    );
    check(
        "TimestampEquals",
        &[
            (early.clone(), json!("2024-01-01T01:00:00+01:00"), true),
            (early.clone(), late.clone(), false),
        ],
    );
    check(
        "TimestampLessThan",
        &[
            (late.clone(), early.clone(), true),
            (early.clone(), early.clone(), false),
        ],
    );
    check(
        "TimestampGreaterThan",
        &[
            (early.clone(), late.clone(), true),
            (late.clone(), early.clone(), false),
        ],
    );
    check(
        "TimestampLessThanEquals",
        &[
            (early.clone(), early.clone(), true),
            (early.clone(), late.clone(), false),
        ],
    );
    check(
        "TimestampGreaterThanEquals",
        &[
            (late.clone(), late.clone(), true),
            (late.clone(), early.clone(), false),
        ],
    );
    check(
        "TimestampEquals",
        &[(early.clone(), json!("not a time"), false)],
    );
}

#[test]
fn string_matches() {
    let rule = |p: &str| json!({"Variable": "$.v", "StringMatches": p});
    assert!(holds(rule("log-*.txt"), json!({"v": "log-2024.txt"})));
    assert!(!holds(rule("log-*.txt"), json!({"v": "log-2024.csv"})));
    assert!(holds(rule("a\\*b"), json!({"v": "a*b"})));
    assert!(!holds(rule("*"), json!({"v": 1})));
}

#[test]
fn type_tests() {
    let is = |op: &str, v: Value, wanted: bool| {
        holds(json!({"Variable": "$.v", op: wanted}), json!({"v": v}))
    };
    assert!(
        is("IsNull", Value::Null, true)
            && !is("IsNull", json!(1), true)
            && is("IsNull", json!(1), false)
    );
    assert!(is("IsNumeric", json!(1.5), true) && !is("IsNumeric", json!("1"), true));
    assert!(is("IsString", json!("x"), true) && !is("IsString", json!(1), true));
    assert!(is("IsBoolean", json!(false), true) && !is("IsBoolean", json!(0), true));
    assert!(
        is("IsTimestamp", json!("2024-02-29T12:00:00Z"), true)
            && !is("IsTimestamp", json!("2023-02-29T12:00:00Z"), true)
    );
    assert!(holds(
        json!({"Variable": "$.v", "IsPresent": true}),
        json!({"v": null})
    ));
    assert!(holds(
        json!({"Variable": "$.v", "IsPresent": false}),
        json!({})
    ));
}

#[test]
fn and_or_not() {
    let a = json!({"Variable": "$.a", "NumericGreaterThan": 1});
    let b = json!({"Variable": "$.b", "StringEquals": "x"});
    assert!(holds(json!({"And": [a, b]}), json!({"a": 2, "b": "x"})));
    assert!(!holds(json!({"And": [a, b]}), json!({"a": 0, "b": "x"})));
    assert!(holds(json!({"Or": [a, b]}), json!({"a": 0, "b": "x"})));
    assert!(!holds(json!({"Or": [a, b]}), json!({"a": 0, "b": "y"})));
    assert!(holds(json!({"Not": a}), json!({"a": 0})));
    assert!(holds(
        json!({"Not": {"Variable": "$.z", "IsPresent": true}}),
        json!({})
    ));
}

#[test]
fn a_missing_variable_is_a_runtime_error_and_no_match_without_default_fails() {
    assert_eq!(
        decide(
            json!({"Variable": "$.nope", "StringEquals": "x"}),
            json!({})
        ),
        Err("States.Runtime".to_string())
    );
    let def = r#"{"StartAt": "C", "States": {"C": {"Type": "Choice",
        "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "E"}]}, "E": {"Type": "Succeed"}}}"#;
    assert!(
        matches!(run(def, json!({"v": 2}), 0, echo).status, Status::Failed { ref error, .. } if error == "States.NoChoiceMatched")
    );
}

#[test]
fn context_paths_in_choice_rules() {
    let def = r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "No",
        "Choices": [{"Variable": "$$.Execution.Input.flag", "BooleanEquals": true, "Next": "Yes"}]},
        "Yes": {"Type": "Pass", "Result": "yes", "End": true}, "No": {"Type": "Pass", "Result": "no", "End": true}}}"#;
    assert_eq!(
        run(def, json!({"flag": true}), 0, echo).status,
        Status::Succeeded(json!("yes"))
    );
    assert_eq!(
        run(def, json!({"flag": false}), 0, echo).status,
        Status::Succeeded(json!("no"))
    );
}
