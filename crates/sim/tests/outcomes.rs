//! Events that depend on a function's outcome, the gap between a database write and a
//! publish (a crash point, and the transactional outbox that closes it), a standard queue's
//! duplicates and reordering, and bus events chosen by operation.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use lab_sim::*;

const SEEDS: [u64; 4] = [1, 2, 3, 4];

fn link(from: &str, to: &str, mode: Mode, op: Option<&str>, on: SendOn) -> LinkSpec {
    LinkSpec {
        from: from.into(),
        to: to.into(),
        latency: Dist::Fixed { ms: 1.0 },
        mode,
        op: op.map(Into::into),
        on,
    }
}

fn sink(name: &str) -> ComponentSpec {
    ComponentSpec::Queue(QueueSpec::named(name))
}

fn simulated(s: &Scenario, seed: u64) -> Run {
    let run = simulate(s, seed).unwrap_or_else(|e| panic!("{e}"));
    common::assert_conservation(&run);
    run
}

fn queue<'a>(run: &'a Run, name: &str) -> &'a QueueMetrics {
    run.metrics.queues.iter().find(|q| q.name == name).unwrap()
}

fn function<'a>(run: &'a Run, name: &str) -> &'a FunctionMetrics {
    run.metrics.functions.iter().find(|f| f.name == name).unwrap()
}

fn store<'a>(run: &'a Run, name: &str) -> &'a StoreMetrics {
    run.metrics.stores.iter().find(|s| s.name == name).unwrap()
}

fn count(run: &Run, kind: StepKind) -> usize {
    run.steps.iter().filter(|s| s.kind == kind).count()
}

/// `requests` orders sent asynchronously to `f`, which announces its outcome on two queues.
fn outcome_scenario(requests: u32, decline_rate: f64, error_rate: f64) -> Scenario {
    let mut f = FunctionSpec::named("f");
    f.decline_rate = decline_rate;
    f.error_rate = error_rate;
    f.max_retries = 0;
    f.concurrency = 1000;
    let mut s = Scenario::new("outcomes");
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("c", "POST /orders", Workload::Burst { size: requests, at_ms: 0.0, bursts: 1, every_ms: 0.0 })),
        ComponentSpec::Function(f),
        sink("approved"),
        sink("rejected"),
    ];
    s.links = vec![
        link("c", "f", Mode::Async, None, SendOn::Invoke),
        link("f", "approved", Mode::Async, None, SendOn::Success),
        link("f", "rejected", Mode::Async, None, SendOn::Declined),
    ];
    s
}

#[test]
fn a_function_announces_exactly_one_outcome_after_its_work() {
    for seed in SEEDS {
        let run = simulated(&outcome_scenario(200, 0.3, 0.1), seed);
        let f = function(&run, "f");
        let (approved, rejected) = (queue(&run, "approved").enqueued, queue(&run, "rejected").enqueued);
        assert!(f.errors > 0 && f.declined > 20 && f.declined < 100, "{f:?}");
        assert_eq!(rejected, f.declined, "seed {seed}");
        // A failed invocation announces nothing; every other one announces one outcome.
        assert_eq!(approved + rejected, f.invocations - f.errors, "seed {seed}");
        // The outcome is sent once the work is done, not when the invocation starts.
        let first_start = run.steps.iter().find(|s| s.kind == StepKind::Started).unwrap().time;
        let first_enqueued = run.steps.iter().find(|s| s.kind == StepKind::Enqueued).unwrap().time;
        assert!(first_enqueued >= first_start + 100_000, "{first_start} {first_enqueued}");
    }
    let run = simulated(&outcome_scenario(50, 0.0, 0.0), 1);
    assert_eq!((queue(&run, "approved").enqueued, queue(&run, "rejected").enqueued), (50, 0));
}

/// A web client calls `orders`, which writes to `db` and then publishes to `events`; with
/// `outbox`, `db` publishes the row itself and `orders` only writes.
fn dual_write(requests: u32, crash_rate: f64, outbox: bool) -> Scenario {
    let mut f = FunctionSpec::named("orders");
    f.crash_rate = crash_rate;
    f.crash_after = Some("db".into());
    let mut db = StoreSpec::named("db");
    db.outbox = outbox;
    let mut s = Scenario::new("dual-write");
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("web", "POST /orders", Workload::Constant { rate_per_s: 50.0, count: requests, start_ms: 0.0 })),
        ComponentSpec::Function(f),
        ComponentSpec::Store(db),
        sink("events"),
    ];
    s.links = vec![
        link("web", "orders", Mode::Sync, None, SendOn::Invoke),
        link("orders", "db", Mode::Sync, Some("PUT /orders/{id}"), SendOn::Invoke),
    ];
    let publisher = if outbox { "db" } else { "orders" };
    s.links.push(link(publisher, "events", Mode::Async, Some("POST /order-created"), SendOn::Invoke));
    s
}

#[test]
fn a_crash_after_the_write_loses_the_publish() {
    for seed in SEEDS {
        let run = simulated(&dual_write(100, 0.2, false), seed);
        let orders = function(&run, "orders");
        assert_eq!(store(&run, "db").writes, 100, "seed {seed}: the write happens before the crash");
        assert!(orders.crashed > 5, "seed {seed}: {orders:?}");
        assert_eq!(queue(&run, "events").enqueued, 100 - orders.crashed, "seed {seed}");
        assert_eq!(orders.errors, orders.crashed, "seed {seed}: a crashed invocation fails");
        assert_eq!(run.metrics.answered_error, orders.crashed, "seed {seed}");
    }
}

#[test]
fn the_outbox_publishes_every_written_row_whatever_the_crashes() {
    for seed in SEEDS {
        let run = simulated(&dual_write(100, 0.2, true), seed);
        let db = store(&run, "db");
        assert!(function(&run, "orders").crashed > 5, "seed {seed}");
        assert_eq!((db.writes, db.relayed, queue(&run, "events").enqueued), (100, 100, 100), "seed {seed}");
    }
}

#[test]
fn outbox_rows_wait_out_a_crash_of_the_store_and_go_out_after_the_restart() {
    let mut s = dual_write(1, 0.0, true);
    s.components[0] = ComponentSpec::Client(ClientSpec::new("web", "POST /orders", Workload::List { at_ms: vec![0.0, 300.0] }));
    // The second row is committed at 307 ms; the relay's poll at 407 ms falls in the outage.
    s.faults.push(ScheduledFault { at_ms: 350.0, for_ms: Some(1000.0), fault: Fault::Crash { target: "db".into() } });
    let run = simulated(&s, 1);
    let relayed: Vec<Time> = run.steps.iter().filter(|s| s.kind == StepKind::Relayed).map(|s| s.time).collect();
    assert_eq!(relayed.len(), 2, "{relayed:?}");
    assert!(relayed[0] < 350_000 && relayed[1] >= 1_350_000, "{relayed:?}");
    assert_eq!(queue(&run, "events").enqueued, 2);
}

/// A burst of `n` messages in a standard queue read by one consumer.
fn standard(n: u32, duplicate_rate: f64, reorder_rate: f64) -> Scenario {
    let mut q = QueueSpec::named("q");
    q.consumers = 1;
    q.duplicate_rate = duplicate_rate;
    q.reorder_rate = reorder_rate;
    let mut w = FunctionSpec::named("w");
    w.duration = Dist::Fixed { ms: 10.0 };
    let mut s = Scenario::new("standard");
    s.components = vec![
        ComponentSpec::Client(ClientSpec::new("p", "POST /q", Workload::Burst { size: n, at_ms: 0.0, bursts: 1, every_ms: 0.0 })),
        ComponentSpec::Queue(q),
        ComponentSpec::Function(w),
    ];
    s.links = vec![
        link("p", "q", Mode::Async, None, SendOn::Invoke),
        link("q", "w", Mode::Sync, None, SendOn::Invoke),
    ];
    s
}

#[test]
fn a_standard_queue_duplicates_and_reorders_at_its_rates() {
    for seed in SEEDS {
        let run = simulated(&standard(200, 0.05, 0.1), seed);
        let q = queue(&run, "q");
        let copies = count(&run, StepKind::Duplicated) as u64;
        assert!(copies > 0 && q.out_of_order_deliveries > 0, "seed {seed}: {q:?}");
        assert_eq!(q.duplicate_deliveries, copies, "seed {seed}: every copy is delivered once more");
        assert_eq!(q.deleted, 200 + copies, "seed {seed}");
    }
    let run = simulated(&standard(200, 0.0, 0.0), 1);
    let q = queue(&run, "q");
    assert_eq!((q.duplicate_deliveries, q.out_of_order_deliveries, q.deleted), (0, 0, 200));
}

#[test]
fn duplicates_and_reordering_are_for_standard_queues_only() {
    let mut s = standard(1, 0.05, 0.0);
    let ComponentSpec::Queue(q) = &mut s.components[1] else { panic!("the scenario changed") };
    q.fifo = true;
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("standard queue"), "{e}");
}

#[test]
fn a_bus_picks_the_event_by_the_operation_a_publisher_sends() {
    let mut s = outcome_scenario(40, 0.25, 0.0);
    s.components.truncate(2);
    s.components.push(ComponentSpec::EventBus(EventBusSpec {
        name: "bus".into(),
        events: Vec::new(),
        rules: vec![EventRuleSpec {
            name: "declines".into(),
            pattern: r#"{"detail-type": ["CardDeclined"]}"#.into(),
            targets: vec!["refunds".into()],
        }],
        op_events: vec![
            OpEventSpec { op: "POST /card-authorized".into(), event: r#"{"detail-type": "CardAuthorized"}"#.into() },
            OpEventSpec { op: "POST /card-declined".into(), event: r#"{"detail-type": "CardDeclined"}"#.into() },
        ],
    }));
    s.components.push(sink("refunds"));
    s.links = vec![
        link("c", "f", Mode::Async, None, SendOn::Invoke),
        link("f", "bus", Mode::Async, Some("POST /card-authorized"), SendOn::Success),
        link("bus", "refunds", Mode::Async, None, SendOn::Invoke),
    ];
    let run = simulated(&s, 3);
    // Only authorizations are published: nothing matches the declines rule.
    assert_eq!(queue(&run, "refunds").enqueued, 0);
    assert_eq!(count(&run, StepKind::NoRuleMatched) as u64, 40 - function(&run, "f").declined);

    // The same link now carries the declined outcome, with the other operation.
    s.links[1].op = Some("POST /card-declined".into());
    s.links[1].on = SendOn::Declined;
    let run = simulated(&s, 3);
    let declined = function(&run, "f").declined;
    assert!(declined > 0);
    assert_eq!(queue(&run, "refunds").enqueued, declined);
}

#[test]
fn misplaced_outcome_links_crash_points_and_outboxes_are_refused() {
    let message = |s: &Scenario| s.validate().unwrap_err().to_string();
    let mut s = outcome_scenario(1, 0.0, 0.0);
    s.links[0].on = SendOn::Success;
    assert!(message(&s).contains("only to a link from a function"), "{}", message(&s));
    let mut s = outcome_scenario(1, 0.0, 0.0);
    s.links[1].mode = Mode::Sync;
    assert!(message(&s).contains("only asynchronously"), "{}", message(&s));

    let mut s = dual_write(1, 0.2, false);
    let ComponentSpec::Function(f) = &mut s.components[1] else { panic!("the scenario changed") };
    f.crash_after = None;
    assert!(message(&s).contains("needs `crash_after`"), "{}", message(&s));
    let ComponentSpec::Function(f) = &mut s.components[1] else { panic!("the scenario changed") };
    f.crash_after = Some("events".into());
    assert!(message(&s).contains("calls synchronously"), "{}", message(&s));

    let mut s = dual_write(1, 0.0, true);
    let ComponentSpec::Store(db) = &mut s.components[2] else { panic!("the scenario changed") };
    db.outbox = false;
    assert!(message(&s).contains("a store makes no calls"), "{}", message(&s));
    let mut s = dual_write(1, 0.0, true);
    s.links.pop();
    assert!(message(&s).contains("needs one outgoing link"), "{}", message(&s));
}

#[test]
fn a_function_may_announce_each_outcome_to_one_target_and_a_cut_stops_both() {
    let mut s = outcome_scenario(100, 0.5, 0.0);
    s.links[2].to = "approved".into();
    let run = simulated(&s, 2);
    assert_eq!(queue(&run, "approved").enqueued, 100, "both outcomes reach the one queue");
    s.links[2].on = SendOn::Success;
    assert!(s.validate().unwrap_err().message.contains("already declared"));

    s.links[2].on = SendOn::Declined;
    s.faults.push(ScheduledFault { at_ms: 0.0, for_ms: None, fault: Fault::Cut { from: "f".into(), to: "approved".into() } });
    let run = simulated(&s, 2);
    assert_eq!(queue(&run, "approved").enqueued, 0);
    assert_eq!(run.metrics.outcomes.dropped_by_fault, 100);
}
