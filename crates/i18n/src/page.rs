//! In the browser: the page's language and its table, which a page of another language loads
//! before any module starts (`<script defer src="messages-vi-<hash>.js">`, which sets
//! `window.labMessages = {"lang": "vi", "table": {…}}`; see [`crate::publish::script`]). Every
//! module (the shell, the player, the quizzes, the sandbox) installs it at start, as each keeps
//! its own copy.

use crate::{install, Lang, GLOBAL};

/// Installs the page's language, if it is not English, and returns it. A damaged table (only a
/// broken build makes one) leaves the interface in English, with a warning in the console.
pub fn install_from_page() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::En };
    let Ok(found) = js_sys::Reflect::get(&window, &GLOBAL.into()) else { return Lang::En };
    if found.is_undefined() || found.is_null() {
        return Lang::En;
    }
    let member = |name: &str| js_sys::Reflect::get(&found, &name.into()).ok();
    let lang = member("lang").and_then(|code| code.as_string()).and_then(|code| Lang::from_code(&code)).unwrap_or_default();
    let table = member("table").and_then(|table| js_sys::JSON::stringify(&table).ok()).and_then(|text| text.as_string()).unwrap_or_default();
    match install(lang, &table) {
        Ok(()) => lang,
        Err(reason) => {
            web_sys::console::warn_1(&reason.into());
            Lang::En
        }
    }
}
