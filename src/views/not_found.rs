use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::components::around;
use crate::route::Route;
use crate::site::href;

/// Shown for any address the app does not know, with a way back home.
#[component]
pub fn NotFoundPage(address: String) -> impl IntoView {
    let (before, after) = around(msg::NOT_FOUND_ADDRESS.text(), "address");
    view! {
        <section class="page not-found" data-testid="not-found" aria-labelledby=PAGE_HEADING_ID>
            <h1 id=PAGE_HEADING_ID tabindex="-1">{msg::PAGE_NOT_FOUND.text()}</h1>
            <p>{before}<code>{address}</code>{after}</p>
            <p><a href=href(&Route::Home) data-testid="go-home">{msg::GO_HOME.text()}</a></p>
        </section>
    }
}
