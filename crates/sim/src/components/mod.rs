//! The building blocks at run time. Each module holds one component's runtime state and its
//! rules; what a kind is (its fields, defaults, validation and validated configuration, in
//! microseconds) lives in its file in `kinds/`.
//!
//! Adding a kind means, besides its file in `kinds/`: a module here with
//! `arrive`/`timer`/`crash`/`restart`/`idle`/`view`, a `State` variant, and one arm in each
//! dispatch function below.

mod breaker;
mod cache;
mod calls;
mod client;
mod event_bus;
mod function;
mod gateway;
mod queue;
mod registry;
pub(crate) mod state_machine;
mod store;
mod stream;
mod topic;

use serde::{Deserialize, Serialize};

use crate::engine::{Cx, Envelope};
use crate::scenario::Kind;
use crate::step::{NodeId, Time};
pub use breaker::BreakerMode;

/// Timers components set for themselves. Each carries what the handler needs to recognise a
/// stale timer (an id that is no longer pending is simply ignored).
#[derive(Clone, Debug)]
pub(crate) enum Timer {
    Workload,
    ClientTimeout(u32),
    ClientRetry(u32),
    ClientPoll(u32),
    CallTimeout(u32),
    FnDone(u32),
    FnTimeout(u32),
    FnRetry(function::AsyncEvent),
    QueueStart,
    QueueDelay(queue::QMsg),
    Visibility(u32),
    Poll {
        slot: u32,
        gen: u32,
    },
    Retention,
    TopicRetry {
        link: usize,
        attempt: u32,
        env: Envelope,
    },
    HalfOpen(u32),
    StoreDone(u32),
    /// A store's outbox relay polls its table.
    OutboxRelay,
    /// A state machine's timer (Wait, Retry back-off, TimeoutSeconds) for one execution.
    Execution {
        exec: u32,
        token: u64,
    },
    StreamRetry(u32),
    StreamTimeout(u32),
    /// A registry's lease bookkeeping for instance `i` (register, heartbeat, deregister) or
    /// its health check.
    Registry {
        what: u8,
        i: u16,
    },
}

/// Runtime state of one component.
#[derive(Clone, Debug)]
pub(crate) enum State {
    Client(client::Client),
    Gateway(gateway::Gateway),
    Function(function::Function),
    Queue(queue::Queue),
    Topic(topic::Topic),
    Breaker(breaker::Breaker),
    Store(store::Store),
    Cache(cache::Cache),
    EventBus(event_bus::EventBus),
    StateMachine(state_machine::StateMachine),
    Stream(stream::Stream),
    Registry(registry::Registry),
}

impl State {
    pub fn new(kind: &Kind) -> Self {
        match kind {
            Kind::Client(_) => State::Client(Default::default()),
            Kind::Gateway(c) => State::Gateway(gateway::Gateway::new(c)),
            Kind::Function(_) => State::Function(Default::default()),
            Kind::Queue(c) => State::Queue(queue::Queue::new(c)),
            Kind::Topic(_) => State::Topic(Default::default()),
            Kind::Breaker(_) => State::Breaker(Default::default()),
            Kind::Store(_) => State::Store(Default::default()),
            Kind::Cache(_) => State::Cache(Default::default()),
            Kind::EventBus(_) => State::EventBus(Default::default()),
            Kind::StateMachine(_) => State::StateMachine(Default::default()),
            Kind::Stream(_) => State::Stream(Default::default()),
            Kind::Registry(_) => State::Registry(Default::default()),
        }
    }
}

// The dispatch functions below match a state with its configuration. `State::new` builds
// each state from its `Kind`, so the pairs always agree; the final arm is never taken.

pub(crate) fn start(s: &mut State, k: &Kind, cx: &mut Cx) {
    match (s, k) {
        (State::Client(s), Kind::Client(c)) => s.start(cx, c),
        (State::Queue(s), Kind::Queue(c)) => s.start(cx, c),
        (State::Registry(s), Kind::Registry(c)) => s.start(cx, c),
        _ => {}
    }
}

pub(crate) fn arrive(s: &mut State, k: &Kind, cx: &mut Cx, from: NodeId, env: Envelope) {
    match (s, k) {
        (State::Client(s), Kind::Client(c)) => s.arrive(cx, c, from, env),
        (State::Gateway(s), Kind::Gateway(c)) => s.arrive(cx, c, from, env),
        (State::Function(s), Kind::Function(c)) => s.arrive(cx, c, from, env),
        (State::Queue(s), Kind::Queue(c)) => s.arrive(cx, c, from, env),
        (State::Topic(s), Kind::Topic(c)) => s.arrive(cx, c, from, env),
        (State::Breaker(s), Kind::Breaker(c)) => s.arrive(cx, c, from, env),
        (State::Store(s), Kind::Store(c)) => s.arrive(cx, c, from, env),
        (State::Cache(s), Kind::Cache(c)) => s.arrive(cx, c, from, env),
        (State::EventBus(s), Kind::EventBus(c)) => s.arrive(cx, c, from, env),
        (State::StateMachine(s), Kind::StateMachine(c)) => s.arrive(cx, c, from, env),
        (State::Stream(s), Kind::Stream(c)) => s.arrive(cx, c, from, env),
        (State::Registry(s), Kind::Registry(c)) => s.arrive(cx, c, from, env),
        _ => {}
    }
}

pub(crate) fn timer(s: &mut State, k: &Kind, cx: &mut Cx, t: Timer) {
    match (s, k) {
        (State::Client(s), Kind::Client(c)) => s.timer(cx, c, t),
        (State::Gateway(s), Kind::Gateway(c)) => s.timer(cx, c, t),
        (State::Function(s), Kind::Function(c)) => s.timer(cx, c, t),
        (State::Queue(s), Kind::Queue(c)) => s.timer(cx, c, t),
        (State::Topic(s), Kind::Topic(c)) => s.timer(cx, c, t),
        (State::Breaker(s), Kind::Breaker(c)) => s.timer(cx, c, t),
        (State::Store(s), Kind::Store(c)) => s.timer(cx, c, t),
        (State::Cache(s), Kind::Cache(_)) => s.timer(cx, t),
        (State::StateMachine(s), Kind::StateMachine(c)) => s.timer(cx, c, t),
        (State::Stream(s), Kind::Stream(c)) => s.timer(cx, c, t),
        (State::Registry(s), Kind::Registry(c)) => s.timer(cx, c, t),
        _ => {}
    }
}

/// The component goes down: it drops what it was doing (see each module for what it keeps).
pub(crate) fn crash(s: &mut State, _k: &Kind, cx: &mut Cx) {
    match s {
        State::Client(s) => s.crash(cx),
        State::Gateway(s) => s.calls.drop_all(cx),
        State::Function(s) => s.crash(cx),
        State::Queue(s) => s.crash(cx),
        State::Topic(s) => s.calls.drop_all(cx),
        State::Breaker(s) => s.calls.drop_all(cx),
        State::Store(s) => s.crash(cx),
        State::Cache(s) => s.calls.drop_all(cx),
        State::EventBus(_) => {}
        State::StateMachine(s) => s.crash(cx),
        State::Stream(s) => s.crash(cx),
        State::Registry(s) => s.calls.drop_all(cx),
    }
}

pub(crate) fn restart(s: &mut State, k: &Kind, cx: &mut Cx) {
    match (s, k) {
        (State::Function(s), Kind::Function(c)) => s.drain(cx, c),
        (State::Queue(s), Kind::Queue(c)) => s.restart(cx, c),
        (State::Stream(s), Kind::Stream(c)) => s.restart(cx, c),
        (State::Registry(s), Kind::Registry(_)) => s.restart(cx),
        (State::Store(s), Kind::Store(c)) => s.restart(cx, c),
        _ => {}
    }
}

/// True when the component has no work that could still produce a step.
pub(crate) fn idle(s: &State, k: &Kind, up: bool) -> bool {
    match (s, k) {
        (State::Client(s), Kind::Client(c)) => s.idle(c),
        (State::Gateway(s), _) => s.calls.is_empty(),
        (State::Function(s), _) => s.idle(up),
        (State::Queue(s), _) => s.idle(up),
        (State::Topic(s), _) => s.idle(),
        (State::Breaker(s), _) => s.calls.is_empty(),
        (State::Store(s), _) => s.idle(up),
        (State::Cache(s), _) => s.calls.is_empty(),
        (State::StateMachine(s), _) => s.idle(),
        (State::Stream(s), _) => s.idle(up),
        (State::Registry(s), _) => s.idle(),
        _ => true,
    }
}

/// What the diagram shows about a component at a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ComponentView {
    Client {
        requests_started: u32,
        in_progress: u32,
    },
    Gateway {
        tokens: f64,
        outstanding: u32,
        cached_routes: u32,
    },
    Function {
        running: u32,
        concurrency: u32,
        waiting_async: u32,
    },
    Queue {
        visible: u32,
        in_flight: u32,
        delayed: u32,
        dead_letters: u32,
        /// Age of the oldest visible message, microseconds.
        oldest_age: Option<Time>,
        busy_consumers: u32,
    },
    Topic {
        outstanding: u32,
    },
    Breaker {
        mode: BreakerMode,
        recent_failures: u32,
        outstanding: u32,
    },
    Store {
        active_connections: u32,
        keys: u32,
    },
    Cache {
        fresh_entries: u32,
        outstanding: u32,
    },
    EventBus {
        events: u32,
        matched: u32,
        /// Events that matched no rule.
        unmatched: u32,
    },
    StateMachine {
        running: u32,
        succeeded: u32,
        failed: u32,
        /// The state each running execution's main branch is in.
        current_states: Vec<String>,
    },
    Stream {
        /// Records waiting in each shard.
        records: Vec<u32>,
        /// Shards whose head batch has failed and is being retried.
        blocked: Vec<bool>,
        /// Age of the oldest unprocessed record, microseconds (the iterator age).
        iterator_age: Time,
    },
    Registry {
        /// Instances with a lease, crashed or not (compare with each one's `up` to see
        /// stale entries).
        registered: Vec<String>,
        outstanding: u32,
    },
}

pub(crate) fn view(s: &State, k: &Kind, now: Time) -> ComponentView {
    match (s, k) {
        (State::Client(s), _) => s.view(),
        (State::Gateway(s), Kind::Gateway(c)) => s.view(c, now),
        (State::Function(s), Kind::Function(c)) => s.view(c),
        (State::Queue(s), _) => s.view(now),
        (State::Topic(s), _) => s.view(),
        (State::Breaker(s), _) => s.view(),
        (State::Store(s), _) => s.view(),
        (State::Cache(s), _) => s.view(now),
        (State::EventBus(s), _) => s.view(),
        (State::StateMachine(s), _) => s.view(),
        (State::Stream(s), _) => s.view(now),
        (State::Registry(s), Kind::Registry(c)) => s.view(c),
        // Unreachable for the same reason as in the dispatch functions.
        (_, _) => ComponentView::Topic { outstanding: 0 },
    }
}
