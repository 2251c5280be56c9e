//! Service discovery: instances register, renew and deregister; the health check evicts a
//! crashed instance after its TTL, and until then its stale entry makes calls fail;
//! client-side discovery's cached copy stays stale longer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::assert_conservation;
use lab_sim::*;

fn registry(discovery: Discovery) -> RegistrySpec {
    let inst = |name: &str| InstanceSpec {
        name: name.into(),
        register_at_ms: 0.0,
        deregister_at_ms: None,
    };
    RegistrySpec {
        name: "registry".into(),
        instances: vec![inst("orders-1"), inst("orders-2"), inst("orders-3")],
        discovery,
        balance: Balance::RoundRobin,
        heartbeat_ms: 1000.0,
        ttl_ms: 3000.0,
        check_interval_ms: 1000.0,
        client_cache_ms: 5000.0,
        timeout_ms: 500.0,
    }
}

fn scenario(reg: RegistrySpec) -> Scenario {
    let mut client = ClientSpec::new(
        "shop",
        "GET /orders",
        Workload::Constant {
            rate_per_s: 20.0,
            count: 240,
            start_ms: 10.0,
        },
    );
    client.timeout_ms = 2000.0;
    let mut s = Scenario::new("discovery")
        .with(ComponentSpec::Client(client))
        .with(ComponentSpec::Registry(reg))
        .link("shop", "registry", 1.0, Mode::Sync);
    for i in 1..=3 {
        let name = format!("orders-{i}");
        let mut f = FunctionSpec::named(&name);
        f.duration = Dist::Fixed { ms: 20.0 };
        s = s
            .with(ComponentSpec::Function(f))
            .link("registry", &name, 1.0, Mode::Sync);
    }
    s
}

fn crash(target: &str, at_ms: f64, for_ms: Option<f64>) -> ScheduledFault {
    ScheduledFault {
        at_ms,
        for_ms,
        fault: Fault::Crash {
            target: target.into(),
        },
    }
}

fn run(s: &Scenario) -> Run {
    let run = simulate(s, 11).unwrap_or_else(|e| panic!("{e}"));
    assert_conservation(&run);
    run
}

/// Request start times (ms) of the answers with this status.
fn answered(run: &Run, status: u16) -> Vec<f64> {
    run.steps
        .iter()
        .filter(|s| s.kind == StepKind::Answered && s.payload == Payload::Reply { status })
        .map(|s| (s.time - s.detail) as f64 / 1000.0)
        .collect()
}

fn node_steps(run: &Run, kind: StepKind) -> Vec<(Time, String)> {
    run.steps
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| {
            (
                s.time,
                run.component_name(NodeId(s.detail as u32)).to_string(),
            )
        })
        .collect()
}

#[test]
fn instances_register_and_renew_and_calls_are_spread_round_robin() {
    let run = run(&scenario(registry(Discovery::ServerSide)));
    let reg = node_steps(&run, StepKind::Registered);
    assert_eq!(reg.len(), 3);
    assert!(reg.iter().all(|r| r.0 == 0));
    assert!(node_steps(&run, StepKind::Renewed).len() >= 3 * 10);
    assert_eq!(answered(&run, 200).len(), 240);
    for i in 1..=3 {
        let n = run
            .steps
            .iter()
            .filter(|s| {
                s.kind == StepKind::Started && run.component_name(s.node) == format!("orders-{i}")
            })
            .count();
        assert_eq!(n, 80);
    }
}

#[test]
fn a_crashed_instance_stays_registered_until_its_ttl_and_calls_to_it_fail() {
    let mut s = scenario(registry(Discovery::ServerSide));
    s.faults.push(crash("orders-2", 3000.0, None));
    let run = run(&s);
    // Last heartbeat at 2 s; the check at 6 s is the first to find it older than 3 s.
    let evicted = node_steps(&run, StepKind::Evicted);
    assert_eq!(evicted, vec![(6_000_000, "orders-2".to_string())]);
    let failed = answered(&run, 504);
    // A third of the calls made while the entry was stale (3 s to 6 s) failed.
    assert!((18..=22).contains(&failed.len()), "{}", failed.len());
    assert!(
        failed.iter().all(|&t| (3000.0..6000.0).contains(&t)),
        "{failed:?}"
    );
    assert_eq!(answered(&run, 200).len() + failed.len(), 240);
}

#[test]
fn client_side_discovery_keeps_using_its_stale_copy_until_it_refreshes() {
    let mut server = scenario(registry(Discovery::ServerSide));
    server.faults.push(crash("orders-2", 3000.0, None));
    let mut client = scenario(registry(Discovery::ClientSide));
    client.faults.push(crash("orders-2", 3000.0, None));
    let (server, client) = (run(&server), run(&client));
    let (fs, fc) = (answered(&server, 504), answered(&client, 504));
    assert!(
        fc.len() > fs.len(),
        "client-side {} server-side {}",
        fc.len(),
        fs.len()
    );
    // The copy fetched at about 5 s still lists orders-2; the one fetched at about 10 s does not.
    assert!(fc.iter().any(|&t| t > 6000.0));
    assert!(fc.iter().all(|&t| t < 10_100.0), "{fc:?}");
    assert!(!node_steps(&client, StepKind::RegistryFetched).is_empty());
}

#[test]
fn a_restarted_instance_registers_again() {
    let mut s = scenario(registry(Discovery::ServerSide));
    s.faults.push(crash("orders-2", 3000.0, Some(5000.0)));
    let run = run(&s);
    let reg: Vec<_> = node_steps(&run, StepKind::Registered)
        .into_iter()
        .filter(|r| r.1 == "orders-2")
        .collect();
    assert_eq!(reg.len(), 2);
    assert!(reg[1].0 >= 8_000_000 && reg[1].0 <= 9_000_000, "{reg:?}");
}

#[test]
fn a_graceful_stop_deregisters_first_and_causes_no_errors() {
    let mut reg = registry(Discovery::ServerSide);
    reg.instances[1].deregister_at_ms = Some(3000.0);
    let mut s = scenario(reg);
    s.faults.push(crash("orders-2", 3500.0, None));
    let run = run(&s);
    assert_eq!(
        node_steps(&run, StepKind::Deregistered),
        vec![(3_000_000, "orders-2".to_string())]
    );
    assert!(answered(&run, 504).is_empty());
    assert!(node_steps(&run, StepKind::Evicted).is_empty());
}

#[test]
fn nothing_registered_yet_answers_503() {
    let mut reg = registry(Discovery::ServerSide);
    for i in &mut reg.instances {
        i.register_at_ms = 1000.0;
    }
    let run = run(&scenario(reg));
    let unavailable = answered(&run, 503);
    assert_eq!(unavailable.len(), 20);
    assert!(unavailable.iter().all(|&t| t < 1000.0));
}

#[test]
fn registry_links_and_instances_are_validated() {
    let mut reg = registry(Discovery::ServerSide);
    reg.instances[0].name = "nowhere".into();
    let e = scenario(reg).validate().unwrap_err();
    assert!(e.message.contains("nowhere"), "{e}");
    let mut s = scenario(registry(Discovery::ServerSide));
    s.links[1].mode = Mode::Async;
    assert!(s.validate().is_err());
}

#[test]
fn registry_and_stream_fields_are_parameters() {
    let mut s = scenario(registry(Discovery::ServerSide));
    s.parameters.push(Parameter {
        name: "ttl".into(),
        label: "Lease TTL".into(),
        target: "registry.ttl_ms".into(),
        unit: "ms".into(),
        min: 1000.0,
        max: 90_000.0,
        step: None,
        explanation: "How long a silent instance stays registered.".into(),
    });
    s.validate().unwrap();
    assert_eq!(s.parameter_value("registry.ttl_ms"), Ok(3000.0));
    s.set_parameter("ttl", 10_000.0).unwrap();
    assert_eq!(s.parameter_value("registry.ttl_ms"), Ok(10_000.0));
    assert!(s.parameter_value("registry.nothing").is_err());
}

#[test]
fn a_crashed_registry_renews_and_evicts_nothing_until_it_restarts() {
    let mut s = scenario(registry(Discovery::ServerSide));
    s.faults.push(crash("registry", 2000.0, Some(4000.0)));
    s.faults.push(crash("orders-2", 2500.0, None));
    let run = run(&s);
    let during = |kind| {
        node_steps(&run, kind)
            .iter()
            .filter(|e| e.0 > 2_000_000 && e.0 < 6_000_000)
            .count()
    };
    assert_eq!(during(StepKind::Renewed), 0);
    assert_eq!(during(StepKind::Evicted), 0);
    // After the restart every kept lease gets a full TTL: the crashed instance's is evicted
    // 3 s later, the others renew.
    let evicted = node_steps(&run, StepKind::Evicted);
    assert_eq!(evicted.len(), 1, "{evicted:?}");
    assert_eq!(evicted[0].1, "orders-2");
    assert!(evicted[0].0 >= 9_000_000, "{evicted:?}");
}
