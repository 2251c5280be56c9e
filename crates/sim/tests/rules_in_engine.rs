//! The rule languages inside the engine: event bus routing (matched and unmatched events),
//! topic subscription filter policies, and state machines (Retry timing in simulated time,
//! Catch-driven compensation, Parallel), with conservation checked on every run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

mod common;

use common::{assert_conservation, count_terminal};
use lab_sim::*;

fn fixed(ms: f64) -> Dist {
    Dist::Fixed { ms }
}

fn quick_fn(name: &str, error_rate: f64) -> ComponentSpec {
    let mut f = FunctionSpec::named(name);
    f.duration = fixed(10.0);
    f.error_rate = error_rate;
    f.max_retries = 0;
    ComponentSpec::Function(f)
}

fn client(name: &str, count: u32) -> ComponentSpec {
    ComponentSpec::Client(ClientSpec::new(
        name,
        "POST /events",
        Workload::Constant {
            rate_per_s: 10.0,
            count,
            start_ms: 0.0,
        },
    ))
}

/// Steps of `kind` at the component named `node`.
fn count_at(run: &Run, node: &str, kind: StepKind) -> usize {
    run.steps
        .iter()
        .filter(|s| s.kind == kind && run.component_name(s.node) == node)
        .count()
}

fn run(s: &Scenario) -> Run {
    let run = simulate(s, 7).unwrap_or_else(|e| panic!("{e}"));
    assert_conservation(&run);
    run
}

// ---------------------------------------------------------------------------------------
// Event bus

fn bus_scenario() -> Scenario {
    let events = [
        r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 50, "country": "DE"}}"#,
        r#"{"source": "shop", "detail-type": "OrderPlaced", "detail": {"amount": 500, "country": "US"}}"#,
        r#"{"source": "shop", "detail-type": "OrderCancelled", "detail": {"amount": 20, "country": "DE"}}"#,
        r#"{"source": "crm", "detail-type": "CustomerUpdated", "detail": {"id": 7}}"#,
    ];
    let rule = |name: &str, pattern: &str, target: &str| EventRuleSpec {
        name: name.into(),
        pattern: pattern.into(),
        targets: vec![target.into()],
    };
    let bus = EventBusSpec {
        name: "bus".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        rules: vec![
            rule(
                "all-orders",
                r#"{"source": ["shop"], "detail-type": ["OrderPlaced"]}"#,
                "billing",
            ),
            rule(
                "big-orders",
                r#"{"detail-type": ["OrderPlaced"], "detail": {"amount": [{"numeric": [">=", 100]}]}}"#,
                "fraud",
            ),
            rule(
                "cancellations",
                r#"{"detail-type": [{"prefix": "OrderCanc"}], "detail": {"country": [{"anything-but": "US"}]}}"#,
                "refunds",
            ),
        ],
        op_events: Vec::new(),
    };
    Scenario::new("bus")
        .with(client("shop", 8))
        .with(ComponentSpec::EventBus(bus))
        .with(quick_fn("billing", 0.0))
        .with(quick_fn("fraud", 0.0))
        .with(quick_fn("refunds", 0.0))
        .link("shop", "bus", 1.0, Mode::Async)
        .link("bus", "billing", 1.0, Mode::Async)
        .link("bus", "fraud", 1.0, Mode::Async)
        .link("bus", "refunds", 1.0, Mode::Async)
}

#[test]
fn event_bus_routes_each_event_to_every_matching_rule_and_records_unmatched_ones() {
    let run = run(&bus_scenario());
    // Eight events cycle through the four documents: each is published twice.
    assert_eq!(count_at(&run, "billing", StepKind::Started), 4);
    assert_eq!(count_at(&run, "fraud", StepKind::Started), 2);
    assert_eq!(count_at(&run, "refunds", StepKind::Started), 2);
    assert_eq!(count_at(&run, "bus", StepKind::RuleMatched), 8);
    let unmatched: Vec<_> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::NoRuleMatched)
        .collect();
    assert_eq!(unmatched.len(), 2);
    // Unmatched events still end exactly once.
    assert!(unmatched
        .iter()
        .all(|s| s.terminal == Some(Terminal::Consumed) && s.corr % 4 == 3));
    let i = run
        .steps
        .iter()
        .position(|s| s.kind == StepKind::RuleMatched && s.detail == 1)
        .unwrap();
    assert!(
        run.narration(i).contains("big-orders"),
        "{}",
        run.narration(i)
    );
}

#[test]
fn a_synchronous_put_events_is_answered_200_matched_or_not() {
    let mut s = bus_scenario();
    s.links[0].mode = Mode::Sync;
    let run = run(&s);
    let answers: Vec<_> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Answered)
        .collect();
    assert_eq!(answers.len(), 8);
    assert!(answers
        .iter()
        .all(|s| s.payload == Payload::Reply { status: 200 }));
}

#[test]
fn invalid_event_patterns_and_targets_are_rejected_with_the_reason() {
    let mut s = bus_scenario();
    if let ComponentSpec::EventBus(b) = &mut s.components[1] {
        b.rules[1].pattern = r#"{"detail": {"amount": [{"numeric": [">=", "lots"]}]}}"#.into();
    }
    let e = s.validate().unwrap_err();
    assert_eq!(e.place, Where::Component("bus".into()));
    assert!(e.message.contains("rule `big-orders`"), "{e}");
    assert!(e.message.contains("detail.amount"), "{e}");

    let mut s = bus_scenario();
    if let ComponentSpec::EventBus(b) = &mut s.components[1] {
        b.rules[0].targets = vec!["nowhere".into()];
    }
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("target `nowhere`"), "{e}");

    let mut s = bus_scenario();
    s.links[1].mode = Mode::Sync;
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("asynchronously"), "{e}");
}

#[test]
fn a_state_machine_started_by_a_rule_gets_the_event_as_its_input() {
    // The execution chooses by the event's amount: only big orders reach `fraud`.
    let def = r#"{"StartAt": "Big?", "States": {
        "Big?": {"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.detail.amount", "NumericGreaterThanEquals": 100, "Next": "Check"}]},
        "Check": {"Type": "Task", "Resource": "fraud", "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    let mut s = bus_scenario();
    s.components.push(machine(def));
    if let ComponentSpec::EventBus(b) = &mut s.components[1] {
        b.rules[0].targets = vec!["sm".into()];
    }
    s.links[1].to = "sm".into();
    s = s.link("sm", "fraud", 1.0, Mode::Sync);
    let run = run(&s);
    // all-orders matches events 0 and 1 (twice each): the machine runs 4 times and calls
    // fraud for event 1 only; big-orders still sends event 1 to fraud directly.
    let executions = history(&run)
        .iter()
        .filter(|e| e.1 == "ExecutionStarted")
        .count();
    assert_eq!(executions, 4);
    assert_eq!(count_at(&run, "fraud", StepKind::Started), 4);
}

// ---------------------------------------------------------------------------------------
// Topic filter policies

fn topic_scenario(policy: &str, scope: FilterScope) -> Scenario {
    let mut t = TopicSpec::named("orders");
    t.messages = vec![
        TopicMessageSpec {
            body: r#"{"store": "example_corp", "total": 120}"#.into(),
            attributes: r#"{"store": "example_corp", "price": 120}"#.into(),
        },
        TopicMessageSpec {
            body: r#"{"store": "other", "total": 5}"#.into(),
            attributes: r#"{"store": "other", "price": 5}"#.into(),
        },
    ];
    t.filters = vec![FilterSpec {
        subscriber: "audit".into(),
        policy: policy.into(),
        scope,
    }];
    Scenario::new("topic")
        .with(client("shop", 6))
        .with(ComponentSpec::Topic(t))
        .with(quick_fn("everything", 0.0))
        .with(quick_fn("audit", 0.0))
        .link("shop", "orders", 1.0, Mode::Async)
        .link("orders", "everything", 1.0, Mode::Async)
        .link("orders", "audit", 1.0, Mode::Async)
}

#[test]
fn a_filter_policy_drops_what_it_does_not_match_and_records_it() {
    for (policy, scope) in [
        (
            r#"{"store": ["example_corp"], "price": [{"numeric": [">=", 100]}]}"#,
            FilterScope::MessageAttributes,
        ),
        (
            r#"{"total": [{"numeric": [">", 100]}]}"#,
            FilterScope::MessageBody,
        ),
    ] {
        let run = run(&topic_scenario(policy, scope));
        assert_eq!(count_at(&run, "everything", StepKind::Started), 6);
        assert_eq!(count_at(&run, "audit", StepKind::Started), 3, "{policy}");
        let filtered: Vec<_> = run
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::FilteredOut)
            .collect();
        assert_eq!(filtered.len(), 3);
        assert!(filtered.iter().all(|s| s.corr % 2 == 1));
        // Published counts only the deliveries made.
        let published: Vec<u64> = run
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Published)
            .map(|s| s.detail)
            .collect();
        assert_eq!(published, vec![2, 1, 2, 1, 2, 1]);
    }
}

#[test]
fn an_invalid_filter_policy_is_rejected_with_the_reason() {
    let s = topic_scenario(
        r#"{"store": [{"wildcard": "x*"}]}"#,
        FilterScope::MessageAttributes,
    );
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("filter policy for `audit`"), "{e}");
}

// ---------------------------------------------------------------------------------------
// State machines

fn machine(definition: &str) -> ComponentSpec {
    ComponentSpec::StateMachine(StateMachineSpec {
        name: "sm".into(),
        definition: definition.into(),
        input: r#"{"order": 1}"#.into(),
        task_timeout_ms: 60_000.0,
    })
}

/// (time, event name, state) of every history step.
fn history(run: &Run) -> Vec<(Time, &'static str, Option<String>)> {
    (0..run.steps.len())
        .filter_map(|i| {
            run.execution_event(i)
                .map(|(n, st, _)| (run.steps[i].time, n, st.map(String::from)))
        })
        .collect()
}

#[test]
fn retry_waits_follow_interval_times_backoff_rate_capped_by_max_delay() {
    let def = r#"{"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "payments", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5,
                       "BackoffRate": 2.0, "MaxDelaySeconds": 5}]}}}"#;
    let s = Scenario::new("retry")
        .with(client("shop", 1))
        .with(machine(def))
        .with(quick_fn("payments", 1.0))
        .link("shop", "sm", 0.0, Mode::Async)
        .link("sm", "payments", 0.0, Mode::Sync);
    let run = run(&s);
    let h = history(&run);
    let failed: Vec<Time> = h
        .iter()
        .filter(|e| e.1 == "TaskFailed")
        .map(|e| e.0)
        .collect();
    let scheduled: Vec<Time> = h
        .iter()
        .filter(|e| e.1 == "TaskScheduled")
        .map(|e| e.0)
        .collect();
    assert_eq!(scheduled.len(), 6, "{h:?}");
    assert_eq!(failed.len(), 6);
    let waits: Vec<Time> = (0..5).map(|n| scheduled[n + 1] - failed[n]).collect();
    // 1 s x 2^(n-1): 1, 2, 4, then 8 and 16 capped at 5.
    assert_eq!(
        waits,
        vec![1_000_000, 2_000_000, 4_000_000, 5_000_000, 5_000_000]
    );
    assert_eq!(h.last().unwrap().1, "ExecutionFailed");
    assert_eq!(count_terminal(&run, Terminal::Failed), 1);
    assert_eq!(count_at(&run, "payments", StepKind::Started), 6);
}

fn saga(pay_error_rate: f64, count: u32) -> Scenario {
    let def = r#"{"StartAt": "Reserve", "States": {
        "Reserve": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:inventory", "ResultPath": "$.reservation", "Next": "Pay"},
        "Pay": {"Type": "Task", "Resource": "payments", "ResultPath": "$.payment", "Next": "Done",
            "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Release"}]},
        "Release": {"Type": "Task", "Resource": "release", "Next": "OrderFailed"},
        "OrderFailed": {"Type": "Fail", "Error": "OrderFailed", "Cause": "payment declined"},
        "Done": {"Type": "Succeed"}}}"#;
    Scenario::new("saga")
        .with(client("shop", count))
        .with(machine(def))
        .with(quick_fn("inventory", 0.0))
        .with(quick_fn("payments", pay_error_rate))
        .with(quick_fn("release", 0.0))
        .link("shop", "sm", 1.0, Mode::Async)
        .link("sm", "inventory", 1.0, Mode::Sync)
        .link("sm", "payments", 1.0, Mode::Sync)
        .link("sm", "release", 1.0, Mode::Sync)
}

#[test]
fn catch_runs_the_compensation_and_the_execution_fails() {
    let run = run(&saga(1.0, 3));
    assert_eq!(count_at(&run, "inventory", StepKind::Started), 3);
    assert_eq!(count_at(&run, "release", StepKind::Started), 3);
    assert_eq!(count_terminal(&run, Terminal::Failed), 3);
    let h = history(&run);
    let names: Vec<&str> = h.iter().take(14).map(|e| e.1).collect();
    assert_eq!(
        &names[..6],
        &[
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited"
        ]
    );
    assert!(h
        .iter()
        .any(|e| e.1 == "TaskStateEntered" && e.2.as_deref() == Some("Release")));
    assert!(h
        .iter()
        .any(|e| e.1 == "FailStateEntered" && e.2.as_deref() == Some("OrderFailed")));
    // The happy path: no compensation.
    let run = self::run(&saga(0.0, 3));
    assert_eq!(count_at(&run, "release", StepKind::Started), 0);
    assert_eq!(count_terminal(&run, Terminal::Failed), 0);
    let i = run
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Execution)
        .unwrap();
    assert!(run.narration(i).contains("ExecutionStarted"));
}

#[test]
fn a_synchronous_start_is_answered_when_the_execution_ends() {
    let mut s = saga(1.0, 2);
    s.links[0].mode = Mode::Sync;
    let run = run(&s);
    let answers: Vec<_> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Answered)
        .map(|s| s.payload)
        .collect();
    assert_eq!(answers, vec![Payload::Reply { status: 500 }; 2]);
}

#[test]
fn parallel_branches_call_their_tasks_at_the_same_time() {
    let def = r#"{"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "inventory", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "payments", "End": true}}}
        ]}}}"#;
    let s = Scenario::new("parallel")
        .with(client("shop", 1))
        .with(machine(def))
        .with(quick_fn("inventory", 0.0))
        .with(quick_fn("payments", 0.0))
        .link("shop", "sm", 1.0, Mode::Async)
        .link("sm", "inventory", 1.0, Mode::Sync)
        .link("sm", "payments", 1.0, Mode::Sync);
    let run = run(&s);
    let starts: Vec<Time> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Started)
        .map(|s| s.time)
        .collect();
    assert_eq!(starts.len(), 2);
    assert_eq!(starts[0], starts[1]);
    let h = history(&run);
    assert!(h.iter().any(|e| e.1 == "ParallelStateSucceeded"));
    assert_eq!(h.last().unwrap().1, "ExecutionSucceeded");
    assert!(count_terminal(&run, Terminal::Consumed) >= 1);
}

#[test]
fn wait_states_and_a_crash_mid_execution() {
    let def = r#"{"StartAt": "Pause", "States": {
        "Pause": {"Type": "Wait", "Seconds": 10, "Next": "Charge"},
        "Charge": {"Type": "Task", "Resource": "payments", "End": true}}}"#;
    let mut s = Scenario::new("wait")
        .with(client("shop", 2))
        .with(machine(def))
        .with(quick_fn("payments", 0.0))
        .link("shop", "sm", 0.0, Mode::Async)
        .link("sm", "payments", 0.0, Mode::Sync);
    let run1 = run(&s);
    let h = history(&run1);
    let entered = h.iter().find(|e| e.1 == "WaitStateEntered").unwrap().0;
    let exited = h.iter().find(|e| e.1 == "WaitStateExited").unwrap().0;
    assert_eq!(exited - entered, 10_000_000);
    // A crash during the wait loses both executions to the fault.
    s.faults.push(ScheduledFault {
        at_ms: 5_000.0,
        for_ms: None,
        fault: Fault::Crash {
            target: "sm".into(),
        },
    });
    let run2 = run(&s);
    assert_eq!(count_terminal(&run2, Terminal::DroppedByFault), 2);
    assert_eq!(count_at(&run2, "payments", StepKind::Started), 0);
}

#[test]
fn invalid_definitions_name_the_path_of_the_problem() {
    let def = r#"{"StartAt": "Pay", "States": {"Pay": {"Type": "Task", "Resource": "payments", "End": true,
        "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}]}}}"#;
    let s = Scenario::new("bad")
        .with(client("shop", 1))
        .with(machine(def))
        .with(quick_fn("payments", 0.0))
        .link("shop", "sm", 0.0, Mode::Async)
        .link("sm", "payments", 0.0, Mode::Sync);
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("States.Pay.Retry[0].BackoffRate"), "{e}");

    let def = r#"{"StartAt": "Pay", "States": {"Pay": {"Type": "Task", "Resource": "nowhere", "End": true}}}"#;
    let mut s = s.clone();
    s.components[1] = machine(def);
    let e = s.validate().unwrap_err();
    assert!(e.message.contains("States.Pay.Resource"), "{e}");
}

#[test]
fn rule_runs_are_deterministic_and_seekable() {
    for s in [bus_scenario(), saga(0.5, 20)] {
        let a = simulate(&s, 3).unwrap();
        let b = simulate(&s, 3).unwrap();
        assert_eq!(a.digest(), b.digest());
        let mid = a.steps.len() / 2;
        assert!(a.state_at(mid).is_some());
    }
}

// ---------------------------------------------------------------------------------------
// Scenario files

#[cfg(feature = "toml")]
mod files {
    use super::*;

    fn file(name: &str) -> String {
        let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn the_rule_example_files_load_and_balance() {
        for name in [
            "eventbridge-routing.toml",
            "order-saga.toml",
            "orders-filtered.toml",
        ] {
            let s = from_toml(name, &file(name)).unwrap_or_else(|e| panic!("{e}"));
            super::run(&s);
        }
    }

    #[test]
    fn errors_in_rules_point_at_the_rule_the_subscriber_or_the_state() {
        let text = file("eventbridge-routing.toml").replace(r#"[">=", 100]"#, r#"[">=", "lots"]"#);
        let e = from_toml("bus.toml", &text).unwrap_err();
        let line = text.lines().nth(e.line.unwrap() - 1).unwrap();
        assert_eq!(line.trim(), r#"name = "big-orders""#, "{e}");
        assert!(e.to_string().contains("numeric"), "{e}");

        let text =
            file("order-saga.toml").replace(r#""BackoffRate": 2}"#, r#""BackoffRate": 0.5}"#);
        let e = from_toml("saga.toml", &text).unwrap_err();
        let line = text.lines().nth(e.line.unwrap() - 1).unwrap();
        assert!(line.contains(r#""ChargeCard": {"#), "{e}: {line}");
        assert!(
            e.message.contains("States.ChargeCard.Retry[0].BackoffRate"),
            "{e}"
        );

        let text = file("orders-filtered.toml").replace(r#"["EU"]"#, r#"[{"prefix": 3}]"#);
        let e = from_toml("topic.toml", &text).unwrap_err();
        let line = text.lines().nth(e.line.unwrap() - 1).unwrap();
        assert_eq!(line.trim(), r#"subscriber = "eu-desk""#, "{e}");
    }
}

#[test]
fn the_built_in_rules_mix_exercises_every_rule_component() {
    let run = run(&examples::rules_mix());
    for kind in [
        StepKind::RuleMatched,
        StepKind::NoRuleMatched,
        StepKind::FilteredOut,
        StepKind::Execution,
        StepKind::ShardRead,
        StepKind::Checkpointed,
        StepKind::Registered,
        StepKind::Evicted,
    ] {
        assert!(run.steps.iter().any(|s| s.kind == kind), "no {kind:?} step");
    }
    let h = history(&run);
    assert!(h.iter().any(|e| e.1 == "ParallelStateSucceeded"));
    assert!(h.iter().any(|e| e.2.as_deref() == Some("Release")));
}

fn one_task_machine(def: &str, duration_ms: f64) -> Scenario {
    let mut f = FunctionSpec::named("work");
    f.duration = fixed(duration_ms);
    f.concurrency = 10;
    Scenario::new("machine")
        .with(client("shop", 1))
        .with(machine(def))
        .with(ComponentSpec::Function(f))
        .link("shop", "sm", 0.0, Mode::Async)
        .link("sm", "work", 1.0, Mode::Sync)
}

#[test]
fn map_runs_at_most_max_concurrency_iterations_at_once() {
    let def = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
        "MaxConcurrency": 2, "End": true,
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "work", "End": true}}}}}}"#;
    let mut s = one_task_machine(def, 100.0);
    if let ComponentSpec::StateMachine(m) = &mut s.components[1] {
        m.input = r#"{"items": [1, 2, 3, 4, 5]}"#.into();
    }
    let run = run(&s);
    let starts: Vec<Time> = run
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Started)
        .map(|s| s.time / 1000)
        .collect();
    // 1 ms there, 100 ms of work, 1 ms back: waves of two every 102 ms.
    assert_eq!(starts, vec![1, 1, 103, 103, 205]);
    let h = history(&run);
    assert_eq!(
        h.iter().filter(|e| e.1 == "MapIterationSucceeded").count(),
        5
    );
    assert_eq!(h.last().unwrap().1, "ExecutionSucceeded");
}

#[test]
fn a_task_timeout_is_caught_as_states_timeout_in_simulated_time() {
    let def = r#"{"StartAt": "Slow", "States": {
        "Slow": {"Type": "Task", "Resource": "work", "TimeoutSeconds": 1, "Next": "Done",
            "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "TooSlow"}]},
        "TooSlow": {"Type": "Pass", "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    let run = run(&one_task_machine(def, 2500.0));
    let h = history(&run);
    let timed_out = h.iter().find(|e| e.1 == "TaskTimedOut").unwrap();
    assert_eq!(timed_out.0, 1_000_000);
    assert!(h
        .iter()
        .any(|e| e.1 == "PassStateEntered" && e.2.as_deref() == Some("TooSlow")));
    assert_eq!(h.last().unwrap().1, "ExecutionSucceeded");
    // The late answer from the function is ignored: the execution already moved on.
    assert_eq!(count_terminal(&run, Terminal::Failed), 0);
}
