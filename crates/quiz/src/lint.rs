//! Answer-key cues: a learner who knows nothing can still score when the right option is
//! usually the longest one, or when true/false statements are usually false. This lint counts
//! both, per quiz and for the whole course, and says when a share crosses its threshold.

use crate::model::{Question, QuestionKind, Quiz};

/// Course-wide, the correct option may be the longest in at most this share of the
/// single-choice questions.
pub const MAX_LONGEST_CORRECT_SHARE: f64 = 0.40;
/// Course-wide, the share of true/false questions keyed True must lie in this range.
pub const TRUE_SHARE_RANGE: (f64, f64) = (0.35, 0.65);
/// A quiz is judged on its own only from this many questions of a kind: with fewer, one
/// question moves the share too far to mean anything.
pub const MIN_QUESTIONS_PER_QUIZ: usize = 5;
/// The course-wide shares are judged from this many questions of a kind (a course being
/// written may hold only a few).
pub const MIN_QUESTIONS_PER_COURSE: usize = 10;

/// How often each cue shows in a set of questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyCues {
    /// Single-choice questions.
    pub single: usize,
    /// Of those, the ones whose correct option is at least as long as every other option.
    pub longest_correct: usize,
    pub true_false: usize,
    /// Of those, the ones keyed True.
    pub keyed_true: usize,
}

impl KeyCues {
    /// Counts the cues in one quiz.
    pub fn of(quiz: &Quiz) -> KeyCues {
        quiz.questions.iter().fold(KeyCues::default(), |cues, question| cues.plus(&KeyCues::of_question(question)))
    }

    /// Counts the cues over several quizzes (the course).
    pub fn of_all<'a>(quizzes: impl IntoIterator<Item = &'a Quiz>) -> KeyCues {
        quizzes.into_iter().fold(KeyCues::default(), |cues, quiz| cues.plus(&KeyCues::of(quiz)))
    }

    fn of_question(question: &Question) -> KeyCues {
        match question.kind {
            QuestionKind::Single => KeyCues { single: 1, longest_correct: usize::from(correct_is_longest(question)), ..KeyCues::default() },
            QuestionKind::TrueFalse => KeyCues { true_false: 1, keyed_true: usize::from(keyed_true(question)), ..KeyCues::default() },
            _ => KeyCues::default(),
        }
    }

    fn plus(&self, other: &KeyCues) -> KeyCues {
        KeyCues {
            single: self.single + other.single,
            longest_correct: self.longest_correct + other.longest_correct,
            true_false: self.true_false + other.true_false,
            keyed_true: self.keyed_true + other.keyed_true,
        }
    }

    /// One line for a report: "correct option longest in 2 of 4 single-choice questions;
    /// true/false keyed True in 1 of 1".
    pub fn summary(&self) -> String {
        format!(
            "correct option longest in {} of {} single-choice questions{}; true/false keyed True in {} of {}{}",
            self.longest_correct,
            self.single,
            percent(self.longest_correct, self.single),
            self.keyed_true,
            self.true_false,
            percent(self.keyed_true, self.true_false)
        )
    }

    /// What is wrong with one quiz: only a quiz with enough questions of a kind is judged,
    /// and then only when every one of them carries the cue.
    pub fn quiz_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.single >= MIN_QUESTIONS_PER_QUIZ && self.longest_correct == self.single {
            problems.push(format!(
                "the correct option is the longest in all {} single-choice questions; shorten correct options or lengthen distractors so length gives nothing away",
                self.single
            ));
        }
        let one_sided = self.keyed_true == 0 || self.keyed_true == self.true_false;
        if self.true_false >= MIN_QUESTIONS_PER_QUIZ && one_sided {
            problems.push(format!("all {} true/false questions have the same key; rewrite some statements so the other answer is right", self.true_false));
        }
        problems
    }

    /// What is wrong with the course as a whole (see the thresholds above).
    pub fn course_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let judged = |count: usize| count >= MIN_QUESTIONS_PER_COURSE;
        if let Some(share) = share(self.longest_correct, self.single).filter(|share| judged(self.single) && *share > MAX_LONGEST_CORRECT_SHARE) {
            problems.push(format!(
                "the correct option is the longest in {} of {} single-choice questions ({:.0}%), above the {:.0}% allowed",
                self.longest_correct,
                self.single,
                share * 100.0,
                MAX_LONGEST_CORRECT_SHARE * 100.0
            ));
        }
        let (low, high) = TRUE_SHARE_RANGE;
        if let Some(share) = share(self.keyed_true, self.true_false).filter(|share| judged(self.true_false) && (*share < low || *share > high)) {
            problems.push(format!(
                "{} of {} true/false questions are keyed True ({:.0}%); keep it between {:.0}% and {:.0}%",
                self.keyed_true,
                self.true_false,
                share * 100.0,
                low * 100.0,
                high * 100.0
            ));
        }
        problems
    }
}

/// The correct option is at least as long as every other one (a tie still points at it).
fn correct_is_longest(question: &Question) -> bool {
    let length = |text: &str| text.trim().chars().count();
    let correct = question.choices.iter().filter(|choice| choice.correct).map(|choice| length(&choice.text)).max();
    let longest_wrong = question.choices.iter().filter(|choice| !choice.correct).map(|choice| length(&choice.text)).max();
    match (correct, longest_wrong) {
        (Some(correct), Some(wrong)) => correct >= wrong,
        _ => false,
    }
}

fn keyed_true(question: &Question) -> bool {
    question.choices.iter().any(|choice| choice.correct && choice.text.trim().eq_ignore_ascii_case("true"))
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn percent(part: usize, whole: usize) -> String {
    share(part, whole).map_or_else(String::new, |share| format!(" ({:.0}%)", share * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, Scoring};

    fn choice(text: &str, correct: bool) -> Choice {
        Choice { text: text.into(), correct, why: "because".into() }
    }

    fn question(kind: QuestionKind, choices: Vec<Choice>) -> Question {
        Question {
            id: "q".into(),
            kind,
            prompt: "P".into(),
            explanation: "E".into(),
            select: None,
            pinned: false,
            teaches: None,
            scenario: None,
            vary: Vec::new(),
            measure: None,
            tolerance: None,
            bands: Vec::new(),
            pick: None,
            choices,
        }
    }

    /// A single-choice question whose correct option is the longest, or not.
    fn single(correct_longest: bool) -> Question {
        let (right, wrong) = if correct_longest { ("the long right answer", "short") } else { ("right", "a longer wrong answer") };
        question(QuestionKind::Single, vec![choice(right, true), choice(wrong, false), choice("no", false)])
    }

    fn true_false(key: bool) -> Question {
        question(QuestionKind::TrueFalse, vec![choice("True", key), choice("False", !key)])
    }

    fn quiz(questions: Vec<Question>) -> Quiz {
        Quiz { id: "quiz".into(), title: "Quiz".into(), scoring: Scoring::Partial, questions }
    }

    #[test]
    fn counts_the_longest_correct_option_and_true_keys() {
        let cues = KeyCues::of(&quiz(vec![single(true), single(false), single(true), true_false(true), true_false(false)]));
        assert_eq!(cues, KeyCues { single: 3, longest_correct: 2, true_false: 2, keyed_true: 1 });
        assert_eq!(cues.summary(), "correct option longest in 2 of 3 single-choice questions (67%); true/false keyed True in 1 of 2 (50%)");
        // A tie with a wrong option still tells the learner which two to choose from.
        let tie = question(QuestionKind::Single, vec![choice("abc", true), choice("xyz", false)]);
        assert_eq!(KeyCues::of(&quiz(vec![tie])).longest_correct, 1);
    }

    #[test]
    fn a_balanced_course_passes() {
        let mut questions: Vec<Question> = (0..10).map(|index| single(index < 4)).collect();
        questions.extend((0..10).map(|index| true_false(index < 5)));
        let cues = KeyCues::of(&quiz(questions));
        assert_eq!(cues.course_problems(), Vec::<String>::new());
        assert_eq!(cues.quiz_problems(), Vec::<String>::new());
    }

    #[test]
    fn a_course_whose_correct_options_are_mostly_longest_fails() {
        let cues = KeyCues::of(&quiz((0..10).map(|index| single(index < 5)).collect()));
        let problems = cues.course_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("longest in 5 of 10 single-choice questions (50%), above the 40% allowed"), "{problems:?}");
    }

    #[test]
    fn a_course_keyed_mostly_false_or_mostly_true_fails() {
        for (keyed_true, expected) in [(3, "3 of 10 true/false questions are keyed True (30%)"), (7, "7 of 10 true/false questions are keyed True (70%)")] {
            let cues = KeyCues::of(&quiz((0..10).map(|index| true_false(index < keyed_true)).collect()));
            let problems = cues.course_problems();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(problems[0].contains(expected), "{problems:?}");
        }
        let even = KeyCues::of(&quiz((0..10).map(|index| true_false(index < 4)).collect()));
        assert_eq!(even.course_problems(), Vec::<String>::new());
    }

    #[test]
    fn a_quiz_fails_only_when_every_one_of_enough_questions_carries_the_cue() {
        let all_longest = KeyCues::of(&quiz((0..MIN_QUESTIONS_PER_QUIZ).map(|_| single(true)).collect()));
        assert!(all_longest.quiz_problems().iter().any(|problem| problem.contains("longest in all 5")), "{:?}", all_longest.quiz_problems());
        let all_false = KeyCues::of(&quiz((0..MIN_QUESTIONS_PER_QUIZ).map(|_| true_false(false)).collect()));
        assert!(all_false.quiz_problems().iter().any(|problem| problem.contains("all 5 true/false")), "{:?}", all_false.quiz_problems());
        // Fewer questions, or one without the cue, and the quiz is only reported.
        let small = KeyCues::of(&quiz((0..MIN_QUESTIONS_PER_QUIZ - 1).map(|_| single(true)).chain([true_false(false)]).collect()));
        assert_eq!(small.quiz_problems(), Vec::<String>::new());
        let mixed = KeyCues::of(&quiz((0..MIN_QUESTIONS_PER_QUIZ).map(|index| single(index > 0)).collect()));
        assert_eq!(mixed.quiz_problems(), Vec::<String>::new());
    }

    #[test]
    fn a_small_course_is_only_reported() {
        let cues = KeyCues::of(&quiz((0..MIN_QUESTIONS_PER_COURSE - 1).map(|_| single(true)).chain([true_false(false)]).collect()));
        assert_eq!(cues.course_problems(), Vec::<String>::new());
    }

    #[test]
    fn an_empty_course_has_nothing_to_judge() {
        let cues = KeyCues::of_all([]);
        assert_eq!(cues.course_problems(), Vec::<String>::new());
        assert_eq!(cues.summary(), "correct option longest in 0 of 0 single-choice questions; true/false keyed True in 0 of 0");
    }
}
