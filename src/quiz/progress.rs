//! What a learner has answered, as stored in the browser. Pure data and rules; reading and
//! writing browser storage is in `storage.rs`.

use std::collections::BTreeMap;

use lab_quiz::Instance;
use serde::{Deserialize, Serialize};

/// Bumped when the stored shape changes; older data is then set aside, not misread.
pub const PROGRESS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub quizzes: BTreeMap<String, QuizProgress>,
    /// The final assessment's questions, drawn on request and kept until the next draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_draw: Option<FinalDraw>,
    /// The design challenges, by slug, in an exported file only: in the browser the sandbox
    /// keeps them under its own keys (`challenge_storage.rs` reads and writes them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub challenges: BTreeMap<String, ChallengeProgress>,
}

/// A design challenge's best stars and the learner's design for it (in the sandbox's compact
/// share-link form), if one is kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChallengeProgress {
    pub stars: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<String>,
}

/// The most stars a challenge gives.
pub const MAX_STARS: u8 = 3;

/// A draw of the final assessment: its number (each new draw starts fresh) and its questions
/// as `<quiz id>--<question id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalDraw {
    pub number: u32,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuizProgress {
    /// The content hash of the quiz these answers were given to.
    pub hash: String,
    #[serde(default)]
    pub answers: BTreeMap<String, SavedAnswer>,
    /// The instance drawn for the current, not yet checked attempt at each simulated question,
    /// so a reload shows the same instance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub drawn: BTreeMap<String, Instance>,
    /// The points of the first attempt that answered every question, kept when the learner
    /// starts again, so the end of the course can show first against latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_score: Option<f64>,
}

/// A checked answer: the options picked (or the order given), and how it scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub picks: Vec<usize>,
    pub score: f64,
    pub fully_right: bool,
    /// For a simulated question: the instance the prediction was about, and the prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub instance: Instance,
    pub given: f64,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { version: PROGRESS_VERSION, quizzes: BTreeMap::new(), final_draw: None, challenges: BTreeMap::new() }
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
        if progress.quizzes.values().flat_map(|quiz| quiz.answers.values()).any(|answer| !(0.0..=1.0).contains(&answer.score))
            || progress.challenges.values().any(|challenge| challenge.stars > MAX_STARS)
        {
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

    /// Records an answer; answers saved for an older version of the quiz are dropped. The
    /// attempt is over, so its drawn instance goes too.
    pub fn record(&mut self, quiz_id: &str, hash: &str, question_id: &str, answer: SavedAnswer) {
        let entry = self.entry(quiz_id, hash);
        entry.drawn.remove(question_id);
        entry.answers.insert(question_id.to_string(), answer);
    }

    /// Once every one of the quiz's `total` questions is answered for the first time, keeps
    /// that attempt's points.
    pub fn note_completion(&mut self, quiz_id: &str, hash: &str, total: usize) {
        let entry = self.entry(quiz_id, hash);
        if entry.first_score.is_none() && entry.answers.len() >= total {
            entry.first_score = Some(points(&entry.answers));
        }
    }

    /// The first complete attempt's points, for this version of the quiz.
    pub fn first_score(&self, quiz_id: &str, hash: &str) -> Option<f64> {
        self.quizzes.get(quiz_id).filter(|saved| saved.hash == hash).and_then(|saved| saved.first_score)
    }

    /// Starts a new attempt: the answers go, the first complete attempt's score stays.
    pub fn start_again(&mut self, quiz_id: &str, hash: &str) {
        let entry = self.entry(quiz_id, hash);
        entry.answers.clear();
        entry.drawn.clear();
    }

    /// The instance drawn for the open attempt at a simulated question, if any.
    pub fn drawn(&self, quiz_id: &str, hash: &str, question_id: &str) -> Option<Instance> {
        self.quizzes.get(quiz_id).filter(|saved| saved.hash == hash).and_then(|saved| saved.drawn.get(question_id).cloned())
    }

    pub fn set_drawn(&mut self, quiz_id: &str, hash: &str, question_id: &str, instance: Instance) {
        self.entry(quiz_id, hash).drawn.insert(question_id.to_string(), instance);
    }

    /// Moves the answers saved under the key `from` to `to`: the same quiz, keyed anew.
    pub fn rekey(&mut self, quiz_id: &str, from: &str, to: &str) {
        if let Some(saved) = self.quizzes.get_mut(quiz_id).filter(|saved| saved.hash == from) {
            saved.hash = to.to_string();
        }
    }

    fn entry(&mut self, quiz_id: &str, hash: &str) -> &mut QuizProgress {
        let entry = self.quizzes.entry(quiz_id.to_string()).or_default();
        if entry.hash != hash {
            *entry = QuizProgress { hash: hash.to_string(), ..QuizProgress::default() };
        }
        entry
    }

    /// Merges progress from another browser: for each question, the better answer wins; a
    /// first score or a final draw this browser lacks is taken over; for each challenge, the
    /// most stars, and the design only where this browser has none (its own is never replaced).
    pub fn merge(&mut self, other: Progress) {
        if self.final_draw.is_none() {
            self.final_draw = other.final_draw;
        }
        merge_challenges(&mut self.challenges, other.challenges);
        for (quiz_id, theirs) in other.quizzes {
            if let Some(first) = theirs.first_score {
                let ours = self.entry(&quiz_id, &theirs.hash);
                ours.first_score = ours.first_score.or(Some(first));
            }
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
        (points(&answers), answers.len())
    }
}

/// Merges `theirs` into `ours`, challenge by challenge, by [`Progress::merge`]'s rule.
pub fn merge_challenges(ours: &mut BTreeMap<String, ChallengeProgress>, theirs: BTreeMap<String, ChallengeProgress>) {
    for (slug, their) in theirs {
        let our = ours.entry(slug).or_default();
        our.stars = our.stars.max(their.stars);
        if our.design.is_none() {
            our.design = their.design;
        }
    }
}

/// The points of some answers. An empty sum of floats is -0.0 in Rust, shown as "-0"; adding
/// 0.0 makes it 0.
fn points(answers: &BTreeMap<String, SavedAnswer>) -> f64 {
    answers.values().map(|answer| answer.score).sum::<f64>() + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn saved_example() -> String {
        let mut progress = Progress::default();
        progress.record("pre", "h", "q1", SavedAnswer { picks: vec![0, 2], score: 0.5, fully_right: false, prediction: None });
        progress.note_completion("pre", "h", 1);
        progress.to_json()
    }

    proptest! {
        /// Whatever browser storage or an imported file holds, reading it gives progress or a
        /// problem to report, never a panic; what it accepts survives a round trip.
        #[test]
        fn reading_saved_progress_never_panics(text in ".{0,400}") {
            if let Ok(progress) = Progress::from_json(&text) {
                prop_assert_eq!(Progress::from_json(&progress.to_json()).ok(), Some(progress));
            }
        }

        #[test]
        fn damaged_progress_is_refused_or_read(cut in 0usize..400, at in 0usize..400, byte in 0u8..128) {
            let mut bytes = saved_example().into_bytes();
            if let Some(b) = bytes.get_mut(at) {
                *b = byte;
            }
            bytes.truncate(cut.max(1));
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(progress) = Progress::from_json(&text) {
                prop_assert_eq!(Progress::from_json(&progress.to_json()).ok(), Some(progress));
            }
        }
    }

    fn answer(score: f64) -> SavedAnswer {
        SavedAnswer { picks: vec![0], score, fully_right: score == 1.0, prediction: None }
    }

    #[test]
    fn the_first_complete_attempt_is_kept_when_starting_again() {
        let mut progress = Progress::default();
        progress.record("pre", "h", "q1", answer(0.0));
        progress.note_completion("pre", "h", 2);
        assert_eq!(progress.first_score("pre", "h"), None, "one of two answered");
        progress.record("pre", "h", "q2", answer(1.0));
        progress.note_completion("pre", "h", 2);
        assert_eq!(progress.first_score("pre", "h"), Some(1.0));
        progress.start_again("pre", "h");
        assert_eq!(progress.score("pre", "h"), (0.0, 0));
        progress.record("pre", "h", "q1", answer(1.0));
        progress.record("pre", "h", "q2", answer(1.0));
        progress.note_completion("pre", "h", 2);
        assert_eq!(progress.first_score("pre", "h"), Some(1.0), "the first attempt's score stays");
        assert_eq!(progress.score("pre", "h"), (2.0, 2));
        let reloaded = Progress::from_json(&progress.to_json()).unwrap();
        assert_eq!(reloaded.first_score("pre", "h"), Some(1.0));
        assert_eq!(reloaded.first_score("pre", "edited"), None);
    }

    #[test]
    fn a_drawn_instance_is_kept_until_its_attempt_is_checked() {
        let mut progress = Progress::default();
        let instance = Instance { seed: 42, values: vec![("rate".into(), 80.0)] };
        progress.set_drawn("quiz", "h", "sim", instance.clone());
        let reloaded = Progress::from_json(&progress.to_json()).unwrap();
        assert_eq!(reloaded.drawn("quiz", "h", "sim"), Some(instance.clone()));
        assert_eq!(reloaded.drawn("quiz", "other-version", "sim"), None);
        let prediction = Some(Prediction { instance, given: 12.0 });
        progress.record("quiz", "h", "sim", SavedAnswer { picks: Vec::new(), score: 0.0, fully_right: false, prediction: prediction.clone() });
        assert_eq!(progress.drawn("quiz", "h", "sim"), None);
        let reloaded = Progress::from_json(&progress.to_json()).unwrap();
        assert_eq!(reloaded.answers_for("quiz", "h")["sim"].prediction, prediction);
    }

    #[test]
    fn challenges_merge_to_the_most_stars_and_never_replace_a_design() {
        let kept = |stars, design: Option<&str>| ChallengeProgress { stars, design: design.map(str::to_string) };
        let mut ours = Progress::default();
        ours.challenges.insert("fan-out".into(), kept(1, Some("ours")));
        ours.challenges.insert("pub-sub".into(), kept(3, None));
        let mut theirs = Progress::default();
        theirs.challenges.insert("fan-out".into(), kept(3, Some("theirs")));
        theirs.challenges.insert("pub-sub".into(), kept(2, Some("theirs")));
        theirs.challenges.insert("streamer".into(), kept(0, Some("theirs")));
        let theirs = Progress::from_json(&theirs.to_json()).unwrap();
        ours.merge(theirs);
        assert_eq!(ours.challenges["fan-out"], kept(3, Some("ours")));
        assert_eq!(ours.challenges["pub-sub"], kept(3, Some("theirs")));
        assert_eq!(ours.challenges["streamer"], kept(0, Some("theirs")));
        let four_stars = r#"{"version":1,"challenges":{"fan-out":{"stars":4}}}"#;
        assert_eq!(Progress::from_json(four_stars), Err(LoadProblem::Damaged));
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
        assert!(progress.score("quiz", "new").0.is_sign_positive(), "no answers score 0, not -0");
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
