//! Translated lessons and quizzes, read beside the English and checked against it.
//!
//! A lesson translated into a language `<lang>` (one of [`LANGUAGES`]) has a folder
//! `lessons/<slug>/<lang>/` holding `lesson.md` (front matter `title` and `summary` only),
//! `quiz.toml` (the checkpoint, every learner-visible string translated) and `texts.toml` (the
//! simulation's texts by position: `description`, `chapters`, `parameters`, `compare_label`,
//! and a `[figures.<name>]` table per figure). A course quiz `lessons/<name>.quiz.toml` is
//! translated as `lessons/<name>.<lang>.quiz.toml`.
//!
//! Only words may differ from the English: a translation keeps the English lesson's text
//! actions, links, figures, predictions' runs and headings in order, the simulation's number of
//! chapters and parameters and every `{placeholder}`, and every quiz field that is not text
//! (ids, kinds, order, `correct`, numbers) as written. Its text and quiz name each parameter by
//! the translated label the player shows, never by the English one. The problems are reported
//! like the other checks, as `file:line: problem`.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::fs;
use std::path::{Path, PathBuf};

use lab_quiz::Quiz;
use lab_sim::lesson::LessonSim;
use lab_sim::text_action;
use pulldown_cmark::{Event, Parser, Tag};
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::quiz::line_of_offset;
use crate::{front_matter, render_markdown, ContentError, Lesson, LessonFigures, LessonScenario, QuizFile, LESSON_FILE, QUIZ_FILE, SCENARIO_FILE};

/// The languages a lesson may be translated into (the folder name of a translation).
pub const LANGUAGES: &[&str] = &["vi"];

/// The file of a translation holding its simulation's texts.
pub const TEXTS_FILE: &str = "texts.toml";

/// The fields of a quiz (and of a prediction) a translator translates; every other field must
/// stay as the English writes it.
const TEXT_FIELDS: &[&str] = &["title", "prompt", "explanation", "text", "why"];

/// Every translation of a course folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    pub lessons: Vec<LessonTranslation>,
    /// Translated course quizzes such as the pre-assessment; each has its English quiz's id.
    pub course_quizzes: Vec<QuizTranslation>,
    /// Each language's names of the course's modules (`modules.<lang>.toml`): English name, translation.
    pub modules: Vec<(String, BTreeMap<String, String>)>,
}

/// One lesson in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonTranslation {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    /// The translated text rendered like the English one (see [`render_markdown`]).
    pub html: String,
    /// The checkpoint quiz, when the English lesson has one.
    pub quiz: Option<Quiz>,
    /// The simulation's texts, when the English lesson has a simulation.
    pub texts: Option<LessonTexts>,
    /// Every file the translation was read from, so a build can watch them.
    pub sources: Vec<PathBuf>,
}

/// A translated course quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizTranslation {
    pub lang: String,
    pub quiz: Quiz,
    pub source: PathBuf,
}

/// A lesson simulation's texts in another language, in the order of its `scenario.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonTexts {
    pub scenario: SimTexts,
    /// Each figure's texts, by the figure's name.
    pub figures: BTreeMap<String, SimTexts>,
}

/// The texts of one simulation: its description, each chapter's text and each parameter's label.
#[derive(Debug, Clone, PartialEq)]
pub struct SimTexts {
    pub description: String,
    pub chapters: Vec<String>,
    pub parameters: Vec<String>,
    pub compare_label: Option<String>,
}

/// Reads every translation under `dir` and checks it against the English, which must already
/// be loaded and valid. Collects every problem.
pub fn load_translations(
    dir: &Path,
    lessons: &[Lesson],
    scenarios: &[LessonScenario],
    figures: &[LessonFigures],
    quizzes: &[QuizFile],
) -> Result<Translations, Vec<ContentError>> {
    let mut found = Translations::default();
    let mut errors = Vec::new();
    for lesson in lessons {
        let english = English {
            folder: dir.join(&lesson.slug),
            scenario: scenarios.iter().find(|scenario| scenario.slug == lesson.slug).map(|scenario| &scenario.sim),
            figures: figures.iter().filter(|found| found.slug == lesson.slug).flat_map(|found| &found.figures).map(|figure| (figure.name.as_str(), &figure.scenario.sim)).collect(),
            quiz: quizzes.iter().find(|file| file.lesson.as_deref() == Some(&lesson.slug)),
        };
        for lang in LANGUAGES.iter().filter(|lang| english.folder.join(lang).is_dir()) {
            match load_lesson_translation(&english, &lesson.slug, lang) {
                Ok(translation) => found.lessons.push(translation),
                Err(problems) => errors.extend(problems),
            }
        }
    }
    for lang in LANGUAGES {
        match load_module_names(dir, lang, lessons) {
            Ok(Some(names)) => found.modules.push(((*lang).to_string(), names)),
            Ok(None) => {}
            Err(problems) => errors.extend(problems),
        }
    }
    for file in course_quiz_translation_files(dir) {
        match load_course_quiz_translation(&file, quizzes) {
            Ok(translation) => found.course_quizzes.push(translation),
            Err(problems) => errors.extend(problems),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// What a lesson translation is checked against.
struct English<'a> {
    folder: PathBuf,
    scenario: Option<&'a LessonSim>,
    figures: Vec<(&'a str, &'a LessonSim)>,
    quiz: Option<&'a QuizFile>,
}

fn load_lesson_translation(english: &English<'_>, slug: &str, lang: &str) -> Result<LessonTranslation, Vec<ContentError>> {
    let folder = english.folder.join(lang);
    let lesson_file = folder.join(LESSON_FILE);
    let mut errors = Vec::new();
    let lesson = read(&lesson_file).and_then(|text| {
        let translated = read_lesson(&lesson_file, &text)?;
        errors.extend(lesson_problems(&english.folder.join(LESSON_FILE), &lesson_file, &text));
        Ok(translated)
    });
    let quiz = english.quiz.map(|quiz| load_quiz_translation(&quiz.source, &folder.join(QUIZ_FILE)));
    let texts = english.scenario.map(|sim| load_texts(english, sim, &folder.join(TEXTS_FILE)));
    let quiz_file = quiz.is_some().then(|| folder.join(QUIZ_FILE));
    let quiz = quiz.transpose().map_err(|problems| errors.extend(problems)).ok().flatten();
    let texts = texts.transpose().map_err(|problems| errors.extend(problems)).ok().flatten();
    if let Some(texts) = &texts {
        let labels = changed_labels(english, texts);
        for file in std::iter::once(&lesson_file).chain(&quiz_file) {
            errors.extend(english_label_problems(file, &labels));
        }
    }
    let sources = [Some(lesson_file), quiz_file, texts.is_some().then(|| folder.join(TEXTS_FILE))];
    let lesson = lesson.map_err(|problem| errors.push(problem)).ok();
    match lesson {
        Some((title, summary, html)) if errors.is_empty() => Ok(LessonTranslation {
            slug: slug.to_string(),
            lang: lang.to_string(),
            title,
            summary,
            html,
            quiz,
            texts,
            sources: sources.into_iter().flatten().collect(),
        }),
        _ => Err(errors),
    }
}

fn read(file: &Path) -> Result<String, ContentError> {
    fs::read_to_string(file).map_err(|error| ContentError::new(file, 0, format!("cannot read the translation: {error}")))
}

/// A translation's front matter: only what the learner reads; the rest comes from the English.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslatedFront {
    title: String,
    summary: String,
}

/// The translated lesson's title, summary and HTML.
fn read_lesson(file: &Path, text: &str) -> Result<(String, String, String), ContentError> {
    let split = front_matter::split(text).map_err(|message| ContentError::new(file, 1, message))?;
    let front: TranslatedFront = front_matter::parse_as(&split).map_err(|(line, message)| {
        ContentError::new(file, line, format!("{message} (a translation's front matter holds only `title` and `summary`)"))
    })?;
    if front.title.trim().is_empty() || front.summary.trim().is_empty() {
        return Err(ContentError::new(file, 0, "`title` and `summary` must not be empty"));
    }
    Ok((front.title, front.summary, render_markdown(split.body)))
}

/// What of a lesson's text a translation keeps: each item with its 1-based line.
#[derive(Default)]
struct Skeleton {
    actions: Vec<(String, usize)>,
    links: Vec<(String, usize)>,
    figures: Vec<(String, usize)>,
    headings: Vec<(String, usize)>,
    /// Each prediction's fields other than its words, as TOML.
    predictions: Vec<(Value, usize)>,
}

fn skeleton(text: &str) -> Skeleton {
    let mut found = Skeleton::default();
    for (event, range) in Parser::new(text).into_offset_iter() {
        let line = line_of_offset(text, range.start);
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => match dest_url.strip_prefix(text_action::SCHEME) {
                Some(action) => found.actions.push((format!("act:{action}"), line)),
                None => found.links.push((dest_url.to_string(), line)),
            },
            Event::Start(Tag::Heading { level, .. }) => found.headings.push((format!("a level-{} heading", level as usize), line)),
            _ => {}
        }
    }
    found.figures = crate::markdown::placed_figures(text);
    found.predictions = crate::markdown::predictions(text)
        .into_iter()
        .map(|(line, prediction)| (prediction.ok().and_then(|prediction| Value::try_from(prediction).ok()).map(without_text).unwrap_or(Value::Boolean(false)), line))
        .collect();
    found
}

/// The lesson text's differences from the English one: the first place each kind of kept item
/// parts from the English, so one missed action does not report every later one.
fn lesson_problems(english_file: &Path, file: &Path, text: &str) -> Vec<ContentError> {
    let english = skeleton(&fs::read_to_string(english_file).unwrap_or_default());
    let translated = skeleton(text);
    let prediction_names = |items: &[(Value, usize)]| -> Vec<(String, usize)> {
        items.iter().enumerate().map(|(n, (value, line))| (format!("prediction {} {}", n + 1, value.to_string().replace('\n', " ")), *line)).collect()
    };
    [
        ("text action", english.actions, translated.actions),
        ("link", english.links, translated.links),
        ("figure", english.figures, translated.figures),
        ("heading", english.headings, translated.headings),
        ("prediction", prediction_names(&english.predictions), prediction_names(&translated.predictions)),
    ]
    .into_iter()
    .filter_map(|(what, english, translated)| first_difference(what, &english, &translated).map(|(line, message)| ContentError::new(file, line, message)))
    .collect()
}

/// Where two lists of items first differ, as (line in the translation, message).
fn first_difference<T: PartialEq + Display>(what: &str, english: &[(T, usize)], translated: &[(T, usize)]) -> Option<(usize, String)> {
    let index = (0..english.len().max(translated.len())).find(|&i| english.get(i).map(|item| &item.0) != translated.get(i).map(|item| &item.0))?;
    let counts = if english.len() == translated.len() { String::new() } else { format!(" (the English has {} {what}s, this translation {})", english.len(), translated.len()) };
    Some(match (english.get(index), translated.get(index)) {
        (Some((english, _)), Some((translated, line))) => (*line, format!("{what} {} is `{translated}` here but `{english}` in the English{counts}", index + 1)),
        (Some((english, _)), None) => (translated.last().map_or(0, |item| item.1), format!("{what} {} of the English, `{english}`, is missing{counts}", index + 1)),
        (None, Some((translated, line))) => (*line, format!("{what} {}, `{translated}`, is not in the English{counts}", index + 1)),
        (None, None) => return None,
    })
}

/// Each parameter label the translation changes, as (English, translated), of the lesson's
/// simulation and of its figures: the player shows the translated one beside the text.
fn changed_labels(english: &English<'_>, texts: &LessonTexts) -> Vec<(String, String)> {
    let figures = english.figures.iter().filter_map(|(name, sim)| texts.figures.get(*name).map(|texts| (*sim, texts)));
    let mut labels: Vec<(String, String)> = english
        .scenario
        .map(|sim| (sim, &texts.scenario))
        .into_iter()
        .chain(figures)
        .flat_map(|(sim, texts)| sim.scenario.parameters.iter().map(|parameter| parameter.label.clone()).zip(texts.parameters.iter().cloned()))
        .filter(|(english, translated)| english.to_lowercase() != translated.to_lowercase())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// Each line of a translated file that quotes a parameter's English label (in any case, as a
/// whole phrase) where the player shows the translated label: the learner would look for
/// words the controls do not show.
fn english_label_problems(file: &Path, labels: &[(String, String)]) -> Vec<ContentError> {
    let text = fs::read_to_string(file).unwrap_or_default();
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.to_lowercase();
        for (english, translated) in labels {
            // A translated label may keep the English words inside it.
            let rest = line.replace(&translated.to_lowercase(), "\u{0}");
            if contains_phrase(&rest, &english.to_lowercase()) {
                let message = format!("the parameter label \"{english}\" is in English; write the label the player shows, \"{translated}\" (from {TEXTS_FILE})");
                found.push(ContentError::new(file, index + 1, message));
            }
        }
    }
    found
}

/// Whether `phrase` occurs in `text` as a whole phrase, not as part of a longer word or name
/// (letters, digits, `-` and `_` join a name: `FIFO consumers` is not in `ledger-fifo consumers`).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    !phrase.is_empty()
        && text.match_indices(phrase).any(|(start, _)| {
            !text[..start].chars().next_back().is_some_and(joins) && !text[start + phrase.len()..].chars().next().is_some_and(joins)
        })
}

/// A TOML value with its text fields blanked, so two values compare on everything else.
fn without_text(value: Value) -> Value {
    match value {
        Value::Table(table) => Value::Table(
            table.into_iter().map(|(key, value)| if TEXT_FIELDS.contains(&key.as_str()) { (key, Value::String(String::new())) } else { (key, without_text(value)) }).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_text).collect()),
        other => other,
    }
}

/// Reads a translated quiz and checks it against its English file.
fn load_quiz_translation(english_file: &Path, file: &Path) -> Result<Quiz, Vec<ContentError>> {
    let english_text = fs::read_to_string(english_file).unwrap_or_default();
    let text = read(file).map_err(|error| vec![error])?;
    let parse_error = |error: toml::de::Error| vec![ContentError::new(file, error.span().map_or(0, |span| line_of_offset(&text, span.start)), error.message().to_string())];
    let english: Value = toml::from_str(&english_text).map_err(|_| vec![ContentError::new(english_file, 0, "the English quiz cannot be read to check its translation")])?;
    let translated: Value = toml::from_str(&text).map_err(parse_error)?;
    let problems = quiz_problems(&english, &translated);
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|(question, message)| ContentError::new(file, question.map_or(0, |id| crate::quiz::line_of_question(&text, &id)), message)).collect());
    }
    toml::from_str(&text).map_err(parse_error)
}

/// Every difference between an English quiz and its translation other than in words, each with
/// the id of the question it is in (if any).
fn quiz_problems(english: &Value, translated: &Value) -> Vec<(Option<String>, String)> {
    let questions = |quiz: &Value| quiz.get("questions").and_then(Value::as_array).cloned().unwrap_or_default();
    let (english_questions, translated_questions) = (questions(english), questions(translated));
    let mut problems: Vec<(Option<String>, String)> = Vec::new();
    let mut top = Vec::new();
    let without_questions = |quiz: &Value| quiz.as_table().map(|table| table.iter().filter(|(key, _)| *key != "questions").map(|(k, v)| (k.clone(), v.clone())).collect()).map(Value::Table);
    differences("", &without_questions(english).unwrap_or(Value::Boolean(false)), &without_questions(translated).unwrap_or(Value::Boolean(true)), &mut top);
    problems.extend(top.into_iter().map(|message| (None, message)));
    if english_questions.len() != translated_questions.len() {
        problems.push((None, format!("the English quiz has {} questions, this translation {}", english_questions.len(), translated_questions.len())));
    }
    for (english, translated) in english_questions.iter().zip(&translated_questions) {
        let id = translated.get("id").and_then(Value::as_str).map(str::to_string);
        let mut found = Vec::new();
        differences("", english, translated, &mut found);
        let name = english.get("id").and_then(Value::as_str).unwrap_or("?");
        problems.extend(found.into_iter().map(|message| (id.clone(), format!("question `{name}`: {message}"))));
    }
    problems
}

/// Walks two TOML values side by side, noting where they differ other than in the words of a
/// text field (which must keep the English's `{placeholders}`).
fn differences(path: &str, english: &Value, translated: &Value, found: &mut Vec<String>) {
    let at = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (english, translated) {
        (Value::Table(english), Value::Table(translated)) => {
            for key in english.keys().filter(|key| !translated.contains_key(*key)) {
                found.push(format!("`{}` is missing (the English has it)", at(key)));
            }
            for key in translated.keys().filter(|key| !english.contains_key(*key)) {
                found.push(format!("`{}` is not in the English", at(key)));
            }
            for (key, english) in english {
                let Some(translated) = translated.get(key) else { continue };
                match (english, translated) {
                    (Value::String(english), Value::String(translated)) if TEXT_FIELDS.contains(&key.as_str()) => {
                        found.extend(text_problem(english, translated).map(|problem| format!("`{}` {problem}", at(key))));
                    }
                    _ => differences(&at(key), english, translated, found),
                }
            }
        }
        (Value::Array(english), Value::Array(translated)) => {
            if english.len() != translated.len() {
                found.push(format!("`{path}` has {} entries here but {} in the English", translated.len(), english.len()));
            }
            for (index, (english, translated)) in english.iter().zip(translated).enumerate() {
                differences(&format!("{path}[{index}]"), english, translated, found);
            }
        }
        _ if english != translated => found.push(format!("`{path}` is {translated} here but {english} in the English")),
        _ => {}
    }
}

/// What is wrong with a translated text, if anything: it is blank, or its placeholders are not
/// the English's.
fn text_problem(english: &str, translated: &str) -> Option<String> {
    if translated.trim().is_empty() && !english.trim().is_empty() {
        return Some("is empty".to_string());
    }
    let (want, have) = (placeholders(english), placeholders(translated));
    (want != have).then(|| format!("has the placeholders [{}] but the English has [{}]; keep them as written", have.join(", "), want.join(", ")))
}

/// The `{...}` placeholders of a text, sorted, so a translation may move them.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .match_indices('{')
        .filter_map(|(start, _)| text[start..].find('}').map(|end| &text[start..=start + end]))
        .collect();
    found.sort_unstable();
    found
}

/// `texts.toml` as written: each text with where it is. The lesson's own simulation's texts sit
/// at the top; each figure's in its table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsFile {
    #[serde(default)]
    description: String,
    #[serde(default)]
    chapters: Vec<Spanned<String>>,
    #[serde(default)]
    parameters: Vec<Spanned<String>>,
    #[serde(default)]
    compare_label: Option<String>,
    #[serde(default)]
    figures: BTreeMap<String, Spanned<SimTextsFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SimTextsFile {
    #[serde(default)]
    description: String,
    #[serde(default)]
    chapters: Vec<Spanned<String>>,
    #[serde(default)]
    parameters: Vec<Spanned<String>>,
    #[serde(default)]
    compare_label: Option<String>,
}

fn load_texts(english: &English<'_>, sim: &LessonSim, file: &Path) -> Result<LessonTexts, Vec<ContentError>> {
    let text = read(file).map_err(|error| vec![error])?;
    let parsed: TextsFile = toml::from_str(&text).map_err(|error| vec![ContentError::new(file, error.span().map_or(0, |span| line_of_offset(&text, span.start)), error.message().to_string())])?;
    let TextsFile { description, chapters, parameters, compare_label, figures } = parsed;
    let parsed = (SimTextsFile { description, chapters, parameters, compare_label }, figures);
    let mut errors: Vec<ContentError> = sim_text_problems(sim, &parsed.0, &text, "")
        .into_iter()
        .map(|(line, message)| ContentError::new(file, line, message))
        .collect();
    for (name, figure) in &english.figures {
        match parsed.1.get(*name) {
            Some(texts) => errors.extend(
                sim_text_problems(figure, texts.get_ref(), &text, &format!("[figures.{name}]: "))
                    .into_iter()
                    .map(|(line, message)| ContentError::new(file, if line == 0 { line_of_offset(&text, texts.span().start) } else { line }, message)),
            ),
            None => errors.push(ContentError::new(file, 0, format!("`[figures.{name}]` is missing: the lesson has the figure figures/{name}.toml"))),
        }
    }
    for (name, texts) in parsed.1.iter().filter(|(name, _)| !english.figures.iter().any(|(known, _)| known == name)) {
        errors.push(ContentError::new(file, line_of_offset(&text, texts.span().start), format!("`[figures.{name}]` names no figure of the lesson")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LessonTexts {
        scenario: sim_texts(parsed.0),
        figures: parsed.1.into_iter().map(|(name, texts)| (name, sim_texts(texts.into_inner()))).collect(),
    })
}

/// How one simulation's translated texts fail to match its English ones, as (line, message);
/// line 0 when the problem is a count or a missing field.
fn sim_text_problems(english: &LessonSim, translated: &SimTextsFile, text: &str, table: &str) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let english_chapters: Vec<&str> = english.chapters.iter().map(|chapter| chapter.text.as_str()).collect();
    let english_parameters: Vec<&str> = english.scenario.parameters.iter().map(|parameter| parameter.label.as_str()).collect();
    for (field, english, translated) in [("chapters", english_chapters, &translated.chapters), ("parameters", english_parameters, &translated.parameters)] {
        if english.len() != translated.len() {
            let source = if field == "chapters" { "[[chapter]] texts" } else { "[[parameter]] labels" };
            problems.push((0, format!("{table}`{field}` has {} entries but the English {SCENARIO_FILE} has {} {source}", translated.len(), english.len())));
        }
        for (n, (english, translated)) in english.iter().zip(translated).enumerate() {
            if let Some(problem) = text_problem(english, translated.get_ref()) {
                problems.push((line_of_offset(text, translated.span().start), format!("{table}`{field}` entry {} {problem}", n + 1)));
            }
        }
    }
    if let Some(problem) = text_problem(&english.scenario.description, &translated.description) {
        problems.push((0, format!("{table}`description` {problem}")));
    }
    let english_label = english.compare.as_ref().map(|compare| compare.label.as_str()).filter(|label| !label.is_empty());
    match (english_label, translated.compare_label.as_deref()) {
        (Some(_), None) => problems.push((0, format!("{table}`compare_label` is missing: the English [compare] has a label"))),
        (None, Some(_)) => problems.push((0, format!("{table}`compare_label` is given but the English has no [compare] label"))),
        (Some(english), Some(translated)) => problems.extend(text_problem(english, translated).map(|problem| (0, format!("{table}`compare_label` {problem}")))),
        (None, None) => {}
    }
    problems
}

fn sim_texts(file: SimTextsFile) -> SimTexts {
    SimTexts {
        description: file.description,
        chapters: file.chapters.into_iter().map(Spanned::into_inner).collect(),
        parameters: file.parameters.into_iter().map(Spanned::into_inner).collect(),
        compare_label: file.compare_label,
    }
}

/// The language of a course quiz translation `<name>.<lang>.quiz.toml`, and its English file's
/// name, or None for any other file.
pub(crate) fn course_quiz_translation(file: &Path) -> Option<(String, PathBuf)> {
    let name = file.file_name()?.to_str()?.strip_suffix(crate::COURSE_QUIZ_SUFFIX)?;
    let (quiz, lang) = name.rsplit_once('.')?;
    Some((lang.to_string(), file.with_file_name(format!("{quiz}{}", crate::COURSE_QUIZ_SUFFIX))))
}

/// The file of a language's module names, beside the lessons.
fn module_names_file(dir: &Path, lang: &str) -> PathBuf {
    dir.join(format!("modules.{lang}.toml"))
}

/// `modules.<lang>.toml`, if the language has one: every module the lessons name, and no other.
pub fn load_module_names(dir: &Path, lang: &str, lessons: &[Lesson]) -> Result<Option<BTreeMap<String, String>>, Vec<ContentError>> {
    let file = module_names_file(dir, lang);
    if !file.is_file() {
        return Ok(None);
    }
    let names: BTreeMap<String, String> = toml::from_str(&read(&file).map_err(|error| vec![error])?).map_err(|error| vec![ContentError::new(&file, 0, format!("each line is \"English module name\" = \"translation\": {error}"))])?;
    let mut problems = Vec::new();
    for lesson in lessons.iter().filter(|lesson| !names.contains_key(&lesson.front.module)) {
        problems.push(ContentError::new(&file, 0, format!("the module \"{}\" (lesson {}) has no translation", lesson.front.module, lesson.slug)));
    }
    for name in names.keys().filter(|name| !lessons.iter().any(|lesson| &lesson.front.module == *name)) {
        problems.push(ContentError::new(&file, 0, format!("no lesson is in a module named \"{name}\"")));
    }
    problems.dedup();
    if problems.is_empty() {
        Ok(Some(names))
    } else {
        Err(problems)
    }
}

fn course_quiz_translation_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file() && course_quiz_translation(path).is_some())
        .collect();
    files.sort();
    files
}

fn load_course_quiz_translation(file: &Path, quizzes: &[QuizFile]) -> Result<QuizTranslation, Vec<ContentError>> {
    let Some((lang, english)) = course_quiz_translation(file) else { return Err(Vec::new()) };
    if !LANGUAGES.contains(&lang.as_str()) {
        return Err(vec![ContentError::new(file, 0, format!("`{lang}` is not a language of the course ({}); a course quiz is named `<name>.quiz.toml`, its translation `<name>.<language>.quiz.toml`", LANGUAGES.join(", ")))]);
    }
    if !quizzes.iter().any(|quiz| quiz.source == english) {
        return Err(vec![ContentError::new(file, 0, format!("this translates {}, which is not a course quiz", english.display()))]);
    }
    let quiz = load_quiz_translation(&english, file)?;
    Ok(QuizTranslation { lang, quiz, source: file.to_path_buf() })
}

impl Translations {
    /// The course in `lang`: the modules' names, each translated lesson's title, summary and text, its simulation's
    /// and figures' texts and its checkpoint quiz put in place of the English, and the course
    /// quizzes' translations likewise; what is not translated stays English. The published files
    /// are then written from these copies by the same functions as the English ones, and are
    /// named by their own content. Returns the slugs of the lessons that were translated.
    pub fn apply(&self, lang: &str, lessons: &mut [Lesson], scenarios: &mut [LessonScenario], figures: &mut [LessonFigures], quizzes: &mut [QuizFile]) -> Vec<String> {
        let mut translated = Vec::new();
        if let Some((_, names)) = self.modules.iter().find(|(their_lang, _)| their_lang == lang) {
            for lesson in lessons.iter_mut() {
                if let Some(name) = names.get(&lesson.front.module) {
                    lesson.front.module.clone_from(name);
                }
            }
        }
        for found in self.lessons.iter().filter(|found| found.lang == lang) {
            if let Some(lesson) = lessons.iter_mut().find(|lesson| lesson.slug == found.slug) {
                lesson.front.title.clone_from(&found.title);
                lesson.front.summary.clone_from(&found.summary);
                lesson.html.clone_from(&found.html);
                translated.push(found.slug.clone());
            }
            if let (Some(texts), Some(scenario)) = (&found.texts, scenarios.iter_mut().find(|scenario| scenario.slug == found.slug)) {
                texts.scenario.apply_to(&mut scenario.sim);
                for figure in figures.iter_mut().filter(|lesson| lesson.slug == found.slug).flat_map(|lesson| &mut lesson.figures) {
                    if let Some(figure_texts) = texts.figures.get(&figure.name) {
                        figure_texts.apply_to(&mut figure.scenario.sim);
                    }
                }
            }
            if let (Some(quiz), Some(file)) = (&found.quiz, quizzes.iter_mut().find(|file| file.lesson.as_deref() == Some(found.slug.as_str()))) {
                file.quiz = quiz.clone();
            }
        }
        for found in self.course_quizzes.iter().filter(|found| found.lang == lang) {
            if let Some(file) = quizzes.iter_mut().find(|file| file.quiz.id == found.quiz.id) {
                file.quiz = found.quiz.clone();
            }
        }
        translated
    }
}

impl SimTexts {
    /// Puts these texts in place of a simulation's English ones, by position (checked to match
    /// when the translation was read).
    fn apply_to(&self, sim: &mut LessonSim) {
        sim.scenario.description.clone_from(&self.description);
        for (chapter, text) in sim.chapters.iter_mut().zip(&self.chapters) {
            chapter.text.clone_from(text);
        }
        for (parameter, label) in sim.scenario.parameters.iter_mut().zip(&self.parameters) {
            parameter.label.clone_from(label);
        }
        if let (Some(compare), Some(label)) = (sim.compare.as_mut(), &self.compare_label) {
            compare.label.clone_from(label);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load_all_figures, load_lessons, load_quizzes, load_scenarios};

    fn course_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
    }

    fn translations_of(dir: &Path) -> Result<Translations, Vec<ContentError>> {
        let lessons = load_lessons(dir).map_err(|errors| panic!("{}", ContentError::list(&errors))).unwrap_or_default();
        let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
        let scenarios = load_scenarios(dir, &slugs).unwrap_or_default();
        let figures = load_all_figures(dir, &slugs).unwrap_or_default();
        // Read, not validated: a copied lesson's quiz links lessons the copy lacks.
        let quiz = |source: PathBuf, lesson: Option<String>| QuizFile { quiz: toml::from_str(&fs::read_to_string(&source).unwrap()).unwrap(), lesson, source };
        let mut quizzes = vec![quiz(dir.join("pre-assessment.quiz.toml"), None)];
        quizzes.extend(lessons.iter().map(|lesson| quiz(dir.join(&lesson.slug).join(QUIZ_FILE), Some(lesson.slug.clone()))));
        load_translations(dir, &lessons, &scenarios, &figures, &quizzes)
    }

    #[test]
    fn the_course_translations_match_their_english() {
        let found = translations_of(&course_dir()).unwrap_or_else(|errors| panic!("{}", ContentError::list(&errors)));
        let slugs: Vec<&str> = found.lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
        for slug in ["sync-vs-async", "messaging-mechanics", "apis-and-message-formats"] {
            assert!(slugs.contains(&slug), "{slug} is translated: {slugs:?}");
        }
        let messaging = found.lessons.iter().find(|lesson| lesson.slug == "messaging-mechanics").unwrap();
        let texts = messaging.texts.as_ref().unwrap();
        assert_eq!(texts.figures.keys().collect::<Vec<_>>(), ["fifo-vs-standard", "outbox"]);
        assert!(messaging.html.contains("data-action=\"reset&amp;play\""), "{}", messaging.html);
        assert_eq!(found.course_quizzes.len(), 1);
        assert_eq!((found.course_quizzes[0].lang.as_str(), found.course_quizzes[0].quiz.id.as_str()), ("vi", "pre-assessment"));
    }

    /// A copy of the course's sync-vs-async lesson and the pre-assessment, with the Vietnamese
    /// files passed through `edit` (file name, text) so a test can break one.
    fn course_with(name: &str, edit: impl Fn(&str, String) -> String) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-translation-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let lesson = dir.join("sync-vs-async");
        fs::create_dir_all(lesson.join("vi")).unwrap();
        let source = course_dir().join("sync-vs-async");
        for file in [LESSON_FILE, QUIZ_FILE, SCENARIO_FILE] {
            fs::copy(source.join(file), lesson.join(file)).unwrap();
        }
        for file in [LESSON_FILE, QUIZ_FILE, TEXTS_FILE] {
            fs::write(lesson.join("vi").join(file), edit(file, fs::read_to_string(source.join("vi").join(file)).unwrap())).unwrap();
        }
        fs::copy(course_dir().join("pre-assessment.quiz.toml"), dir.join("pre-assessment.quiz.toml")).unwrap();
        let quiz = edit("pre-assessment.vi.quiz.toml", fs::read_to_string(course_dir().join("pre-assessment.vi.quiz.toml")).unwrap());
        fs::write(dir.join("pre-assessment.vi.quiz.toml"), quiz).unwrap();
        dir
    }

    fn problems(name: &str, edit: impl Fn(&str, String) -> String) -> Vec<String> {
        let dir = course_with(name, edit);
        let found = translations_of(&dir).err().unwrap_or_default().iter().map(ToString::to_string).collect();
        fs::remove_dir_all(&dir).unwrap();
        found
    }

    #[test]
    fn an_untouched_copy_passes() {
        assert_eq!(problems("same", |_, text| text), Vec::<String>::new());
    }

    #[test]
    fn a_changed_action_target_is_reported_at_its_line() {
        let found = problems("action", |file, text| if file == LESSON_FILE { text.replace("(act:chapter=3)", "(act:chapter=2)") } else { text });
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("vi/lesson.md:") && found[0].contains("text action 3 is `act:chapter=2` here but `act:chapter=3` in the English"), "{found:?}");
    }

    #[test]
    fn a_dropped_link_and_a_changed_heading_are_reported() {
        let found = problems("link", |file, text| {
            if file == LESSON_FILE { text.replace("[kết hợp API](#/lesson/api-composition)", "kết hợp API").replace("## Ý chính", "### Ý chính") } else { text }
        });
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|line| line.contains("link 2 is `#/lesson/api-gateway` here but `#/lesson/api-composition` in the English (the English has")), "{found:?}");
        assert!(found.iter().any(|line| line.contains("heading 9 is `a level-3 heading`")), "{found:?}");
    }

    #[test]
    fn a_missing_chapter_is_reported() {
        let found = problems("chapter", |file, text| {
            if file == TEXTS_FILE {
                let start = text.find("  \"Một lần điều tiết").unwrap();
                let end = start + text[start..].find("\",\n").unwrap() + 3;
                format!("{}{}", &text[..start], &text[end..])
            } else {
                text
            }
        });
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("vi/texts.toml: `chapters` has 2 entries but the English scenario.toml has 3 [[chapter]] texts"), "{found:?}");
    }

    #[test]
    fn a_different_correct_flag_is_reported_at_its_question() {
        let found = problems("correct", |file, text| {
            if file == "pre-assessment.vi.quiz.toml" { text.replacen("correct = true\n", "correct = false\n", 1) } else { text }
        });
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("pre-assessment.vi.quiz.toml:8: question `synchronous-pattern`: `choices[0].correct` is false here but true in the English"), "{found:?}");
    }

    #[test]
    fn a_dropped_placeholder_is_reported() {
        let found = problems("placeholder", |file, text| if file == QUIZ_FILE { text.replace("{sales-time} ms", "vài trăm ms") } else { text });
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("question `predict-answered`: `prompt` has the placeholders [{payments-concurrency}, {sales-consumers}] but the English has [{payments-concurrency}, {sales-consumers}, {sales-time}]"), "{found:?}");
    }

    #[test]
    fn a_reordered_question_and_an_extra_field_are_reported() {
        let found = problems("order", |file, text| {
            if file == QUIZ_FILE { text.replacen("id = \"what-blocks\"", "id = \"quotes\"", 1).replacen("scoring = \"partial\"", "scoring = \"partial\"\nmodule = \"x\"", 1) } else { text }
        });
        assert!(found.iter().any(|line| line.contains("`module` is not in the English")), "{found:?}");
        assert!(found.iter().any(|line| line.contains("question `what-blocks`: `id` is \"quotes\" here but \"what-blocks\" in the English")), "{found:?}");
    }

    #[test]
    fn an_english_parameter_label_is_reported_with_the_label_the_player_shows() {
        let found = problems("english-label", |file, text| match file {
            LESSON_FILE => text.replace("**Mức đồng thời của payments**", "**Payments Concurrency**"),
            QUIZ_FILE => text.replacen("prompt = \"Hàm payments", "prompt = \"Với payments concurrency bằng 10, hàm payments", 1),
            _ => text,
        });
        assert_eq!(found.len(), 2, "{found:?}");
        let wanted = "the parameter label \"payments concurrency\" is in English; write the label the player shows, \"Mức đồng thời của payments\" (from texts.toml)";
        assert!(found[0].contains("sync-vs-async/vi/lesson.md:205: ") && found[0].ends_with(wanted), "{found:?}");
        assert!(found[1].contains("sync-vs-async/vi/quiz.toml:8: ") && found[1].ends_with(wanted), "{found:?}");
    }

    #[test]
    fn an_english_label_the_translation_keeps_or_inside_a_longer_name_passes() {
        let found = problems("kept-label", |file, text| match file {
            // The translator keeps this label in English, so the player shows it so too.
            TEXTS_FILE => text.replace("\"Mức đồng thời của payments\"", "\"payments concurrency\""),
            LESSON_FILE => text.replace("**Mức đồng thời của payments**", "**payments concurrency**"),
            _ => text,
        });
        assert_eq!(found, Vec::<String>::new());
        assert!(contains_phrase("đặt **sales queue consumers** bằng 1", "sales queue consumers"));
        assert!(!contains_phrase("ledger-fifo consumers", "fifo consumers") && !contains_phrase("fifo consumers2", "fifo consumers"));
    }

    #[test]
    fn a_course_quiz_translation_is_not_a_course_quiz() {
        let lessons = load_lessons(&course_dir()).unwrap();
        let quizzes = load_quizzes(&course_dir(), &lessons).unwrap();
        assert!(quizzes.iter().all(|file| !file.source.to_string_lossy().ends_with(".vi.quiz.toml")));
        assert_eq!(course_quiz_translation(Path::new("lessons/pre-assessment.vi.quiz.toml")), Some(("vi".to_string(), PathBuf::from("lessons/pre-assessment.quiz.toml"))));
        assert_eq!(course_quiz_translation(Path::new("lessons/pre-assessment.quiz.toml")), None);
    }

    #[test]
    fn placeholders_are_compared_as_a_sorted_list() {
        assert_eq!(placeholders("{b} then {a} and {a}"), ["{a}", "{a}", "{b}"]);
        assert_eq!(text_problem("at {rate} per s", "mỗi giây {rate}"), None);
        assert!(text_problem("at {rate}", "mỗi giây").unwrap().contains("[{rate}]"));
        assert_eq!(text_problem("x", " ").as_deref(), Some("is empty"));
    }
}
