//! Built-in scenarios. Two are written in Rust: the benchmark's, which the app runs without a
//! parser, and the mix of rule-driven components; the others are the example files of
//! `crates/sim/scenarios/`, which [`file`] reads (feature `toml`: the tests enable it).

use crate::scenario::*;

/// The example files, as text, by file name.
#[cfg(feature = "toml")]
const FILES: &[(&str, &str)] = &[
    ("payments-sync.toml", include_str!("../scenarios/payments-sync.toml")),
    ("payments-decoupled.toml", include_str!("../scenarios/payments-decoupled.toml")),
    ("orders-redrive.toml", include_str!("../scenarios/orders-redrive.toml")),
    ("inventory-breaker.toml", include_str!("../scenarios/inventory-breaker.toml")),
    ("orders-fan-out.toml", include_str!("../scenarios/orders-fan-out.toml")),
    ("orders-filtered.toml", include_str!("../scenarios/orders-filtered.toml")),
    ("eventbridge-routing.toml", include_str!("../scenarios/eventbridge-routing.toml")),
    ("order-saga.toml", include_str!("../scenarios/order-saga.toml")),
    ("stream-blocked-shard.toml", include_str!("../scenarios/stream-blocked-shard.toml")),
    ("discovery-crashed-instance.toml", include_str!("../scenarios/discovery-crashed-instance.toml")),
];

/// The example file `name` of `crates/sim/scenarios/` (e.g. `"orders-redrive.toml"`),
/// parsed and validated.
#[cfg(feature = "toml")]
pub fn file(name: &str) -> Result<Scenario, TomlError> {
    match FILES.iter().find(|(file, _)| *file == name) {
        Some((file, text)) => from_toml(file, text),
        None => Err(TomlError {
            file: name.to_string(),
            line: None,
            column: None,
            message: "there is no example file of this name in crates/sim/scenarios/".into(),
        }),
    }
}

fn link(from: &str, to: &str, latency: Dist, mode: Mode, op: Option<&str>) -> LinkSpec {
    LinkSpec {
        from: from.into(),
        to: to.into(),
        latency,
        mode,
        op: op.map(Into::into),
        on: Default::default(),
    }
}

fn fixed(ms: f64) -> Dist {
    Dist::Fixed { ms }
}

/// Poisson arrivals into a queue served by `consumers` workers with exponential service
/// times: the M/M/c system of queueing theory, and the benchmark's workload.
pub fn queue_consumers(
    requests: u32,
    rate_per_s: f64,
    consumers: u32,
    mean_service_ms: f64,
) -> Scenario {
    let mut s = Scenario::new("queue-consumers");
    s.description =
        "Poisson arrivals, a queue, c consumers with exponential service (M/M/c).".into();
    let producer = ClientSpec::new(
        "producer",
        "POST /jobs",
        Workload::Poisson {
            rate_per_s,
            count: requests,
            start_ms: 0.0,
        },
    );
    let mut jobs = QueueSpec::named("jobs");
    jobs.consumers = consumers;
    jobs.visibility_timeout_ms = 12.0 * 3_600_000.0;
    let mut worker = FunctionSpec::named("worker");
    worker.concurrency = consumers;
    worker.duration = Dist::Exponential {
        mean_ms: mean_service_ms,
    };
    worker.timeout_ms = 900_000.0;
    s.components = vec![
        ComponentSpec::Client(producer),
        ComponentSpec::Queue(jobs),
        ComponentSpec::Function(worker),
    ];
    s.links = vec![
        link("producer", "jobs", fixed(0.0), Mode::Async, None),
        link("jobs", "worker", fixed(0.0), Mode::Sync, None),
    ];
    s.bounds = Bounds {
        max_events: 10_000_000,
        max_time_ms: 30.0 * 86_400_000.0,
    };
    s
}

/// The rule-driven building blocks together, so the determinism fixture covers them on the
/// host and in the browser: an event bus routes orders to a state machine (Retry with
/// FULL jitter, Catch, Parallel), a topic with a filter policy and a stream; a registry
/// routes a second client's calls, with an instance crashing mid-run.
pub fn rules_mix() -> Scenario {
    let mut s = Scenario::new("rules-mix");
    s.description =
        "Event bus, state machine, filtered topic, stream and registry together.".into();
    let orders = ClientSpec::new(
        "shop",
        "POST /events",
        Workload::Poisson {
            rate_per_s: 20.0,
            count: 200,
            start_ms: 0.0,
        },
    );
    let mut lookups = ClientSpec::new(
        "app",
        "GET /orders",
        Workload::Constant {
            rate_per_s: 25.0,
            count: 200,
            start_ms: 5.0,
        },
    );
    lookups.timeout_ms = 1000.0;
    lookups.retries = 1;
    let bus = EventBusSpec {
        name: "bus".into(),
        events: vec![
            r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 42.5, "ip": "10.1.2.3"}}"#.into(),
            r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 730, "ip": "192.168.0.7"}}"#.into(),
            r#"{"source": "crm", "detail-type": "CustomerUpdated"}"#.into(),
        ],
        rules: vec![
            EventRuleSpec {
                name: "orders".into(),
                pattern: r#"{"source": ["shop"], "detail": {"ip": [{"cidr": "10.0.0.0/8"}]}}"#.into(),
                targets: vec!["saga".into(), "clicks".into()],
            },
            EventRuleSpec {
                name: "big".into(),
                pattern: r#"{"detail": {"amount": [{"numeric": [">", 99.5]}]}}"#.into(),
                targets: vec!["notify".into()],
            },
        ],
        op_events: Vec::new(),
    };
    let saga = StateMachineSpec {
        name: "saga".into(),
        definition: r#"{"StartAt": "Both", "States": {
            "Both": {"Type": "Parallel", "Next": "Pay", "Branches": [
                {"StartAt": "Reserve", "States": {"Reserve": {"Type": "Task", "Resource": "inventory", "End": true}}},
                {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 1, "End": true}}}]},
            "Pay": {"Type": "Task", "Resource": "payments", "End": true,
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3,
                           "BackoffRate": 1.7, "MaxDelaySeconds": 2, "JitterStrategy": "FULL"}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Release"}]},
            "Release": {"Type": "Task", "Resource": "inventory", "Next": "Failed"},
            "Failed": {"Type": "Fail", "Error": "PaymentFailed"}}}"#
            .into(),
        input: "{}".into(),
        task_timeout_ms: 2000.0,
    };
    let mut notify = TopicSpec::named("notify");
    notify.messages = vec![
        TopicMessageSpec {
            body: "{}".into(),
            attributes: r#"{"tier": "gold", "score": 9.75}"#.into(),
        },
        TopicMessageSpec {
            body: "{}".into(),
            attributes: r#"{"tier": "basic", "score": 1}"#.into(),
        },
    ];
    notify.filters = vec![FilterSpec {
        subscriber: "vip-desk".into(),
        policy: r#"{"score": [{"numeric": [">=", 9.5, "<", 10]}]}"#.into(),
        scope: FilterScope::MessageAttributes,
    }];
    let clicks = StreamSpec {
        name: "clicks".into(),
        shards: 2,
        batch_size: 10,
        retention_ms: 86_400_000.0,
        max_record_age_ms: Some(60_000.0),
        max_retry_attempts: None,
        retry_delay_ms: 500.0,
        timeout_ms: 5000.0,
    };
    let instance = |name: &str| InstanceSpec {
        name: name.into(),
        register_at_ms: 0.0,
        deregister_at_ms: None,
    };
    let registry = RegistrySpec {
        name: "registry".into(),
        instances: vec![instance("orders-1"), instance("orders-2")],
        discovery: Discovery::ClientSide,
        balance: Balance::Random,
        heartbeat_ms: 500.0,
        ttl_ms: 1500.0,
        check_interval_ms: 500.0,
        client_cache_ms: 2000.0,
        timeout_ms: 300.0,
    };
    let function = |name: &str, ms: f64, error_rate: f64| {
        let mut f = FunctionSpec::named(name);
        f.duration = Dist::Exponential { mean_ms: ms };
        f.error_rate = error_rate;
        f.retry_delay_ms = 200.0;
        ComponentSpec::Function(f)
    };
    s.components = vec![
        ComponentSpec::Client(orders),
        ComponentSpec::Client(lookups),
        ComponentSpec::EventBus(bus),
        ComponentSpec::StateMachine(saga),
        ComponentSpec::Topic(notify),
        ComponentSpec::Stream(clicks),
        ComponentSpec::Registry(registry),
        function("inventory", 20.0, 0.0),
        function("payments", 80.0, 0.5),
        function("vip-desk", 30.0, 0.0),
        function("analytics", 15.0, 0.1),
        function("orders-1", 20.0, 0.0),
        function("orders-2", 20.0, 0.0),
    ];
    s.links = vec![
        link("shop", "bus", fixed(2.0), Mode::Async, None),
        link("bus", "saga", fixed(1.0), Mode::Async, None),
        link("bus", "clicks", fixed(1.0), Mode::Async, None),
        link("bus", "notify", fixed(1.0), Mode::Async, None),
        link("saga", "inventory", fixed(1.0), Mode::Sync, None),
        link("saga", "payments", fixed(1.0), Mode::Sync, None),
        link("notify", "vip-desk", fixed(1.0), Mode::Async, None),
        link("clicks", "analytics", fixed(1.0), Mode::Sync, None),
        link("app", "registry", fixed(0.0), Mode::Sync, None),
        link(
            "registry",
            "orders-1",
            Dist::Uniform {
                min_ms: 1.0,
                max_ms: 3.0,
            },
            Mode::Sync,
            None,
        ),
        link(
            "registry",
            "orders-2",
            Dist::Uniform {
                min_ms: 1.0,
                max_ms: 3.0,
            },
            Mode::Sync,
            None,
        ),
    ];
    s.faults = vec![ScheduledFault {
        at_ms: 3000.0,
        for_ms: Some(3000.0),
        fault: Fault::Crash {
            target: "orders-2".into(),
        },
    }];
    s
}

/// The scenarios the determinism fixture lists: five example files and the two written in
/// Rust.
#[cfg(feature = "toml")]
pub fn all() -> Result<Vec<Scenario>, TomlError> {
    let files = [
        "payments-sync.toml",
        "payments-decoupled.toml",
        "orders-redrive.toml",
        "inventory-breaker.toml",
        "orders-fan-out.toml",
    ];
    let mut all = files.into_iter().map(file).collect::<Result<Vec<_>, _>>()?;
    all.push(queue_consumers(2000, 80.0, 4, 40.0));
    all.push(rules_mix());
    Ok(all)
}
