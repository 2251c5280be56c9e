//! What can be wrong with a challenge: its file on its own ([`spec_problems`]), and what only
//! running it shows ([`verdict_problems`]): a start that already passes teaches nothing, and a
//! solution that misses a star would promise what the author has not shown possible.

use crate::grade::{grade, Grade, ObjectiveGrade};
use crate::model::{Challenge, ChallengeSpec, Objective};

/// Where in `challenge.toml` a problem is, for the loader to turn into a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A top-level key or table (`slug`, `seeds`, `hints`, `keep`, `budget`, `stretch`, ...).
    Key(&'static str),
    /// The n-th `[[objective]]` (from 0).
    Objective(usize),
    /// The n-th `[[stretch.objective]]` (from 0).
    StretchObjective(usize),
}

/// The seeds a challenge may ask for: enough that luck cannot pass it, few enough to grade
/// at once in the browser.
const SEEDS: std::ops::RangeInclusive<u64> = 3..=20;

/// Problems of the file on its own, each with where it is.
pub fn spec_problems(spec: &ChallengeSpec) -> Vec<(Place, String)> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, place: Place, message: &str| {
        if !ok {
            problems.push((place, message.to_string()));
        }
    };
    check(is_slug(&spec.slug), Place::Key("slug"), "the slug must use only lowercase letters, digits and '-'");
    for (key, text) in [("title", &spec.title), ("brief", &spec.brief), ("explanation", &spec.explanation)] {
        check(!text.trim().is_empty(), Place::Key(key), "must not be empty");
    }
    check(SEEDS.contains(&spec.seeds), Place::Key("seeds"), "check at least 3 and at most 20 seeds, so luck cannot pass the challenge");
    check(!spec.objectives.is_empty(), Place::Key("slug"), "a challenge needs at least one [[objective]]");
    check(!spec.hints.is_empty() && spec.hints.iter().all(|hint| !hint.trim().is_empty()), Place::Key("hints"), "give at least one hint, none empty");
    let budget = spec.budget;
    check(budget.components > 0 && budget.cost.is_finite() && budget.cost > 0.0, Place::Key("budget"), "the budget needs at least one component and a cost above 0");
    let stretch = &spec.stretch;
    check(!stretch.text.trim().is_empty(), Place::Key("stretch"), "the stretch needs a `text` saying what the third star asks");
    check(stretch.cost.is_some() || !stretch.objectives.is_empty(), Place::Key("stretch"), "the stretch needs a `cost` or an [[stretch.objective]], or the third star is the second");
    check(stretch.cost.is_none_or(|cost| cost > 0.0 && cost < budget.cost), Place::Key("stretch"), "the stretch cost must be above 0 and below the budget's");
    problems.extend(spec.objectives.iter().enumerate().flat_map(|(n, objective)| objective_problems(objective).map(move |message| (Place::Objective(n), message))));
    problems.extend(stretch.objectives.iter().enumerate().flat_map(|(n, objective)| objective_problems(objective).map(move |message| (Place::StretchObjective(n), message))));
    problems
}

fn objective_problems(objective: &Objective) -> Option<String> {
    let Some(bound) = objective.at_most.or(objective.at_least) else {
        return Some("give the objective a bound: `at_most` or `at_least`".to_string());
    };
    if objective.bound().is_none() {
        return Some("give `at_most` or `at_least`, not both".to_string());
    }
    if !bound.is_finite() || bound < 0.0 {
        return Some("the bound must be a number of 0 or more".to_string());
    }
    objective.text.trim().is_empty().then(|| "say what the objective asks in `text`".to_string())
}

fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Problems that running the challenge shows: each kept component must be in both
/// architectures, the start must fail (the first star), and the worked solution must earn
/// all three stars. The first of the pair is about the start, the second about the solution.
pub fn verdict_problems(challenge: &Challenge) -> (Vec<String>, Vec<String>) {
    let missing = |scenario: &lab_sim::Scenario| -> Vec<String> {
        let names: Vec<&str> = scenario.components.iter().map(|component| component.name()).collect();
        challenge.spec.keep.iter().filter(|kept| !names.contains(&kept.as_str())).map(|kept| format!("`keep` names {kept}, which is not a component here")).collect()
    };
    let mut start = missing(&challenge.start);
    let mut solution = missing(&challenge.solution);
    match grade(challenge, &challenge.start) {
        Err(error) => start.push(format!("the start does not run: {error}")),
        Ok(grade) if grade.solved() => start.push("the start already meets every objective on every seed: there is nothing to design".to_string()),
        Ok(_) => {}
    }
    match grade(challenge, &challenge.solution) {
        Err(error) => solution.push(format!("the solution does not run: {error}")),
        Ok(grade) => solution.extend(missed_stars(&grade)),
    }
    (start, solution)
}

/// Why a grade misses stars, one sentence per reason.
fn missed_stars(grade: &Grade) -> Vec<String> {
    let failed = |objectives: &[ObjectiveGrade], what: &str| -> Vec<String> {
        objectives
            .iter()
            .filter(|graded| !graded.passed)
            .map(|graded| {
                let seeds: Vec<String> = graded.figures.iter().filter(|figure| !figure.passed).map(|figure| format!("seed {} gives {}", figure.seed, lab_quiz::format_number(figure.value))).collect();
                format!("the solution misses the {what} \"{}\" ({}): {}", graded.objective.text, graded.objective.bound_words(), seeds.join(", "))
            })
            .collect()
    };
    let mut problems = grade.changed_givens.iter().map(|changed| format!("the solution changes the situation: {changed}")).collect::<Vec<_>>();
    problems.extend(failed(&grade.objectives, "objective"));
    if !grade.within_budget {
        problems.push(format!("the solution is over the budget: {} components, {} cost units", grade.components, lab_quiz::format_number(grade.cost)));
    }
    problems.extend(failed(&grade.stretch, "stretch objective"));
    if !grade.stretch_met && grade.stretch.iter().all(|graded| graded.passed) {
        problems.push(format!("the solution costs {} cost units, over the stretch cost", lab_quiz::format_number(grade.cost)));
    }
    problems
}
