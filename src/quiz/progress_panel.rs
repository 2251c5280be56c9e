//! The learner's progress across the course, with export to a file, import from one (merged,
//! so nothing valid is lost), and a reset that asks first.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::catalog;
use super::progress::Progress;
use super::storage::{use_progress_store, ProgressStore};

const EXPORT_FILE_NAME: &str = "integration-patterns-lab-progress.json";

#[component]
pub fn ProgressPanel() -> impl IntoView {
    let Some(store) = use_progress_store() else {
        return ().into_any();
    };
    let message = RwSignal::new(String::new());
    let confirming_reset = RwSignal::new(false);
    view! {
        <section class="progress-panel" aria-labelledby="progress-heading" data-testid="progress-panel">
            <h2 id="progress-heading">"Your progress"</h2>
            <p data-testid="course-score">{move || course_score_text(store)}</p>
            <div class="progress-actions">
                <button type="button" data-testid="export-progress" on:click=move |_| message.set(export(store))>"Export progress"</button>
                <label class="file-button">
                    "Import progress"
                    <input type="file" accept="application/json,.json" data-testid="import-progress" on:change=move |event| import(event, store, message) />
                </label>
                <button type="button" data-testid="reset-progress" on:click=move |_| confirming_reset.set(true)>"Reset progress"</button>
            </div>
            <Show when=move || confirming_reset.get()>
                <div class="confirm" role="group" aria-label="Confirm reset">
                    <p>"Erase every saved answer in this browser? Export first if you want to keep a copy."</p>
                    <button type="button" data-testid="confirm-reset" on:click=move |_| {
                        store.replace(Progress::default());
                        confirming_reset.set(false);
                        message.set("All saved answers were erased.".to_string());
                    }>"Erase my answers"</button>
                    <button type="button" on:click=move |_| confirming_reset.set(false)>"Keep them"</button>
                </div>
            </Show>
            <p role="status" aria-live="polite" data-testid="progress-message">{move || message.get()}</p>
        </section>
    }
    .into_any()
}

fn course_score_text(store: ProgressStore) -> String {
    let (mut points, mut answered, mut total) = (0.0, 0, 0);
    store.progress.with(|progress| {
        for id in catalog::all_ids() {
            if let Some(quiz) = catalog::find(id) {
                let (quiz_points, quiz_answered) = progress.score(id, quiz.hash);
                points += quiz_points;
                answered += quiz_answered;
                total += quiz.quiz.questions.len();
            }
        }
    });
    format!("Course score: {:.0}% of {total} questions ({answered} answered).", 100.0 * points / total.max(1) as f64)
}

fn export(store: ProgressStore) -> String {
    let json = store.progress.with_untracked(Progress::to_json);
    match download(&json) {
        Ok(()) => format!("Saved {EXPORT_FILE_NAME}. Import it in another browser to continue there."),
        Err(()) => "This browser refused to save the file.".to_string(),
    }
}

fn download(json: &str) -> Result<(), ()> {
    let parts = js_sys_array(json);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    anchor.set_href(&url);
    anchor.set_download(EXPORT_FILE_NAME);
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
            Some(Ok(imported)) => {
                store.change(|progress| progress.merge(imported));
                "Progress imported and merged with this browser's.".to_string()
            }
            _ => "That file is not an exported progress file from this course; nothing was changed.".to_string(),
        };
        message.set(result);
    });
}
