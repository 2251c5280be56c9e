//! Invalid definitions are rejected with the path of the problem.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::asl::parse_definition;

fn error_of(def: &str) -> String {
    match parse_definition(def) {
        Ok(_) => panic!("accepted an invalid definition: {def}"),
        Err(e) => e.to_string(),
    }
}

fn task(extra: &str) -> String {
    format!(
        r#"{{"StartAt": "Pay", "States": {{"Pay": {{"Type": "Task", "Resource": "pay", "End": true{extra}}}}}}}"#
    )
}

#[test]
fn paths_name_the_offending_field() {
    let cases = [
        (task(r#", "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}]"#), "States.Pay.Retry[0].BackoffRate"),
        (task(r#", "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": -1}]"#), "States.Pay.Retry[0].MaxAttempts"),
        (task(r#", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0}]"#), "States.Pay.Retry[0].IntervalSeconds"),
        (task(r#", "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "SOME"}]"#), "States.Pay.Retry[0].JitterStrategy"),
        (task(r#", "Retry": [{"ErrorEquals": []}]"#), "States.Pay.Retry[0].ErrorEquals"),
        (task(r#", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]"#), "States.Pay.Retry[0].ErrorEquals"),
        (task(r#", "Retry": [{"ErrorEquals": ["States.ALL", "E"]}]"#), "States.Pay.Retry[0].ErrorEquals"),
        (task(r#", "Catch": [{"ErrorEquals": ["E"], "Next": "Nowhere"}]"#), "States.Pay.Catch[0].Next"),
        (task(r#", "Catch": [{"ErrorEquals": ["E"]}]"#), "States.Pay.Catch[0].Next"),
        (task(r#", "TimeoutSeconds": 0"#), "States.Pay.TimeoutSeconds"),
        (task(r#", "InputPath": "nope""#), "States.Pay.InputPath"),
        (task(r#", "Parameters": {"a": {"b.$": "bad path"}}"#), "States.Pay.Parameters.a.b.$"),
        (task(r#", "Parameters": {"a.$": "States.Nope()"}"#), "States.Pay.Parameters.a.$"),
        (task(r#", "Bogus": 1"#), "States.Pay.Bogus"),
        (task(r#", "Next": "Pay""#), "States.Pay.End"),
        (r#"{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}"#.into(), "StartAt"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#.into(), "States.B"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Magic"}}}"#.into(), "States.A.Type"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#.into(), "States.A"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-01T00:00:00Z", "End": true}}}"#.into(), "States.A"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "A"}]}}}"#.into(), "States.A.Choices[0].NumericEquals"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Foo": 1, "Next": "A"}]}}}"#.into(), "States.A.Choices[0].Foo"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.x", "IsNull": true, "Next": "A"}], "Next": "A"}]}}}"#.into(), "States.A.Choices[0].And[0].Next"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true}]}}}"#.into(), "States.A.Choices[0].Next"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Task", "End": true}}}]}}}"#.into(), "States.A.Branches[0].States.B.Resource"),
        (r#"{"StartAt": "A", "States": {"A": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "B", "States": {}}}}}"#.into(), "States.A.ItemProcessor.States"),
    ];
    for (def, path) in cases {
        let message = error_of(&def);
        assert!(
            message.starts_with(&format!("{path}:")),
            "expected {path}, got: {message}"
        );
    }
}

#[test]
fn malformed_json_and_wrong_shapes() {
    assert!(error_of("{").contains("not valid JSON"));
    assert!(error_of("[]").contains("JSON object"));
    assert!(error_of(r#"{"States": {}}"#).starts_with("StartAt:"));
}

#[test]
fn valid_definitions_are_accepted() {
    let ok = [
        task(r#", "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 5, "BackoffRate": 1.5, "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}]"#),
        task(r#", "ResultPath": null, "OutputPath": null, "InputPath": "$['a b'][0]""#),
        r#"{"Comment": "c", "StartAt": "A", "TimeoutSeconds": 60, "States": {"A": {"Type": "Wait", "TimestampPath": "$.t", "Next": "B"}, "B": {"Type": "Succeed"}}}"#.into(),
    ];
    for def in ok {
        assert!(
            parse_definition(&def).is_ok(),
            "{def}: {:?}",
            parse_definition(&def).err()
        );
    }
}
