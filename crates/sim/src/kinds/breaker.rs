//! `breaker`: a circuit breaker with a bulkhead, in front of the component on its one
//! outgoing link.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

/// A circuit breaker with a bulkhead, in front of the component on its one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakerSpec {
    pub name: String,
    /// Failures (5xx, 429, timeouts) within `window_ms` that open the circuit.
    #[serde(default = "failure_threshold")]
    pub failure_threshold: u32,
    #[serde(default = "window_ms")]
    pub window_ms: f64,
    /// How long the circuit stays open before letting trial calls through.
    #[serde(default = "open_ms")]
    pub open_ms: f64,
    /// Trial calls allowed while half-open; all must succeed to close the circuit.
    #[serde(default = "half_open_trials")]
    pub half_open_trials: u32,
    /// Bulkhead: at most this many calls outstanding.
    #[serde(default)]
    pub max_outstanding: Option<u32>,
    #[serde(default = "timeout_ms")]
    pub timeout_ms: f64,
}

fn failure_threshold() -> u32 {
    THRESHOLD.default_count()
}
fn window_ms() -> f64 {
    WINDOW.default_number()
}
fn open_ms() -> f64 {
    OPEN.default_number()
}
fn half_open_trials() -> u32 {
    TRIALS.default_count()
}
fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}

const THRESHOLD: F = F::count(
    "failure_threshold",
    5,
    1,
    1_000_000,
    "failures (5xx, 429, timeouts) within the window that open the circuit",
)
.settable();
const WINDOW: F = F::duration("window_ms", 10_000.0, DAY_MS, "the sliding window").settable();
const OPEN: F =
    F::duration("open_ms", 5000.0, DAY_MS, "how long it stays open before going half-open").settable();
const TRIALS: F = F::count(
    "half_open_trials",
    1,
    1,
    1_000_000,
    "calls let through when half-open; all must succeed to close",
)
.settable();
const MAX_OUTSTANDING: F = F::count(
    "max_outstanding",
    0,
    1,
    1_000_000,
    "bulkhead: calls in flight at most; more get 503",
)
.optional()
.settable();
const TIMEOUT: F = F::duration(
    "timeout_ms",
    1000.0,
    HOUR_MS,
    "call timeout (counts as a failure, answers 504)",
)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "breaker",
    title: "Circuit breaker",
    explanation: "Stops calling a failing dependency for a while, and caps the calls in flight (a bulkhead).",
    fields: &[THRESHOLD, WINDOW, OPEN, TRIALS, MAX_OUTSTANDING, TIMEOUT],
};

impl BreakerSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        BreakerSpec {
            name: name.to_string(),
            failure_threshold: failure_threshold(),
            window_ms: window_ms(),
            open_ms: open_ms(),
            half_open_trials: half_open_trials(),
            max_outstanding: None,
            timeout_ms: timeout_ms(),
        }
    }
}

impl Spec for BreakerSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "failure_threshold" => Slot::Count(&mut self.failure_threshold),
            "window_ms" => Slot::Number(&mut self.window_ms),
            "open_ms" => Slot::Number(&mut self.open_ms),
            "half_open_trials" => Slot::Count(&mut self.half_open_trials),
            "max_outstanding" => Slot::MaybeCount(&mut self.max_outstanding),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Breaker(BreakerC {
            threshold: ck.count(&THRESHOLD, self.failure_threshold)?,
            window: ck.duration(&WINDOW, self.window_ms)?,
            open: ck.duration(&OPEN, self.open_ms)?,
            trials: ck.count(&TRIALS, self.half_open_trials)?,
            max_outstanding: match self.max_outstanding {
                Some(m) => Some(ck.count(&MAX_OUTSTANDING, m)?),
                None => None,
            },
            timeout: ck.duration(&TIMEOUT, self.timeout_ms)?.max(1),
            link: site.one_link(msg::WHAT_BREAKER)?,
        }))
    }
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
