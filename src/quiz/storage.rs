//! Saved progress in `localStorage`, shared with other tabs. Storage that is disabled, full or
//! damaged gives a message; the app then keeps answers in memory and never loses valid ones.

use lab_i18n::quiz as msg;
use leptos::prelude::*;

use super::progress::{LoadProblem, Progress};
use super::saved_scores::{read_saved_scores, SavedScores};

pub const STORAGE_KEY: &str = "integration-patterns-lab.progress";
/// Unreadable data is moved here instead of being overwritten, so nothing is destroyed.
pub const UNREADABLE_KEY: &str = "integration-patterns-lab.progress.unreadable";

/// The learner's progress and any message about storage, shared through context.
#[derive(Clone, Copy)]
pub struct ProgressStore {
    pub progress: RwSignal<Progress>,
    pub notice: RwSignal<Option<String>>,
}

/// The event each module of the page sends the others when it changed progress (the quiz
/// module and the shell each hold a copy; `storage` events only reach other tabs). Its detail
/// is the progress as JSON, so the copies agree even when storage is blocked.
const CHANGED_EVENT: &str = "lab-progress-changed";

/// Loads progress, provides it to the quiz module's views, and follows changes made in other
/// tabs and by the shell.
pub fn provide_progress_store() -> ProgressStore {
    let (progress, notice) = load();
    let store = ProgressStore { progress: RwSignal::new(progress), notice: RwSignal::new(notice) };
    follow_changes(move |text| {
        if let Ok(progress) = Progress::from_json(&text) {
            set_if_changed(store.progress, progress);
        }
    });
    provide_context(store);
    store
}

/// What the shell keeps of saved progress (see `saved_scores.rs`): it only reads.
#[derive(Clone, Copy)]
pub struct ScoresStore(pub RwSignal<SavedScores>);

/// Reads the saved scores, provides them to the shell's views, and follows changes made in
/// other tabs and by the quiz module. Unreadable data is left for the quiz module to report.
pub fn provide_scores_store() {
    let stored = local_storage().ok().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    let scores = RwSignal::new(stored.and_then(|text| read_saved_scores(&text)).unwrap_or_default());
    follow_changes(move |text| {
        if let Some(read) = read_saved_scores(&text) {
            set_if_changed(scores, read);
        }
    });
    provide_context(ScoresStore(scores));
}

pub fn use_saved_scores() -> Option<ScoresStore> {
    use_context::<ScoresStore>()
}

/// Calls `take` with the progress JSON whenever another tab or the page's other module saves.
fn follow_changes(take: impl Fn(String) + Clone + 'static) {
    let from_storage = take.clone();
    let other_tabs = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(STORAGE_KEY) {
            if let Some(text) = event.new_value() {
                from_storage(text);
            }
        }
    });
    let this_page = window_event_listener(leptos::ev::Custom::<web_sys::CustomEvent>::new(CHANGED_EVENT), move |event| {
        if let Some(text) = event.detail().as_string() {
            take(text);
        }
    });
    on_cleanup(move || {
        other_tabs.remove();
        this_page.remove();
    });
}

/// A store's own announcement comes back to it, and changes nothing.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

/// Empty stores, for painting pages at build time: a painted page shows no one's progress.
#[cfg(not(target_arch = "wasm32"))]
pub fn provide_blank_progress_store() {
    provide_context(ProgressStore { progress: RwSignal::new(Progress::default()), notice: RwSignal::new(None) });
    provide_context(ScoresStore(RwSignal::new(SavedScores::default())));
}

pub fn use_progress_store() -> Option<ProgressStore> {
    use_context::<ProgressStore>()
}

impl ProgressStore {
    /// Changes progress in memory, then writes it and tells the page's other module; a failed
    /// write leaves a message, not a loss.
    pub fn change(&self, change: impl FnOnce(&mut Progress)) {
        self.progress.update(change);
        let json = self.progress.with_untracked(Progress::to_json);
        if let Err(message) = write(&json) {
            self.notice.set(Some(message));
        }
        announce(&json);
    }

    /// Replaces all progress (import or reset).
    pub fn replace(&self, progress: Progress) {
        self.change(|current| *current = progress);
    }
}

pub(super) fn local_storage() -> Result<web_sys::Storage, String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| msg::STORAGE_BLOCKED.text().to_string())
}

fn load() -> (Progress, Option<String>) {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(message) => return (Progress::default(), Some(message)),
    };
    let Ok(Some(text)) = storage.get_item(STORAGE_KEY) else {
        return (Progress::default(), None);
    };
    match Progress::from_json(&text) {
        Ok(progress) => (progress, None),
        Err(problem) => {
            let _ = storage.set_item(UNREADABLE_KEY, &text);
            let message = match problem {
                LoadProblem::Damaged => msg::PROGRESS_UNREADABLE.with(&[("key", &UNREADABLE_KEY)]),
                LoadProblem::NewerVersion(version) => msg::PROGRESS_NEWER.with(&[("version", &version), ("key", &UNREADABLE_KEY)]),
            };
            (Progress::default(), Some(message))
        }
    }
}

fn announce(json: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&wasm_bindgen::JsValue::from_str(json));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(CHANGED_EVENT, &init) {
        let _ = window().dispatch_event(&event);
    }
}

fn write(json: &str) -> Result<(), String> {
    local_storage()?.set_item(STORAGE_KEY, json).map_err(|_| msg::SAVE_FAILED.text().to_string())
}
