//! `lab challenge`: a design challenge's objectives, and how an architecture (by default the
//! challenge's start) does against them, seed by seed, with its stars.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use lab_challenge::{grade, Grade, ObjectiveGrade};
use lab_content::{read_challenge, read_scenario_file, LessonChallenge, CHALLENGE_DIR, CHALLENGE_FILE, START_FILE};
use lab_quiz::format_number;

use crate::Args;

/// `lab challenge <lesson-or-path> [--try scenario.toml] [--hints]`.
pub fn challenge(args: &[String]) -> Result<(), String> {
    let parsed = Args::parse(args, &["try"], &["hints"])?;
    let [which] = parsed.positional.as_slice() else {
        return Err("usage: lab challenge <lesson-or-path> [--try scenario.toml] [--hints]".to_string());
    };
    let folder = challenge_folder(which);
    let lesson = folder.parent().and_then(Path::file_name).and_then(|name| name.to_str()).unwrap_or_default();
    let loaded = read_challenge(&folder, lesson).map_err(|errors| lab_content::ContentError::list(&errors))?;
    let design_file = parsed.value("try").map_or_else(|| folder.join(START_FILE), PathBuf::from);
    let design = read_scenario_file(&design_file).map_err(|error| error.to_string())?.sim.scenario;
    let graded = grade(&loaded.challenge, &design).map_err(|error| format!("{}: {error}", design_file.display()))?;
    print!("{}", describe(&loaded, parsed.has("hints")));
    print!("{}", report(&design_file, &graded));
    Ok(())
}

/// A lesson folder name (`scalable-webhook`, looked up in `lessons/`), a lesson folder, or a
/// challenge folder.
fn challenge_folder(which: &str) -> PathBuf {
    let path = Path::new(which);
    if path.join(CHALLENGE_FILE).is_file() {
        path.to_path_buf()
    } else if path.join(CHALLENGE_DIR).is_dir() {
        path.join(CHALLENGE_DIR)
    } else {
        Path::new("lessons").join(which).join(CHALLENGE_DIR)
    }
}

fn describe(loaded: &LessonChallenge, hints: bool) -> String {
    let challenge = &loaded.challenge;
    let spec = &challenge.spec;
    let mut out = format!("{} (practises the lesson {}; every objective on seeds 1 to {})\n\n{}\n\n", spec.title, challenge.lesson, spec.seeds, spec.brief);
    let _ = writeln!(out, "Objectives:");
    for objective in &spec.objectives {
        let _ = writeln!(out, "  - {} ({}, {})", objective.text, objective.measure.words(), objective.bound_words());
    }
    let _ = writeln!(out, "Budget: at most {} components (clients not counted) and {} cost units.", spec.budget.components, format_number(spec.budget.cost));
    let _ = writeln!(out, "Third star: {}", spec.stretch.text);
    if !spec.keep.is_empty() {
        let _ = writeln!(out, "Given, not to change: {}, besides the callers, the timed faults and the run's length.", spec.keep.join(", "));
    }
    if hints {
        for (n, hint) in spec.hints.iter().enumerate() {
            let _ = writeln!(out, "Hint {}: {hint}", n + 1);
        }
    }
    out.push('\n');
    out
}

fn report(design_file: &Path, graded: &Grade) -> String {
    let mut out = format!("{}:\n", design_file.display());
    for objective in &graded.objectives {
        out.push_str(&objective_lines(objective));
    }
    for objective in &graded.stretch {
        out.push_str(&objective_lines(objective).replacen("  ", "  stretch: ", 1));
    }
    let _ = writeln!(out, "  {} components, {} cost units: {}", graded.components, format_number(graded.cost), if graded.within_budget { "within budget" } else { "over budget" });
    for changed in &graded.changed_givens {
        let _ = writeln!(out, "  changed: {changed}");
    }
    let _ = writeln!(out, "Stars: {} of 3", graded.stars);
    out
}

/// "  FAIL No webhook is refused (Errors, at most 0): seed 1: 1834 FAIL, seed 2: ..."
fn objective_lines(graded: &ObjectiveGrade) -> String {
    let objective = &graded.objective;
    let figures: Vec<String> = graded
        .figures
        .iter()
        .map(|figure| format!("seed {}: {}{} {}", figure.seed, format_number(figure.value), objective.measure.unit(), verdict(figure.passed)))
        .collect();
    format!("  {} {} ({}, {})\n      {}\n", verdict(graded.passed), objective.text, objective.measure.words(), objective.bound_words(), figures.join(", "))
}

fn verdict(passed: bool) -> &'static str {
    if passed {
        "pass"
    } else {
        "FAIL"
    }
}
