//! The quiz module's entry: a wasm module of its own, downloaded when a page shows a view that
//! checks answers (see `lab_app::modules`). Its one export draws such a view; the views live in
//! the library (`src/quiz/`), where the build also paints them.

use std::any::Any;

use lab_app::quiz::progress::Progress;
use lab_app::quiz::scorm::{self, ScormCourse};
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

/// The SCORM package's launch page (written only into the package, see `cargo xtask scorm`)
/// asks the quiz module to read `cmi.suspend_data` back into the progress the course keeps in
/// browser storage: the progress as JSON, or why it could not be read.
#[wasm_bindgen]
pub fn scorm_restore(suspend_data: &str, course_json: &str) -> Result<String, String> {
    let course = read_course(course_json)?;
    scorm::decode(suspend_data, &course).map(|progress| progress.to_json())
}

/// What the launch page sends the LMS for the progress in browser storage (`progress_json`,
/// empty when there is none): the status, the score and the suspend data, as JSON.
#[wasm_bindgen]
pub fn scorm_report(progress_json: &str, course_json: &str, mastery_score: f64) -> Result<String, String> {
    let course = read_course(course_json)?;
    let progress = match progress_json {
        "" => Progress::default(),
        text => Progress::from_json(text).map_err(|_| lab_i18n::quiz::SCORM_STORAGE_UNREADABLE.text())?,
    };
    serde_json::to_string(&scorm::report(&progress, &course, mastery_score)).map_err(|error| error.to_string())
}

fn read_course(course_json: &str) -> Result<ScormCourse, String> {
    serde_json::from_str(course_json).map_err(|_| lab_i18n::quiz::SCORM_COURSE_UNREADABLE.text().to_string())
}

/// Draws one question of the lesson `lesson`'s checkpoint quiz (`wanted`: its number or id) into
/// `parent`, on the lesson's embed page (see `lab_app::quiz::embedded`).
#[wasm_bindgen]
pub fn mount_question(parent: web_sys::HtmlElement, lesson: &str, wanted: &str) -> Result<MountedQuizView, String> {
    lab_app::quiz::embedded::mount_question(parent, lesson, wanted).map(|handle| MountedQuizView { _handle: handle })
}

fn main() {
    console_error_panic_hook::set_once();
    lab_i18n::install_from_page();
}
