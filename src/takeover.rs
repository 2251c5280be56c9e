//! The app takes over a page painted at build time. The painted page already shows
//! everything a reader needs (see `xtask/src/pages.rs`); the app renders the same page from the
//! same components, then swaps it in within one task, so nothing flashes, the scroll position
//! stays, and focus moves to the same element in the new page. What the painted page carries
//! (a lesson's text, a quiz's questions) is adopted rather than downloaded again. Painting uses
//! the same stores: it puts a lesson's text or a quiz here before rendering the page.

use std::cell::RefCell;

thread_local! {
    static LESSON_TEXT: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    static QUIZ_JSON: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    static PREVIEW: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    static PAINTED_QUIZ_VIEW: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// The id of the painted page's root; the app's root carries the same class.
pub const PAINTED_ROOT_ID: &str = "painted";
/// The element holding a lesson's text (rendered Markdown) in a painted lesson page.
pub const LESSON_TEXT_ATTRIBUTE: &str = "data-lesson-text";
/// The element holding the build's drawing of a lesson's diagram, shown while the player loads.
pub const PREVIEW_ATTRIBUTE: &str = "data-preview";
/// The element holding a lesson's player, naming the simulation's data file.
pub const SIM_ATTRIBUTE: &str = "data-sim";
/// The data block holding a quiz's questions in a painted quiz page.
pub const QUIZ_DATA_ID: &str = "quiz-data";
/// The element holding a view of the quiz module (a quiz page, the progress panel), naming it.
pub const QUIZ_PLACE_ATTRIBUTE: &str = "data-quiz-place";

/// Offers lesson `slug`'s text to its page, which takes it once.
pub fn adopt_lesson_text(slug: &str, html: String) {
    LESSON_TEXT.with(|text| *text.borrow_mut() = Some((slug.to_string(), html)));
}

pub fn take_lesson_text(slug: &str) -> Option<String> {
    take(&LESSON_TEXT, slug)
}

/// Offers quiz `id`'s questions (as published JSON) to its page, which takes them once.
pub fn adopt_quiz_json(id: &str, json: String) {
    QUIZ_JSON.with(|quiz| *quiz.borrow_mut() = Some((id.to_string(), json)));
}

pub fn take_quiz_json(id: &str) -> Option<String> {
    take(&QUIZ_JSON, id)
}

/// Offers lesson `slug`'s diagram, as drawn at build time, to its player's place.
pub fn adopt_preview(slug: &str, html: String) {
    PREVIEW.with(|preview| *preview.borrow_mut() = Some((slug.to_string(), html)));
}

pub fn take_preview(slug: &str) -> Option<String> {
    take(&PREVIEW, slug)
}

/// Offers a quiz module view as painted (by its key) to its place, shown until the module
/// draws it.
pub fn adopt_painted_quiz_view(key: &str, html: String) {
    PAINTED_QUIZ_VIEW.with(|view| *view.borrow_mut() = Some((key.to_string(), html)));
}

pub fn take_painted_quiz_view(key: &str) -> Option<String> {
    take(&PAINTED_QUIZ_VIEW, key)
}

fn take(store: &'static std::thread::LocalKey<RefCell<Option<(String, String)>>>, key: &str) -> Option<String> {
    store.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|(held, _)| held == key) {
            slot.take().map(|(_, value)| value)
        } else {
            None
        }
    })
}

pub use browser::{focused_path, refocus, start, take_started_player};

/// In the browser only.
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::*;
    use crate::route::Route;
    use crate::site;

    /// Starts the app: finds the site root, adopts what the painted page carries, renders the
    /// page and swaps it for the painted one, then marks `lab:shell-ready`.
    pub fn start() {
        site::discover_root();
        // The language of the page the learner opened is the one the home page opens in next time.
        crate::components::header::remember_language(lab_i18n::language());
        if redirect_old_address() {
            return;
        }
        let painted = document().get_element_by_id(PAINTED_ROOT_ID);
        if let Some(painted) = &painted {
            adopt_from(painted);
        }
        let focus_path = painted.as_ref().and_then(focused_path);
        let scroll = window().scroll_y().unwrap_or_default();
        let Ok(root) = document().create_element("div") else { return };
        root.set_class_name("app");
        let Some(body) = document().body() else { return };
        let _ = body.insert_before(&root, painted.as_ref().map(|painted| painted.as_ref()));
        if let Ok(root) = root.clone().dyn_into::<web_sys::HtmlElement>() {
            leptos::mount::mount_to(root, crate::App).forget();
        }
        if let Some(painted) = painted {
            painted.remove();
        }
        window().scroll_to_with_x_and_y(0.0, scroll);
        if let Some(path) = focus_path {
            refocus(&root, &path);
        }
        if let Some(performance) = window().performance() {
            let _ = performance.mark("lab:shell-ready");
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-shell-ready", "");
        }
    }

    /// An address from before lessons had pages (`#/lesson/x?v=1&...` on the home page) is
    /// replaced by the page it names, keeping its share link. True when the browser is
    /// leaving for it.
    fn redirect_old_address() -> bool {
        let hash = window().location().hash().unwrap_or_default();
        let Some((route, fragment)) = Route::from_legacy_hash(&hash) else { return false };
        if !crate::app::page_exists(&route) || site::current_route() != Route::Home {
            return false;
        }
        window().location().replace(&format!("{}{fragment}", site::href(&route))).is_ok()
    }

    thread_local! {
        static STARTED_PLAYER: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
    }

    /// The painted page's player place, holding the player a lesson page started before the
    /// shell came (assets/start-lesson.js), for the app's place to take its nodes, once.
    pub fn take_started_player() -> Option<web_sys::Element> {
        STARTED_PLAYER.with(|slot| slot.borrow_mut().take())
    }

    fn adopt_from(painted: &web_sys::Element) {
        let started = painted.query_selector(&format!("[{SIM_ATTRIBUTE}] .player-mount")).ok().flatten();
        if let Some(mount) = started.filter(|mount| mount.child_element_count() > 0) {
            STARTED_PLAYER.with(|slot| *slot.borrow_mut() = Some(mount));
        }
        if let Some(text) = painted.query_selector(&format!("[{LESSON_TEXT_ATTRIBUTE}]")).ok().flatten() {
            if let Some(slug) = text.get_attribute(LESSON_TEXT_ATTRIBUTE) {
                adopt_lesson_text(&slug, text.inner_html());
            }
        }
        if let Some(preview) = painted.query_selector(&format!("[{PREVIEW_ATTRIBUTE}]")).ok().flatten() {
            if let Some(slug) = preview.get_attribute(PREVIEW_ATTRIBUTE) {
                adopt_preview(&slug, preview.inner_html());
            }
        }
        if let Some(place) = painted.query_selector(&format!("[{QUIZ_PLACE_ATTRIBUTE}]")).ok().flatten() {
            if let Some(key) = place.get_attribute(QUIZ_PLACE_ATTRIBUTE) {
                adopt_painted_quiz_view(&key, place.inner_html());
            }
        }
    }

    /// Where the focused element sits under `root`, as child indexes from it.
    pub fn focused_path(root: &web_sys::Element) -> Option<Vec<u32>> {
        let mut node: web_sys::Element = document().active_element()?;
        let mut path = Vec::new();
        while !node.is_same_node(Some(root)) {
            let parent = node.parent_element()?;
            let children = parent.children();
            let index = (0..children.length()).find(|i| children.item(*i).is_some_and(|child| child.is_same_node(Some(&node))))?;
            path.push(index);
            node = parent;
        }
        path.reverse();
        (!path.is_empty()).then_some(path)
    }

    /// Focuses the element at the same place under `root`, without scrolling.
    pub fn refocus(root: &web_sys::Element, path: &[u32]) {
        let mut node = root.clone();
        for index in path {
            let Some(child) = node.children().item(*index) else { return };
            node = child;
        }
        if let Ok(element) = node.dyn_into::<web_sys::HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
    }
}
