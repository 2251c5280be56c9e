//! `topic`: an SNS-like topic. Every message goes to every outgoing link (a subscription),
//! unless the subscription's filter policy rejects it.

use std::collections::BTreeMap;

use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

/// An SNS-like topic: every message goes to every outgoing link. Queue and function
/// subscribers get it asynchronously; any other subscriber is an HTTP endpoint called
/// synchronously and retried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: String,
    #[serde(default = "http_retries")]
    pub http_retries: u32,
    #[serde(default = "http_retry_delay_ms")]
    pub http_retry_delay_ms: f64,
    #[serde(default = "http_timeout_ms")]
    pub http_timeout_ms: f64,
    /// The messages publishers send: the request with correlation id n carries message n
    /// mod the list's length. Only filter policies look at them.
    #[serde(default, rename = "message")]
    pub messages: Vec<TopicMessageSpec>,
    /// Subscription filter policies, one per filtered subscriber (an SNS subscription is a
    /// link from the topic).
    #[serde(default, rename = "filter")]
    pub filters: Vec<FilterSpec>,
}

/// A message published to a topic, as filter policies see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMessageSpec {
    /// The message body (JSON for body-scoped policies).
    #[serde(default = "empty_object")]
    pub body: String,
    /// Message attributes as a JSON object: strings are String attributes, numbers are
    /// Number attributes, arrays are String.Array attributes.
    #[serde(default = "empty_object")]
    pub attributes: String,
}

/// An SNS subscription filter policy on the subscription to `subscriber`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    pub subscriber: String,
    /// The filter policy, as JSON text.
    pub policy: String,
    #[serde(default)]
    pub scope: FilterScope,
}

/// `FilterPolicyScope`: message attributes (the default) or the message body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterScope {
    #[default]
    MessageAttributes,
    MessageBody,
}

fn http_retries() -> u32 {
    RETRIES.default_count()
}
fn http_retry_delay_ms() -> f64 {
    RETRY_DELAY.default_number()
}
fn http_timeout_ms() -> f64 {
    TIMEOUT.default_number()
}
fn empty_object() -> String {
    "{}".into()
}

const RETRIES: F = F::count("http_retries", 3, 0, 100, "retries of a failed HTTP delivery");
const RETRY_DELAY: F = F::duration("http_retry_delay_ms", 1000.0, HOUR_MS, "delay between HTTP retries");
const TIMEOUT: F = F::duration("http_timeout_ms", 15_000.0, HOUR_MS, "HTTP delivery timeout");
const MESSAGES: F = F::table(
    "message",
    FieldDefault::Empty,
    "`[[component.message]]` tables: the messages publishers send, as filter policies see them (below)",
);
const FILTERS: F = F::table(
    "filter",
    FieldDefault::Empty,
    "`[[component.filter]]` tables: subscription filter policies (below)",
);

pub(crate) const INFO: KindInfo = KindInfo {
    word: "topic",
    title: "SNS-like topic",
    explanation: "Copies every message to every subscriber whose filter policy accepts it.",
    fields: &[RETRIES, RETRY_DELAY, TIMEOUT, MESSAGES, FILTERS],
};

impl TopicSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        TopicSpec {
            name: name.to_string(),
            http_retries: http_retries(),
            http_retry_delay_ms: http_retry_delay_ms(),
            http_timeout_ms: http_timeout_ms(),
            messages: Vec::new(),
            filters: Vec::new(),
        }
    }
}

impl Spec for TopicSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "http_retries" => Slot::Count(&mut self.http_retries),
            "http_retry_delay_ms" => Slot::Number(&mut self.http_retry_delay_ms),
            "http_timeout_ms" => Slot::Number(&mut self.http_timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Topic(TopicC {
            retries: ck.count(&RETRIES, self.http_retries)?,
            delay: ck.duration(&RETRY_DELAY, self.http_retry_delay_ms)?,
            timeout: ck.duration(&TIMEOUT, self.http_timeout_ms)?.max(1),
            rules: TopicRulesC {
                messages: self.messages(site)?,
                filters: self.filters(site)?,
            },
        }))
    }
}

impl TopicSpec {
    fn messages(&self, site: &Site) -> Result<Vec<(String, Attributes)>, ScenarioError> {
        let ck = site.check();
        let mut messages = Vec::new();
        for (i, m) in self.messages.iter().enumerate() {
            let attrs = match ck.json(&format!("message[{i}].attributes"), &m.attributes)? {
                Value::Object(map) => map
                    .into_iter()
                    .map(|(k, v)| {
                        let a = match v {
                            Value::String(s) => MessageAttribute::String(s),
                            Value::Number(n) => MessageAttribute::Number(n.to_string()),
                            other => MessageAttribute::StringArray(other.to_string()),
                        };
                        (k, a)
                    })
                    .collect(),
                _ => {
                    return site.fail(msg::NOT_JSON_OBJECT.with(&[("field", &format!("message[{i}].attributes"))]))
                }
            };
            messages.push((m.body.clone(), attrs));
        }
        Ok(messages)
    }

    fn filters(&self, site: &Site) -> Result<Vec<(usize, FilterPolicy)>, ScenarioError> {
        let mut filters: Vec<(usize, FilterPolicy)> = Vec::new();
        for f in &self.filters {
            let at = |m: String| site.fail(msg::AT_FILTER.with(&[("subscriber", &f.subscriber), ("problem", &m)]));
            let Some(l) = site.link_to_named(&f.subscriber) else {
                return at(msg::FILTER_WITHOUT_SUBSCRIPTION.text().into());
            };
            if filters.iter().any(|(o, _)| *o == l) {
                return at(msg::FILTER_TWICE.text().into());
            }
            let scope = match f.scope {
                FilterScope::MessageAttributes => Scope::MessageAttributes,
                FilterScope::MessageBody => Scope::MessageBody,
            };
            match FilterPolicy::parse(&f.policy, scope) {
                Ok(p) => filters.push((l, p)),
                Err(e) => return at(msg::FILTER_INVALID.with(&[("error", &e)])),
            }
        }
        if !filters.is_empty() && self.messages.is_empty() {
            return site.fail(msg::FILTERS_NEED_MESSAGES.text());
        }
        Ok(filters)
    }
}

type Attributes = BTreeMap<String, MessageAttribute>;

#[derive(Clone, Debug)]
pub(crate) struct TopicC {
    pub retries: u32,
    pub delay: Time,
    pub timeout: Time,
    /// Messages and subscription filter policies.
    pub rules: TopicRulesC,
}

/// A topic's messages and subscription filter policies.
#[derive(Clone, Debug, Default)]
pub(crate) struct TopicRulesC {
    /// (body, attributes) of each message publishers send.
    pub messages: Vec<(String, Attributes)>,
    /// (link to the subscriber, its policy).
    pub filters: Vec<(usize, FilterPolicy)>,
}
