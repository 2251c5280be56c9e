//! Seeking in a long run: a run keeps few checkpoints while it is recorded and makes the
//! others on the first seek near them; every step must still be restored exactly as a fresh
//! run has it, before and after a fault injected from outside, in whatever order it is asked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_sim::{examples, Fault, Simulation, Snapshot, CHECKPOINT_EVERY};

/// The fault is injected right after this step.
const FAULT_AFTER: usize = 13_000;

fn simulation() -> Simulation {
    Simulation::new(&examples::queue_consumers(4_000, 900.0, 10, 10.0), 7).unwrap()
}

fn slow_worker() -> Fault {
    Fault::Slow { target: "worker".into(), factor: 3.0 }
}

/// Advances `sim` until step `i` is recorded, injecting the fault where the run did.
fn advance_to(sim: &mut Simulation, i: usize, injected: &mut bool) {
    loop {
        if !*injected && sim.steps().len() > FAULT_AFTER {
            sim.inject(sim.now(), &slow_worker()).unwrap();
            *injected = true;
        }
        if sim.steps().len() > i {
            return;
        }
        assert!(sim.advance(), "the run ends before step {i}");
    }
}

#[test]
fn every_step_of_a_long_run_is_restored_exactly_in_any_order() {
    let mut sim = simulation();
    let mut injected = false;
    advance_to(&mut sim, FAULT_AFTER + 1, &mut injected);
    let run = sim.finish();
    assert!(run.steps.len() > 12 * CHECKPOINT_EVERY, "{} steps", run.steps.len());
    assert!(run.steps.iter().any(|s| s.kind == lab_sim::StepKind::Slowed));
    // Steps near checkpoint spacings, either side of the fault, and the last one.
    let mut picks: Vec<usize> = (1..run.steps.len() / CHECKPOINT_EVERY)
        .flat_map(|k| [k * CHECKPOINT_EVERY - 1, k * CHECKPOINT_EVERY + 5])
        .chain([0, FAULT_AFTER, FAULT_AFTER + 1, FAULT_AFTER + 2, run.steps.len() - 1])
        .collect();
    picks.sort_unstable();
    picks.dedup();
    let mut fresh = simulation();
    let mut fresh_injected = false;
    let expected: Vec<(usize, Snapshot)> = picks
        .iter()
        .map(|&i| {
            advance_to(&mut fresh, i, &mut fresh_injected);
            (i, Snapshot { step: i, ..fresh.snapshot() })
        })
        .collect();
    // Late steps first, then early ones, then each again: the checkpoints made on the way
    // must not depend on the order they were first needed in.
    for (i, want) in expected.iter().rev().chain(&expected) {
        assert_eq!(run.state_at(*i).as_ref(), Some(want), "step {i}");
    }
    // Resuming after the fault (which came from outside, so a resumed run before it would not
    // have it) records the same future, down to which send each arrival completes.
    for (i, _) in expected.iter().filter(|(i, _)| *i > FAULT_AFTER + 100).step_by(3) {
        assert_eq!(run.resume_at(*i).unwrap().finish().digest(), run.digest(), "resumed at {i}");
    }
}
