//! The lessons embedded at build time from `lessons/` (see `build.rs`).

/// A lesson as the app shows it. Its body, HTML rendered from Markdown at build time, is the file
/// `page` beside the app, fetched when the lesson opens.
#[derive(Debug, PartialEq, Eq)]
pub struct Lesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub module: &'static str,
    pub minutes: u32,
    pub page: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

pub fn find(slug: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|lesson| lesson.slug == slug)
}

/// The lessons grouped by module, in course order; a module appears where its first lesson does.
pub fn modules() -> Vec<(&'static str, Vec<&'static Lesson>)> {
    let mut modules: Vec<(&'static str, Vec<&'static Lesson>)> = Vec::new();
    for lesson in LESSONS {
        match modules.iter_mut().find(|(name, _)| *name == lesson.module) {
            Some((_, lessons)) => lessons.push(lesson),
            None => modules.push((lesson.module, vec![lesson])),
        }
    }
    modules
}

/// The lessons before and after `slug` in course order.
pub fn neighbours(slug: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let Some(index) = LESSONS.iter().position(|lesson| lesson.slug == slug) else {
        return (None, None);
    };
    let previous = index.checked_sub(1).and_then(|i| LESSONS.get(i));
    (previous, LESSONS.get(index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_is_in_exactly_one_module() {
        let grouped: usize = modules().iter().map(|(_, lessons)| lessons.len()).sum();
        assert_eq!(grouped, LESSONS.len());
        assert!(LESSONS.len() >= 2);
    }

    #[test]
    fn neighbours_follow_course_order() {
        let first = &LESSONS[0];
        let (previous, next) = neighbours(first.slug);
        assert!(previous.is_none());
        assert_eq!(next.map(|lesson| lesson.slug), Some(LESSONS[1].slug));
        assert_eq!(neighbours("no-such-lesson"), (None, None));
    }
}
