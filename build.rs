//! Turns the lesson folders into the app's catalog at build time: titles, minutes and the names
//! of the files the app downloads when a page needs them (a lesson's text, its simulation, a
//! quiz). No prose, scenario or question is compiled into the app, so the first download stays
//! small, and the app ships no Markdown or TOML parser. A broken lesson fails the build with its
//! file and line. The files themselves are written beside the app by Trunk's post-build hook
//! (`cargo xtask write-pages`), through the same lab-content functions, so the names agree.

// A build script fails by panicking: cargo stops the build and prints the message. Only the
// two variables cargo always sets, and writing into its own OUT_DIR, are expected.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, process};

use lab_content::{load_lessons, ContentError, Lesson, LessonFigures, LessonScenario, Published, QuizFile};

/// A second lessons folder, added to the course only when set: the browser benchmark's big
/// scenarios (`xtask/bench-lessons/`) must never ship in the product.
const EXTRA_LESSONS: &str = "LAB_EXTRA_LESSONS";

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let lessons_dir = Path::new(&manifest_dir).join("lessons");
    println!("cargo:rerun-if-changed={}", lessons_dir.display());
    println!("cargo:rerun-if-env-changed={EXTRA_LESSONS}");
    let mut lessons = or_exit(load_lessons(&lessons_dir));
    let mut scenarios = scenarios(&lessons_dir, &lessons);
    let mut figures = figures(&lessons_dir, &lessons);
    let quizzes = or_exit(lab_content::load_quizzes(&lessons_dir, &lessons));
    if let Some(extra) = env::var_os(EXTRA_LESSONS).map(PathBuf::from) {
        println!("cargo:rerun-if-changed={}", extra.display());
        let more = or_exit(load_lessons(&extra));
        scenarios.extend(self::scenarios(&extra, &more));
        figures.extend(self::figures(&extra, &more));
        lessons.extend(more);
    }
    let sims = lab_content::player_files(&scenarios);
    let figure_files = lab_content::figure_files(&figures);
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    let challenges = or_exit(lab_content::load_challenges(&lessons_dir, &slugs));
    lab_content::with_challenge_links(&mut lessons, &challenges);
    let mut lesson_code = lesson_catalog(&lessons, &sims, &figure_files);
    lesson_code.push_str(&challenge_catalog(&challenges, &lab_content::challenge_files(&challenges)));
    write_out("lessons.rs", &lesson_code);
    let mut quiz_code = quiz_catalog(&quizzes, &lab_content::quiz_files(&quizzes));
    let _ = writeln!(quiz_code, "pub static GIFT_FILE: &str = {:?};", lab_content::gift_file(&lessons_dir, &quizzes).file);
    write_out("quizzes.rs", &quiz_code);
}

/// A broken lesson, scenario or quiz stops the build with every problem as `file:line: message`.
fn or_exit<T>(loaded: Result<T, Vec<ContentError>>) -> T {
    loaded.unwrap_or_else(|errors| {
        for error in &errors {
            eprintln!("error: {error}");
        }
        eprintln!("{} problem(s) in lessons/; fix them and build again.", errors.len());
        process::exit(1);
    })
}

fn write_out(file: &str, code: &str) {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(file);
    fs::write(&out, code).expect("OUT_DIR is writable");
}

fn file_of<'a>(published: &'a [Published], key: &str) -> Option<&'a str> {
    published.iter().find(|file| file.key == key).map(|file| file.file.as_str())
}

fn lesson_catalog(lessons: &[Lesson], sims: &[Published], figures: &[Published]) -> String {
    static_array(
        "LESSONS: &[Lesson]",
        lessons.iter().map(|lesson| {
            let front = &lesson.front;
            format!(
                "Lesson {{ slug: {:?}, title: {:?}, summary: {:?}, module: {:?}, minutes: {}, page: {:?}, sim: {:?}, figures: &[{}] }}",
                lesson.slug,
                front.title,
                front.summary,
                front.module,
                front.minutes,
                lesson.page_file(),
                file_of(sims, &lesson.slug),
                figures_of(figures, &lesson.slug),
            )
        }),
    )
}

/// Every design challenge's slug and data file.
fn challenge_catalog(challenges: &[lab_content::LessonChallenge], files: &[Published]) -> String {
    static_array(
        "CHALLENGES: &[Challenge]",
        challenges.iter().map(|found| {
            let slug = &found.challenge.spec.slug;
            format!("Challenge {{ slug: {slug:?}, file: {:?} }}", file_of(files, slug).unwrap_or_default())
        }),
    )
}

/// `Figure { name, data }` for each of the lesson's figures (keyed `<slug>/<name>`).
fn figures_of(figures: &[Published], slug: &str) -> String {
    let prefix = format!("{slug}/");
    figures
        .iter()
        .filter_map(|figure| Some(format!("Figure {{ name: {:?}, data: {:?} }}", figure.key.strip_prefix(&prefix)?, figure.file)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every quiz's title, question count, content hash and data file, course quizzes first.
fn quiz_catalog(quizzes: &[QuizFile], files: &[Published]) -> String {
    static_array(
        "QUIZZES: &[QuizEntry]",
        quizzes.iter().map(|file| {
            let quiz = &file.quiz;
            format!(
                "QuizEntry {{ id: {:?}, title: {:?}, lesson: {:?}, hash: {:?}, questions: {}, file: {:?} }}",
                quiz.id,
                quiz.title,
                file.lesson.as_deref(),
                lab_quiz::content_hash(quiz),
                quiz.questions.len(),
                file_of(files, &quiz.id).unwrap_or_default(),
            )
        }),
    )
}

/// `pub static <declaration> = &[...];` with one element a line.
fn static_array(declaration: &str, elements: impl Iterator<Item = String>) -> String {
    let mut code = format!("pub static {declaration} = &[\n");
    for element in elements {
        let _ = writeln!(code, "    {element},");
    }
    code.push_str("];\n");
    code
}

fn scenarios(lessons_dir: &Path, lessons: &[Lesson]) -> Vec<LessonScenario> {
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    or_exit(lab_content::load_scenarios(lessons_dir, &slugs))
}

fn figures(lessons_dir: &Path, lessons: &[Lesson]) -> Vec<LessonFigures> {
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    or_exit(lab_content::load_all_figures(lessons_dir, &slugs))
}
