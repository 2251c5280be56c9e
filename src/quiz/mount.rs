//! The quiz module's side of the page (see [`crate::modules`]): it draws a view into the place
//! the shell keeps for it (`views/quiz_place.rs`), in place of what is shown there (the view as
//! painted at build time, or a loading note), keeping the scroll position and focus.
//! The module has its own copy of the learner's progress; `storage.rs` keeps the two in step.

use std::any::Any;

use leptos::prelude::*;

use super::page::QuizPage;
use super::progress_panel::ProgressPanel;
use super::storage::provide_progress_store;
use crate::app::PAGE_HEADING_ID;
use crate::quiz_module::QuizModuleView;
use crate::{dom, site, takeover};

/// Set on a place once the module has drawn its view there.
pub const LIVE_ATTRIBUTE: &str = "data-quiz-live";

/// Draws the view named `key` into `parent`; the returned handle takes it down when dropped.
pub fn mount_view(parent: web_sys::HtmlElement, key: &str) -> Result<Box<dyn Any>, String> {
    let view = QuizModuleView::from_key(key).ok_or_else(|| lab_i18n::quiz::NO_SUCH_VIEW.with(&[("key", &key)]))?;
    site::discover_root();
    if let QuizModuleView::Page(quiz_id) = &view {
        adopt_painted_questions(quiz_id);
    }
    let heading_focused = document().active_element().is_some_and(|element| element.id() == PAGE_HEADING_ID);
    let focus_path = takeover::focused_path(&parent);
    let scroll = window().scroll_y().unwrap_or_default();
    parent.set_inner_html("");
    let handle = leptos::mount::mount_to(parent.clone(), move || {
        provide_progress_store();
        match view {
            QuizModuleView::Page(quiz_id) => view! { <QuizPage quiz_id=quiz_id /> }.into_any(),
            QuizModuleView::ProgressPanel => view! { <ProgressPanel /> }.into_any(),
        }
    });
    window().scroll_to_with_x_and_y(0.0, scroll);
    if heading_focused {
        dom::focus_element(PAGE_HEADING_ID);
    } else if let Some(path) = focus_path {
        takeover::refocus(&parent, &path);
    }
    // For tests and styles: the view now answers.
    let _ = parent.set_attribute(LIVE_ATTRIBUTE, "");
    Ok(Box::new(handle))
}

/// A painted quiz page carries its questions in a data block; the page takes them from there
/// instead of downloading them.
fn adopt_painted_questions(quiz_id: &str) {
    let Some(data) = document().get_element_by_id(takeover::QUIZ_DATA_ID) else { return };
    if let (Some(id), Some(json)) = (data.get_attribute("data-quiz"), data.text_content()) {
        if id == quiz_id {
            takeover::adopt_quiz_json(&id, json);
        }
    }
}
