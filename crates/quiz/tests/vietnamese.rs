//! The words of checking answers follow the page's language: with the Vietnamese table
//! installed (as a Vietnamese page carries it), feedback, instructions and numbers are
//! Vietnamese; with none, they are the English the course has always shown.

use std::path::Path;

use lab_i18n::{install, publish, reset, Lang};
use lab_quiz::{check, format_number, Answer, Checked, Choice, Question, QuestionKind, Scoring};

fn select_two() -> Question {
    let choice = |text: &str, correct| Choice { text: text.into(), correct, why: "because".into() };
    Question {
        id: "q".into(),
        kind: QuestionKind::Multiple,
        prompt: "Which two?".into(),
        explanation: "Because.".into(),
        select: Some(2),
        pinned: false,
        teaches: None,
        scenario: None,
        vary: Vec::new(),
        measure: None,
        tolerance: None,
        bands: Vec::new(),
        pick: None,
        choices: vec![choice("a", true), choice("b", true), choice("c", false)],
    }
}

#[test]
fn feedback_instructions_and_numbers_follow_the_language() {
    let question = select_two();
    let one_pick = Answer::Picks(vec![0]);
    reset();
    assert_eq!(check(&question, &one_pick, Scoring::Partial), Checked::Incomplete("choose two".into()));
    assert_eq!(question.instruction().as_deref(), Some("(Select TWO.)"));
    assert_eq!(format_number(1234.5), "1234.5");
    assert_eq!(format_number(12000.0), "12000");

    let messages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../messages");
    let table = publish::table_json(&messages, Lang::Vi).unwrap_or_else(|error| panic!("the Vietnamese table: {error}"));
    install(Lang::Vi, &table).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(check(&question, &one_pick, Scoring::Partial), Checked::Incomplete("hãy chọn hai phương án".into()));
    assert_eq!(question.instruction().as_deref(), Some("(Chọn HAI phương án.)"));
    assert_eq!(format_number(1234.5), "1234,5");
    assert_eq!(format_number(0.25), "0,25");
    assert_eq!(format_number(12000.0), "12.000", "the zeros of a group stay");
    assert_eq!(format_number(2.0), "2");
    reset();
}
