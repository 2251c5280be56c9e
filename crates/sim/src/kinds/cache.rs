//! `cache`: a read-through cache in front of the component on its one outgoing link.

use lab_i18n::scenario as msg;
use serde::{Deserialize, Serialize};

use super::{FieldInfo as F, Kind, KindInfo, Slot, Spec, DAY_MS, HOUR_MS};
use crate::scenario::compile::Site;
use crate::scenario::ScenarioError;
use crate::step::Time;

/// A read-through cache in front of the component on its one outgoing link: a successful
/// answer for an operation is reused for `ttl_ms`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    pub name: String,
    #[serde(default = "ttl_ms")]
    pub ttl_ms: f64,
    #[serde(default = "timeout_ms")]
    pub timeout_ms: f64,
}

fn ttl_ms() -> f64 {
    TTL.default_number()
}
fn timeout_ms() -> f64 {
    TIMEOUT.default_number()
}

const TTL: F = F::duration("ttl_ms", 60_000.0, DAY_MS, "how long a successful answer is reused").settable();
const TIMEOUT: F = F::duration("timeout_ms", 1000.0, HOUR_MS, "backend call timeout");

pub(crate) const INFO: KindInfo = KindInfo {
    word: "cache",
    title: "Read-through cache",
    explanation: "Answers from memory while an answer is fresh, and asks its backend otherwise.",
    fields: &[TTL, TIMEOUT],
};

impl CacheSpec {
    /// This component with every field at its documented default.
    pub fn named(name: &str) -> Self {
        CacheSpec {
            name: name.to_string(),
            ttl_ms: ttl_ms(),
            timeout_ms: timeout_ms(),
        }
    }
}

impl Spec for CacheSpec {
    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "ttl_ms" => Slot::Number(&mut self.ttl_ms),
            "timeout_ms" => Slot::Number(&mut self.timeout_ms),
            _ => return None,
        })
    }

    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        let ck = site.check();
        Ok(Kind::Cache(CacheC {
            ttl: ck.duration(&TTL, self.ttl_ms)?,
            timeout: ck.duration(&TIMEOUT, self.timeout_ms)?.max(1),
            link: site.one_link(msg::WHAT_CACHE)?,
        }))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct CacheC {
    pub ttl: Time,
    pub timeout: Time,
    pub link: usize,
}
