//! The course content model: reads the lesson folders under `lessons/`, validates them and
//! renders their Markdown to HTML. It runs at build time (from the app's `build.rs`) and in the
//! command-line runner, so no Markdown or TOML parser ships in the browser.

mod challenge;
mod course;
mod error;
mod figure;
mod front_matter;
mod lesson;
mod markdown;
mod published;
mod quiz;
mod scenario;
mod sweep;
mod translation;

pub use challenge::{load_challenges, with_challenge_links, read_challenge, LessonChallenge, CHALLENGE_DIR, CHALLENGE_FILE, SOLUTION_FILE, START_FILE};
pub use course::{load_course, Course, DEFAULT_SEED, LESSON_STEP_BUDGET};
pub use error::ContentError;
pub use figure::{load_all_figures, load_figures, Figure, LessonFigures, FIGURES_DIR};
pub use front_matter::FrontMatter;
pub use lesson::{is_valid_slug, load_lessons, Lesson, LESSON_FILE};
pub use markdown::render_markdown;
pub use published::{challenge_files, content_name, figure_files, gift_file, player_files, quiz_files, Published};
pub use quiz::{course_gift, load_quiz, load_quizzes, QuizFile, COURSE_QUIZ_SUFFIX, QUIZ_FILE};
pub use sweep::Sweep;
pub use translation::{load_module_names, load_translations, placeholders, LessonTexts, LessonTranslation, QuizTranslation, SimTexts, Translations, LANGUAGES, TEXTS_FILE};
pub use scenario::{load_scenario, load_scenarios, read_scenario_file, Chapter, Compare, LessonScenario, SCENARIO_FILE};
