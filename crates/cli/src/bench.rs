//! `lab bench`: simulated events per second for the queue-and-consumers scenario.

use std::time::Instant;

use crate::Args;

pub fn bench(args: &[String]) -> Result<(), String> {
    let a = Args::parse(args, &["events"], &[])?;
    let target = a.number("events", 2_000_000)?;
    // One warm-up run, then the best of three (the machine may be shared).
    lab_sim::bench_queue_consumers(target / 10);
    let mut best = f64::MAX;
    let mut result = (0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        result = lab_sim::bench_queue_consumers(target);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let (events, steps) = result;
    println!(
        "queue-and-consumers: {events} events, {steps} steps in {:.3} s (best of 3)",
        best
    );
    println!(
        "{:.0} simulated events/s, {:.0} steps/s",
        events as f64 / best,
        steps as f64 / best
    );
    Ok(())
}
