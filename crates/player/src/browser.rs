//! The few browser calls the player needs, each tolerant of a missing API: with
//! `panic = "abort"` an unwrap here would kill the page.

use leptos::prelude::*;

/// The learner asked the system for less motion: messages jump, nothing autoplays.
pub fn prefers_reduced_motion() -> bool {
    // The build draws the diagram on the host, where there is no browser to ask.
    if cfg!(not(target_arch = "wasm32")) {
        return false;
    }
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Milliseconds from a monotonic clock, for frame deltas.
pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Puts `hash` in the address bar without a `hashchange` (which would re-render the page).
pub fn replace_hash(hash: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// Moves keyboard focus to the first element matching `css` (HTML or SVG); false if none.
pub fn focus_selector(css: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = document().query_selector(css).ok().flatten() else { return false };
    match element.dyn_into::<web_sys::HtmlElement>() {
        Ok(html) => html.focus().is_ok(),
        Err(element) => element.dyn_into::<web_sys::SvgElement>().is_ok_and(|svg| svg.focus().is_ok()),
    }
}

/// Opens `dialog` as a modal with keyboard focus on its first button (its Close). Done here
/// rather than with `autofocus`, which a frame of another site (an embed) refuses, logging an
/// error.
pub fn show_dialog(dialog: &web_sys::HtmlDialogElement) {
    use wasm_bindgen::JsCast;
    let _ = dialog.show_modal();
    let button = dialog.query_selector("button").ok().flatten().and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        let _ = button.focus();
    }
}
