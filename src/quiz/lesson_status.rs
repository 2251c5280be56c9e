//! How far a learner is with a lesson, judged by its checkpoint quiz: what the course map shows
//! beside each lesson and each module.

use lab_i18n::quiz as msg;

use super::catalog;
use super::saved_scores::SavedScores;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LessonStatus {
    /// The lesson has no checkpoint quiz to measure progress by.
    NoCheckpoint,
    NotStarted,
    /// Some checkpoint questions answered.
    Started {
        answered: usize,
        questions: usize,
    },
    /// Every checkpoint question answered; `score` is the share of points, 0 to 1.
    Done {
        score: f64,
    },
}

impl LessonStatus {
    pub fn is_done(self) -> bool {
        matches!(self, LessonStatus::Done { .. })
    }

    /// The words shown on the course map (never colour or an icon alone).
    pub fn text(self) -> String {
        match self {
            LessonStatus::NoCheckpoint => String::new(),
            LessonStatus::NotStarted => msg::STATUS_NOT_STARTED.text().to_string(),
            LessonStatus::Started {
                answered,
                questions,
            } => msg::STATUS_STARTED.with(&[("answered", &answered), ("questions", &questions)]),
            LessonStatus::Done { score } => msg::STATUS_DONE.with(&[("percent", &lab_i18n::decimal(score * 100.0, 0))]),
        }
    }

    /// A stable name for styling and tests.
    pub fn name(self) -> &'static str {
        match self {
            LessonStatus::NoCheckpoint => "no-checkpoint",
            LessonStatus::NotStarted => "not-started",
            LessonStatus::Started { .. } => "started",
            LessonStatus::Done { .. } => "done",
        }
    }
}

/// The status of `lesson` given the saved answers' scores.
pub fn lesson_status(scores: &SavedScores, lesson: &str) -> LessonStatus {
    let Some(quiz) = catalog::checkpoint_id(lesson).and_then(catalog::entry) else {
        return LessonStatus::NoCheckpoint;
    };
    status_of(scores.score(quiz.id, quiz.hash), quiz.questions)
}

fn status_of((points, answered): (f64, usize), questions: usize) -> LessonStatus {
    match answered {
        0 => LessonStatus::NotStarted,
        answered if answered < questions => LessonStatus::Started {
            answered,
            questions,
        },
        _ => LessonStatus::Done {
            score: points / questions.max(1) as f64,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::progress::{Progress, SavedAnswer};

    #[test]
    fn status_follows_the_checkpoint_answers() {
        assert_eq!(status_of((0.0, 0), 5), LessonStatus::NotStarted);
        assert_eq!(
            status_of((1.5, 2), 5),
            LessonStatus::Started {
                answered: 2,
                questions: 5
            }
        );
        assert_eq!(status_of((4.0, 5), 5), LessonStatus::Done { score: 0.8 });
        assert_eq!(
            LessonStatus::Done { score: 0.8 }.text(),
            "Done: checkpoint 80%"
        );
    }

    #[test]
    fn a_lesson_is_done_when_its_whole_checkpoint_is_answered() {
        let lesson = crate::catalog::LESSONS
            .iter()
            .find(|lesson| catalog::checkpoint_id(lesson.slug).is_some())
            .expect("a lesson with a checkpoint");
        let quiz = catalog::published_quiz(catalog::checkpoint_id(lesson.slug).unwrap());
        let mut progress = Progress::default();
        assert_eq!(
            lesson_status(&SavedScores::of(&progress), lesson.slug),
            LessonStatus::NotStarted
        );
        for question in &quiz.quiz.questions {
            progress.record(
                &quiz.quiz.id,
                quiz.hash,
                &question.id,
                SavedAnswer {
                    picks: vec![0],
                    score: 1.0,
                    fully_right: true,
                    prediction: None,
                },
            );
        }
        assert_eq!(
            lesson_status(&SavedScores::of(&progress), lesson.slug),
            LessonStatus::Done { score: 1.0 }
        );
        assert_eq!(
            lesson_status(&SavedScores::of(&progress), "no-such-lesson"),
            LessonStatus::NoCheckpoint
        );
    }
}
