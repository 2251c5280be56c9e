//! Property tests over random topologies built from the rule-driven components (event bus,
//! topic with filter policies, state machine, stream, registry) with random faults and
//! seeds: nothing panics, time never goes backwards, every message ends exactly once, the
//! same seed gives the same run, and seeking or resuming reproduces the run.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{add_faults_and_bounds, between, chance, pick};
use lab_sim::Rng;
use lab_sim::*;
use proptest::prelude::*;

fn dist(r: &mut Rng) -> Dist {
    match r.next_u64() % 3 {
        0 => Dist::Fixed {
            ms: between(r, 0.0, 100.0),
        },
        1 => Dist::Exponential {
            mean_ms: between(r, 0.0, 100.0),
        },
        _ => Dist::Uniform {
            min_ms: 0.0,
            max_ms: between(r, 0.0, 100.0),
        },
    }
}

const EVENTS: [&str; 4] = [
    r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 50}}"#,
    r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 500}}"#,
    r#"{"source": "shop", "detail-type": "OrderCancelled", "detail": {"amount": 5}}"#,
    r#"{"source": "crm", "detail-type": "CustomerUpdated"}"#,
];

const PATTERNS: [&str; 5] = [
    r#"{"source": ["shop"]}"#,
    r#"{"detail": {"amount": [{"numeric": [">", 100]}]}}"#,
    r#"{"detail-type": [{"prefix": "Order"}], "detail": {"amount": [{"numeric": ["<", 10]}]}}"#,
    r#"{"source": [{"anything-but": "shop"}]}"#,
    r#"{"detail-type": [{"wildcard": "*Updated"}]}"#,
];

const DEFINITIONS: [&str; 4] = [
    r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "f", "Next": "B",
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}]},
      "B": {"Type": "Task", "Resource": "s", "End": true},
      "C": {"Type": "Fail", "Error": "X"}}}"#,
    r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "f", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 1, "Next": "C"}, "C": {"Type": "Task", "Resource": "s", "End": true}}}]}}}"#,
    r#"{"StartAt": "A", "TimeoutSeconds": 2, "States": {"A": {"Type": "Task", "Resource": "f", "TimeoutSeconds": 1, "Next": "W"},
      "W": {"Type": "Wait", "Seconds": 1, "Next": "Q"},
      "Q": {"Type": "Task", "Resource": "q", "End": true}}}"#,
    r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "End": true,
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "f", "End": true}}}}}}"#,
];

/// A random valid scenario: a client feeds a bus, a topic, a state machine, a stream or a
/// registry; the bus and the topic fan out to the others.
fn random_scenario(r: &mut Rng) -> Scenario {
    let mut s = Scenario::new("random-rules");
    let mut links: Vec<LinkSpec> = Vec::new();
    let mut add = |from: &str, to: &str, mode: Mode, r: &mut Rng| {
        links.push(LinkSpec {
            from: from.into(),
            to: to.into(),
            latency: dist(r),
            mode,
            op: None,
            on: Default::default(),
        });
    };
    let (first, mode) = *pick(
        r,
        &[
            ("bus", Mode::Async),
            ("bus", Mode::Sync),
            ("t", Mode::Async),
            ("sm", Mode::Async),
            ("sm", Mode::Sync),
            ("st", Mode::Async),
            ("st", Mode::Sync),
            ("reg", Mode::Sync),
        ],
    );
    let count = (r.next_u64() % 30) as u32;
    let mut client = ClientSpec::new(
        "c",
        "POST /work",
        Workload::Poisson {
            rate_per_s: between(r, 1.0, 50.0),
            count,
            start_ms: 0.0,
        },
    );
    client.timeout_ms = between(r, 50.0, 5000.0);
    client.retries = (r.next_u64() % 3) as u32;
    client.groups = 1 + (r.next_u64() % 4) as u32;
    add("c", first, mode, r);

    let targets = ["f", "q", "sm", "t"];
    let mut rules = Vec::new();
    for i in 0..(r.next_u64() % 4) {
        let target = *pick(r, &targets);
        rules.push(EventRuleSpec {
            name: format!("r{i}"),
            pattern: pick(r, &PATTERNS).to_string(),
            targets: vec![target.into()],
        });
    }
    for t in targets {
        if rules.iter().any(|x| x.targets[0] == t) {
            add("bus", t, Mode::Async, r);
        }
    }
    let bus = EventBusSpec {
        name: "bus".into(),
        events: EVENTS.iter().map(|e| e.to_string()).collect(),
        rules,
        op_events: Vec::new(),
    };

    let mut t = TopicSpec::named("t");
    t.http_timeout_ms = between(r, 10.0, 1000.0);
    t.messages = vec![
        TopicMessageSpec {
            body: r#"{"kind": "a", "n": 1}"#.into(),
            attributes: r#"{"kind": "a", "n": 1}"#.into(),
        },
        TopicMessageSpec {
            body: "not json".into(),
            attributes: r#"{"kind": "b", "n": 200}"#.into(),
        },
    ];
    add("t", "w", Mode::Async, r);
    if chance(r, 0.5) {
        add("t", "st", Mode::Async, r);
    }
    if chance(r, 0.7) {
        t.filters.push(FilterSpec {
            subscriber: "w".into(),
            policy: r#"{"n": [{"numeric": [">", 10]}]}"#.into(),
            scope: if chance(r, 0.5) {
                FilterScope::MessageBody
            } else {
                FilterScope::MessageAttributes
            },
        });
    }

    let sm = StateMachineSpec {
        name: "sm".into(),
        definition: pick(r, &DEFINITIONS).to_string(),
        input: r#"{"items": [1, 2, 3]}"#.into(),
        task_timeout_ms: between(r, 50.0, 3000.0),
    };
    add("sm", "f", Mode::Sync, r);
    add("sm", "s", Mode::Sync, r);
    add("sm", "q", Mode::Async, r);

    let st = StreamSpec {
        name: "st".into(),
        shards: 1 + (r.next_u64() % 3) as u32,
        batch_size: 1 + (r.next_u64() % 5) as u32,
        retention_ms: between(r, 60_000.0, 120_000.0),
        max_record_age_ms: chance(r, 0.5).then(|| between(r, 0.0, 5000.0)),
        max_retry_attempts: chance(r, 0.5).then(|| (r.next_u64() % 3) as u32),
        retry_delay_ms: between(r, 0.0, 1000.0),
        timeout_ms: between(r, 10.0, 2000.0),
    };
    add("st", "w", Mode::Sync, r);

    let inst = |name: &str, r: &mut Rng| InstanceSpec {
        name: name.into(),
        register_at_ms: between(r, 0.0, 500.0),
        deregister_at_ms: chance(r, 0.3).then(|| between(r, 0.0, 3000.0)),
    };
    let reg = RegistrySpec {
        name: "reg".into(),
        instances: vec![inst("f", r), inst("s", r)],
        discovery: if chance(r, 0.5) {
            Discovery::ClientSide
        } else {
            Discovery::ServerSide
        },
        balance: if chance(r, 0.5) {
            Balance::Random
        } else {
            Balance::RoundRobin
        },
        heartbeat_ms: between(r, 10.0, 1000.0),
        ttl_ms: between(r, 0.0, 3000.0),
        check_interval_ms: between(r, 10.0, 1000.0),
        client_cache_ms: between(r, 0.0, 3000.0),
        timeout_ms: between(r, 10.0, 1000.0),
    };
    add("reg", "f", Mode::Sync, r);
    add("reg", "s", Mode::Sync, r);

    let function = |name: &str, r: &mut Rng| {
        let mut f = FunctionSpec::named(name);
        f.concurrency = 1 + (r.next_u64() % 4) as u32;
        f.duration = dist(r);
        f.error_rate = between(r, 0.0, 0.5);
        f.timeout_ms = between(r, 20.0, 2000.0);
        f.max_retries = (r.next_u64() % 3) as u32;
        f.retry_delay_ms = between(r, 0.0, 500.0);
        f
    };
    let mut store = StoreSpec::named("s");
    store.error_rate = between(r, 0.0, 0.3);
    store.latency = dist(r);

    s.components = vec![
        ComponentSpec::Client(client),
        ComponentSpec::EventBus(bus),
        ComponentSpec::Topic(t),
        ComponentSpec::StateMachine(sm),
        ComponentSpec::Stream(st),
        ComponentSpec::Registry(reg),
        ComponentSpec::Function(function("f", r)),
        ComponentSpec::Function(function("w", r)),
        ComponentSpec::Queue(QueueSpec::named("q")),
        ComponentSpec::Store(store),
    ];
    s.links = links;
    add_faults_and_bounds(r, &mut s, random_fault, 3000.0, 60_000.0);
    s
}

fn random_fault(r: &mut Rng, s: &Scenario) -> Fault {
    let names: Vec<String> = s.components.iter().map(|c| c.name().to_string()).collect();
    let target = pick(r, &names).clone();
    let l = pick(r, &s.links).clone();
    match r.next_u64() % 5 {
        0 | 1 => Fault::Crash { target },
        2 => Fault::Restart { target },
        3 => Fault::ErrorRate {
            target,
            rate: r.unit(),
        },
        _ => Fault::Cut {
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
    for i in 0..run.steps.len().min(200) {
        assert!(!run.narration(i).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn rule_runs_conserve_messages_repeat_exactly_and_resume(shape in any::<u64>(), seed in any::<u64>(), pick in any::<u64>()) {
        let scenario = random_scenario(&mut Rng::new(shape));
        scenario.validate().unwrap();
        let run = simulate(&scenario, seed).unwrap();
        check_run(&run);
        let again = simulate(&scenario, seed).unwrap();
        prop_assert_eq!(run.digest(), again.digest());
        if !run.steps.is_empty() {
            let i = (pick % run.steps.len() as u64) as usize;
            prop_assert!(run.state_at(i).is_some());
            let resumed = run.resume_at(i).unwrap().finish();
            prop_assert_eq!(run.digest(), resumed.digest());
        }
    }
}
