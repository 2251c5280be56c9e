//! A lesson's simulation: `scenario.toml` in the lesson folder, in lab-sim's scenario format,
//! plus optional `[[chapter]]` tables (breakpoints that pause playback with a text) and an
//! optional `[compare]` table (another lesson whose scenario the player runs beside). It is
//! parsed and validated at build time and handed to the app as JSON, so the browser needs no
//! TOML parser.

use std::fs;
use std::path::Path;

pub use lab_sim::lesson::{Chapter, Compare, LessonSim};
use serde::Deserialize;

use crate::ContentError;

/// The optional scenario file of a lesson folder.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// A lesson's simulation (the type the player reads), with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonScenario {
    pub slug: String,
    pub sim: LessonSim,
    /// Line of the `[compare]` header, for errors found once every lesson is loaded.
    compare_line: usize,
    /// Line of each `[[chapter]]` header, in order.
    chapter_lines: Vec<usize>,
    /// Line of each `[[parameter]]` header, in order.
    parameter_lines: Vec<usize>,
}

impl LessonScenario {
    /// The 1-based line of the `n`-th chapter's header (0 if unknown).
    pub fn chapter_line(&self, n: usize) -> usize {
        self.chapter_lines.get(n).copied().unwrap_or(0)
    }

    /// The 1-based line of the `n`-th parameter's header (0 if unknown).
    pub fn parameter_line(&self, n: usize) -> usize {
        self.parameter_lines.get(n).copied().unwrap_or(0)
    }
}

/// Reads `scenario.toml` of the lesson folder `slug` under `dir`, if there is one.
pub fn load_scenario(dir: &Path, slug: &str) -> Result<Option<LessonScenario>, ContentError> {
    let file = dir.join(slug).join(SCENARIO_FILE);
    if !file.exists() {
        return Ok(None);
    }
    let text = fs::read_to_string(&file)
        .map_err(|error| ContentError::new(&file, 0, format!("cannot read the scenario: {error}")))?;
    parse(&file, slug, &text).map(Some)
}

/// Reads a scenario file anywhere (the command-line runner's `lab run`): a lesson's, whose
/// chapters and comparison are set aside, or a plain lab-sim scenario.
pub fn read_scenario_file(file: &Path) -> Result<LessonScenario, ContentError> {
    let text = fs::read_to_string(file)
        .map_err(|error| ContentError::new(file, 0, format!("cannot read the scenario: {error}")))?;
    let slug = file.parent().and_then(Path::file_name).and_then(|name| name.to_str()).unwrap_or_default();
    parse(file, slug, &text)
}

/// Reads every lesson folder's scenario, collecting all problems.
pub fn load_scenarios(dir: &Path, slugs: &[&str]) -> Result<Vec<LessonScenario>, Vec<ContentError>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for slug in slugs {
        match load_scenario(dir, slug) {
            Ok(Some(scenario)) => found.push(scenario),
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    errors.extend(check_comparisons(dir, &found));
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// A `[compare]` must name another lesson that has a scenario.
fn check_comparisons(dir: &Path, found: &[LessonScenario]) -> Vec<ContentError> {
    found
        .iter()
        .filter_map(|lesson| {
            let with = &lesson.sim.compare.as_ref()?.with;
            let message = if *with == lesson.slug {
                "`[compare]` names this lesson itself; name another lesson folder".to_string()
            } else if !found.iter().any(|other| other.slug == *with) {
                format!("`[compare]` names `{with}`, which is not a lesson folder with a {SCENARIO_FILE}")
            } else {
                return None;
            };
            let file = dir.join(&lesson.slug).join(SCENARIO_FILE);
            Some(ContentError::new(&file, lesson.compare_line, message))
        })
        .collect()
}

fn parse(file: &Path, slug: &str, text: &str) -> Result<LessonScenario, ContentError> {
    let extras = parse_extras(file, text)?;
    let scenario = lab_sim::from_toml(&file.display().to_string(), &without_extras(text))
        .map_err(|error| ContentError::new(file, error.line.unwrap_or(0), error.message))?;
    let compare_line = text.lines().position(is_compare_header).map_or(0, |i| i + 1);
    let chapter_lines = header_lines(text, "[[chapter]]");
    for (n, chapter) in extras.chapter.iter().enumerate() {
        if let Some(message) = chapter.problem(&scenario) {
            return Err(ContentError::new(file, chapter_lines.get(n).copied().unwrap_or(0), message));
        }
    }
    let sim = LessonSim { scenario, chapters: extras.chapter, compare: extras.compare };
    let parameter_lines = header_lines(text, "[[parameter]]");
    Ok(LessonScenario { slug: slug.to_string(), sim, compare_line, chapter_lines, parameter_lines })
}

/// The tables a lesson adds to lab-sim's format.
#[derive(Deserialize)]
struct Extras {
    #[serde(default)]
    chapter: Vec<Chapter>,
    #[serde(default)]
    compare: Option<Compare>,
}

fn parse_extras(file: &Path, text: &str) -> Result<Extras, ContentError> {
    toml::from_str(text).map_err(|error| {
        let line = error.span().map_or(0, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        ContentError::new(file, line, error.message().to_string())
    })
}

fn is_chapter_header(line: &str) -> bool {
    line.trim() == "[[chapter]]"
}

fn is_compare_header(line: &str) -> bool {
    line.trim() == "[compare]"
}

/// The 1-based line of every `header` line, in order.
fn header_lines(text: &str, header: &str) -> Vec<usize> {
    text.lines().enumerate().filter(|(_, line)| line.trim() == header).map(|(i, _)| i + 1).collect()
}

/// The scenario text with every `[[chapter]]` and `[compare]` table blanked out line by
/// line, so lab-sim (which refuses unknown tables) reports its errors at the file's real
/// line numbers.
fn without_extras(text: &str) -> String {
    let mut inside = false;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = is_chapter_header(line) || is_compare_header(line);
        }
        if !inside {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = "name = \"x\"\n\n[[chapter]]\nat_ms = 5\ntext = \"Look\"\n\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n\n[[component]]\nname = \"s\"\nkind = \"store\"\n\n[[link]]\nfrom = \"c\"\nto = \"s\"\n";

    #[test]
    fn reads_chapters_and_the_scenario() {
        let parsed = parse(Path::new("s.toml"), "x", SCENARIO).unwrap();
        assert_eq!(parsed.sim.chapters.len(), 1);
        assert_eq!(parsed.sim.scenario.components.len(), 2);
        let json = serde_json::to_value(&parsed.sim).unwrap();
        assert_eq!(json["chapters"][0]["text"], "Look");
        assert_eq!(json["scenario"]["name"], "x");
    }

    #[test]
    fn errors_name_the_line() {
        let bad = SCENARIO.replace("kind = \"store\"", "kind = \"store\"\nlatency = 3");
        let error = parse(Path::new("s.toml"), "x", &bad).unwrap_err();
        assert_eq!(error.line, 13, "{error}"); // lab-sim names the table
        let bad = SCENARIO.replace("at_ms = 5\n", "");
        let error = parse(Path::new("s.toml"), "x", &bad).unwrap_err();
        assert_eq!(error.line, 3, "{error}");
    }

    #[test]
    fn a_compare_table_is_read_stripped_and_checked() {
        let dir = std::env::temp_dir().join(format!("lab-compare-{}", std::process::id()));
        let with_compare = format!("{SCENARIO}\n[compare]\nwith = \"other\"\nlabel = \"This vs that\"\n");
        for (slug, text) in [("this", with_compare.as_str()), ("other", SCENARIO)] {
            fs::create_dir_all(dir.join(slug)).unwrap();
            fs::write(dir.join(slug).join(SCENARIO_FILE), text).unwrap();
        }
        let found = load_scenarios(&dir, &["this", "other"]).unwrap();
        let compare = found[0].sim.compare.as_ref().unwrap();
        assert_eq!((compare.with.as_str(), compare.label.as_str()), ("other", "This vs that"));
        let json = serde_json::to_value(&found[0].sim).unwrap();
        assert_eq!(json["compare"]["with"], "other");
        assert_eq!(found[1].sim.compare, None);

        let errors = load_scenarios(&dir, &["this"]).unwrap_err();
        assert!(errors[0].to_string().contains("`other`, which is not a lesson folder"), "{}", errors[0]);
        assert_eq!(errors[0].line, SCENARIO.lines().count() + 2, "{}", errors[0]);
        let typo = with_compare.replace("with =", "whith =");
        fs::write(dir.join("this").join(SCENARIO_FILE), typo).unwrap();
        let error = load_scenario(&dir, "this").unwrap_err();
        assert!(error.message.contains("whith"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }

}
