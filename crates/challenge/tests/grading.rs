//! Grading: per-seed objectives, the budget and its cost model, the givens, and the stars.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_challenge::{component_cost, cost, grade, spec_problems, verdict_problems, Budget, Challenge, ChallengeSpec, Objective, Place, Stretch};
use lab_quiz::Measure;
use lab_sim::{ComponentSpec, Scenario};

fn objective(measure: Measure, at_most: Option<f64>, at_least: Option<f64>) -> Objective {
    Objective { text: "t".into(), measure, at_most, at_least }
}

/// A challenge on lab-sim's redrive example: a worker failing half the time behind a queue.
fn redrive_challenge(objectives: Vec<Objective>) -> Challenge {
    let start = lab_sim::examples::file("orders-redrive.toml").unwrap();
    let spec = ChallengeSpec {
        slug: "redrive".into(),
        title: "T".into(),
        brief: "B".into(),
        seeds: 4,
        keep: Vec::new(),
        budget: Budget { components: 3, cost: 10.0 },
        objectives,
        stretch: Stretch { text: "S".into(), cost: Some(6.0), objectives: Vec::new() },
        hints: vec!["H".into()],
        explanation: "E".into(),
    };
    Challenge { lesson: "messaging-mechanics".into(), spec, solution: start.clone(), start }
}

#[test]
fn each_objective_is_read_on_every_seed_from_the_run() {
    let challenge = redrive_challenge(vec![objective(Measure::Requests, None, Some(40.0)), objective(Measure::DeadLettered, Some(0.0), None)]);
    let graded = grade(&challenge, &challenge.start).unwrap();
    let seeds: Vec<u64> = graded.objectives[0].figures.iter().map(|figure| figure.seed).collect();
    assert_eq!(seeds, vec![1, 2, 3, 4]);
    for figure in &graded.objectives[1].figures {
        let run = lab_sim::simulate(&challenge.start, figure.seed).unwrap();
        assert_eq!(figure.value, run.metrics.dead_lettered as f64);
        assert_eq!(figure.passed, run.metrics.dead_lettered == 0);
    }
    assert!(graded.objectives[0].passed, "40 requests on every seed");
    assert!(!graded.objectives[1].passed, "a worker failing half the time dead-letters some message");
    assert!(!graded.solved());
    assert_eq!(graded.stars, 0);
}

#[test]
fn one_failing_seed_fails_the_objective() {
    let challenge = redrive_challenge(vec![objective(Measure::DeadLettered, Some(0.0), None)]);
    let graded = grade(&challenge, &challenge.start).unwrap();
    let failing = graded.objectives[0].figures.iter().filter(|figure| !figure.passed).count();
    assert!(failing >= 1);
    // A bound set at the worst seed's figure passes every seed; just below it fails.
    let worst = graded.objectives[0].figures.iter().map(|figure| figure.value).fold(0.0, f64::max);
    let at_worst = redrive_challenge(vec![objective(Measure::DeadLettered, Some(worst), None)]);
    assert!(grade(&at_worst, &at_worst.start).unwrap().objectives[0].passed);
    let below = redrive_challenge(vec![objective(Measure::DeadLettered, Some(worst - 1.0), None)]);
    assert!(!grade(&below, &below.start).unwrap().objectives[0].passed);
}

#[test]
fn stars_follow_the_objectives_then_the_budget_then_the_stretch() {
    let met = vec![objective(Measure::Requests, Some(40.0), None)];
    let mut challenge = redrive_challenge(met);
    // redrive: two queues (1 + 0.2 and 1) and a function at the default 10 instances (2).
    assert_eq!(cost(&challenge.start), 4.2);
    assert_eq!(grade(&challenge, &challenge.start).unwrap().stars, 3);
    challenge.spec.stretch.cost = Some(4.0);
    assert_eq!(grade(&challenge, &challenge.start).unwrap().stars, 2, "over the stretch cost");
    challenge.spec.budget.cost = 4.1;
    assert_eq!(grade(&challenge, &challenge.start).unwrap().stars, 1, "over the budget's cost");
    challenge.spec.budget.cost = 10.0;
    challenge.spec.budget.components = 2;
    let graded = grade(&challenge, &challenge.start).unwrap();
    assert_eq!((graded.components, graded.stars), (3, 1), "one component too many");
    challenge.spec.budget.components = 3;
    challenge.spec.stretch.cost = None;
    challenge.spec.stretch.objectives = vec![objective(Measure::DeadLettered, Some(0.0), None)];
    assert_eq!(grade(&challenge, &challenge.start).unwrap().stars, 2, "a stretch objective missed");
    challenge.spec.objectives.push(objective(Measure::Successes, None, Some(1.0)));
    assert_eq!(grade(&challenge, &challenge.start).unwrap().stars, 0, "no star without the objectives, whatever the budget");
}

#[test]
fn the_cost_model_prices_capacity() {
    let scenario = |text: &str| -> Scenario { lab_sim::from_toml("t.toml", text).unwrap() };
    let design = scenario("name = \"x\"\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n[[component]]\nname = \"f\"\nkind = \"function\"\nconcurrency = 30\n[[component]]\nname = \"db\"\nkind = \"store\"\n[[link]]\nfrom = \"c\"\nto = \"f\"\n[[link]]\nfrom = \"f\"\nto = \"db\"\n");
    let costs: Vec<f64> = design.components.iter().map(component_cost).collect();
    assert_eq!(costs, vec![0.0, 4.0, 23.0], "a client is free; 1 + 30 × 0.1; 3 + 100 connections × 0.2 without a limit");
    let ComponentSpec::Store(mut store) = design.components[2].clone() else { panic!() };
    store.connections = Some(20);
    assert_eq!(component_cost(&ComponentSpec::Store(store)), 7.0);
}

#[test]
fn changing_the_situation_earns_no_star() {
    let mut challenge = redrive_challenge(vec![objective(Measure::Requests, None, Some(1.0))]);
    challenge.spec.keep = vec!["order-worker".into()];
    let mut design = challenge.start.clone();
    for component in &mut design.components {
        match component {
            ComponentSpec::Client(client) => client.workload = lab_sim::Workload::List { at_ms: vec![0.0] },
            ComponentSpec::Function(function) => function.error_rate = 0.0,
            _ => {}
        }
    }
    let graded = grade(&challenge, &design).unwrap();
    assert!(graded.objectives[0].passed);
    assert_eq!(graded.changed_givens.len(), 2, "{:?}", graded.changed_givens);
    assert!(graded.changed_givens.iter().any(|changed| changed.starts_with("producer")));
    assert!(graded.changed_givens.iter().any(|changed| changed.starts_with("order-worker")));
    assert_eq!(graded.stars, 0);
    design.bounds.max_time_ms = 10.0;
    assert!(grade(&challenge, &design).unwrap().changed_givens.iter().any(|changed| changed.contains("bounds")));
}

#[test]
fn a_design_that_does_not_run_is_an_error() {
    let challenge = redrive_challenge(vec![objective(Measure::Requests, None, Some(1.0))]);
    let mut design = challenge.start.clone();
    design.links[0].to = "nobody".into();
    assert!(grade(&challenge, &design).is_err());
}

#[test]
fn a_spec_is_checked_where_it_is_wrong() {
    let mut challenge = redrive_challenge(vec![objective(Measure::Requests, None, Some(1.0)), objective(Measure::Errors, Some(1.0), Some(0.0))]);
    challenge.spec.seeds = 1;
    challenge.spec.stretch.cost = Some(12.0);
    challenge.spec.stretch.objectives = vec![objective(Measure::Errors, None, None)];
    let problems = spec_problems(&challenge.spec);
    let places: Vec<Place> = problems.iter().map(|(place, _)| *place).collect();
    assert_eq!(places, vec![Place::Key("seeds"), Place::Key("stretch"), Place::Objective(1), Place::StretchObjective(0)], "{problems:?}");
    assert!(spec_problems(&redrive_challenge(vec![objective(Measure::Requests, None, Some(1.0))]).spec).is_empty());
}

#[test]
fn a_start_that_passes_or_a_solution_short_of_three_stars_is_reported() {
    let challenge = redrive_challenge(vec![objective(Measure::DeadLettered, Some(0.0), None)]);
    let (start, solution) = verdict_problems(&challenge);
    assert!(start.is_empty(), "{start:?}");
    assert!(solution.iter().any(|problem| problem.contains("misses the objective") && problem.contains("seed")), "{solution:?}");
    let passing = redrive_challenge(vec![objective(Measure::Requests, Some(40.0), None)]);
    let (start, solution) = verdict_problems(&passing);
    assert!(start.iter().any(|problem| problem.contains("already meets")), "{start:?}");
    assert!(solution.is_empty(), "{solution:?}");
}
