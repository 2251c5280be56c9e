//! Arbitrary text as an event pattern; whatever parses is matched against a
//! fixed event and against the text itself read as an event.
#![no_main]

use lab_rules::event_pattern::EventPattern;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pattern) = EventPattern::parse(text) {
        pattern.matches(
            &json!({"source": "s", "detail": {"a": [1, "x", null, {"b": true}], "ip": "10.0.0.1"}}),
        );
        if let Ok(event) = serde_json::from_str::<Value>(text) {
            pattern.matches(&event);
        }
    }
});
