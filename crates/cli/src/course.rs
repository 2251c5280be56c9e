//! `lab validate` and `lab gift`: the instructor's commands over the `lessons/` folder.

use std::path::{Path, PathBuf};

use lab_content::{load_lessons, load_quizzes, load_scenarios, ContentError, QuizFile};

use crate::Args;

const DEFAULT_LESSONS_DIR: &str = "lessons";

/// Checks every lesson, scenario and quiz, and prints every problem with its file and line.
pub fn validate(args: &[String]) -> Result<(), String> {
    let dir = lessons_dir(args, &[])?;
    let lessons = load_lessons(&dir).map_err(report)?;
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    let scenarios = load_scenarios(&dir, &slugs).map_err(report)?;
    let quizzes = load_quizzes(&dir, &lessons).map_err(report)?;
    let questions: usize = quizzes.iter().map(|file| file.quiz.questions.len()).sum();
    println!(
        "{}: {} lessons, {} scenarios, {} quizzes with {questions} questions: all valid",
        dir.display(),
        lessons.len(),
        scenarios.len(),
        quizzes.len()
    );
    Ok(())
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
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!("{} problem(s):\n{}", errors.len(), lines.join("\n"))
}
