//! Helpers shared by the integration tests.

#![allow(dead_code)]

use lab_sim::{Bounds, Fault, Rng, Run, Scenario, ScheduledFault, Terminal};

/// Adds up to three random faults (from `random_fault`, lasting up to `max_fault_ms` or for
/// good) and random bounds, sometimes tight enough to stop the run early.
pub fn add_faults_and_bounds(
    r: &mut Rng,
    s: &mut Scenario,
    random_fault: fn(&mut Rng, &Scenario) -> Fault,
    max_fault_ms: f64,
    max_time_ms: f64,
) {
    for _ in 0..(r.next_u64() % 4) {
        let fault = random_fault(r, s);
        let for_ms = chance(r, 0.5).then(|| between(r, 0.0, max_fault_ms));
        s.faults.push(ScheduledFault {
            at_ms: between(r, 0.0, 3000.0),
            for_ms,
            fault,
        });
    }
    s.bounds = Bounds {
        max_events: if chance(r, 0.2) {
            1 + r.next_u64() % 500
        } else {
            50_000
        },
        max_time_ms: between(r, 1000.0, max_time_ms),
    };
}

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
