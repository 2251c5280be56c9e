//! Turns the lesson folders into Rust data at build time, so the app ships no Markdown or TOML
//! parser. A broken lesson fails the build with its file and line. Lesson texts are not embedded:
//! only the name of each lesson's HTML file, which Trunk's post-build hook writes beside the app
//! (`cargo xtask write-lesson-pages`), so the first download stays small.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, process};

use lab_content::{load_lessons, ContentError, Lesson, LessonScenario};

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
    write_quizzes(&lessons_dir, &lessons);
    if let Some(extra) = env::var_os(EXTRA_LESSONS).map(PathBuf::from) {
        println!("cargo:rerun-if-changed={}", extra.display());
        let more = or_exit(load_lessons(&extra));
        scenarios.extend(self::scenarios(&extra, &more));
        lessons.extend(more);
    }
    write_out("lessons.rs", &generate(&lessons));
    write_scenarios(&scenarios);
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

/// Every quiz as (id, lesson slug or "", content hash, JSON), course quizzes first.
fn write_quizzes(lessons_dir: &Path, lessons: &[Lesson]) {
    let quizzes = or_exit(lab_content::load_quizzes(lessons_dir, lessons));
    let mut code = String::from("pub static QUIZZES: &[(&str, &str, &str, &str)] = &[\n");
    for file in &quizzes {
        let json = serde_json::to_string(&file.quiz).expect("a quiz serializes");
        let lesson = file.lesson.as_deref().unwrap_or_default();
        let _ = writeln!(code, "    ({:?}, {lesson:?}, {:?}, {json:?}),", file.quiz.id, lab_quiz::content_hash(&file.quiz));
    }
    code.push_str("];\n");
    write_out("quizzes.rs", &code);
}

fn generate(lessons: &[Lesson]) -> String {
    let mut code = String::from("pub static LESSONS: &[Lesson] = &[\n");
    for lesson in lessons {
        let front = &lesson.front;
        let _ = writeln!(
            code,
            "    Lesson {{ slug: {:?}, title: {:?}, summary: {:?}, module: {:?}, minutes: {}, page: {:?} }},",
            lesson.slug,
            front.title,
            front.summary,
            front.module,
            front.minutes,
            lesson.page_file()
        );
    }
    code.push_str("];\n");
    code
}

fn scenarios(lessons_dir: &Path, lessons: &[Lesson]) -> Vec<LessonScenario> {
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    or_exit(lab_content::load_scenarios(lessons_dir, &slugs))
}

/// Each lesson's `scenario.toml`, validated here and embedded as JSON for the player, so the
/// app needs no TOML parser.
fn write_scenarios(scenarios: &[LessonScenario]) {
    let mut code = String::from("pub static SCENARIOS: &[(&str, &str)] = &[\n");
    for scenario in scenarios {
        let _ = writeln!(code, "    ({:?}, {:?}),", scenario.slug, scenario.to_json());
    }
    code.push_str("];\n");
    write_out("scenarios.rs", &code);
}
