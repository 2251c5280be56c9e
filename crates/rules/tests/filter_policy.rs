//! SNS filter policies: every operator, both scopes, every limit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
use std::collections::BTreeMap;

fn attrs(list: &[(&str, MessageAttribute)]) -> BTreeMap<String, MessageAttribute> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn s(v: &str) -> MessageAttribute {
    MessageAttribute::String(v.into())
}

fn n(v: &str) -> MessageAttribute {
    MessageAttribute::Number(v.into())
}

fn arr(v: &str) -> MessageAttribute {
    MessageAttribute::StringArray(v.into())
}

fn policy(text: &str) -> FilterPolicy {
    FilterPolicy::parse(text, Scope::MessageAttributes).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn passes(text: &str, list: &[(&str, MessageAttribute)]) -> bool {
    policy(text).matches_attributes(&attrs(list))
}

#[test]
fn exact_string_and_number() {
    assert!(passes(r#"{"store": ["a", "b"]}"#, &[("store", s("b"))]));
    assert!(!passes(r#"{"store": ["a"]}"#, &[("store", s("A"))]));
    assert!(passes(r#"{"price": [100]}"#, &[("price", n("100.0"))]));
    assert!(!passes(r#"{"price": [100]}"#, &[("price", s("100"))]));
    assert!(!passes(r#"{"store": ["a"]}"#, &[]));
}

#[test]
fn string_array_attributes_match_any_element() {
    assert!(passes(
        r#"{"colors": ["red"]}"#,
        &[("colors", arr(r#"["blue", "red"]"#))]
    ));
    assert!(!passes(
        r#"{"colors": ["green"]}"#,
        &[("colors", arr(r#"["blue", "red"]"#))]
    ));
    assert!(passes(
        r#"{"sizes": [{"numeric": [">", 10]}]}"#,
        &[("sizes", arr("[1, 20]"))]
    ));
}

#[test]
fn prefix_suffix_and_ignore_case() {
    assert!(passes(
        r#"{"k": [{"prefix": "ord"}]}"#,
        &[("k", s("order"))]
    ));
    assert!(!passes(
        r#"{"k": [{"prefix": "ord"}]}"#,
        &[("k", s("Order"))]
    ));
    assert!(passes(
        r#"{"k": [{"suffix": ".png"}]}"#,
        &[("k", s("a.png"))]
    ));
    assert!(passes(
        r#"{"k": [{"equals-ignore-case": "ReD"}]}"#,
        &[("k", s("rEd"))]
    ));
}

#[test]
fn anything_but() {
    let p = r#"{"k": [{"anything-but": ["a", "b"]}]}"#;
    assert!(passes(p, &[("k", s("c"))]));
    assert!(!passes(p, &[("k", s("a"))]));
    assert!(!passes(p, &[]));
    assert!(passes(r#"{"k": [{"anything-but": 5}]}"#, &[("k", n("6"))]));
    assert!(!passes(
        r#"{"k": [{"anything-but": {"prefix": "x"}}]}"#,
        &[("k", s("xy"))]
    ));
    assert!(passes(
        r#"{"k": [{"anything-but": {"suffix": "x"}}]}"#,
        &[("k", s("xy"))]
    ));
}

#[test]
fn numeric_ranges() {
    let p = r#"{"price": [{"numeric": [">=", 10, "<", 20]}]}"#;
    assert!(passes(p, &[("price", n("10"))]));
    assert!(!passes(p, &[("price", n("20"))]));
    assert!(!passes(p, &[("price", s("15"))]));
    assert!(passes(
        r#"{"price": [{"numeric": ["=", 0.5]}]}"#,
        &[("price", n("0.50"))]
    ));
}

#[test]
fn exists_and_cidr() {
    assert!(passes(r#"{"k": [{"exists": true}]}"#, &[("k", s(""))]));
    assert!(passes(
        r#"{"k": [{"exists": false}]}"#,
        &[("other", s("x"))]
    ));
    assert!(!passes(
        r#"{"k": [{"exists": true}]}"#,
        &[("k", MessageAttribute::Binary)]
    ));
    assert!(passes(
        r#"{"ip": [{"cidr": "10.0.0.0/8"}]}"#,
        &[("ip", s("10.1.2.3"))]
    ));
    assert!(!passes(
        r#"{"ip": [{"cidr": "10.0.0.0/8"}]}"#,
        &[("ip", s("11.1.2.3"))]
    ));
}

#[test]
fn or_alternatives() {
    let p = r#"{"$or": [{"a": ["1"]}, {"b": [{"exists": true}]}]}"#;
    assert!(passes(p, &[("a", s("1"))]));
    assert!(passes(p, &[("b", s("x"))]));
    assert!(!passes(p, &[("a", s("2"))]));
}

#[test]
fn message_body_scope_is_nested() {
    let p = FilterPolicy::parse(
        r#"{"order": {"status": ["paid"], "total": [{"numeric": [">", 5]}]}}"#,
        Scope::MessageBody,
    )
    .expect("valid");
    assert!(p.matches(
        r#"{"order": {"status": "paid", "total": 9}}"#,
        &BTreeMap::new()
    ));
    assert!(!p.matches(
        r#"{"order": {"status": "paid", "total": 1}}"#,
        &BTreeMap::new()
    ));
    assert!(!p.matches("not json", &BTreeMap::new()));
    assert!(!p.matches("[1]", &BTreeMap::new()));
}

fn rejection(text: &str, scope: Scope) -> String {
    match FilterPolicy::parse(text, scope) {
        Ok(_) => panic!("accepted {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn limits_keys() {
    let five = r#"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"]}"#;
    assert!(FilterPolicy::parse(five, Scope::MessageAttributes).is_ok());
    let six = r#"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}"#;
    assert!(rejection(six, Scope::MessageAttributes).contains("6 keys"));
    // In a body policy only the top-level keys count.
    let nested =
        r#"{"x": {"a": ["1"], "b": ["1"], "c": ["1"]}, "y": {"d": ["1"], "e": ["1"], "f": ["1"]}}"#;
    assert!(FilterPolicy::parse(nested, Scope::MessageBody).is_ok());
    let six_top =
        r#"{"a": {"x": ["1"]}, "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": {"y": ["1"]}}"#;
    assert!(rejection(six_top, Scope::MessageBody).contains("6 keys"));
    // Keys of `$or` alternatives count too.
    let with_or =
        r#"{"a": ["1"], "b": ["1"], "c": ["1"], "$or": [{"d": ["1"]}, {"e": ["1"], "f": ["1"]}]}"#;
    assert!(rejection(with_or, Scope::MessageAttributes).contains("6 keys"));
}

#[test]
fn limits_combinations() {
    let values = |count: usize| {
        (0..count)
            .map(|i| format!("\"v{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let at_limit = format!(
        r#"{{"a": [{}], "b": [{}], "c": [{}]}}"#,
        values(5),
        values(5),
        values(6)
    );
    assert!(FilterPolicy::parse(&at_limit, Scope::MessageAttributes).is_ok());
    let over = format!(
        r#"{{"a": [{}], "b": [{}], "c": [{}]}}"#,
        values(5),
        values(5),
        values(7)
    );
    assert!(rejection(&over, Scope::MessageAttributes).contains("175 value combinations"));
    let or_sum = format!(
        r#"{{"$or": [{{"a": [{}]}}, {{"b": [{}]}}]}}"#,
        values(100),
        values(51)
    );
    assert!(rejection(&or_sum, Scope::MessageAttributes).contains("151 value combinations"));
}

#[test]
fn limits_size_numbers_and_shape() {
    let huge = format!(r#"{{"a": ["{}"]}}"#, "x".repeat(256 * 1024));
    assert!(rejection(&huge, Scope::MessageAttributes).contains("bytes"));
    assert!(rejection(
        r#"{"p": [{"numeric": [">", 2000000000]}]}"#,
        Scope::MessageAttributes
    )
    .contains("outside"));
    assert!(rejection(r#"{"p": [-1000000001]}"#, Scope::MessageAttributes).contains("outside"));
    assert!(rejection(r#"{"a": {"b": ["1"]}}"#, Scope::MessageAttributes).contains("nested"));
    assert!(
        rejection(r#"{"a": [{"wildcard": "x*"}]}"#, Scope::MessageAttributes).contains("wildcard")
    );
    assert!(rejection(r#"{"a": "x"}"#, Scope::MessageAttributes).starts_with("at \"a\""));
    assert!(rejection("{", Scope::MessageBody).contains("not valid JSON"));
}

#[test]
fn mismatch_for_narration() {
    use lab_rules::Mismatch;
    let p = policy(r#"{"store": ["a"]}"#);
    assert_eq!(
        p.mismatch("", &attrs(&[("store", s("b"))])),
        Some(Mismatch::NoValueMatched {
            path: "store".into()
        })
    );
    assert_eq!(
        p.mismatch("", &attrs(&[])),
        Some(Mismatch::Missing {
            path: "store".into()
        })
    );
    let body = FilterPolicy::parse(r#"{"a": ["1"]}"#, Scope::MessageBody).expect("valid");
    assert_eq!(
        body.mismatch("nope", &BTreeMap::new()),
        Some(Mismatch::NotJson)
    );
}

/// The SNS documentation's example message, as attributes and as a body.
#[test]
fn documented_example_message() {
    let attributes = attrs(&[
        (
            "customer_interests",
            arr(r#"["soccer", "rugby", "hockey"]"#),
        ),
        ("store", s("example_corp")),
        ("event", s("order_placed")),
        ("price_usd", n("210.75")),
    ]);
    let body = r#"{"customer_interests": ["soccer", "rugby", "hockey"], "store": "example_corp", "event": "order_placed", "price_usd": 210.75}"#;
    let accepted = [
        r#"{"store": ["example_corp"], "event": [{"anything-but": "order_cancelled"}], "customer_interests": ["rugby", "football", "baseball"], "price_usd": [{"numeric": [">=", 100]}]}"#,
        r#"{"customer_interests": [{"prefix": "hoc"}]}"#,
        r#"{"price_usd": [{"numeric": [">", 0, "<=", 250]}]}"#,
        r#"{"store": [{"exists": true}], "encrypted": [{"exists": false}]}"#,
        r#"{"event": [{"anything-but": {"prefix": "order_c"}}]}"#,
    ];
    let rejected = [
        r#"{"customer_interests": ["basketball"]}"#,
        r#"{"price_usd": [{"numeric": ["<", 100]}]}"#,
        r#"{"store": [{"anything-but": ["example_corp"]}]}"#,
    ];
    for text in accepted {
        assert!(
            policy(text).matches_attributes(&attributes),
            "attributes: {text}"
        );
        let on_body = FilterPolicy::parse(text, Scope::MessageBody).expect("valid");
        assert!(on_body.matches_body(body), "body: {text}");
    }
    for text in rejected {
        assert!(
            !policy(text).matches_attributes(&attributes),
            "attributes: {text}"
        );
        let on_body = FilterPolicy::parse(text, Scope::MessageBody).expect("valid");
        assert!(!on_body.matches_body(body), "body: {text}");
    }
}
