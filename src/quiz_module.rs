//! The quiz module (`src/bin/lab-quizzes.rs`, see [`crate::modules`]): it draws the views that
//! check answers (a quiz page, the progress panel) into an element the shell gives it.

use wasm_bindgen::prelude::*;

use crate::modules::{self, Mounted, QUIZZES};

/// What the quiz module draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuizModuleView {
    /// A quiz's page, by its id.
    Page(String),
    /// The learner's progress across the course, with export, import and reset.
    ProgressPanel,
}

const PANEL_KEY: &str = "progress-panel";
const PAGE_KEY: &str = "quiz:";

impl QuizModuleView {
    /// How the view is named across the boundary and on its place in a painted page.
    pub fn key(&self) -> String {
        match self {
            QuizModuleView::Page(id) => format!("{PAGE_KEY}{id}"),
            QuizModuleView::ProgressPanel => PANEL_KEY.to_string(),
        }
    }

    pub fn from_key(key: &str) -> Option<QuizModuleView> {
        match key.strip_prefix(PAGE_KEY) {
            Some(id) => Some(QuizModuleView::Page(id.to_string())),
            None => (key == PANEL_KEY).then_some(QuizModuleView::ProgressPanel),
        }
    }
}

/// Downloads the module, then has it draw `view` into `parent`.
pub async fn mount(parent: web_sys::HtmlElement, view: &QuizModuleView) -> Result<Mounted, String> {
    let module = modules::load(QUIZZES).await?;
    modules::call(&module, "mount_quiz_view", &[parent.into(), JsValue::from_str(&view.key())]).map(Mounted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_cross_the_boundary_by_key() {
        for view in [QuizModuleView::Page("api-gateway".into()), QuizModuleView::ProgressPanel] {
            assert_eq!(QuizModuleView::from_key(&view.key()), Some(view));
        }
        assert_eq!(QuizModuleView::from_key("something-else"), None);
    }
}
