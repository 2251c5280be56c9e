//! The quiz module's entry: a wasm module of its own, downloaded when a page shows a view that
//! checks answers (see `lab_app::modules`). Its one export draws such a view; the views live in
//! the library (`src/quiz/`), where the build also paints them.

use std::any::Any;

use wasm_bindgen::prelude::*;

/// A drawn view; `free` (or dropping it) takes it down.
#[wasm_bindgen]
pub struct MountedQuizView {
    _handle: Box<dyn Any>,
}

/// Draws the view named `key` (see `lab_app::quiz_module::QuizModuleView`) into `parent`.
#[wasm_bindgen]
pub fn mount_quiz_view(parent: web_sys::HtmlElement, key: &str) -> Result<MountedQuizView, String> {
    lab_app::quiz::mount::mount_view(parent, key).map(|handle| MountedQuizView { _handle: handle })
}

/// Draws one question of the lesson `lesson`'s checkpoint quiz (`wanted`: its number or id) into
/// `parent`, on the lesson's embed page (see `lab_app::quiz::embedded`).
#[wasm_bindgen]
pub fn mount_question(parent: web_sys::HtmlElement, lesson: &str, wanted: &str) -> Result<MountedQuizView, String> {
    lab_app::quiz::embedded::mount_question(parent, lesson, wanted).map(|handle| MountedQuizView { _handle: handle })
}

fn main() {
    console_error_panic_hook::set_once();
}
