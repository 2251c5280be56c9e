//! The lessons' figures show what their text teaches, measured on the runs' metrics over
//! several seeds: a choreography completes the workflow with no coordinator, a choreographed
//! saga compensates every declined card, a transactional outbox loses no event where the dual
//! write does, and a standard queue shows duplicates and reordering where a FIFO queue shows
//! none. Each compares with the paired run its lesson sets beside it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lab_content::{load_all_figures, load_figures, load_scenario, LessonScenario};
use lab_sim::lesson::LessonSim;
use lab_sim::{simulate, ComponentSpec, FunctionMetrics, QueueMetrics, Run, StepKind, StoreMetrics};

const SEEDS: std::ops::RangeInclusive<u64> = 1..=6;

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn figure(slug: &str, name: &str) -> LessonSim {
    let figures = load_figures(&lessons_dir(), slug).unwrap_or_else(|errors| panic!("{errors:?}"));
    figures.into_iter().find(|figure| figure.name == name).unwrap().scenario.sim
}

fn scenario(slug: &str) -> LessonSim {
    let found: Option<LessonScenario> = load_scenario(&lessons_dir(), slug).unwrap();
    found.unwrap().sim
}

fn run(sim: &LessonSim, seed: u64) -> Run {
    let run = simulate(&sim.scenario, seed).unwrap();
    assert!(run.metrics.outcomes.holds() && run.ledger_errors == 0);
    run
}

fn function<'a>(run: &'a Run, name: &str) -> &'a FunctionMetrics {
    run.metrics.functions.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}"))
}

fn queue<'a>(run: &'a Run, name: &str) -> &'a QueueMetrics {
    run.metrics.queues.iter().find(|q| q.name == name).unwrap_or_else(|| panic!("no queue {name}"))
}

fn store<'a>(run: &'a Run, name: &str) -> &'a StoreMetrics {
    run.metrics.stores.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no store {name}"))
}

fn has_coordinator(sim: &LessonSim) -> bool {
    sim.scenario.components.iter().any(|c| matches!(c, ComponentSpec::StateMachine(_)))
}

fn workload_of(sim: &LessonSim, client: &str) -> lab_sim::Workload {
    sim.scenario
        .components
        .iter()
        .find_map(|c| match c {
            ComponentSpec::Client(c) if c.name == client => Some(c.workload.clone()),
            _ => None,
        })
        .unwrap()
}

/// How many state machine history events of this name (in this state, if given) the run has.
fn executions(run: &Run, event: &str, state: Option<&str>) -> usize {
    (0..run.steps.len())
        .filter_map(|i| run.execution_event(i))
        .filter(|(name, at, _)| *name == event && (state.is_none() || *at == state))
        .count()
}

/// Successful invocations.
fn succeeded(f: &FunctionMetrics) -> u64 {
    f.invocations - f.errors
}

#[test]
fn the_figures_are_listed_per_lesson() {
    let slugs = ["messaging-mechanics", "orchestration-vs-choreography", "sagas", "api-gateway"];
    let all = load_all_figures(&lessons_dir(), &slugs).unwrap_or_else(|errors| panic!("{errors:?}"));
    let listed: Vec<(&str, Vec<&str>)> = all
        .iter()
        .map(|lesson| (lesson.slug.as_str(), lesson.figures.iter().map(|f| f.name.as_str()).collect()))
        .collect();
    assert_eq!(
        listed,
        [
            ("messaging-mechanics", vec!["fifo-vs-standard", "outbox"]),
            ("orchestration-vs-choreography", vec!["choreography"]),
            ("sagas", vec!["choreographed-saga"]),
        ]
    );
}

#[test]
fn the_choreography_completes_the_workflow_with_no_coordinator() {
    let choreography = figure("orchestration-vs-choreography", "choreography");
    let orchestrated = scenario("orchestration-vs-choreography");
    assert!(!has_coordinator(&choreography) && has_coordinator(&orchestrated));
    assert_eq!(workload_of(&choreography, "mobile"), workload_of(&orchestrated, "mobile"));
    for seed in SEEDS {
        let run = run(&choreography, seed);
        assert_eq!(succeeded(function(&run, "inventory")), 60, "seed {seed}");
        assert_eq!(succeeded(function(&run, "payments")), 60, "seed {seed}");
        let shipped = succeeded(function(&run, "shipping"));
        // An order not shipped failed its three attempts and was discarded, not lost silently
        // by the engine.
        assert_eq!(shipped + run.metrics.outcomes.failed, 60, "seed {seed}");
        assert!(shipped >= 57, "seed {seed}: {shipped} shipped");
        assert_services_ran_in_order(&run, &["inventory", "payments", "shipping"]);

        let reference = self::run(&orchestrated, seed);
        let completed = executions(&reference, "ExecutionSucceeded", None) as u64;
        assert!(completed >= 57, "seed {seed}: the orchestrated path completed {completed}");
        assert!(shipped.abs_diff(completed) <= 3, "seed {seed}: {shipped} vs {completed}");
    }
}

/// For every order, each service's first invocation starts after the previous service's.
fn assert_services_ran_in_order(run: &Run, services: &[&str]) {
    let names = run.component_names();
    let mut starts: BTreeMap<u32, Vec<Option<u64>>> = BTreeMap::new();
    for step in run.steps.iter().filter(|s| s.kind == StepKind::Started) {
        let Some(i) = services.iter().position(|s| *s == names[step.node.0 as usize]) else { continue };
        let order = starts.entry(step.corr).or_insert_with(|| vec![None; services.len()]);
        order[i].get_or_insert(step.time);
    }
    for (corr, order) in starts {
        let known: Vec<u64> = order.iter().flatten().copied().collect();
        assert!(known.windows(2).all(|w| w[0] < w[1]), "order {corr}: {order:?}");
    }
}

#[test]
fn the_choreographed_saga_compensates_every_declined_card_like_the_orchestrated_one() {
    let choreographed = figure("sagas", "choreographed-saga");
    let orchestrated = scenario("sagas");
    assert!(!has_coordinator(&choreographed) && has_coordinator(&orchestrated));
    assert_eq!(workload_of(&choreographed, "web"), workload_of(&orchestrated, "web"));
    for seed in SEEDS {
        let run = run(&choreographed, seed);
        let declined = function(&run, "accounting-authorize").declined;
        assert!((3..=27).contains(&declined), "seed {seed}: {declined} declined of 60");
        // Every declined card: its ticket, then its order, rejected; every other: approved.
        assert_eq!(succeeded(function(&run, "kitchen-reject-ticket")), declined, "seed {seed}");
        assert_eq!(succeeded(function(&run, "order-reject")), declined, "seed {seed}");
        assert_eq!(succeeded(function(&run, "kitchen-approve-ticket")), 60 - declined, "seed {seed}");
        assert_eq!(succeeded(function(&run, "order-approve")), 60 - declined, "seed {seed}");
        assert_services_ran_in_order(&run, &["order-create", "accounting-authorize", "kitchen-reject-ticket", "order-reject"]);

        let reference = self::run(&orchestrated, seed);
        let rejected = executions(&reference, "ExecutionFailed", None);
        let compensated = executions(&reference, "TaskStateEntered", Some("RejectTicket"));
        assert!((3..=27).contains(&rejected), "seed {seed}: {rejected} orchestrated sagas rejected");
        assert_eq!(compensated, rejected, "seed {seed}: every rejected saga undid its ticket");
        assert_eq!(executions(&reference, "TaskStateEntered", Some("RejectOrder")), rejected, "seed {seed}");
    }
}

#[test]
fn without_the_outbox_a_crash_loses_events_and_with_it_none() {
    let sim = figure("messaging-mechanics", "outbox");
    assert_eq!(workload_of(&sim, "shop"), workload_of(&sim, "shop-outbox"));
    for seed in SEEDS {
        let run = run(&sim, seed);
        let crashed = function(&run, "orders").crashed;
        assert!(crashed > 0, "seed {seed}");
        assert_eq!(store(&run, "orders-db").writes, 100, "seed {seed}");
        assert_eq!(queue(&run, "order-events").enqueued, 100 - crashed, "seed {seed}: one event lost per crash");

        assert!(function(&run, "orders-outbox").crashed > 0, "seed {seed}");
        let db = store(&run, "orders-outbox-db");
        assert_eq!((db.writes, db.relayed), (100, 100), "seed {seed}");
        assert_eq!(queue(&run, "order-events-outbox").enqueued, 100, "seed {seed}: every saved order published");
    }
}

#[test]
fn a_standard_queue_duplicates_and_reorders_and_a_fifo_queue_does_neither() {
    let sim = figure("messaging-mechanics", "fifo-vs-standard");
    assert_eq!(workload_of(&sim, "accounts"), workload_of(&sim, "accounts-fifo"));
    for seed in SEEDS {
        let run = run(&sim, seed);
        let standard = queue(&run, "ledger-standard");
        assert!(standard.duplicate_deliveries > 0 && standard.out_of_order_deliveries > 0, "seed {seed}: {standard:?}");
        assert_eq!(standard.deleted, 200 + standard.duplicate_deliveries, "seed {seed}");
        let fifo = queue(&run, "ledger-fifo");
        assert_eq!((fifo.duplicate_deliveries, fifo.out_of_order_deliveries, fifo.deleted), (0, 0, 200), "seed {seed}");
    }
}
