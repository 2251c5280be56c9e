//! A lesson's design challenge: `challenge/` in the lesson folder holds `challenge.toml` (the
//! brief, objectives, budget, stretch, hints and the solution's explanation, in lab-challenge's
//! format), `start.toml` (the architecture the learner starts from) and `solution.toml` (the
//! worked solution), both in the scenario format. Loading checks the file on its own and then
//! runs it: the start must fail and the solution must earn every star, on every seed.

use std::fs;
use std::path::{Path, PathBuf};

use lab_challenge::{spec_problems, verdict_problems, Challenge, ChallengeSpec, Place};

use crate::quiz::line_of_offset;
use crate::{read_scenario_file, ContentError};

/// The folder of a lesson's challenge, and its three files.
pub const CHALLENGE_DIR: &str = "challenge";
pub const CHALLENGE_FILE: &str = "challenge.toml";
pub const START_FILE: &str = "start.toml";
pub const SOLUTION_FILE: &str = "solution.toml";

/// A challenge and the folder it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonChallenge {
    pub challenge: Challenge,
    pub folder: PathBuf,
}

/// Reads the challenge of every lesson that has one; slugs must be unique in the course.
pub fn load_challenges(dir: &Path, slugs: &[&str]) -> Result<Vec<LessonChallenge>, Vec<ContentError>> {
    let mut found: Vec<LessonChallenge> = Vec::new();
    let mut errors = Vec::new();
    for slug in slugs {
        let folder = dir.join(slug).join(CHALLENGE_DIR);
        if !folder.is_dir() {
            continue;
        }
        match read_challenge(&folder, slug).and_then(checked_by_running) {
            Ok(loaded) if found.iter().any(|other| other.challenge.spec.slug == loaded.challenge.spec.slug) => {
                let file = folder.join(CHALLENGE_FILE);
                errors.push(ContentError::new(&file, 0, format!("another challenge has the slug `{}`", loaded.challenge.spec.slug)));
            }
            Ok(loaded) => found.push(loaded),
            Err(more) => errors.extend(more),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// Reads the challenge in `folder`, which practises the lesson `lesson`, and checks its files
/// (not yet by running it: `lab challenge` grades a challenge being written).
pub fn read_challenge(folder: &Path, lesson: &str) -> Result<LessonChallenge, Vec<ContentError>> {
    let file = folder.join(CHALLENGE_FILE);
    let text = fs::read_to_string(&file).map_err(|error| vec![ContentError::new(&file, 0, format!("cannot read the challenge: {error}"))])?;
    let spec: ChallengeSpec = toml::from_str(&text).map_err(|error| {
        let line = error.span().map_or(0, |span| line_of_offset(&text, span.start));
        vec![ContentError::new(&file, line, error.message().to_string())]
    })?;
    let problems: Vec<ContentError> = spec_problems(&spec).into_iter().map(|(place, message)| ContentError::new(&file, line_of_place(&text, place), message)).collect();
    let scenario = |name: &str| read_scenario_file(&folder.join(name)).map(|lesson| lesson.sim.scenario);
    let (start, solution) = match (scenario(START_FILE), scenario(SOLUTION_FILE)) {
        (Ok(start), Ok(solution)) if problems.is_empty() => (start, solution),
        (start, solution) => return Err(problems.into_iter().chain(start.err()).chain(solution.err()).collect()),
    };
    let challenge = Challenge { lesson: lesson.to_string(), spec, start, solution };
    Ok(LessonChallenge { challenge, folder: folder.to_path_buf() })
}

/// The challenge, if running it shows the start failing and the solution earning every star.
fn checked_by_running(loaded: LessonChallenge) -> Result<LessonChallenge, Vec<ContentError>> {
    let (start_problems, solution_problems) = verdict_problems(&loaded.challenge);
    let at = |name: &str, problems: Vec<String>| problems.into_iter().map(|message| ContentError::new(loaded.folder.join(name), 0, message)).collect::<Vec<_>>();
    let errors: Vec<ContentError> = at(START_FILE, start_problems).into_iter().chain(at(SOLUTION_FILE, solution_problems)).collect();
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

/// The 1-based line a problem's place starts at (0 when it cannot be found).
fn line_of_place(text: &str, place: Place) -> usize {
    let nth_header = |header: &str, n: usize| text.lines().enumerate().filter(|(_, line)| line.trim() == header).nth(n).map_or(0, |(i, _)| i + 1);
    match place {
        Place::Objective(n) => nth_header("[[objective]]", n),
        Place::StretchObjective(n) => nth_header("[[stretch.objective]]", n),
        Place::Key(key) => text
            .lines()
            .position(|line| {
                let line = line.trim();
                line == format!("[{key}]") || line.split('=').next().is_some_and(|name| name.trim() == key) && line.contains('=')
            })
            .map_or(0, |i| i + 1),
    }
}

/// Each lesson's text ends with a link to the challenges that practise it (the sandbox opens
/// the challenge from `#challenge=<slug>`); written into the text at build time, so the shell
/// carries no code for it.
pub fn with_challenge_links(lessons: &mut [crate::Lesson], challenges: &[LessonChallenge]) {
    for lesson in lessons {
        for found in challenges.iter().filter(|found| found.challenge.lesson == lesson.slug) {
            let spec = &found.challenge.spec;
            lesson.html.push_str(&format!(
                "<p class=\"challenge-link\"><a class=\"button-link\" href=\"../../sandbox/#challenge={}\" data-testid=\"challenge-link\">Design challenge: {}</a></p>\n",
                spec.slug,
                crate::markdown::escape(&spec.title)
            ));
        }
    }
}
