//! The 155 EventBridge cases recorded against the real service (see the
//! conformance README): every one must pass.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::event_pattern::EventPattern;
use serde_json::Value;
use std::path::PathBuf;

/// The shared folder when the checkout has it, else the vendored copy.
fn cases_file() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../../shared/conformance/eventbridge/patterns.json");
    if shared.exists() {
        shared
    } else {
        manifest.join("tests/conformance/eventbridge/patterns.json")
    }
}

fn outcome(case: &Value) -> String {
    let pattern = case.get("pattern").cloned().unwrap_or(Value::Null);
    let event = case.get("event").cloned().unwrap_or(Value::Null);
    match EventPattern::from_value(&pattern) {
        Err(_) => "invalid".into(),
        Ok(p) if p.matches(&event) => "match".into(),
        Ok(_) => "no_match".into(),
    }
}

#[test]
fn eventbridge_conformance() {
    let path = cases_file();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text).expect("the cases file is a JSON array");
    let mut failures = Vec::new();
    for case in &cases {
        let expected = case.get("expected").and_then(Value::as_str).unwrap_or("?");
        let actual = outcome(case);
        if actual != expected {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            let reason =
                EventPattern::from_value(case.get("pattern").unwrap_or(&Value::Null)).err();
            failures.push(format!(
                "{name}: expected {expected}, got {actual} {reason:?}"
            ));
        }
    }
    println!(
        "eventbridge conformance: {}/{} pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}
