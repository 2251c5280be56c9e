use lab_i18n::{quiz as msg, shell};
use leptos::prelude::*;

use lab_quiz::Quiz;

use super::catalog::{self, LoadedQuiz, QuizEntry};
use super::final_assessment::{FinalAssessment, FINAL_ID};
use super::question::{QuestionCard, QuizContext};
use super::storage::use_progress_store;
use crate::app::PAGE_HEADING_ID;
use crate::dom;
use crate::route::Route;
use crate::site::href;
use crate::views::not_found::NotFoundPage;

/// Which questions are on screen: all of them with their saved answers, or a fresh, reshuffled
/// attempt at the ones answered wrongly.
#[derive(Clone, PartialEq)]
enum Mode {
    ReviewAll,
    RetryWrong { ids: Vec<String>, attempt: u64 },
}

#[component]
pub fn QuizPage(quiz_id: String) -> impl IntoView {
    if quiz_id == FINAL_ID {
        return view! { <FinalAssessment /> }.into_any();
    }
    match catalog::entry(&quiz_id) {
        Some(entry) => match catalog::adopted(entry) {
            Some(loaded) => view! { <QuizView loaded=loaded /> }.into_any(),
            None => view! { <DownloadedQuiz entry=entry /> }.into_any(),
        },
        None => view! { <NotFoundPage address=Route::Quiz(quiz_id).path() /> }.into_any(),
    }
}

/// A quiz opened from another page: its questions are downloaded first.
#[component]
fn DownloadedQuiz(entry: &'static QuizEntry) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<LoadedQuiz, String>>);
    leptos::task::spawn_local(async move {
        let _ = loaded.try_set(Some(catalog::load(entry).await));
    });
    move || match loaded.get() {
        None => view! { <QuizLoading title=entry.title().to_string() /> }.into_any(),
        Some(Ok(quiz)) => view! { <QuizView loaded=quiz /> }.into_any(),
        Some(Err(why)) => view! {
            <section class="page quiz">
                <h1 id=PAGE_HEADING_ID tabindex="-1">{entry.title()}</h1>
                <p class="load-error" role="alert">{msg::QUESTIONS_FAILED.with(&[("why", &why)])}</p>
            </section>
        }
        .into_any(),
    }
}

/// A quiz page while its questions (or the module that shows them) download.
#[component]
pub fn QuizLoading(title: String) -> impl IntoView {
    view! {
        <section class="page quiz" data-testid="quiz-loading">
            <h1 id=PAGE_HEADING_ID tabindex="-1">{title}</h1>
            <p class="loading" aria-busy="true">{msg::QUESTIONS_LOADING.text()}</p>
        </section>
    }
}

/// The title of the quiz `quiz_id`, if there is one.
pub fn title_of(quiz_id: &str) -> Option<String> {
    if quiz_id == FINAL_ID {
        return Some(msg::FINAL_TITLE.text().to_string());
    }
    catalog::entry(quiz_id).map(|entry| entry.title().to_string())
}

/// A quiz's page; `children` come under its heading.
#[component]
pub fn QuizView(loaded: LoadedQuiz, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let LoadedQuiz { id: quiz_id, quiz, lesson, hash } = loaded;
    let announce = RwSignal::new(String::new());
    let mode = RwSignal::new(Mode::ReviewAll);
    let quiz = StoredValue::new(quiz);
    let (scoring, total) = quiz.with_value(|quiz| (quiz.scoring, quiz.questions.len()));
    let retry_wrong = move |_| {
        let wrong = wrong_or_unanswered(quiz, quiz_id, hash);
        let attempt = mode_attempt(mode);
        announce.set(msg::RETRYING.with(&[("count", &wrong.len())]));
        mode.set(Mode::RetryWrong { ids: wrong, attempt });
        focus_first_question();
    };
    let start_again = move |_| {
        if let Some(store) = use_progress_store() {
            store.change(|progress| progress.start_again(quiz_id, hash));
        }
        mode.set(Mode::RetryWrong { ids: quiz.with_value(|quiz| quiz.questions.iter().map(|question| question.id.clone()).collect()), attempt: mode_attempt(mode) });
        announce.set(msg::NEW_ATTEMPT_STARTED.text().to_string());
        focus_first_question();
    };
    let review_all = move |_| {
        mode.set(Mode::ReviewAll);
        announce.set(msg::SHOWING_ALL.text().to_string());
        focus_first_question();
    };
    view! {
        <section class="page quiz" data-testid="quiz" aria-labelledby=PAGE_HEADING_ID>
            <nav class="breadcrumbs" aria-label=shell::BREADCRUMB.text()>
                <a href=href(&Route::Home)>{shell::NAV_COURSE.text()}</a>
                {lesson.map(|slug| view! { <span aria-hidden="true">" › "</span><a href=href(&Route::Lesson(slug.to_string()))>{msg::LESSON_LINK.text()}</a> })}
            </nav>
            <h1 id=PAGE_HEADING_ID tabindex="-1" lang=catalog::entry(quiz_id).and_then(QuizEntry::content_lang)>{quiz.with_value(|quiz| quiz.title.clone())}</h1>
            {children.map(|children| children())}
            <StorageNotice />
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcement">{move || announce.get()}</p>
            <ScoreSummary quiz=quiz quiz_id=quiz_id hash=hash />
            {move || {
                let mode = mode.get();
                let attempt = match &mode { Mode::RetryWrong { attempt, .. } => *attempt, Mode::ReviewAll => 0 };
                let context = QuizContext { quiz_id, hash, scoring, total, attempt, announce };
                let saved = use_progress_store().map(|store| store.progress.with_untracked(|progress| progress.answers_for(quiz_id, hash))).unwrap_or_default();
                quiz.with_value(|quiz| {
                    quiz.questions
                        .iter()
                        .enumerate()
                        .filter(|(_, question)| match &mode { Mode::RetryWrong { ids, .. } => ids.contains(&question.id), Mode::ReviewAll => true })
                        .map(|(index, question)| {
                            let restored = match mode { Mode::ReviewAll => saved.get(&question.id).cloned(), Mode::RetryWrong { .. } => None };
                            view! { <QuestionCard question=question.clone() number=index + 1 context=context saved=restored /> }
                        })
                        .collect_view()
                })
            }}
            <div class="quiz-actions">
                <button type="button" data-testid="retry-wrong" on:click=retry_wrong>{msg::RETRY_WRONG.text()}</button>
                <button type="button" data-testid="review-all" on:click=review_all>{msg::REVIEW_ALL.text()}</button>
                <button type="button" data-testid="start-again" on:click=start_again>{msg::START_AGAIN.text()}</button>
            </div>
        </section>
    }
}

/// The quiz's score from saved progress; it updates as answers are checked, here or in another tab.
#[component]
fn ScoreSummary(quiz: StoredValue<Quiz>, quiz_id: &'static str, hash: &'static str) -> impl IntoView {
    let total = quiz.with_value(|quiz| quiz.questions.len());
    move || {
        let saved = use_progress_store().map(|store| store.progress.with(|progress| (progress.score(quiz_id, hash), progress.first_score(quiz_id, hash))));
        let ((points, answered), first) = saved.unwrap_or(((0.0, 0), None));
        let comparison = first.map(|first| {
            let latest = if answered == total { score_text(points, total) } else { msg::IN_PROGRESS.text().to_string() };
            msg::FIRST_AND_LATEST.with(&[("first", &score_text(first, total)), ("latest", &latest)])
        });
        view! {
            <p class="score" data-testid="score">
                {msg::SCORE.with(&[("score", &score_text(points, total)), ("answered", &answered), ("total", &total)])}
            </p>
            {comparison.map(|text| view! { <p class="score-comparison" data-testid="first-and-latest">{text}</p> })}
        }
    }
}

#[component]
fn StorageNotice() -> impl IntoView {
    move || {
        use_progress_store().and_then(|store| store.notice.get()).map(|notice| {
            view! { <p class="notice" role="alert" data-testid="storage-notice"><span aria-hidden="true">"\u{2139} "</span>{notice}</p> }
        })
    }
}

/// The next attempt's number: each one reshuffles the options.
fn mode_attempt(mode: RwSignal<Mode>) -> u64 {
    match mode.get_untracked() {
        Mode::RetryWrong { attempt, .. } => attempt + 1,
        Mode::ReviewAll => 1,
    }
}

fn wrong_or_unanswered(quiz: StoredValue<Quiz>, quiz_id: &str, hash: &str) -> Vec<String> {
    let saved = use_progress_store().map(|store| store.progress.with_untracked(|progress| progress.answers_for(quiz_id, hash))).unwrap_or_default();
    quiz.with_value(|quiz| {
        quiz.questions
            .iter()
            .filter(|question| !saved.get(&question.id).is_some_and(|answer| answer.fully_right))
            .map(|question| question.id.clone())
            .collect()
    })
}

/// "2.5 of 3 (83%)".
pub fn score_text(points: f64, total: usize) -> String {
    msg::SCORE_TEXT.with(&[("points", &lab_quiz::format_number(points)), ("total", &total), ("percent", &lab_i18n::decimal(100.0 * points / total.max(1) as f64, 0))])
}

/// After the set of questions changes, keyboard focus goes to the first one.
fn focus_first_question() {
    request_animation_frame(|| {
        if let Some(id) = document().query_selector("[data-testid=question] legend").ok().flatten().map(|legend| legend.id()) {
            dom::focus_element(&id);
        }
    });
}
