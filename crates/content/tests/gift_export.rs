//! The course's quizzes exported to Moodle GIFT, checked against the format's rules by a small
//! independent reader of the syntax.

use std::path::Path;

use lab_content::{load_lessons, load_quizzes};
use lab_quiz::{to_gift, QuestionKind};

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

#[test]
fn every_course_quiz_exports_to_valid_gift() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let lessons = load_lessons(&dir).expect("valid lessons");
    let quizzes: Vec<_> = load_quizzes(&dir, &lessons).expect("valid quizzes").into_iter().map(|file| file.quiz).collect();
    let gift = to_gift(&quizzes);
    let parsed = parse_gift(&gift).unwrap_or_else(|problem| panic!("{problem}\n\n{gift}"));
    let expected: Vec<_> = quizzes.iter().flat_map(|quiz| quiz.questions.iter().map(move |q| (quiz, q))).collect();
    assert_eq!(parsed.len(), expected.len());
    for (gift_question, (quiz, question)) in parsed.iter().zip(&expected) {
        assert!(gift_question.title.contains(&question.id), "{gift_question:?}");
        assert!(gift_question.general_feedback.is_some(), "{} has its general explanation", question.id);
        check_answers(gift_question, question.kind).unwrap_or_else(|problem| panic!("{}/{}: {problem}", quiz.id, question.id));
    }
}

#[test]
fn the_reader_rejects_broken_gift() {
    assert!(parse_gift("::t::Q {\n\t=a # b { c\n}").is_err(), "an unescaped brace");
    assert!(parse_gift("::t::Q {\n\t=a#b\n").is_err(), "an unclosed question");
    assert!(check_answers(&GiftQuestion { title: "t".into(), answers: vec!["~%40%a#x".into(), "~%-100%b#y".into()], general_feedback: None }, QuestionKind::Multiple).is_err());
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
        let prompt = body.strip_suffix('{').ok_or_else(|| format!("the answers must open with {{: {head:?}"))?;
        check_escapes(prompt)?;
        if lines.last() != Some(&"}") {
            return Err(format!("question {title:?} is not closed with }}"));
        }
        let mut answers = Vec::new();
        let mut general_feedback = None;
        for line in &lines[1..lines.len() - 1] {
            let line = line.trim();
            check_escapes(line.trim_start_matches(['=', '~']).trim_start_matches("####"))?;
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
