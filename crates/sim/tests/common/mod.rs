//! Helpers shared by the integration tests.

#![allow(dead_code)]

use lab_sim::{Rng, Run, Terminal};

/// Picks one of `xs` (the random topologies of the property tests).
pub fn pick<'a, T>(r: &mut Rng, xs: &'a [T]) -> &'a T {
    &xs[(r.next_u64() % xs.len() as u64) as usize]
}

pub fn between(r: &mut Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * r.unit()
}

pub fn chance(r: &mut Rng, p: f64) -> bool {
    r.unit() < p
}

/// Checks the ledger of a run in full: every created message has exactly one terminal step
/// or is listed as in flight at the end, and the metrics agree.
pub fn assert_conservation(run: &Run) {
    let n = run.messages_created as usize;
    let mut ends = vec![0u32; n];
    let mut created = vec![0u32; n];
    for s in &run.steps {
        if let Some(m) = s.msg {
            assert!(
                (m.0 as usize) < n,
                "step names message {} beyond the {} created",
                m.0,
                n
            );
            if s.created {
                created[m.0 as usize] += 1;
            }
            if s.terminal.is_some() {
                ends[m.0 as usize] += 1;
            }
        }
    }
    for m in &run.in_flight_at_end {
        ends[m.0 as usize] += 1;
    }
    for (i, (&e, &c)) in ends.iter().zip(&created).enumerate() {
        assert_eq!(c, 1, "message {i} was created {c} times");
        assert_eq!(
            e, 1,
            "message {i} ended {e} times (counting in-flight-at-end)"
        );
    }
    assert_eq!(run.ledger_errors, 0);
    let o = &run.metrics.outcomes;
    assert_eq!(o.created, n as u64);
    assert!(o.holds(), "{o:?}");
    assert_eq!(o.in_flight_at_end, run.in_flight_at_end.len() as u64);
}

pub fn count_terminal(run: &Run, t: Terminal) -> usize {
    run.steps.iter().filter(|s| s.terminal == Some(t)).count()
}
