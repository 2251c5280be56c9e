//! One question of a lesson's checkpoint quiz, alone under the lesson's simulation on its embed
//! page (`embed/<slug>/?question=<id or number>`, painted by xtask/src/pages.rs and started by
//! `assets/embed.js`). It is checked and kept like the quiz page's own copy of it.

use std::any::Any;

use lab_quiz::Question;
use lab_i18n::quiz as msg;
use leptos::prelude::*;

use super::catalog::{self, LoadedQuiz, QuizEntry};
use super::question::{QuestionCard, QuizContext};
use super::storage::provide_progress_store;
use crate::site;

/// Draws the question `wanted` of `lesson`'s checkpoint quiz into `parent`; the returned handle
/// takes it down when dropped. A question that does not exist is said so in its place.
pub fn mount_question(parent: web_sys::HtmlElement, lesson: &str, wanted: &str) -> Result<Box<dyn Any>, String> {
    let entry = catalog::checkpoint_id(lesson)
        .and_then(catalog::entry)
        .ok_or_else(|| msg::NO_CHECKPOINT.text())?;
    site::discover_root();
    let wanted = wanted.to_string();
    let handle = leptos::mount::mount_to(parent, move || {
        provide_progress_store();
        view! { <EmbeddedQuestion entry=entry wanted=wanted /> }
    });
    Ok(Box::new(handle))
}

/// The question a link asks for: by its number in the quiz (1 for the first), or by its id.
pub fn find_question<'a>(questions: &'a [Question], wanted: &str) -> Option<(usize, &'a Question)> {
    let by_number = wanted.parse::<usize>().ok().and_then(|number| Some((number, questions.get(number.checked_sub(1)?)?)));
    by_number.or_else(|| questions.iter().enumerate().find(|(_, question)| question.id == wanted).map(|(index, question)| (index + 1, question)))
}

#[component]
fn EmbeddedQuestion(entry: &'static QuizEntry, wanted: String) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<LoadedQuiz, String>>);
    leptos::task::spawn_local(async move {
        let _ = loaded.try_set(Some(catalog::load(entry).await));
    });
    let announce = RwSignal::new(String::new());
    let card = move || match loaded.get() {
        None => view! { <p class="loading" aria-busy="true">{msg::QUESTION_LOADING.text()}</p> }.into_any(),
        Some(Err(why)) => problem(msg::QUESTION_FAILED.with(&[("why", &why)])),
        Some(Ok(LoadedQuiz { quiz, .. })) => match find_question(&quiz.questions, &wanted) {
            Some((number, question)) => {
                let context = QuizContext { quiz_id: entry.id, hash: entry.hash, scoring: quiz.scoring, total: quiz.questions.len(), attempt: 0, announce };
                view! { <QuestionCard question=question.clone() number=number context=context saved=None /> }.into_any()
            }
            None => problem(msg::NO_SUCH_QUESTION.with(&[("wanted", &wanted), ("count", &quiz.questions.len())])),
        },
    };
    view! {
        <section class="quiz embedded-question" aria-label=msg::EMBEDDED_LABEL.text() data-testid="embedded-question">
            {card}
            <p class="visually-hidden" role="status" aria-live="polite">{move || announce.get()}</p>
        </section>
    }
}

fn problem(text: String) -> AnyView {
    view! { <p class="load-error" role="alert" data-testid="embed-problem">{text}</p> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_found_by_number_or_id() {
        let quiz = catalog::published_quiz("api-gateway").quiz;
        let second = &quiz.questions[1];
        assert_eq!(find_question(&quiz.questions, "2").map(|(number, q)| (number, q.id.clone())), Some((2, second.id.clone())));
        assert_eq!(find_question(&quiz.questions, &second.id).map(|(number, _)| number), Some(2));
        for missing in ["0", "99", "-1", "", "no-such-question"] {
            assert!(find_question(&quiz.questions, missing).is_none(), "{missing:?}");
        }
    }
}
