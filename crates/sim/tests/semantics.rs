//! The documented rules of each building block, one small scenario per rule.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use lab_sim::*;

fn link(from: &str, to: &str, ms: f64, mode: Mode) -> LinkSpec {
    LinkSpec {
        from: from.into(),
        to: to.into(),
        latency: Dist::Fixed { ms },
        mode,
        op: None,
        on: Default::default(),
    }
}

fn at_ms(times: &[f64]) -> Workload {
    Workload::List {
        at_ms: times.to_vec(),
    }
}

fn steps_of(run: &Run, kind: StepKind) -> Vec<&Step> {
    run.steps.iter().filter(|s| s.kind == kind).collect()
}

fn node(run: &Run, name: &str) -> NodeId {
    NodeId(
        run.component_names()
            .iter()
            .position(|n| n == name)
            .unwrap() as u32,
    )
}

fn run(s: &Scenario) -> Run {
    let run = simulate(s, 7).unwrap();
    common::assert_conservation(&run);
    run
}

/// A producer sending asynchronously to queue `q`, consumed by function `w`.
fn queue_scenario(q: QueueSpec, w: FunctionSpec, producer: ClientSpec) -> Scenario {
    let mut s = Scenario::new("queue");
    let mut dlq = QueueSpec::named("dlq");
    dlq.consumers = 0;
    s.components = vec![
        ComponentSpec::Client(producer),
        ComponentSpec::Queue(q),
        ComponentSpec::Queue(dlq),
        ComponentSpec::Function(w),
    ];
    s.links = vec![
        link("p", "q", 0.0, Mode::Async),
        link("q", "w", 0.0, Mode::Sync),
    ];
    s
}

#[test]
fn redrive_moves_a_message_after_max_receive_count_receives() {
    for max in [1u32, 3, 5] {
        let mut q = QueueSpec::named("q");
        q.consumers = 1;
        q.visibility_timeout_ms = 1000.0;
        q.max_receive_count = Some(max);
        q.dead_letter = Some("dlq".into());
        let mut w = FunctionSpec::named("w");
        w.error_rate = 1.0;
        let r = run(&queue_scenario(
            q,
            w,
            ClientSpec::new("p", "POST /x", at_ms(&[0.0])),
        ));
        let receives = steps_of(&r, StepKind::ReceivedFromQueue);
        assert_eq!(
            receives.len(),
            max as usize,
            "received exactly maxReceiveCount times"
        );
        assert_eq!(receives.last().unwrap().detail, max as u64);
        assert_eq!(
            steps_of(&r, StepKind::VisibilityExpired).len(),
            max as usize
        );
        let redriven = steps_of(&r, StepKind::Redriven);
        assert_eq!(redriven.len(), 1);
        // Redrive happens at the receive after the last visibility timeout.
        assert_eq!(redriven[0].time, max as u64 * 1_000_000);
        let dl = steps_of(&r, StepKind::DeadLettered);
        assert_eq!(
            (dl.len(), dl[0].node, dl[0].terminal),
            (1, node(&r, "dlq"), Some(Terminal::DeadLettered))
        );
        assert_eq!(r.metrics.dead_lettered, 1);
    }
}

#[test]
fn a_successful_consumer_deletes_and_nothing_is_redriven() {
    let mut q = QueueSpec::named("q");
    q.consumers = 2;
    q.max_receive_count = Some(1);
    q.dead_letter = Some("dlq".into());
    let r = run(&queue_scenario(
        q,
        FunctionSpec::named("w"),
        ClientSpec::new("p", "POST /x", at_ms(&[0.0, 1.0, 2.0])),
    ));
    assert_eq!(steps_of(&r, StepKind::Deleted).len(), 3);
    assert!(steps_of(&r, StepKind::Redriven).is_empty());
}

#[test]
fn visibility_timeout_shorter_than_processing_delivers_twice() {
    let mut q = QueueSpec::named("q");
    q.consumers = 2;
    q.visibility_timeout_ms = 500.0;
    let mut w = FunctionSpec::named("w");
    w.duration = Dist::Fixed { ms: 800.0 };
    let r = run(&queue_scenario(
        q,
        w,
        ClientSpec::new("p", "POST /x", at_ms(&[0.0])),
    ));
    let receives = steps_of(&r, StepKind::ReceivedFromQueue);
    assert!(
        receives.len() >= 2,
        "the message comes back while the first consumer still works"
    );
    assert_eq!(receives[1].time, 500_000);
    assert!(r.metrics.duplicate_deliveries >= 1);
    assert!(
        !steps_of(&r, StepKind::LateReply).is_empty(),
        "the first delete fails: its receipt expired"
    );
}

fn fifo_run(groups: u32) -> Run {
    let mut q = QueueSpec::named("q");
    q.fifo = true;
    q.consumers = 3;
    let mut w = FunctionSpec::named("w");
    w.duration = Dist::Fixed { ms: 100.0 };
    let mut p = ClientSpec::new("p", "POST /x", at_ms(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]));
    p.groups = groups;
    run(&queue_scenario(q, w, p))
}

#[test]
fn fifo_blocks_a_group_while_one_of_its_messages_is_in_flight() {
    let r = fifo_run(1);
    let receives = steps_of(&r, StepKind::ReceivedFromQueue);
    let deletes = steps_of(&r, StepKind::Deleted);
    assert_eq!(receives.len(), 6);
    // One at a time, in order: each receive follows the previous delete.
    for (i, rcv) in receives.iter().enumerate().skip(1) {
        assert!(
            rcv.time >= deletes[i - 1].time,
            "message {i} delivered while its group was busy"
        );
    }
    let order: Vec<_> = receives.iter().map(|s| s.msg).collect();
    let enq: Vec<_> = steps_of(&r, StepKind::Enqueued)
        .iter()
        .map(|s| s.msg)
        .collect();
    assert_eq!(order, enq, "FIFO order within a group");
    // Two groups: two messages in flight at once.
    let r2 = fifo_run(2);
    let at_zero = steps_of(&r2, StepKind::ReceivedFromQueue)
        .iter()
        .filter(|s| s.time == 0)
        .count();
    assert_eq!(at_zero, 2);
}

fn dedup_run(fifo: bool, window_ms: f64) -> Run {
    let mut s = Scenario::new("dedup");
    let mut q = QueueSpec::named("q");
    q.fifo = fifo;
    q.dedup_window_ms = window_ms;
    // The answer takes 100 ms but the producer gives up after 60 ms and retries twice: the
    // queue sees the same message three times.
    let mut p = ClientSpec::new("p", "POST /x", at_ms(&[0.0]));
    p.timeout_ms = 60.0;
    p.retries = 2;
    p.jitter = false;
    p.backoff_base_ms = 100.0;
    s.components = vec![ComponentSpec::Client(p), ComponentSpec::Queue(q)];
    s.links = vec![link("p", "q", 50.0, Mode::Sync)];
    run(&s)
}

#[test]
fn fifo_deduplicates_within_the_window_and_standard_does_not() {
    let r = dedup_run(true, 300_000.0);
    assert_eq!(steps_of(&r, StepKind::Enqueued).len(), 1);
    assert_eq!(steps_of(&r, StepKind::Deduplicated).len(), 2);
    // Attempts reach the queue at 50, 210 and 470 ms: a 200 ms window lets the third in.
    let r = dedup_run(true, 200.0);
    assert_eq!(steps_of(&r, StepKind::Enqueued).len(), 2);
    let r = dedup_run(false, 300_000.0);
    assert_eq!(
        steps_of(&r, StepKind::Enqueued).len(),
        3,
        "a standard queue stores every retry"
    );
}

fn async_run(on_failure: bool) -> Run {
    let mut s = Scenario::new("async");
    let mut f = FunctionSpec::named("f");
    f.error_rate = 1.0;
    f.retry_delay_ms = 1000.0;
    f.duration = Dist::Fixed { ms: 10.0 };
    if on_failure {
        f.on_failure = Some("dlq".into());
    }
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("p", "POST /x", at_ms(&[0.0]))),
        ComponentSpec::Function(f),
        ComponentSpec::Queue(QueueSpec::named("dlq")),
    ];
    s.links = vec![link("p", "f", 0.0, Mode::Async)];
    run(&s)
}

#[test]
fn async_invocations_retry_twice_with_growing_delays_then_dead_letter() {
    let r = async_run(true);
    let starts: Vec<u64> = steps_of(&r, StepKind::Started)
        .iter()
        .map(|s| s.time)
        .collect();
    // First attempt at 0, fails at 10 ms; retries 1 s and then 2 s after each failure.
    assert_eq!(starts, vec![0, 1_010_000, 3_020_000]);
    assert_eq!(steps_of(&r, StepKind::Retried).len(), 2);
    assert_eq!(r.metrics.dead_lettered, 1);
    let r = async_run(false);
    assert_eq!(
        common::count_terminal(&r, Terminal::Failed),
        1,
        "no destination: discarded"
    );
}

fn gateway_run(times: &[f64]) -> Run {
    let mut s = Scenario::new("bucket");
    let mut g = GatewaySpec::named("g");
    g.routes = vec![RouteSpec {
        op: "GET /x".into(),
        target: "f".into(),
        cache_ttl_ms: 0.0,
        accepted: false,
        http_integration: false,
    }];
    g.rate_per_s = Some(10.0);
    g.burst = 5.0;
    let mut f = FunctionSpec::named("f");
    f.concurrency = 1000;
    f.duration = Dist::Fixed { ms: 1.0 };
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "GET /x", at_ms(times))),
        ComponentSpec::Gateway(g),
        ComponentSpec::Function(f),
    ];
    s.links = vec![
        link("c", "g", 0.0, Mode::Sync),
        link("g", "f", 0.0, Mode::Sync),
    ];
    run(&s)
}

#[test]
fn token_bucket_lets_the_burst_through_then_the_rate() {
    // 20 at once: the bucket holds 5. 300 ms later it has refilled 3 tokens.
    let mut times = vec![0.0; 20];
    times.extend([300.0; 20]);
    let r = gateway_run(&times);
    let throttled: Vec<u64> = steps_of(&r, StepKind::Throttled)
        .iter()
        .map(|s| s.time)
        .collect();
    assert_eq!(throttled.iter().filter(|&&t| t == 0).count(), 15);
    assert_eq!(throttled.iter().filter(|&&t| t == 300_000).count(), 17);
    assert_eq!(r.metrics.errors.get("429"), Some(&32));
    assert_eq!(r.metrics.routes[0].status_4xx, 32);
    // Steady arrivals at the refill rate are never throttled.
    let steady: Vec<f64> = (0..30).map(|i| i as f64 * 100.0).collect();
    assert!(steps_of(&gateway_run(&steady), StepKind::Throttled).is_empty());
}

/// A client calling gateway `g` (token bucket of `burst`, refilled at `rate_per_s` if any),
/// whose one route invokes function `f` with `concurrency` slots, each call taking 100 ms.
fn lambda_behind_gateway(times: &[f64], rate_per_s: Option<f64>, burst: f64, concurrency: u32) -> Run {
    run(&behind_gateway(times, rate_per_s, burst, concurrency))
}

fn behind_gateway(times: &[f64], rate_per_s: Option<f64>, burst: f64, concurrency: u32) -> Scenario {
    let mut s = Scenario::new("lambda-integration");
    let mut g = GatewaySpec::named("g");
    g.routes = vec![RouteSpec {
        op: "POST /x".into(),
        target: "f".into(),
        cache_ttl_ms: 0.0,
        accepted: false,
        http_integration: false,
    }];
    g.rate_per_s = rate_per_s;
    g.burst = burst;
    let mut f = FunctionSpec::named("f");
    f.concurrency = concurrency;
    f.duration = Dist::Fixed { ms: 100.0 };
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "POST /x", at_ms(times))),
        ComponentSpec::Gateway(g),
        ComponentSpec::Function(f),
    ];
    s.links = vec![
        link("c", "g", 0.0, Mode::Sync),
        link("g", "f", 0.0, Mode::Sync),
    ];
    s
}

/// The statuses the client received, in the order it received them.
fn answers(run: &Run) -> Vec<u16> {
    steps_of(run, StepKind::Answered)
        .iter()
        .filter_map(|s| match s.payload {
            Payload::Reply { status } => Some(status),
            _ => None,
        })
        .collect()
}

#[test]
fn a_throttled_lambda_behind_a_gateway_is_a_500_and_counts_in_5xx() {
    // Five at once, one slot: the function refuses four, and the gateway turns each refusal
    // into an internal error, as API Gateway does for a Lambda integration.
    let r = lambda_behind_gateway(&[0.0; 5], None, 100.0, 1);
    let f = node(&r, "f");
    let g = node(&r, "g");
    assert_eq!(r.metrics.functions[0].throttles, 4);
    let refusals_seen_by_gateway = r
        .steps
        .iter()
        .filter(|s| s.node == g && s.kind == StepKind::Received && s.payload == Payload::Reply { status: 429 })
        .count();
    assert_eq!(refusals_seen_by_gateway, 4, "Lambda itself still answers the gateway 429");
    assert!(steps_of(&r, StepKind::Throttled).iter().all(|s| s.node == f));
    let mut statuses = answers(&r);
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 500, 500, 500, 500]);
    assert_eq!(r.metrics.routes[0].status_5xx, 4);
    assert_eq!(r.metrics.routes[0].status_4xx, 0);
    assert_eq!(r.metrics.errors.get("5xx"), Some(&4));
    assert_eq!(r.metrics.errors.get("429"), None);
    // With room for all five, nothing is refused and nothing is an error.
    let roomy = lambda_behind_gateway(&[0.0; 5], None, 100.0, 5);
    assert_eq!(answers(&roomy), vec![200; 5]);
    assert_eq!(roomy.metrics.routes[0].status_5xx, 0);
}

#[test]
fn the_gateways_own_throttle_stays_429_beside_a_throttled_lambda() {
    // Six at once into a bucket of three: the gateway refuses three itself (429, 4XXError);
    // of the three it lets through, the function's two slots take two and refuse one (500).
    let r = lambda_behind_gateway(&[0.0; 6], Some(1.0), 3.0, 2);
    let g = node(&r, "g");
    let f = node(&r, "f");
    let throttled_at = |n: NodeId| steps_of(&r, StepKind::Throttled).iter().filter(|s| s.node == n).count();
    assert_eq!(throttled_at(g), 3);
    assert_eq!(throttled_at(f), 1);
    let mut statuses = answers(&r);
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 200, 429, 429, 429, 500]);
    assert_eq!(r.metrics.routes[0].status_4xx, 3);
    assert_eq!(r.metrics.routes[0].status_5xx, 1);
    assert_eq!(r.metrics.errors.get("429"), Some(&3));
    assert_eq!(r.metrics.errors.get("5xx"), Some(&1));
}

#[test]
fn an_http_integration_passes_its_backends_429_through() {
    // The same function standing for an HTTP backend (a legacy server shedding load).
    let mut s = behind_gateway(&[0.0; 3], None, 100.0, 1);
    if let ComponentSpec::Gateway(g) = &mut s.components[1] {
        g.routes[0].http_integration = true;
    }
    let r = run(&s);
    let mut statuses = answers(&r);
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 429, 429]);
    assert_eq!(r.metrics.routes[0].status_4xx, 2);
    assert_eq!(r.metrics.routes[0].status_5xx, 0);
}

#[test]
fn a_function_invoked_directly_still_answers_429() {
    // Without a gateway in between, the caller gets Lambda's own TooManyRequestsException.
    let mut s = Scenario::new("direct");
    let mut f = FunctionSpec::named("f");
    f.concurrency = 1;
    f.duration = Dist::Fixed { ms: 100.0 };
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "POST /x", at_ms(&[0.0; 3]))),
        ComponentSpec::Function(f),
    ];
    s.links = vec![link("c", "f", 0.0, Mode::Sync)];
    let r = run(&s);
    let mut statuses = answers(&r);
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 429, 429]);
    assert_eq!(r.metrics.errors.get("429"), Some(&2));
}

#[test]
fn breaker_opens_fails_fast_probes_half_open_and_closes() {
    let mut s = Scenario::new("breaker");
    let mut b = BreakerSpec::named("b");
    b.failure_threshold = 3;
    b.window_ms = 10_000.0;
    b.open_ms = 500.0;
    b.half_open_trials = 2;
    let mut c = ClientSpec::new(
        "c",
        "GET /x",
        Workload::Constant {
            rate_per_s: 20.0,
            count: 100,
            start_ms: 0.0,
        },
    );
    c.timeout_ms = 2000.0;
    s.components = vec![
        ComponentSpec::Client(c),
        ComponentSpec::Breaker(b),
        ComponentSpec::Function(FunctionSpec::named("f")),
    ];
    s.links = vec![
        link("c", "b", 0.0, Mode::Sync),
        link("b", "f", 0.0, Mode::Sync),
    ];
    s.faults = vec![ScheduledFault {
        at_ms: 1000.0,
        for_ms: Some(1500.0),
        fault: Fault::ErrorRate {
            target: "f".into(),
            rate: 1.0,
        },
    }];
    let r = run(&s);
    let b = node(&r, "b");
    let transitions: Vec<(u64, StepKind)> = r
        .steps
        .iter()
        .filter(|s| {
            s.node == b
                && matches!(
                    s.kind,
                    StepKind::CircuitOpened | StepKind::CircuitHalfOpen | StepKind::CircuitClosed
                )
        })
        .map(|s| (s.time, s.kind))
        .collect();
    use StepKind::*;
    let kinds: Vec<StepKind> = transitions.iter().map(|t| t.1).collect();
    assert_eq!(kinds.first(), Some(&CircuitOpened));
    assert_eq!(kinds.last(), Some(&CircuitClosed));
    assert!(
        kinds
            .windows(2)
            .any(|w| w == [CircuitHalfOpen, CircuitOpened]),
        "a failed trial reopens: {kinds:?}"
    );
    for w in transitions.windows(2) {
        if w[0].1 == CircuitOpened {
            assert_eq!(
                w[1],
                (w[0].0 + 500_000, CircuitHalfOpen),
                "half-open exactly open_ms later"
            );
        }
    }
    // While open, calls fail fast without reaching the function.
    assert!(!steps_of(&r, ShortCircuited).is_empty());
    // The circuit closed after the fault: the last answers are successes.
    let last = steps_of(&r, Answered).last().copied().unwrap();
    assert_eq!(last.payload, Payload::Reply { status: 200 });
    // Half-open never forwards more than the trial count before deciding.
    let mut forwarded = 0;
    for s in &r.steps {
        match s.kind {
            CircuitHalfOpen if s.node == b => forwarded = 0,
            Sent if s.node == b && s.created => {
                forwarded += 1;
                let half_open = transitions
                    .iter()
                    .rev()
                    .find(|t| t.0 <= s.time)
                    .is_some_and(|t| t.1 == CircuitHalfOpen);
                assert!(!half_open || forwarded <= 2);
            }
            _ => {}
        }
    }
}

#[test]
fn bulkhead_limits_outstanding_calls() {
    let mut s = Scenario::new("bulkhead");
    let mut b = BreakerSpec::named("b");
    b.max_outstanding = Some(3);
    b.failure_threshold = 1000;
    let mut f = FunctionSpec::named("f");
    f.duration = Dist::Fixed { ms: 100.0 };
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "GET /x", at_ms(&[0.0; 10]))),
        ComponentSpec::Breaker(b),
        ComponentSpec::Function(f),
    ];
    s.links = vec![
        link("c", "b", 0.0, Mode::Sync),
        link("b", "f", 0.0, Mode::Sync),
    ];
    let r = run(&s);
    assert_eq!(steps_of(&r, StepKind::BulkheadRejected).len(), 7);
}

#[test]
fn function_concurrency_throttles_sync_and_queues_async() {
    let mut s = Scenario::new("concurrency");
    let mut f = FunctionSpec::named("f");
    f.concurrency = 2;
    f.duration = Dist::Fixed { ms: 10.3 };
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "GET /x", at_ms(&[0.0; 5]))),
        ComponentSpec::Function(f),
    ];
    s.links = vec![link("c", "f", 0.0, Mode::Sync)];
    let r = run(&s);
    assert_eq!(steps_of(&r, StepKind::Throttled).len(), 3);
    // 10.3 ms is billed as 11 ms.
    assert!(steps_of(&r, StepKind::Finished)
        .iter()
        .all(|s| s.detail == 11_000));
    assert_eq!(r.metrics.billed_ms, 22.0);
    s.links[0].mode = Mode::Async;
    let r = run(&s);
    assert_eq!(steps_of(&r, StepKind::Queued).len(), 3);
    assert_eq!(steps_of(&r, StepKind::Finished).len(), 5);
    assert_eq!(r.metrics.functions[0].peak_concurrency, 2);
}

#[test]
fn client_retries_with_backoff_then_answers() {
    let mut s = Scenario::new("retries");
    let mut c = ClientSpec::new("c", "GET /x", at_ms(&[0.0]));
    c.timeout_ms = 100.0;
    c.retries = 3;
    c.jitter = false;
    c.backoff_base_ms = 50.0;
    let mut f = FunctionSpec::named("f");
    f.duration = Dist::Fixed { ms: 500.0 };
    s.components = vec![ComponentSpec::Client(c), ComponentSpec::Function(f)];
    s.links = vec![link("c", "f", 0.0, Mode::Sync)];
    let r = run(&s);
    let sends: Vec<u64> = steps_of(&r, StepKind::Sent)
        .iter()
        .filter(|s| s.created)
        .map(|s| s.time)
        .collect();
    // Timeouts at 100 ms, then backoff 50, 100, 200 ms.
    assert_eq!(sends, vec![0, 150_000, 350_000, 650_000]);
    let answered = steps_of(&r, StepKind::Answered);
    assert_eq!(
        (answered.len(), answered[0].payload),
        (1, Payload::Reply { status: 0 })
    );
    assert_eq!(r.metrics.retries, 3);
    assert_eq!(r.metrics.errors.get("timeout"), Some(&1));
}

#[test]
fn status_polling_completes_once_the_worker_wrote_the_status() {
    let r = run(&examples::file("payments-decoupled.toml").unwrap());
    assert_eq!(steps_of(&r, StepKind::Completed).len(), 300);
    assert!(r.metrics.end_to_end_ms.p50 > r.metrics.caller_latency_ms.p50);
}

#[test]
fn retention_expires_messages_that_never_succeed() {
    let mut q = QueueSpec::named("q");
    q.consumers = 1;
    q.retention_ms = 60_000.0;
    q.visibility_timeout_ms = 7000.0;
    let mut w = FunctionSpec::named("w");
    w.error_rate = 1.0;
    let r = run(&queue_scenario(
        q,
        w,
        ClientSpec::new("p", "POST /x", at_ms(&[0.0])),
    ));
    let expired = steps_of(&r, StepKind::Expired);
    assert_eq!(expired.len(), 1);
    assert!(expired[0].time >= 60_000_000);
    assert_eq!(r.metrics.outcomes.expired, 1);
}

#[test]
fn delay_queue_hides_new_messages() {
    let mut q = QueueSpec::named("q");
    q.consumers = 1;
    q.delay_ms = 250.0;
    let r = run(&queue_scenario(
        q,
        FunctionSpec::named("w"),
        ClientSpec::new("p", "POST /x", at_ms(&[0.0])),
    ));
    assert_eq!(steps_of(&r, StepKind::ReceivedFromQueue)[0].time, 250_000);
}

#[test]
fn crash_loses_running_work_and_a_cut_link_loses_messages() {
    let mut q = QueueSpec::named("q");
    q.consumers = 1;
    let mut w = FunctionSpec::named("w");
    w.duration = Dist::Fixed { ms: 100.0 };
    let mut s = queue_scenario(
        q,
        w,
        ClientSpec::new(
            "p",
            "POST /x",
            Workload::Constant {
                rate_per_s: 10.0,
                count: 20,
                start_ms: 0.0,
            },
        ),
    );
    s.faults = vec![
        ScheduledFault {
            at_ms: 550.0,
            for_ms: Some(500.0),
            fault: Fault::Crash { target: "w".into() },
        },
        ScheduledFault {
            at_ms: 1200.0,
            for_ms: Some(300.0),
            fault: Fault::Cut {
                from: "p".into(),
                to: "q".into(),
            },
        },
    ];
    let r = run(&s);
    assert_eq!(steps_of(&r, StepKind::Crashed).len(), 1);
    assert_eq!(steps_of(&r, StepKind::Restarted).len(), 1);
    // Messages sent while the link is cut are lost for good (3 of them: 1.2, 1.3, 1.4 s).
    assert_eq!(r.metrics.outcomes.dropped_by_fault, 3);
    // The message being processed during the crash comes back after its visibility timeout.
    assert_eq!(steps_of(&r, StepKind::Deleted).len(), 17);
}

#[test]
fn fan_out_copies_to_every_subscriber() {
    let r = run(&examples::file("orders-fan-out.toml").unwrap());
    let published = steps_of(&r, StepKind::Published);
    assert_eq!(published.len(), 50);
    assert!(published.iter().all(|s| s.detail == 3));
}

#[test]
fn parameters_change_the_scenario_within_their_range() {
    let mut s = examples::file("payments-sync.toml").unwrap();
    s.set_parameter("rate", 500.0).unwrap();
    assert_eq!(
        s.parameter_value("customer.workload.rate_per_s").unwrap(),
        200.0
    );
    assert!(s.set_parameter("nope", 1.0).is_err());
    // A range upside down is refused, not a panic.
    let (min, max) = (s.parameters[0].min, s.parameters[0].max);
    (s.parameters[0].min, s.parameters[0].max) = (max, min);
    assert!(s.set_parameter("rate", 500.0).is_err());
}

#[test]
fn bounds_stop_the_run_and_say_so() {
    let mut s = examples::file("payments-sync.toml").unwrap();
    s.bounds.max_events = 100;
    let r = run(&s);
    assert_eq!((r.end.reason, r.end.events), (EndReason::MaxEvents, 100));
    assert!(r.metrics.outcomes.in_flight_at_end > 0);
    let mut s = examples::file("payments-sync.toml").unwrap();
    s.bounds.max_time_ms = 1000.0;
    let r = run(&s);
    assert_eq!(r.end.reason, EndReason::MaxTime);
    assert!(r.end.time <= 1_000_000);
}

#[test]
fn seeking_a_long_run_replays_a_bounded_number_of_steps() {
    let s = examples::queue_consumers(12_000, 80.0, 4, 40.0);
    let t = std::time::Instant::now();
    let r = simulate(&s, 3).unwrap();
    let full = t.elapsed();
    assert!(r.steps.len() >= 100_000, "{} steps", r.steps.len());
    let t = std::time::Instant::now();
    for i in [r.steps.len() - 1, r.steps.len() / 2, 99_999, 5] {
        let snap = r.state_at(i).unwrap();
        assert_eq!(snap.time, r.steps[i].time);
    }
    let seeks = t.elapsed() / 4;
    assert!(
        seeks * 20 < full,
        "a seek ({seeks:?}) should cost far less than the run ({full:?})"
    );
}

#[test]
fn every_send_is_completed_by_one_arrival_at_its_destination() {
    for s in examples::all().unwrap() {
        let r = run(&s);
        let mut arrivals = vec![0; r.steps.len()];
        for (i, step) in r.steps.iter().enumerate() {
            if let Some(sent) = step.sent_step() {
                let from = &r.steps[sent];
                assert_eq!(from.kind, StepKind::Sent);
                assert!(sent < i && from.time <= step.time && from.msg == step.msg);
                // Arrived at the destination, or lost at the sender on a cut link.
                assert!(from.peer == Some(step.node) || step.kind == StepKind::Dropped);
                arrivals[sent] += 1;
            }
        }
        for (i, step) in r.steps.iter().enumerate() {
            if step.kind == StepKind::Sent {
                assert_eq!(
                    arrivals[i], 1,
                    "{}: send {i} arrived {} times",
                    s.name, arrivals[i]
                );
            }
        }
    }
}

#[test]
fn async_events_waiting_past_the_maximum_event_age_expire() {
    let mut s = Scenario::new("age");
    let mut f = FunctionSpec::named("f");
    f.concurrency = 1;
    f.duration = Dist::Fixed { ms: 1000.0 };
    f.max_event_age_ms = 1500.0;
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("p", "POST /x", at_ms(&[0.0, 0.0, 0.0]))),
        ComponentSpec::Function(f),
    ];
    s.links = vec![link("p", "f", 0.0, Mode::Async)];
    let r = run(&s);
    // The second event starts at 1 s; the third would start at 2 s, past its 1.5 s age.
    assert_eq!(steps_of(&r, StepKind::Started).len(), 2);
    assert_eq!(r.metrics.outcomes.expired, 1);
}
