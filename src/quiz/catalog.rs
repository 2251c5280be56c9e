//! The quizzes embedded at build time (see `build.rs`): validated there, parsed here from JSON.

use lab_quiz::Quiz;

use crate::player::model::lesson_sim;

include!(concat!(env!("OUT_DIR"), "/quizzes.rs"));

/// A quiz with what the app needs to store progress for it.
pub struct EmbeddedQuiz {
    pub id: &'static str,
    pub quiz: Quiz,
    /// The lesson this quiz checks, if it is a checkpoint.
    pub lesson: Option<&'static str>,
    /// Saved answers are kept under this hash, so an edited quiz starts fresh.
    pub hash: &'static str,
}

pub fn find(id: &str) -> Option<EmbeddedQuiz> {
    QUIZZES.iter().find(|(quiz_id, ..)| *quiz_id == id).and_then(|entry| embedded(*entry))
}

/// The checkpoint quiz of a lesson, if it has one.
pub fn checkpoint_id(lesson: &str) -> Option<&'static str> {
    QUIZZES.iter().find(|(_, quiz_lesson, ..)| *quiz_lesson == lesson).map(|(id, ..)| *id)
}

pub fn all_ids() -> impl Iterator<Item = &'static str> {
    QUIZZES.iter().map(|(id, ..)| *id)
}

/// Every quiz in Moodle's GIFT format, made here from the embedded quizzes rather than shipped
/// as text (the export is as large as the quizzes); simulated questions are answered by
/// running their lesson's scenario for the fixed instance.
pub fn gift() -> String {
    let quizzes: Vec<Quiz> = all_ids().filter_map(find).map(|embedded| embedded.quiz).collect();
    lab_quiz::to_gift(&quizzes, &|slug| lesson_sim(slug).and_then(Result::ok).map(|lesson| lesson.scenario))
}

fn embedded((id, lesson, hash, json): (&'static str, &'static str, &'static str, &'static str)) -> Option<EmbeddedQuiz> {
    // The JSON was written by build.rs from a validated quiz, so this only fails if the build
    // itself is broken; the caller then shows the not-found page rather than panicking.
    let quiz = serde_json::from_str(json).ok()?;
    Some(EmbeddedQuiz { id, quiz, lesson: (!lesson.is_empty()).then_some(lesson), hash })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_quiz_parses() {
        for id in all_ids() {
            let quiz = find(id).unwrap_or_else(|| panic!("quiz {id} parses"));
            assert_eq!(quiz.quiz.id, id);
            assert_eq!(quiz.hash, lab_quiz::content_hash(&quiz.quiz));
        }
        assert!(find("pre-assessment").is_some());
        let gift = gift();
        for id in all_ids() {
            assert!(gift.contains(&format!("// {id} / ")), "the GIFT export has quiz {id}");
        }
        assert!(!gift.contains("is left out"), "every simulated question is answered");
        assert!(find("no-such-quiz").is_none());
    }
}
