//! The final assessment: a random subset of every lesson's checkpoint questions, drawn on
//! request and saved with the learner's progress, so a reload keeps the draw. The checkpoint
//! questions are downloaded when this page (or a score that needs them) first asks.

use lab_i18n::quiz as msg;
use lab_quiz::{content_hash, permutation, texts_hash, Question, Quiz, Scoring};
use leptos::prelude::*;

use super::catalog::{checkpoint_pool, LoadedQuiz, PoolState};
use super::page::QuizView;
use super::progress::FinalDraw;
use super::storage::use_progress_store;

pub const FINAL_ID: &str = "final";
/// Questions in one draw (fewer if the course has fewer checkpoint questions).
const DRAW_SIZE: usize = 8;

/// A new draw: `DRAW_SIZE` questions of the pool in an order given by `entropy`.
pub fn draw(number: u32, entropy: u64, pool: &[Question]) -> FinalDraw {
    let questions =
        permutation(pool.len(), entropy).into_iter().take(DRAW_SIZE).filter_map(|index| pool.get(index)).map(|question| question.id.clone()).collect();
    FinalDraw { number, questions }
}

/// The quiz of a draw and the key its answers are saved under ([`draw_key`]); a question no
/// longer in the course is left out.
pub fn assemble(draw: &FinalDraw, pool: &[Question]) -> (Quiz, String) {
    let questions = draw.questions.iter().filter_map(|id| pool.iter().find(|question| question.id == *id).cloned()).collect();
    let quiz = Quiz { id: FINAL_ID.to_string(), title: msg::FINAL_TITLE.text().to_string(), scoring: Scoring::Partial, questions };
    (quiz, draw_key(draw))
}

/// What a draw's answers are saved under: its number, and each question's id with the hash of
/// the (English) checkpoint quiz it comes from. The same draw read in another language is the
/// same quiz, so its answers carry over; a new draw, or a changed checkpoint, starts fresh.
fn draw_key(draw: &FinalDraw) -> String {
    let sources: Vec<String> = draw
        .questions
        .iter()
        .map(|id| {
            let quiz = id.split_once("--").map_or(id.as_str(), |(quiz, _)| quiz);
            format!("{id} {}", super::catalog::entry(quiz).map_or("", |entry| entry.hash))
        })
        .collect();
    let number = draw.number.to_string();
    format!("{}-{number}", texts_hash(std::iter::once(number.as_str()).chain(sources.iter().map(String::as_str))))
}

/// The key answers were saved under before [`draw_key`]: the draw's own text, which differs by
/// language. Answers found under it are moved to the new key, so none are lost.
fn text_key(quiz: &Quiz, draw: &FinalDraw) -> String {
    format!("{}-{}", content_hash(quiz), draw.number)
}

/// The quiz page's form of a draw. The quiz context is `Copy` and holds a `&'static str`
/// hash; a draw is made only when the learner asks, a handful of times per course, so its
/// short hash is leaked rather than managed.
fn loaded(draw: &FinalDraw, pool: &[Question]) -> LoadedQuiz {
    let (quiz, hash) = assemble(draw, pool);
    if let Some(store) = use_progress_store() {
        let old = text_key(&quiz, draw);
        if store.progress.with_untracked(|progress| progress.quizzes.get(FINAL_ID).is_some_and(|saved| saved.hash == old)) {
            store.change(|progress| progress.rekey(FINAL_ID, &old, &hash));
        }
    }
    LoadedQuiz { id: FINAL_ID, quiz, lesson: None, hash: Box::leak(hash.into_boxed_str()) }
}

/// The saved draw, or a first one (saved at once).
fn current_draw(pool: &[Question]) -> FinalDraw {
    let store = use_progress_store();
    if let Some(saved) = store.and_then(|store| store.progress.with_untracked(|progress| progress.final_draw.clone())) {
        return saved;
    }
    new_draw(1, pool)
}

fn new_draw(number: u32, pool: &[Question]) -> FinalDraw {
    let fresh = draw(number, (web_sys::js_sys::Math::random() * 9_007_199_254_740_992.0) as u64, pool);
    if let Some(store) = use_progress_store() {
        // The answers to the last draw go with it: they count for nothing now.
        store.change(|progress| {
            progress.quizzes.remove(FINAL_ID);
            progress.final_draw = Some(fresh.clone());
        });
    }
    fresh
}

/// The final assessment's page: the checkpoint questions are downloaded first.
#[component]
pub fn FinalAssessment() -> impl IntoView {
    let pool = checkpoint_pool();
    move || match pool.get() {
        PoolState::Loading => view! {
            <section class="page quiz" data-testid="quiz-loading">
                <h1 id=crate::app::PAGE_HEADING_ID tabindex="-1">{msg::FINAL_TITLE.text()}</h1>
                <p class="loading" aria-busy="true">{msg::FINAL_LOADING.text()}</p>
            </section>
        }
        .into_any(),
        PoolState::Failed(why) => view! {
            <section class="page quiz">
                <h1 id=crate::app::PAGE_HEADING_ID tabindex="-1">{msg::FINAL_TITLE.text()}</h1>
                <p class="load-error" role="alert">{msg::QUESTIONS_FAILED.with(&[("why", &why)])}</p>
            </section>
        }
        .into_any(),
        PoolState::Ready(questions) => view! { <Drawn pool=questions /> }.into_any(),
    }
}

#[component]
fn Drawn(pool: Vec<Question>) -> impl IntoView {
    let first = current_draw(&pool);
    let pool = StoredValue::new(pool);
    let store = use_progress_store();
    // A memo, so only a new draw (here or in another tab) rebuilds the page, not each answer.
    let draw = Memo::new(move |_| store.and_then(|store| store.progress.with(|progress| progress.final_draw.clone())).unwrap_or_else(|| first.clone()));
    let redraw = move |_| {
        pool.with_value(|pool| new_draw(draw.get_untracked().number + 1, pool));
    };
    let (then_take, then_rest) = crate::components::around(msg::FINAL_THEN.text(), "link");
    move || {
        let loaded = pool.with_value(|pool| loaded(&draw.get(), pool));
        let (then_take, then_rest) = (format!(" {then_take}"), then_rest.clone());
        view! {
            <QuizView loaded=loaded>
                <p class="lede">{msg::FINAL_LEDE.text()}</p>
                <p>
                    <button type="button" data-testid="new-draw" on:click=redraw>{msg::NEW_DRAW.text()}</button>
                    {then_take}<a href=crate::site::href(&crate::route::Route::Quiz("pre-assessment".into())) data-testid="pre-assessment-again">{msg::PRE_ASSESSMENT_AGAIN.text()}</a>
                    {then_rest}
                </p>
            </QuizView>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checkpoint questions as the app downloads them, read from the course's quizzes.
    fn pool() -> Vec<Question> {
        super::super::catalog::QUIZZES
            .iter()
            .filter(|entry| entry.lesson.is_some())
            .flat_map(|entry| {
                let quiz = super::super::catalog::published_quiz(entry.id).quiz;
                quiz.questions.into_iter().map(|question| Question { id: format!("{}--{}", entry.id, question.id), ..question })
            })
            .collect()
    }

    #[test]
    fn a_draw_is_a_subset_of_checkpoint_questions_without_repeats() {
        let pool = pool();
        assert!(pool.iter().all(|question| question.id.contains("--")));
        let drawn = draw(1, 7, &pool);
        assert_eq!(drawn.questions.len(), DRAW_SIZE.min(pool.len()));
        let mut unique = drawn.questions.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), drawn.questions.len());
        assert!(!drawn.questions.iter().any(|id| id.starts_with("pre-assessment--")), "checkpoints only");
        assert_ne!(draw(1, 7, &pool).questions, draw(1, 8, &pool).questions, "another draw, other questions or order");
        let (quiz, hash) = assemble(&drawn, &pool);
        assert_eq!(quiz.questions.len(), drawn.questions.len());
        assert_ne!(assemble(&FinalDraw { number: 2, ..drawn.clone() }, &pool).1, hash, "a new draw starts fresh");
        let gone = FinalDraw { number: 1, questions: vec!["no-such--question".into()] };
        assert!(assemble(&gone, &pool).0.questions.is_empty());
    }

    #[test]
    fn a_draw_read_in_another_language_keeps_its_answers() {
        let english = pool();
        let drawn = draw(1, 7, &english);
        // A translation: the same questions, every word different.
        let translated: Vec<Question> = english.iter().map(|question| Question { prompt: format!("(vi) {}", question.prompt), ..question.clone() }).collect();
        let (quiz, key) = assemble(&drawn, &english);
        assert_eq!(assemble(&drawn, &translated).1, key, "the key follows the draw, not its words");
        assert_ne!(text_key(&assemble(&drawn, &translated).0, &drawn), text_key(&quiz, &drawn), "as the old key did not");

        // Answers saved under the old key move to the new one.
        let mut progress = super::super::progress::Progress::default();
        let old = text_key(&quiz, &drawn);
        progress.record(FINAL_ID, &old, "q", super::super::progress::SavedAnswer { picks: vec![0], score: 1.0, fully_right: true, prediction: None });
        progress.rekey(FINAL_ID, &old, &key);
        assert_eq!(progress.answers_for(FINAL_ID, &key).len(), 1);
    }
}
