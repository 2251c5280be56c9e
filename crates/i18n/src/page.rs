//! In the browser: the page's language and its table, which a page of another language loads
//! before any module starts (`<script defer src="messages-vi-<hash>.vi.js">`, which sets
//! `window.labMessages = {"lang": "vi", "table": {…}}`; see [`crate::publish::script`]). Every
//! module (the shell, the player, the quizzes, the sandbox) installs it at start, as each keeps
//! its own copy. The table is read as the JavaScript objects it already is.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::{install_parts, Lang, AREAS, CONTENT_KEY, GLOBAL};

/// Installs the page's language, if it is not English, and returns it. A page without a table,
/// or with one in another shape (only a broken build makes one), shows English.
pub fn install_from_page() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::En };
    let found = member(&window, GLOBAL);
    let Some(lang) = member(&found, "lang").as_string().and_then(|code| Lang::from_code(&code)) else { return Lang::En };
    let table = member(&found, "table");
    let areas = AREAS.iter().map(|area| texts(&member(&table, area))).collect();
    let content = member(&table, CONTENT_KEY);
    let content = if content.is_object() {
        Object::entries(&Object::from(content)).iter().filter_map(|entry| {
            let pair = Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        }).collect()
    } else {
        Vec::new()
    };
    install_parts(lang, areas, content);
    lang
}

fn member(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// An area's texts (an empty list when they are not an array: the English shows).
fn texts(value: &JsValue) -> Vec<String> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    Array::from(value).iter().map(|text| text.as_string().unwrap_or_default()).collect()
}
