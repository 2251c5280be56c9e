use leptos::prelude::*;
use lab_i18n::shell as msg;
use lab_i18n::Lang;

use crate::route::Route;
use crate::site::{href, href_in};

/// Where the learner's choice of language is kept, for the home page to open in it next time.
pub const LANGUAGE_KEY: &str = "lab-language";

/// The site header: the course name, which leads home, the main navigation and the language switch.
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
            <LanguageSwitch route />
        </header>
    }
}

/// Links to the same page in each other language, named in that language. Following one keeps
/// a share link (the fragment) and remembers the choice.
#[component]
fn LanguageSwitch(route: Signal<Route>) -> impl IntoView {
    let others = Lang::ALL.into_iter().filter(|lang| *lang != lab_i18n::language());
    view! {
        <p class="language-switch">
            <span class="visually-hidden">{msg::LANGUAGE_SWITCH.text()}": "</span>
            {others
                .map(|lang| view! {
                    <a
                        href=move || href_in(lang, &route.get())
                        hreflang=lang.code()
                        lang=lang.code()
                        on:click=move |event| keep_fragment_and_remember(&event, lang)
                        data-testid="language-switch"
                    >
                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                            <circle cx="12" cy="12" r="9" />
                            <path d="M3 12 H21 M12 3 C8 7 8 17 12 21 M12 3 C16 7 16 17 12 21" />
                        </svg>
                        {lang.own_name()}
                    </a>
                })
                .collect_view()}
        </p>
    }
}

/// Runs before the browser follows the link: the page's fragment (a share link) goes along, and
/// the language is kept for the next visit.
fn keep_fragment_and_remember(event: &web_sys::MouseEvent, lang: Lang) {
    use wasm_bindgen::JsCast;
    remember_language(lang);
    let hash = window().location().hash().unwrap_or_default();
    let anchor = event.current_target().and_then(|target| target.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let (Some(anchor), false) = (anchor, hash.is_empty()) {
        anchor.set_hash(&hash);
    }
}

/// Keeps `lang` as the learner's language (ignored when storage is unavailable).
pub fn remember_language(lang: Lang) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(LANGUAGE_KEY, lang.code());
    }
}
