//! Saved progress in `localStorage`, shared with other tabs. Storage that is disabled, full or
//! damaged gives a message; the app then keeps answers in memory and never loses valid ones.

use leptos::prelude::*;

use super::progress::{LoadProblem, Progress};

pub const STORAGE_KEY: &str = "integration-patterns-lab.progress";
/// Unreadable data is moved here instead of being overwritten, so nothing is destroyed.
pub const UNREADABLE_KEY: &str = "integration-patterns-lab.progress.unreadable";

/// The learner's progress and any message about storage, shared through context.
#[derive(Clone, Copy)]
pub struct ProgressStore {
    pub progress: RwSignal<Progress>,
    pub notice: RwSignal<Option<String>>,
}

/// Loads progress, provides it to the app, and follows changes made in other tabs.
pub fn provide_progress_store() -> ProgressStore {
    let (progress, notice) = load();
    let store = ProgressStore { progress: RwSignal::new(progress), notice: RwSignal::new(notice) };
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(STORAGE_KEY) {
            return;
        }
        if let Some(progress) = event.new_value().and_then(|text| Progress::from_json(&text).ok()) {
            store.progress.set(progress);
        }
    });
    on_cleanup(move || listener.remove());
    provide_context(store);
    store
}

/// An empty store, for painting pages at build time: a painted page shows no one's progress.
#[cfg(not(target_arch = "wasm32"))]
pub fn provide_blank_progress_store() {
    provide_context(ProgressStore { progress: RwSignal::new(Progress::default()), notice: RwSignal::new(None) });
}

pub fn use_progress_store() -> Option<ProgressStore> {
    use_context::<ProgressStore>()
}

impl ProgressStore {
    /// Changes progress in memory, then writes it; a failed write leaves a message, not a loss.
    pub fn change(&self, change: impl FnOnce(&mut Progress)) {
        self.progress.update(change);
        let json = self.progress.with_untracked(Progress::to_json);
        if let Err(message) = write(&json) {
            self.notice.set(Some(message));
        }
    }

    /// Replaces all progress (import or reset).
    pub fn replace(&self, progress: Progress) {
        self.change(|current| *current = progress);
    }
}

fn local_storage() -> Result<web_sys::Storage, String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "This browser does not let the course save anything (private mode or blocked storage), so your answers are kept only until you close this tab.".to_string())
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
            let why = match problem {
                LoadProblem::Damaged => "could not be read".to_string(),
                LoadProblem::NewerVersion(version) => format!("was saved by another version of the course (format {version})"),
            };
            let message = format!(
                "Your saved progress {why}, so this visit starts fresh. The old data is kept in this browser's storage under \u{201c}{UNREADABLE_KEY}\u{201d}."
            );
            (Progress::default(), Some(message))
        }
    }
}

fn write(json: &str) -> Result<(), String> {
    local_storage()?.set_item(STORAGE_KEY, json).map_err(|_| {
        "Your answers could not be saved (the browser's storage is full or blocked). They are kept until you close this tab; use Export progress to keep a copy.".to_string()
    })
}
