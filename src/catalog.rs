//! The lessons, as the build describes them (see `build.rs`): titles, modules and minutes, and
//! the names of the files the app downloads when a lesson is opened.

/// A lesson as the app shows it. Its body, HTML rendered from Markdown at build time, is the
/// file `page` beside the app; its simulation, if it has one, the file `sim`; the figures its
/// text places, each by name with its data file.
#[derive(Debug, PartialEq, Eq)]
pub struct Lesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub module: &'static str,
    pub minutes: u32,
    pub page: &'static str,
    pub sim: Option<&'static str>,
    pub figures: &'static [Figure],
}

/// A simulation placed in a lesson's text (`figures/<name>.toml`), mounted where the text puts
/// it (`data-figure="<name>"`).
#[derive(Debug, PartialEq, Eq)]
pub struct Figure {
    pub name: &'static str,
    pub data: &'static str,
}

/// A design challenge, solved in the sandbox: its data file (`challenge-<slug>-<hash>.json`,
/// a `lab_challenge::Challenge`). The lesson it practises links to it from its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Challenge {
    pub slug: &'static str,
    pub file: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// What the page's language says of a lesson: its translated title and files where the page
/// carries them (see `lab_i18n::content`), else the English.
impl Lesson {
    fn translated_field(&self, field: &str) -> Option<&'static str> {
        lab_i18n::content(&format!("lesson/{}/{field}", self.slug))
    }

    pub fn title(&self) -> &'static str {
        self.translated_field("title").unwrap_or(self.title)
    }

    pub fn summary(&self) -> &'static str {
        self.translated_field("summary").unwrap_or(self.summary)
    }

    pub fn module_name(&self) -> &'static str {
        module_name(self.module)
    }

    /// The file of the lesson's text.
    pub fn page_file(&self) -> &'static str {
        self.translated_field("page").unwrap_or(self.page)
    }

    /// The data file of the lesson's simulation.
    pub fn sim_file(&self) -> Option<&'static str> {
        self.sim.map(|english| self.translated_field("sim").unwrap_or(english))
    }

    /// The data file of the figure `name` in the lesson's text.
    pub fn figure_file(&self, name: &str) -> Option<&'static str> {
        let english = self.figures.iter().find(|figure| figure.name == name)?;
        Some(self.translated_field(&format!("figure/{name}")).unwrap_or(english.data))
    }

    /// False when the page is in a language this lesson's text is not yet translated into.
    pub fn is_in_page_language(&self) -> bool {
        lab_i18n::language() == lab_i18n::Lang::En || self.translated_field("translated").is_some()
    }

    /// The `lang` attribute of the lesson's title and text: `en` when they are shown in English
    /// inside another language's page, so screen readers pronounce them right.
    pub fn content_lang(&self) -> Option<&'static str> {
        (!self.is_in_page_language()).then_some("en")
    }
}

/// A module's name in the page's language.
pub fn module_name(english: &'static str) -> &'static str {
    lab_i18n::content(&format!("module/{english}")).unwrap_or(english)
}

pub fn find(slug: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|lesson| lesson.slug == slug)
}

pub fn find_challenge(slug: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|challenge| challenge.slug == slug)
}


/// The build's drawing of a lesson's diagram, published beside its simulation's data file
/// (`sim-<slug>-<hash>.json` → `preview-<slug>-<hash>.html`).
pub fn preview_file_of(sim_file: &str) -> String {
    let stem = sim_file.strip_prefix("sim-").unwrap_or(sim_file);
    format!("preview-{}.html", stem.strip_suffix(".json").unwrap_or(stem))
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

    #[test]
    fn every_simulation_has_a_preview_beside_it() {
        assert_eq!(preview_file_of("sim-api-gateway-00ff.json"), "preview-api-gateway-00ff.html");
        assert!(LESSONS.iter().all(|lesson| lesson.sim.is_some_and(|file| file.starts_with(&format!("sim-{}-", lesson.slug)))));
    }
}
