//! A lesson's extra simulations: `figures/<name>.toml` in the lesson folder, each in exactly
//! the format of `scenario.toml` (a lab-sim scenario plus optional `[[chapter]]` tables), so
//! the lesson text can show a second or third run where it teaches the matching idea. A
//! figure stands on its own: it may not carry a `[compare]` table (a pair to compare lives
//! side by side in one figure, sharing its workload and seed).

use std::fs;
use std::path::{Path, PathBuf};

use crate::lesson::is_valid_slug;
use crate::scenario::{read_scenario_file, LessonScenario};
use crate::ContentError;

/// The folder of a lesson's figures.
pub const FIGURES_DIR: &str = "figures";

/// One extra simulation of a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The file name without `.toml`: how the lesson text names the figure.
    pub name: String,
    /// Its simulation, with the lines of its chapters and parameters for the sweep's reports.
    pub scenario: LessonScenario,
    /// Where it was read from, for problems found later and for a build to watch.
    pub file: PathBuf,
}

/// The figures of one lesson, sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonFigures {
    pub slug: String,
    pub figures: Vec<Figure>,
}

/// Reads every `figures/*.toml` of the lesson folder `slug` under `dir` (none when there is
/// no such folder), collecting all problems. Files with another extension are left alone.
pub fn load_figures(dir: &Path, slug: &str) -> Result<Vec<Figure>, Vec<ContentError>> {
    let folder = dir.join(slug).join(FIGURES_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let entries = fs::read_dir(&folder)
        .map_err(|error| vec![ContentError::new(&folder, 0, format!("cannot read the figures folder: {error}"))])?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let (figures, errors): (Vec<_>, Vec<_>) = files.iter().map(|file| load_figure(file)).partition(Result::is_ok);
    if errors.is_empty() {
        Ok(figures.into_iter().flatten().collect())
    } else {
        Err(errors.into_iter().filter_map(Result::err).collect())
    }
}

/// Reads the figures of every lesson that has some.
pub fn load_all_figures(dir: &Path, slugs: &[&str]) -> Result<Vec<LessonFigures>, Vec<ContentError>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for slug in slugs {
        match load_figures(dir, slug) {
            Ok(figures) if figures.is_empty() => {}
            Ok(figures) => found.push(LessonFigures { slug: slug.to_string(), figures }),
            Err(more) => errors.extend(more),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn load_figure(file: &Path) -> Result<Figure, ContentError> {
    let name = file.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_string();
    if !is_valid_slug(&name) {
        return Err(ContentError::new(
            file,
            0,
            "a figure's file name must use only lowercase letters, digits and '-' (the lesson text names the figure by it)",
        ));
    }
    let scenario = read_scenario_file(file)?;
    if scenario.sim.compare.is_some() {
        return Err(ContentError::new(
            file,
            0,
            "a figure cannot have a `[compare]` table; put the runs to compare side by side in one figure",
        ));
    }
    Ok(Figure { name, scenario, file: file.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIGURE: &str = "name = \"x\"\n\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n\n[[component]]\nname = \"s\"\nkind = \"store\"\n\n[[link]]\nfrom = \"c\"\nto = \"s\"\n";

    fn lesson_with_figures(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-figures-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let folder = dir.join("lesson").join(FIGURES_DIR);
        fs::create_dir_all(&folder).unwrap();
        for (file, text) in files {
            fs::write(folder.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn figures_are_read_by_name_in_order() {
        let dir = lesson_with_figures("ok", &[("b-run.toml", FIGURE), ("a-run.toml", FIGURE), ("notes.txt", "x")]);
        let figures = load_figures(&dir, "lesson").unwrap();
        let names: Vec<&str> = figures.iter().map(|figure| figure.name.as_str()).collect();
        assert_eq!(names, ["a-run", "b-run"]);
        assert_eq!(figures[0].scenario.sim.scenario.components.len(), 2);
        assert!(load_figures(&dir, "no-such-lesson").unwrap().is_empty());
        let all = load_all_figures(&dir, &["lesson", "other"]).unwrap();
        assert_eq!((all.len(), all[0].slug.as_str(), all[0].figures.len()), (1, "lesson", 2));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_broken_figure_is_reported_with_its_file_and_line() {
        let typo = FIGURE.replace("kind = \"store\"", "kind = \"store\"\nlatncy = 3");
        let compare = format!("{FIGURE}\n[compare]\nwith = \"x\"\nlabel = \"y\"\n");
        let dir = lesson_with_figures("bad", &[("typo.toml", &typo), ("Bad_Name.toml", FIGURE), ("pair.toml", &compare)]);
        let errors = load_figures(&dir, "lesson").unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3, "{text:?}");
        assert!(text.iter().any(|line| line.contains("typo.toml:12:") && line.contains("latncy")), "{text:?}");
        assert!(text.iter().any(|line| line.contains("Bad_Name.toml") && line.contains("file name")), "{text:?}");
        assert!(text.iter().any(|line| line.contains("pair.toml") && line.contains("[compare]")), "{text:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
