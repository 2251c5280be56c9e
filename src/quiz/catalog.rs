//! The course's quizzes: what the app knows from the build (title, question count, content
//! hash, data file), and each quiz's questions, downloaded when a page needs them. A quiz
//! page painted at build time carries its own questions, which the app adopts instead of
//! downloading them again.

use std::cell::RefCell;

use lab_quiz::{Question, Quiz};
use leptos::prelude::*;

use crate::dom::fetch_text;
use crate::{site, takeover};

/// A quiz as the build describes it (see `build.rs`).
#[derive(Debug, PartialEq, Eq)]
pub struct QuizEntry {
    pub id: &'static str,
    pub title: &'static str,
    /// The lesson this quiz checks, if it is a checkpoint.
    pub lesson: Option<&'static str>,
    /// Saved answers are kept under this hash, so an edited quiz starts fresh.
    pub hash: &'static str,
    pub questions: usize,
    /// The quiz's JSON, published beside the app.
    pub file: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/quizzes.rs"));

/// A quiz with its questions, ready for its page.
#[derive(Clone)]
pub struct LoadedQuiz {
    pub id: &'static str,
    pub quiz: Quiz,
    pub lesson: Option<&'static str>,
    pub hash: &'static str,
}

/// What the page's language says of a quiz: its translated title and questions' file where the
/// page carries them (see `lab_i18n::content`), else the English. Saved answers keep the
/// English quiz's hash: a translation is the same quiz.
impl QuizEntry {
    pub fn title(&self) -> &'static str {
        lab_i18n::content(&format!("quiz/{}/title", self.id)).unwrap_or(self.title)
    }

    pub fn file(&self) -> &'static str {
        lab_i18n::content(&format!("quiz/{}/file", self.id)).unwrap_or(self.file)
    }

    /// `en` when the quiz is shown in English inside another language's page (its questions
    /// are translated exactly when its file differs from the English one).
    pub fn content_lang(&self) -> Option<&'static str> {
        (lab_i18n::language() != lab_i18n::Lang::En && lab_i18n::content(&format!("quiz/{}/file", self.id)).is_none()).then_some("en")
    }
}

pub fn entry(id: &str) -> Option<&'static QuizEntry> {
    QUIZZES.iter().find(|entry| entry.id == id)
}

/// The checkpoint quiz of a lesson, if it has one.
pub fn checkpoint_id(lesson: &str) -> Option<&'static str> {
    QUIZZES.iter().find(|entry| entry.lesson == Some(lesson)).map(|entry| entry.id)
}

/// The quiz's questions: adopted from the painted page, or downloaded.
pub async fn load(entry: &'static QuizEntry) -> Result<LoadedQuiz, String> {
    let json = match takeover::take_quiz_json(entry.id) {
        Some(json) => json,
        None => fetch_text(&site::asset(entry.file())).await?,
    };
    read(entry, &json)
}

/// The quiz's questions when they are already at hand (a painted page, or the build).
pub fn adopted(entry: &'static QuizEntry) -> Option<LoadedQuiz> {
    read(entry, &takeover::take_quiz_json(entry.id)?).ok()
}

/// Reads a quiz file; it was written by the build from a validated quiz, but is checked
/// rather than unwrapped.
pub fn read(entry: &'static QuizEntry, json: &str) -> Result<LoadedQuiz, String> {
    let quiz: Quiz = serde_json::from_str(json).map_err(|_| lab_i18n::quiz::QUIZ_FILE_UNREADABLE.text())?;
    Ok(LoadedQuiz { id: entry.id, quiz, lesson: entry.lesson, hash: entry.hash })
}

thread_local! {
    /// Every checkpoint question, once downloaded (the final assessment draws from them).
    static POOL: RefCell<Option<ArcRwSignal<PoolState>>> = const { RefCell::new(None) };
}

/// Every checkpoint's questions, each with an id that names its quiz: `<quiz id>--<question id>`.
#[derive(Clone, Debug, PartialEq)]
pub enum PoolState {
    Loading,
    Ready(Vec<Question>),
    Failed(String),
}

/// The checkpoint questions, downloaded on first use and shared by every view after that (a
/// reference-counted signal: it outlives the page that first asked).
pub fn checkpoint_pool() -> ArcRwSignal<PoolState> {
    if let Some(pool) = POOL.with(|pool| pool.borrow().clone()) {
        return pool;
    }
    let pool = ArcRwSignal::new(PoolState::Loading);
    POOL.with(|slot| *slot.borrow_mut() = Some(pool.clone()));
    let loading = pool.clone();
    leptos::task::spawn_local(async move {
        loading.set(load_pool().await);
    });
    pool
}

async fn load_pool() -> PoolState {
    let mut questions = Vec::new();
    for entry in QUIZZES.iter().filter(|entry| entry.lesson.is_some()) {
        match load(entry).await {
            Ok(loaded) => questions.extend(
                loaded.quiz.questions.into_iter().map(|question| Question { id: format!("{}--{}", entry.id, question.id), ..question }),
            ),
            Err(why) => return PoolState::Failed(why),
        }
    }
    PoolState::Ready(questions)
}

/// The course's quizzes as the build publishes them, read from `lessons/`, for host tests.
#[cfg(test)]
pub fn published_quiz(id: &str) -> LoadedQuiz {
    let lessons_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let lessons = lab_content::load_lessons(&lessons_dir).expect("the course loads");
    let quizzes = lab_content::load_quizzes(&lessons_dir, &lessons).expect("the quizzes load");
    let file = lab_content::quiz_files(&quizzes).into_iter().find(|file| file.key == id).expect("the quiz is published");
    let entry = entry(id).expect("the quiz is in the catalog");
    assert_eq!(entry.file, file.file, "the build and the hook name the file alike");
    read(entry, &file.text).expect("the published quiz reads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quiz_is_listed_with_its_file() {
        assert!(entry("pre-assessment").is_some());
        assert!(entry("no-such-quiz").is_none());
        for entry in QUIZZES {
            assert!(entry.file.starts_with(&format!("quiz-{}-", entry.id)), "{}", entry.file);
            assert!(entry.questions > 0, "{}", entry.id);
        }
    }
}
