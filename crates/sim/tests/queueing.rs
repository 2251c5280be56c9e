//! The simulation against queueing theory.
//!
//! Each check averages independent replications (different seeds) and compares the mean with
//! the formula. The tolerance is stated per check: it is the larger of a relative margin and
//! four standard errors measured across the replications, so a failure means the engine is
//! wrong, not that the sample was unlucky (the seeds are fixed, so the test is deterministic
//! anyway). The relative margins cover what the replications cannot see: the warm-up bias of
//! starting empty, which at load 0.9 is about 1-2% for these run lengths.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_sim::*;

/// Erlang C: probability that an arrival waits, for `c` servers and offered load `a`.
fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / c as f64;
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / k as f64;
        }
        sum += term;
    }
    let last = term * a / c as f64 / (1.0 - rho);
    last / (sum + last)
}

/// Erlang B: probability that an arrival finds all `c` servers busy (no queue).
fn erlang_b(c: u32, a: f64) -> f64 {
    // The stable recurrence B(k) = a B(k-1) / (k + a B(k-1)).
    (1..=c).fold(1.0, |b, k| a * b / (k as f64 + a * b))
}

/// Mean and standard error of replications.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

fn assert_close(what: &str, measured: &[f64], theory: f64, relative: f64) {
    let (mean, se) = mean_se(measured);
    let tolerance = (relative * theory).max(4.0 * se);
    println!(
        "{what}: simulated {mean:.4} ± {se:.4} (se), theory {theory:.4}, tolerance {tolerance:.4}"
    );
    assert!(
        (mean - theory).abs() <= tolerance,
        "{what}: simulated {mean} vs theory {theory} (tolerance {tolerance})"
    );
}

const MEAN_SERVICE_MS: f64 = 10.0;

/// M/M/c: Poisson arrivals into a queue with `c` consumers and exponential service.
fn mmc_wait(c: u32, rho: f64, customers: u32, seeds: u64) {
    let mu = 1000.0 / MEAN_SERVICE_MS;
    let lambda = rho * c as f64 * mu;
    let waits: Vec<f64> = (0..seeds)
        .map(|seed| {
            let s = examples::queue_consumers(customers, lambda, c, MEAN_SERVICE_MS);
            let run = simulate(&s, seed).unwrap();
            assert_eq!(run.end.reason, EndReason::Finished);
            run.metrics.queues[0].mean_wait_ms
        })
        .collect();
    let wq_ms = erlang_c(c, lambda / mu) / (c as f64 * mu - lambda) * 1000.0;
    assert_close(
        &format!("M/M/{c} at load {rho}: mean wait (ms)"),
        &waits,
        wq_ms,
        0.05,
    );
}

#[test]
fn mm1_mean_wait_matches_erlang_c() {
    mmc_wait(1, 0.5, 20_000, 4);
    mmc_wait(1, 0.7, 20_000, 4);
    mmc_wait(1, 0.9, 40_000, 6);
}

#[test]
fn mmc_mean_wait_matches_erlang_c() {
    mmc_wait(4, 0.5, 20_000, 4);
    mmc_wait(4, 0.7, 20_000, 4);
    mmc_wait(4, 0.9, 40_000, 6);
}

/// A synchronous function with concurrency `c` and no queue in front: arrivals that find
/// every slot busy are throttled. Erlang B holds for any service distribution with this
/// mean (it is insensitive), so exponential and fixed durations must both match.
fn blocking(c: u32, a: f64, duration: Dist) -> f64 {
    let mu = 1000.0 / MEAN_SERVICE_MS;
    let lambda = a * mu;
    let n = 30_000;
    let mut s = Scenario::new("erlang-b");
    let mut client = ClientSpec::new(
        "c",
        "POST /x",
        Workload::Poisson {
            rate_per_s: lambda,
            count: n,
            start_ms: 0.0,
        },
    );
    client.timeout_ms = 60_000.0;
    let mut f = FunctionSpec::named("f");
    f.concurrency = c;
    f.duration = duration;
    f.timeout_ms = 900_000.0;
    s.components = vec![ComponentSpec::Client(client), ComponentSpec::Function(f)];
    s.links = vec![LinkSpec {
        from: "c".into(),
        to: "f".into(),
        latency: Dist::Fixed { ms: 0.0 },
        mode: Mode::Sync,
        op: None,
        on: Default::default(),
    }];
    s.bounds.max_events = 10_000_000;
    let ratios: Vec<f64> = (0..4)
        .map(|seed| {
            let run = simulate(&s, seed).unwrap();
            run.metrics.functions[0].throttles as f64 / n as f64
        })
        .collect();
    let (mean, _) = mean_se(&ratios);
    assert_close(
        &format!("Erlang B c={c} a={a} {duration:?}"),
        &ratios,
        erlang_b(c, a),
        0.05,
    );
    mean
}

#[test]
fn throttled_sync_function_matches_erlang_b() {
    for (c, a) in [(1, 0.5), (5, 3.0), (10, 8.0)] {
        blocking(
            c,
            a,
            Dist::Exponential {
                mean_ms: MEAN_SERVICE_MS,
            },
        );
        blocking(
            c,
            a,
            Dist::Fixed {
                ms: MEAN_SERVICE_MS,
            },
        );
    }
}

#[test]
fn littles_law_holds_on_the_runs_own_data() {
    // L = lambda W, measured on one run: the time-average number of messages in the queue,
    // the arrival rate and the mean time each message stayed. Every message leaves before the
    // run ends, so the identity is exact up to floating-point rounding.
    for (c, rho) in [(1, 0.8), (3, 0.6)] {
        let s = examples::queue_consumers(5_000, rho * c as f64 * 100.0, c, MEAN_SERVICE_MS);
        let run = simulate(&s, 11).unwrap();
        let q = &run.metrics.queues[0];
        let l = q.mean_depth;
        let lambda_w = q.arrival_rate_per_s * q.mean_time_in_queue_ms / 1000.0;
        assert!(
            (l - lambda_w).abs() <= 1e-9 * l.max(1.0),
            "L = {l}, lambda W = {lambda_w}"
        );
    }
}

#[test]
fn formulas_are_right() {
    // Textbook values: M/M/1 at rho = 0.5 waits with probability 0.5; B(1, 1) = 0.5.
    assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
    assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-12);
    assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-12);
}
