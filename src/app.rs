use leptos::prelude::*;

use crate::catalog;
use crate::components::header::Header;
use crate::dom;
use crate::offline::{self, UpdateNotice};
use crate::quiz::{self, page::QuizPage};
use crate::route::Route;
use crate::views::{home::HomePage, lesson::LessonPage, not_found::NotFoundPage};

/// The id of each page's main heading; it receives focus after navigation.
pub const PAGE_HEADING_ID: &str = "page-heading";
const APP_NAME: &str = "Integration Patterns Lab";

/// The root component: a header, and the page the URL fragment names.
#[component]
pub fn App() -> impl IntoView {
    let route = use_hash_route();
    quiz::storage::provide_progress_store();
    manage_focus_and_title(route);
    offline::register_service_worker(&offline::page_folder());
    view! {
        <a class="skip-link" href="#/" on:click=skip_to_main>"Skip to content"</a>
        <Header route=route />
        <main id="main" tabindex="-1">
            {move || page_for(route.get())}
        </main>
        <footer class="site-footer">
            <p>"Every number in a simulation comes from running it."</p>
        </footer>
        <UpdateNotice />
    }
}

fn page_for(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <HomePage /> }.into_any(),
        Route::Lesson(slug) => match catalog::find(&slug) {
            Some(lesson) => view! { <LessonPage lesson=lesson /> }.into_any(),
            None => view! { <NotFoundPage address=Route::Lesson(slug).href() /> }.into_any(),
        },
        Route::Quiz(id) => view! { <QuizPage quiz_id=id /> }.into_any(),
        Route::NotFound(address) => view! { <NotFoundPage address=address /> }.into_any(),
    }
}

/// The current route, kept in step with `location.hash`.
fn use_hash_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::from_hash(&dom::location_hash()));
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::from_hash(&dom::location_hash()));
    });
    on_cleanup(move || listener.remove());
    route
}

/// After each navigation (not the first load), the new page's heading takes focus and the
/// document title follows the page, so keyboard and screen-reader users land on the new content.
fn manage_focus_and_title(route: ReadSignal<Route>) {
    Effect::new(move |previous: Option<Route>| {
        let current = route.get();
        dom::set_document_title(&page_title(&current));
        if previous.is_some_and(|previous| previous != current) {
            dom::scroll_to_top();
            dom::focus_element(PAGE_HEADING_ID);
        }
        current
    });
}

fn page_title(route: &Route) -> String {
    match route {
        Route::Home => APP_NAME.to_string(),
        Route::Lesson(slug) => match catalog::find(slug) {
            Some(lesson) => format!("{} · {APP_NAME}", lesson.title),
            None => format!("Page not found · {APP_NAME}"),
        },
        Route::Quiz(id) => match quiz::page::title_of(id) {
            Some(title) => format!("{title} · {APP_NAME}"),
            None => format!("Page not found · {APP_NAME}"),
        },
        Route::NotFound(_) => format!("Page not found · {APP_NAME}"),
    }
}

/// The skip link cannot use `#main`: the fragment holds the route.
fn skip_to_main(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    dom::focus_element("main");
}
