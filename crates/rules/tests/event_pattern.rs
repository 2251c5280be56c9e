//! Event patterns beyond the conformance file: documented edge cases and the
//! reasons given for invalid patterns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::event_pattern::EventPattern;
use lab_rules::FlatEvent;
use serde_json::json;

fn pattern(text: &str) -> EventPattern {
    EventPattern::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn documented_edge_cases() {
    let p = pattern(r#"{"detail": {"state": [{"anything-but": "running"}]}}"#);
    assert!(
        !p.matches(&json!({"detail": {}})),
        "anything-but never matches a missing field"
    );
    assert!(
        p.matches(&json!({"detail": {"state": ["running", "stopped"]}})),
        "any array element may match"
    );
    let dotted = pattern(r#"{"a.b": ["x"]}"#);
    assert!(dotted.matches(&json!({"a": {"b": "x"}})));
    let exists = pattern(r#"{"a": [{"exists": true}]}"#);
    assert!(
        !exists.matches(&json!({"a": {"b": 1}})),
        "exists applies to leaves only"
    );
    assert!(exists.matches(&json!({"a": null})));
}

#[test]
fn every_operator() {
    let event =
        json!({"s": "Hello.PNG", "n": 42, "ip": "192.168.1.7", "path": "/a/lib/b", "b": true});
    let yes = [
        r#"{"s": [{"prefix": "Hel"}]}"#,
        r#"{"s": [{"prefix": {"equals-ignore-case": "hELLO"}}]}"#,
        r#"{"s": [{"suffix": "PNG"}]}"#,
        r#"{"s": [{"suffix": {"equals-ignore-case": ".png"}}]}"#,
        r#"{"s": [{"equals-ignore-case": "hello.png"}]}"#,
        r#"{"s": [{"wildcard": "H*.P*"}]}"#,
        r#"{"n": [{"numeric": [">", 40, "<=", 42]}]}"#,
        r#"{"n": [42.0]}"#,
        r#"{"ip": [{"cidr": "192.168.0.0/16"}]}"#,
        r#"{"path": [{"anything-but": {"wildcard": "*/bin/*"}}]}"#,
        r#"{"s": [{"anything-but": {"equals-ignore-case": ["x", "y"]}}]}"#,
        r#"{"s": [{"anything-but": {"suffix": ".jpg"}}]}"#,
        r#"{"b": [true]}"#,
        r#"{"$or": [{"n": [1]}, {"b": [true]}]}"#,
        r#"{"missing": [{"exists": false}]}"#,
    ];
    for text in yes {
        assert!(pattern(text).matches(&event), "{text}");
    }
    let no = [
        r#"{"s": [{"prefix": "hel"}]}"#,
        r#"{"path": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#,
        r#"{"n": [{"numeric": ["<", 42]}]}"#,
        r#"{"ip": [{"cidr": "10.0.0.0/8"}]}"#,
        r#"{"$or": [{"n": [1]}, {"b": [false]}]}"#,
    ];
    for text in no {
        assert!(!pattern(text).matches(&event), "{text}");
    }
}

#[test]
fn reasons_name_the_field() {
    let reason = |text: &str| {
        EventPattern::parse(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(reason(r#"{"detail": {"x": [{"NUMERIC": ["=", 5]}]}}"#)
        .starts_with("at \"detail.x\": unrecognized match type \"NUMERIC\""));
    assert!(reason(r#"{"a": []}"#).contains("empty arrays"));
    assert!(reason(r#"{"a": 1}"#).contains("must be an array"));
    assert!(reason(r#"{"a": [{"wildcard": "a**"}]}"#).contains("consecutive"));
    assert!(reason(r#"{"$or": [{"a": ["1"]}]}"#).contains("at least two"));
    assert!(reason("{").contains("not valid JSON"));
    assert!(reason("[]").contains("JSON object"));
}

#[test]
fn one_flattened_event_serves_many_patterns() {
    let event = json!({"source": "shop", "detail": {"total": 10}});
    let flat = FlatEvent::new(&event);
    assert!(pattern(r#"{"source": ["shop"]}"#).matches_flat(&flat));
    assert!(pattern(r#"{"detail": {"total": [{"numeric": [">", 5]}]}}"#).matches_flat(&flat));
}

#[test]
fn mismatch_names_the_field_that_stopped_the_event() {
    use lab_rules::Mismatch;
    let p = pattern(
        r#"{"source": ["shop"], "detail": {"total": [{"numeric": [">", 5]}]}, "$or": [{"a": [1]}, {"b": [2]}]}"#,
    );
    let missing = json!({"source": "shop"});
    assert_eq!(
        p.mismatch(&missing),
        Some(Mismatch::Missing {
            path: "detail.total".into()
        })
    );
    let small = json!({"source": "shop", "detail": {"total": 1}});
    assert_eq!(
        p.mismatch(&small),
        Some(Mismatch::NoValueMatched {
            path: "detail.total".into()
        })
    );
    let no_or = json!({"source": "shop", "detail": {"total": 9}});
    assert_eq!(p.mismatch(&no_or), Some(Mismatch::NoAlternative));
    assert_eq!(
        p.mismatch(&json!({"source": "shop", "detail": {"total": 9}, "b": 2})),
        None
    );
}
