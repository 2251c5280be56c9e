//! `registry`: a service registry that routes each call to a registered instance, by
//! server-side or client-side discovery.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{Choice, FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::{NodeId, Time};

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
    #[serde(default = "heartbeat_ms")]
    pub heartbeat_ms: f64,
    /// A lease not renewed for this long is evicted by the health check (Eureka: 90 s).
    #[serde(default = "ttl_ms")]
    pub ttl_ms: f64,
    /// How often the health check runs (Eureka's eviction task: 60 s).
    #[serde(default = "check_interval_ms")]
    pub check_interval_ms: f64,
    /// Client-side discovery: how long the caller keeps its copy of the registry (Eureka
    /// clients fetch every 30 s).
    #[serde(default = "client_cache_ms")]
    pub client_cache_ms: f64,
    /// How long a routed call may take before the caller gets 504.
    #[serde(default = "timeout_ms")]
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

impl Choice for Discovery {
    fn word(&self) -> &'static str {
        match self {
            Discovery::ServerSide => "server_side",
            Discovery::ClientSide => "client_side",
        }
    }

    fn choose(&mut self, word: &str) -> bool {
        *self = match word {
            "server_side" => Discovery::ServerSide,
            "client_side" => Discovery::ClientSide,
            _ => return false,
        };
        true
    }
}

impl Choice for Balance {
    fn word(&self) -> &'static str {
        match self {
            Balance::RoundRobin => "round_robin",
            Balance::Random => "random",
        }
    }

    fn choose(&mut self, word: &str) -> bool {
        *self = match word {
            "round_robin" => Balance::RoundRobin,
            "random" => Balance::Random,
            _ => return false,
        };
        true
    }
}

fn heartbeat_ms() -> f64 {
    HEARTBEAT.default_number()
}
fn ttl_ms() -> f64 {
    TTL.default_number()
}
fn check_interval_ms() -> f64 {
    CHECK_INTERVAL.default_number()
}
fn client_cache_ms() -> f64 {
    CLIENT_CACHE.default_number()
}
fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}

const INSTANCES: F = F::table(
    "instance",
    FieldDefault::Required,
    "`[[component.instance]]` tables: the instances, 1 to 1000 (below)",
);
const DISCOVERY: F = F::choice(
    "discovery",
    &["server_side", "client_side"],
    "server_side",
    "`\"server_side\"`: a router reads the registry for every call; `\"client_side\"`: the caller load-balances over its cached copy",
);
const BALANCE: F = F::choice(
    "balance",
    &["round_robin", "random"],
    "round_robin",
    "how calls are spread over the registered instances",
);
const HEARTBEAT: F = F::duration(
    "heartbeat_ms",
    30_000.0,
    HOUR_MS,
    "lease renewal interval (Eureka's default)",
)
.settable();
const TTL: F = F::duration(
    "ttl_ms",
    90_000.0,
    DAY_MS,
    "a lease not renewed for this long is evicted (Eureka: 90 s)",
)
.settable();
const CHECK_INTERVAL: F = F::duration(
    "check_interval_ms",
    60_000.0,
    HOUR_MS,
    "how often the health check looks for expired leases (Eureka: 60 s)",
)
.settable();
const CLIENT_CACHE: F = F::duration(
    "client_cache_ms",
    30_000.0,
    HOUR_MS,
    "client-side: how long the caller keeps its copy (Eureka clients: 30 s)",
)
.settable();
const TIMEOUT: F = F::duration(
    "timeout_ms",
    3000.0,
    HOUR_MS,
    "a routed call unanswered this long is answered 504",
)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "registry",
    title: "Service registry",
    explanation: "Keeps a lease for each running instance and routes every call to a registered one.",
    fields: &[INSTANCES, DISCOVERY, BALANCE, HEARTBEAT, TTL, CHECK_INTERVAL, CLIENT_CACHE, TIMEOUT],
};

/// Instances register within this long of the start.
const INSTANCE_TIMES_MS: f64 = 30.0 * DAY_MS;

impl RegistrySpec {
    /// A registry with every field at its default and no instances yet.
    pub fn named(name: &str) -> Self {
        RegistrySpec {
            name: name.to_string(),
            instances: Vec::new(),
            discovery: Discovery::default(),
            balance: Balance::default(),
            heartbeat_ms: heartbeat_ms(),
            ttl_ms: ttl_ms(),
            check_interval_ms: check_interval_ms(),
            client_cache_ms: client_cache_ms(),
            timeout_ms: timeout_ms(),
        }
    }
}

impl Spec for RegistrySpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "discovery" => Slot::Choice(&mut self.discovery),
            "balance" => Slot::Choice(&mut self.balance),
            "heartbeat_ms" => Slot::Number(&mut self.heartbeat_ms),
            "ttl_ms" => Slot::Number(&mut self.ttl_ms),
            "check_interval_ms" => Slot::Number(&mut self.check_interval_ms),
            "client_cache_ms" => Slot::Number(&mut self.client_cache_ms),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        let mut instances = Vec::new();
        for inst in &self.instances {
            let node = site.node("instance.name", &inst.name)?;
            let Some(link) = site.link_to(node) else {
                return site.fail(msg::INSTANCE_WITHOUT_LINK.with(&[("name", &inst.name)]));
            };
            if instances.iter().any(|x: &InstanceC| x.node == node) {
                return site.fail(msg::INSTANCE_TWICE.with(&[("name", &inst.name)]));
            }
            instances.push(InstanceC {
                name: inst.name.clone(),
                node,
                link,
                register_at: ck.ms("instance.register_at_ms", inst.register_at_ms, INSTANCE_TIMES_MS)?,
                deregister_at: match inst.deregister_at_ms {
                    Some(t) => Some(ck.ms("instance.deregister_at_ms", t, INSTANCE_TIMES_MS)?),
                    None => None,
                },
            });
        }
        if instances.is_empty() || instances.len() > 1000 {
            return site.fail(msg::REGISTRY_INSTANCES.text());
        }
        Ok(Kind::Registry(RegistryC {
            instances,
            heartbeat: ck.duration(&HEARTBEAT, self.heartbeat_ms)?.max(1000),
            ttl: ck.duration(&TTL, self.ttl_ms)?,
            check_every: ck.duration(&CHECK_INTERVAL, self.check_interval_ms)?.max(1000),
            client_side: self.discovery == Discovery::ClientSide,
            client_cache: ck.duration(&CLIENT_CACHE, self.client_cache_ms)?,
            random: self.balance == Balance::Random,
            timeout: ck.duration(&TIMEOUT, self.timeout_ms)?.max(1),
        }))
    }
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
