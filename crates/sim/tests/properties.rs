//! Property tests over random topologies, workloads, faults and seeds: nothing panics, time
//! never goes backwards, every message ends exactly once, the same seed gives the same run,
//! and seeking restores exactly the state the run had.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{add_faults_and_bounds, between, chance, pick};
use lab_sim::Rng;
use lab_sim::*;
use proptest::prelude::*;

fn dist(r: &mut Rng) -> Dist {
    match r.next_u64() % 4 {
        0 => Dist::Fixed {
            ms: between(r, 0.0, 200.0),
        },
        1 => {
            let lo = between(r, 0.0, 100.0);
            Dist::Uniform {
                min_ms: lo,
                max_ms: lo + between(r, 0.0, 100.0),
            }
        }
        2 => Dist::Exponential {
            mean_ms: between(r, 0.0, 150.0),
        },
        _ => Dist::LogNormal {
            median_ms: between(r, 1.0, 100.0),
            sigma: between(r, 0.0, 1.5),
        },
    }
}

fn workload(r: &mut Rng) -> Workload {
    let count = (r.next_u64() % 40) as u32;
    match r.next_u64() % 4 {
        0 => Workload::List {
            at_ms: (0..count).map(|_| between(r, 0.0, 3000.0)).collect(),
        },
        1 => Workload::Constant {
            rate_per_s: between(r, 1.0, 100.0),
            count,
            start_ms: between(r, 0.0, 100.0),
        },
        2 => Workload::Poisson {
            rate_per_s: between(r, 1.0, 100.0),
            count,
            start_ms: 0.0,
        },
        _ => Workload::Burst {
            size: count.max(1),
            at_ms: 0.0,
            bursts: 1 + (r.next_u64() % 3) as u32,
            every_ms: between(r, 0.0, 2000.0),
        },
    }
}

/// A random but valid scenario using every kind of component with random wiring.
fn random_scenario(r: &mut Rng) -> Scenario {
    let mut s = Scenario::new("random");
    let mut links: Vec<LinkSpec> = Vec::new();
    let mut add = |from: &str, to: &str, mode: Mode, op: Option<&str>, r: &mut Rng| {
        links.push(LinkSpec {
            from: from.into(),
            to: to.into(),
            latency: dist(r),
            mode,
            op: op.map(Into::into),
            on: Default::default(),
        });
    };
    // The client's first hop, and how it talks to it.
    let (first, mode) = *pick(
        r,
        &[
            ("g", Mode::Sync),
            ("b", Mode::Sync),
            ("k", Mode::Sync),
            ("f", Mode::Sync),
            ("f", Mode::Async),
            ("q", Mode::Sync),
            ("q", Mode::Async),
            ("t", Mode::Sync),
            ("t", Mode::Async),
            ("s", Mode::Sync),
        ],
    );
    let mut client = ClientSpec::new("c", "POST /work", workload(r));
    client.timeout_ms = between(r, 50.0, 3000.0);
    client.retries = (r.next_u64() % 4) as u32;
    client.backoff_base_ms = between(r, 0.0, 200.0);
    client.jitter = chance(r, 0.5);
    client.groups = 1 + (r.next_u64() % 3) as u32;
    if chance(r, 0.3) {
        client.poll = Some(PollSpec {
            op: "GET /status/{id}".into(),
            interval_ms: between(r, 10.0, 500.0),
            max_polls: 1 + (r.next_u64() % 5) as u32,
        });
    }
    add("c", first, mode, None, r);

    let mut g = GatewaySpec::named("g");
    let g_target = *pick(r, &["b", "f", "q", "s"]);
    g.routes = vec![
        RouteSpec {
            op: "POST /work".into(),
            target: g_target.into(),
            cache_ttl_ms: if chance(r, 0.3) {
                between(r, 0.0, 1000.0)
            } else {
                0.0
            },
            accepted: chance(r, 0.3),
            http_integration: chance(r, 0.3),
        },
        RouteSpec {
            op: "GET /status/{id}".into(),
            target: "s".into(),
            cache_ttl_ms: 0.0,
            accepted: false,
            http_integration: false,
        },
    ];
    if chance(r, 0.5) {
        g.rate_per_s = Some(between(r, 1.0, 50.0));
        g.burst = between(r, 1.0, 10.0);
    }
    g.integration_timeout_ms = between(r, 10.0, 3000.0);
    add("g", g_target, Mode::Sync, None, r);
    if g_target != "s" {
        add("g", "s", Mode::Sync, None, r);
    }

    let mut b = BreakerSpec::named("b");
    b.failure_threshold = 1 + (r.next_u64() % 4) as u32;
    b.window_ms = between(r, 10.0, 2000.0);
    b.open_ms = between(r, 10.0, 1000.0);
    b.half_open_trials = 1 + (r.next_u64() % 3) as u32;
    b.max_outstanding = chance(r, 0.5).then(|| 1 + (r.next_u64() % 4) as u32);
    b.timeout_ms = between(r, 10.0, 1000.0);
    let b_target = *pick(r, &["f", "s"]);
    add("b", b_target, Mode::Sync, None, r);

    let mut k = CacheSpec::named("k");
    k.ttl_ms = between(r, 0.0, 500.0);
    k.timeout_ms = between(r, 10.0, 1000.0);
    let k_target = *pick(r, &["f", "s"]);
    add("k", k_target, Mode::Sync, Some("GET /catalog"), r);

    let function = |name: &str, r: &mut Rng| {
        let mut f = FunctionSpec::named(name);
        f.concurrency = 1 + (r.next_u64() % 5) as u32;
        f.duration = dist(r);
        f.error_rate = between(r, 0.0, 0.5);
        f.timeout_ms = between(r, 20.0, 2000.0);
        f.max_retries = (r.next_u64() % 3) as u32;
        f.retry_delay_ms = between(r, 0.0, 500.0);
        f.max_event_age_ms = between(r, 100.0, 5000.0);
        f
    };
    let mut f = function("f", r);
    if chance(r, 0.3) {
        f.on_failure = Some("dlq".into());
    }
    if chance(r, 0.6) {
        add("f", "s", Mode::Sync, Some("PUT /status/{id}"), r);
        if chance(r, 0.5) {
            f.crash_rate = between(r, 0.0, 0.5);
            f.crash_after = Some("s".into());
        }
    }
    if chance(r, 0.4) {
        f.decline_rate = between(r, 0.0, 0.5);
        add("f", "q2", Mode::Async, None, r);
    }
    let announce_on = *pick(r, &[SendOn::Invoke, SendOn::Success, SendOn::Declined]);
    if chance(r, 0.5) {
        add("f", "q", *pick(r, &[Mode::Sync, Mode::Async]), None, r);
    }
    if chance(r, 0.3) {
        add("f", "t", *pick(r, &[Mode::Sync, Mode::Async]), None, r);
    }
    let w = function("w", r);
    if chance(r, 0.3) {
        add("w", "s", Mode::Sync, Some("PUT /status/{id}"), r);
    }

    let mut q = QueueSpec::named("q");
    q.fifo = chance(r, 0.3);
    q.consumers = (r.next_u64() % 4) as u32;
    q.visibility_timeout_ms = between(r, 10.0, 3000.0);
    if chance(r, 0.5) {
        q.max_receive_count = Some(1 + (r.next_u64() % 4) as u32);
        q.dead_letter = Some("dlq".into());
    }
    q.retention_ms = between(r, 60_000.0, 120_000.0);
    q.delay_ms = if chance(r, 0.3) {
        between(r, 0.0, 300.0)
    } else {
        0.0
    };
    q.batch_size = 1 + (r.next_u64() % 3) as u32;
    q.wait_time_ms = if chance(r, 0.5) {
        0.0
    } else {
        between(r, 0.0, 20_000.0)
    };
    q.dedup_window_ms = between(r, 0.0, 2000.0);
    if !q.fifo && chance(r, 0.5) {
        q.duplicate_rate = between(r, 0.0, 0.3);
        q.reorder_rate = between(r, 0.0, 0.5);
    }
    if q.consumers > 0 {
        add("q", "w", Mode::Sync, None, r);
    }

    let mut t = TopicSpec::named("t");
    t.http_retries = (r.next_u64() % 3) as u32;
    t.http_retry_delay_ms = between(r, 0.0, 300.0);
    t.http_timeout_ms = between(r, 10.0, 1000.0);
    if chance(r, 0.6) {
        add("t", "q2", Mode::Async, None, r);
    }
    if chance(r, 0.6) {
        add("t", "w", Mode::Async, None, r);
    }
    if chance(r, 0.6) {
        add("t", "s", Mode::Sync, None, r);
    }

    let mut st = StoreSpec::named("s");
    st.latency = dist(r);
    st.connections = chance(r, 0.5).then(|| 1 + (r.next_u64() % 3) as u32);
    st.error_rate = between(r, 0.0, 0.3);
    if chance(r, 0.3) {
        st.outbox = true;
        st.relay_interval_ms = between(r, 1.0, 300.0);
        add("s", "q2", Mode::Async, None, r);
    }

    s.components = vec![
        ComponentSpec::Client(client),
        ComponentSpec::Gateway(g),
        ComponentSpec::Breaker(b),
        ComponentSpec::Cache(k),
        ComponentSpec::Function(f),
        ComponentSpec::Function(w),
        ComponentSpec::Queue(q),
        ComponentSpec::Queue(QueueSpec::named("q2")),
        ComponentSpec::Queue(QueueSpec::named("dlq")),
        ComponentSpec::Topic(t),
        ComponentSpec::Store(st),
    ];
    s.links = links;
    if let Some(l) = s.links.iter_mut().find(|l| l.from == "f" && l.to == "q2") {
        l.on = announce_on;
    }
    add_faults_and_bounds(r, &mut s, random_fault, 2000.0, 120_000.0);
    s
}

fn random_fault(r: &mut Rng, s: &Scenario) -> Fault {
    let names: Vec<String> = s.components.iter().map(|c| c.name().to_string()).collect();
    let target = pick(r, &names).clone();
    let l = pick(r, &s.links).clone();
    match r.next_u64() % 6 {
        0 => Fault::Crash { target },
        1 => Fault::Restart { target },
        2 => Fault::Slow {
            target,
            factor: between(r, 0.1, 20.0),
        },
        3 => Fault::ErrorRate {
            target,
            rate: r.unit(),
        },
        4 => Fault::Cut {
            from: l.from,
            to: l.to,
        },
        _ => Fault::Repair {
            from: l.from,
            to: l.to,
        },
    }
}

fn check_run(run: &Run) {
    common::assert_conservation(run);
    for w in run.steps.windows(2) {
        assert!(w[0].time <= w[1].time, "time went backwards");
    }
    assert!(run.steps.last().is_none_or(|s| s.time <= run.end.time));
    for i in 0..run.steps.len().min(50) {
        assert!(!run.narration(i).is_empty());
    }
    // Each send completes at most once, and exactly once when nothing was left in transit.
    let mut arrivals = vec![0u32; run.steps.len()];
    for (i, s) in run.steps.iter().enumerate() {
        if let Some(sent) = s.sent_step() {
            assert!(sent < i && run.steps[sent].kind == StepKind::Sent);
            arrivals[sent] += 1;
        }
    }
    for (i, s) in run.steps.iter().enumerate() {
        if s.kind == StepKind::Sent {
            assert!(arrivals[i] <= 1);
            if run.end.reason == EndReason::Finished {
                assert_eq!(arrivals[i], 1, "send {i} never arrived");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_runs_conserve_messages_and_repeat_exactly(shape in any::<u64>(), seed in any::<u64>()) {
        let scenario = random_scenario(&mut Rng::new(shape));
        scenario.validate().unwrap();
        let run = simulate(&scenario, seed).unwrap();
        check_run(&run);
        let again = simulate(&scenario, seed).unwrap();
        prop_assert_eq!(run.digest(), again.digest());
        prop_assert_eq!(&run.steps, &again.steps);
    }

    #[test]
    fn faults_injected_by_the_caller_keep_the_ledger(shape in any::<u64>(), seed in any::<u64>(), at in 0u64..3_000_000) {
        let scenario = random_scenario(&mut Rng::new(shape));
        let mut r = Rng::new(seed ^ 0x5eed);
        let fault = random_fault(&mut r, &scenario);
        let play = || {
            let mut sim = Simulation::new(&scenario, seed).unwrap();
            sim.run_until(at);
            sim.inject(at, &fault).unwrap();
            sim.finish()
        };
        let run = play();
        check_run(&run);
        prop_assert_eq!(run.digest(), play().digest());
        // Seeking restores exactly the state a fresh run has at that step: replay the same
        // path (run to `at`, inject, go on) until step i is recorded.
        if !run.steps.is_empty() {
            let i = (r.next_u64() % run.steps.len() as u64) as usize;
            let mut sim = Simulation::new(&scenario, seed).unwrap();
            let mut injected = false;
            while sim.steps().len() <= i {
                if !injected && (sim.is_finished() || sim.next_event_time().is_none_or(|t| t > at)) {
                    sim.inject(at, &fault).unwrap();
                    injected = true;
                } else if !sim.advance() && injected {
                    break;
                }
            }
            let mut expected = sim.snapshot();
            expected.step = i;
            prop_assert_eq!(run.state_at(i).unwrap(), expected);
        }
    }

        #[test]
    fn resuming_from_any_step_repeats_the_run_and_a_fault_changes_only_the_future(shape in any::<u64>(), seed in any::<u64>(), pick in any::<u64>()) {
        let scenario = random_scenario(&mut Rng::new(shape));
        let run = simulate(&scenario, seed).unwrap();
        if run.steps.is_empty() {
            return Ok(());
        }
        let i = (pick % run.steps.len() as u64) as usize;
        let again = run.resume_at(i).unwrap().finish();
        prop_assert_eq!(run.digest(), again.digest());
        let mut sim = run.resume_at(i).unwrap();
        let fault = random_fault(&mut Rng::new(pick), &scenario);
        sim.inject(sim.now(), &fault).unwrap();
        let branched = sim.finish();
        check_run(&branched);
        prop_assert_eq!(&branched.steps[..=i], &run.steps[..=i]);
    }

    #[test]
    fn arbitrary_numbers_are_rejected_or_run_never_panic(shape in any::<u64>(), seed in any::<u64>(), x in any::<f64>(), field in 0usize..6) {
        let mut scenario = random_scenario(&mut Rng::new(shape));
        // Poke one number with anything, NaN and infinities included.
        match (&mut scenario.components[4], field) {
            (ComponentSpec::Function(f), 0) => f.timeout_ms = x,
            (ComponentSpec::Function(f), 1) => f.error_rate = x,
            (ComponentSpec::Function(f), 2) => f.duration = Dist::LogNormal { median_ms: x, sigma: x },
            (ComponentSpec::Function(f), 3) => f.memory_mb = x,
            (ComponentSpec::Function(f), 4) => f.duration = Dist::Uniform { min_ms: x, max_ms: 1.0 },
            _ => scenario.bounds.max_time_ms = x,
        }
        if let Ok(run) = simulate(&scenario, seed) {
            check_run(&run);
        }
    }
}
