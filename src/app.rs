use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::catalog;
use crate::components::header::Header;
use crate::offline::{self, UpdateNotice};
use crate::quiz::{self, page::QuizLoading};
use crate::quiz_module::QuizModuleView;
use crate::route::Route;
use crate::views::{home::HomePage, lesson::LessonPage, not_found::NotFoundPage, module_place::Start, quiz_place::QuizPlace, sandbox::SandboxPage};

/// The id of each page's main heading; it receives focus after navigation.
pub const PAGE_HEADING_ID: &str = "page-heading";

/// The root component in the browser: the page the address names, kept in step with it.
#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(crate::site::current_route());
    crate::site::follow_links(route);
    quiz::storage::provide_scores_store();
    manage_focus_and_title(route);
    crate::modules::prefetch_when_idle();
    offline::register_service_worker(&crate::site::root_url());
    view! {
        <Frame route=route.into() />
        <UpdateNotice />
    }
}

/// A page with its header and footer: what the app shows, and what the build paints.
#[component]
pub fn Frame(route: Signal<Route>) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{msg::SKIP_TO_CONTENT.text()}</a>
        <Header route=route />
        <main id="main" tabindex="-1">
            {move || page_for(route.get())}
        </main>
        <footer class="site-footer">
            <p>{msg::FOOTER.text()}</p>
        </footer>
    }
}

fn page_for(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <HomePage /> }.into_any(),
        Route::Lesson(slug) => match catalog::find(&slug) {
            Some(lesson) => view! { <LessonPage lesson=lesson /> }.into_any(),
            None => view! { <NotFoundPage address=Route::Lesson(slug).path() /> }.into_any(),
        },
        Route::Quiz(id) => match quiz::page::title_of(&id) {
            Some(title) => {
                let loading = view! { <QuizLoading title=title /> }.into_any();
                view! { <QuizPlace view=QuizModuleView::Page(id) start=Start::AtOnce fallback=loading /> }.into_any()
            }
            None => view! { <NotFoundPage address=Route::Quiz(id).path() /> }.into_any(),
        },
        Route::Sandbox => view! { <SandboxPage /> }.into_any(),
        Route::NotFound(address) => view! { <NotFoundPage address=address /> }.into_any(),
    }
}

/// After each navigation in place (not the first page), the new page's heading takes focus
/// and the document title follows the page, so keyboard and screen-reader users land on the
/// new content.
fn manage_focus_and_title(route: RwSignal<Route>) {
    Effect::new(move |previous: Option<Route>| {
        let current = route.get();
        crate::dom::set_document_title(&page_title(&current));
        if previous.is_some_and(|previous| previous != current) {
            crate::dom::scroll_to_top();
            crate::dom::focus_element(PAGE_HEADING_ID);
        }
        current
    });
}

/// Whether the course has a page at `route` (an old address naming none shows not found).
pub fn page_exists(route: &Route) -> bool {
    match route {
        Route::Home | Route::Sandbox => true,
        Route::Lesson(slug) => catalog::find(slug).is_some(),
        Route::Quiz(id) => quiz::page::title_of(id).is_some(),
        Route::NotFound(_) => false,
    }
}

/// The document title of a page.
pub fn page_title(route: &Route) -> String {
    let title = match route {
        Route::Home => return msg::BRAND.text().to_string(),
        Route::Lesson(slug) => catalog::find(slug).map(|lesson| lesson.title().to_string()),
        Route::Quiz(id) => quiz::page::title_of(id),
        Route::Sandbox => Some(msg::SANDBOX_TITLE.text().to_string()),
        Route::NotFound(_) => None,
    };
    let page = title.unwrap_or_else(|| msg::PAGE_NOT_FOUND.text().to_string());
    msg::PAGE_TITLE.with(&[("page", &page), ("brand", &msg::BRAND.text())])
}

/// The skip link's target is focused, not only scrolled to, so Tab continues from the page.
fn skip_to_main(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    crate::dom::focus_element("main");
}
