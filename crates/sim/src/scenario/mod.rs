//! The scenario: what a lesson simulates, as plain data (serde), and its validation.
//!
//! A scenario is a list of components, the links between them, a workload carried by each
//! client, parameters the UI may expose, scheduled faults and bounds. `docs/scenario-format.md`
//! documents every field; the defaults below are the documented AWS defaults where one exists.

pub(crate) mod check;
pub(crate) mod compile;
mod error;
mod faults;
mod links;
mod params;
#[cfg(feature = "toml")]
mod toml;
mod topology;

#[cfg(feature = "toml")]
pub use self::toml::{from_toml, to_toml, TomlError};
pub(crate) use crate::kinds::Kind;
pub use crate::kinds::breaker::BreakerSpec;
pub use crate::kinds::cache::CacheSpec;
pub use crate::kinds::client::{ClientSpec, PollSpec};
pub use crate::kinds::event_bus::{EventBusSpec, EventRuleSpec, OpEventSpec};
pub use crate::kinds::function::FunctionSpec;
pub use crate::kinds::gateway::{GatewaySpec, RouteSpec};
pub use crate::kinds::queue::QueueSpec;
pub use crate::kinds::registry::{Balance, Discovery, InstanceSpec, RegistrySpec};
pub use crate::kinds::state_machine::StateMachineSpec;
pub use crate::kinds::store::StoreSpec;
pub use crate::kinds::stream::StreamSpec;
pub use crate::kinds::topic::{FilterScope, FilterSpec, TopicMessageSpec, TopicSpec};
pub(crate) use compile::compile;
pub use error::{ScenarioError, Where};
pub(crate) use topology::{Act, Topology};

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
/// A new kind is one more variant here plus its file in `kinds/` (see there).
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
        self.links.push(LinkSpec { latency: Dist::Fixed { ms }, mode, ..LinkSpec::new(from, to) });
        self
    }
}

impl LinkSpec {
    /// A synchronous link with every default (1 ms, the default operation, sent on invoke).
    pub fn new(from: &str, to: &str) -> Self {
        LinkSpec { from: from.into(), to: to.into(), latency: fixed1(), mode: Mode::Sync, op: None, on: SendOn::Invoke }
    }
}

impl Fault {
    /// The components the fault is aimed at.
    fn targets_mut(&mut self) -> Vec<&mut String> {
        match self {
            Fault::Crash { target } | Fault::Restart { target } | Fault::Slow { target, .. } | Fault::ErrorRate { target, .. } => vec![target],
            Fault::Cut { from, to } | Fault::Repair { from, to } => vec![from, to],
        }
    }

    /// Whether the fault is aimed at the component `name`.
    pub fn names(&self, name: &str) -> bool {
        self.clone().targets_mut().iter().any(|target| *target == name)
    }

    /// Aims the fault at `to` wherever it named `from`.
    pub fn rename(&mut self, from: &str, to: &str) {
        for target in self.targets_mut() {
            if target == from {
                *target = to.to_string();
            }
        }
    }
}

fn one() -> u32 {
    1
}
fn d1h() -> f64 {
    3_600_000.0
}
fn max_events() -> u64 {
    2_000_000
}
fn fixed1() -> Dist {
    Dist::Fixed { ms: 1.0 }
}
