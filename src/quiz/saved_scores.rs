//! What the shell needs of saved progress: each quiz's version (its hash) and the score of each
//! saved answer. The course map shows lesson statuses from it on every page, so the shell reads
//! it straight from the saved JSON with the browser's own parser; the full [`Progress`] (with
//! picks, predictions and drawn instances, read by serde) lives only in the quiz module, which
//! checks and saves answers. Both read the same stored text; [`SavedScores::of`] is the same
//! projection of a `Progress`, for tests and painting.

use std::collections::BTreeMap;

use super::progress::Progress;

/// Per quiz: the hash its answers were given to, and each answer's score (0 to 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedScores {
    quizzes: BTreeMap<String, (String, Vec<f64>)>,
}

impl SavedScores {
    /// The scores of `progress`.
    pub fn of(progress: &Progress) -> SavedScores {
        let quizzes = progress
            .quizzes
            .iter()
            .map(|(id, quiz)| (id.clone(), (quiz.hash.clone(), quiz.answers.values().map(|answer| answer.score).collect())))
            .collect();
        SavedScores { quizzes }
    }

    /// (points, questions answered) for one quiz version, as [`Progress::score`] counts them.
    pub fn score(&self, quiz_id: &str, hash: &str) -> (f64, usize) {
        match self.quizzes.get(quiz_id).filter(|(saved, _)| saved == hash) {
            Some((_, scores)) => (scores.iter().sum::<f64>() + 0.0, scores.len()),
            None => (0.0, 0),
        }
    }
}

pub use browser::read_saved_scores;

/// In the browser only.
mod browser {
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys::{Object, Reflect, JSON};

    use super::SavedScores;
    use crate::quiz::progress::PROGRESS_VERSION;

    fn field(value: &JsValue, name: &str) -> Option<JsValue> {
        Reflect::get(value, &JsValue::from_str(name)).ok().filter(|field| !field.is_undefined() && !field.is_null())
    }

    fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
        value
            .dyn_ref::<Object>()
            .map(|object| Object::entries(object).iter().filter_map(|pair| Some((Reflect::get_u32(&pair, 0).ok()?.as_string()?, Reflect::get_u32(&pair, 1).ok()?))).collect())
            .unwrap_or_default()
    }

    /// The scores in saved progress, or None when the text is not progress this version of the
    /// course can read (the quiz module then says so, and keeps the text aside).
    pub fn read_saved_scores(text: &str) -> Option<SavedScores> {
        let saved = JSON::parse(text).ok()?;
        if field(&saved, "version")?.as_f64()? != f64::from(PROGRESS_VERSION) {
            return None;
        }
        let mut quizzes = std::collections::BTreeMap::new();
        for (id, quiz) in field(&saved, "quizzes").as_ref().map(entries).unwrap_or_default() {
            let hash = field(&quiz, "hash")?.as_string()?;
            let answers = field(&quiz, "answers").as_ref().map(entries).unwrap_or_default();
            let scores = answers.iter().map(|(_, answer)| field(answer, "score")?.as_f64().filter(|score| (0.0..=1.0).contains(score))).collect::<Option<Vec<f64>>>()?;
            quizzes.insert(id, (hash, scores));
        }
        Some(SavedScores { quizzes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::progress::SavedAnswer;

    #[test]
    fn scores_count_like_progress_does() {
        let mut progress = Progress::default();
        let answer = |score| SavedAnswer { picks: vec![0], score, fully_right: score == 1.0, prediction: None };
        progress.record("pre", "h1", "a", answer(1.0));
        progress.record("pre", "h1", "b", answer(0.5));
        progress.record("old", "h0", "a", answer(1.0));
        let scores = SavedScores::of(&progress);
        for (quiz, hash) in [("pre", "h1"), ("pre", "h2"), ("old", "h0"), ("none", "h")] {
            assert_eq!(scores.score(quiz, hash), progress.score(quiz, hash), "{quiz} {hash}");
        }
        assert_eq!(SavedScores::default().score("pre", "h1"), (0.0, 0));
    }
}
