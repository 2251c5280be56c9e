//! `function`: a Lambda-like function. On each invocation it calls its outgoing links in
//! order (waiting on `sync` ones), then computes for a sampled duration, then fails with
//! `error_rate`.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, HOUR_MS};
use crate::engine::dist::Sampler;
use crate::scenario::compile::Site;
use crate::scenario::{ComponentSpec, Dist, ScenarioError, SendOn};
use crate::step::{NodeId, Time};

/// A Lambda-like function. On each invocation it calls its outgoing links in order (waiting
/// on `sync` ones), then computes for a sampled duration, then fails with `error_rate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    pub name: String,
    /// Reserved concurrency: invocations beyond it are throttled (sync: 429; async: wait in
    /// the service's internal queue).
    #[serde(default = "concurrency")]
    pub concurrency: u32,
    #[serde(default = "duration")]
    pub duration: Dist,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default = "timeout_ms")]
    pub timeout_ms: f64,
    #[serde(default = "memory_mb")]
    pub memory_mb: f64,
    /// Retries of a failed asynchronous invocation (Lambda: 2 by default, at most 2).
    #[serde(default = "max_retries")]
    pub max_retries: u32,
    /// Delay before the first asynchronous retry; it doubles for the next (Lambda waits
    /// about 1 minute, then 2).
    #[serde(default = "retry_delay_ms")]
    pub retry_delay_ms: f64,
    #[serde(default = "max_event_age_ms")]
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
    #[serde(default = "price_per_gb_s")]
    pub price_per_gb_s: f64,
    #[serde(default = "price_per_million_requests")]
    pub price_per_million_requests: f64,
}

fn concurrency() -> u32 {
    CONCURRENCY.default_count()
}
fn duration() -> Dist {
    DURATION.default_dist()
}
fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}
fn memory_mb() -> f64 {
    MEMORY.default_number()
}
fn max_retries() -> u32 {
    MAX_RETRIES.default_count()
}
fn retry_delay_ms() -> f64 {
    RETRY_DELAY.default_number()
}
fn max_event_age_ms() -> f64 {
    MAX_EVENT_AGE.default_number()
}
fn price_per_gb_s() -> f64 {
    PRICE_GB_S.default_number()
}
fn price_per_million_requests() -> f64 {
    PRICE_REQUESTS.default_number()
}

const CONCURRENCY: F = F::count("concurrency", 10, 1, 100_000, "invocations at once").settable();
const DURATION: F = F::dist("duration", Dist::Fixed { ms: 100.0 }, "its own computing time").settable();
const ERROR_RATE: F = F::probability("error_rate", "probability that an invocation fails").settable();
const TIMEOUT: F =
    F::duration("timeout_ms", 3000.0, 900_000.0, "the invocation is stopped (status 504)").settable();
const MEMORY: F = F::number("memory_mb", "MB", 128.0, "for the cost").above(0.0).settable();
const MAX_RETRIES: F = F::count(
    "max_retries",
    2,
    0,
    2,
    "retries of a failed asynchronous invocation (0 to 2, as Lambda)",
)
.settable();
const RETRY_DELAY: F = F::duration(
    "retry_delay_ms",
    60_000.0,
    HOUR_MS,
    "delay before the first retry; it doubles (Lambda: about 1 then 2 minutes)",
);
const MAX_EVENT_AGE: F = F::duration(
    "max_event_age_ms",
    6.0 * HOUR_MS,
    6.0 * HOUR_MS,
    "an asynchronous event older than this expires instead of starting or retrying (Lambda: 6 hours)",
);
const ON_FAILURE: F = F::text(
    "on_failure",
    FieldDefault::Absent,
    "a queue receiving events that failed every retry (a DLQ / on-failure destination)",
);
const DECLINE_RATE: F = F::probability(
    "decline_rate",
    "probability that the work ends in a business refusal (a card declined): the invocation succeeds and sends on its `on = \"declined\"` links instead of its `on = \"success\"` ones",
)
.settable();
const CRASH_RATE: F = F::probability(
    "crash_rate",
    "probability that the process dies right after the call to `crash_after` answered, before the next call (the gap between a database commit and a publish)",
)
.settable();
const CRASH_AFTER: F = F::text(
    "crash_after",
    FieldDefault::Absent,
    "the component, called over a `sync` link of this function, after whose answer a crash may happen; required when `crash_rate` is above 0",
);
const PRICE_GB_S: F =
    F::number("price_per_gb_s", "USD", 0.000_016_666_7, "the price of a GB-second (Lambda x86, us-east-1)");
const PRICE_REQUESTS: F =
    F::number("price_per_million_requests", "USD", 0.20, "the price of a million requests");

pub(crate) const INFO: KindInfo = KindInfo {
    word: "function",
    title: "Lambda-like function",
    explanation: "Runs code on each invocation: calls its links in order, computes, and may fail.",
    fields: &[
        CONCURRENCY,
        DURATION,
        ERROR_RATE,
        TIMEOUT,
        MEMORY,
        MAX_RETRIES,
        RETRY_DELAY,
        MAX_EVENT_AGE,
        ON_FAILURE,
        DECLINE_RATE,
        CRASH_RATE,
        CRASH_AFTER,
        PRICE_GB_S,
        PRICE_REQUESTS,
    ],
};

impl FunctionSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        FunctionSpec {
            name: name.to_string(),
            concurrency: concurrency(),
            duration: duration(),
            error_rate: 0.0,
            timeout_ms: timeout_ms(),
            memory_mb: memory_mb(),
            max_retries: max_retries(),
            retry_delay_ms: retry_delay_ms(),
            max_event_age_ms: max_event_age_ms(),
            on_failure: None,
            decline_rate: 0.0,
            crash_rate: 0.0,
            crash_after: None,
            price_per_gb_s: price_per_gb_s(),
            price_per_million_requests: price_per_million_requests(),
        }
    }
}

impl Spec for FunctionSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "concurrency" => Slot::Count(&mut self.concurrency),
            "duration" => Slot::Dist(&mut self.duration),
            "error_rate" => Slot::Number(&mut self.error_rate),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            "memory_mb" => Slot::Number(&mut self.memory_mb),
            "max_retries" => Slot::Count(&mut self.max_retries),
            "retry_delay_ms" => Slot::Number(&mut self.retry_delay_ms),
            "max_event_age_ms" => Slot::Number(&mut self.max_event_age_ms),
            "on_failure" => Slot::MaybeText(&mut self.on_failure),
            "decline_rate" => Slot::Number(&mut self.decline_rate),
            "crash_rate" => Slot::Number(&mut self.crash_rate),
            "crash_after" => Slot::MaybeText(&mut self.crash_after),
            "price_per_gb_s" => Slot::Number(&mut self.price_per_gb_s),
            "price_per_million_requests" => Slot::Number(&mut self.price_per_million_requests),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Function(FunctionC {
            concurrency: ck.count(&CONCURRENCY, self.concurrency)?,
            duration: ck.dist(DURATION.path, &self.duration)?,
            error_rate: ck.probability(&ERROR_RATE, self.error_rate)?,
            timeout: ck.duration(&TIMEOUT, self.timeout_ms)?.max(1),
            memory_gb: ck.number(&MEMORY, self.memory_mb)? / 1024.0,
            max_retries: ck.count(&MAX_RETRIES, self.max_retries)?,
            retry_delay: ck.duration(&RETRY_DELAY, self.retry_delay_ms)?,
            max_age: ck.duration(&MAX_EVENT_AGE, self.max_event_age_ms)?,
            on_failure: self.on_failure(site)?,
            decline_rate: ck.probability(&DECLINE_RATE, self.decline_rate)?,
            crash_rate: ck.probability(&CRASH_RATE, self.crash_rate)?,
            crash_after: self.crash_after(site)?,
            price_gb_s: ck.number(&PRICE_GB_S, self.price_per_gb_s)?,
            price_request: ck.number(&PRICE_REQUESTS, self.price_per_million_requests)? / 1e6,
        }))
    }
}

impl FunctionSpec {
    fn on_failure(&self, site: &Site) -> Result<Option<NodeId>, ScenarioError> {
        let Some(q) = &self.on_failure else {
            return Ok(None);
        };
        let n = site.node("on_failure", q)?;
        if !matches!(site.spec(n), Some(ComponentSpec::Queue(_))) {
            return site.fail(msg::ON_FAILURE_NOT_QUEUE.with(&[("name", q)]));
        }
        Ok(Some(n))
    }

    /// The crash point: a component the function calls synchronously before its own work.
    fn crash_after(&self, site: &Site) -> Result<Option<NodeId>, ScenarioError> {
        let Some(name) = &self.crash_after else {
            if self.crash_rate > 0.0 {
                return site.fail(msg::CRASH_RATE_NEEDS_CRASH_AFTER.text());
            }
            return Ok(None);
        };
        let node = site.node("crash_after", name)?;
        let called = site
            .link_to(node)
            .and_then(|l| site.links.get(l))
            .is_some_and(|l| l.sync && l.on == SendOn::Invoke);
        if !called {
            return site.fail(msg::CRASH_AFTER_NOT_CALLED.with(&[("name", name)]));
        }
        Ok(Some(node))
    }
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
