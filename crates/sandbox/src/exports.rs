//! What the shell calls in this module, through JavaScript: draw the sandbox into an element.

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::views::Sandbox;

/// The drawn sandbox; `unmount` (or dropping it) takes it down.
#[wasm_bindgen]
pub struct MountedSandbox {
    handle: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl MountedSandbox {
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

fn link_stylesheet(href: &str) {
    let document = document();
    let linked = document.query_selector("link[data-sandbox-styles]").ok().flatten().is_some();
    let Some(head) = document.head() else { return };
    if linked {
        return;
    }
    if let Ok(link) = document.create_element("link") {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", href);
        let _ = link.set_attribute("data-sandbox-styles", "");
        let _ = head.append_child(&link);
    }
}

/// Draws the sandbox into `parent`. `hash` is the page's fragment: a share link
/// (`#sandbox=1.…`) opens the architecture it carries; `#lesson=<slug>&<share link>` opens
/// that lesson's scenario with the share link's parameters, and `#challenge=<slug>` that
/// design challenge, both from the data file at `data_url` (the shell knows its name);
/// otherwise the sandbox kept from the last visit, or a blank canvas.
/// `stylesheet` is the address of the sandbox's styles, linked here unless the page has them.
#[wasm_bindgen]
pub fn mount_sandbox(parent: web_sys::HtmlElement, hash: String, data_url: String, stylesheet: String) -> Result<MountedSandbox, String> {
    link_stylesheet(&stylesheet);
    let handle = leptos::mount::mount_to(parent, move || view! { <Sandbox hash=hash data_url=data_url /> });
    Ok(MountedSandbox { handle: Some(Box::new(handle)) })
}
