//! Validation of the components that run rule languages (event buses, topic filter
//! policies, state machines): the JSON they carry is parsed here with lab-rules, and an
//! invalid pattern, policy or definition is reported with lab-rules' reason and path.

use std::collections::BTreeMap;
use std::sync::Arc;

use lab_rules::asl::{StateKind, StateMachine};
use lab_rules::event_pattern::EventPattern;
use lab_rules::filter_policy::{FilterPolicy, MessageAttribute, Scope};
use serde_json::Value;

use super::compile::{err, LinkC, ScenarioError, Where};
use super::{EventBusSpec, FilterScope, StateMachineSpec, TopicSpec};
use crate::engine::dist::to_time;
use crate::step::{NodeId, Time};

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

#[derive(Clone, Debug)]
pub(crate) struct StateMachineC {
    pub machine: Arc<StateMachine>,
    pub input: Arc<Value>,
    /// Task resources as written, with the link that reaches each.
    pub resources: Vec<(String, usize)>,
    pub task_timeout: Time,
    /// Every state name in the definition (branches and Map processors included), sorted:
    /// a history step names its state by index into this list.
    pub state_names: Vec<String>,
}

/// A stream's validated configuration, in microseconds.
#[derive(Clone, Debug)]
pub(crate) struct StreamC {
    pub shards: u32,
    pub batch: u32,
    /// The retention period or the mapping's maximum record age, whichever is shorter.
    pub max_age: Time,
    pub max_retries: Option<u32>,
    pub retry_delay: Time,
    pub timeout: Time,
    pub link: usize,
}

/// A registry's validated configuration, in microseconds.
#[derive(Clone, Debug)]
pub(crate) struct RegistryC {
    pub instances: Vec<InstanceC>,
    pub heartbeat: Time,
    pub ttl: Time,
    pub check_every: Time,
    pub client_side: bool,
    pub client_cache: Time,
    pub random: bool,
    pub timeout: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct InstanceC {
    pub name: String,
    pub node: NodeId,
    pub link: usize,
    pub register_at: Time,
    pub deregister_at: Option<Time>,
}

/// A topic's messages and subscription filter policies.
#[derive(Clone, Debug, Default)]
pub(crate) struct TopicRulesC {
    /// (body, attributes) of each message publishers send.
    pub messages: Vec<(String, BTreeMap<String, MessageAttribute>)>,
    /// (link to the subscriber, its policy).
    pub filters: Vec<(usize, FilterPolicy)>,
}

fn json(place: &Where, field: &str, text: &str) -> Result<Value, ScenarioError> {
    serde_json::from_str(text)
        .or_else(|e| err(place.clone(), format!("`{field}` is not valid JSON: {e}")))
}

/// The outgoing link from `me` to the component named `name`.
fn link_to(
    names: &BTreeMap<&str, NodeId>,
    links: &[LinkC],
    out: &[usize],
    name: &str,
) -> Option<usize> {
    super::compile::out_link_to(links, out, *names.get(name)?)
}

/// `ops` are the interned operations of `b.op_events`, in the same order.
pub(crate) fn event_bus(
    place: &Where,
    b: &EventBusSpec,
    ops: &[u16],
    names: &BTreeMap<&str, NodeId>,
    links: &[LinkC],
    out: &[usize],
) -> Result<EventBusC, ScenarioError> {
    if b.events.is_empty() && b.op_events.is_empty() {
        return err(
            place.clone(),
            "a bus needs at least one event document, in `events` or in an `[[component.op_event]]`",
        );
    }
    let mut events = Vec::with_capacity(b.events.len());
    for (i, e) in b.events.iter().enumerate() {
        events.push(event_document(place, &format!("events[{i}]"), e)?);
    }
    let mut op_events = Vec::with_capacity(ops.len());
    for (spec, &op) in b.op_events.iter().zip(ops) {
        if op_events.iter().any(|(o, _)| *o == op) {
            return err(place.clone(), format!("two op_event tables name `{}`", spec.op));
        }
        let field = format!("op_event `{}`: event", spec.op);
        op_events.push((op, event_document(place, &field, &spec.event)?));
    }
    if b.rules.len() > 300 {
        return err(
            place.clone(),
            "an event bus has at most 300 rules (EventBridge's default quota)",
        );
    }
    let mut rules = Vec::with_capacity(b.rules.len());
    let mut rule_names = Vec::new();
    for r in &b.rules {
        let at = |m: String| err(place.clone(), format!("rule `{}`: {m}", r.name));
        if rule_names.contains(&r.name) {
            return at("two rules have this name".into());
        }
        let pattern = match EventPattern::parse(&r.pattern) {
            Ok(p) => p,
            Err(e) => return at(format!("invalid event pattern: {e}")),
        };
        if r.targets.is_empty() || r.targets.len() > 5 {
            return at(format!(
                "a rule has 1 to 5 targets (as in EventBridge), not {}",
                r.targets.len()
            ));
        }
        let mut ls = Vec::new();
        for t in &r.targets {
            match link_to(names, links, out, t) {
                Some(l) => ls.push(l),
                None => return at(format!("target `{t}` has no link from this bus")),
            }
        }
        rule_names.push(r.name.clone());
        rules.push(RuleC { pattern, links: ls });
    }
    Ok(EventBusC {
        rules,
        rule_names,
        events,
        op_events,
    })
}

/// An event document: a JSON object.
fn event_document(place: &Where, field: &str, text: &str) -> Result<Value, ScenarioError> {
    let v = json(place, field, text)?;
    if !v.is_object() {
        return err(place.clone(), format!("`{field}` must be a JSON object"));
    }
    Ok(v)
}

pub(crate) fn topic(
    place: &Where,
    t: &TopicSpec,
    names: &BTreeMap<&str, NodeId>,
    links: &[LinkC],
    out: &[usize],
) -> Result<TopicRulesC, ScenarioError> {
    let mut messages = Vec::new();
    for (i, m) in t.messages.iter().enumerate() {
        let attrs = match json(place, &format!("message[{i}].attributes"), &m.attributes)? {
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
                return err(
                    place.clone(),
                    format!("`message[{i}].attributes` must be a JSON object"),
                )
            }
        };
        messages.push((m.body.clone(), attrs));
    }
    let mut filters: Vec<(usize, FilterPolicy)> = Vec::new();
    for f in &t.filters {
        let at = |m: String| {
            err(
                place.clone(),
                format!("filter policy for `{}`: {m}", f.subscriber),
            )
        };
        let Some(l) = link_to(names, links, out, &f.subscriber) else {
            return at("there is no subscription (link) from this topic to it".into());
        };
        if filters.iter().any(|(o, _)| *o == l) {
            return at("a subscription has one filter policy".into());
        }
        let scope = match f.scope {
            FilterScope::MessageAttributes => Scope::MessageAttributes,
            FilterScope::MessageBody => Scope::MessageBody,
        };
        match FilterPolicy::parse(&f.policy, scope) {
            Ok(p) => filters.push((l, p)),
            Err(e) => return at(format!("invalid: {e}")),
        }
    }
    if !filters.is_empty() && messages.is_empty() {
        return err(
            place.clone(),
            "filter policies need the messages publishers send: add `[[component.message]]` tables",
        );
    }
    Ok(TopicRulesC { messages, filters })
}

fn collect(m: &StateMachine, names: &mut Vec<String>, tasks: &mut Vec<(String, String)>) {
    for (name, s) in &m.states {
        names.push(name.clone());
        match &s.kind {
            StateKind::Task { resource, .. } => tasks.push((name.clone(), resource.clone())),
            StateKind::Parallel { branches } => {
                for b in branches {
                    collect(b, names, tasks);
                }
            }
            StateKind::Map { processor, .. } => collect(processor, names, tasks),
            _ => {}
        }
    }
}

pub(crate) fn state_machine(
    place: &Where,
    s: &StateMachineSpec,
    names: &BTreeMap<&str, NodeId>,
    links: &[LinkC],
    out: &[usize],
) -> Result<StateMachineC, ScenarioError> {
    let machine = match lab_rules::asl::parse_definition(&s.definition) {
        Ok(m) => m,
        Err(e) => {
            return err(
                place.clone(),
                format!("invalid state machine definition: {e}"),
            )
        }
    };
    let input = json(place, "input", &s.input)?;
    if !(s.task_timeout_ms.is_finite() && s.task_timeout_ms > 0.0 && s.task_timeout_ms <= 3.6e6) {
        return err(
            place.clone(),
            format!(
                "`task_timeout_ms` must be above 0 and at most 3600000, not {}",
                s.task_timeout_ms
            ),
        );
    }
    let mut state_names = Vec::new();
    let mut tasks = Vec::new();
    collect(&machine, &mut state_names, &mut tasks);
    state_names.sort();
    state_names.dedup();
    let mut resources: Vec<(String, usize)> = Vec::new();
    for (state, resource) in tasks {
        if resources.iter().any(|(r, _)| *r == resource) {
            continue;
        }
        let short = resource.rsplit(':').next().unwrap_or(&resource);
        match link_to(names, links, out, &resource).or_else(|| link_to(names, links, out, short))
        {
            Some(l) => resources.push((resource, l)),
            None => {
                return err(
                    place.clone(),
                    format!(
                        "States.{state}.Resource: `{resource}` is not a component this state machine links to"
                    ),
                )
            }
        }
    }
    Ok(StateMachineC {
        machine: Arc::new(machine),
        input: Arc::new(input),
        resources,
        task_timeout: to_time(s.task_timeout_ms * 1000.0),
        state_names,
    })
}
