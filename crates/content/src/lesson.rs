use std::fs;
use std::path::{Path, PathBuf};

use crate::front_matter::{self, FrontMatter};
use crate::markdown::render_markdown;
use crate::ContentError;

/// The Markdown file every lesson folder must contain.
pub const LESSON_FILE: &str = "lesson.md";

/// A lesson, validated and ready to embed in the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The folder name; it is also the lesson's address in the app (`#/lesson/<slug>`).
    pub slug: String,
    pub front: FrontMatter,
    pub html: String,
    /// Every file the lesson was read from, so a build can watch them.
    pub sources: Vec<PathBuf>,
}

impl Lesson {
    /// The file the lesson's HTML is published as, beside the app: named by its content, so a
    /// browser may cache it forever and an edited lesson gets a new name. The app downloads a
    /// lesson's text only when the lesson is opened.
    pub fn page_file(&self) -> String {
        crate::published::content_name("lesson", &self.slug, "html", self.html.as_bytes())
    }
}

/// Reads every lesson folder under `dir`, sorted by `order` then slug. Collects all problems
/// instead of stopping at the first, so an author sees every mistake in one run.
pub fn load_lessons(dir: &Path) -> Result<Vec<Lesson>, Vec<ContentError>> {
    let folders = lesson_folders(dir).map_err(|error| vec![error])?;
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for folder in folders {
        match load_lesson(&folder) {
            Ok(lesson) => lessons.push(lesson),
            Err(error) => errors.push(error),
        }
    }
    errors.extend(duplicate_orders(&lessons, dir));
    if lessons.is_empty() && errors.is_empty() {
        errors.push(ContentError::new(dir, 0, "no lesson folders found"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    lessons.sort_by(|a, b| (a.front.order, &a.slug).cmp(&(b.front.order, &b.slug)));
    Ok(lessons)
}

fn lesson_folders(dir: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let entries = fs::read_dir(dir)
        .map_err(|error| ContentError::new(dir, 0, format!("cannot read the lessons folder: {error}")))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    Ok(folders)
}

fn load_lesson(folder: &Path) -> Result<Lesson, ContentError> {
    let slug = folder.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_string();
    let file = folder.join(LESSON_FILE);
    if !is_valid_slug(&slug) {
        return Err(ContentError::new(
            folder,
            0,
            "a lesson folder name must use only lowercase letters, digits and '-' (it becomes the lesson's address)",
        ));
    }
    let text = fs::read_to_string(&file)
        .map_err(|error| ContentError::new(&file, 0, format!("cannot read the lesson: {error}")))?;
    let split = front_matter::split(&text).map_err(|message| ContentError::new(&file, 1, message))?;
    let front = front_matter::parse(&split).map_err(|(line, message)| ContentError::new(&file, line, message))?;
    check_front_matter(&front).map_err(|message| ContentError::new(&file, 0, message))?;
    Ok(Lesson { slug, html: render_markdown(split.body), front, sources: vec![file] })
}

fn check_front_matter(front: &FrontMatter) -> Result<(), String> {
    let blank = [("title", &front.title), ("summary", &front.summary), ("module", &front.module)]
        .into_iter()
        .find(|(_, value)| value.trim().is_empty());
    if let Some((field, _)) = blank {
        return Err(format!("`{field}` must not be empty"));
    }
    if front.minutes == 0 {
        return Err("`minutes` must be at least 1".to_string());
    }
    Ok(())
}

fn duplicate_orders(lessons: &[Lesson], dir: &Path) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for (index, lesson) in lessons.iter().enumerate() {
        if let Some(earlier) = lessons.iter().take(index).find(|other| other.front.order == lesson.front.order) {
            errors.push(ContentError::new(
                dir.join(&lesson.slug).join(LESSON_FILE),
                0,
                format!("`order = {}` is also used by lesson `{}`", lesson.front.order, earlier.slug),
            ));
        }
    }
    errors
}

/// A slug is safe to put in a URL fragment and a file path unchanged.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_lesson(root: &Path, slug: &str, text: &str) {
        fs::create_dir_all(root.join(slug)).unwrap();
        fs::write(root.join(slug).join(LESSON_FILE), text).unwrap();
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-content-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    const GOOD: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\nmodule = \"M\"\norder = 1\nminutes = 5\n+++\n# Hello\n";

    #[test]
    fn loads_the_course_lessons() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
        let lessons = load_lessons(&dir).unwrap_or_else(|errors| {
            panic!("{}", ContentError::list(&errors))
        });
        assert!(lessons.len() >= 2);
        assert!(lessons.windows(2).all(|pair| pair[0].front.order < pair[1].front.order));
    }

    #[test]
    fn reports_every_broken_lesson_with_file_and_line() {
        let dir = temp_dir("broken");
        write_lesson(&dir, "good", GOOD);
        write_lesson(&dir, "bad-toml", "+++\ntitle = \"T\"\nsummary = 3\n+++\n");
        write_lesson(&dir, "Bad_Name", GOOD);
        let errors = load_lessons(&dir).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{text:?}");
        assert!(text.iter().any(|line| line.contains("bad-toml") && line.contains("lesson.md:3:")), "{text:?}");
        assert!(text.iter().any(|line| line.contains("Bad_Name")), "{text:?}");
    }

    #[test]
    fn refuses_duplicate_orders() {
        let dir = temp_dir("dupes");
        write_lesson(&dir, "one", GOOD);
        write_lesson(&dir, "two", GOOD);
        let errors = load_lessons(&dir).unwrap_err();
        assert!(errors[0].message.contains("also used by lesson `one`"), "{errors:?}");
    }

    #[test]
    fn a_page_file_is_named_by_its_content() {
        let lesson = |html: &str| Lesson {
            slug: "api-gateway".into(),
            front: FrontMatter { title: "T".into(), summary: "S".into(), module: "M".into(), order: 1, minutes: 1 },
            html: html.into(),
            sources: vec![],
        };
        let name = lesson("<p>a</p>").page_file();
        assert!(name.starts_with("lesson-api-gateway-") && name.ends_with(".html"), "{name}");
        assert_eq!(name, lesson("<p>a</p>").page_file());
        assert_ne!(name, lesson("<p>b</p>").page_file());
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(is_valid_slug("api-gateway-2"));
        assert!(!is_valid_slug("API"));
        assert!(!is_valid_slug("../x"));
        assert!(!is_valid_slug(""));
    }
}
