use leptos::prelude::*;

use lab_i18n::shell as msg;

use crate::route::Route;
use crate::site::href;

/// The site header: the course name, which leads home, and the main navigation.
#[component]
pub fn Header(route: Signal<Route>) -> impl IntoView {
    let on_home = move || (route.get() == Route::Home).then_some("page");
    let on_sandbox = move || (route.get() == Route::Sandbox).then_some("page");
    view! {
        <header class="site-header">
            <a class="brand" href=href(&Route::Home) data-testid="brand">
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
                    <circle cx="5" cy="12" r="3" />
                    <circle cx="19" cy="5" r="3" />
                    <circle cx="19" cy="19" r="3" />
                    <path d="M8 11 L16 6 M8 13 L16 18" />
                </svg>
                <span>{msg::BRAND.text()}</span>
            </a>
            <nav aria-label=msg::NAV_MAIN.text()>
                <ul>
                    <li><a href=href(&Route::Home) aria-current=on_home data-testid="nav-course">{msg::NAV_COURSE.text()}</a></li>
                    <li><a href=href(&Route::Sandbox) aria-current=on_sandbox data-testid="nav-sandbox">{msg::NAV_SANDBOX.text()}</a></li>
                </ul>
            </nav>
        </header>
    }
}
