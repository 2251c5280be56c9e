//! The app's addresses live in the URL fragment (`#/lesson/<slug>`), so the built folder works
//! from any sub-path on any static host, with no rewrite rules, and a reload keeps the page.

/// A page of the app, parsed from `location.hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Lesson(String),
    /// A quiz by id: the pre-assessment or a lesson's checkpoint.
    Quiz(String),
    /// Anything else; keeps the fragment so the not-found page can show it.
    NotFound(String),
}

impl Route {
    /// Parses a fragment such as `#/lesson/api-gateway`. Never fails: unknown input is `NotFound`.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.split(['?', '&']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["lesson", slug] if is_slug(slug) => Route::Lesson((*slug).to_string()),
            ["quiz", id] if is_slug(id) => Route::Quiz((*id).to_string()),
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The fragment that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Lesson(slug) => format!("#/lesson/{slug}"),
            Route::Quiz(id) => format!("#/quiz/{id}"),
            Route::NotFound(hash) => hash.clone(),
        }
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fragments_are_home() {
        for hash in ["", "#", "#/", "/"] {
            assert_eq!(Route::from_hash(hash), Route::Home, "{hash:?}");
        }
    }

    #[test]
    fn lesson_fragments_carry_their_slug() {
        assert_eq!(Route::from_hash("#/lesson/api-gateway"), Route::Lesson("api-gateway".into()));
        assert_eq!(Route::from_hash("#/lesson/api-gateway/"), Route::Lesson("api-gateway".into()));
        assert_eq!(Route::from_hash("#/lesson/sagas?step=4"), Route::Lesson("sagas".into()));
    }

    #[test]
    fn anything_else_is_not_found() {
        for hash in ["#/lesson", "#/lesson/", "#/lessons/x", "#/lesson/A", "#/lesson/a/b", "#main", "#/%00", "#/lesson/ü"] {
            assert!(matches!(Route::from_hash(hash), Route::NotFound(_) | Route::Home), "{hash:?}");
            assert_ne!(Route::from_hash(hash), Route::Home, "{hash:?}");
        }
    }

    #[test]
    fn href_round_trips() {
        for route in [Route::Home, Route::Lesson("x-1".into()), Route::Quiz("pre-assessment".into())] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }
}
