//! The course's quizzes exported to Moodle GIFT, checked against the format's rules by a small
//! independent reader of the syntax.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::path::{Path, PathBuf};

use lab_content::{course_gift, load_lessons, load_quizzes};
use lab_quiz::{QuestionKind, Quiz};

/// The percentages Moodle accepts for answer weights (positive or negative).
const MOODLE_WEIGHTS: &[f64] = &[
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0, 20.0, 16.66667,
    14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
];

#[derive(Debug)]
struct GiftQuestion {
    title: String,
    answers: Vec<String>,
    general_feedback: Option<String>,
}

/// The course's lessons folder and its quizzes.
fn course_quizzes() -> (PathBuf, Vec<Quiz>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let lessons = load_lessons(&dir).expect("valid lessons");
    let quizzes = load_quizzes(&dir, &lessons).expect("valid quizzes").into_iter().map(|file| file.quiz).collect();
    (dir, quizzes)
}

#[test]
fn every_course_quiz_exports_to_valid_gift() {
    let (dir, quizzes) = course_quizzes();
    let gift = course_gift(&dir, &quizzes);
    let parsed = parse_gift(&gift).unwrap_or_else(|problem| panic!("{problem}\n\n{gift}"));
    let expected: Vec<_> = quizzes.iter().flat_map(|quiz| quiz.questions.iter().map(move |q| (quiz, q))).collect();
    assert_eq!(parsed.len(), expected.len());
    for (gift_question, (quiz, question)) in parsed.iter().zip(&expected) {
        assert!(gift_question.title.contains(&question.id), "{gift_question:?}");
        assert!(gift_question.general_feedback.is_some(), "{} has its general explanation", question.id);
        // A simulated question with bands is exported as a single choice.
        let kind = if question.bands.is_empty() { question.kind } else { QuestionKind::Single };
        check_answers(gift_question, kind).unwrap_or_else(|problem| panic!("{}/{}: {problem}", quiz.id, question.id));
    }
}

#[test]
fn the_reader_rejects_broken_gift() {
    assert!(parse_gift("::t::Q {\n\t=a # b { c\n}").is_err(), "an unescaped brace");
    assert!(parse_gift("::t::Q {\n\t=a#b\n").is_err(), "an unclosed question");
    assert!(check_answers(&GiftQuestion { title: "t".into(), answers: vec!["~%40%a#x".into(), "~%-100%b#y".into()], general_feedback: None }, QuestionKind::Multiple).is_err());
    let numerical = |answer: &str| check_answers(&GiftQuestion { title: "t".into(), answers: vec![answer.into()], general_feedback: None }, QuestionKind::Simulated);
    assert!(numerical("=12:3#measured 12").is_ok());
    assert!(numerical("=twelve:3#measured").is_err(), "a numerical answer is a number");
    assert!(parse_gift("::t::Q {#\n\t=12:3#seed: 1\n}").is_err(), "an unescaped colon in numerical feedback");
}

/// A simulated question is exported for seed 1 and every range's minimum; its answer must be
/// what running that instance measures.
#[test]
fn simulated_questions_export_the_fixed_instance_answer() {
    let (dir, quizzes) = course_quizzes();
    let gift = course_gift(&dir, &quizzes);
    let parsed = parse_gift(&gift).expect("valid GIFT");
    let simulated: Vec<_> = quizzes.iter().flat_map(|quiz| &quiz.questions).filter(|question| question.kind == QuestionKind::Simulated).collect();
    assert!(simulated.len() >= 2, "the course has simulator-graded questions");
    for question in simulated {
        let exported = parsed.iter().find(|gift| gift.title.ends_with(&format!(" {}", question.id))).expect("exported");
        let scenario = lab_content::load_scenario(&dir, question.scenario.as_deref().unwrap()).unwrap().unwrap().sim.scenario;
        let measured = lab_quiz::measure_instance(question, &scenario, &lab_quiz::fixed_instance(question)).unwrap();
        if question.bands.is_empty() {
            let value: f64 = exported.answers[0].trim_start_matches('=').split(':').next().unwrap().parse().unwrap();
            assert_eq!(value, measured.value, "{}", question.id);
        } else {
            // The right option is the band the fixed instance's run falls in.
            let right = exported.answers.iter().position(|answer| answer.starts_with('='));
            assert_eq!(right, lab_quiz::right_option(question, measured.value), "{}", question.id);
        }
    }
}

/// Splits GIFT text into questions, checking braces and escapes. Categories and comments are skipped.
fn parse_gift(text: &str) -> Result<Vec<GiftQuestion>, String> {
    let mut questions = Vec::new();
    for block in text.split("\n\n").map(str::trim).filter(|block| !block.is_empty()) {
        let lines: Vec<&str> = block.lines().filter(|line| !line.starts_with("//")).collect();
        if lines.len() == 1 && lines[0].starts_with("$CATEGORY:") {
            continue;
        }
        let head = lines.first().ok_or("an empty block")?;
        let rest = head.strip_prefix("::").ok_or_else(|| format!("no title in {head:?}"))?;
        let (title, body) = split_unescaped(rest, "::").ok_or_else(|| format!("unclosed title in {head:?}"))?;
        let prompt = body.strip_suffix("{#").or_else(|| body.strip_suffix('{')).ok_or_else(|| format!("the answers must open with {{: {head:?}"))?;
        check_escapes(prompt)?;
        if lines.last() != Some(&"}") {
            return Err(format!("question {title:?} is not closed with }}"));
        }
        let mut answers = Vec::new();
        let mut general_feedback = None;
        for line in &lines[1..lines.len() - 1] {
            let line = line.trim();
            check_escapes(numerical_feedback(line).unwrap_or(line).trim_start_matches(['=', '~']).trim_start_matches("####"))?;
            match line.strip_prefix("####") {
                Some(feedback) => general_feedback = Some(feedback.to_string()),
                None => answers.push(line.to_string()),
            }
        }
        questions.push(GiftQuestion { title: title.to_string(), answers, general_feedback });
    }
    Ok(questions)
}

/// Special characters must be escaped, except the answer syntax's own `#`, `%` weights and `->`.
fn check_escapes(text: &str) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(character) = chars.next() {
        match character {
            '\\' => {
                chars.next().ok_or("a trailing backslash")?;
            }
            '{' | '}' | '~' | ':' => return Err(format!("unescaped {character:?} in {text:?}")),
            '=' if previous != '%' => return Err(format!("unescaped '=' in {text:?}")),
            _ => {}
        }
        previous = character;
    }
    Ok(())
}

/// A numerical answer `=value:tolerance#feedback` has a `:` of its own; only its feedback is text.
fn numerical_feedback(line: &str) -> Option<&str> {
    let (number, feedback) = line.strip_prefix('=')?.split_once('#')?;
    let (value, tolerance) = number.split_once(':')?;
    (value.parse::<f64>().is_ok() && tolerance.parse::<f64>().is_ok()).then_some(feedback)
}

fn split_unescaped<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let mut index = 0;
    while index < text.len() {
        if text[index..].starts_with('\\') {
            index += 2;
        } else if text[index..].starts_with(separator) {
            return Some((&text[..index], &text[index + separator.len()..]));
        } else {
            index += text[index..].chars().next()?.len_utf8();
        }
    }
    None
}

fn check_answers(question: &GiftQuestion, kind: QuestionKind) -> Result<(), String> {
    let feedback_count = |answer: &str| answer.matches('#').count() - answer.matches("\\#").count();
    match kind {
        QuestionKind::Single => {
            let right = question.answers.iter().filter(|answer| answer.starts_with('=')).count();
            let all_marked = question.answers.iter().all(|answer| answer.starts_with(['=', '~']) && feedback_count(answer) == 1);
            (right == 1 && all_marked).then_some(()).ok_or_else(|| "a single choice has one =answer and every answer one #feedback".to_string())
        }
        QuestionKind::Multiple => {
            let weights: Vec<f64> = question.answers.iter().map(|answer| weight_of(answer)).collect::<Result<_, _>>()?;
            let positive: f64 = weights.iter().filter(|weight| **weight > 0.0).sum();
            if (positive - 100.0).abs() > 0.001 {
                return Err(format!("positive weights sum to {positive}, not 100"));
            }
            Ok(())
        }
        QuestionKind::TrueFalse => match question.answers.as_slice() {
            [answer] if (answer.starts_with("TRUE#") || answer.starts_with("FALSE#")) && feedback_count(answer) == 2 => Ok(()),
            other => Err(format!("a true/false answer is TRUE#wrong#right or FALSE#wrong#right: {other:?}")),
        },
        QuestionKind::Simulated => match question.answers.as_slice() {
            [answer] if numerical_feedback(answer).is_some() => Ok(()),
            other => Err(format!("a numerical answer is =value:tolerance#feedback: {other:?}")),
        },
        QuestionKind::Ordering => {
            let pairs = question.answers.iter().filter(|answer| answer.starts_with('=') && answer.contains(" -> ")).count();
            (pairs == question.answers.len() && pairs >= 3).then_some(()).ok_or_else(|| "matching needs three or more =a -> b pairs".to_string())
        }
    }
}

fn weight_of(answer: &str) -> Result<f64, String> {
    let rest = answer.strip_prefix("~%").ok_or_else(|| format!("a weighted answer starts with ~%: {answer:?}"))?;
    let (weight, _) = rest.split_once('%').ok_or_else(|| format!("unclosed weight in {answer:?}"))?;
    let value: f64 = weight.parse().map_err(|_| format!("weight {weight:?} is not a number"))?;
    if MOODLE_WEIGHTS.iter().any(|allowed| (allowed - value.abs()).abs() < 0.00001) {
        Ok(value)
    } else {
        Err(format!("Moodle does not accept the weight {value}"))
    }
}
