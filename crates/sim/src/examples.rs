//! Built-in scenarios, written in Rust so they need no parser: the determinism fixture, the
//! benchmarks and the tests use them. The TOML files in `crates/sim/scenarios/` are the
//! same ideas written for instructors.

use crate::scenario::*;

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

fn route(op: &str, target: &str) -> RouteSpec {
    RouteSpec {
        op: op.into(),
        target: target.into(),
        cache_ttl_ms: 0.0,
        accepted: false,
        http_integration: false,
    }
}

/// The insurance payments API, synchronously: customer -> API gateway -> payments function
/// -> ledger database, every hop waiting on the next.
pub fn sync_chain() -> Scenario {
    let mut s = Scenario::new("sync-chain");
    s.description = "Payments through an API gateway: every hop waits for the next.".into();
    let mut customer = ClientSpec::new(
        "customer",
        "POST /payments",
        Workload::Poisson {
            rate_per_s: 40.0,
            count: 300,
            start_ms: 0.0,
        },
    );
    customer.timeout_ms = 2000.0;
    customer.retries = 2;
    let mut api = GatewaySpec::named("api");
    api.routes = vec![route("POST /payments", "payments")];
    api.rate_per_s = Some(50.0);
    api.burst = 20.0;
    let mut payments = FunctionSpec::named("payments");
    payments.concurrency = 5;
    payments.duration = Dist::LogNormal {
        median_ms: 60.0,
        sigma: 0.6,
    };
    payments.error_rate = 0.02;
    payments.memory_mb = 256.0;
    let mut ledger = StoreSpec::named("ledger");
    ledger.latency = Dist::Exponential { mean_ms: 15.0 };
    ledger.connections = Some(8);
    s.components = vec![
        ComponentSpec::Client(customer),
        ComponentSpec::Gateway(api),
        ComponentSpec::Function(payments),
        ComponentSpec::Store(ledger),
    ];
    s.links = vec![
        link(
            "customer",
            "api",
            Dist::Uniform {
                min_ms: 20.0,
                max_ms: 40.0,
            },
            Mode::Sync,
            None,
        ),
        link("api", "payments", fixed(2.0), Mode::Sync, None),
        link(
            "payments",
            "ledger",
            fixed(1.0),
            Mode::Sync,
            Some("PUT /ledger"),
        ),
    ];
    s.parameters = vec![Parameter {
        name: "rate".into(),
        label: "Customer requests per second".into(),
        target: "customer.workload.rate_per_s".into(),
        unit: "requests/s".into(),
        min: 1.0,
        max: 200.0,
        step: Some(1.0),
        explanation: "More requests than the gateway's rate limit lets through are refused with 429; more than the function's concurrency, with 500 from the gateway.".into(),
    }];
    s
}

/// The same payments, decoupled: the gateway puts each request on a queue and answers 202;
/// workers process at their own pace and record the status, which the customer polls.
pub fn decoupled() -> Scenario {
    let mut s = Scenario::new("decoupled");
    s.description =
        "Payments through a queue: accept fast, process at the workers' pace, poll for the status."
            .into();
    let mut customer = ClientSpec::new(
        "customer",
        "POST /payments",
        Workload::Poisson {
            rate_per_s: 40.0,
            count: 300,
            start_ms: 0.0,
        },
    );
    customer.poll = Some(PollSpec {
        op: "GET /status/{id}".into(),
        interval_ms: 500.0,
        max_polls: 40,
    });
    let mut api = GatewaySpec::named("api");
    api.routes = vec![
        RouteSpec {
            accepted: true,
            ..route("POST /payments", "payments-queue")
        },
        route("GET /status/{id}", "status-db"),
    ];
    let mut queue = QueueSpec::named("payments-queue");
    queue.consumers = 3;
    queue.visibility_timeout_ms = 5000.0;
    let mut worker = FunctionSpec::named("payments-worker");
    worker.concurrency = 3;
    worker.duration = Dist::LogNormal {
        median_ms: 60.0,
        sigma: 0.6,
    };
    worker.memory_mb = 256.0;
    let mut db = StoreSpec::named("status-db");
    db.latency = Dist::Exponential { mean_ms: 5.0 };
    s.components = vec![
        ComponentSpec::Client(customer),
        ComponentSpec::Gateway(api),
        ComponentSpec::Queue(queue),
        ComponentSpec::Function(worker),
        ComponentSpec::Store(db),
    ];
    s.links = vec![
        link(
            "customer",
            "api",
            Dist::Uniform {
                min_ms: 20.0,
                max_ms: 40.0,
            },
            Mode::Sync,
            None,
        ),
        link("api", "payments-queue", fixed(2.0), Mode::Sync, None),
        link("api", "status-db", fixed(2.0), Mode::Sync, None),
        link(
            "payments-queue",
            "payments-worker",
            fixed(1.0),
            Mode::Sync,
            None,
        ),
        link(
            "payments-worker",
            "status-db",
            fixed(1.0),
            Mode::Sync,
            Some("PUT /status/{id}"),
        ),
    ];
    s
}

/// A queue whose consumer fails half the time: messages come back after the visibility
/// timeout and, after three receives, move to the dead-letter queue.
pub fn redrive() -> Scenario {
    let mut s = Scenario::new("redrive");
    s.description =
        "A flaky consumer: visibility timeouts, receive counts and redrive to a DLQ.".into();
    let producer = ClientSpec::new(
        "producer",
        "POST /orders",
        Workload::Constant {
            rate_per_s: 5.0,
            count: 40,
            start_ms: 0.0,
        },
    );
    let mut orders = QueueSpec::named("orders");
    orders.consumers = 2;
    orders.visibility_timeout_ms = 2000.0;
    orders.max_receive_count = Some(3);
    orders.dead_letter = Some("orders-dlq".into());
    let mut worker = FunctionSpec::named("order-worker");
    worker.error_rate = 0.5;
    worker.duration = Dist::Exponential { mean_ms: 200.0 };
    s.components = vec![
        ComponentSpec::Client(producer),
        ComponentSpec::Queue(orders),
        ComponentSpec::Queue(QueueSpec::named("orders-dlq")),
        ComponentSpec::Function(worker),
    ];
    s.links = vec![
        link("producer", "orders", fixed(5.0), Mode::Async, None),
        link("orders", "order-worker", fixed(1.0), Mode::Sync, None),
    ];
    s
}

/// A breaker in front of an inventory service that becomes slow for four seconds: the
/// circuit opens, fails fast, probes half-open and closes once the service recovers.
pub fn breaker() -> Scenario {
    let mut s = Scenario::new("breaker");
    s.description = "A circuit breaker protecting callers from a slow dependency.".into();
    let mut shop = ClientSpec::new(
        "shop",
        "GET /inventory",
        Workload::Constant {
            rate_per_s: 20.0,
            count: 200,
            start_ms: 0.0,
        },
    );
    shop.timeout_ms = 1000.0;
    let mut cb = BreakerSpec::named("breaker");
    cb.failure_threshold = 5;
    cb.window_ms = 2000.0;
    cb.open_ms = 1000.0;
    cb.half_open_trials = 2;
    cb.timeout_ms = 300.0;
    cb.max_outstanding = Some(10);
    let mut inventory = FunctionSpec::named("inventory");
    inventory.concurrency = 20;
    inventory.duration = Dist::Exponential { mean_ms: 50.0 };
    s.components = vec![
        ComponentSpec::Client(shop),
        ComponentSpec::Breaker(cb),
        ComponentSpec::Function(inventory),
    ];
    s.links = vec![
        link("shop", "breaker", fixed(1.0), Mode::Sync, None),
        link("breaker", "inventory", fixed(2.0), Mode::Sync, None),
    ];
    s.faults = vec![ScheduledFault {
        at_ms: 2000.0,
        for_ms: Some(4000.0),
        fault: Fault::Slow {
            target: "inventory".into(),
            factor: 20.0,
        },
    }];
    s
}

/// Fan-out: an order event goes to a topic, which copies it to a billing queue, a shipping
/// function and an HTTP webhook.
pub fn fan_out() -> Scenario {
    let mut s = Scenario::new("fan-out");
    s.description =
        "One event, three subscribers: a queue, a function and an HTTP endpoint.".into();
    let shop = ClientSpec::new(
        "shop",
        "POST /orders",
        Workload::Burst {
            size: 10,
            at_ms: 0.0,
            bursts: 5,
            every_ms: 1000.0,
        },
    );
    let mut billing = QueueSpec::named("billing");
    billing.consumers = 2;
    let mut shipping = FunctionSpec::named("shipping");
    shipping.error_rate = 0.1;
    shipping.retry_delay_ms = 500.0;
    let mut webhook = StoreSpec::named("partner-webhook");
    webhook.error_rate = 0.2;
    s.components = vec![
        ComponentSpec::Client(shop),
        ComponentSpec::Topic(TopicSpec::named("orders-topic")),
        ComponentSpec::Queue(billing),
        ComponentSpec::Function(FunctionSpec::named("billing-worker")),
        ComponentSpec::Function(shipping),
        ComponentSpec::Store(webhook),
    ];
    s.links = vec![
        link("shop", "orders-topic", fixed(5.0), Mode::Sync, None),
        link("orders-topic", "billing", fixed(2.0), Mode::Async, None),
        link("orders-topic", "shipping", fixed(2.0), Mode::Async, None),
        link(
            "orders-topic",
            "partner-webhook",
            fixed(20.0),
            Mode::Sync,
            None,
        ),
        link("billing", "billing-worker", fixed(1.0), Mode::Sync, None),
    ];
    s
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

/// Every built-in scenario by name (the determinism fixture lists these).
pub fn all() -> Vec<Scenario> {
    vec![
        sync_chain(),
        decoupled(),
        redrive(),
        breaker(),
        fan_out(),
        queue_consumers(2000, 80.0, 4, 40.0),
        rules_mix(),
    ]
}
