//! The app's addresses are real pages: `lesson/<slug>/` and `quiz/<id>/` under the site root,
//! each a folder with an `index.html` written at build time, so any static host serves them
//! with no rewrite rules, at the root or under a sub-path, and a page reads before any wasm
//! has arrived. Addresses made by earlier versions of the app (`#/lesson/<slug>`, share links
//! `#/lesson/<slug>?v=1&...`) are read by [`Route::from_legacy_hash`] and sent to the page.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Lesson(String),
    /// A quiz by id: the pre-assessment, a lesson's checkpoint or the final assessment.
    Quiz(String),
    /// The sandbox, where learners compose their own architecture.
    Sandbox,
    /// Anything else; keeps the address so the not-found page can show it.
    NotFound(String),
}

impl Route {
    /// Parses a path relative to the site root (`lesson/api-gateway/`, `quiz/final/index.html`).
    /// Never fails: unknown input is `NotFound`.
    pub fn from_path(path: &str) -> Route {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["lesson", slug] if is_slug(slug) => Route::Lesson((*slug).to_string()),
            ["quiz", id] if is_slug(id) => Route::Quiz((*id).to_string()),
            ["sandbox"] => Route::Sandbox,
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// An address of the app before lessons had pages (`#/lesson/x?v=1&seed=2`): the page it
    /// names and the fragment to keep (`#v=1&seed=2`, a share link). None when `hash` is not
    /// one (an empty fragment, `#/`, or a lesson page's own share fragment).
    pub fn from_legacy_hash(hash: &str) -> Option<(Route, String)> {
        let rest = hash.strip_prefix("#/")?;
        let (path, query) = rest.split_once(['?', '&']).unwrap_or((rest, ""));
        let route = Route::from_path(path);
        let fragment = if query.is_empty() { String::new() } else { format!("#{query}") };
        (route != Route::Home || !fragment.is_empty()).then_some((route, fragment))
    }

    /// The page's path relative to the site root: `""`, `lesson/<slug>/`, `quiz/<id>/`.
    pub fn path(&self) -> String {
        match self {
            Route::Home => String::new(),
            Route::Lesson(slug) => format!("lesson/{slug}/"),
            Route::Quiz(id) => format!("quiz/{id}/"),
            Route::Sandbox => "sandbox/".to_string(),
            Route::NotFound(path) => path.clone(),
        }
    }
}

/// The sandbox page's fragment that opens a lesson's scenario: `#lesson=<slug>&<share link>`.
pub const SANDBOX_LESSON_KEY: &str = "lesson=";

/// The sandbox page's fragment that opens a design challenge: `#challenge=<slug>`.
pub const SANDBOX_CHALLENGE_KEY: &str = "challenge=";

/// The challenge a sandbox fragment names.
pub fn sandbox_challenge(fragment: &str) -> Option<&str> {
    let slug = fragment.trim_start_matches('#').strip_prefix(SANDBOX_CHALLENGE_KEY)?;
    is_slug(slug).then_some(slug)
}

/// The lesson a sandbox fragment names, and the share link after it (without `&`).
pub fn sandbox_lesson(fragment: &str) -> Option<(&str, &str)> {
    let rest = fragment.trim_start_matches('#').strip_prefix(SANDBOX_LESSON_KEY)?;
    let (slug, share) = rest.split_once('&').unwrap_or((rest, ""));
    is_slug(slug).then_some((slug, share))
}

fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sandbox_fragment_names_a_lesson_and_its_share_link() {
        assert_eq!(sandbox_lesson("#lesson=sagas&v=1&seed=2"), Some(("sagas", "v=1&seed=2")));
        assert_eq!(sandbox_lesson("#lesson=sagas"), Some(("sagas", "")));
        assert_eq!(sandbox_lesson("#lesson=../x"), None);
        assert_eq!(sandbox_lesson("#sandbox=1.abc"), None);
        assert_eq!(sandbox_challenge("#challenge=absorb-the-burst"), Some("absorb-the-burst"));
        assert_eq!(sandbox_challenge("#challenge=<x>"), None);
    }

    #[test]
    fn the_root_is_home() {
        for path in ["", "/", "index.html"] {
            assert_eq!(Route::from_path(path), Route::Home, "{path:?}");
        }
    }

    #[test]
    fn pages_carry_their_slug() {
        assert_eq!(Route::from_path("lesson/api-gateway/"), Route::Lesson("api-gateway".into()));
        assert_eq!(Route::from_path("lesson/api-gateway"), Route::Lesson("api-gateway".into()));
        assert_eq!(Route::from_path("lesson/sagas/index.html"), Route::Lesson("sagas".into()));
        assert_eq!(Route::from_path("quiz/final/"), Route::Quiz("final".into()));
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in ["lesson", "lesson/", "lessons/x/", "lesson/A/", "lesson/a/b/", "%00", "lesson/ü/"] {
            assert!(matches!(Route::from_path(path), Route::NotFound(_)), "{path:?}");
        }
    }

    #[test]
    fn paths_round_trip() {
        for route in [Route::Home, Route::Lesson("x-1".into()), Route::Quiz("pre-assessment".into()), Route::Sandbox] {
            assert_eq!(Route::from_path(&route.path()), route);
        }
    }

    #[test]
    fn old_addresses_name_their_page_and_keep_the_share_link() {
        assert_eq!(Route::from_legacy_hash("#/lesson/api-gateway"), Some((Route::Lesson("api-gateway".into()), String::new())));
        assert_eq!(
            Route::from_legacy_hash("#/lesson/sagas?v=1&seed=7&step=4"),
            Some((Route::Lesson("sagas".into()), "#v=1&seed=7&step=4".into()))
        );
        assert_eq!(Route::from_legacy_hash("#/quiz/pre-assessment"), Some((Route::Quiz("pre-assessment".into()), String::new())));
        assert!(matches!(Route::from_legacy_hash("#/lessons/x"), Some((Route::NotFound(_), _))));
        for not_legacy in ["", "#", "#/", "#v=1&seed=2", "#main"] {
            assert_eq!(Route::from_legacy_hash(not_legacy), None, "{not_legacy:?}");
        }
    }
}
