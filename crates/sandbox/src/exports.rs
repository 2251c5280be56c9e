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
/// that lesson's scenario, whose data file the shell passes as `lesson_json`, with the share
/// link's parameters; `#challenge=<slug>` opens that design challenge, whose data file the
/// shell passes as `challenge_json`; otherwise the sandbox kept from the last visit, or a
/// blank canvas.
#[wasm_bindgen]
pub fn mount_sandbox(parent: web_sys::HtmlElement, hash: String, lesson_json: String, challenge_json: String) -> Result<MountedSandbox, String> {
    let handle = leptos::mount::mount_to(parent, move || view! { <Sandbox hash=hash lesson_json=lesson_json challenge_json=challenge_json /> });
    Ok(MountedSandbox { handle: Some(Box::new(handle)) })
}
