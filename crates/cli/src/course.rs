//! `lab validate` and `lab gift`: the instructor's commands over the `lessons/` folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use lab_content::{load_course, load_lessons, load_quizzes, ContentError, QuizFile, DEFAULT_SEED, LESSON_STEP_BUDGET};

use lab_quiz::{KeyCues, MAX_LONGEST_CORRECT_SHARE, TRUE_SHARE_RANGE};

use crate::Args;

const DEFAULT_LESSONS_DIR: &str = "lessons";

/// Checks every lesson, scenario and quiz, and the course as a whole (links resolve, scenarios
/// run within their bounds, chapters trigger), printing every problem with its file and line.
pub fn validate(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let dir = lessons_dir(args, &[])?;
    let course = load_course(&dir).map_err(report)?;
    let messages = check_messages(&dir)?;
    print_key_cues(&course.quizzes);
    for note in &course.sweep.notes {
        println!("note: {note}");
    }
    let questions: usize = course.quizzes.iter().map(|file| file.quiz.questions.len()).sum();
    let figures: usize = course.figures.iter().map(|lesson| lesson.figures.len()).sum();
    let translations = &course.translations;
    println!(
        "{}: {} lessons, {} scenarios and {figures} figures (each run with seed {DEFAULT_SEED} within its bounds and {LESSON_STEP_BUDGET} steps, every chapter reached; swept at every parameter's ends in {} runs, {} notes), {} quizzes with {questions} questions, {} design challenges (each start fails and each solution earns three stars on every seed), {} lesson translations and {} course quiz translations (each matching its English), {messages}, every link resolves: all valid in {:.1} s",
        dir.display(),
        course.lessons.len(),
        course.scenarios.len(),
        course.sweep.runs,
        course.sweep.notes.len(),
        course.quizzes.len(),
        course.challenges.len(),
        translations.lessons.len(),
        translations.course_quizzes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The interface's message files (`messages/` beside the lessons folder): every key in every
/// language, with the English's placeholders. Returns what was checked, in words.
fn check_messages(lessons: &Path) -> Result<String, String> {
    let messages = lessons.parent().unwrap_or(Path::new(".")).join("messages");
    if !messages.is_dir() {
        return Ok("no interface messages beside the lessons".to_string());
    }
    let problems = lab_i18n::publish::check(&messages);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!("{}\n{} problem(s) in the interface's messages; fix them and run again.", list.join("\n"), problems.len()));
    }
    let count = lab_i18n::publish::count(&messages);
    Ok(format!("{count} interface messages in {} languages (every key in each)", lab_i18n::Lang::ALL.len()))
}

/// How often option length or a true/false key gives the answer away, per quiz and for the
/// course (the thresholds that fail validation are in `lab_quiz::KeyCues`).
fn print_key_cues(quizzes: &[QuizFile]) {
    for file in quizzes {
        println!("{}: {}", file.source.display(), KeyCues::of(&file.quiz).summary());
    }
    let course = KeyCues::of_all(quizzes.iter().map(|file| &file.quiz));
    let (low, high) = TRUE_SHARE_RANGE;
    println!(
        "all quizzes: {} (allowed: longest at most {:.0}%, True between {:.0}% and {:.0}%)",
        course.summary(),
        MAX_LONGEST_CORRECT_SHARE * 100.0,
        low * 100.0,
        high * 100.0
    );
}

/// Writes every quiz in Moodle's GIFT format, to a file or to standard output.
pub fn gift(args: &[String]) -> Result<(), String> {
    let parsed = Args::parse(args, &["out"], &[])?;
    let dir = lessons_dir(args, &["out"])?;
    let lessons = load_lessons(&dir).map_err(report)?;
    let quizzes: Vec<lab_quiz::Quiz> = load_quizzes(&dir, &lessons).map_err(report)?.into_iter().map(|file: QuizFile| file.quiz).collect();
    let text = lab_content::course_gift(&dir, &quizzes);
    match parsed.value("out") {
        Some(out) => {
            std::fs::write(out, &text).map_err(|error| format!("{out}: {error}"))?;
            println!("wrote {} questions from {} quizzes to {out}", quizzes.iter().map(|quiz| quiz.questions.len()).sum::<usize>(), quizzes.len());
            Ok(())
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn lessons_dir(args: &[String], valued: &[&str]) -> Result<PathBuf, String> {
    let parsed = Args::parse(args, valued, &[])?;
    match parsed.positional.as_slice() {
        [] => Ok(PathBuf::from(DEFAULT_LESSONS_DIR)),
        [dir] => Ok(Path::new(dir).to_path_buf()),
        _ => Err("give at most one lessons folder".into()),
    }
}

fn report(errors: Vec<ContentError>) -> String {
    format!("{} problem(s):\n{}", errors.len(), ContentError::list(&errors))
}
