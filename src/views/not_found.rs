use leptos::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::route::Route;
use crate::site::href;

/// Shown for any address the app does not know, with a way back home.
#[component]
pub fn NotFoundPage(address: String) -> impl IntoView {
    view! {
        <section class="page not-found" data-testid="not-found" aria-labelledby=PAGE_HEADING_ID>
            <h1 id=PAGE_HEADING_ID tabindex="-1">"Page not found"</h1>
            <p>"There is no page at " <code>{address}</code> "."</p>
            <p><a href=href(&Route::Home) data-testid="go-home">"Go to the course home"</a></p>
        </section>
    }
}
