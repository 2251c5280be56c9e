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

/// Draws the sandbox into `parent`. `hash` is the page's fragment: a share link
/// (`#sandbox=1.…`) opens the architecture it carries; `#lesson=<slug>&<share link>` opens
/// that lesson's scenario with the share link's parameters, and `#challenge=<slug>` that
/// design challenge, both from the data file at `data_url` (the shell knows its name);
/// otherwise the sandbox kept from the last visit, or a blank canvas.
#[wasm_bindgen]
pub fn mount_sandbox(parent: web_sys::HtmlElement, hash: String, data_url: String) -> Result<MountedSandbox, String> {
    let handle = leptos::mount::mount_to(parent, move || view! { <Sandbox hash=hash data_url=data_url /> });
    Ok(MountedSandbox { handle: Some(Box::new(handle)) })
}
