//! `queue`: an SQS-like queue, standard or FIFO, with an optional pool of consumers that
//! poll it and invoke the function on its one outgoing link.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldDefault, FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::{ComponentSpec, ScenarioError};
use crate::step::{NodeId, Time};

/// An SQS-like queue, standard or FIFO, with an optional pool of consumers that poll it and
/// invoke the component on the queue's one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    #[serde(default)]
    pub fifo: bool,
    #[serde(default = "visibility_timeout_ms")]
    pub visibility_timeout_ms: f64,
    /// Redrive policy: after this many receives the next receive moves the message to
    /// `dead_letter` instead.
    #[serde(default)]
    pub max_receive_count: Option<u32>,
    #[serde(default)]
    pub dead_letter: Option<String>,
    /// 4 days by default, as in SQS.
    #[serde(default = "retention_ms")]
    pub retention_ms: f64,
    #[serde(default)]
    pub delay_ms: f64,
    /// Messages per receive, 1 to 10.
    #[serde(default = "batch_size")]
    pub batch_size: u32,
    /// Long polling wait (0 to 20 s). With 0 an idle consumer polls again after 1 s.
    #[serde(default = "wait_time_ms")]
    pub wait_time_ms: f64,
    /// Number of consumers polling concurrently (0: nobody consumes).
    #[serde(default)]
    pub consumers: u32,
    /// FIFO only: identical messages (same request and operation) within this window are
    /// accepted but stored once (SQS: 5 minutes).
    #[serde(default = "dedup_window_ms")]
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

fn visibility_timeout_ms() -> f64 {
    VISIBILITY.default_number()
}
fn retention_ms() -> f64 {
    RETENTION.default_number()
}
fn batch_size() -> u32 {
    BATCH.default_count()
}
fn wait_time_ms() -> f64 {
    WAIT.default_number()
}
fn dedup_window_ms() -> f64 {
    DEDUP.default_number()
}

const FIFO: F = F::flag("fifo", false, "FIFO queue");
const CONSUMERS: F = F::count(
    "consumers",
    0,
    0,
    10_000,
    "pollers invoking the function on the queue's one outgoing link",
)
.settable();
const VISIBILITY: F = F::duration(
    "visibility_timeout_ms",
    30_000.0,
    12.0 * HOUR_MS,
    "a received message stays invisible this long unless deleted",
)
.settable();
const MAX_RECEIVES: F = F::count(
    "max_receive_count",
    0,
    1,
    1000,
    "redrive policy: after this many receives the message moves to `dead_letter`",
)
.optional()
.settable();
const DEAD_LETTER: F = F::text(
    "dead_letter",
    FieldDefault::Absent,
    "the dead-letter queue (a queue with `consumers = 0`)",
);
const RETENTION: F = F::duration(
    "retention_ms",
    4.0 * DAY_MS,
    14.0 * DAY_MS,
    "older messages are removed (SQS: 4 days by default, 1 minute to 14 days)",
)
.at_least(60_000.0)
.settable();
const DELAY: F = F::duration("delay_ms", 0.0, 900_000.0, "new messages stay invisible this long").settable();
const BATCH: F = F::count("batch_size", 1, 1, 10, "messages per receive").settable();
const WAIT: F = F::duration(
    "wait_time_ms",
    20_000.0,
    20_000.0,
    "long polling: an idle consumer waits this long and is answered as soon as a message arrives; with 0 it polls again after 1 s",
)
.settable();
const DEDUP: F = F::duration(
    "dedup_window_ms",
    300_000.0,
    DAY_MS,
    "FIFO: a message identical to one sent within the window (same request and operation) is accepted but not stored",
);
const DUPLICATE_RATE: F = F::probability(
    "duplicate_rate",
    "standard only: probability that a receive leaves a copy of the message behind, delivered again (at-least-once delivery)",
)
.settable();
const REORDER_RATE: F = F::probability(
    "reorder_rate",
    "standard only: probability that a receive takes a visible message at random instead of the oldest (best-effort ordering)",
)
.settable();

pub(crate) const INFO: KindInfo = KindInfo {
    word: "queue",
    title: "SQS-like queue",
    explanation: "Keeps messages until a consumer receives and deletes them; redrives failures to a dead-letter queue.",
    fields: &[
        FIFO,
        CONSUMERS,
        VISIBILITY,
        MAX_RECEIVES,
        DEAD_LETTER,
        RETENTION,
        DELAY,
        BATCH,
        WAIT,
        DEDUP,
        DUPLICATE_RATE,
        REORDER_RATE,
    ],
};

impl QueueSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        QueueSpec {
            name: name.to_string(),
            fifo: false,
            visibility_timeout_ms: visibility_timeout_ms(),
            max_receive_count: None,
            dead_letter: None,
            retention_ms: retention_ms(),
            delay_ms: 0.0,
            batch_size: batch_size(),
            wait_time_ms: wait_time_ms(),
            consumers: 0,
            dedup_window_ms: dedup_window_ms(),
            duplicate_rate: 0.0,
            reorder_rate: 0.0,
        }
    }
}

impl Spec for QueueSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "fifo" => Slot::Bool(&mut self.fifo),
            "consumers" => Slot::Count(&mut self.consumers),
            "visibility_timeout_ms" => Slot::Number(&mut self.visibility_timeout_ms),
            "max_receive_count" => Slot::MaybeCount(&mut self.max_receive_count),
            "dead_letter" => Slot::MaybeText(&mut self.dead_letter),
            "retention_ms" => Slot::Number(&mut self.retention_ms),
            "delay_ms" => Slot::Number(&mut self.delay_ms),
            "batch_size" => Slot::Count(&mut self.batch_size),
            "wait_time_ms" => Slot::Number(&mut self.wait_time_ms),
            "dedup_window_ms" => Slot::Number(&mut self.dedup_window_ms),
            "duplicate_rate" => Slot::Number(&mut self.duplicate_rate),
            "reorder_rate" => Slot::Number(&mut self.reorder_rate),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        let dead_letter = self.dead_letter(site)?;
        let max_receives = match self.max_receive_count {
            Some(m) => Some(ck.count(&MAX_RECEIVES, m)?),
            None => None,
        };
        if max_receives.is_some() != dead_letter.is_some() {
            return site.fail(msg::REDRIVE_NEEDS_BOTH.text());
        }
        let consumers = ck.count(&CONSUMERS, self.consumers)?;
        let duplicate_rate = ck.probability(&DUPLICATE_RATE, self.duplicate_rate)?;
        let reorder_rate = ck.probability(&REORDER_RATE, self.reorder_rate)?;
        if self.fifo && (duplicate_rate > 0.0 || reorder_rate > 0.0) {
            return site.fail(msg::FIFO_WITHOUT_DUPLICATES.text());
        }
        let consumer_link = if consumers > 0 {
            Some(site.one_link(msg::WHAT_QUEUE_WITH_CONSUMERS)?)
        } else {
            None
        };
        Ok(Kind::Queue(QueueC {
            fifo: self.fifo,
            visibility: ck.duration(&VISIBILITY, self.visibility_timeout_ms)?,
            max_receives,
            dead_letter,
            retention: ck.duration(&RETENTION, self.retention_ms)?,
            delay: ck.duration(&DELAY, self.delay_ms)?,
            batch: ck.count(&BATCH, self.batch_size)?,
            wait: ck.duration(&WAIT, self.wait_time_ms)?,
            consumers,
            dedup: ck.duration(&DEDUP, self.dedup_window_ms)?,
            duplicate_rate,
            reorder_rate,
            consumer_link,
        }))
    }
}

impl QueueSpec {
    fn dead_letter(&self, site: &Site) -> Result<Option<NodeId>, ScenarioError> {
        let Some(d) = &self.dead_letter else {
            return Ok(None);
        };
        let n = site.node("dead_letter", d)?;
        match site.spec(n) {
            Some(ComponentSpec::Queue(dlq)) if n != site.me && dlq.consumers == 0 => Ok(Some(n)),
            Some(ComponentSpec::Queue(_)) if n != site.me => site.fail(msg::DEAD_LETTER_HAS_CONSUMERS.with(&[("name", d)])),
            _ => site.fail(msg::DEAD_LETTER_NOT_QUEUE.with(&[("name", d)])),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct QueueC {
    pub fifo: bool,
    pub visibility: Time,
    pub max_receives: Option<u32>,
    pub dead_letter: Option<NodeId>,
    pub retention: Time,
    pub delay: Time,
    pub batch: u32,
    pub wait: Time,
    pub consumers: u32,
    pub dedup: Time,
    pub duplicate_rate: f64,
    pub reorder_rate: f64,
    pub consumer_link: Option<usize>,
}
