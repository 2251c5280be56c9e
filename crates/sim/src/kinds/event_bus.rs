//! `event_bus`: an EventBridge-like event bus. Rules with event patterns route each event to
//! their targets (asynchronous links from the bus).

use lab_rules::event_pattern::EventPattern;
use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;

/// An EventBridge-like event bus: rules with event patterns route each event to their
/// targets (asynchronous links from the bus).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBusSpec {
    pub name: String,
    /// The event documents publishers send, as JSON text: the request with correlation id
    /// n carries event n mod the list's length.
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<EventRuleSpec>,
    /// Events chosen by the operation of the message that carries them (what a publisher
    /// puts on the bus: `OrderCreated`, `CardDeclined`); they take precedence over `events`.
    #[serde(default, rename = "op_event")]
    pub op_events: Vec<OpEventSpec>,
}

/// The event every message with operation `op` carries onto a bus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpEventSpec {
    pub op: String,
    /// The event document, as JSON text.
    pub event: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRuleSpec {
    pub name: String,
    /// The event pattern, as JSON text.
    pub pattern: String,
    /// Components the rule delivers to (1 to 5, as in EventBridge); each needs an
    /// asynchronous link from the bus.
    pub targets: Vec<String>,
}

const EVENTS: F = F::table(
    "events",
    FieldDefault::Empty,
    "the event documents publishers send, as JSON text; the request with correlation id *n* carries event *n* mod their number",
);
const OP_EVENTS: F = F::table(
    "op_event",
    FieldDefault::Empty,
    "`[[component.op_event]]` tables: the event a message carries by its operation (below)",
);
const RULES: F = F::table(
    "rule",
    FieldDefault::Empty,
    "`[[component.rule]]` tables: rules with an event pattern and 1 to 5 targets (below)",
);

pub(crate) const INFO: KindInfo = KindInfo {
    word: "event_bus",
    title: "EventBridge-like event bus",
    explanation: "Matches each event against its rules' patterns and sends a copy to each matching rule's targets.",
    fields: &[EVENTS, OP_EVENTS, RULES],
};

/// EventBridge's default quota of rules per bus.
const MAX_RULES: usize = 300;

impl EventBusSpec {
    /// A bus with no rules, whose publishers send one example event.
    pub fn named(name: &str) -> Self {
        EventBusSpec {
            name: name.to_string(),
            events: vec![r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {}}"#.into()],
            rules: Vec::new(),
            op_events: Vec::new(),
        }
    }
}

impl Spec for EventBusSpec {
    fn slot(&mut self, _key: &str) -> Option<Slot<'_>> {
        None
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let mut ops = Vec::with_capacity(self.op_events.len());
        for e in &self.op_events {
            ops.push(site.op("op_event.op", &e.op)?);
        }
        if self.events.is_empty() && self.op_events.is_empty() {
            return site.fail(msg::BUS_NEEDS_EVENT.text());
        }
        let mut events = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            events.push(event_document(site, &format!("events[{i}]"), e)?);
        }
        let mut op_events = Vec::with_capacity(ops.len());
        for (spec, &op) in self.op_events.iter().zip(&ops) {
            if op_events.iter().any(|(o, _)| *o == op) {
                return site.fail(msg::OP_EVENT_TWICE.with(&[("op", &spec.op)]));
            }
            let field = format!("op_event `{}`: event", spec.op);
            op_events.push((op, event_document(site, &field, &spec.event)?));
        }
        let (rules, rule_names) = self.rules(site)?;
        Ok(Kind::EventBus(EventBusC {
            rules,
            rule_names,
            events,
            op_events,
        }))
    }
}

impl EventBusSpec {
    fn rules(&self, site: &Site) -> Result<(Vec<RuleC>, Vec<String>), ScenarioError> {
        if self.rules.len() > MAX_RULES {
            return site.fail(msg::TOO_MANY_RULES.text());
        }
        let mut rules = Vec::with_capacity(self.rules.len());
        let mut rule_names = Vec::new();
        for r in &self.rules {
            let at = |m: String| site.fail(msg::AT_RULE.with(&[("name", &r.name), ("problem", &m)]));
            if rule_names.contains(&r.name) {
                return at(msg::RULE_TWICE.text().into());
            }
            let pattern = match EventPattern::parse(&r.pattern) {
                Ok(p) => p,
                Err(e) => return at(msg::RULE_INVALID_PATTERN.with(&[("error", &e)])),
            };
            if r.targets.is_empty() || r.targets.len() > 5 {
                return at(msg::RULE_TARGETS.with(&[("n", &r.targets.len())]));
            }
            let mut links = Vec::new();
            for t in &r.targets {
                match site.link_to_named(t) {
                    Some(l) => links.push(l),
                    None => return at(msg::RULE_TARGET_WITHOUT_LINK.with(&[("name", t)])),
                }
            }
            rule_names.push(r.name.clone());
            rules.push(RuleC { pattern, links });
        }
        Ok((rules, rule_names))
    }
}

/// An event document: a JSON object.
fn event_document(site: &Site, field: &str, text: &str) -> Result<Value, ScenarioError> {
    let v = site.check().json(field, text)?;
    if !v.is_object() {
        return site.fail(msg::NOT_JSON_OBJECT.with(&[("field", &field)]));
    }
    Ok(v)
}

#[derive(Clone, Debug)]
pub(crate) struct RuleC {
    pub pattern: EventPattern,
    /// Links from the bus to the rule's targets.
    pub links: Vec<usize>,
}

#[derive(Clone, Debug)]
pub(crate) struct EventBusC {
    pub rules: Vec<RuleC>,
    pub rule_names: Vec<String>,
    pub events: Vec<Value>,
    /// The event a message carries by its operation, before `events` is consulted.
    pub op_events: Vec<(u16, Value)>,
}

impl EventBusC {
    /// The event a message with `op` and correlation id `corr` carries.
    pub fn event_of(&self, op: u16, corr: u32) -> Option<&Value> {
        match self.op_events.iter().find(|(o, _)| *o == op) {
            Some((_, event)) => Some(event),
            None => self.events.get(corr as usize % self.events.len().max(1)),
        }
    }
}
