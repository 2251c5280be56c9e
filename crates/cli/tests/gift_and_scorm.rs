//! `lab gift` and the SCORM package (`cargo xtask scorm`, built by `cargo xtask test` and named
//! in `LAB_SCORM_PACKAGE`) carry the same quizzes with the same questions: an instructor who
//! imports both into one LMS grades the same question bank.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

/// Quiz id → its question ids, in order.
type QuestionSets = BTreeMap<String, Vec<String>>;

/// What `lab gift` writes: each question opens with the comment `// <quiz id> / <question id>`.
fn gift_questions() -> QuestionSets {
    let lessons = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let output = Command::new(env!("CARGO_BIN_EXE_lab")).arg("gift").arg(&lessons).output().expect("lab gift runs");
    assert!(output.status.success(), "lab gift: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("GIFT is UTF-8");
    let mut sets = QuestionSets::new();
    for line in text.lines() {
        let Some(names) = line.strip_prefix("// ") else { continue };
        assert!(!names.contains(" is left out"), "the GIFT export leaves a question out: {line}");
        if let Some((quiz, question)) = names.split_once(" / ") {
            sets.entry(quiz.to_string()).or_default().push(question.to_string());
        }
    }
    sets
}

/// What the package's launch page reports on (`scorm-course.json`).
fn package_questions() -> QuestionSets {
    let path = std::env::var("LAB_SCORM_PACKAGE").expect("LAB_SCORM_PACKAGE is not set: run this test with `cargo xtask test`, which builds the package");
    let mut package = zip::ZipArchive::new(std::fs::File::open(&path).expect("the package opens")).expect("the package is a zip");
    let mut json = String::new();
    package.by_name("scorm-course.json").expect("the package lists its quizzes").read_to_string(&mut json).unwrap();
    let course: serde_json::Value = serde_json::from_str(&json).unwrap();
    course["quizzes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|quiz| {
            let questions = quiz["questions"].as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_string()).collect();
            (quiz["id"].as_str().unwrap().to_string(), questions)
        })
        .collect()
}

#[test]
fn the_gift_export_and_the_scorm_package_hold_the_same_questions() {
    let gift = gift_questions();
    let package = package_questions();
    assert!(gift.len() > 20 && gift.values().map(Vec::len).sum::<usize>() > 150, "the whole course: {} quizzes", gift.len());
    assert_eq!(gift.keys().collect::<Vec<_>>(), package.keys().collect::<Vec<_>>(), "the same quizzes");
    for (quiz, questions) in &gift {
        assert_eq!(questions, &package[quiz], "the questions of {quiz}");
    }
}
