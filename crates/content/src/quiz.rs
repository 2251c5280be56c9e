//! Quiz files: `lessons/<lesson>/quiz.toml` is a lesson's checkpoint quiz, and
//! `lessons/<name>.quiz.toml` a course quiz such as the pre-assessment (but not
//! `<name>.<language>.quiz.toml`, its translation: see `translation.rs`).

use std::fs;
use std::path::{Path, PathBuf};

use lab_quiz::{fixed_instance, measure_instance, to_gift, validate, Instance, KeyCues, Pick, Question, QuestionKind, Quiz, BREAKER_STATES};

use crate::{is_valid_slug, load_scenario, ContentError, Lesson, SCENARIO_FILE};

/// The checkpoint quiz file inside a lesson folder.
pub const QUIZ_FILE: &str = "quiz.toml";
/// Course quizzes sit beside the lesson folders with this suffix.
pub const COURSE_QUIZ_SUFFIX: &str = ".quiz.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct QuizFile {
    pub quiz: Quiz,
    /// The lesson whose checkpoint this is; None for a course quiz.
    pub lesson: Option<String>,
    pub source: PathBuf,
}

/// Reads every quiz under `dir` and checks it, including that every `teaches` link names a
/// lesson that exists and that quiz ids are unique. Course quizzes come first.
pub fn load_quizzes(dir: &Path, lessons: &[Lesson]) -> Result<Vec<QuizFile>, Vec<ContentError>> {
    let mut files: Vec<(PathBuf, Option<String>)> = course_quiz_files(dir).into_iter().map(|file| (file, None)).collect();
    for lesson in lessons {
        let file = dir.join(&lesson.slug).join(QUIZ_FILE);
        if file.is_file() {
            files.push((file, Some(lesson.slug.clone())));
        }
    }
    let mut quizzes = Vec::new();
    let mut errors = Vec::new();
    for (source, lesson) in files {
        match load_quiz(&source, dir, lessons) {
            Ok(quiz) => quizzes.push(QuizFile { quiz, lesson, source }),
            Err(problems) => errors.extend(problems),
        }
    }
    errors.extend(duplicate_ids(&quizzes));
    errors.extend(course_cue_problems(dir, &quizzes));
    if errors.is_empty() {
        Ok(quizzes)
    } else {
        Err(errors)
    }
}

fn course_quiz_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file() && path.to_string_lossy().ends_with(COURSE_QUIZ_SUFFIX) && crate::translation::course_quiz_translation(path).is_none())
        .collect();
    files.sort();
    files
}

/// Parses and validates one quiz file of the lessons folder `dir`; every problem names the
/// file and, where it can, the line.
pub fn load_quiz(file: &Path, dir: &Path, lessons: &[Lesson]) -> Result<Quiz, Vec<ContentError>> {
    let text = fs::read_to_string(file).map_err(|error| vec![ContentError::new(file, 0, format!("cannot read the quiz: {error}"))])?;
    let quiz: Quiz = toml::from_str(&text).map_err(|error| {
        let line = error.span().map(|span| line_of_offset(&text, span.start)).unwrap_or(0);
        vec![ContentError::new(file, line, error.message().to_string())]
    })?;
    let mut errors: Vec<ContentError> = validate(&quiz)
        .into_iter()
        .map(|problem| {
            let line = problem.question.as_deref().map(|id| line_of_question(&text, id)).unwrap_or(0);
            let message = match problem.question {
                Some(id) => format!("question `{id}`: {}", problem.message),
                None => problem.message,
            };
            ContentError::new(file, line, message)
        })
        .collect();
    errors.extend(
        broken_links(&quiz, lessons)
            .into_iter()
            .chain(simulation_problems(&quiz, dir))
            .map(|(id, message)| ContentError::new(file, line_of_question(&text, &id), message)),
    );
    errors.extend(KeyCues::of(&quiz).quiz_problems().into_iter().map(|message| ContentError::new(file, 0, message)));
    if errors.is_empty() {
        Ok(quiz)
    } else {
        Err(errors)
    }
}

fn broken_links(quiz: &Quiz, lessons: &[Lesson]) -> Vec<(String, String)> {
    quiz.questions
        .iter()
        .filter_map(|question| {
            let link = question.teaches.as_deref()?;
            let slug = link.strip_prefix("#/lesson/").map(|rest| rest.split(['?', '/']).next().unwrap_or_default());
            let exists = slug.is_some_and(|slug| lessons.iter().any(|lesson| lesson.slug == slug));
            (!exists).then(|| {
                (question.id.clone(), format!("question `{}`: `teaches = {link:?}` names no lesson; write `#/lesson/<folder>`", question.id))
            })
        })
        .collect()
}

/// Checks each simulated question against its lesson's scenario: the scenario exists, every
/// varied parameter is one of its parameters with the range inside the parameter's, and the
/// instances at both ends of the ranges run.
fn simulation_problems(quiz: &Quiz, dir: &Path) -> Vec<(String, String)> {
    let simulated = quiz.questions.iter().filter(|question| question.kind == QuestionKind::Simulated);
    simulated
        .flat_map(|question| {
            let slug = question.scenario.clone().unwrap_or_default();
            let problems = match is_valid_slug(&slug).then(|| load_scenario(dir, &slug)) {
                Some(Ok(Some(lesson))) => scenario_problems(question, &lesson.sim.scenario),
                Some(Ok(None)) | None => vec![format!("`scenario = {slug:?}` names no lesson with a {SCENARIO_FILE}")],
                // The scenario's own error is reported with its file; nothing more to say here.
                Some(Err(_)) => Vec::new(),
            };
            problems.into_iter().map(|message| (question.id.clone(), format!("question `{}`: {message}", question.id)))
        })
        .collect()
}

fn scenario_problems(question: &Question, scenario: &lab_sim::Scenario) -> Vec<String> {
    let mut problems = Vec::new();
    for vary in &question.vary {
        match scenario.parameters.iter().find(|parameter| parameter.name == vary.parameter) {
            None => {
                let names: Vec<&str> = scenario.parameters.iter().map(|parameter| parameter.name.as_str()).collect();
                problems.push(format!("the scenario has no parameter `{}`; it has {}", vary.parameter, names.join(", ")));
            }
            Some(parameter) if vary.min < parameter.min || vary.max > parameter.max => problems.push(format!(
                "`{}` varies from {} to {}, outside the parameter's range {} to {}",
                vary.parameter, vary.min, vary.max, parameter.min, parameter.max
            )),
            Some(_) => {}
        }
    }
    problems.extend(pick_problems(question, scenario));
    if problems.is_empty() {
        let highest = Instance { seed: 1, values: question.vary.iter().map(|vary| (vary.parameter.clone(), vary.max)).collect() };
        for instance in [fixed_instance(question), highest] {
            if let Err(why) = measure_instance(question, scenario, &instance) {
                problems.push(format!("the run with {:?} fails: {why}", instance.values));
            }
        }
    }
    problems
}

/// A pick's options must name what it picks among: for `most-received`, queues and functions
/// of the scenario; for `breaker-state`, the states of a breaker the scenario has.
fn pick_problems(question: &Question, scenario: &lab_sim::Scenario) -> Vec<String> {
    let names_of = |wanted: fn(&lab_sim::ComponentSpec) -> bool| -> Vec<&str> {
        scenario.components.iter().filter(|c| wanted(c)).map(|c| c.name()).collect()
    };
    let (allowed, what): (Vec<&str>, &str) = match &question.pick {
        None => return Vec::new(),
        Some(Pick::MostReceived) => {
            (names_of(|c| matches!(c, lab_sim::ComponentSpec::Queue(_) | lab_sim::ComponentSpec::Function(_))), "a queue or function of the scenario")
        }
        Some(Pick::BreakerState { breaker, .. }) => {
            let breakers = names_of(|c| matches!(c, lab_sim::ComponentSpec::Breaker(_)));
            if !breakers.contains(&breaker.as_str()) {
                return vec![format!("`{breaker}` is not a breaker of the scenario; its breakers are {}", breakers.join(", "))];
            }
            (BREAKER_STATES.to_vec(), "a breaker state")
        }
    };
    question
        .bands
        .iter()
        .filter_map(|band| band.key.as_deref())
        .filter(|key| !allowed.contains(key))
        .map(|key| format!("the option `{key}` is not {what}; the choices are {}", allowed.join(", ")))
        .collect()
}

/// Every quiz in Moodle's GIFT format, simulated questions answered by running their lesson's
/// scenario (see `lab_quiz::to_gift`).
pub fn course_gift(dir: &Path, quizzes: &[Quiz]) -> String {
    to_gift(quizzes, &|slug| load_scenario(dir, slug).ok().flatten().map(|lesson| lesson.sim.scenario))
}

/// The answer-key cues over every quiz (see `lab_quiz::KeyCues`), reported at the lessons
/// folder with the quizzes that carry most of them, so an author knows where to start.
fn course_cue_problems(dir: &Path, quizzes: &[QuizFile]) -> Vec<ContentError> {
    let cues = KeyCues::of_all(quizzes.iter().map(|file| &file.quiz));
    let problems = cues.course_problems();
    if problems.is_empty() {
        return Vec::new();
    }
    let mut per_quiz: Vec<(&QuizFile, KeyCues)> = quizzes.iter().map(|file| (file, KeyCues::of(&file.quiz))).collect();
    per_quiz.sort_by_key(|(_, cues)| std::cmp::Reverse(cues.longest_correct + (cues.true_false - cues.keyed_true)));
    let worst: Vec<String> = per_quiz
        .iter()
        .take(5)
        .map(|(file, cues)| format!("{}: {}", file.source.display(), cues.summary()))
        .collect();
    problems
        .into_iter()
        .map(|problem| ContentError::new(dir, 0, format!("quizzes as a whole: {problem}; most cues in {}", worst.join("; "))))
        .collect()
}

fn duplicate_ids(quizzes: &[QuizFile]) -> Vec<ContentError> {
    quizzes
        .iter()
        .enumerate()
        .filter_map(|(index, file)| {
            let earlier = quizzes.iter().take(index).find(|other| other.quiz.id == file.quiz.id)?;
            Some(ContentError::new(&file.source, 0, format!("quiz id `{}` is also used by {}", file.quiz.id, earlier.source.display())))
        })
        .collect()
}

pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where a question's `id = "..."` is written, so a problem points at its question.
pub(crate) fn line_of_question(text: &str, id: &str) -> usize {
    let wanted = format!("\"{id}\"");
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.starts_with("id") && line.contains(&wanted)
        })
        .map(|index| index + 1)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_lessons;

    fn course_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
    }

    #[test]
    fn the_course_quizzes_are_valid() {
        let lessons = load_lessons(&course_dir()).expect("valid lessons");
        let quizzes = load_quizzes(&course_dir(), &lessons).unwrap_or_else(|errors| {
            panic!("{}", ContentError::list(&errors))
        });
        assert_eq!(quizzes[0].quiz.id, "pre-assessment");
        for lesson in &lessons {
            let checkpoint = quizzes.iter().find(|file| file.lesson.as_deref() == Some(&lesson.slug));
            let questions = checkpoint.map(|file| file.quiz.questions.len()).unwrap_or(0);
            assert!(questions >= 4, "lesson `{}` needs a checkpoint quiz of at least four questions", lesson.slug);
        }
    }

    fn simulated_quiz(vary: &str) -> String {
        format!(
            "id = \"s\"\ntitle = \"S\"\n\n[[questions]]\nid = \"predict\"\nkind = \"simulated\"\nscenario = \"api-gateway\"\nmeasure = \"throttled\"\nprompt = \"P\"\nexplanation = \"E\"\n{vary}"
        )
    }

    #[test]
    fn simulated_questions_are_checked_against_their_scenario() {
        let dir = std::env::temp_dir().join(format!("lab-quiz-simulated-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("s.quiz.toml");
        let check = |text: String| {
            fs::write(&file, text).unwrap();
            load_quiz(&file, &course_dir(), &[]).map_err(|errors| ContentError::list(&errors))
        };
        let good = "[[questions.vary]]\nparameter = \"rate\"\nmin = 10\nmax = 90\nstep = 10\n";
        assert!(check(simulated_quiz(good)).is_ok(), "{:?}", check(simulated_quiz(good)));
        let wide = check(simulated_quiz(&good.replace("max = 90", "max = 900"))).unwrap_err();
        assert!(wide.contains("s.quiz.toml:5: question `predict`: `rate` varies from 10 to 900, outside the parameter's range 1 to "), "{wide}");
        let unknown = check(simulated_quiz(&good.replace("\"rate\"", "\"speed\""))).unwrap_err();
        assert!(unknown.contains("has no parameter `speed`; it has "), "{unknown}");
        let no_lesson = check(simulated_quiz(good).replace("\"api-gateway\"", "\"nowhere\"")).unwrap_err();
        assert!(no_lesson.contains("names no lesson with a scenario.toml"), "{no_lesson}");
        let bad_measure = check(simulated_quiz(good).replace("\"throttled\"", "\"happiness\"")).unwrap_err();
        assert!(bad_measure.contains("s.quiz.toml:8:") && bad_measure.contains("unknown variant `happiness`"), "{bad_measure}");
    }

    #[test]
    fn problems_point_at_the_question_line() {
        let dir = std::env::temp_dir().join(format!("lab-quiz-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("broken.quiz.toml");
        let text = "id = \"q\"\ntitle = \"Q\"\n\n[[questions]]\nid = \"first\"\nkind = \"multiple\"\nselect = 3\nprompt = \"P\"\nexplanation = \"E\"\nteaches = \"#/lesson/nowhere\"\n[[questions.choices]]\ntext = \"a\"\ncorrect = true\nwhy = \"w\"\n[[questions.choices]]\ntext = \"b\"\nwhy = \"w\"\n";
        fs::write(&file, text).unwrap();
        let errors = load_quiz(&file, &dir, &[]).unwrap_err();
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(lines.iter().any(|line| line.contains("broken.quiz.toml:5: question `first`: `select = 3` but one choice is marked correct")), "{lines:#?}");
        assert!(lines.iter().any(|line| line.contains("names no lesson")), "{lines:#?}");
        fs::write(&file, "id = \"q\"\ntitle = 4\n").unwrap();
        let errors = load_quiz(&file, &dir, &[]).unwrap_err();
        assert_eq!(errors[0].line, 2, "{errors:?}");
    }
}
