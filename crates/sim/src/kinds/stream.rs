//! `stream`: a Kinesis-like stream read shard by shard, in order, by the consumer on its one
//! outgoing link (an event source mapping).

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

/// A Kinesis-like stream read shard by shard by the consumer on its one outgoing link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    pub name: String,
    #[serde(default = "shards")]
    pub shards: u32,
    /// Records per batch (Lambda: 1 to 10,000, 100 by default).
    #[serde(default = "batch_size")]
    pub batch_size: u32,
    /// How long the stream keeps a record (Kinesis: 24 hours by default).
    #[serde(default = "retention_ms")]
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
    #[serde(default = "retry_delay_ms")]
    pub retry_delay_ms: f64,
    /// A batch unanswered this long counts as failed.
    #[serde(default = "timeout_ms")]
    pub timeout_ms: f64,
}

fn shards() -> u32 {
    SHARDS.default_count()
}
fn batch_size() -> u32 {
    BATCH.default_count()
}
fn retention_ms() -> f64 {
    RETENTION.default_number()
}
fn retry_delay_ms() -> f64 {
    RETRY_DELAY.default_number()
}
fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}

const SHARDS: F = F::count("shards", 1, 1, 500, "number of shards").settable();
const BATCH: F = F::count("batch_size", 100, 1, 10_000, "records per batch").settable();
const RETENTION: F = F::duration(
    "retention_ms",
    DAY_MS,
    365.0 * DAY_MS,
    "how long the stream keeps a record (Kinesis: 24 hours)",
)
.settable();
const MAX_AGE: F = F::duration(
    "max_record_age_ms",
    0.0,
    7.0 * DAY_MS,
    "the mapping's MaximumRecordAgeInSeconds: older records are skipped",
)
.optional()
.settable();
const MAX_RETRIES: F = F::count(
    "max_retry_attempts",
    0,
    0,
    10_000,
    "retries of a failed batch before it is discarded (none: until its records expire, the service's default)",
)
.optional()
.settable();
const RETRY_DELAY: F =
    F::duration("retry_delay_ms", 1000.0, HOUR_MS, "delay before a failed batch is read again").settable();
const TIMEOUT: F = F::duration("timeout_ms", 60_000.0, 900_000.0, "a batch unanswered this long counts as failed");

pub(crate) const INFO: KindInfo = KindInfo {
    word: "stream",
    title: "Kinesis-like stream",
    explanation: "Keeps records in shards, each read in order, one batch at a time, by its consumer.",
    fields: &[SHARDS, BATCH, RETENTION, MAX_AGE, MAX_RETRIES, RETRY_DELAY, TIMEOUT],
};

impl StreamSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        StreamSpec {
            name: name.to_string(),
            shards: shards(),
            batch_size: batch_size(),
            retention_ms: retention_ms(),
            max_record_age_ms: None,
            max_retry_attempts: None,
            retry_delay_ms: retry_delay_ms(),
            timeout_ms: timeout_ms(),
        }
    }
}

impl Spec for StreamSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "shards" => Slot::Count(&mut self.shards),
            "batch_size" => Slot::Count(&mut self.batch_size),
            "retention_ms" => Slot::Number(&mut self.retention_ms),
            "max_record_age_ms" => Slot::MaybeNumber(&mut self.max_record_age_ms),
            "max_retry_attempts" => Slot::MaybeCount(&mut self.max_retry_attempts),
            "retry_delay_ms" => Slot::Number(&mut self.retry_delay_ms),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Stream(StreamC {
            shards: ck.count(&SHARDS, self.shards)?,
            batch: ck.count(&BATCH, self.batch_size)?,
            max_age: {
                let retention = ck.duration(&RETENTION, self.retention_ms)?;
                match self.max_record_age_ms {
                    Some(a) => ck.duration(&MAX_AGE, a)?.min(retention),
                    None => retention,
                }
            },
            max_retries: match self.max_retry_attempts {
                Some(m) => Some(ck.count(&MAX_RETRIES, m)?),
                None => None,
            },
            retry_delay: ck.duration(&RETRY_DELAY, self.retry_delay_ms)?,
            timeout: ck.duration(&TIMEOUT, self.timeout_ms)?.max(1),
            link: {
                let l = site.one_link(msg::WHAT_STREAM)?;
                if !site.links.get(l).is_some_and(|l| l.sync) {
                    return site.fail(msg::STREAM_INVOKES_SYNC.text());
                }
                l
            },
        }))
    }
}

/// A stream's validated configuration, in microseconds.
#[derive(Clone, Debug)]
pub(crate) struct StreamC {
    pub shards: u32,
    pub batch: u32,
    /// The retention period or the mapping's maximum record age, whichever is shorter.
    pub max_age: Time,
    pub max_retries: Option<u32>,
    pub retry_delay: Time,
    pub timeout: Time,
    pub link: usize,
}
