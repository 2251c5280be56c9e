//! Live counters as a service dashboard shows them, up to the shown step: lab-sim's own
//! [`Tally`], the fold the run's metrics come from, so at the last step they are the run's
//! metrics. A tally is kept every [`EVERY`] steps so any step is reached by folding at most
//! that many. Each kept tally holds bitsets over the run's requests (some 3 KB in a run of
//! 5,000 requests), so keeping one every 1,024 steps rather than 256 spares a long run
//! megabytes, for a fold of at most 1,024 steps (microseconds) per shown step.

use lab_sim::{Run, Tally};

const EVERY: usize = 1024;

/// Tallies at every [`EVERY`]-th step of one run.
pub struct CounterIndex {
    saved: Vec<Tally>,
}

impl CounterIndex {
    pub fn new(run: &Run) -> Self {
        let mut saved = vec![Tally::default()];
        let mut tally = Tally::default();
        for start in (0..run.steps.len()).step_by(EVERY) {
            run.tally(&mut tally, start..(start + EVERY).min(run.steps.len()));
            if start + EVERY <= run.steps.len() {
                saved.push(tally.clone());
            }
        }
        CounterIndex { saved }
    }

    /// The tally after step `step` (inclusive).
    pub fn at(&self, run: &Run, step: usize) -> Tally {
        let upto = (step + 1).min(run.steps.len());
        let k = (upto / EVERY).min(self.saved.len().saturating_sub(1));
        let mut tally = self.saved.get(k).cloned().unwrap_or_default();
        run.tally(&mut tally, k * EVERY..upto);
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::run_with_faults;
    use crate::test_lessons::lesson_sim;

    #[test]
    fn at_the_end_they_are_the_run_metrics() {
        for slug in ["api-gateway", "sync-vs-async", "decouple-messaging"] {
            let sim = lesson_sim(slug);
            let run = run_with_faults(&sim.scenario, 3, &[]).unwrap();
            let c = CounterIndex::new(&run).at(&run, run.steps.len() - 1);
            let m = &run.metrics;
            assert_eq!((c.requests, c.answered_ok, c.retries, c.dead_lettered), (m.requests, m.answered_ok, m.retries, m.dead_lettered), "{slug}");
            assert_eq!((c.duplicate_deliveries, c.cost_usd), (m.duplicate_deliveries, m.cost_usd), "{slug}");
            let errors: Vec<(String, u64)> = c.errors.iter().map(|(kind, n)| (kind.to_string(), *n)).collect();
            assert_eq!(errors, m.errors.clone().into_iter().collect::<Vec<_>>(), "{slug}");
        }
    }

    #[test]
    fn the_index_agrees_with_a_plain_fold() {
        let sim = lesson_sim("api-gateway");
        let run = run_with_faults(&sim.scenario, 1, &[]).unwrap();
        let index = CounterIndex::new(&run);
        for step in [0, 255, 256, 511, 699, run.steps.len() - 1] {
            let mut plain = Tally::default();
            run.tally(&mut plain, 0..step + 1);
            assert_eq!(index.at(&run, step), plain, "step {step}");
        }
    }
}
