//! Paints a page at build time (on the host, by the post-build hook `cargo xtask write-pages`):
//! the same [`Frame`] the app renders, with the same views, so the page a learner reads before
//! any wasm arrives is the page the app then takes over (see [`crate::takeover`]). Links are
//! relative to the page, so they work before the app starts and under any sub-path.

use leptos::prelude::*;

use crate::app::Frame;
use crate::route::Route;
use crate::{quiz, site, takeover};

/// What a page shows beyond the catalog: a lesson's text and its diagram as drawn by the
/// player, or a quiz's questions (its published JSON).
#[derive(Default)]
pub struct Content<'a> {
    pub lesson_text: Option<&'a str>,
    pub preview: Option<&'a str>,
    pub quiz_json: Option<&'a str>,
}

/// The HTML of `route`'s page inside the site's frame (header, main, footer), with links that
/// start with `prefix` (see [`site::prefix_for`]).
pub fn paint(route: &Route, prefix: &str, content: &Content) -> String {
    site::set_prefix(prefix);
    match route {
        Route::Lesson(slug) => {
            if let Some(text) = content.lesson_text {
                takeover::adopt_lesson_text(slug, text.to_string());
            }
            if let Some(preview) = content.preview {
                takeover::adopt_preview(slug, preview.to_string());
            }
        }
        Route::Quiz(id) => {
            if let Some(json) = content.quiz_json {
                takeover::adopt_quiz_json(id, json.to_string());
            }
        }
        Route::Home | Route::Sandbox | Route::NotFound(_) => {}
    }
    // Effects are handed to a pool that never runs: a painted page is the first render only.
    let _ = any_spawner::Executor::init_futures_executor();
    let owner = Owner::new();
    // Painting reads every signal once and tracks none: debug builds would warn at each read
    // (45,000 lines in a build's log, burying what matters).
    let _reads_once = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
    owner.with(|| {
        quiz::storage::provide_blank_progress_store();
        let route = Signal::stored(route.clone());
        view! { <Frame route=route /> }.to_html()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn the_home_page_lists_every_lesson_with_links_relative_to_it() {
        let html = paint(&Route::Home, "", &Content::default());
        for lesson in catalog::LESSONS {
            assert!(html.contains(&format!("href=\"lesson/{}/\"", lesson.slug)), "{}", lesson.slug);
        }
        assert!(html.contains("href=\"quiz/pre-assessment/\""));
    }

    #[test]
    fn a_lesson_page_carries_its_text_and_diagram() {
        let html = paint(
            &Route::Lesson("api-gateway".into()),
            "../../",
            &Content { lesson_text: Some("<p>The text.</p>"), preview: Some("<svg></svg>"), quiz_json: None },
        );
        assert!(html.contains("<p>The text.</p>"), "{html}");
        assert!(html.contains("<svg></svg>"), "{html}");
        assert!(html.contains("href=\"../../\""), "links lead home from two folders down");
        assert!(html.contains("data-lesson-text=\"api-gateway\""));
    }

    #[test]
    fn a_quiz_page_shows_its_questions() {
        let quiz = quiz::catalog::published_quiz("pre-assessment");
        let json = serde_json::to_string(&quiz.quiz).unwrap();
        let html = paint(&Route::Quiz("pre-assessment".into()), "../../", &Content { quiz_json: Some(&json), ..Content::default() });
        let first = &quiz.quiz.questions[0];
        assert!(html.contains(&first.prompt.replace('\'', "&#x27;").replace('"', "&quot;")) || html.contains(&first.prompt), "the first prompt is on the page");
        assert!(html.contains("data-testid=\"question\""));
    }
}
