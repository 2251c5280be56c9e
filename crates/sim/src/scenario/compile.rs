//! Validation: turns a [`Scenario`] into the engine's [`Topology`] or says exactly what is
//! wrong and where. Every rule the engine relies on is checked here, so the engine itself
//! never has to panic on input.

use core::fmt;

use petgraph::graph::{DiGraph, NodeIndex};

pub(crate) use super::rules::{
    EventBusC, InstanceC, RegistryC, StateMachineC, StreamC, TopicRulesC,
};
use super::*;
use crate::engine::dist::{to_time, Sampler};
use crate::step::{NodeId, Time};

/// Where in a scenario a problem is. The TOML front end turns this into a line number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Where {
    Scenario,
    Component(String),
    /// Index into `links` (0-based).
    Link(usize),
    Parameter(usize),
    Fault(usize),
    Bounds,
}

/// A scenario the engine refuses, with the place and a plain-language reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioError {
    pub place: Where,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Where::Scenario => write!(f, "{}", self.message),
            Where::Component(n) => write!(f, "component `{n}`: {}", self.message),
            Where::Link(i) => write!(f, "link {}: {}", i + 1, self.message),
            Where::Parameter(i) => write!(f, "parameter {}: {}", i + 1, self.message),
            Where::Fault(i) => write!(f, "fault {}: {}", i + 1, self.message),
            Where::Bounds => write!(f, "bounds: {}", self.message),
        }
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn err<T>(place: Where, message: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError {
        place,
        message: message.into(),
    })
}

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

#[derive(Clone, Debug)]
pub(crate) enum WorkloadC {
    List(Vec<Time>),
    Constant {
        start: Time,
        period: f64,
        count: u32,
    },
    Poisson {
        start: Time,
        mean_gap: f64,
        count: u32,
    },
    Burst {
        size: u32,
        at: Time,
        bursts: u32,
        every: Time,
    },
}

impl WorkloadC {
    pub fn total(&self) -> u32 {
        match self {
            WorkloadC::List(v) => v.len() as u32,
            WorkloadC::Constant { count, .. } | WorkloadC::Poisson { count, .. } => *count,
            WorkloadC::Burst { size, bursts, .. } => size.saturating_mul(*bursts),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ClientC {
    pub op: u16,
    pub workload: WorkloadC,
    pub timeout: Time,
    pub retries: u32,
    pub backoff_base: f64,
    pub backoff_max: f64,
    pub jitter: bool,
    pub groups: u32,
    pub poll: Option<PollC>,
    pub link: usize,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PollC {
    pub op: u16,
    pub interval: Time,
    pub max_polls: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct RouteC {
    pub op: u16,
    pub link: usize,
    pub ttl: Time,
    pub accepted: bool,
    /// The target is a function: a Lambda integration, whose refusals the gateway answers
    /// as its own internal error.
    pub lambda: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct GatewayC {
    pub routes: Vec<RouteC>,
    /// Tokens per microsecond.
    pub rate: Option<f64>,
    pub burst: f64,
    pub timeout: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct FunctionC {
    pub concurrency: u32,
    pub duration: Sampler,
    pub error_rate: f64,
    pub timeout: Time,
    pub memory_gb: f64,
    pub max_retries: u32,
    pub retry_delay: Time,
    pub max_age: Time,
    pub on_failure: Option<NodeId>,
    pub decline_rate: f64,
    pub crash_rate: f64,
    /// The component after whose answer the process may crash.
    pub crash_after: Option<NodeId>,
    pub price_gb_s: f64,
    pub price_request: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct QueueC {
    pub fifo: bool,
    pub visibility: Time,
    pub max_receives: Option<u32>,
    pub dead_letter: Option<NodeId>,
    pub retention: Time,
    pub delay: Time,
    pub batch: u32,
    pub wait: Time,
    pub consumers: u32,
    pub dedup: Time,
    pub duplicate_rate: f64,
    pub reorder_rate: f64,
    pub consumer_link: Option<usize>,
}

#[derive(Clone, Debug)]
pub(crate) struct TopicC {
    pub retries: u32,
    pub delay: Time,
    pub timeout: Time,
    /// Messages and subscription filter policies.
    pub rules: TopicRulesC,
}

#[derive(Clone, Debug)]
pub(crate) struct BreakerC {
    pub threshold: u32,
    pub window: Time,
    pub open: Time,
    pub trials: u32,
    pub max_outstanding: Option<u32>,
    pub timeout: Time,
    pub link: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct StoreC {
    pub latency: Sampler,
    pub connections: Option<u32>,
    pub error_rate: f64,
    pub outbox: Option<OutboxC>,
}

/// A store's transactional outbox and its message relay.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OutboxC {
    /// The link the relay publishes on.
    pub link: usize,
    /// How often the relay polls the outbox table.
    pub interval: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct CacheC {
    pub ttl: Time,
    pub timeout: Time,
    pub link: usize,
}

/// A component's validated configuration, in engine units (microseconds).
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Client(ClientC),
    Gateway(GatewayC),
    Function(FunctionC),
    Queue(QueueC),
    Topic(TopicC),
    Breaker(BreakerC),
    Store(StoreC),
    Cache(CacheC),
    EventBus(EventBusC),
    StateMachine(StateMachineC),
    Stream(StreamC),
    Registry(RegistryC),
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
                .ok_or_else(|| format!("`{name}` is not a component"))
        };
        let link = |a: &str, b: &str| -> Result<usize, String> {
            let (a, b) = (node(a)?, node(b)?);
            self.link_between(a, b)
                .or_else(|| self.link_between(b, a))
                .ok_or_else(|| {
                    format!(
                        "there is no link between `{}` and `{}`",
                        self.name(a),
                        self.name(b)
                    )
                })
        };
        Ok(match fault {
            Fault::Crash { target } => Act::Crash(node(target)?),
            Fault::Restart { target } => Act::Restart(node(target)?),
            Fault::Slow { target, factor } => {
                if !(factor.is_finite() && *factor > 0.0 && *factor <= 1000.0) {
                    return Err(format!("factor must be between 0 and 1000, not {factor}"));
                }
                Act::Slow(node(target)?, *factor)
            }
            Fault::ErrorRate { target, rate } => {
                if !(0.0..=1.0).contains(rate) {
                    return Err(format!("rate must be between 0 and 1, not {rate}"));
                }
                Act::Errors(node(target)?, Some(*rate))
            }
            Fault::Cut { from, to } => Act::Cut(link(from, to)?),
            Fault::Repair { from, to } => Act::Repair(link(from, to)?),
        })
    }
}

/// Turns a fault into the one that undoes it (for `for_ms`).
fn undo(act: Act) -> Act {
    match act {
        Act::Crash(n) => Act::Restart(n),
        Act::Restart(n) => Act::Crash(n),
        Act::Slow(n, _) => Act::Slow(n, 1.0),
        Act::Errors(n, _) => Act::Errors(n, None),
        Act::Cut(l) => Act::Repair(l),
        Act::Repair(l) => Act::Cut(l),
    }
}

/// A number check with the field's name in the message.
struct Check<'a> {
    place: &'a Where,
}

impl Check<'_> {
    fn fail<T>(&self, msg: String) -> Result<T, ScenarioError> {
        err(self.place.clone(), msg)
    }
    /// A duration in milliseconds: finite, not negative, at most `max_ms`.
    fn ms(&self, field: &str, v: f64, max_ms: f64) -> Result<Time, ScenarioError> {
        if !v.is_finite() || v < 0.0 {
            return self.fail(format!(
                "`{field}` must be a duration of 0 ms or more, not {v}"
            ));
        }
        if v > max_ms {
            return self.fail(format!(
                "`{field}` is {v} ms; the largest allowed is {max_ms} ms"
            ));
        }
        Ok(to_time(v * 1000.0))
    }
    fn positive(&self, field: &str, v: f64) -> Result<f64, ScenarioError> {
        if !v.is_finite() || v <= 0.0 {
            return self.fail(format!("`{field}` must be a number above 0, not {v}"));
        }
        Ok(v)
    }
    fn probability(&self, field: &str, v: f64) -> Result<f64, ScenarioError> {
        if !(0.0..=1.0).contains(&v) {
            return self.fail(format!("`{field}` must be between 0 and 1, not {v}"));
        }
        Ok(v)
    }
    fn count(&self, field: &str, v: u32, lo: u32, hi: u32) -> Result<u32, ScenarioError> {
        if v < lo || v > hi {
            return self.fail(format!("`{field}` must be between {lo} and {hi}, not {v}"));
        }
        Ok(v)
    }
    fn dist(&self, field: &str, d: &Dist) -> Result<Sampler, ScenarioError> {
        const DAY: f64 = 86_400_000.0;
        Ok(match *d {
            Dist::Fixed { ms } => Sampler::Fixed(self.ms(field, ms, DAY)? as f64),
            Dist::Uniform { min_ms, max_ms } => {
                let lo = self.ms(field, min_ms, DAY)? as f64;
                let hi = self.ms(field, max_ms, DAY)? as f64;
                if lo > hi {
                    return self.fail(format!(
                        "`{field}`: min_ms {min_ms} is above max_ms {max_ms}"
                    ));
                }
                Sampler::Uniform { lo, hi }
            }
            Dist::Exponential { mean_ms } => Sampler::Exponential {
                mean: self.ms(field, mean_ms, DAY)? as f64,
            },
            Dist::LogNormal { median_ms, sigma } => {
                let median = self.ms(field, median_ms, DAY)? as f64;
                if median <= 0.0 {
                    return self.fail(format!("`{field}`: median_ms must be above 0"));
                }
                if !(0.0..=4.0).contains(&sigma) {
                    return self.fail(format!(
                        "`{field}`: sigma must be between 0 and 4, not {sigma}"
                    ));
                }
                Sampler::LogNormal {
                    mu: libm::log(median),
                    sigma,
                }
            }
        })
    }
}

const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: f64 = 24.0 * HOUR_MS;
const MAX_REQUESTS: u32 = 1_000_000;
/// A run keeps every step (about 56 bytes each, two steps per event), so this bound also
/// keeps a browser tab's memory in check.
const MAX_EVENTS: u64 = 10_000_000;

/// Everything the compile pass needs while it walks the scenario.
struct Ctx<'a> {
    s: &'a Scenario,
    index: std::collections::BTreeMap<&'a str, NodeId>,
    ops: Vec<OpMeta>,
}

impl<'a> Ctx<'a> {
    fn node(&self, place: &Where, field: &str, name: &str) -> Result<NodeId, ScenarioError> {
        match self.index.get(name) {
            Some(&n) => Ok(n),
            None => err(
                place.clone(),
                format!("`{field}` names `{name}`, which is not a component"),
            ),
        }
    }

    fn is_function(&self, node: NodeId) -> bool {
        matches!(
            self.s.components.get(node.0 as usize),
            Some(ComponentSpec::Function(_))
        )
    }

    fn op(&mut self, place: &Where, field: &str, op: &str) -> Result<u16, ScenarioError> {
        if let Some(i) = self.ops.iter().position(|o| o.name == op) {
            return Ok(i as u16);
        }
        let mut parts = op.splitn(2, ' ');
        let method = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("");
        let known = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
        if !known.contains(&method) || !path.starts_with('/') {
            return err(
                place.clone(),
                format!("`{field}` must be a method and a path such as \"POST /payments\", not \"{op}\""),
            );
        }
        if self.ops.len() >= u16::MAX as usize {
            return err(place.clone(), "too many distinct operations");
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
        return err(Where::Scenario, "the scenario needs a `name`");
    }
    if s.components.is_empty() {
        return err(Where::Scenario, "the scenario has no components");
    }
    if s.components.len() > 10_000 || s.links.len() > 100_000 {
        return err(Where::Scenario, "too many components or links");
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
            return err(
                Where::Scenario,
                format!("component {} has an empty `name`", i + 1),
            );
        }
        if cx.index.insert(c.name(), NodeId(i as u32)).is_some() {
            return err(place, "two components have this name");
        }
        graph.add_node(NodeId(i as u32));
    }
    let links = compile_links(&mut cx, &mut graph)?;
    let mut out = vec![Vec::new(); s.components.len()];
    for (i, l) in links.iter().enumerate() {
        if let Some(from) = out.get_mut(l.from.0 as usize) {
            from.push(i);
        }
    }
    check_sync_cycles(s, &graph, &links)?;
    let mut kinds = Vec::with_capacity(s.components.len());
    for ((i, c), out) in s.components.iter().enumerate().zip(&out) {
        kinds.push(compile_component(
            &mut cx,
            NodeId(i as u32),
            c,
            &links,
            out,
        )?);
    }
    let max_time = Check {
        place: &Where::Bounds,
    }
    .ms("max_time_ms", s.bounds.max_time_ms, 30.0 * DAY_MS)?;
    if s.bounds.max_events == 0 || s.bounds.max_events > MAX_EVENTS {
        return err(
            Where::Bounds,
            format!("`max_events` must be between 1 and {MAX_EVENTS}"),
        );
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
    topo.faults = compile_faults(s, &topo)?;
    for (i, p) in s.parameters.iter().enumerate() {
        check_parameter(s, i, p)?;
    }
    Ok(topo)
}

fn compile_links(
    cx: &mut Ctx,
    graph: &mut DiGraph<NodeId, usize>,
) -> Result<Vec<LinkC>, ScenarioError> {
    let mut links = Vec::with_capacity(cx.s.links.len());
    for (i, l) in cx.s.links.iter().enumerate() {
        let place = Where::Link(i);
        let from = cx.node(&place, "from", &l.from)?;
        let to = cx.node(&place, "to", &l.to)?;
        if from == to {
            return err(place, format!("`{}` links to itself", l.from));
        }
        // A function may announce each outcome to the same component on a link of its own.
        if links.iter().any(|o: &LinkC| o.from == from && o.to == to && o.on == l.on) {
            return err(
                place,
                format!("a link from `{}` to `{}` is already declared", l.from, l.to),
            );
        }
        let latency = Check { place: &place }.dist("latency", &l.latency)?;
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
        return err(place.clone(), "`on` applies only to a link from a function");
    }
    if l.mode != Mode::Async {
        return err(
            place.clone(),
            "a function sends after its work only asynchronously; use mode = \"async\" with `on`",
        );
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
        return err(place.clone(), "the link names a component that does not exist");
    };
    let fail = |why: &str| {
        err(
            place.clone(),
            format!(
                "`{}` ({}) -> `{}` ({}): {why}",
                a.name(),
                a.kind(),
                b.name(),
                b.kind()
            ),
        )
    };
    match b {
        ComponentSpec::Client(_) => return fail("nothing can call a client"),
        ComponentSpec::Gateway(_)
        | ComponentSpec::Breaker(_)
        | ComponentSpec::Cache(_)
        | ComponentSpec::Store(_)
        | ComponentSpec::Registry(_)
            if mode == Mode::Async =>
        {
            return fail("this kind only answers synchronous calls; use mode = \"sync\"")
        }
        _ => {}
    }
    match a {
        ComponentSpec::Store(st) if !st.outbox => fail("a store makes no calls (only an outbox's relay publishes)"),
        ComponentSpec::Store(_) if mode == Mode::Sync => {
            fail("an outbox's relay publishes asynchronously; use mode = \"async\"")
        }
        ComponentSpec::Queue(q) if q.consumers == 0 => {
            fail("a queue links to its consumer, but this queue has `consumers = 0`")
        }
        ComponentSpec::Queue(_)
            if !matches!(b, ComponentSpec::Function(_)) || mode == Mode::Async =>
        {
            fail("a queue's consumers invoke a function synchronously")
        }
        ComponentSpec::Gateway(_)
        | ComponentSpec::Breaker(_)
        | ComponentSpec::Cache(_)
        | ComponentSpec::Registry(_)
            if mode == Mode::Async =>
        {
            fail("this kind forwards calls synchronously; use mode = \"sync\"")
        }
        ComponentSpec::EventBus(_) if mode == Mode::Sync => {
            fail("an event bus delivers to its targets asynchronously; use mode = \"async\"")
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
            fail("only a queue, a topic, a function, an event bus, a state machine or a stream can receive an asynchronous message")
        }
        _ => Ok(()),
    }
}

/// A cycle of synchronous calls would wait on itself until every caller times out; it is
/// always a scenario mistake.
fn check_sync_cycles(
    s: &Scenario,
    graph: &DiGraph<NodeId, usize>,
    links: &[LinkC],
) -> Result<(), ScenarioError> {
    let sync = graph.filter_map(|_, n| Some(*n), |_, &e| {
        links.get(e).is_some_and(|l| l.sync).then_some(e)
    });
    if petgraph::algo::is_cyclic_directed(&sync) {
        return err(
            Where::Scenario,
            format!(
                "scenario `{}`: synchronous links form a cycle, so a call would wait on itself",
                s.name
            ),
        );
    }
    Ok(())
}

fn one_link(place: &Where, out: &[usize], what: &str) -> Result<usize, ScenarioError> {
    match out {
        [l] => Ok(*l),
        [] => err(
            place.clone(),
            format!("{what} needs one outgoing link, and has none"),
        ),
        _ => err(
            place.clone(),
            format!(
                "{what} needs exactly one outgoing link, and has {}",
                out.len()
            ),
        ),
    }
}

fn compile_component(
    cx: &mut Ctx,
    me: NodeId,
    c: &ComponentSpec,
    links: &[LinkC],
    out: &[usize],
) -> Result<Kind, ScenarioError> {
    let place = Where::Component(c.name().to_string());
    let ck = Check { place: &place };
    Ok(match c {
        ComponentSpec::Client(c) => {
            let link = one_link(&place, out, "a client")?;
            let poll = match &c.poll {
                Some(p) => Some(PollC {
                    op: cx.op(&place, "poll.op", &p.op)?,
                    interval: ck.ms("poll.interval_ms", p.interval_ms, HOUR_MS)?,
                    max_polls: ck.count("poll.max_polls", p.max_polls, 1, 10_000)?,
                }),
                None => None,
            };
            Kind::Client(ClientC {
                op: cx.op(&place, "op", &c.op)?,
                workload: compile_workload(&ck, &c.workload)?,
                timeout: to_time(ck.positive("timeout_ms", c.timeout_ms)?.min(DAY_MS) * 1000.0),
                retries: ck.count("retries", c.retries, 0, 100)?,
                backoff_base: ck.ms("backoff_base_ms", c.backoff_base_ms, HOUR_MS)? as f64,
                backoff_max: ck.ms("backoff_max_ms", c.backoff_max_ms, HOUR_MS)? as f64,
                jitter: c.jitter,
                groups: ck.count("groups", c.groups, 1, 65_535)?,
                poll,
                link,
            })
        }
        ComponentSpec::Gateway(g) => {
            let mut routes = Vec::new();
            for r in &g.routes {
                let target = cx.node(&place, "routes.target", &r.target)?;
                let Some(link) = out_link_to(links, out, target) else {
                    return err(
                        place,
                        format!(
                            "route `{}` targets `{}`, but no link goes there from this gateway",
                            r.op, r.target
                        ),
                    );
                };
                routes.push(RouteC {
                    op: cx.op(&place, "routes.op", &r.op)?,
                    link,
                    ttl: ck.ms("routes.cache_ttl_ms", r.cache_ttl_ms, HOUR_MS)?,
                    accepted: r.accepted,
                    lambda: cx.is_function(target) && !r.http_integration,
                });
            }
            Kind::Gateway(GatewayC {
                routes,
                rate: match g.rate_per_s {
                    Some(r) => Some(ck.positive("rate_per_s", r)? / 1e6),
                    None => None,
                },
                burst: ck.positive("burst", g.burst)?.max(1.0),
                timeout: ck
                    .ms("integration_timeout_ms", g.integration_timeout_ms, HOUR_MS)?
                    .max(1),
            })
        }
        ComponentSpec::Function(f) => Kind::Function(FunctionC {
            concurrency: ck.count("concurrency", f.concurrency, 1, 100_000)?,
            duration: ck.dist("duration", &f.duration)?,
            error_rate: ck.probability("error_rate", f.error_rate)?,
            timeout: ck.ms("timeout_ms", f.timeout_ms, 900_000.0)?.max(1),
            memory_gb: ck.positive("memory_mb", f.memory_mb)? / 1024.0,
            max_retries: ck.count("max_retries", f.max_retries, 0, 2)?,
            retry_delay: ck.ms("retry_delay_ms", f.retry_delay_ms, HOUR_MS)?,
            max_age: ck.ms("max_event_age_ms", f.max_event_age_ms, 6.0 * HOUR_MS)?,
            on_failure: match &f.on_failure {
                Some(q) => {
                    let n = cx.node(&place, "on_failure", q)?;
                    if !matches!(cx.s.components.get(n.0 as usize), Some(ComponentSpec::Queue(_))) {
                        return err(
                            place,
                            format!("`on_failure` must name a queue; `{q}` is not one"),
                        );
                    }
                    Some(n)
                }
                None => None,
            },
            decline_rate: ck.probability("decline_rate", f.decline_rate)?,
            crash_rate: ck.probability("crash_rate", f.crash_rate)?,
            crash_after: crash_after(cx, &place, f, links, out)?,
            price_gb_s: non_negative(&ck, "price_per_gb_s", f.price_per_gb_s)?,
            price_request: non_negative(
                &ck,
                "price_per_million_requests",
                f.price_per_million_requests,
            )? / 1e6,
        }),
        ComponentSpec::Queue(q) => compile_queue(cx, me, &place, q, out)?,
        ComponentSpec::Topic(t) => Kind::Topic(TopicC {
            retries: ck.count("http_retries", t.http_retries, 0, 100)?,
            delay: ck.ms("http_retry_delay_ms", t.http_retry_delay_ms, HOUR_MS)?,
            timeout: ck.ms("http_timeout_ms", t.http_timeout_ms, HOUR_MS)?.max(1),
            rules: super::rules::topic(&place, t, &cx.index, links, out)?,
        }),
        ComponentSpec::Breaker(b) => Kind::Breaker(BreakerC {
            threshold: ck.count("failure_threshold", b.failure_threshold, 1, 1_000_000)?,
            window: ck.ms("window_ms", b.window_ms, DAY_MS)?,
            open: ck.ms("open_ms", b.open_ms, DAY_MS)?,
            trials: ck.count("half_open_trials", b.half_open_trials, 1, 1_000_000)?,
            max_outstanding: match b.max_outstanding {
                Some(m) => Some(ck.count("max_outstanding", m, 1, 1_000_000)?),
                None => None,
            },
            timeout: ck.ms("timeout_ms", b.timeout_ms, HOUR_MS)?.max(1),
            link: one_link(&place, out, "a breaker")?,
        }),
        ComponentSpec::Store(st) => Kind::Store(StoreC {
            latency: ck.dist("latency", &st.latency)?,
            connections: match st.connections {
                Some(c) => Some(ck.count("connections", c, 1, 1_000_000)?),
                None => None,
            },
            error_rate: ck.probability("error_rate", st.error_rate)?,
            outbox: if st.outbox {
                Some(OutboxC {
                    link: one_link(&place, out, "a store with an outbox")?,
                    interval: ck.ms("relay_interval_ms", st.relay_interval_ms, HOUR_MS)?.max(1),
                })
            } else {
                None
            },
        }),
        ComponentSpec::Cache(c) => Kind::Cache(CacheC {
            ttl: ck.ms("ttl_ms", c.ttl_ms, DAY_MS)?,
            timeout: ck.ms("timeout_ms", c.timeout_ms, HOUR_MS)?.max(1),
            link: one_link(&place, out, "a cache")?,
        }),
        ComponentSpec::EventBus(b) => {
            let mut ops = Vec::with_capacity(b.op_events.len());
            for e in &b.op_events {
                ops.push(cx.op(&place, "op_event.op", &e.op)?);
            }
            Kind::EventBus(super::rules::event_bus(&place, b, &ops, &cx.index, links, out)?)
        }
        ComponentSpec::StateMachine(m) => Kind::StateMachine(super::rules::state_machine(
            &place, m, &cx.index, links, out,
        )?),
        ComponentSpec::Registry(r) => {
            let mut instances = Vec::new();
            for inst in &r.instances {
                let node = cx.node(&place, "instance.name", &inst.name)?;
                let Some(link) = out_link_to(links, out, node) else {
                    return err(
                        place,
                        format!("instance `{}` has no link from this registry", inst.name),
                    );
                };
                if instances.iter().any(|x: &InstanceC| x.node == node) {
                    return err(place, format!("instance `{}` is listed twice", inst.name));
                }
                instances.push(InstanceC {
                    name: inst.name.clone(),
                    node,
                    link,
                    register_at: ck.ms(
                        "instance.register_at_ms",
                        inst.register_at_ms,
                        30.0 * DAY_MS,
                    )?,
                    deregister_at: match inst.deregister_at_ms {
                        Some(t) => Some(ck.ms("instance.deregister_at_ms", t, 30.0 * DAY_MS)?),
                        None => None,
                    },
                });
            }
            if instances.is_empty() || instances.len() > 1000 {
                return err(place, "a registry needs 1 to 1000 instances");
            }
            Kind::Registry(RegistryC {
                instances,
                heartbeat: ck.ms("heartbeat_ms", r.heartbeat_ms, HOUR_MS)?.max(1000),
                ttl: ck.ms("ttl_ms", r.ttl_ms, DAY_MS)?,
                check_every: ck
                    .ms("check_interval_ms", r.check_interval_ms, HOUR_MS)?
                    .max(1000),
                client_side: r.discovery == Discovery::ClientSide,
                client_cache: ck.ms("client_cache_ms", r.client_cache_ms, HOUR_MS)?,
                random: r.balance == Balance::Random,
                timeout: ck.ms("timeout_ms", r.timeout_ms, HOUR_MS)?.max(1),
            })
        }
        ComponentSpec::Stream(st) => Kind::Stream(StreamC {
            shards: ck.count("shards", st.shards, 1, 500)?,
            batch: ck.count("batch_size", st.batch_size, 1, 10_000)?,
            max_age: {
                let retention = ck.ms("retention_ms", st.retention_ms, 365.0 * DAY_MS)?;
                match st.max_record_age_ms {
                    Some(a) => ck.ms("max_record_age_ms", a, 7.0 * DAY_MS)?.min(retention),
                    None => retention,
                }
            },
            max_retries: match st.max_retry_attempts {
                Some(m) => Some(ck.count("max_retry_attempts", m, 0, 10_000)?),
                None => None,
            },
            retry_delay: ck.ms("retry_delay_ms", st.retry_delay_ms, HOUR_MS)?,
            timeout: ck.ms("timeout_ms", st.timeout_ms, 900_000.0)?.max(1),
            link: {
                let l = one_link(&place, out, "a stream")?;
                if !links.get(l).is_some_and(|l| l.sync) {
                    return err(
                        place,
                        "a stream invokes its consumer synchronously; use mode = \"sync\"",
                    );
                }
                l
            },
        }),
    })
}

/// The crash point of a function: a component it calls synchronously before its own work.
fn crash_after(
    cx: &Ctx,
    place: &Where,
    f: &FunctionSpec,
    links: &[LinkC],
    out: &[usize],
) -> Result<Option<NodeId>, ScenarioError> {
    let Some(name) = &f.crash_after else {
        if f.crash_rate > 0.0 {
            return err(place.clone(), "`crash_rate` needs `crash_after`, the call after which the process dies");
        }
        return Ok(None);
    };
    let node = cx.node(place, "crash_after", name)?;
    let called = out_link_to(links, out, node)
        .and_then(|l| links.get(l))
        .is_some_and(|l| l.sync && l.on == SendOn::Invoke);
    if !called {
        return err(
            place.clone(),
            format!("`crash_after` must name a component this function calls synchronously; `{name}` is not one"),
        );
    }
    Ok(Some(node))
}

fn non_negative(ck: &Check, field: &str, v: f64) -> Result<f64, ScenarioError> {
    if !v.is_finite() || v < 0.0 {
        return ck.fail(format!("`{field}` must be 0 or more, not {v}"));
    }
    Ok(v)
}

fn compile_queue(
    cx: &mut Ctx,
    me: NodeId,
    place: &Where,
    q: &QueueSpec,
    out: &[usize],
) -> Result<Kind, ScenarioError> {
    let ck = Check { place };
    let dead_letter = match &q.dead_letter {
        Some(d) => {
            let n = cx.node(place, "dead_letter", d)?;
            match cx.s.components.get(n.0 as usize) {
                Some(ComponentSpec::Queue(dlq)) if n != me && dlq.consumers == 0 => Some(n),
                Some(ComponentSpec::Queue(_)) if n != me => {
                    return err(place.clone(), format!("dead-letter queue `{d}` must have `consumers = 0`: in this simulation a dead-letter queue only keeps messages for an operator"))
                }
                _ => return err(place.clone(), format!("`dead_letter` must name another queue; `{d}` is not one")),
            }
        }
        None => None,
    };
    let max_receives = match q.max_receive_count {
        Some(m) => Some(ck.count("max_receive_count", m, 1, 1000)?),
        None => None,
    };
    if max_receives.is_some() != dead_letter.is_some() {
        return err(
            place.clone(),
            "a redrive policy needs both `max_receive_count` and `dead_letter`",
        );
    }
    let consumers = ck.count("consumers", q.consumers, 0, 10_000)?;
    let duplicate_rate = ck.probability("duplicate_rate", q.duplicate_rate)?;
    let reorder_rate = ck.probability("reorder_rate", q.reorder_rate)?;
    if q.fifo && (duplicate_rate > 0.0 || reorder_rate > 0.0) {
        return err(
            place.clone(),
            "a FIFO queue delivers in order and exactly once: `duplicate_rate` and `reorder_rate` apply only to a standard queue",
        );
    }
    let consumer_link = if consumers > 0 {
        Some(one_link(place, out, "a queue with consumers")?)
    } else {
        None
    };
    Ok(Kind::Queue(QueueC {
        fifo: q.fifo,
        visibility: ck.ms(
            "visibility_timeout_ms",
            q.visibility_timeout_ms,
            12.0 * HOUR_MS,
        )?,
        max_receives,
        dead_letter,
        retention: retention(&ck, q.retention_ms)?,
        delay: ck.ms("delay_ms", q.delay_ms, 900_000.0)?,
        batch: ck.count("batch_size", q.batch_size, 1, 10)?,
        wait: ck.ms("wait_time_ms", q.wait_time_ms, 20_000.0)?,
        consumers,
        dedup: ck.ms("dedup_window_ms", q.dedup_window_ms, DAY_MS)?,
        duplicate_rate,
        reorder_rate,
        consumer_link,
    }))
}

/// SQS keeps messages from 60 seconds to 14 days.
fn retention(ck: &Check, ms: f64) -> Result<Time, ScenarioError> {
    if ms < 60_000.0 {
        return ck.fail(format!(
            "`retention_ms` must be at least 60000 (one minute, as in SQS), not {ms}"
        ));
    }
    ck.ms("retention_ms", ms, 14.0 * DAY_MS)
}

fn compile_workload(ck: &Check, w: &Workload) -> Result<WorkloadC, ScenarioError> {
    let wc = match w {
        Workload::List { at_ms } => {
            let mut v = Vec::with_capacity(at_ms.len());
            for &t in at_ms {
                v.push(ck.ms("workload.at_ms", t, 30.0 * DAY_MS)?);
            }
            v.sort_unstable();
            WorkloadC::List(v)
        }
        Workload::Constant {
            rate_per_s,
            count,
            start_ms,
        } => WorkloadC::Constant {
            start: ck.ms("workload.start_ms", *start_ms, 30.0 * DAY_MS)?,
            period: 1e6 / ck.positive("workload.rate_per_s", *rate_per_s)?,
            count: *count,
        },
        Workload::Poisson {
            rate_per_s,
            count,
            start_ms,
        } => WorkloadC::Poisson {
            start: ck.ms("workload.start_ms", *start_ms, 30.0 * DAY_MS)?,
            mean_gap: 1e6 / ck.positive("workload.rate_per_s", *rate_per_s)?,
            count: *count,
        },
        Workload::Burst {
            size,
            at_ms,
            bursts,
            every_ms,
        } => WorkloadC::Burst {
            size: *size,
            at: ck.ms("workload.at_ms", *at_ms, 30.0 * DAY_MS)?,
            bursts: *bursts,
            every: ck.ms("workload.every_ms", *every_ms, 30.0 * DAY_MS)?,
        },
    };
    if wc.total() > MAX_REQUESTS {
        return ck.fail(format!(
            "the workload makes {} requests; the most allowed is {MAX_REQUESTS}",
            wc.total()
        ));
    }
    Ok(wc)
}

fn compile_faults(s: &Scenario, topo: &Topology) -> Result<Vec<(Time, Act)>, ScenarioError> {
    let mut faults = Vec::new();
    for (i, f) in s.faults.iter().enumerate() {
        let place = Where::Fault(i);
        let ck = Check { place: &place };
        let at = ck.ms("at_ms", f.at_ms, 30.0 * DAY_MS)?;
        let act = topo.resolve(&f.fault).or_else(|m| err(place.clone(), m))?;
        faults.push((at, act));
        if let Some(d) = f.for_ms {
            faults.push((
                at.saturating_add(ck.ms("for_ms", d, 30.0 * DAY_MS)?),
                undo(act),
            ));
        }
    }
    // Stable sort: faults at the same instant keep their written order.
    faults.sort_by_key(|(t, _)| *t);
    Ok(faults)
}

fn check_parameter(s: &Scenario, i: usize, p: &Parameter) -> Result<(), ScenarioError> {
    let place = Where::Parameter(i);
    if p.name.trim().is_empty() {
        return err(place, "the parameter needs a `name`");
    }
    if !(p.min.is_finite() && p.max.is_finite() && p.min <= p.max) {
        return err(
            place,
            format!("`min` ({}) must not be above `max` ({})", p.min, p.max),
        );
    }
    if let Err(m) = s.parameter_value(&p.target) {
        return err(place, m);
    }
    Ok(())
}
