//! The counts a service dashboard shows (requests, successes, errors by kind, retries,
//! dead letters, duplicate deliveries, cost) as one fold over a run's steps. The run's
//! [`Metrics`](crate::Metrics) take these figures from it, and the player folds it up to the
//! step it shows ([`Run::tally`](crate::Run::tally)), so the two cannot disagree.

use std::collections::BTreeMap;

use crate::scenario::{Kind, Topology};
use crate::step::{NodeId, Payload, Step, StepKind};

/// Every error kind a tally counts, in the order a dashboard lists them.
pub const ERROR_KINDS: [&str; 10] = [
    "timeout",
    "429",
    "4xx",
    "5xx",
    "throttled",
    "short_circuited",
    "bulkhead_rejected",
    "connection_refused",
    "dropped_by_fault",
    "function_error",
];

/// The error kind a failed answer counts as (0 stands for a timeout).
pub fn status_kind(status: u16) -> &'static str {
    match status {
        0 => "timeout",
        429 => "429",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Client requests started (correlation ids seen).
    pub requests: u64,
    pub answered_ok: u64,
    pub answered_error: u64,
    /// Failed answers by kind and component-level error events, named as in [`ERROR_KINDS`].
    pub errors: BTreeMap<&'static str, u64>,
    pub retries: u64,
    pub dead_lettered: u64,
    /// Deliveries from a queue beyond the first for the same request.
    pub duplicate_deliveries: u64,
    pub cost_usd: f64,
    seen: Bits,
    delivered: BTreeMap<NodeId, Bits>,
}

impl Tally {
    /// Counts step `s` of a run over `topo`.
    pub(crate) fn apply(&mut self, topo: &Topology, s: &Step) {
        if s.msg.is_some() && !self.seen.insert(s.corr) {
            self.requests += 1;
        }
        let function = match topo.kinds.get(s.node.0 as usize) {
            Some(Kind::Function(f)) => Some(f),
            _ => None,
        };
        match s.kind {
            StepKind::Answered => match s.payload {
                Payload::Reply { status } if (200..300).contains(&status) => self.answered_ok += 1,
                Payload::Reply { status } => self.failed_answer(status),
                _ => self.failed_answer(0),
            },
            StepKind::Retried => self.retries += 1,
            StepKind::Throttled => self.error("throttled"),
            StepKind::ShortCircuited => self.error("short_circuited"),
            StepKind::BulkheadRejected => self.error("bulkhead_rejected"),
            StepKind::ConnectionRefused => self.error("connection_refused"),
            StepKind::Dropped => self.error("dropped_by_fault"),
            StepKind::DeadLettered => self.dead_lettered += 1,
            StepKind::ReceivedFromQueue if s.msg.is_some() && self.delivered.entry(s.node).or_default().insert(s.corr) => {
                self.duplicate_deliveries += 1;
            }
            StepKind::Started if s.msg.is_some() => {
                self.cost_usd += function.map_or(0.0, |f| f.price_request);
            }
            StepKind::Finished if s.msg.is_some() => {
                if let Some(f) = function {
                    self.cost_usd += s.detail as f64 / 1e6 * f.memory_gb * f.price_gb_s;
                    if matches!(s.payload, Payload::Reply { status } if status >= 500) {
                        self.error("function_error");
                    }
                }
            }
            _ => {}
        }
    }

    fn failed_answer(&mut self, status: u16) {
        self.answered_error += 1;
        self.error(status_kind(status));
    }

    fn error(&mut self, kind: &'static str) {
        *self.errors.entry(kind).or_default() += 1;
    }

    pub fn errors_total(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Errors of one kind (a name from [`ERROR_KINDS`]).
    pub fn errors_of(&self, kind: &str) -> u64 {
        self.errors.get(kind).copied().unwrap_or(0)
    }
}

/// A growable set of small numbers (correlation ids are dense from 0).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// Adds `n`; true if it was there already.
    pub(crate) fn insert(&mut self, n: u32) -> bool {
        let (word, bit) = (n as usize / 64, 1u64 << (n % 64));
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        let Some(bits) = self.0.get_mut(word) else { return false };
        let already = *bits & bit != 0;
        *bits |= bit;
        already
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_remember_what_they_hold() {
        let mut bits = Bits::default();
        assert!(!bits.insert(3));
        assert!(bits.insert(3));
        assert!(!bits.insert(200));
        assert!(bits.insert(200) && !bits.insert(64));
    }

    #[test]
    fn every_status_has_a_listed_kind() {
        for status in [0, 400, 404, 429, 500, 503, 504] {
            assert!(ERROR_KINDS.contains(&status_kind(status)), "{status}");
        }
    }
}
