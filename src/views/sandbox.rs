//! The sandbox page: a heading and what the sandbox is, painted at build time, and the place
//! the sandbox module (`crates/sandbox`, see [`crate::modules`]) draws into once it arrives.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::catalog;
use crate::route::{sandbox_challenge, sandbox_lesson};
use crate::site;
use crate::components::load_error::LoadError;
use crate::dom::in_browser;
use crate::modules::{self, Mounted, SANDBOX};
use crate::views::module_place::{self, PlaceState, Start};

pub const TITLE: &str = "Sandbox";

#[component]
pub fn SandboxPage() -> impl IntoView {
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(PlaceState::Waiting);
    let reload = in_browser().then(|| module_place::start_loading(mount_point, Start::AtOnce, state, mount));
    view! {
        <article class="page sandbox-page" aria-labelledby=PAGE_HEADING_ID>
            <h1 id=PAGE_HEADING_ID tabindex="-1">{TITLE}</h1>
            <p class="lede">"Compose your own architecture from every component the course uses, link the parts, and run it with the same player as the lessons: step back, break things, compare. Start from a blank canvas or a blueprint; your work is kept in this browser, and you can export it as a scenario file or share it as a link."</p>
            <div class="sandbox-place" node_ref=mount_point data-testid="sandbox-place">
                <p class="module-loading" role="status">"Loading the sandbox…"</p>
            </div>
            {move || match state.get() {
                PlaceState::Waiting => ().into_any(),
                PlaceState::Failed(why) => view! {
                    <LoadError
                        message=format!("The sandbox could not be loaded ({why}). Check your connection.")
                        class="load-error"
                        testid="sandbox-load-error"
                        retry=Callback::new(move |()| if let Some(reload) = reload { reload.run(()) })
                    />
                }
                .into_any(),
            }}
        </article>
    }
}

/// Downloads the module and has it draw the sandbox with the page's fragment (a share link, or
/// a lesson or challenge to start from, whose data file's address comes along: the module
/// fetches it).
async fn mount(parent: web_sys::HtmlElement) -> Result<Mounted, String> {
    let module = modules::load(SANDBOX).await?;
    let hash = window().location().hash().unwrap_or_default();
    let data_file = match (sandbox_lesson(&hash), sandbox_challenge(&hash)) {
        (Some((slug, _)), _) => catalog::find(slug).and_then(|lesson| lesson.sim),
        (_, Some(slug)) => catalog::find_challenge(slug).map(|challenge| challenge.file),
        _ => None,
    };
    let data_url = data_file.map(site::asset).unwrap_or_default();
    // The loading note goes: the sandbox draws in its place.
    parent.set_inner_html("");
    let args = [parent.into(), JsValue::from_str(&hash), JsValue::from_str(&data_url), JsValue::from_str(&site::asset(modules::SANDBOX_STYLESHEET))];
    modules::call(&module, "mount_sandbox", &args).map(Mounted)
}
