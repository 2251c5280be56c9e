//! The validated scenario as the engine reads it: components by index, links, interned
//! operations and faults resolved to indices.

use lab_i18n::scenario as msg;
use petgraph::graph::DiGraph;

use super::{Fault, SendOn};
use crate::engine::dist::Sampler;
use crate::kinds::Kind;
use crate::step::{NodeId, Time};

/// An operation name interned at compile time, with what a store needs to know about it.
#[derive(Clone, Debug)]
pub(crate) struct OpMeta {
    pub name: String,
    /// GET or HEAD: a store reads instead of writing.
    pub read: bool,
    /// The path has `{id}`: a store keys it by request id.
    pub keyed: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct LinkC {
    pub from: NodeId,
    pub to: NodeId,
    pub latency: Sampler,
    pub sync: bool,
    pub op: u16,
    /// When a function sends on it.
    pub on: SendOn,
}

/// A fault resolved to engine indices.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Act {
    Crash(NodeId),
    Restart(NodeId),
    Slow(NodeId, f64),
    /// `None` removes the override.
    Errors(NodeId, Option<f64>),
    Cut(usize),
    Repair(usize),
}

/// Which of the links `out` goes to `to`.
pub(crate) fn out_link_to(links: &[LinkC], out: &[usize], to: NodeId) -> Option<usize> {
    out.iter()
        .copied()
        .find(|&l| links.get(l).is_some_and(|link| link.to == to))
}

/// The validated scenario: a petgraph graph of components (nodes) and links (edges), plus
/// each component's configuration and the scheduled faults.
#[derive(Clone, Debug)]
pub(crate) struct Topology {
    pub graph: DiGraph<NodeId, usize>,
    pub names: Vec<String>,
    pub kinds: Vec<Kind>,
    pub links: Vec<LinkC>,
    /// Outgoing links of each node, in declaration order (a function calls them in order).
    pub out: Vec<Vec<usize>>,
    pub ops: Vec<OpMeta>,
    pub faults: Vec<(Time, Act)>,
    pub max_events: u64,
    pub max_time: Time,
}

impl Topology {
    /// The link a caller used to reach `callee` (replies go back over it).
    pub fn link_between(&self, caller: NodeId, callee: NodeId) -> Option<usize> {
        out_link_to(&self.links, self.out.get(caller.0 as usize)?, callee)
    }

    /// The outgoing links of `n`, in declaration order (none for an unknown node).
    pub fn outgoing(&self, n: NodeId) -> &[usize] {
        self.out.get(n.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The component at the far end of `link`.
    pub fn target(&self, link: usize) -> Option<NodeId> {
        self.links.get(link).map(|l| l.to)
    }

    pub fn name(&self, n: NodeId) -> &str {
        self.names
            .get(n.0 as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// Resolves a fault by component names.
    pub fn resolve(&self, fault: &Fault) -> Result<Act, String> {
        let node = |name: &str| {
            self.names
                .iter()
                .position(|n| n == name)
                .map(|i| NodeId(i as u32))
                .ok_or_else(|| msg::FAULT_NOT_COMPONENT.with(&[("name", &name)]))
        };
        let link = |a: &str, b: &str| -> Result<usize, String> {
            let (a, b) = (node(a)?, node(b)?);
            self.link_between(a, b)
                .or_else(|| self.link_between(b, a))
                .ok_or_else(|| msg::FAULT_NO_LINK.with(&[("from", &self.name(a)), ("to", &self.name(b))]))
        };
        Ok(match fault {
            Fault::Crash { target } => Act::Crash(node(target)?),
            Fault::Restart { target } => Act::Restart(node(target)?),
            Fault::Slow { target, factor } => {
                if !(factor.is_finite() && *factor > 0.0 && *factor <= 1000.0) {
                    return Err(msg::FAULT_FACTOR_RANGE.with(&[("value", factor)]));
                }
                Act::Slow(node(target)?, *factor)
            }
            Fault::ErrorRate { target, rate } => {
                if !(0.0..=1.0).contains(rate) {
                    return Err(msg::FAULT_RATE_RANGE.with(&[("value", rate)]));
                }
                Act::Errors(node(target)?, Some(*rate))
            }
            Fault::Cut { from, to } => Act::Cut(link(from, to)?),
            Fault::Repair { from, to } => Act::Repair(link(from, to)?),
        })
    }
}
