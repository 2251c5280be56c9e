//! Links: who may call whom, and how; each link's latency and operation.

use lab_i18n::{scenario as msg, Msg};
use petgraph::graph::{DiGraph, NodeIndex};

use super::check::Check;
use super::compile::Ctx;
use super::error::{err, ScenarioError, Where};
use super::topology::LinkC;
use super::{ComponentSpec, LinkSpec, Mode, Scenario, SendOn};
use crate::step::NodeId;

pub(crate) fn compile_links(
    cx: &mut Ctx,
    graph: &mut DiGraph<NodeId, usize>,
) -> Result<Vec<LinkC>, ScenarioError> {
    let mut links = Vec::with_capacity(cx.s.links.len());
    for (i, l) in cx.s.links.iter().enumerate() {
        let place = Where::Link(i);
        let from = cx.node(&place, "from", &l.from)?;
        let to = cx.node(&place, "to", &l.to)?;
        if from == to {
            return err(place, msg::LINKS_TO_ITSELF.with(&[("name", &l.from)]));
        }
        // A function may announce each outcome to the same component on a link of its own.
        if links.iter().any(|o: &LinkC| o.from == from && o.to == to && o.on == l.on) {
            return err(place, msg::LINK_DECLARED_TWICE.with(&[("from", &l.from), ("to", &l.to)]));
        }
        let latency = Check::new(place.clone()).dist("latency", &l.latency)?;
        let default_op = format!("POST /{}", l.to);
        let op = cx.op(&place, "op", l.op.as_deref().unwrap_or(&default_op))?;
        check_link_kinds(cx.s, &place, from, to, l.mode)?;
        check_send_on(cx.s, &place, from, l)?;
        graph.add_edge(
            NodeIndex::new(from.0 as usize),
            NodeIndex::new(to.0 as usize),
            i,
        );
        links.push(LinkC {
            from,
            to,
            latency,
            sync: l.mode == Mode::Sync,
            op,
            on: l.on,
        });
    }
    Ok(links)
}

/// `on = "success"` or `"declined"` is a function's message after its work, which nobody
/// waits for.
fn check_send_on(s: &Scenario, place: &Where, from: NodeId, l: &LinkSpec) -> Result<(), ScenarioError> {
    if l.on == SendOn::Invoke {
        return Ok(());
    }
    if !matches!(s.components.get(from.0 as usize), Some(ComponentSpec::Function(_))) {
        return err(place.clone(), msg::ON_NEEDS_FUNCTION.text());
    }
    if l.mode != Mode::Async {
        return err(place.clone(), msg::ON_NEEDS_ASYNC.text());
    }
    Ok(())
}

/// Which component may call which, and how.
fn check_link_kinds(
    s: &Scenario,
    place: &Where,
    from: NodeId,
    to: NodeId,
    mode: Mode,
) -> Result<(), ScenarioError> {
    let (Some(a), Some(b)) = (s.components.get(from.0 as usize), s.components.get(to.0 as usize)) else {
        return err(place.clone(), msg::LINK_NAMES_NOTHING.text());
    };
    let fail = |why: Msg| {
        err(place.clone(), msg::LINK_KINDS.with(&[("from", &a.name()), ("from_kind", &a.kind()), ("to", &b.name()), ("to_kind", &b.kind()), ("why", &why.text())]))
    };
    match b {
        ComponentSpec::Client(_) => return fail(msg::LINK_CALLS_CLIENT),
        ComponentSpec::Gateway(_)
        | ComponentSpec::Breaker(_)
        | ComponentSpec::Cache(_)
        | ComponentSpec::Store(_)
        | ComponentSpec::Registry(_)
            if mode == Mode::Async =>
        {
            return fail(msg::LINK_ANSWERS_SYNC_ONLY)
        }
        _ => {}
    }
    match a {
        ComponentSpec::Store(st) if !st.outbox => fail(msg::LINK_STORE_MAKES_NO_CALLS),
        ComponentSpec::Store(_) if mode == Mode::Sync => {
            fail(msg::LINK_RELAY_ASYNC)
        }
        ComponentSpec::Queue(q) if q.consumers == 0 => {
            fail(msg::LINK_QUEUE_WITHOUT_CONSUMERS)
        }
        ComponentSpec::Queue(_)
            if !matches!(b, ComponentSpec::Function(_)) || mode == Mode::Async =>
        {
            fail(msg::LINK_QUEUE_INVOKES_FUNCTION)
        }
        ComponentSpec::Gateway(_)
        | ComponentSpec::Breaker(_)
        | ComponentSpec::Cache(_)
        | ComponentSpec::Registry(_)
            if mode == Mode::Async =>
        {
            fail(msg::LINK_FORWARDS_SYNC)
        }
        ComponentSpec::EventBus(_) if mode == Mode::Sync => {
            fail(msg::LINK_BUS_DELIVERS_ASYNC)
        }
        ComponentSpec::Client(_)
        | ComponentSpec::Store(_)
        | ComponentSpec::Topic(_)
        | ComponentSpec::EventBus(_)
        | ComponentSpec::StateMachine(_)
            if mode == Mode::Async
                && !matches!(
                    b,
                    ComponentSpec::Queue(_)
                        | ComponentSpec::Topic(_)
                        | ComponentSpec::Function(_)
                        | ComponentSpec::EventBus(_)
                        | ComponentSpec::StateMachine(_)
                        | ComponentSpec::Stream(_)
                ) =>
        {
            fail(msg::LINK_ASYNC_RECEIVERS)
        }
        _ => Ok(()),
    }
}

/// A cycle of synchronous calls would wait on itself until every caller times out; it is
/// always a scenario mistake.
pub(crate) fn check_sync_cycles(
    s: &Scenario,
    graph: &DiGraph<NodeId, usize>,
    links: &[LinkC],
) -> Result<(), ScenarioError> {
    let sync = graph.filter_map(|_, n| Some(*n), |_, &e| {
        links.get(e).is_some_and(|l| l.sync).then_some(e)
    });
    if petgraph::algo::is_cyclic_directed(&sync) {
        return err(Where::Scenario, msg::SYNC_CYCLE.with(&[("name", &s.name)]));
    }
    Ok(())
}
