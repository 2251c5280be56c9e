//! EventBridge event patterns: parse a pattern, then test events against it.
//!
//! ```
//! use lab_rules::event_pattern::EventPattern;
//! let pattern = EventPattern::parse(r#"{"detail": {"state": [{"anything-but": "running"}]}}"#).unwrap();
//! assert!(pattern.matches(&serde_json::json!({"detail": {"state": "stopped"}})));
//! ```

use crate::content::dialect::EVENTBRIDGE;
use crate::content::flat::FlatEvent;
use crate::content::parse::parse_document;
use crate::content::tree::{Conjunction, Mismatch};
use crate::RuleError;
use serde_json::Value;

/// A validated event pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPattern {
    root: Conjunction,
}

impl EventPattern {
    /// Parses pattern text; malformed JSON and invalid patterns both give a reason.
    pub fn parse(text: &str) -> Result<EventPattern, RuleError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| RuleError::new("", format!("the pattern is not valid JSON: {e}")))?;
        EventPattern::from_value(&value)
    }

    pub fn from_value(pattern: &Value) -> Result<EventPattern, RuleError> {
        parse_document(pattern, &EVENTBRIDGE).map(|root| EventPattern { root })
    }

    pub fn matches(&self, event: &Value) -> bool {
        self.matches_flat(&FlatEvent::new(event))
    }

    /// Matching many patterns against one event: flatten the event once.
    pub fn matches_flat(&self, event: &FlatEvent<'_>) -> bool {
        self.root.matches(event)
    }

    /// Why the event does not match (None when it does), so narration can say
    /// which field stopped it.
    pub fn mismatch(&self, event: &Value) -> Option<Mismatch> {
        self.root.mismatch(&FlatEvent::new(event))
    }
}
