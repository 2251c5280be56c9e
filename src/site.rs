//! Where the site is and how the app moves between its pages.
//!
//! Every page is a real file under the site root (see [`crate::route`]). Links are written
//! relative to that root: in a page painted at build time, as a relative path from the page
//! (`../../quiz/x/`), so they work before any wasm arrives and under any sub-path; in the app,
//! as an absolute path (`/course/lab/quiz/x/`), found from the `lab-root` meta tag each page
//! carries. Once the app runs, following a link to another page of the course swaps the page
//! in place (history `pushState`), keeping the app and the player module loaded; Back and
//! Forward work the same way.

use std::cell::RefCell;

use lab_i18n::Lang;

use crate::route::Route;

thread_local! {
    /// What goes before a route's path in a link: `../../` for a painted page, the root's
    /// absolute path in the app.
    static PREFIX: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets where links start from (once at start in the app; per page when painting pages).
pub fn set_prefix(prefix: &str) {
    PREFIX.with(|current| *current.borrow_mut() = prefix.to_string());
}

/// The link to `route`, in the page's language.
pub fn href(route: &Route) -> String {
    href_in(lab_i18n::language(), route)
}

/// The link to `route` in `lang`: Vietnamese pages live under `vi/` (`vi/lesson/sagas/`).
pub fn href_in(lang: Lang, route: &Route) -> String {
    let link = PREFIX.with(|prefix| format!("{}{}{}", prefix.borrow(), language_folder(lang), route.path()));
    if link.is_empty() {
        "./".to_string()
    } else {
        link
    }
}

/// The folder a language's pages live in, relative to the site root: `""` for English, `vi/`.
pub fn language_folder(lang: Lang) -> String {
    match lang {
        Lang::En => String::new(),
        other => format!("{}/", other.code()),
    }
}

/// The route of a path relative to the site root, with the language whose folder holds it
/// (`vi/quiz/final/` is the final assessment in Vietnamese).
pub fn route_and_language(path: &str) -> (Route, Lang) {
    let found = Lang::ALL.into_iter().filter(|lang| *lang != Lang::En).find_map(|lang| path.strip_prefix(&language_folder(lang)).map(|rest| (rest, lang)));
    match found {
        Some((rest, lang)) => (Route::from_path(rest), lang),
        None if Lang::ALL.iter().any(|lang| path == lang.code()) => (Route::Home, Lang::from_code(path).unwrap_or_default()),
        None => (Route::from_path(path), Lang::En),
    }
}

/// The address of a file published at the site root (a lesson's text, a quiz, the player).
pub fn asset(file: &str) -> String {
    PREFIX.with(|prefix| format!("{}{file}", prefix.borrow()))
}

/// The relative path from a page, in the installed language, to the site root: `""` for the
/// English home page, `../../` for an English lesson or quiz page, `../../../` for a Vietnamese one.
pub fn prefix_for(route: &Route) -> String {
    let path = format!("{}{}", language_folder(lab_i18n::language()), route.path());
    "../".repeat(path.matches('/').count())
}

pub use browser::*;

/// In the browser only (painting pages at build time never calls these).
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{set_prefix, PREFIX};
    use crate::route::Route;

    /// The name of the meta tag that tells each page where the site root is.
    const ROOT_META: &str = "lab-root";

    /// Finds the site root from the page's `lab-root` meta tag (the relative path to the root)
    /// and makes links absolute paths from it.
    pub fn discover_root() {
        let relative = crate::dom::meta_content(ROOT_META).unwrap_or_default();
        let here = window().location().href().unwrap_or_default();
        let root = web_sys::Url::new_with_base(if relative.is_empty() { "./" } else { &relative }, &here)
            .map(|url| url.pathname())
            .unwrap_or_else(|_| "/".to_string());
        set_prefix(&root);
    }

    /// The site root as an absolute URL (`https://example.org/course/lab/`).
    pub fn root_url() -> String {
        let here = window().location().href().unwrap_or_default();
        PREFIX.with(|root| web_sys::Url::new_with_base(&root.borrow(), &here).map(|url| url.href()).unwrap_or(here))
    }

    /// The page the address bar shows.
    /// The page the address bar shows. On the home page, an old address that names no page
    /// (`#/lesson/gone`) is shown as not found; old addresses of real pages have been sent there.
    pub fn current_route() -> Route {
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        match route_of_path(&path) {
            Some(Route::Home) => {
                let hash = location.hash().unwrap_or_default();
                match Route::from_legacy_hash(&hash) {
                    Some((old, _)) if !crate::app::page_exists(&old) => Route::NotFound(hash),
                    _ => Route::Home,
                }
            }
            Some(route) => route,
            None => Route::NotFound(path),
        }
    }

    /// The route of an absolute path, if it lies under the site root and is a page in the
    /// language the app shows (a page of another language is a new start, left to the browser).
    fn route_of_path(path: &str) -> Option<Route> {
        let relative = PREFIX.with(|root| path.strip_prefix(root.borrow().as_str()).map(str::to_string))?;
        let (route, lang) = super::route_and_language(&relative);
        (lang == lab_i18n::language()).then_some(route)
    }

    /// Keeps `route` in step with the address bar: links to the course's pages are followed
    /// in place, and Back and Forward show the page they lead to.
    pub fn follow_links(route: RwSignal<Route>) {
        let clicks = window_event_listener(leptos::ev::click, move |event| {
            if let Some((next, url)) = link_to_follow(&event) {
                event.prevent_default();
                pin_head_links();
                if let Ok(history) = window().history() {
                    let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
                route.set(next);
            }
        });
        let history = window_event_listener(leptos::ev::popstate, move |_| route.set(current_route()));
        on_cleanup(move || {
            clicks.remove();
            history.remove();
        });
    }

    /// The head's icon and manifest links are relative to the page first opened; once the app
    /// moves to another address, the browser would resolve them anew against it, so before the
    /// first move they are pinned to the addresses they were loaded from. Setting a link's
    /// address fetches it again, hence not at start (the first download), and only these small
    /// files: a stylesheet keeps the rules it loaded whatever the address becomes.
    fn pin_head_links() {
        let Ok(links) = document().query_selector_all("head link[href]:is([rel~=icon], [rel=manifest], [rel=apple-touch-icon]):not([data-pinned])") else { return };
        for index in 0..links.length() {
            if let Some(link) = links.item(index).and_then(|node| node.dyn_into::<web_sys::HtmlLinkElement>().ok()) {
                link.set_href(&link.href());
                let _ = link.set_attribute("data-pinned", "");
            }
        }
    }

    /// The page a click leads to, when the app can show it in place: a plain left click on a
    /// link to another page of the course. Anything else (new tab, download, another site, a
    /// fragment of this page) is left to the browser.
    fn link_to_follow(event: &web_sys::MouseEvent) -> Option<(Route, String)> {
        if event.default_prevented() || event.button() != 0 || event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key() {
            return None;
        }
        let target: web_sys::Element = event.target()?.dyn_into().ok()?;
        let anchor = target.closest("a[href]").ok()??;
        if anchor.has_attribute("download") || anchor.get_attribute("target").is_some_and(|target| target != "_self") {
            return None;
        }
        let here = window().location();
        let url = web_sys::Url::new_with_base(&anchor.get_attribute("href")?, &here.href().ok()?).ok()?;
        if url.origin() != here.origin().ok()? || url.pathname() == here.pathname().ok()? {
            return None;
        }
        match route_of_path(&url.pathname())? {
            Route::NotFound(_) => None,
            route => Some((route, url.href())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_pages_link_relative_to_themselves() {
        assert_eq!(prefix_for(&Route::Home), "");
        assert_eq!(prefix_for(&Route::Lesson("sagas".into())), "../../");
        set_prefix(&prefix_for(&Route::Quiz("final".into())));
        assert_eq!(href(&Route::Lesson("sagas".into())), "../../lesson/sagas/");
        assert_eq!(href(&Route::Home), "../../");
        set_prefix("");
        assert_eq!(href(&Route::Home), "./");
        assert_eq!(asset("quiz-x.json"), "quiz-x.json");
        set_prefix("/course/lab/");
        assert_eq!(href(&Route::Quiz("x".into())), "/course/lab/quiz/x/");
        assert_eq!(href_in(Lang::Vi, &Route::Quiz("x".into())), "/course/lab/vi/quiz/x/");
        set_prefix("");
        assert_eq!(href_in(Lang::Vi, &Route::Home), "vi/");
        set_prefix("../../");
        assert_eq!(href_in(Lang::En, &Route::Home), "../../");
    }

    #[test]
    fn a_language_folder_holds_the_same_pages() {
        assert_eq!(route_and_language("vi/lesson/sagas/"), (Route::Lesson("sagas".into()), Lang::Vi));
        assert_eq!(route_and_language("vi/"), (Route::Home, Lang::Vi));
        assert_eq!(route_and_language("vi"), (Route::Home, Lang::Vi));
        assert_eq!(route_and_language("lesson/sagas/"), (Route::Lesson("sagas".into()), Lang::En));
        assert!(matches!(route_and_language("vi/nothing/").0, Route::NotFound(_)));
    }

    #[test]
    fn a_vietnamese_page_is_one_folder_deeper() {
        lab_i18n::install(Lang::Vi, "{}").unwrap_or_default();
        assert_eq!(prefix_for(&Route::Lesson("sagas".into())), "../../../");
        assert_eq!(prefix_for(&Route::Home), "../");
        lab_i18n::reset();
        assert_eq!(prefix_for(&Route::Home), "");
    }
}
