//! Arbitrary text as a filter policy in both scopes; whatever parses is matched
//! against attributes of every type and against the text as a message body.
#![no_main]

use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut attributes = BTreeMap::new();
    attributes.insert("a".to_string(), MessageAttribute::String(text.to_string()));
    attributes.insert("b".to_string(), MessageAttribute::Number(text.to_string()));
    attributes.insert(
        "c".to_string(),
        MessageAttribute::StringArray(text.to_string()),
    );
    for scope in [Scope::MessageAttributes, Scope::MessageBody] {
        if let Ok(policy) = FilterPolicy::parse(text, scope) {
            policy.matches(text, &attributes);
        }
    }
});
