//! Validation: turns a [`Scenario`] into the engine's [`Topology`] or says exactly what is
//! wrong and where. Every rule the engine relies on is checked here or in the kind's own
//! file (`kinds/`), so the engine itself never has to panic on input.

use std::collections::BTreeMap;

use lab_i18n::{scenario as msg, Msg};
use petgraph::graph::DiGraph;

use super::check::Check;
use super::error::{err, ScenarioError, Where};
use super::topology::{out_link_to, LinkC, OpMeta, Topology};
use super::{faults, links, params, ComponentSpec, Scenario};
use crate::kinds::DAY_MS;
use crate::step::NodeId;

// The metrics fold a function's configuration by this path.
pub(crate) use crate::kinds::function::FunctionC;

/// A run keeps every step (about 56 bytes each, two steps per event), so this bound also
/// keeps a browser tab's memory in check.
const MAX_EVENTS: u64 = 10_000_000;

/// Everything the compile pass needs while it walks the scenario.
pub(crate) struct Ctx<'a> {
    pub s: &'a Scenario,
    pub index: BTreeMap<&'a str, NodeId>,
    pub ops: Vec<OpMeta>,
}

impl<'a> Ctx<'a> {
    pub fn node(&self, place: &Where, field: &str, name: &str) -> Result<NodeId, ScenarioError> {
        match self.index.get(name) {
            Some(&n) => Ok(n),
            None => err(place.clone(), msg::NOT_A_COMPONENT.with(&[("field", &field), ("name", &name)])),
        }
    }

    pub fn op(&mut self, place: &Where, field: &str, op: &str) -> Result<u16, ScenarioError> {
        if let Some(i) = self.ops.iter().position(|o| o.name == op) {
            return Ok(i as u16);
        }
        let mut parts = op.splitn(2, ' ');
        let method = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("");
        let known = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
        if !known.contains(&method) || !path.starts_with('/') {
            return err(place.clone(), msg::NOT_AN_OPERATION.with(&[("field", &field), ("op", &op)]));
        }
        if self.ops.len() >= u16::MAX as usize {
            return err(place.clone(), msg::TOO_MANY_OPERATIONS.text());
        }
        self.ops.push(OpMeta {
            name: op.to_string(),
            read: method == "GET" || method == "HEAD",
            keyed: path.contains("{id}"),
        });
        Ok((self.ops.len() - 1) as u16)
    }
}

/// Validates `s` and builds the engine's topology.
pub(crate) fn compile(s: &Scenario) -> Result<Topology, ScenarioError> {
    if s.name.trim().is_empty() {
        return err(Where::Scenario, msg::SCENARIO_NEEDS_NAME.text());
    }
    if s.components.is_empty() {
        return err(Where::Scenario, msg::NO_COMPONENTS.text());
    }
    if s.components.len() > 10_000 || s.links.len() > 100_000 {
        return err(Where::Scenario, msg::TOO_MANY_COMPONENTS.text());
    }
    let mut cx = Ctx {
        s,
        index: Default::default(),
        ops: vec![OpMeta {
            name: "message".into(),
            read: false,
            keyed: false,
        }],
    };
    let mut graph = DiGraph::new();
    for (i, c) in s.components.iter().enumerate() {
        let place = Where::Component(c.name().to_string());
        if c.name().trim().is_empty() {
            return err(Where::Scenario, msg::COMPONENT_WITHOUT_NAME.with(&[("n", &(i + 1))]));
        }
        if cx.index.insert(c.name(), NodeId(i as u32)).is_some() {
            return err(place, msg::DUPLICATE_NAME.text());
        }
        graph.add_node(NodeId(i as u32));
    }
    let links = links::compile_links(&mut cx, &mut graph)?;
    let mut out = vec![Vec::new(); s.components.len()];
    for (i, l) in links.iter().enumerate() {
        if let Some(from) = out.get_mut(l.from.0 as usize) {
            from.push(i);
        }
    }
    links::check_sync_cycles(s, &graph, &links)?;
    let mut kinds = Vec::with_capacity(s.components.len());
    for ((i, c), out) in s.components.iter().enumerate().zip(&out) {
        let mut site = Site {
            cx: &mut cx,
            me: NodeId(i as u32),
            place: Where::Component(c.name().to_string()),
            links: &links,
            out,
        };
        kinds.push(c.compile(&mut site)?);
    }
    let max_time = Check::new(Where::Bounds).ms("max_time_ms", s.bounds.max_time_ms, 30.0 * DAY_MS)?;
    if s.bounds.max_events == 0 || s.bounds.max_events > MAX_EVENTS {
        return err(Where::Bounds, msg::MAX_EVENTS_RANGE.with(&[("max", &MAX_EVENTS)]));
    }
    let mut topo = Topology {
        graph,
        names: s.components.iter().map(|c| c.name().to_string()).collect(),
        kinds,
        links,
        out,
        ops: cx.ops,
        faults: Vec::new(),
        max_events: s.bounds.max_events,
        max_time,
    };
    topo.faults = faults::compile_faults(s, &topo)?;
    for (i, p) in s.parameters.iter().enumerate() {
        params::check_parameter(s, i, p)?;
    }
    Ok(topo)
}

/// One component being validated, with what its kind's validation needs around it.
pub(crate) struct Site<'c, 'a> {
    pub cx: &'c mut Ctx<'a>,
    pub me: NodeId,
    pub place: Where,
    pub links: &'c [LinkC],
    /// The component's outgoing links, in declaration order.
    pub out: &'c [usize],
}

impl Site<'_, '_> {
    pub fn check(&self) -> Check {
        Check::new(self.place.clone())
    }

    pub fn fail<T>(&self, message: impl Into<String>) -> Result<T, ScenarioError> {
        err(self.place.clone(), message)
    }

    /// The component `field` names.
    pub fn node(&self, field: &str, name: &str) -> Result<NodeId, ScenarioError> {
        self.cx.node(&self.place, field, name)
    }

    /// The interned operation `op`.
    pub fn op(&mut self, field: &str, op: &str) -> Result<u16, ScenarioError> {
        self.cx.op(&self.place, field, op)
    }

    pub fn spec(&self, node: NodeId) -> Option<&ComponentSpec> {
        self.cx.s.components.get(node.0 as usize)
    }

    pub fn is_function(&self, node: NodeId) -> bool {
        matches!(self.spec(node), Some(ComponentSpec::Function(_)))
    }

    /// The outgoing link to `node`.
    pub fn link_to(&self, node: NodeId) -> Option<usize> {
        out_link_to(self.links, self.out, node)
    }

    /// The outgoing link to the component called `name`.
    pub fn link_to_named(&self, name: &str) -> Option<usize> {
        self.link_to(*self.cx.index.get(name)?)
    }

    /// The component's only outgoing link; `what` names it in the message (a `what-…` text).
    pub fn one_link(&self, what: Msg) -> Result<usize, ScenarioError> {
        match self.out {
            [l] => Ok(*l),
            [] => self.fail(msg::NEEDS_ONE_LINK.with(&[("what", &what.text())])),
            _ => self.fail(msg::NEEDS_EXACTLY_ONE_LINK.with(&[("what", &what.text()), ("n", &self.out.len())])),
        }
    }
}
