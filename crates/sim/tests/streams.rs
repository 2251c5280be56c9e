//! Streams: records go to the shard of their partition key and stay in order there; a failed
//! batch is retried and blocks its shard until it succeeds or its records expire; the
//! iterator age shows the backlog.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{assert_conservation, count_terminal};
use lab_sim::*;

fn stream_spec() -> StreamSpec {
    StreamSpec {
        name: "clicks".into(),
        shards: 2,
        batch_size: 5,
        retention_ms: 86_400_000.0,
        max_record_age_ms: None,
        max_retry_attempts: None,
        retry_delay_ms: 1000.0,
        timeout_ms: 60_000.0,
    }
}

fn scenario(stream: StreamSpec, count: u32, groups: u32) -> Scenario {
    let mut client = ClientSpec::new(
        "app",
        "PUT /clicks",
        Workload::Constant {
            rate_per_s: 20.0,
            count,
            start_ms: 0.0,
        },
    );
    client.groups = groups;
    let mut f = FunctionSpec::named("consumer");
    f.duration = Dist::Fixed { ms: 20.0 };
    f.concurrency = 10;
    Scenario::new("stream")
        .with(ComponentSpec::Client(client))
        .with(ComponentSpec::Stream(stream))
        .with(ComponentSpec::Function(f))
        .link("app", "clicks", 1.0, Mode::Async)
        .link("clicks", "consumer", 1.0, Mode::Sync)
}

fn fault(at_ms: f64, for_ms: f64) -> ScheduledFault {
    ScheduledFault {
        at_ms,
        for_ms: Some(for_ms),
        fault: Fault::ErrorRate {
            target: "consumer".into(),
            rate: 1.0,
        },
    }
}

fn run(s: &Scenario) -> Run {
    let run = simulate(s, 5).unwrap_or_else(|e| panic!("{e}"));
    assert_conservation(&run);
    run
}

/// (shard, correlation id) of each record, in checkpoint order.
fn checkpoints(run: &Run) -> Vec<(u64, u32)> {
    run.steps
        .iter()
        .filter(|s| s.kind == StepKind::Checkpointed)
        .map(|s| (s.detail, s.corr))
        .collect()
}

#[test]
fn one_partition_key_stays_on_one_shard_and_in_order() {
    let run = run(&scenario(stream_spec(), 60, 4));
    let cps = checkpoints(&run);
    assert_eq!(cps.len(), 60);
    // Each key (group = corr mod 4) always lands on the same shard...
    for g in 0..4 {
        let shards: Vec<u64> = cps.iter().filter(|c| c.1 % 4 == g).map(|c| c.0).collect();
        assert!(
            shards.windows(2).all(|w| w[0] == w[1]),
            "key {g}: {shards:?}"
        );
    }
    // ...both shards are used, and within a shard records are processed in arrival order.
    for shard in 0..2 {
        let order: Vec<u32> = cps.iter().filter(|c| c.0 == shard).map(|c| c.1).collect();
        assert!(!order.is_empty());
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }
    assert_eq!(count_terminal(&run, Terminal::Consumed), 60);
}

#[test]
fn a_failing_batch_blocks_its_shard_and_the_iterator_age_grows() {
    let mut s = scenario(stream_spec(), 100, 1);
    // One key: everything is on one shard. The consumer fails for 3 s.
    s.faults.push(fault(1000.0, 3000.0));
    let run = run(&s);
    let ages: Vec<(Time, Time)> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::ShardRead)
        .map(|s| (s.time, s.detail))
        .collect();
    let peak = ages.iter().map(|a| a.1).max().unwrap();
    // The head batch waits out the whole fault, retried once a second.
    assert!(peak >= 2_900_000, "peak iterator age {peak}");
    let retries = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Retried)
        .count();
    assert!((2..=4).contains(&retries), "{retries}");
    // Nothing is checkpointed while the head batch fails, and nothing is lost.
    let cps = checkpoints(&run);
    assert_eq!(cps.len(), 100);
    assert!(cps.windows(2).all(|w| w[0].1 < w[1].1));
    let blocked_until = 4_000_000;
    let during = run
        .steps
        .iter()
        .filter(|s| {
            s.kind == StepKind::Checkpointed && s.time > 1_100_000 && s.time < blocked_until
        })
        .count();
    assert_eq!(during, 0);
    // After the fault the age drains back to a batch's worth.
    assert!(ages.last().unwrap().1 < 1_000_000);
    // The run's metrics carry the same figures.
    let m = &run.metrics.streams[0];
    assert_eq!(
        (m.records, m.checkpointed, m.retries),
        (100, 100, retries as u64)
    );
    assert_eq!(m.max_iterator_age_ms, peak as f64 / 1000.0);
    assert_eq!(m.iterator_age_ms.len(), 60);
    let worst = m
        .iterator_age_ms
        .iter()
        .max_by(|a, b| a.iterator_age_ms.total_cmp(&b.iterator_age_ms))
        .unwrap();
    assert!(worst.t_ms > 3000.0 && worst.t_ms < 6000.0, "{worst:?}");
}

#[test]
fn records_past_the_maximum_age_expire_and_unblock_the_shard() {
    let mut spec = stream_spec();
    spec.max_record_age_ms = Some(60_000.0);
    let mut s = scenario(spec, 40, 1);
    s.faults.push(fault(0.0, 90_000.0));
    let run = run(&s);
    // Every record was written in the first 2 s and the consumer failed for 90 s: all expire.
    assert_eq!(count_terminal(&run, Terminal::Expired), 40);
    assert_eq!(checkpoints(&run).len(), 0);
}

#[test]
fn max_retry_attempts_discards_the_batch() {
    let mut spec = stream_spec();
    spec.max_retry_attempts = Some(2);
    let mut s = scenario(spec, 10, 1);
    s.faults.push(fault(0.0, 5_000.0));
    let run = run(&s);
    assert!(count_terminal(&run, Terminal::Failed) >= 5);
    assert_eq!(
        count_terminal(&run, Terminal::Failed) + checkpoints(&run).len(),
        10
    );
}

#[test]
fn a_synchronous_put_record_is_answered_and_the_record_lives_on() {
    let mut s = scenario(stream_spec(), 10, 2);
    s.links[0].mode = Mode::Sync;
    let run = run(&s);
    assert_eq!(checkpoints(&run).len(), 10);
    assert_eq!(
        run.steps
            .iter()
            .filter(|s| s.kind == StepKind::Answered && s.payload == Payload::Reply { status: 200 })
            .count(),
        10
    );
}

#[test]
fn a_stream_needs_a_synchronous_consumer_link() {
    let mut s = scenario(stream_spec(), 10, 2);
    s.links[1].mode = Mode::Async;
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("synchronously"), "{e}");
}
