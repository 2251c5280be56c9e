//! The scenario: what a lesson simulates, as plain data (serde), and its validation.
//!
//! A scenario is a list of components, the links between them, a workload carried by each
//! client, parameters the UI may expose, scheduled faults and bounds. `docs/scenario-format.md`
//! documents every field; the defaults below are the documented AWS defaults where one exists.

pub(crate) mod compile;
mod params;
mod rules;
#[cfg(feature = "toml")]
mod toml;

#[cfg(feature = "toml")]
pub use self::toml::{from_toml, to_toml, TomlError};
pub(crate) use compile::{compile, Act, Kind, Topology};
pub use compile::{ScenarioError, Where};

use serde::{Deserialize, Serialize};

/// A complete simulation input. Build it in Rust, or parse it from TOML with the `toml`
/// feature (`from_toml`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, rename = "component")]
    pub components: Vec<ComponentSpec>,
    #[serde(default, rename = "link")]
    pub links: Vec<LinkSpec>,
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<Parameter>,
    #[serde(default, rename = "fault")]
    pub faults: Vec<ScheduledFault>,
    #[serde(default)]
    pub bounds: Bounds,
}

/// One building block. The `kind` field of a `[[component]]` table selects the variant.
///
/// A new kind is one more variant here plus one module in `components/`.
///
/// Serde sees this and the file's other tagged tables ([`Dist`], [`Workload`], [`Fault`])
/// externally tagged (`{ "queue": { ... } }`); the TOML front end moves the tag (see
/// `toml.rs`). Internally tagged enums would make serde buffer every table before reading it,
/// code that cost the player module 24 KB of its gzipped download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentSpec {
    Client(ClientSpec),
    Gateway(GatewaySpec),
    Function(FunctionSpec),
    Queue(QueueSpec),
    Topic(TopicSpec),
    Breaker(BreakerSpec),
    Store(StoreSpec),
    Cache(CacheSpec),
    EventBus(EventBusSpec),
    StateMachine(StateMachineSpec),
    Stream(StreamSpec),
    Registry(RegistrySpec),
}

impl ComponentSpec {
    pub fn name(&self) -> &str {
        match self {
            ComponentSpec::Client(c) => &c.name,
            ComponentSpec::Gateway(c) => &c.name,
            ComponentSpec::Function(c) => &c.name,
            ComponentSpec::Queue(c) => &c.name,
            ComponentSpec::Topic(c) => &c.name,
            ComponentSpec::Breaker(c) => &c.name,
            ComponentSpec::Store(c) => &c.name,
            ComponentSpec::Cache(c) => &c.name,
            ComponentSpec::EventBus(c) => &c.name,
            ComponentSpec::StateMachine(c) => &c.name,
            ComponentSpec::Stream(c) => &c.name,
            ComponentSpec::Registry(c) => &c.name,
        }
    }

    /// The `kind` word as written in a scenario file.
    pub fn kind(&self) -> &'static str {
        match self {
            ComponentSpec::Client(_) => "client",
            ComponentSpec::Gateway(_) => "gateway",
            ComponentSpec::Function(_) => "function",
            ComponentSpec::Queue(_) => "queue",
            ComponentSpec::Topic(_) => "topic",
            ComponentSpec::Breaker(_) => "breaker",
            ComponentSpec::Store(_) => "store",
            ComponentSpec::Cache(_) => "cache",
            ComponentSpec::EventBus(_) => "event_bus",
            ComponentSpec::StateMachine(_) => "state_machine",
            ComponentSpec::Stream(_) => "stream",
            ComponentSpec::Registry(_) => "registry",
        }
    }
}

/// A duration distribution. Written as an inline table, e.g.
/// `{ dist = "exponential", mean_ms = 100 }`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Dist {
    Fixed {
        ms: f64,
    },
    Uniform {
        min_ms: f64,
        max_ms: f64,
    },
    Exponential {
        mean_ms: f64,
    },
    /// Heavy-tailed: `median_ms` is e^mu, `sigma` the standard deviation of the logarithm.
    LogNormal {
        median_ms: f64,
        sigma: f64,
    },
}

/// How a client generates requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Workload {
    /// Requests at the listed instants.
    List { at_ms: Vec<f64> },
    /// `count` requests evenly spaced at `rate_per_s`, from `start_ms`.
    Constant {
        rate_per_s: f64,
        count: u32,
        #[serde(default)]
        start_ms: f64,
    },
    /// `count` requests with exponential gaps (a Poisson process) at `rate_per_s`.
    Poisson {
        rate_per_s: f64,
        count: u32,
        #[serde(default)]
        start_ms: f64,
    },
    /// `bursts` bursts of `size` simultaneous requests, the first at `at_ms`, then every
    /// `every_ms`.
    Burst {
        size: u32,
        at_ms: f64,
        #[serde(default = "one")]
        bursts: u32,
        #[serde(default)]
        every_ms: f64,
    },
}

/// A caller: sends requests on its one outgoing link, waits, times out, retries with
/// exponential backoff and full jitter, and can poll a status route by request id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSpec {
    pub name: String,
    /// Method and path of the request, e.g. `"POST /payments"`.
    pub op: String,
    pub workload: Workload,
    #[serde(default = "d3000")]
    pub timeout_ms: f64,
    /// Extra attempts after the first, for timeouts, 429 and 5xx answers.
    #[serde(default)]
    pub retries: u32,
    #[serde(default = "d100")]
    pub backoff_base_ms: f64,
    #[serde(default = "d5000")]
    pub backoff_max_ms: f64,
    /// Full jitter: each backoff is uniform between 0 and its exponential value.
    #[serde(default = "yes")]
    pub jitter: bool,
    /// FIFO message groups: request number n belongs to group n mod `groups`.
    #[serde(default = "one")]
    pub groups: u32,
    /// After a 202 Accepted answer, poll this route until it answers 200.
    #[serde(default)]
    pub poll: Option<PollSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollSpec {
    /// e.g. `"GET /status/{id}"`; `{id}` stands for the request id.
    pub op: String,
    #[serde(default = "d1000")]
    pub interval_ms: f64,
    #[serde(default = "ten")]
    pub max_polls: u32,
}

/// An API gateway: routes by method and path, throttles with a token bucket, caches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewaySpec {
    pub name: String,
    pub routes: Vec<RouteSpec>,
    /// Token bucket refill rate; absent means no throttling.
    #[serde(default)]
    pub rate_per_s: Option<f64>,
    /// Token bucket size (the largest burst let through at once).
    #[serde(default = "d100")]
    pub burst: f64,
    /// API Gateway's integration timeout (29 s by default).
    #[serde(default = "d29000")]
    pub integration_timeout_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    /// Method and path, e.g. `"GET /status/{id}"`, matched exactly against the request's op.
    pub op: String,
    /// The backend component; a link from the gateway to it must exist.
    pub target: String,
    /// Successful answers are cached this long (0: no cache).
    #[serde(default)]
    pub cache_ttl_ms: f64,
    /// Answer 202 Accepted as soon as the backend accepted the request instead of passing
    /// its status through (the asynchronous request-reply pattern with a queue backend).
    #[serde(default)]
    pub accepted: bool,
    /// The target, even a function, stands for an HTTP backend reached by an HTTP proxy
    /// integration: its status reaches the client unchanged. Otherwise a function target is a
    /// Lambda integration, whose throttling the client sees as 500.
    #[serde(default)]
    pub http_integration: bool,
}

/// A Lambda-like function. On each invocation it calls its outgoing links in order (waiting
/// on `sync` ones), then computes for a sampled duration, then fails with `error_rate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    pub name: String,
    /// Reserved concurrency: invocations beyond it are throttled (sync: 429; async: wait in
    /// the service's internal queue).
    #[serde(default = "ten")]
    pub concurrency: u32,
    #[serde(default = "fixed100")]
    pub duration: Dist,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default = "d3000")]
    pub timeout_ms: f64,
    #[serde(default = "d128")]
    pub memory_mb: f64,
    /// Retries of a failed asynchronous invocation (Lambda: 2 by default, at most 2).
    #[serde(default = "two")]
    pub max_retries: u32,
    /// Delay before the first asynchronous retry; it doubles for the next (Lambda waits
    /// about 1 minute, then 2).
    #[serde(default = "d60000")]
    pub retry_delay_ms: f64,
    #[serde(default = "d6h")]
    pub max_event_age_ms: f64,
    /// A queue that receives asynchronous events which failed every retry.
    #[serde(default)]
    pub on_failure: Option<String>,
    /// The probability that the work ends in a business refusal (a card declined): the code
    /// handles it, the invocation succeeds, and the function sends on its `on = "declined"`
    /// links instead of its `on = "success"` ones.
    #[serde(default)]
    pub decline_rate: f64,
    /// The probability that the process dies right after the call to `crash_after` answered,
    /// before the invocation's next call: the dual-write gap between a database commit and a
    /// publish. The invocation fails.
    #[serde(default)]
    pub crash_rate: f64,
    /// The component (called synchronously by this function) after whose answer a crash may
    /// happen; required when `crash_rate` is above 0.
    #[serde(default)]
    pub crash_after: Option<String>,
    #[serde(default = "gb_s_price")]
    pub price_per_gb_s: f64,
    #[serde(default = "request_price")]
    pub price_per_million_requests: f64,
}

/// An SQS-like queue, standard or FIFO, with an optional pool of consumers that poll it and
/// invoke the component on the queue's one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    #[serde(default)]
    pub fifo: bool,
    #[serde(default = "d30000")]
    pub visibility_timeout_ms: f64,
    /// Redrive policy: after this many receives the next receive moves the message to
    /// `dead_letter` instead.
    #[serde(default)]
    pub max_receive_count: Option<u32>,
    #[serde(default)]
    pub dead_letter: Option<String>,
    /// 4 days by default, as in SQS.
    #[serde(default = "d4days")]
    pub retention_ms: f64,
    #[serde(default)]
    pub delay_ms: f64,
    /// Messages per receive, 1 to 10.
    #[serde(default = "one")]
    pub batch_size: u32,
    /// Long polling wait (0 to 20 s). With 0 an idle consumer polls again after 1 s.
    #[serde(default = "d20000")]
    pub wait_time_ms: f64,
    /// Number of consumers polling concurrently (0: nobody consumes).
    #[serde(default)]
    pub consumers: u32,
    /// FIFO only: identical messages (same request and operation) within this window are
    /// accepted but stored once (SQS: 5 minutes).
    #[serde(default = "d300000")]
    pub dedup_window_ms: f64,
    /// Standard only (at-least-once delivery): the probability that a receive leaves a copy
    /// of the message behind, to be delivered again. SQS publishes no rate; 0 by default.
    #[serde(default)]
    pub duplicate_rate: f64,
    /// Standard only (best-effort ordering): the probability that a receive takes a visible
    /// message at random instead of the oldest. 0 by default.
    #[serde(default)]
    pub reorder_rate: f64,
}

/// An SNS-like topic: every message goes to every outgoing link. Queue and function
/// subscribers get it asynchronously; any other subscriber is an HTTP endpoint called
/// synchronously and retried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: String,
    #[serde(default = "three")]
    pub http_retries: u32,
    #[serde(default = "d1000")]
    pub http_retry_delay_ms: f64,
    #[serde(default = "d15000")]
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

/// A Step Functions-like state machine running an Amazon States Language definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateMachineSpec {
    pub name: String,
    /// The ASL definition, as JSON text. A Task's `Resource` names a component this state
    /// machine links to (or an ARN ending in `:<name>`).
    pub definition: String,
    /// The input of every execution, as JSON text.
    #[serde(default = "empty_object")]
    pub input: String,
    /// How long a task's call may take before it fails with `States.Timeout` (the
    /// definition's own TimeoutSeconds applies too).
    #[serde(default = "d60000")]
    pub task_timeout_ms: f64,
}

/// A Kinesis-like stream read shard by shard by the consumer on its one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    pub name: String,
    #[serde(default = "one")]
    pub shards: u32,
    /// Records per batch (Lambda: 1 to 10,000, 100 by default).
    #[serde(default = "d100u")]
    pub batch_size: u32,
    /// How long the stream keeps a record (Kinesis: 24 hours by default).
    #[serde(default = "d24h")]
    pub retention_ms: f64,
    /// The event source mapping's MaximumRecordAgeInSeconds: older records are skipped
    /// (absent: only the retention period applies).
    #[serde(default)]
    pub max_record_age_ms: Option<f64>,
    /// MaximumRetryAttempts: a batch that failed this many retries is discarded (absent:
    /// retried until its records expire, the service's default).
    #[serde(default)]
    pub max_retry_attempts: Option<u32>,
    /// Delay before a failed batch is read again.
    #[serde(default = "d1000")]
    pub retry_delay_ms: f64,
    /// A batch unanswered this long counts as failed.
    #[serde(default = "d60000")]
    pub timeout_ms: f64,
}

/// A service registry that routes each call to a registered instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrySpec {
    pub name: String,
    #[serde(rename = "instance")]
    pub instances: Vec<InstanceSpec>,
    #[serde(default)]
    pub discovery: Discovery,
    #[serde(default)]
    pub balance: Balance,
    /// Lease renewal interval (Eureka: 30 s).
    #[serde(default = "d30000")]
    pub heartbeat_ms: f64,
    /// A lease not renewed for this long is evicted by the health check (Eureka: 90 s).
    #[serde(default = "d90000")]
    pub ttl_ms: f64,
    /// How often the health check runs (Eureka's eviction task: 60 s).
    #[serde(default = "d60000")]
    pub check_interval_ms: f64,
    /// Client-side discovery: how long the caller keeps its copy of the registry (Eureka
    /// clients fetch every 30 s).
    #[serde(default = "d30000")]
    pub client_cache_ms: f64,
    /// How long a routed call may take before the caller gets 504.
    #[serde(default = "d3000")]
    pub timeout_ms: f64,
}

/// One service instance: a component the registry links to (synchronously).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    pub name: String,
    /// When the instance starts and registers.
    #[serde(default)]
    pub register_at_ms: f64,
    /// A graceful stop: the instance deregisters (and sends no more heartbeats).
    #[serde(default)]
    pub deregister_at_ms: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discovery {
    /// A router or load balancer reads the registry for every call.
    #[default]
    ServerSide,
    /// The caller load-balances over its own cached copy of the registry.
    ClientSide,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Balance {
    #[default]
    RoundRobin,
    Random,
}

/// A circuit breaker with a bulkhead, in front of the component on its one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakerSpec {
    pub name: String,
    /// Failures (5xx, 429, timeouts) within `window_ms` that open the circuit.
    #[serde(default = "five")]
    pub failure_threshold: u32,
    #[serde(default = "d10000")]
    pub window_ms: f64,
    /// How long the circuit stays open before letting trial calls through.
    #[serde(default = "d5000")]
    pub open_ms: f64,
    /// Trial calls allowed while half-open; all must succeed to close the circuit.
    #[serde(default = "one")]
    pub half_open_trials: u32,
    /// Bulkhead: at most this many calls outstanding.
    #[serde(default)]
    pub max_outstanding: Option<u32>,
    #[serde(default = "d1000")]
    pub timeout_ms: f64,
}

/// A database: each request holds one connection for a sampled latency. Writes to a route
/// with `{id}` record the request id; reads of such a route answer 200 if it was written,
/// else 404 (this is what a status poll reads).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSpec {
    pub name: String,
    #[serde(default = "fixed5")]
    pub latency: Dist,
    /// Connection limit: requests beyond it are refused with 503.
    #[serde(default)]
    pub connections: Option<u32>,
    #[serde(default)]
    pub error_rate: f64,
    /// Transactional outbox: each write to a route with `{id}` also inserts an outbox row in
    /// the same transaction, and a message relay publishes the rows on the store's one
    /// outgoing (asynchronous) link.
    #[serde(default)]
    pub outbox: bool,
    /// How often the relay polls the outbox table (the polling publisher).
    #[serde(default = "d100")]
    pub relay_interval_ms: f64,
}

/// A read-through cache in front of the component on its one outgoing link: a successful
/// answer for an operation is reused for `ttl_ms`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    pub name: String,
    #[serde(default = "d60000")]
    pub ttl_ms: f64,
    #[serde(default = "d1000")]
    pub timeout_ms: f64,
}

/// A directed link from caller to callee. Replies travel back over the same link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    pub from: String,
    pub to: String,
    #[serde(default = "fixed1")]
    pub latency: Dist,
    #[serde(default)]
    pub mode: Mode,
    /// The operation a function or topic asks for over this link (default `"POST /<to>"`).
    #[serde(default)]
    pub op: Option<String>,
    /// From a function: when the invocation sends on this link.
    #[serde(default)]
    pub on: SendOn,
}

/// When a function sends on one of its links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendOn {
    /// Before its own work, in declaration order (waiting on synchronous calls).
    #[default]
    Invoke,
    /// After its work succeeded (an event announcing the local transaction).
    Success,
    /// After its work ended in a business refusal (see the function's `decline_rate`).
    Declined,
}

/// Whether the sender waits for an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Sync,
    Async,
}

/// A number the UI may let the learner change, bound to a field of a component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Short identifier, used by [`Scenario::set_parameter`].
    pub name: String,
    pub label: String,
    /// `component.field`, e.g. `"orders.visibility_timeout_ms"` or
    /// `"worker.duration.mean_ms"` (see `docs/scenario-format.md` for the list).
    pub target: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    #[serde(default)]
    pub step: Option<f64>,
    pub explanation: String,
}

/// A fault the scenario injects at `at_ms`; with `for_ms` it is undone that much later.
/// In a file the fault's own fields sit beside `at_ms` (`action = "crash"`, `target = ...`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFault {
    pub at_ms: f64,
    #[serde(default)]
    pub for_ms: Option<f64>,
    pub fault: Fault,
}

/// The fault vocabulary, shared by scenarios and by callers of
/// [`crate::Simulation::inject`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The component stops: what it was processing is lost, arrivals are dropped.
    Crash {
        target: String,
    },
    Restart {
        target: String,
    },
    /// Durations sampled at the component are multiplied by `factor`.
    Slow {
        target: String,
        factor: f64,
    },
    /// The component's error rate becomes `rate` (functions and stores).
    ErrorRate {
        target: String,
        rate: f64,
    },
    /// Messages sent on the link from `from` to `to` (either direction) are lost.
    Cut {
        from: String,
        to: String,
    },
    Repair {
        from: String,
        to: String,
    },
}

/// Limits on a run; the run says which one stopped it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(default = "max_events")]
    pub max_events: u64,
    #[serde(default = "d1h")]
    pub max_time_ms: f64,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            max_events: max_events(),
            max_time_ms: d1h(),
        }
    }
}

impl Scenario {
    /// An empty scenario with default bounds, to build on in code.
    pub fn new(name: &str) -> Self {
        Scenario {
            name: name.to_string(),
            description: String::new(),
            components: Vec::new(),
            links: Vec::new(),
            parameters: Vec::new(),
            faults: Vec::new(),
            bounds: Bounds::default(),
        }
    }

    /// Checks the scenario without running it.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        compile(self).map(|_| ())
    }

    pub fn with(mut self, component: ComponentSpec) -> Self {
        self.components.push(component);
        self
    }

    /// Adds a link with a fixed latency.
    pub fn link(mut self, from: &str, to: &str, ms: f64, mode: Mode) -> Self {
        self.links.push(LinkSpec {
            from: from.into(),
            to: to.into(),
            latency: Dist::Fixed { ms },
            mode,
            op: None,
            on: SendOn::Invoke,
        });
        self
    }
}

macro_rules! named_default {
    ($($t:ident { $($f:ident : $v:expr),* $(,)? })*) => {$(
        impl $t {
            /// This component with every field at its documented default.
            pub fn named(name: &str) -> Self {
                $t { name: name.to_string(), $($f: $v),* }
            }
        }
    )*};
}

named_default! {
    FunctionSpec {
        concurrency: ten(), duration: fixed100(), error_rate: 0.0, timeout_ms: d3000(),
        memory_mb: d128(), max_retries: two(), retry_delay_ms: d60000(),
        max_event_age_ms: d6h(), on_failure: None, decline_rate: 0.0, crash_rate: 0.0,
        crash_after: None, price_per_gb_s: gb_s_price(),
        price_per_million_requests: request_price(),
    }
    QueueSpec {
        fifo: false, visibility_timeout_ms: d30000(), max_receive_count: None,
        dead_letter: None, retention_ms: d4days(), delay_ms: 0.0, batch_size: one(),
        wait_time_ms: d20000(), consumers: 0, dedup_window_ms: d300000(), duplicate_rate: 0.0,
        reorder_rate: 0.0,
    }
    TopicSpec {
        http_retries: three(), http_retry_delay_ms: d1000(), http_timeout_ms: d15000(),
        messages: Vec::new(), filters: Vec::new(),
    }
    BreakerSpec {
        failure_threshold: five(), window_ms: d10000(), open_ms: d5000(), half_open_trials: one(),
        max_outstanding: None, timeout_ms: d1000(),
    }
    StoreSpec {
        latency: fixed5(), connections: None, error_rate: 0.0, outbox: false,
        relay_interval_ms: d100(),
    }
    CacheSpec { ttl_ms: d60000(), timeout_ms: d1000() }
    GatewaySpec { routes: Vec::new(), rate_per_s: None, burst: d100(), integration_timeout_ms: d29000() }
}

impl ClientSpec {
    /// A client sending `op` with the given workload and default timeout and retries.
    pub fn new(name: &str, op: &str, workload: Workload) -> Self {
        ClientSpec {
            name: name.to_string(),
            op: op.to_string(),
            workload,
            timeout_ms: d3000(),
            retries: 0,
            backoff_base_ms: d100(),
            backoff_max_ms: d5000(),
            jitter: true,
            groups: one(),
            poll: None,
        }
    }
}

fn d90000() -> f64 {
    90_000.0
}
fn d100u() -> u32 {
    100
}
fn d24h() -> f64 {
    86_400_000.0
}
fn empty_object() -> String {
    "{}".into()
}
fn one() -> u32 {
    1
}
fn two() -> u32 {
    2
}
fn three() -> u32 {
    3
}
fn five() -> u32 {
    5
}
fn ten() -> u32 {
    10
}
fn yes() -> bool {
    true
}
fn d100() -> f64 {
    100.0
}
fn d128() -> f64 {
    128.0
}
fn d1000() -> f64 {
    1000.0
}
fn d3000() -> f64 {
    3000.0
}
fn d5000() -> f64 {
    5000.0
}
fn d10000() -> f64 {
    10_000.0
}
fn d15000() -> f64 {
    15_000.0
}
fn d20000() -> f64 {
    20_000.0
}
fn d29000() -> f64 {
    29_000.0
}
fn d30000() -> f64 {
    30_000.0
}
fn d60000() -> f64 {
    60_000.0
}
fn d300000() -> f64 {
    300_000.0
}
fn d1h() -> f64 {
    3_600_000.0
}
fn d6h() -> f64 {
    21_600_000.0
}
fn d4days() -> f64 {
    345_600_000.0
}
fn max_events() -> u64 {
    2_000_000
}
fn fixed1() -> Dist {
    Dist::Fixed { ms: 1.0 }
}
fn fixed5() -> Dist {
    Dist::Fixed { ms: 5.0 }
}
fn fixed100() -> Dist {
    Dist::Fixed { ms: 100.0 }
}
/// Lambda x86 price per GB-second (us-east-1).
fn gb_s_price() -> f64 {
    0.000_016_666_7
}
/// Lambda price per million requests.
fn request_price() -> f64 {
    0.20
}
