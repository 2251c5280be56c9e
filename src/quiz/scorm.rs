//! The SCORM package's record of quiz progress (README, "Uploading to an LMS (SCORM 1.2)"):
//! progress written compactly into `cmi.suspend_data`, which SCORM 1.2 limits to 4,096
//! characters, read back on the next launch, and the status and score the package reports.
//! Only the package's launch page calls this, through the quiz module's exports
//! (`src/bin/lab-quizzes.rs`); the shell never does, so its download does not carry it.
//!
//! The data, format 1: `1`, then for each quiz with answers `|quiz.hash[.first]:answer,answer…`
//! where `quiz` is the quiz's place in the package's list and `hash` the first characters of its
//! content hash (an edited quiz starts fresh, as in the browser), `first` the first complete
//! attempt's points, and each answer `question[!][=score][.picks]`: the question's place,
//! `!` when fully right, the score when it is not 1 (fully right) or 0, the options picked in
//! order. Numbers are base 36; scores are kept in thousandths. A simulated question's prediction
//! and the drawn instance of an open attempt are not kept (its score is), nor is the final
//! assessment, which is drawn afresh from the checkpoints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::progress::{Progress, QuizProgress, SavedAnswer};

/// SCORM 1.2's limit on `cmi.suspend_data`.
pub const SUSPEND_DATA_LIMIT: usize = 4096;
/// The format of the data; a launch that finds another one starts fresh and says so.
const FORMAT: &str = "1";
/// How much of a quiz's content hash the data keeps: enough to notice an edited quiz.
const HASH_CHARS: usize = 4;
/// Scores are kept in thousandths of a point.
const SCORE_UNITS: f64 = 1000.0;

/// The quizzes of a package, as `cargo xtask scorm` writes them (`scorm-course.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScormCourse {
    pub title: String,
    pub quizzes: Vec<CourseQuiz>,
    /// The score (0 to 100) from which a learner passes, when the LMS gives none.
    pub mastery_score: f64,
    /// The page the package opens on a first launch, relative to the package.
    pub start: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseQuiz {
    pub id: String,
    pub hash: String,
    /// The questions' ids, in the quiz's order.
    pub questions: Vec<String>,
    /// Counted in the status and score: the checkpoints of the package's lessons.
    pub graded: bool,
}

/// What the launch page sends the LMS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub suspend_data: String,
    /// Quizzes whose answers did not fit in the data, and are kept in this browser only.
    pub left_out: Vec<String>,
    /// `incomplete`, `passed`, `failed`, or `completed` for a package with nothing to grade.
    pub status: &'static str,
    /// 0 to 100, two decimals.
    pub score: f64,
}

/// The status and score of `progress`, and its data within [`SUSPEND_DATA_LIMIT`].
pub fn report(progress: &Progress, course: &ScormCourse, mastery_score: f64) -> Report {
    let (suspend_data, left_out) = encode(progress, course, SUSPEND_DATA_LIMIT);
    let (points, questions, done) = graded_points(progress, course);
    let score = if questions == 0 { 0.0 } else { (10_000.0 * points / questions as f64).round() / 100.0 };
    let status = match (questions, done) {
        (0, _) => "completed",
        (_, false) => "incomplete",
        _ if score >= mastery_score => "passed",
        _ => "failed",
    };
    Report { suspend_data, left_out, status, score }
}

/// (points, questions, every graded quiz done) over the graded quizzes. A quiz counts its open
/// attempt once every question is answered, and until then its first complete attempt, if
/// any: starting a quiz again never takes back a status the LMS has recorded.
fn graded_points(progress: &Progress, course: &ScormCourse) -> (f64, usize, bool) {
    course.quizzes.iter().filter(|quiz| quiz.graded).fold((0.0, 0, true), |(points, questions, done), quiz| {
        let total = quiz.questions.len();
        let (latest, answered) = progress.score(&quiz.id, &quiz.hash);
        let (counted, complete) = match progress.first_score(&quiz.id, &quiz.hash) {
            _ if answered >= total => (latest, true),
            Some(first) => (first, true),
            None => (latest, false),
        };
        (points + counted, questions + total, done && complete)
    })
}

/// The data for `progress` within `limit` characters, and the quizzes left out. Quizzes are
/// written in the package's order, graded ones first; a quiz goes in whole or not at all, and
/// once one does not fit, it and every quiz after it are left out.
pub fn encode(progress: &Progress, course: &ScormCourse, limit: usize) -> (String, Vec<String>) {
    let mut order: Vec<(usize, &CourseQuiz)> = course.quizzes.iter().enumerate().collect();
    order.sort_by_key(|(_, quiz)| !quiz.graded);
    let mut data = FORMAT.to_string();
    let mut left_out = Vec::new();
    for (place, quiz) in order {
        let Some(group) = quiz_group(progress, place, quiz) else { continue };
        if left_out.is_empty() && data.len() + group.len() <= limit {
            data.push_str(&group);
        } else {
            left_out.push(quiz.id.clone());
        }
    }
    (data, left_out)
}

fn quiz_group(progress: &Progress, place: usize, quiz: &CourseQuiz) -> Option<String> {
    let saved = progress.quizzes.get(&quiz.id).filter(|saved| saved.hash == quiz.hash)?;
    let answers: Vec<String> = quiz
        .questions
        .iter()
        .enumerate()
        .filter_map(|(number, id)| saved.answers.get(id).and_then(|answer| encode_answer(number, answer)))
        .collect();
    if answers.is_empty() && saved.first_score.is_none() {
        return None;
    }
    let first = saved.first_score.map(|points| format!(".{}", base36(thousandths(points)))).unwrap_or_default();
    Some(format!("|{}.{}{first}:{}", base36(place as u64), short_hash(&quiz.hash), answers.join(",")))
}

/// An answer whose option numbers do not fit one digit each is left out (no quiz has 36 options).
fn encode_answer(number: usize, answer: &SavedAnswer) -> Option<String> {
    let picks: Option<String> = answer.picks.iter().map(|&pick| digit(pick)).collect();
    let mut text = base36(number as u64);
    if answer.fully_right {
        text.push('!');
    }
    let units = thousandths(answer.score);
    if units != implied_score(answer.fully_right) {
        text.push('=');
        text.push_str(&base36(units));
    }
    let picks = picks?;
    if !picks.is_empty() {
        text.push('.');
        text.push_str(&picks);
    }
    Some(text)
}

/// The score an answer has when the data does not write it.
fn implied_score(fully_right: bool) -> u64 {
    if fully_right {
        SCORE_UNITS as u64
    } else {
        0
    }
}

/// Reads the data back into progress. Empty data is a first launch; data of another format, or
/// that cannot be read, is a problem to report (the learner then starts fresh). A quiz whose
/// group is damaged, whose place names no quiz of this package, or whose hash differs (the
/// package was updated and the quiz edited) is skipped whole, never read in part.
pub fn decode(data: &str, course: &ScormCourse) -> Result<Progress, String> {
    let mut progress = Progress::default();
    if data.is_empty() {
        return Ok(progress);
    }
    let Some(groups) = data.strip_prefix(FORMAT) else {
        return Err(lab_i18n::quiz::SCORM_FORMAT.text().to_string());
    };
    if !groups.is_empty() && !groups.starts_with('|') {
        return Err(lab_i18n::quiz::SCORM_UNREADABLE.text().to_string());
    }
    for group in groups.split('|').skip(1) {
        if let Some((id, saved)) = decode_group(group, course) {
            progress.quizzes.insert(id, saved);
        }
    }
    Ok(progress)
}

fn decode_group(group: &str, course: &ScormCourse) -> Option<(String, QuizProgress)> {
    let (head, answers) = group.split_once(':')?;
    let mut head = head.split('.');
    let quiz = course.quizzes.get(place(head.next()?)?)?;
    if head.next()? != short_hash(&quiz.hash) {
        return None;
    }
    let first_score = match head.next() {
        Some(first) => Some(from_thousandths(from_base36(first)?)),
        None => None,
    };
    if head.next().is_some() {
        return None;
    }
    let answers = answers
        .split(',')
        .filter(|answer| !answer.is_empty())
        .map(|answer| decode_answer(answer, &quiz.questions))
        .collect::<Option<BTreeMap<String, SavedAnswer>>>()?;
    Some((quiz.id.clone(), QuizProgress { hash: quiz.hash.clone(), answers, first_score, ..QuizProgress::default() }))
}

fn decode_answer(text: &str, questions: &[String]) -> Option<(String, SavedAnswer)> {
    let (head, picks) = text.split_once('.').unwrap_or((text, ""));
    let (head, score) = match head.split_once('=') {
        Some((head, score)) => (head, Some(from_base36(score)?)),
        None => (head, None),
    };
    let (number, fully_right) = match head.strip_suffix('!') {
        Some(number) => (number, true),
        None => (head, false),
    };
    let id = questions.get(place(number)?)?.clone();
    let units = score.unwrap_or(implied_score(fully_right));
    if units > SCORE_UNITS as u64 {
        return None;
    }
    let picks = picks.chars().map(|pick| pick.to_digit(36).map(|value| value as usize)).collect::<Option<Vec<usize>>>()?;
    Some((id, SavedAnswer { picks, score: from_thousandths(units), fully_right, prediction: None }))
}

fn short_hash(hash: &str) -> &str {
    hash.get(..HASH_CHARS).unwrap_or(hash)
}

fn thousandths(points: f64) -> u64 {
    (points.max(0.0) * SCORE_UNITS).round() as u64
}

fn from_thousandths(units: u64) -> f64 {
    units as f64 / SCORE_UNITS
}

fn digit(value: usize) -> Option<char> {
    char::from_digit(u32::try_from(value).ok()?, 36)
}

fn base36(mut value: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((value % 36) as u32, 36).unwrap_or('0'));
        value /= 36;
        if value == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// A base-36 number of at most 8 digits (lowercase, as written).
fn from_base36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 8 || text.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    u64::from_str_radix(text, 36).ok()
}

/// A place in a list, written in base 36.
fn place(text: &str) -> Option<usize> {
    usize::try_from(from_base36(text)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The whole course as a package of every lesson: the checkpoints graded, the
    /// pre-assessment not (as `cargo xtask scorm` writes it).
    fn whole_course() -> (ScormCourse, Vec<lab_quiz::Quiz>) {
        let lessons_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        let lessons = lab_content::load_lessons(&lessons_dir).expect("the course loads");
        let files = lab_content::load_quizzes(&lessons_dir, &lessons).expect("the quizzes load");
        let quizzes = files
            .iter()
            .map(|file| CourseQuiz {
                id: file.quiz.id.clone(),
                hash: lab_quiz::content_hash(&file.quiz),
                questions: file.quiz.questions.iter().map(|question| question.id.clone()).collect(),
                graded: file.lesson.is_some(),
            })
            .collect();
        let course = ScormCourse { title: "Integration Patterns Lab".into(), quizzes, mastery_score: 80.0, start: String::new() };
        (course, files.into_iter().map(|file| file.quiz).collect())
    }

    fn answer(score: f64, picks: Vec<usize>) -> SavedAnswer {
        SavedAnswer { picks, score, fully_right: score == 1.0, prediction: None }
    }

    /// Every question of every quiz answered, with the longest picks a question allows (every
    /// option, in order) and a score that must be written out, and every first score kept.
    fn longest_progress(quizzes: &[lab_quiz::Quiz], course: &ScormCourse) -> Progress {
        let mut progress = Progress::default();
        for (quiz, listed) in quizzes.iter().zip(&course.quizzes) {
            for question in &quiz.questions {
                let picks = (0..question.choices.len()).rev().collect();
                progress.record(&quiz.id, &listed.hash, &question.id, answer(2.0 / 3.0, picks));
            }
            progress.note_completion(&quiz.id, &listed.hash, quiz.questions.len());
        }
        progress
    }

    #[test]
    fn the_whole_course_answered_fits_in_suspend_data() {
        let (course, quizzes) = whole_course();
        let progress = longest_progress(&quizzes, &course);
        let (data, left_out) = encode(&progress, &course, SUSPEND_DATA_LIMIT);
        println!("every question of {} quizzes answered: {} of {SUSPEND_DATA_LIMIT} characters", course.quizzes.len(), data.len());
        assert!(left_out.is_empty(), "left out: {left_out:?}");
        assert!(data.len() <= SUSPEND_DATA_LIMIT);
        assert_eq!(decode(&data, &course), Ok(rounded(&progress)));
    }

    /// What the data keeps of progress: scores to the thousandth, no drawn instances.
    fn rounded(progress: &Progress) -> Progress {
        let mut kept = progress.clone();
        for quiz in kept.quizzes.values_mut() {
            quiz.drawn.clear();
            quiz.first_score = quiz.first_score.map(|points| from_thousandths(thousandths(points)));
            for answer in quiz.answers.values_mut() {
                answer.score = from_thousandths(thousandths(answer.score));
                answer.prediction = None;
            }
        }
        kept
    }

    #[test]
    fn right_wrong_and_partial_answers_round_trip() {
        let (course, _) = whole_course();
        let checkpoint = course.quizzes.iter().find(|quiz| quiz.graded).expect("a checkpoint");
        let mut progress = Progress::default();
        let [first, second, third, ..] = checkpoint.questions.as_slice() else { panic!("a checkpoint has three questions") };
        progress.record(&checkpoint.id, &checkpoint.hash, first, answer(1.0, vec![2]));
        progress.record(&checkpoint.id, &checkpoint.hash, second, answer(0.0, vec![0, 1]));
        progress.record(&checkpoint.id, &checkpoint.hash, third, answer(0.5, vec![]));
        let (data, _) = encode(&progress, &course, SUSPEND_DATA_LIMIT);
        assert!(data.starts_with("1|"), "{data}");
        assert_eq!(decode(&data, &course), Ok(progress));
    }

    #[test]
    fn what_does_not_fit_is_left_out_whole_graded_quizzes_first() {
        let (course, quizzes) = whole_course();
        let progress = longest_progress(&quizzes, &course);
        let (full, _) = encode(&progress, &course, SUSPEND_DATA_LIMIT);
        let limit = full.len() / 2;
        let (data, left_out) = encode(&progress, &course, limit);
        assert!(data.len() <= limit);
        let kept = decode(&data, &course).expect("truncated data reads");
        let graded: Vec<&CourseQuiz> = course.quizzes.iter().filter(|quiz| quiz.graded).collect();
        let kept_count = kept.quizzes.len();
        assert!(kept_count > 0 && kept_count + left_out.len() == course.quizzes.len(), "{kept_count} kept, {left_out:?}");
        for (index, quiz) in graded.iter().enumerate() {
            assert_eq!(kept.quizzes.contains_key(&quiz.id), index < kept_count, "graded quizzes are kept in order: {}", quiz.id);
        }
        assert!(left_out.iter().any(|id| course.quizzes.iter().any(|quiz| &quiz.id == id && !quiz.graded)), "ungraded quizzes go first");
        for (id, saved) in &kept.quizzes {
            assert_eq!(saved.answers.len(), rounded(&progress).quizzes[id].answers.len(), "{id} is kept whole");
        }
    }

    #[test]
    fn an_edited_quiz_or_foreign_data_is_not_misread() {
        let (course, _) = whole_course();
        let quiz = &course.quizzes[0];
        let mut progress = Progress::default();
        progress.record(&quiz.id, &quiz.hash, &quiz.questions[0], answer(1.0, vec![1]));
        let (data, _) = encode(&progress, &course, SUSPEND_DATA_LIMIT);
        let mut edited = course.clone();
        edited.quizzes[0].hash = "0000-edited".into();
        assert_eq!(decode(&data, &edited), Ok(Progress::default()), "answers to another version are dropped");
        assert_eq!(decode("", &course), Ok(Progress::default()), "a first launch");
        assert!(decode("2|0.abcd:0!", &course).is_err(), "a newer format is reported");
        assert!(decode("{\"version\":1}", &course).is_err());
    }

    proptest! {
        /// Whatever the LMS hands back, reading it gives progress or a message, never a panic,
        /// and what it reads is valid progress.
        #[test]
        fn reading_suspend_data_never_panics(text in "1?[|.:,!=0-9a-z]{0,200}") {
            let (course, _) = whole_course_cached();
            if let Ok(progress) = decode(&text, &course) {
                prop_assert_eq!(Progress::from_json(&progress.to_json()).ok(), Some(progress));
            }
        }
    }

    fn whole_course_cached() -> (ScormCourse, Vec<lab_quiz::Quiz>) {
        thread_local! {
            static COURSE: (ScormCourse, Vec<lab_quiz::Quiz>) = whole_course();
        }
        COURSE.with(Clone::clone)
    }

    fn two_quizzes() -> ScormCourse {
        let quiz = |id: &str, graded| CourseQuiz { id: id.into(), hash: format!("{id}-hash"), questions: vec!["a".into(), "b".into()], graded };
        ScormCourse { title: "Two".into(), quizzes: vec![quiz("pre", false), quiz("one", true), quiz("two", true)], mastery_score: 80.0, start: String::new() }
    }

    #[test]
    fn incomplete_until_every_checkpoint_is_answered_then_passed_or_failed() {
        let course = two_quizzes();
        let mut progress = Progress::default();
        let status = |progress: &Progress| {
            let report = report(progress, &course, course.mastery_score);
            (report.status, report.score)
        };
        assert_eq!(status(&progress), ("incomplete", 0.0));
        progress.record("pre", "pre-hash", "a", answer(1.0, vec![0]));
        progress.record("one", "one-hash", "a", answer(1.0, vec![0]));
        progress.record("one", "one-hash", "b", answer(1.0, vec![0]));
        progress.record("two", "two-hash", "a", answer(1.0, vec![0]));
        assert_eq!(status(&progress), ("incomplete", 75.0), "the pre-assessment is not graded");
        progress.record("two", "two-hash", "b", answer(0.0, vec![1]));
        assert_eq!(status(&progress), ("failed", 75.0));
        progress.record("two", "two-hash", "b", answer(0.5, vec![1, 0]));
        assert_eq!(status(&progress), ("passed", 87.5));
        assert_eq!(report(&progress, &course, 90.0).status, "failed", "the LMS's mastery score is used");
    }

    #[test]
    fn starting_a_quiz_again_keeps_its_first_complete_attempt() {
        let course = two_quizzes();
        let mut progress = Progress::default();
        for (quiz, hash) in [("one", "one-hash"), ("two", "two-hash")] {
            progress.record(quiz, hash, "a", answer(1.0, vec![0]));
            progress.record(quiz, hash, "b", answer(1.0, vec![0]));
            progress.note_completion(quiz, hash, 2);
        }
        progress.start_again("two", "two-hash");
        progress.record("two", "two-hash", "a", answer(0.0, vec![1]));
        let report = report(&progress, &course, 80.0);
        assert_eq!((report.status, report.score), ("passed", 100.0));
        let reread = decode(&report.suspend_data, &course).expect("reads");
        assert_eq!(reread.first_score("two", "two-hash"), Some(2.0));
        assert_eq!(reread.score("two", "two-hash"), (0.0, 1));
    }

    #[test]
    fn a_package_with_nothing_to_grade_is_completed() {
        let mut course = two_quizzes();
        course.quizzes.retain(|quiz| !quiz.graded);
        assert_eq!(report(&Progress::default(), &course, 80.0).status, "completed");
    }
}
