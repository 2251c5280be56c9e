//! A lesson's simulation: `scenario.toml` in the lesson folder, in lab-sim's scenario format,
//! plus optional `[[chapter]]` tables (breakpoints that pause playback with a text). It is
//! parsed and validated at build time and handed to the app as JSON, so the browser needs no
//! TOML parser.

use std::fs;
use std::path::Path;

use lab_sim::StepKind;
use serde::{Deserialize, Serialize};

use crate::ContentError;

/// The optional scenario file of a lesson folder.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// A breakpoint: playback pauses at the first step at or after `at_ms`, or at the first step
/// of kind `on`, and the player shows `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<StepKind>,
}

/// A lesson's scenario and chapters, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonScenario {
    pub slug: String,
    pub scenario: lab_sim::Scenario,
    pub chapters: Vec<Chapter>,
}

impl LessonScenario {
    /// The form the app embeds: `{"scenario": ..., "chapters": [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "scenario": self.scenario, "chapters": self.chapters }).to_string()
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
/// chapters are set aside, or a plain lab-sim scenario.
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
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn parse(file: &Path, slug: &str, text: &str) -> Result<LessonScenario, ContentError> {
    let chapters = parse_chapters(file, text)?;
    let scenario = lab_sim::from_toml(&file.display().to_string(), &without_chapters(text))
        .map_err(|error| ContentError::new(file, error.line.unwrap_or(0), error.message))?;
    Ok(LessonScenario { slug: slug.to_string(), scenario, chapters })
}

#[derive(Deserialize)]
struct ChapterList {
    #[serde(default)]
    chapter: Vec<Chapter>,
}

fn parse_chapters(file: &Path, text: &str) -> Result<Vec<Chapter>, ContentError> {
    let list: ChapterList = toml::from_str(text).map_err(|error| {
        let line = error.span().map_or(0, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        ContentError::new(file, line, error.message().to_string())
    })?;
    for (n, chapter) in list.chapter.iter().enumerate() {
        let problem = match (chapter.at_ms, chapter.on) {
            (Some(_), Some(_)) | (None, None) => Some("a chapter needs exactly one of `at_ms` or `on`"),
            (Some(ms), None) if !(ms.is_finite() && ms >= 0.0) => Some("`at_ms` must be a time of 0 or more"),
            _ if chapter.text.trim().is_empty() => Some("a chapter's `text` must not be empty"),
            _ => None,
        };
        if let Some(message) = problem {
            return Err(ContentError::new(file, chapter_line(text, n), message));
        }
    }
    Ok(list.chapter)
}

fn is_chapter_header(line: &str) -> bool {
    line.trim() == "[[chapter]]"
}

/// 1-based line of the `n`-th `[[chapter]]` header.
fn chapter_line(text: &str, n: usize) -> usize {
    text.lines().enumerate().filter(|(_, line)| is_chapter_header(line)).nth(n).map_or(0, |(i, _)| i + 1)
}

/// The scenario text with every `[[chapter]]` table blanked out line by line, so lab-sim
/// (which refuses unknown tables) reports its errors at the file's real line numbers.
fn without_chapters(text: &str) -> String {
    let mut inside = false;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = is_chapter_header(line);
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
        assert_eq!(parsed.chapters.len(), 1);
        assert_eq!(parsed.scenario.components.len(), 2);
        let json: serde_json::Value = serde_json::from_str(&parsed.to_json()).unwrap();
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
}
