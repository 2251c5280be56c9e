//! `store`: a database. Each request holds one connection for a sampled latency; writes and
//! reads of routes with `{id}` record and look up request ids; an optional transactional
//! outbox publishes on the store's one outgoing link.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldInfo as F, Kind, KindInfo, Slot, Spec, HOUR_MS};
use crate::engine::dist::Sampler;
use crate::scenario::compile::Site;
use crate::scenario::{Dist, ScenarioError};
use crate::step::Time;

/// A database: each request holds one connection for a sampled latency. Writes to a route
/// with `{id}` record the request id; reads of such a route answer 200 if it was written,
/// else 404 (this is what a status poll reads).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSpec {
    pub name: String,
    #[serde(default = "latency")]
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
    #[serde(default = "relay_interval_ms")]
    pub relay_interval_ms: f64,
}

fn latency() -> Dist {
    LATENCY.default_dist()
}
fn relay_interval_ms() -> f64 {
    RELAY_INTERVAL.default_number()
}

const LATENCY: F = F::dist("latency", Dist::Fixed { ms: 5.0 }, "time a request holds a connection").settable();
const CONNECTIONS: F = F::count(
    "connections",
    0,
    1,
    1_000_000,
    "connection limit; beyond it a request is refused with 503",
)
.optional()
.settable();
const ERROR_RATE: F = F::probability("error_rate", "probability of a 500").settable();
const OUTBOX: F = F::flag(
    "outbox",
    false,
    "transactional outbox: every write to a path with `{id}` also inserts an outbox row, and a message relay publishes the rows on the store's one outgoing link",
);
const RELAY_INTERVAL: F = F::duration(
    "relay_interval_ms",
    100.0,
    HOUR_MS,
    "how often the relay polls the outbox table (the polling publisher)",
)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "store",
    title: "Database",
    explanation: "Holds a connection per request; records written ids, and can publish through an outbox.",
    fields: &[LATENCY, CONNECTIONS, ERROR_RATE, OUTBOX, RELAY_INTERVAL],
};

impl StoreSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        StoreSpec {
            name: name.to_string(),
            latency: latency(),
            connections: None,
            error_rate: 0.0,
            outbox: false,
            relay_interval_ms: relay_interval_ms(),
        }
    }
}

impl Spec for StoreSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "latency" => Slot::Dist(&mut self.latency),
            "connections" => Slot::MaybeCount(&mut self.connections),
            "error_rate" => Slot::Number(&mut self.error_rate),
            "outbox" => Slot::Bool(&mut self.outbox),
            "relay_interval_ms" => Slot::Number(&mut self.relay_interval_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Store(StoreC {
            latency: ck.dist(LATENCY.path, &self.latency)?,
            connections: match self.connections {
                Some(c) => Some(ck.count(&CONNECTIONS, c)?),
                None => None,
            },
            error_rate: ck.probability(&ERROR_RATE, self.error_rate)?,
            outbox: if self.outbox {
                Some(OutboxC {
                    link: site.one_link(msg::WHAT_STORE_WITH_OUTBOX)?,
                    interval: ck.duration(&RELAY_INTERVAL, self.relay_interval_ms)?.max(1),
                })
            } else {
                None
            },
        }))
    }
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
