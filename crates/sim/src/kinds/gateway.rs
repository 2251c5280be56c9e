//! `gateway`: an API gateway that routes by method and path, throttles with a token bucket
//! and caches.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

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
    #[serde(default = "burst")]
    pub burst: f64,
    /// API Gateway's integration timeout (29 s by default).
    #[serde(default = "integration_timeout_ms")]
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

fn burst() -> f64 {
    BURST.default_number()
}
fn integration_timeout_ms() -> f64 {
    TIMEOUT.default_number()
}

const ROUTES: F = F::table(
    "routes",
    FieldDefault::Required,
    "`[{ op = \"POST /payments\", target = \"payments\", cache_ttl_ms = 0, accepted = false, http_integration = false }]`",
);
const RATE: F = F::number("rate_per_s", "per s", 0.0, "token bucket refill rate; none means no throttling")
    .above(0.0)
    .optional()
    .settable();
const BURST: F = F::number("burst", "requests", 100.0, "token bucket size").above(0.0).settable();
const TIMEOUT: F = F::duration(
    "integration_timeout_ms",
    29_000.0,
    HOUR_MS,
    "API Gateway's integration timeout; the client gets 504",
)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "gateway",
    title: "API gateway",
    explanation: "Routes requests by method and path, throttles with a token bucket and caches answers.",
    fields: &[ROUTES, RATE, BURST, TIMEOUT],
};

impl GatewaySpec {
    /// This component with every field at its documented default, and no routes yet.
    pub fn named(name: &str) -> Self {
        GatewaySpec {
            name: name.to_string(),
            routes: Vec::new(),
            rate_per_s: None,
            burst: burst(),
            integration_timeout_ms: integration_timeout_ms(),
        }
    }
}

impl Spec for GatewaySpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "rate_per_s" => Slot::MaybeNumber(&mut self.rate_per_s),
            "burst" => Slot::Number(&mut self.burst),
            "integration_timeout_ms" => Slot::Number(&mut self.integration_timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        let mut routes = Vec::new();
        for r in &self.routes {
            let target = site.node("routes.target", &r.target)?;
            let Some(link) = site.link_to(target) else {
                return site.fail(msg::ROUTE_WITHOUT_LINK.with(&[("op", &r.op), ("target", &r.target)]));
            };
            routes.push(RouteC {
                op: site.op("routes.op", &r.op)?,
                link,
                ttl: ck.ms("routes.cache_ttl_ms", r.cache_ttl_ms, HOUR_MS)?,
                accepted: r.accepted,
                lambda: site.is_function(target) && !r.http_integration,
            });
        }
        Ok(Kind::Gateway(GatewayC {
            routes,
            rate: match self.rate_per_s {
                Some(r) => Some(ck.number(&RATE, r)? / 1e6),
                None => None,
            },
            burst: ck.number(&BURST, self.burst)?.max(1.0),
            timeout: ck.duration(&TIMEOUT, self.integration_timeout_ms)?.max(1),
        }))
    }
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
