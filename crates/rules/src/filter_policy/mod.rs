//! SNS subscription filter policies, on message attributes or on the message body.
//!
//! ```
//! use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
//! use std::collections::BTreeMap;
//! let policy = FilterPolicy::parse(r#"{"store": ["example_corp"], "price": [{"numeric": [">=", 100]}]}"#, Scope::MessageAttributes).unwrap();
//! let mut attributes = BTreeMap::new();
//! attributes.insert("store".to_string(), MessageAttribute::String("example_corp".into()));
//! attributes.insert("price".to_string(), MessageAttribute::Number("120".into()));
//! assert!(policy.matches("{}", &attributes));
//! ```

mod attributes;
pub mod limits;

pub use attributes::MessageAttribute;

use crate::content::dialect::{SNS_MESSAGE_ATTRIBUTES, SNS_MESSAGE_BODY};
use crate::content::flat::FlatEvent;
use crate::content::parse::parse_document;
use crate::content::tree::{Conjunction, Mismatch};
use crate::RuleError;
use attributes::attributes_as_json;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the policy is applied to (`FilterPolicyScope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    MessageAttributes,
    MessageBody,
}

/// A validated filter policy.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPolicy {
    scope: Scope,
    root: Conjunction,
}

impl FilterPolicy {
    pub fn parse(text: &str, scope: Scope) -> Result<FilterPolicy, RuleError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| RuleError::new("", format!("the filter policy is not valid JSON: {e}")))?;
        FilterPolicy::build(&value, scope, text.len())
    }

    pub fn from_value(policy: &Value, scope: Scope) -> Result<FilterPolicy, RuleError> {
        FilterPolicy::build(policy, scope, policy.to_string().len())
    }

    fn build(policy: &Value, scope: Scope, size: usize) -> Result<FilterPolicy, RuleError> {
        let dialect = match scope {
            Scope::MessageAttributes => &SNS_MESSAGE_ATTRIBUTES,
            Scope::MessageBody => &SNS_MESSAGE_BODY,
        };
        let root = parse_document(policy, dialect)?;
        limits::check_limits(policy, &root, size)?;
        Ok(FilterPolicy { scope, root })
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// Whether a published message passes the policy, judged by its scope.
    pub fn matches(&self, body: &str, attributes: &BTreeMap<String, MessageAttribute>) -> bool {
        match self.scope {
            Scope::MessageAttributes => self.matches_attributes(attributes),
            Scope::MessageBody => self.matches_body(body),
        }
    }

    /// Why a message does not pass (None when it does), for narration.
    pub fn mismatch(
        &self,
        body: &str,
        attributes: &BTreeMap<String, MessageAttribute>,
    ) -> Option<Mismatch> {
        match self.scope {
            Scope::MessageAttributes => {
                let as_json = attributes_as_json(attributes);
                self.root.mismatch(&FlatEvent::new(&as_json))
            }
            Scope::MessageBody => match serde_json::from_str::<Value>(body) {
                Ok(value @ Value::Object(_)) => self.root.mismatch(&FlatEvent::new(&value)),
                _ => Some(Mismatch::NotJson),
            },
        }
    }

    pub fn matches_attributes(&self, attributes: &BTreeMap<String, MessageAttribute>) -> bool {
        let as_json = attributes_as_json(attributes);
        self.root.matches(&FlatEvent::new(&as_json))
    }

    /// A body that is not a JSON object matches nothing.
    pub fn matches_body(&self, body: &str) -> bool {
        match serde_json::from_str::<Value>(body) {
            Ok(value @ Value::Object(_)) => self.root.matches(&FlatEvent::new(&value)),
            _ => false,
        }
    }
}
