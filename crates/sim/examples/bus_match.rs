//! Cost of event pattern matching inside the engine: the same run of an event bus with 100
//! rules and with none, the difference divided by the events published.
//!
//! ```sh
//! cargo run --release -p lab-sim --example bus_match
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a benchmark over fixed input: a panic there is a bug in the benchmark, reported at once")]

use std::time::Instant;

use lab_sim::*;

const EVENTS: u32 = 200_000;

fn scenario(rules: usize) -> Scenario {
    let events = [
        r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 50, "country": "DE", "ip": "10.0.3.7", "tags": ["new", "eu"]}}"#,
        r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 480, "country": "US", "ip": "192.168.1.9", "tags": ["vip"]}}"#,
        r#"{"source": "crm", "detail-type": "CustomerUpdated", "detail": {"customer": "c-17", "country": "FR"}}"#,
    ];
    // A mix of operators; none matches, so the difference is matching alone.
    let pattern = |i: usize| match i % 10 {
        0 => format!(
            r#"{{"source": ["shop"], "detail": {{"amount": [{{"numeric": [">", {}]}}]}}}}"#,
            100_000 + i
        ),
        1 => format!(r#"{{"detail-type": [{{"prefix": "Order{i}"}}]}}"#),
        2 => format!(r#"{{"detail": {{"country": [{{"anything-but": ["DE", "US", "X{i}"]}}]}}}}"#),
        3 => format!(r#"{{"detail": {{"ip": [{{"cidr": "10.{i}.0.0/16"}}]}}}}"#),
        4 => format!(r#"{{"detail-type": [{{"wildcard": "*Placed{i}"}}]}}"#),
        5 => format!(r#"{{"detail": {{"tags": ["tag-{i}"]}}}}"#),
        6 => format!(
            r#"{{"$or": [{{"source": ["s{i}"]}}, {{"detail": {{"amount": [{{"numeric": [">", {}]}}]}}}}]}}"#,
            10_000 + i
        ),
        7 => format!(
            r#"{{"detail": {{"customer": [{{"exists": true}}], "country": [{{"equals-ignore-case": "x{i}"}}]}}}}"#
        ),
        8 => format!(r#"{{"source": [{{"suffix": "-{i}"}}]}}"#),
        _ => format!(r#"{{"detail-type": ["Type{i}"], "source": ["shop"]}}"#),
    };
    let bus = EventBusSpec {
        name: "bus".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        rules: (0..rules)
            .map(|i| EventRuleSpec {
                name: format!("r{i}"),
                pattern: pattern(i),
                targets: vec!["sink".into()],
            })
            .collect(),
        op_events: Vec::new(),
    };
    let mut s = Scenario::new("bus-match")
        .with(ComponentSpec::Client(ClientSpec::new(
            "publisher",
            "POST /events",
            Workload::Constant {
                rate_per_s: 100_000.0,
                count: EVENTS,
                start_ms: 0.0,
            },
        )))
        .with(ComponentSpec::EventBus(bus))
        .with(ComponentSpec::Function({
            let mut f = FunctionSpec::named("sink");
            f.duration = Dist::Fixed { ms: 0.0 };
            f.concurrency = 100_000;
            f
        }))
        .link("publisher", "bus", 0.0, Mode::Async);
    if rules > 0 {
        s = s.link("bus", "sink", 0.0, Mode::Async);
    }
    s.bounds.max_events = 10_000_000;
    s
}

fn time(rules: usize) -> (f64, u64) {
    let s = scenario(rules);
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let run = simulate(&s, 1).expect("valid scenario");
        best = best.min(t.elapsed().as_secs_f64());
        events = run.end.events;
        assert!(run.metrics.outcomes.holds());
    }
    (best, events)
}

fn main() {
    let (base, _) = time(0);
    let (with, events) = time(100);
    let per_event_us = (with - base) / EVENTS as f64 * 1e6;
    println!(
        "{EVENTS} events through a bus: no rules {:.3} s, 100 rules {:.3} s ({events} engine events, {:.0} events/s)",
        base,
        with,
        events as f64 / with
    );
    println!("matching one event against 100 rules in the engine: {per_event_us:.2} µs");
}
