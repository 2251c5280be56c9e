//! Live counters as a service dashboard shows them, measured from the run up to the shown
//! step. They follow lab-sim's own metrics definitions, so at the last step they equal the
//! run's metrics (a test checks it). Totals are kept every [`EVERY`] steps so any step is
//! reached by folding at most that many.

use std::collections::{BTreeMap, BTreeSet};

use lab_sim::{status_kind, ComponentSpec, Payload, Run, Scenario, Step, StepKind};

const EVERY: usize = 256;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counters {
    pub requests: u64,
    pub successes: u64,
    /// Errors by kind, with lab-sim's names ("429", "5xx", "timeout", "throttled", ...).
    pub errors: BTreeMap<&'static str, u64>,
    pub throttled: u64,
    pub retries: u64,
    pub dead_lettered: u64,
    pub duplicates: u64,
    pub cost_usd: f64,
    /// Correlation ids seen (requests) and delivered by a queue (duplicates).
    seen: BTreeSet<u32>,
    delivered: BTreeSet<(u32, u32)>,
}

/// Prices of each component that bills (functions), by component index.
struct Prices(Vec<Option<(f64, f64)>>);

impl Prices {
    fn of(scenario: &Scenario) -> Self {
        Prices(
            scenario
                .components
                .iter()
                .map(|c| match c {
                    ComponentSpec::Function(f) => Some((
                        f.memory_mb / 1024.0 * f.price_per_gb_s,
                        f.price_per_million_requests / 1e6,
                    )),
                    _ => None,
                })
                .collect(),
        )
    }
}

impl Counters {
    fn apply(&mut self, s: &Step, prices: &Prices) {
        if s.msg.is_some() && self.seen.insert(s.corr) {
            self.requests += 1;
        }
        let price = prices.0.get(s.node.0 as usize).copied().flatten();
        match s.kind {
            StepKind::Answered => match s.payload {
                Payload::Reply { status } if (200..300).contains(&status) => self.successes += 1,
                Payload::Reply { status } => self.error(status_kind(status)),
                _ => self.error("timeout"),
            },
            StepKind::Retried => self.retries += 1,
            StepKind::Throttled => {
                self.throttled += 1;
                self.error("throttled");
            }
            StepKind::ShortCircuited => self.error("short_circuited"),
            StepKind::BulkheadRejected => self.error("bulkhead_rejected"),
            StepKind::ConnectionRefused => self.error("connection_refused"),
            StepKind::Dropped => self.error("dropped_by_fault"),
            StepKind::DeadLettered => self.dead_lettered += 1,
            StepKind::ReceivedFromQueue => {
                if !self.delivered.insert((s.node.0, s.corr)) {
                    self.duplicates += 1;
                }
            }
            StepKind::Started => self.cost_usd += price.map_or(0.0, |(_, per_request)| per_request),
            StepKind::Finished => {
                self.cost_usd += price.map_or(0.0, |(per_s, _)| s.detail as f64 / 1e6 * per_s);
                if matches!(s.payload, Payload::Reply { status } if status >= 500) && price.is_some() {
                    self.error("function_error");
                }
            }
            _ => {}
        }
    }

    fn error(&mut self, kind: &'static str) {
        *self.errors.entry(kind).or_default() += 1;
    }

    pub fn errors_total(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// Counters at every [`EVERY`]-th step of one run.
pub struct CounterIndex {
    prices: Prices,
    saved: Vec<Counters>,
}

impl CounterIndex {
    pub fn new(run: &Run, scenario: &Scenario) -> Self {
        let prices = Prices::of(scenario);
        let mut saved = vec![Counters::default()];
        let mut c = Counters::default();
        for (i, s) in run.steps.iter().enumerate() {
            c.apply(s, &prices);
            if (i + 1) % EVERY == 0 {
                saved.push(c.clone());
            }
        }
        CounterIndex { prices, saved }
    }

    /// The counters after step `step` (inclusive).
    pub fn at(&self, run: &Run, step: usize) -> Counters {
        let upto = (step + 1).min(run.steps.len());
        let k = (upto / EVERY).min(self.saved.len().saturating_sub(1));
        let mut c = self.saved.get(k).cloned().unwrap_or_default();
        for s in run.steps.get(k * EVERY..upto).unwrap_or_default() {
            c.apply(s, &self.prices);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compute;
    use crate::test_lessons::lesson_sim;

    #[test]
    fn at_the_end_they_equal_the_run_metrics() {
        for slug in ["api-gateway", "sync-vs-async"] {
            let sim = lesson_sim(&slug);
            let run = compute(&sim.scenario, 3, &[]).unwrap();
            let index = CounterIndex::new(&run, &sim.scenario);
            let c = index.at(&run, run.steps.len() - 1);
            let m = &run.metrics;
            assert_eq!(c.requests, m.requests, "{slug}");
            assert_eq!(c.successes, m.answered_ok, "{slug}");
            assert_eq!(c.retries, m.retries, "{slug}");
            assert_eq!(c.dead_lettered, m.dead_lettered, "{slug}");
            assert_eq!(c.duplicates, m.duplicate_deliveries, "{slug}");
            assert!((c.cost_usd - m.cost_usd).abs() < 1e-12, "{slug}: {} vs {}", c.cost_usd, m.cost_usd);
            for (kind, n) in &m.errors {
                assert_eq!(c.errors.get(kind.as_str()).copied().unwrap_or(0), *n, "{slug} {kind}");
            }
            assert_eq!(c.errors.len(), m.errors.len(), "{slug}");
        }
    }

    #[test]
    fn the_index_agrees_with_a_plain_fold() {
        let sim = lesson_sim("api-gateway");
        let run = compute(&sim.scenario, 1, &[]).unwrap();
        let index = CounterIndex::new(&run, &sim.scenario);
        let prices = Prices::of(&sim.scenario);
        let mut plain = Counters::default();
        for (i, s) in run.steps.iter().enumerate().take(700) {
            plain.apply(s, &prices);
            if [0, 255, 256, 511, 699].contains(&i) {
                assert_eq!(index.at(&run, i), plain, "step {i}");
            }
        }
    }
}
