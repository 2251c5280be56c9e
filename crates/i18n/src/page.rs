//! In the browser: the language of the page and its table, which a page of another language
//! carries in `<script type="application/json" id="lab-messages" data-lang="vi">`. Every module
//! (the shell, the player, the quizzes, the sandbox) installs it at start, as each keeps its own.

use crate::{install, Lang, TABLE_ID};

/// Installs the page's language, if it is not English, and returns it. A damaged table (only a
/// broken build makes one) leaves the interface in English, with a warning in the console.
pub fn install_from_page() -> Lang {
    let Some(element) = web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id(TABLE_ID)) else {
        return Lang::En;
    };
    let lang = element.get_attribute("data-lang").and_then(|code| Lang::from_code(&code)).unwrap_or_default();
    match install(lang, &element.text_content().unwrap_or_default()) {
        Ok(()) => lang,
        Err(reason) => {
            web_sys::console::warn_1(&reason.into());
            Lang::En
        }
    }
}
