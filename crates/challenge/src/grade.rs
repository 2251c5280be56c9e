//! Grading: the learner's scenario is run on each of the challenge's seeds, every objective
//! is read off each run's metrics, and the stars follow:
//!
//! 1. every objective holds on every seed, and the design keeps what the challenge gives
//!    (its clients, timed faults, bounds and `keep` components);
//! 2. and the design is within the budget (components and cost);
//! 3. and it meets the stretch: its cost within the stretch cost, and its stretch
//!    objectives on every seed.

use lab_i18n::sandbox as msg;
use lab_sim::{ComponentSpec, Metrics, Scenario};
use serde::{Deserialize, Serialize};

use crate::cost::{cost, counted_components};
use crate::model::{Challenge, Objective};

/// One objective's figure on one seed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeedFigure {
    pub seed: u64,
    pub value: f64,
    pub passed: bool,
}

/// One objective over every seed: passed when it passed on each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveGrade {
    pub objective: Objective,
    pub figures: Vec<SeedFigure>,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    pub objectives: Vec<ObjectiveGrade>,
    pub stretch: Vec<ObjectiveGrade>,
    /// Components the budget counts (clients are not).
    pub components: usize,
    pub cost: f64,
    /// What the design changed of the situation the challenge gives, in the learner's words.
    pub changed_givens: Vec<String>,
    pub within_budget: bool,
    pub stretch_met: bool,
    pub stars: u8,
}

impl Grade {
    /// Whether every objective held on every seed and the givens are kept: the first star.
    pub fn solved(&self) -> bool {
        self.changed_givens.is_empty() && all_passed(&self.objectives)
    }
}

/// Grades `design` against `challenge`; an error when the design does not run.
pub fn grade(challenge: &Challenge, design: &Scenario) -> Result<Grade, String> {
    let runs = challenge
        .seeds()
        .map(|seed| lab_sim::simulate(design, seed).map(|run| (seed, run.metrics)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| error.to_string())?;
    let spec = &challenge.spec;
    let judge_all = |objectives: &[Objective]| objectives.iter().map(|objective| judge(objective, &runs)).collect::<Vec<_>>();
    let objectives = judge_all(&spec.objectives);
    let stretch = judge_all(&spec.stretch.objectives);
    let components = counted_components(design);
    let cost = cost(design);
    let within_budget = components <= spec.budget.components && cost <= spec.budget.cost;
    let stretch_met = all_passed(&stretch) && spec.stretch.cost.is_none_or(|most| cost <= most);
    let changed_givens = changed_givens(&challenge.start, design, &spec.keep);
    let mut grade = Grade { objectives, stretch, components, cost, changed_givens, within_budget, stretch_met, stars: 0 };
    grade.stars = stars(&grade);
    Ok(grade)
}

fn stars(grade: &Grade) -> u8 {
    let earned = [grade.solved(), grade.within_budget, grade.stretch_met];
    earned.iter().take_while(|earned| **earned).count() as u8
}

fn all_passed(objectives: &[ObjectiveGrade]) -> bool {
    objectives.iter().all(|objective| objective.passed)
}

fn judge(objective: &Objective, runs: &[(u64, Metrics)]) -> ObjectiveGrade {
    let figures: Vec<SeedFigure> = runs
        .iter()
        .map(|(seed, metrics)| {
            let value = objective.measure.of(metrics);
            SeedFigure { seed: *seed, value, passed: objective.holds(value) }
        })
        .collect();
    let passed = figures.iter().all(|figure| figure.passed);
    ObjectiveGrade { objective: objective.clone(), figures, passed }
}

/// The situation is the challenge's, not the learner's to change: the callers and their
/// workload, the faults and when they strike, how long the run lasts, and the components the
/// challenge keeps (a database with its connection limit, a slow provider).
fn changed_givens(start: &Scenario, design: &Scenario, keep: &[String]) -> Vec<String> {
    let find = |scenario: &Scenario, name: &str| scenario.components.iter().find(|component| component.name() == name).cloned();
    let is_client = |component: &&ComponentSpec| matches!(component, ComponentSpec::Client(_));
    let clients = start.components.iter().chain(&design.components).filter(is_client).map(ComponentSpec::name);
    let mut names: Vec<&str> = clients.chain(keep.iter().map(String::as_str)).collect();
    names.sort_unstable();
    names.dedup();
    let mut changed: Vec<String> = names
        .into_iter()
        .filter(|name| find(start, name) != find(design, name))
        .map(|name| msg::GIVEN_COMPONENT.with(&[("name", &name)]))
        .collect();
    if start.faults != design.faults {
        changed.push(msg::GIVEN_FAULTS.text().to_string());
    }
    if start.bounds != design.bounds {
        changed.push(msg::GIVEN_BOUNDS.text().to_string());
    }
    changed
}
