//! The sandbox page: a heading and what the sandbox is, painted at build time, and the place
//! the sandbox module (`crates/sandbox`, see [`crate::modules`]) draws into once it arrives.

use lab_i18n::shell as msg;
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

#[component]
pub fn SandboxPage() -> impl IntoView {
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(PlaceState::Waiting);
    let reload = in_browser().then(|| {
        modules::link_player_styles();
        module_place::start_loading(mount_point, Start::AtOnce, state, mount)
    });
    view! {
        <article class="page sandbox-page" aria-labelledby=PAGE_HEADING_ID>
            <h1 id=PAGE_HEADING_ID tabindex="-1">{msg::SANDBOX_TITLE.text()}</h1>
            <p class="lede">{msg::SANDBOX_LEDE.text()}</p>
            <div class="sandbox-place" node_ref=mount_point data-testid="sandbox-place">
                <p class="module-loading" role="status">{msg::SANDBOX_LOADING.text()}</p>
            </div>
            {move || match state.get() {
                PlaceState::Waiting => ().into_any(),
                PlaceState::Failed(why) => view! {
                    <LoadError
                        message=msg::SANDBOX_FAILED.with(&[("why", &why)])
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
        (Some((slug, _)), _) => catalog::find(slug).and_then(|lesson| lesson.sim_file()),
        (_, Some(slug)) => catalog::find_challenge(slug).map(|challenge| challenge.file),
        _ => None,
    };
    let data_url = data_file.map(site::asset).unwrap_or_default();
    // The loading note goes: the sandbox draws in its place.
    parent.set_inner_html("");
    let args = [parent.into(), JsValue::from_str(&hash), JsValue::from_str(&data_url), JsValue::from_str(&site::asset(modules::SANDBOX_STYLESHEET))];
    modules::call(&module, "mount_sandbox", &args).map(Mounted)
}
