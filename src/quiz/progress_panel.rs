//! The learner's progress across the course, with export to a file, import from one (merged,
//! so nothing valid is lost), and a reset that asks first.

use lab_i18n::{quiz as msg, shell};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::catalog;
use super::challenge_storage;
use super::final_assessment::FINAL_ID;
use super::page::score_text;
use super::progress::Progress;
use super::storage::{use_progress_store, ProgressStore};
use crate::route::Route;
use crate::site::href;

const EXPORT_FILE_NAME: &str = "integration-patterns-lab-progress.json";
const GIFT_FILE_NAME: &str = "integration-patterns-lab-quizzes.gift";

#[component]
pub fn ProgressPanel() -> impl IntoView {
    let Some(store) = use_progress_store() else {
        return ().into_any();
    };
    let message = RwSignal::new(String::new());
    let confirming_reset = RwSignal::new(false);
    view! {
        <section class="progress-panel" aria-labelledby="progress-heading" data-testid="progress-panel">
            <h2 id="progress-heading">{shell::PROGRESS_HEADING.text()}</h2>
            <p data-testid="course-score">{move || course_score_text(store)}</p>
            <ul class="quiz-scores" data-testid="quiz-scores">{move || quiz_scores(store)}</ul>
            <p data-testid="challenge-summary">{move || { message.track(); challenge_summary_text() }}</p>
            <p><a href=href(&Route::Quiz("final".into())) data-testid="final-link">{msg::FINAL_LINK.text()}</a></p>
            <div class="progress-actions">
                <button type="button" data-testid="export-progress" on:click=move |_| message.set(export(store))>{msg::EXPORT_PROGRESS.text()}</button>
                <label class="file-button">
                    {msg::IMPORT_PROGRESS.text()}
                    <input type="file" accept="application/json,.json" data-testid="import-progress" on:change=move |event| import(event, store, message) />
                </label>
                <button type="button" data-testid="reset-progress" on:click=move |_| confirming_reset.set(true)>{msg::RESET_PROGRESS.text()}</button>
                <a class="button-link" href=crate::site::asset(catalog::GIFT_FILE) download=GIFT_FILE_NAME data-testid="export-gift">{msg::DOWNLOAD_GIFT.text()}</a>
            </div>
            <Show when=move || confirming_reset.get()>
                <div class="confirm" role="group" aria-label=msg::CONFIRM_RESET.text()>
                    <p>{msg::CONFIRM_RESET_QUESTION.text()}</p>
                    <button type="button" data-testid="confirm-reset" on:click=move |_| {
                        store.replace(Progress::default());
                        confirming_reset.set(false);
                        message.set(msg::RESET_DONE.text().to_string());
                    }>{msg::ERASE_ANSWERS.text()}</button>
                    <button type="button" on:click=move |_| confirming_reset.set(false)>{msg::KEEP_ANSWERS.text()}</button>
                </div>
            </Show>
            <p role="status" aria-live="polite" data-testid="progress-message">{move || message.get()}</p>
        </section>
    }
    .into_any()
}

/// A quiz's score as the panel lists it.
struct QuizScore {
    id: String,
    title: String,
    total: usize,
    points: f64,
    answered: usize,
}

/// Every quiz of the course with its saved score, then the final assessment's current draw,
/// if one was made: its answers are saved under the draw's own hash (a new draw starts
/// fresh), which the panel reads from them rather than downloading every checkpoint.
fn scored_quizzes(progress: &Progress) -> Vec<QuizScore> {
    let course = catalog::QUIZZES.iter().map(|entry| (entry.id.to_string(), entry.title().to_string(), entry.hash.to_string(), entry.questions));
    let final_draw = progress.final_draw.as_ref().map(|draw| {
        let hash = progress.quizzes.get(FINAL_ID).map(|saved| saved.hash.clone()).unwrap_or_default();
        (FINAL_ID.to_string(), msg::FINAL_TITLE.text().to_string(), hash, draw.questions.len())
    });
    course
        .chain(final_draw)
        .map(|(id, title, hash, total)| {
            let (points, answered) = progress.score(&id, &hash);
            QuizScore { total, id: id.to_string(), title, points, answered }
        })
        .collect()
}

fn course_score_text(store: ProgressStore) -> String {
    let (mut points, mut answered, mut total) = (0.0, 0, 0);
    for quiz in store.progress.with(scored_quizzes) {
        points += quiz.points;
        answered += quiz.answered;
        total += quiz.total;
    }
    let percent = lab_i18n::decimal(100.0 * points / total.max(1) as f64, 0);
    msg::COURSE_SCORE.with(&[("percent", &percent), ("total", &total), ("answered", &answered)])
}

fn quiz_scores(store: ProgressStore) -> impl IntoView {
    store
        .progress
        .with(scored_quizzes)
        .into_iter()
        .map(|quiz| {
            view! {
                <li data-testid="quiz-score" data-quiz=quiz.id.clone()>
                    <a href=href(&Route::Quiz(quiz.id.clone())) lang=catalog::entry(&quiz.id).and_then(catalog::QuizEntry::content_lang)>{quiz.title}</a>
                    {format!(": {}", msg::QUIZ_SCORE.with(&[("score", &score_text(quiz.points, quiz.total)), ("answered", &quiz.answered)]))}
                </li>
            }
        })
        .collect_view()
}

/// Read again after an import (which may bring stars), by tracking the panel's message.
fn challenge_summary_text() -> String {
    let (solved, stars) = challenge_storage::summary();
    let total = crate::catalog::CHALLENGES.len();
    let max = total * usize::from(super::progress::MAX_STARS);
    msg::CHALLENGE_SUMMARY.with(&[("solved", &solved), ("total", &total), ("stars", &stars), ("max", &max)])
}

/// The quizzes' answers with the design challenges the sandbox keeps in this browser.
fn export(store: ProgressStore) -> String {
    let mut progress = store.progress.get_untracked();
    progress.challenges = challenge_storage::kept();
    let json = progress.to_json();
    match download(EXPORT_FILE_NAME, "application/json", &json) {
        Ok(()) => msg::EXPORT_SAVED.with(&[("file", &EXPORT_FILE_NAME)]),
        Err(()) => msg::EXPORT_REFUSED.text().to_string(),
    }
}

fn download(file_name: &str, mime: &str, text: &str) -> Result<(), ()> {
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = web_sys::js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// Reads the chosen file and merges it: for each question the better saved answer wins.
fn import(event: leptos::ev::Event, store: ProgressStore, message: RwSignal<String>) {
    let Some(file) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|value| value.as_string());
        let result = match text.map(|text| Progress::from_json(&text)) {
            Some(Ok(mut imported)) => {
                challenge_storage::restore(std::mem::take(&mut imported.challenges));
                store.change(|progress| progress.merge(imported));
                msg::IMPORT_MERGED.text()
            }
            _ => msg::IMPORT_REFUSED.text(),
        };
        message.set(result.to_string());
    });
}
