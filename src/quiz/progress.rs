//! What a learner has answered, as stored in the browser. Pure data and rules; reading and
//! writing browser storage is in `storage.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Bumped when the stored shape changes; older data is then set aside, not misread.
pub const PROGRESS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub quizzes: BTreeMap<String, QuizProgress>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuizProgress {
    /// The content hash of the quiz these answers were given to.
    pub hash: String,
    #[serde(default)]
    pub answers: BTreeMap<String, SavedAnswer>,
}

/// A checked answer: the options picked (or the order given), and how it scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub picks: Vec<usize>,
    pub score: f64,
    pub fully_right: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { version: PROGRESS_VERSION, quizzes: BTreeMap::new() }
    }
}

/// Why stored progress could not be used as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    Damaged,
    NewerVersion(u32),
}

impl Progress {
    /// Reads stored progress. Damaged or unknown data gives a problem, never a panic.
    pub fn from_json(text: &str) -> Result<Progress, LoadProblem> {
        let progress: Progress = serde_json::from_str(text).map_err(|_| LoadProblem::Damaged)?;
        if progress.version != PROGRESS_VERSION {
            return Err(LoadProblem::NewerVersion(progress.version));
        }
        if progress.quizzes.values().flat_map(|quiz| quiz.answers.values()).any(|answer| !(0.0..=1.0).contains(&answer.score)) {
            return Err(LoadProblem::Damaged);
        }
        Ok(progress)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The saved answers for a quiz, if they were given to this exact version of it.
    pub fn answers_for(&self, quiz_id: &str, hash: &str) -> BTreeMap<String, SavedAnswer> {
        self.quizzes.get(quiz_id).filter(|saved| saved.hash == hash).map(|saved| saved.answers.clone()).unwrap_or_default()
    }

    /// Records an answer; answers saved for an older version of the quiz are dropped.
    pub fn record(&mut self, quiz_id: &str, hash: &str, question_id: &str, answer: SavedAnswer) {
        let entry = self.quizzes.entry(quiz_id.to_string()).or_default();
        if entry.hash != hash {
            *entry = QuizProgress { hash: hash.to_string(), answers: BTreeMap::new() };
        }
        entry.answers.insert(question_id.to_string(), answer);
    }

    /// Merges progress from another browser: for each question, the better answer wins.
    pub fn merge(&mut self, other: Progress) {
        for (quiz_id, theirs) in other.quizzes {
            for (question_id, answer) in theirs.answers {
                let keep_ours = self
                    .quizzes
                    .get(&quiz_id)
                    .filter(|ours| ours.hash == theirs.hash)
                    .and_then(|ours| ours.answers.get(&question_id))
                    .is_some_and(|ours| ours.score >= answer.score);
                if !keep_ours {
                    self.record(&quiz_id, &theirs.hash, &question_id, answer);
                }
            }
        }
    }

    /// (points, questions answered) for one quiz version.
    pub fn score(&self, quiz_id: &str, hash: &str) -> (f64, usize) {
        let answers = self.answers_for(quiz_id, hash);
        (answers.values().map(|answer| answer.score).sum(), answers.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(score: f64) -> SavedAnswer {
        SavedAnswer { picks: vec![0], score, fully_right: score == 1.0 }
    }

    #[test]
    fn round_trips_through_json() {
        let mut progress = Progress::default();
        progress.record("quiz", "h1", "q1", answer(1.0));
        assert_eq!(Progress::from_json(&progress.to_json()), Ok(progress));
    }

    #[test]
    fn damaged_or_foreign_data_is_a_problem_not_a_panic() {
        for text in ["", "{", "null", "[]", "{\"version\":1,\"quizzes\":{\"q\":{\"hash\":\"h\",\"answers\":{\"a\":{\"picks\":[0],\"score\":7,\"fully_right\":true}}}}}"] {
            assert_eq!(Progress::from_json(text), Err(LoadProblem::Damaged), "{text:?}");
        }
        assert_eq!(Progress::from_json("{\"version\":9}"), Err(LoadProblem::NewerVersion(9)));
    }

    #[test]
    fn an_edited_quiz_starts_fresh() {
        let mut progress = Progress::default();
        progress.record("quiz", "old", "q1", answer(1.0));
        assert!(progress.answers_for("quiz", "new").is_empty());
        progress.record("quiz", "new", "q2", answer(0.0));
        assert_eq!(progress.answers_for("quiz", "new").len(), 1);
        assert!(progress.answers_for("quiz", "old").is_empty());
    }

    #[test]
    fn merging_keeps_the_better_answer() {
        let mut ours = Progress::default();
        ours.record("quiz", "h", "q1", answer(1.0));
        ours.record("quiz", "h", "q2", answer(0.0));
        let mut theirs = Progress::default();
        theirs.record("quiz", "h", "q1", answer(0.0));
        theirs.record("quiz", "h", "q2", answer(0.5));
        theirs.record("other", "h", "q1", answer(1.0));
        ours.merge(theirs);
        assert_eq!(ours.score("quiz", "h"), (1.5, 2));
        assert_eq!(ours.score("other", "h"), (1.0, 1));
    }
}
