//! The few browser calls the player needs, each tolerant of a missing API: with
//! `panic = "abort"` an unwrap here would kill the page.

use leptos::prelude::*;

/// The learner asked the system for less motion: messages jump, nothing autoplays.
pub fn prefers_reduced_motion() -> bool {
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
