//! `client`: the caller. It sends requests on its one outgoing link, waits, times out,
//! retries with exponential backoff and full jitter, and can poll a status route.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::engine::dist::to_time;
use crate::scenario::check::Check;
use crate::scenario::compile::Site;
use crate::scenario::{ScenarioError, Workload};
use crate::step::Time;

/// A caller: sends requests on its one outgoing link, waits, times out, retries with
/// exponential backoff and full jitter, and can poll a status route by request id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSpec {
    pub name: String,
    /// Method and path of the request, e.g. `"POST /payments"`.
    pub op: String,
    pub workload: Workload,
    #[serde(default = "timeout_ms")]
    pub timeout_ms: f64,
    /// Extra attempts after the first, for timeouts, 429 and 5xx answers.
    #[serde(default)]
    pub retries: u32,
    #[serde(default = "backoff_base_ms")]
    pub backoff_base_ms: f64,
    #[serde(default = "backoff_max_ms")]
    pub backoff_max_ms: f64,
    /// Full jitter: each backoff is uniform between 0 and its exponential value.
    #[serde(default = "jitter")]
    pub jitter: bool,
    /// FIFO message groups: request number n belongs to group n mod `groups`.
    #[serde(default = "groups")]
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
    #[serde(default = "poll_interval_ms")]
    pub interval_ms: f64,
    #[serde(default = "max_polls")]
    pub max_polls: u32,
}

fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}
fn backoff_base_ms() -> f64 {
    BACKOFF_BASE.default_number()
}
fn backoff_max_ms() -> f64 {
    BACKOFF_MAX.default_number()
}
fn jitter() -> bool {
    JITTER.default_flag()
}
fn groups() -> u32 {
    GROUPS.default_count()
}
fn poll_interval_ms() -> f64 {
    1000.0
}
fn max_polls() -> u32 {
    10
}

const OP: F = F::text("op", FieldDefault::Required, "the request, e.g. `\"POST /payments\"`");
const WORKLOAD: F = F::workload("workload", "see Workloads").settable();
const TIMEOUT: F = F::duration("timeout_ms", 3000.0, f64::INFINITY, "how long it waits for an answer")
    .above(0.0)
    .settable();
const RETRIES: F = F::count(
    "retries",
    0,
    0,
    100,
    "extra attempts after a timeout, a 429 or a 5xx (never after another 4xx)",
)
.settable();
const BACKOFF_BASE: F =
    F::duration("backoff_base_ms", 100.0, HOUR_MS, "first retry delay; it doubles each time").settable();
const BACKOFF_MAX: F = F::duration("backoff_max_ms", 5000.0, HOUR_MS, "cap on the delay").settable();
const JITTER: F = F::flag(
    "jitter",
    true,
    "full jitter: each delay is uniform between 0 and its exponential value",
);
const GROUPS: F = F::count(
    "groups",
    1,
    1,
    65_535,
    "FIFO message groups: request n belongs to group n mod `groups`",
);
const POLL: F = F::table(
    "poll",
    FieldDefault::Absent,
    "`{ op = \"GET /status/{id}\", interval_ms = 1000, max_polls = 10 }`: after a 202 answer, poll this route until it answers 200",
);

pub(crate) const INFO: KindInfo = KindInfo {
    word: "client",
    title: "Client",
    explanation: "The caller: sends requests, waits, times out, retries with backoff and polls a status route.",
    fields: &[OP, WORKLOAD, TIMEOUT, RETRIES, BACKOFF_BASE, BACKOFF_MAX, JITTER, GROUPS, POLL],
};

/// At most this many requests per client.
const MAX_REQUESTS: u32 = 1_000_000;

impl ClientSpec {
    /// A client sending `op` with the given workload and default timeout and retries.
    pub fn new(name: &str, op: &str, workload: Workload) -> Self {
        ClientSpec {
            name: name.to_string(),
            op: op.to_string(),
            workload,
            timeout_ms: timeout_ms(),
            retries: 0,
            backoff_base_ms: backoff_base_ms(),
            backoff_max_ms: backoff_max_ms(),
            jitter: jitter(),
            groups: groups(),
            poll: None,
        }
    }

    /// A client with every field at its default, sending ten requests a second for ten
    /// seconds.
    pub fn named(name: &str) -> Self {
        let workload = Workload::Constant {
            rate_per_s: 10.0,
            count: 100,
            start_ms: 0.0,
        };
        ClientSpec::new(name, "POST /orders", workload)
    }
}

impl Spec for ClientSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "op" => Slot::Text(&mut self.op),
            "workload" => Slot::Workload(&mut self.workload),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            "retries" => Slot::Count(&mut self.retries),
            "backoff_base_ms" => Slot::Number(&mut self.backoff_base_ms),
            "backoff_max_ms" => Slot::Number(&mut self.backoff_max_ms),
            "jitter" => Slot::Bool(&mut self.jitter),
            "groups" => Slot::Count(&mut self.groups),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        let link = site.one_link(msg::WHAT_CLIENT)?;
        let poll = match &self.poll {
            Some(p) => Some(PollC {
                op: site.op("poll.op", &p.op)?,
                interval: ck.ms("poll.interval_ms", p.interval_ms, HOUR_MS)?,
                max_polls: ck.count_in("poll.max_polls", p.max_polls, 1, 10_000)?,
            }),
            None => None,
        };
        Ok(Kind::Client(ClientC {
            op: site.op("op", &self.op)?,
            workload: compile_workload(&ck, &self.workload)?,
            timeout: to_time(ck.number(&TIMEOUT, self.timeout_ms)?.min(DAY_MS) * 1000.0),
            retries: ck.count(&RETRIES, self.retries)?,
            backoff_base: ck.duration(&BACKOFF_BASE, self.backoff_base_ms)? as f64,
            backoff_max: ck.duration(&BACKOFF_MAX, self.backoff_max_ms)? as f64,
            jitter: self.jitter,
            groups: ck.count(&GROUPS, self.groups)?,
            poll,
            link,
        }))
    }
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
            period: 1e6 / ck.number(&RATE, *rate_per_s)?,
            count: *count,
        },
        Workload::Poisson {
            rate_per_s,
            count,
            start_ms,
        } => WorkloadC::Poisson {
            start: ck.ms("workload.start_ms", *start_ms, 30.0 * DAY_MS)?,
            mean_gap: 1e6 / ck.number(&RATE, *rate_per_s)?,
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
        return ck.fail(msg::WORKLOAD_TOO_MANY.with(&[("n", &wc.total()), ("max", &MAX_REQUESTS)]));
    }
    Ok(wc)
}

/// A workload's rate, checked as the number it is.
const RATE: F = F::number("workload.rate_per_s", "per s", 1.0, "requests per second").above(0.0);

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
