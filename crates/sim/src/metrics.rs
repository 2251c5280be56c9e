//! Metrics, computed from the recorded steps alone (so every figure the app shows is
//! measured from the run, and the metrics of a replayed run are the same by construction).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::id_map::IdMap;
use crate::scenario::{Kind, Topology};
use crate::step::{MsgId, NodeId, Payload, Step, StepKind, Terminal, Time};
use crate::tally::{Bits, Tally};

/// Points in each time series.
const SAMPLES: usize = 60;

/// A distribution summary in milliseconds (nearest-rank percentiles).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub count: u64,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    fn of(mut us: Vec<Time>) -> Self {
        if us.is_empty() {
            return Percentiles::default();
        }
        us.sort_unstable();
        let n = us.len();
        let at = |i: usize| us.get(i).map_or(0.0, |&v| v as f64 / 1000.0);
        let rank = |p: f64| at(((p * n as f64).ceil() as usize).clamp(1, n) - 1);
        Percentiles {
            count: n as u64,
            mean: us.iter().map(|&v| v as f64).sum::<f64>() / n as f64 / 1000.0,
            p50: rank(0.50),
            p95: rank(0.95),
            p99: rank(0.99),
            max: at(n - 1),
        }
    }
}

/// How every message created in the run ended. `created` equals the sum of the others.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conservation {
    pub created: u64,
    pub consumed: u64,
    pub dead_lettered: u64,
    pub rejected: u64,
    pub expired: u64,
    pub dropped_by_fault: u64,
    pub failed: u64,
    pub in_flight_at_end: u64,
}

impl Conservation {
    pub fn ended(&self) -> u64 {
        self.consumed
            + self.dead_lettered
            + self.rejected
            + self.expired
            + self.dropped_by_fault
            + self.failed
    }

    /// Every message is accounted for exactly once.
    pub fn holds(&self) -> bool {
        self.created == self.ended() + self.in_flight_at_end
    }

    fn add(&mut self, t: Terminal) {
        match t {
            Terminal::Consumed => self.consumed += 1,
            Terminal::DeadLettered => self.dead_lettered += 1,
            Terminal::Rejected => self.rejected += 1,
            Terminal::Expired => self.expired += 1,
            Terminal::DroppedByFault => self.dropped_by_fault += 1,
            Terminal::Failed => self.failed += 1,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueSample {
    pub t_ms: f64,
    pub visible: u64,
    pub in_flight: u64,
    pub dead_letters: u64,
    /// Age of the oldest visible message.
    pub oldest_age_ms: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueMetrics {
    pub name: String,
    pub enqueued: u64,
    pub deleted: u64,
    pub redriven: u64,
    pub expired: u64,
    pub dead_letters: u64,
    pub max_depth: u64,
    /// Mean time from arrival to first delivery (the queueing delay, "Wq").
    pub mean_wait_ms: f64,
    /// Time-average number of messages stored, visible or in flight ("L").
    pub mean_depth: f64,
    /// Arrivals per second over the run ("lambda").
    pub arrival_rate_per_s: f64,
    /// Mean time from arrival to leaving the queue, for messages that left ("W").
    pub mean_time_in_queue_ms: f64,
    /// Deliveries to the consumers of a request they had already received.
    pub duplicate_deliveries: u64,
    /// First deliveries of a request after a later request of the same sender and message
    /// group had been delivered (the consumers see it out of order).
    pub out_of_order_deliveries: u64,
    pub series: Vec<QueueSample>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteMetrics {
    pub gateway: String,
    pub op: String,
    /// API Gateway's Count.
    pub count: u64,
    /// Latency: request received to answer sent, as API Gateway measures it.
    pub latency_ms: Percentiles,
    /// IntegrationLatency: request to the backend until its answer.
    pub integration_latency_ms: Percentiles,
    pub status_4xx: u64,
    pub status_5xx: u64,
    pub cache_hits: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionMetrics {
    pub name: String,
    pub invocations: u64,
    pub errors: u64,
    pub timeouts: u64,
    pub throttles: u64,
    pub peak_concurrency: u64,
    /// Invocations whose work ended in a business refusal (`decline_rate`).
    pub declined: u64,
    /// Invocations whose process died at the crash point (`crash_rate`).
    pub crashed: u64,
    pub billed_ms: f64,
    pub cost_usd: f64,
}

/// A store: the changes it committed and what its outbox relay published.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreMetrics {
    pub name: String,
    /// Successful writes to a route with `{id}`.
    pub writes: u64,
    /// Outbox rows the relay published.
    pub relayed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub t_ms: f64,
    pub value: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub duration_ms: f64,
    /// Client requests started.
    pub requests: u64,
    pub answered_ok: u64,
    pub answered_error: u64,
    /// Latency each caller saw, from its first attempt to the answer it acted on.
    pub caller_latency_ms: Percentiles,
    /// From a request's first attempt until the last message it caused ended.
    pub end_to_end_ms: Percentiles,
    /// Successful answers per second.
    pub throughput_per_s: f64,
    /// Messages consumed per second.
    pub consumed_per_s: f64,
    /// Failed answers by kind ("timeout", "429", "5xx", "4xx") and component-level error
    /// events ("throttled", "short_circuited", "function_error", ...).
    pub errors: BTreeMap<String, u64>,
    pub retries: u64,
    pub dead_lettered: u64,
    /// Deliveries from a queue beyond the first for the same request.
    pub duplicate_deliveries: u64,
    pub billed_ms: f64,
    pub cost_usd: f64,
    pub outcomes: Conservation,
    pub in_flight: Vec<Sample>,
    pub queues: Vec<QueueMetrics>,
    pub routes: Vec<RouteMetrics>,
    pub functions: Vec<FunctionMetrics>,
    pub streams: Vec<StreamMetrics>,
    pub stores: Vec<StoreMetrics>,
}

/// A Kinesis-like stream: records in and out, and the iterator age (how old the oldest
/// record of each batch read was), the metric that shows a blocked shard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamMetrics {
    pub name: String,
    pub records: u64,
    pub checkpointed: u64,
    pub expired: u64,
    pub discarded: u64,
    pub batches: u64,
    pub retries: u64,
    pub max_iterator_age_ms: f64,
    /// The largest iterator age read in each of 60 equal slices of the run (0: no read).
    pub iterator_age_ms: Vec<StreamSample>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamSample {
    /// End of the slice.
    pub t_ms: f64,
    pub iterator_age_ms: f64,
}

/// Stream metrics in a pass of their own, taken only when the scenario has a stream.
fn stream_metrics(topo: &Topology, steps: &[Step], end: Time) -> Vec<StreamMetrics> {
    let mut out: IdMap<NodeId, StreamMetrics> = IdMap::default();
    for (i, k) in topo.kinds.iter().enumerate() {
        if let Kind::Stream(_) = k {
            let slice = |j: usize| end * (j as u64 + 1) / SAMPLES as u64;
            out.insert(
                NodeId(i as u32),
                StreamMetrics {
                    name: topo.name(NodeId(i as u32)).to_string(),
                    iterator_age_ms: (0..SAMPLES)
                        .map(|j| StreamSample {
                            t_ms: ms(slice(j)),
                            iterator_age_ms: 0.0,
                        })
                        .collect(),
                    ..Default::default()
                },
            );
        }
    }
    if out.is_empty() {
        return Vec::new();
    }
    for s in steps {
        let Some(m) = out.get_mut(&s.node) else {
            continue;
        };
        match s.kind {
            StepKind::AppendedToShard => m.records += 1,
            StepKind::Checkpointed => m.checkpointed += 1,
            StepKind::Expired => m.expired += 1,
            StepKind::Discarded => m.discarded += 1,
            StepKind::Retried => m.retries += 1,
            StepKind::ShardRead => {
                m.batches += 1;
                let age = ms(s.detail);
                m.max_iterator_age_ms = m.max_iterator_age_ms.max(age);
                let j = if end == 0 {
                    0
                } else {
                    ((s.time as u128 * SAMPLES as u128) / end as u128) as usize
                };
                if let Some(b) = m.iterator_age_ms.get_mut(j.min(SAMPLES - 1)) {
                    b.iterator_age_ms = b.iterator_age_ms.max(age);
                }
            }
            _ => {}
        }
    }
    out.into_values().collect()
}

/// Counts a step at a store: a successful write (the reply to a request on a route with
/// `{id}`) or an outbox row published.
fn fold_store(m: &mut StoreMetrics, topo: &Topology, s: &Step) {
    match (s.kind, s.payload) {
        (StepKind::Sent, Payload::Reply { status })
            if (200..300).contains(&status) && topo.ops.get(s.op as usize).is_some_and(|o| o.keyed && !o.read) =>
        {
            m.writes += 1
        }
        (StepKind::Relayed, _) => m.relayed += 1,
        _ => {}
    }
}

fn ms(us: Time) -> f64 {
    us as f64 / 1000.0
}

/// Running state of one queue while the steps are folded.
#[derive(Default)]
struct QueueFold {
    m: QueueMetrics,
    /// Messages in the queue: (arrival time, in flight, received before).
    enq: IdMap<MsgId, (Time, bool, bool)>,
    visible: BTreeSet<(Time, MsgId)>,
    in_flight: u64,

    waits: (f64, u64),
    stays: (f64, u64),
    area: f64,
    last: Time,
    /// Requests delivered so far, and the latest request delivered per (sender, group).
    delivered: Bits,
    latest: IdMap<(NodeId, u32), u32>,
}

impl QueueFold {
    fn stored(&self) -> u64 {
        self.visible.len() as u64 + self.in_flight
    }

    fn advance(&mut self, t: Time) {
        self.area += self.stored() as f64 * (t - self.last) as f64;
        self.last = t;
    }

    fn sample(&self, t: Time) -> QueueSample {
        QueueSample {
            t_ms: ms(t),
            visible: self.visible.len() as u64,
            in_flight: self.in_flight,
            dead_letters: self.m.dead_letters,
            oldest_age_ms: self.visible.iter().next().map_or(0.0, |&(e, _)| ms(t - e)),
        }
    }

    fn leave(&mut self, s: &Step, msg: MsgId) {
        if let Some((e, flying, _)) = self.enq.remove(&msg) {
            if flying {
                self.in_flight -= 1;
            } else {
                self.visible.remove(&(e, msg));
            }
            self.stays.0 += (s.time - e) as f64;
            self.stays.1 += 1;
        }
    }

    /// What the consumers see of a delivery of request `corr`, whose order key is `key`:
    /// a duplicate, a request overtaken by a later one, or the next in order. Request ids
    /// grow in the order a client sends, so within one sender and group they are the order.
    fn consumer_sees(&mut self, corr: u32, key: (NodeId, u32)) {
        if self.delivered.insert(corr) {
            self.m.duplicate_deliveries += 1;
            return;
        }
        match self.latest.get(&key) {
            Some(&latest) if corr < latest => self.m.out_of_order_deliveries += 1,
            _ => {
                self.latest.insert(key, corr);
            }
        }
    }

    fn apply(&mut self, s: &Step) {
        let Some(msg) = s.msg else { return };
        self.advance(s.time);
        match s.kind {
            StepKind::Enqueued => {
                self.m.enqueued += 1;
                self.enq.insert(msg, (s.time, false, false));
                self.visible.insert((s.time, msg));
            }
            // A standard queue's extra copy is stored like an arrival, though nobody sent it.
            StepKind::Duplicated => {
                self.enq.insert(msg, (s.time, false, false));
                self.visible.insert((s.time, msg));
            }
            StepKind::ReceivedFromQueue => {
                if let Some((e, flying, received)) = self.enq.get_mut(&msg) {
                    self.visible.remove(&(*e, msg));
                    *flying = true;
                    self.in_flight += 1;
                    if !std::mem::replace(received, true) {
                        self.waits.0 += (s.time - *e) as f64;
                        self.waits.1 += 1;
                    }
                }
            }
            StepKind::VisibilityExpired => {
                if let Some((e, flying, _)) = self.enq.get_mut(&msg) {
                    *flying = false;
                    self.in_flight -= 1;
                    self.visible.insert((*e, msg));
                }
            }
            StepKind::Deleted => {
                self.m.deleted += 1;
                self.leave(s, msg);
            }
            StepKind::Redriven => {
                self.m.redriven += 1;
                self.leave(s, msg);
            }
            StepKind::Expired => {
                self.m.expired += 1;
                self.leave(s, msg);
            }
            StepKind::DeadLettered => self.m.dead_letters += 1,
            _ => {}
        }
        self.m.max_depth = self.m.max_depth.max(self.stored());
    }

    fn finish(mut self, end: Time) -> QueueMetrics {
        self.advance(end);
        let secs = end as f64 / 1e6;
        if end > 0 {
            self.m.mean_depth = self.area / end as f64;
            self.m.arrival_rate_per_s = self.m.enqueued as f64 / secs;
        }
        if self.waits.1 > 0 {
            self.m.mean_wait_ms = self.waits.0 / self.waits.1 as f64 / 1000.0;
        }
        if self.stays.1 > 0 {
            self.m.mean_time_in_queue_ms = self.stays.0 / self.stays.1 as f64 / 1000.0;
        }
        self.m
    }
}

#[derive(Default)]
struct RouteFold {
    m: RouteMetrics,
    latency: Vec<Time>,
    integration: Vec<Time>,
}

#[derive(Default)]
struct FunctionFold {
    m: FunctionMetrics,
    /// Running invocations by the message they serve (a redelivered message can be in two).
    running: IdMap<MsgId, u64>,
    count: u64,
}

impl FunctionFold {
    fn stop(&mut self, msg: MsgId) {
        if let Some(n) = self.running.get_mut(&msg) {
            *n -= 1;
            self.count -= 1;
            if *n == 0 {
                self.running.remove(&msg);
            }
        }
    }
}

/// Per-request first appearance, sender and last terminal time, indexed by correlation id.
#[derive(Default)]
struct Requests {
    first: Vec<Option<Time>>,
    last_end: Vec<Option<Time>>,
    /// The component of each request's first step: its client.
    sender: Vec<NodeId>,
}

impl Requests {
    fn touch(&mut self, s: &Step) {
        let i = s.corr as usize;
        if i >= self.first.len() {
            self.first.resize(i + 1, None);
            self.last_end.resize(i + 1, None);
            self.sender.resize(i + 1, s.node);
        }
        if let Some(first) = self.first.get_mut(i) {
            if first.is_none() {
                *first = Some(s.time);
                if let Some(sender) = self.sender.get_mut(i) {
                    *sender = s.node;
                }
            }
        }
        if let Some(last_end) = self.last_end.get_mut(i).filter(|_| s.terminal.is_some()) {
            *last_end = Some(s.time);
        }
    }

    /// The stream a request's order is judged in: its sender and, for a client, its message
    /// group (request n of a client with `groups` belongs to group n mod `groups`).
    fn order_key(&self, topo: &Topology, corr: u32) -> (NodeId, u32) {
        let sender = self.sender.get(corr as usize).copied().unwrap_or(NodeId(u32::MAX));
        match topo.kinds.get(sender.0 as usize) {
            Some(Kind::Client(c)) => (sender, corr % c.groups.max(1)),
            _ => (sender, 0),
        }
    }
}

/// Folds the steps of a run into its metrics.
pub(crate) fn compute(
    topo: &Topology,
    steps: &[Step],
    end: Time,
    in_flight_at_end: u64,
) -> Metrics {
    let mut m = Metrics {
        duration_ms: ms(end),
        ..Default::default()
    };
    m.outcomes.in_flight_at_end = in_flight_at_end;
    // By component index, so each step finds its queue or function without a search.
    let mut queues: Vec<Option<QueueFold>> = Vec::with_capacity(topo.kinds.len());
    let mut functions: Vec<Option<FunctionFold>> = Vec::with_capacity(topo.kinds.len());
    let mut stores: Vec<Option<StoreMetrics>> = Vec::with_capacity(topo.kinds.len());
    let mut routes: IdMap<(NodeId, u16), RouteFold> = IdMap::default();
    let mut gw_start: IdMap<MsgId, Time> = IdMap::default();
    let mut requests = Requests::default();
    let mut tally = Tally::default();
    let mut latencies = Vec::new();
    let mut live: u64 = 0;
    let sample_time = |k: usize| end * k as u64 / (SAMPLES as u64 - 1).max(1);
    let mut next_sample = 0;
    for (i, n) in topo.kinds.iter().enumerate() {
        let name = || topo.name(NodeId(i as u32)).to_string();
        queues.push(matches!(n, Kind::Queue(_)).then(|| QueueFold { m: QueueMetrics { name: name(), ..Default::default() }, ..Default::default() }));
        functions.push(matches!(n, Kind::Function(_)).then(|| FunctionFold { m: FunctionMetrics { name: name(), ..Default::default() }, ..Default::default() }));
        stores.push(matches!(n, Kind::Store(_)).then(|| StoreMetrics { name: name(), ..Default::default() }));
    }
    let take_samples = |t: Time,
                        live: u64,
                        queues: &[Option<QueueFold>],
                        m: &mut Metrics,
                        next: &mut usize,
                        series: &mut [Vec<QueueSample>]| {
        while *next < SAMPLES && sample_time(*next) <= t {
            let at = sample_time(*next);
            m.in_flight.push(Sample {
                t_ms: ms(at),
                value: live,
            });
            for (q, samples) in queues.iter().zip(series.iter_mut()) {
                if let Some(q) = q {
                    samples.push(q.sample(at));
                }
            }
            *next += 1;
        }
    };
    let mut series: Vec<Vec<QueueSample>> = vec![Vec::new(); queues.len()];
    for s in steps {
        take_samples(s.time, live, &queues, &mut m, &mut next_sample, &mut series);
        if s.msg.is_some() {
            requests.touch(s);
        }
        if s.created {
            m.outcomes.created += 1;
            live += 1;
        }
        if let Some(t) = s.terminal {
            m.outcomes.add(t);
            live = live.saturating_sub(1);
        }
        tally.apply(topo, s);
        let kind = topo.kinds.get(s.node.0 as usize);
        if s.kind == StepKind::Answered {
            latencies.push(s.detail);
        }
        if let Some(Some(q)) = queues.get_mut(s.node.0 as usize) {
            q.apply(s);
            if s.kind == StepKind::ReceivedFromQueue {
                q.consumer_sees(s.corr, requests.order_key(topo, s.corr));
            }
        }
        if let (Some(Some(f)), Some(Kind::Function(fc))) = (functions.get_mut(s.node.0 as usize), kind) {
            fold_function(f, fc, s);
        }
        if let Some(Kind::Gateway(_)) = kind {
            fold_gateway(&mut routes, &mut gw_start, topo, s);
        }
        if let Some(Some(store)) = stores.get_mut(s.node.0 as usize) {
            fold_store(store, topo, s);
        }
    }
    take_samples(end, live, &queues, &mut m, &mut next_sample, &mut series);
    m.requests = tally.requests;
    m.answered_ok = tally.answered_ok;
    m.answered_error = tally.answered_error;
    m.errors = tally.errors.iter().map(|(kind, n)| (kind.to_string(), *n)).collect();
    m.retries = tally.retries;
    m.dead_lettered = tally.dead_lettered;
    m.duplicate_deliveries = tally.duplicate_deliveries;
    m.cost_usd = tally.cost_usd;
    m.caller_latency_ms = Percentiles::of(latencies);
    m.end_to_end_ms = Percentiles::of(
        requests
            .first
            .iter()
            .zip(&requests.last_end)
            .filter_map(|(f, l)| Some(l.as_ref()? - f.as_ref()?))
            .collect(),
    );
    let secs = end as f64 / 1e6;
    if secs > 0.0 {
        m.throughput_per_s = m.answered_ok as f64 / secs;
        m.consumed_per_s = m.outcomes.consumed as f64 / secs;
    }
    m.queues = queues
        .into_iter()
        .zip(series)
        .filter_map(|(q, samples)| {
            let mut qm = q?.finish(end);
            qm.series = samples;
            Some(qm)
        })
        .collect();
    m.routes = routes
        .into_values()
        .map(|r| RouteMetrics {
            latency_ms: Percentiles::of(r.latency),
            integration_latency_ms: Percentiles::of(r.integration),
            ..r.m
        })
        .collect();
    m.functions = functions.into_iter().flatten().map(|f| f.m).collect();
    m.streams = stream_metrics(topo, steps, end);
    m.stores = stores.into_iter().flatten().collect();
    m.billed_ms = m.functions.iter().map(|f| f.billed_ms).sum();
    m
}

fn fold_function(f: &mut FunctionFold, c: &crate::scenario::compile::FunctionC, s: &Step) {
    let Some(msg) = s.msg else { return };
    match s.kind {
        StepKind::Started => {
            f.m.invocations += 1;
            let running = f.running.get(&msg).copied().unwrap_or(0);
            f.running.insert(msg, running + 1);
            f.count += 1;
            f.m.peak_concurrency = f.m.peak_concurrency.max(f.count);
            f.m.cost_usd += c.price_request;
        }
        StepKind::Finished => {
            f.stop(msg);
            let billed = ms(s.detail);
            f.m.billed_ms += billed;
            f.m.cost_usd += billed / 1000.0 * c.memory_gb * c.price_gb_s;
            if let Payload::Reply { status } = s.payload {
                if status == 504 {
                    f.m.timeouts += 1;
                }
                if status >= 500 {
                    f.m.errors += 1;
                }
            }
        }
        // A crash ends running invocations without a Finished step.
        StepKind::Dropped => f.stop(msg),
        StepKind::Throttled => f.m.throttles += 1,
        StepKind::Declined => f.m.declined += 1,
        StepKind::InvocationCrashed => f.m.crashed += 1,
        _ => {}
    }
}

fn fold_gateway(
    routes: &mut IdMap<(NodeId, u16), RouteFold>,
    start: &mut IdMap<MsgId, Time>,
    topo: &Topology,
    s: &Step,
) {
    let Some(msg) = s.msg else { return };
    let key = (s.node, s.op);
    if !routes.contains_key(&key) {
        let op = topo.ops.get(s.op as usize).map_or_else(String::new, |o| o.name.clone());
        let m = RouteMetrics { gateway: topo.name(s.node).to_string(), op, ..Default::default() };
        routes.insert(key, RouteFold { m, ..Default::default() });
    }
    let Some(route) = routes.get_mut(&key) else { return };
    match (s.kind, s.payload) {
        (StepKind::Received, Payload::Request) => {
            route.m.count += 1;
            start.insert(msg, s.time);
        }
        (StepKind::Sent, Payload::Request) if s.created => {
            start.insert(msg, s.time);
        }
        (StepKind::Sent, Payload::Reply { status }) => {
            if let Some(t) = start.remove(&msg) {
                route.latency.push(s.time - t);
            }
            match status {
                400..=499 => route.m.status_4xx += 1,
                500.. => route.m.status_5xx += 1,
                _ => {}
            }
        }
        (StepKind::Received | StepKind::TimedOut, _) if s.terminal.is_some() => {
            if let Some(t) = start.remove(&msg) {
                route.integration.push(s.time - t);
            }
        }
        (StepKind::CacheHit, _) => route.m.cache_hits += 1,
        _ => {}
    }
}
