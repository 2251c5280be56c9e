//! Simulator-graded questions must grade the reasoning their lesson teaches as right: a
//! learner who computes the lesson's expectation for the instance shown must land within the
//! question's tolerance of what the run measures, whatever the seed. Each test runs every
//! instance of the question's grid over many seeds and compares.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::path::{Path, PathBuf};

use lab_content::{load_lessons, load_quizzes, load_scenario};
use lab_quiz::{measure_instance, Instance, Question};

/// Seeds per instance; `LAB_SPREAD_SEEDS` raises it to measure the spread more closely.
fn seeds() -> u64 {
    std::env::var("LAB_SPREAD_SEEDS").ok().and_then(|text| text.parse().ok()).unwrap_or(30)
}

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn question(quiz: &str, id: &str) -> Question {
    let dir = lessons_dir();
    let lessons = load_lessons(&dir).unwrap();
    let quizzes = load_quizzes(&dir, &lessons).unwrap();
    let file = quizzes.iter().find(|file| file.quiz.id == quiz).unwrap();
    file.quiz.questions.iter().find(|question| question.id == id).unwrap().clone()
}

/// Every combination of the varied parameters' grid values.
fn grid(question: &Question) -> Vec<Vec<(String, f64)>> {
    question.vary.iter().fold(vec![Vec::new()], |combos, vary| {
        let steps = ((vary.max - vary.min) / vary.step + 1e-9).floor() as u64;
        combos
            .iter()
            .flat_map(|combo| {
                (0..=steps).map(move |k| {
                    let mut next = combo.clone();
                    next.push((vary.parameter.clone(), vary.min + k as f64 * vary.step));
                    next
                })
            })
            .collect()
    })
}

/// The largest distance between `expected` and the measured figure over the grid and seeds.
fn largest_miss(question: &Question, expected: impl Fn(&[(String, f64)]) -> f64) -> (f64, String) {
    let scenario = load_scenario(&lessons_dir(), question.scenario.as_deref().unwrap()).unwrap().unwrap().sim.scenario;
    let mut worst = (0.0, String::new());
    for values in grid(question) {
        for seed in 1..=seeds() {
            let instance = Instance { seed, values: values.clone() };
            let measured = measure_instance(question, &scenario, &instance).unwrap().value;
            let miss = (measured - expected(&values)).abs();
            if miss > worst.0 {
                worst = (miss, format!("seed {seed}, {values:?}: measured {measured}, expected {}", expected(&values)));
            }
        }
    }
    worst
}

fn value(values: &[(String, f64)], name: &str) -> f64 {
    values.iter().find(|(parameter, _)| parameter == name).unwrap().1
}

#[test]
fn api_gateway_successes_tolerance_covers_the_expectation_and_the_spread() {
    // The lesson: one failing step fails the chain, and the customer tries up to three times,
    // so a payment fails only if all three attempts hit an e-mail failure: 100 × (1 − p³).
    let question = question("api-gateway", "predict-successes");
    let (miss, at) = largest_miss(&question, |values| 100.0 * (1.0 - value(values, "communication-errors").powi(3)));
    let tolerance = question.tolerance.unwrap_or(0.0);
    println!("api-gateway predict-successes: largest miss {miss:.2} ({at}); tolerance {tolerance}");
    assert!(miss <= tolerance, "largest miss {miss} at {at} is beyond the tolerance {tolerance}");
}

#[test]
fn sync_vs_async_answered_follows_from_busy_instances_under_the_limit() {
    // The lesson: busy instances = rate × time held; far below the limit nothing is refused,
    // and the notifying route answers whatever the queue's backlog: all 200 succeed.
    let question = question("sync-vs-async", "predict-answered");
    let (miss, at) = largest_miss(&question, |_| 200.0);
    let tolerance = question.tolerance.unwrap_or(0.0);
    println!("sync-vs-async predict-answered: largest miss {miss:.2} ({at}); tolerance {tolerance}");
    assert!(miss <= tolerance, "largest miss {miss} at {at} is beyond the tolerance {tolerance}");
}

#[test]
fn every_band_question_is_settled_by_reasoning_not_luck() {
    // A computed choice is fair when, at each instance a learner may be shown, the run's figure
    // falls in the same band whatever the seed (allowing a tenth of the seeds to stray).
    let dir = lessons_dir();
    let lessons = load_lessons(&dir).unwrap();
    let quizzes = load_quizzes(&dir, &lessons).unwrap();
    let questions: Vec<&Question> = quizzes.iter().flat_map(|file| &file.quiz.questions).filter(|question| !question.bands.is_empty()).collect();
    for question in questions {
        let scenario = load_scenario(&dir, question.scenario.as_deref().unwrap()).unwrap().unwrap().sim.scenario;
        for values in grid(question) {
            let mut counts = vec![0u64; question.bands.len()];
            for seed in 1..=seeds() {
                let measured = measure_instance(question, &scenario, &Instance { seed, values: values.clone() }).unwrap().value;
                counts[lab_quiz::right_option(question, measured).unwrap()] += 1;
            }
            let modal = counts.iter().max().copied().unwrap_or(0);
            println!("{}: {values:?}: bands {counts:?}", question.id);
            assert!(modal * 10 >= seeds() * 9, "{}: at {values:?} the seeds split across bands {counts:?}", question.id);
        }
    }
}
