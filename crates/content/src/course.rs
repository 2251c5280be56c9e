//! The whole course checked at once: what `lab validate` and the content tests run. Beyond
//! each file parsing on its own, the course must hold together: every link inside a lesson
//! resolves, every scenario and figure runs to its end within its bounds and a size the
//! browser re-runs comfortably, and every chapter breakpoint is reached in the default run and
//! stays true at every parameter's ends (the sweep, in `sweep.rs`).

use std::fs;
use std::path::Path;

use lab_sim::lesson::LessonSim;
use lab_sim::text_action::{self, TextAction};
use pulldown_cmark::{Event, Parser, Tag};

use crate::sweep::{sweep, Sweep};
use crate::{
    load_all_figures, load_challenges, load_lessons, load_quizzes, load_scenarios, load_translations, ContentError, Lesson,
    LessonChallenge, LessonFigures, LessonScenario, QuizFile, Translations, LESSON_FILE, SCENARIO_FILE,
};

/// The seed the player opens a lesson with.
pub const DEFAULT_SEED: u64 = 1;

/// Most steps a lesson's default run may record: the player re-runs the whole simulation on
/// every parameter change, and must show the new run within 100 ms.
pub const LESSON_STEP_BUDGET: usize = 60_000;

/// Every lesson, scenario and quiz of a course folder, checked together.
#[derive(Debug)]
pub struct Course {
    pub lessons: Vec<Lesson>,
    pub scenarios: Vec<LessonScenario>,
    /// The extra simulations of the lessons that have some (`figures/<name>.toml`).
    pub figures: Vec<LessonFigures>,
    pub quizzes: Vec<QuizFile>,
    /// The design challenges, each in the folder of the lesson it practises (`challenge/`).
    pub challenges: Vec<LessonChallenge>,
    /// What the chapter sweep noted without failing, and how many runs it took.
    pub sweep: Sweep,
    /// The lessons and course quizzes translated into another language, checked against the
    /// English (see `translation.rs`).
    pub translations: Translations,
}

/// Loads `dir` and checks it as a whole, returning every problem found.
pub fn load_course(dir: &Path) -> Result<Course, Vec<ContentError>> {
    let lessons = load_lessons(dir)?;
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    let scenarios = load_scenarios(dir, &slugs);
    let figures = load_all_figures(dir, &slugs);
    let quizzes = load_quizzes(dir, &lessons);
    let challenges = load_challenges(dir, &slugs);
    let (scenarios, figures, quizzes, challenges) = match (scenarios, figures, quizzes, challenges) {
        (Ok(scenarios), Ok(figures), Ok(quizzes), Ok(challenges)) => (scenarios, figures, quizzes, challenges),
        (scenarios, figures, quizzes, challenges) => {
            return Err(scenarios
                .err()
                .into_iter()
                .chain(figures.err())
                .chain(quizzes.err())
                .chain(challenges.err())
                .flatten()
                .collect());
        }
    };
    let quiz_ids: Vec<&str> = quizzes.iter().map(|file| file.quiz.id.as_str()).collect();
    let mut errors: Vec<ContentError> = lessons
        .iter()
        .flat_map(|lesson| {
            let sim = scenarios.iter().find(|scenario| scenario.slug == lesson.slug).map(|scenario| &scenario.sim);
            let mut problems = broken_lesson_links(dir, lesson, &slugs, &quiz_ids, sim);
            problems.extend(prediction_problems(dir, lesson, sim));
            problems
        })
        .collect();
    errors.extend(lessons.iter().flat_map(|lesson| misplaced_figures(dir, lesson, &figures)));
    let mut swept = Sweep::default();
    for scenario in &scenarios {
        swept.extend(sweep(&dir.join(&scenario.slug).join(SCENARIO_FILE), scenario));
    }
    for figure in figures.iter().flat_map(|lesson| &lesson.figures) {
        swept.extend(sweep(&figure.file, &figure.scenario));
    }
    errors.append(&mut swept.errors);
    let translations = load_translations(dir, &lessons, &scenarios, &figures, &quizzes).unwrap_or_else(|mut problems| {
        errors.append(&mut problems);
        Translations::default()
    });
    if errors.is_empty() {
        Ok(Course {
            lessons,
            scenarios,
            figures,
            quizzes,
            challenges,
            sweep: swept,
            translations,
        })
    } else {
        Err(errors)
    }
}

/// Links in a lesson must open something in the app (`#/lesson/<slug>`, `#/quiz/<id>`, `#/`),
/// leave it (`https:`, `http:`, `mailto:`) or act on the lesson's player (`act:`, checked
/// against its simulation). A relative path or a plain `#anchor` would break the hash routing
/// on a static host.
fn broken_lesson_links(
    dir: &Path,
    lesson: &Lesson,
    slugs: &[&str],
    quiz_ids: &[&str],
    sim: Option<&LessonSim>,
) -> Vec<ContentError> {
    let file = dir.join(&lesson.slug).join(LESSON_FILE);
    let Ok(text) = fs::read_to_string(&file) else {
        return vec![ContentError::new(
            &file,
            0,
            "cannot read the lesson again to check its links",
        )];
    };
    Parser::new(&text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), range.start)),
            _ => None,
        })
        .filter_map(|(url, offset)| {
            let problem = match url.strip_prefix(text_action::SCHEME) {
                Some(action) => action_problem(action, sim),
                None => link_problem(&url, slugs, quiz_ids),
            }?;
            Some(ContentError::new(&file, line_of(&text, offset), problem))
        })
        .collect()
}

/// Every figure a lesson's text places must be one of its figures, and every figure must be
/// placed: a figure nobody sees is a mistake, as is a place that would stay empty.
fn misplaced_figures(dir: &Path, lesson: &Lesson, figures: &[LessonFigures]) -> Vec<ContentError> {
    let file = dir.join(&lesson.slug).join(LESSON_FILE);
    let text = fs::read_to_string(&file).unwrap_or_default();
    let placed = crate::markdown::placed_figures(&text);
    let own: Vec<&str> = figures
        .iter()
        .filter(|found| found.slug == lesson.slug)
        .flat_map(|found| found.figures.iter().map(|figure| figure.name.as_str()))
        .collect();
    let unknown = placed.iter().filter(|(name, _)| !own.contains(&name.as_str())).map(|(name, line)| {
        let known = if own.is_empty() { "this lesson has no figures/ folder".to_string() } else { format!("its figures are {}", own.join(", ")) };
        ContentError::new(&file, *line, format!("the text places a figure \"{name}\" that the lesson does not have ({known})"))
    });
    let unplaced = own.iter().filter(|name| !placed.iter().any(|(placed, _)| placed == *name)).map(|name| {
        ContentError::new(&file, 0, format!("the figure \"{name}\" (figures/{name}.toml) is never placed in the text; add a ```figure block naming it"))
    });
    unknown.chain(unplaced).collect()
}

/// What is wrong with a text action, if anything: it must parse against the lesson's
/// simulation and the run it leads to must reach where it jumps.
fn action_problem(action: &str, sim: Option<&LessonSim>) -> Option<String> {
    let Some(sim) = sim else { return Some("a text action needs the lesson to have a simulation (scenario.toml)".to_string()) };
    let problem = match TextAction::parse(action, sim) {
        Ok(parsed) => parsed.problem_in_run(sim)?,
        Err(problem) => problem,
    };
    Some(format!("the action `act:{action}`: {problem}"))
}

/// Every prediction in a lesson's text must read, be well formed, and make its run with an
/// action that works on the lesson's simulation.
fn prediction_problems(dir: &Path, lesson: &Lesson, sim: Option<&LessonSim>) -> Vec<ContentError> {
    let file = dir.join(&lesson.slug).join(LESSON_FILE);
    let text = fs::read_to_string(&file).unwrap_or_default();
    crate::markdown::predictions(&text)
        .into_iter()
        .flat_map(|(line, prediction)| {
            let problems = match prediction {
                Err(problem) => vec![format!("this prediction cannot be read: {problem}")],
                Ok(prediction) => {
                    let mut problems = prediction.problems();
                    problems.extend(action_problem(&prediction.run, sim));
                    if problems.is_empty() {
                        problems.extend(sim.and_then(|sim| luck_problem(&prediction, sim)));
                    }
                    problems
                }
            };
            let file = file.clone();
            problems.into_iter().map(move |problem| ContentError::new(&file, line, format!("prediction: {problem}")))
        })
        .collect()
}

/// Seeds a prediction's run is tried with: reasoning, not luck, must settle it.
const PREDICTION_SEEDS: u64 = 10;

/// Whether luck could decide a prediction: its run, over seeds 1 to [`PREDICTION_SEEDS`], must
/// land in one band, or spread less than twice the tolerance. The learner's run has seed 1
/// unless the action sets one, but a prediction right only by luck teaches nothing.
fn luck_problem(prediction: &lab_quiz::Prediction, sim: &LessonSim) -> Option<String> {
    let action = TextAction::parse(&prediction.run, sim).ok()?;
    let scenario = action.scenario_from(&sim.scenario, sim);
    let faults = action.faults.clone().unwrap_or_default();
    let figures: Vec<f64> = (1..=PREDICTION_SEEDS)
        .filter_map(|seed| lab_sim::share_link::run_with_faults(&scenario, seed, &faults).ok())
        .map(|run| prediction.measure.of(&run.metrics))
        .collect();
    let (low, high) = figures.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    let problem = match prediction.tolerance {
        Some(tolerance) => (high - low > 2.0 * tolerance).then(|| format!("over seeds 1 to {PREDICTION_SEEDS} its run gives {low} to {high}, wider than twice the tolerance {tolerance}")),
        None => {
            let bands: Vec<Option<usize>> = figures.iter().map(|x| prediction.right_choice(*x)).collect();
            bands.windows(2).any(|pair| pair.first() != pair.last()).then(|| format!("over seeds 1 to {PREDICTION_SEEDS} its run gives {low} to {high}, which falls in more than one band"))
        }
    };
    problem.map(|problem| format!("{problem}: luck would decide it"))
}

fn link_problem(url: &str, slugs: &[&str], quiz_ids: &[&str]) -> Option<String> {
    if ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
        || url == "#/"
    {
        return None;
    }
    let path = url.split('?').next().unwrap_or_default();
    if let Some(slug) = path.strip_prefix("#/lesson/") {
        return (!slugs.contains(&slug))
            .then(|| format!("the link `{url}` names no lesson folder `{slug}`"));
    }
    if let Some(id) = path.strip_prefix("#/quiz/") {
        return (!quiz_ids.contains(&id)).then(|| format!("the link `{url}` names no quiz `{id}`"));
    }
    Some(format!(
        "the link `{url}` cannot work in the app: link a lesson as `#/lesson/<folder>`, a quiz as `#/quiz/<id>`, or a web page with `https://`"
    ))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn course_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
    }

    fn report(errors: Vec<ContentError>) -> String {
        ContentError::list(&errors)
    }

    #[test]
    fn the_course_holds_together() {
        let course =
            load_course(&course_dir()).unwrap_or_else(|errors| panic!("{}", report(errors)));
        for lesson in &course.lessons {
            let scenario = course
                .scenarios
                .iter()
                .find(|scenario| scenario.slug == lesson.slug);
            let scenario =
                scenario.unwrap_or_else(|| panic!("lesson `{}` has no scenario.toml", lesson.slug));
            assert!(
                !scenario.sim.chapters.is_empty(),
                "lesson `{}` has no chapter breakpoints",
                lesson.slug
            );
            let text = fs::read_to_string(course_dir().join(&lesson.slug).join(LESSON_FILE)).unwrap();
            assert!(!crate::markdown::predictions(&text).is_empty(), "lesson `{}` asks for no prediction before a run", lesson.slug);
            assert!(text.contains("](act:"), "lesson `{}` has no sentence that acts on its simulation", lesson.slug);
        }
    }

    #[test]
    fn every_challenge_is_unsolved_at_its_start_and_solved_by_its_solution() {
        let slugs: Vec<String> = load_lessons(&course_dir()).unwrap().into_iter().map(|lesson| lesson.slug).collect();
        let slugs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let challenges = load_challenges(&course_dir(), &slugs).unwrap_or_else(|errors| panic!("{}", report(errors)));
        assert!(challenges.len() >= 8, "{} challenges", challenges.len());
        for loaded in &challenges {
            let challenge = &loaded.challenge;
            assert!(slugs.contains(&challenge.lesson.as_str()));
            let start = lab_challenge::grade(challenge, &challenge.start).unwrap();
            assert!(!start.solved() && start.stars == 0, "{}: the start passes", challenge.spec.slug);
            let solution = lab_challenge::grade(challenge, &challenge.solution).unwrap();
            assert_eq!(solution.stars, 3, "{}: {solution:?}", challenge.spec.slug);
        }
    }

    #[test]
    fn links_must_resolve() {
        let slugs = ["api-gateway"];
        let quizzes = ["pre-assessment"];
        assert_eq!(link_problem("#/lesson/api-gateway", &slugs, &quizzes), None);
        assert_eq!(
            link_problem("#/lesson/api-gateway?v=1&step=4", &slugs, &quizzes),
            None
        );
        assert_eq!(
            link_problem("#/quiz/pre-assessment", &slugs, &quizzes),
            None
        );
        assert_eq!(
            link_problem("https://docs.aws.amazon.com/sqs/", &slugs, &quizzes),
            None
        );
        assert!(link_problem("#/lesson/api-gatway", &slugs, &quizzes)
            .unwrap()
            .contains("no lesson folder"));
        assert!(link_problem("#/quiz/final-exam", &slugs, &quizzes)
            .unwrap()
            .contains("no quiz"));
        assert!(link_problem("../api-gateway/lesson.md", &slugs, &quizzes)
            .unwrap()
            .contains("cannot work"));
        assert!(link_problem("#retries", &slugs, &quizzes)
            .unwrap()
            .contains("cannot work"));
    }

    #[test]
    fn a_broken_link_is_reported_at_its_line() {
        let dir = std::env::temp_dir().join(format!("lab-course-links-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("only")).unwrap();
        let front =
            "+++\ntitle = \"T\"\nsummary = \"S\"\nmodule = \"M\"\norder = 1\nminutes = 5\n+++\n";
        fs::write(
            dir.join("only").join(LESSON_FILE),
            format!("{front}\nSee [the gateway](#/lesson/gateway).\n"),
        )
        .unwrap();
        let errors = load_course(&dir).unwrap_err();
        assert_eq!(errors.len(), 1, "{}", report(errors));
        assert_eq!(errors[0].line, 9);
        assert!(errors[0].message.contains("`gateway`"), "{}", errors[0]);
    }

    #[test]
    fn a_chapter_that_never_triggers_is_reported() {
        let dir = std::env::temp_dir().join(format!("lab-course-chapters-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("only")).unwrap();
        let front = "+++\ntitle = \"T\"\nsummary = \"S\"\nmodule = \"M\"\norder = 1\nminutes = 5\n+++\nText.\n";
        fs::write(dir.join("only").join(LESSON_FILE), front).unwrap();
        let scenario = "name = \"x\"\n\n[[chapter]]\non = \"dead_lettered\"\ntext = \"Never\"\n\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n\n[[component]]\nname = \"s\"\nkind = \"store\"\n\n[[link]]\nfrom = \"c\"\nto = \"s\"\n";
        fs::write(dir.join("only").join(SCENARIO_FILE), scenario).unwrap();
        let errors = load_course(&dir).unwrap_err();
        assert!(
            errors[0].message.contains("`dead_lettered` step"),
            "{}",
            report(errors)
        );
        fs::write(
            dir.join("only").join(SCENARIO_FILE),
            scenario.replace("on = \"dead_lettered\"", "on = \"answered\""),
        )
        .unwrap();
        load_course(&dir).unwrap_or_else(|errors| panic!("{}", report(errors)));

        // A figure is run and checked the same way, and reported at its own file.
        fs::create_dir_all(dir.join("only").join(crate::FIGURES_DIR)).unwrap();
        let figure = dir.join("only").join(crate::FIGURES_DIR).join("second-run.toml");
        fs::write(&figure, scenario).unwrap();
        fs::write(dir.join("only").join(LESSON_FILE), format!("{front}\n```figure\nsecond-run\n```\n")).unwrap();
        let errors = load_course(&dir).unwrap_err();
        assert_eq!(errors.len(), 1, "{}", report(errors));
        assert_eq!(errors[0].file, figure, "{}", errors[0]);
        assert!(errors[0].message.contains("`dead_lettered` step"), "{}", errors[0]);
        fs::write(&figure, scenario.replace("on = \"dead_lettered\"", "on = \"answered\"")).unwrap();
        let course = load_course(&dir).unwrap_or_else(|errors| panic!("{}", report(errors)));
        assert_eq!(course.figures[0].figures[0].name, "second-run");
    }

    #[test]
    fn a_figure_placed_but_missing_or_present_but_never_placed_is_reported() {
        let dir = std::env::temp_dir().join(format!("lab-course-figures-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("only").join(crate::FIGURES_DIR)).unwrap();
        let front = "+++\ntitle = \"T\"\nsummary = \"S\"\nmodule = \"M\"\norder = 1\nminutes = 5\n+++\n";
        let scenario = "name = \"x\"\n\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n\n[[component]]\nname = \"s\"\nkind = \"store\"\n\n[[link]]\nfrom = \"c\"\nto = \"s\"\n";
        fs::write(dir.join("only").join(crate::FIGURES_DIR).join("outbox.toml"), scenario).unwrap();
        fs::write(dir.join("only").join(LESSON_FILE), format!("{front}\nText.\n\n```figure\noutbx\n```\n")).unwrap();
        let errors = load_course(&dir).unwrap_err();
        let text = report(errors.clone());
        assert_eq!(errors.len(), 2, "{text}");
        assert!(errors.iter().any(|e| e.line == 11 && e.message.contains("\"outbx\"") && e.message.contains("outbox")), "{text}");
        assert!(errors.iter().any(|e| e.message.contains("\"outbox\"") && e.message.contains("never placed")), "{text}");
        fs::write(dir.join("only").join(LESSON_FILE), format!("{front}\nText.\n\n```figure\noutbox\n```\n")).unwrap();
        load_course(&dir).unwrap_or_else(|errors| panic!("{}", report(errors)));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_text_action_is_checked_against_the_lesson_at_its_line() {
        let dir = std::env::temp_dir().join(format!("lab-course-actions-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("only")).unwrap();
        let front = "+++\ntitle = \"T\"\nsummary = \"S\"\nmodule = \"M\"\norder = 1\nminutes = 5\n+++\n";
        let scenario = "name = \"x\"\n\n[[chapter]]\non = \"answered\"\ntext = \"Answered\"\n\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0, 5] }\n\n[[component]]\nname = \"s\"\nkind = \"function\"\nduration = { dist = \"log_normal\", median_ms = 20, sigma = 0.5 }\n\n[[link]]\nfrom = \"c\"\nto = \"s\"\n\n[[parameter]]\nname = \"work\"\nlabel = \"Work\"\ntarget = \"s.duration.median_ms\"\nunit = \"ms\"\nmin = 1\nmax = 100\nexplanation = \"How long s works.\"\n";
        fs::write(dir.join("only").join(SCENARIO_FILE), scenario).unwrap();
        let write = |actions: &[&str]| {
            let lines: Vec<String> = actions.iter().map(|a| format!("Try [this](act:{a}).\n")).collect();
            fs::write(dir.join("only").join(LESSON_FILE), format!("{front}\n{}", lines.join("\n"))).unwrap();
        };
        write(&["p=work:50&play", "reset&chapter=1&compare", "seed=3&step=2"]);
        load_course(&dir).unwrap_or_else(|errors| panic!("{}", report(errors)));
        let predict = |body: &str| format!("{front}\nText.\n\n```predict\nprompt = \"How many?\"\nexplanation = \"So.\"\n{body}\n```\n");
        fs::write(dir.join("only").join(LESSON_FILE), predict("measure = \"requests\"\ntolerance = 0\nrun = \"p=work:50&play\"")).unwrap();
        load_course(&dir).unwrap_or_else(|errors| panic!("{}", report(errors)));
        for (body, words) in [
            ("measure = \"requests\"\ntolerance = 0\nrun = \"p=work:500\"", "between 1 and 100"),
            ("measure = \"queue-depth\"\ntolerance = 0\nrun = \"play\"", "cannot be read"),
            ("measure = \"requests\"\nrun = \"play\"\n[[choices]]\ntext = \"a\"\nbelow = 2\n[[choices]]\ntext = \"b\"\nbelow = 1", "no `below`"),
        ] {
            fs::write(dir.join("only").join(LESSON_FILE), predict(body)).unwrap();
            let errors = load_course(&dir).unwrap_err();
            assert!(errors.iter().any(|e| e.line == 11 && e.message.contains(words)), "{body}: {}", report(errors));
        }
        write(&["p=wrok:50", "p=work:500", "chapter=2", "step=999", "jump", "compare=lesson", "", "f=1:crash:nobody"]);
        let errors = load_course(&dir).unwrap_err();
        let text = report(errors.clone());
        let expected = [
            (9, "no parameter `wrok`"),
            (11, "between 1 and 100"),
            (13, "chapter 2 does not exist"),
            (15, "past the end of the run"),
            (17, "`jump` is not an action part"),
            (19, "needs a `[compare]` table"),
            (21, "must say what it does"),
            (23, "the run this action leads to fails"),
        ];
        assert_eq!(errors.len(), expected.len(), "{text}");
        for (line, words) in expected {
            assert!(errors.iter().any(|e| e.line == line && e.message.contains(words)), "line {line}: {words}\n{text}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
