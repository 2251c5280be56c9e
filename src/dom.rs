//! Small, failure-tolerant wrappers over the browser APIs the views need. A missing window or
//! element is ignored rather than unwrapped: with `panic = "abort"` a panic would kill the page.

use lab_i18n::shell as msg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// False while the build paints pages on the host, where components only draw.
pub fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// The content of the page's `<meta name=…>` tag (where the build names the site root and
/// each later module's files), if the page has it.
pub fn meta_content(name: &str) -> Option<String> {
    document().query_selector(&format!("meta[name={name}]")).ok().flatten()?.get_attribute("content")
}

pub fn set_document_title(title: &str) {
    document().set_title(title);
}

/// Moves keyboard focus to the element with `id`, so a screen reader announces a new page.
pub fn focus_element(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Scrolls the page to the top, as following a link would.
pub fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Fetches a file served beside the app as text; the error says what went wrong in words.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window().fetch_with_str(url)).await.map_err(|_| msg::NETWORK_FAILED.text())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| msg::NO_RESPONSE.text())?;
    if !response.ok() {
        return Err(msg::SERVER_ANSWERED.with(&[("status", &response.status())]));
    }
    let text = response.text().map_err(|_| msg::RESPONSE_EMPTY.text())?;
    let text = JsFuture::from(text).await.map_err(|_| msg::RESPONSE_UNREADABLE.text())?;
    text.as_string().ok_or_else(|| msg::RESPONSE_NOT_TEXT.text().to_string())
}
