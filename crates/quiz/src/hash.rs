use crate::model::{Question, QuestionKind, Quiz};

/// A hash of everything that decides how a quiz is graded. Saved answers are keyed by it, so an
/// edited quiz starts fresh instead of grading old answers against new options.
pub fn content_hash(quiz: &Quiz) -> String {
    let mut hash = Fnv::new();
    hash.text(&quiz.id);
    hash.text(&format!("{:?}", quiz.scoring));
    for question in &quiz.questions {
        hash_question(&mut hash, question);
    }
    format!("{:016x}", hash.0)
}

/// A hash of a list of texts (ids, other hashes): for keys that must not depend on a quiz's
/// wording, such as a final assessment's draw read in another language.
pub fn texts_hash<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash = Fnv::new();
    for text in texts {
        hash.text(text);
    }
    format!("{:016x}", hash.0)
}

fn hash_question(hash: &mut Fnv, question: &Question) {
    hash.text(&question.id);
    hash.text(&format!("{:?}", question.kind));
    hash.text(&question.prompt);
    hash.text(&question.select.map(|n| n.to_string()).unwrap_or_default());
    for choice in &question.choices {
        hash.text(&choice.text);
        hash.text(if choice.correct { "1" } else { "0" });
    }
    // Only simulated questions hash these, so adding the kind left other quizzes' hashes (and
    // the learners' saved answers) as they were.
    if question.kind == QuestionKind::Simulated {
        hash.text(&format!("{:?} {:?} {:?} {:?}", question.scenario, question.vary, question.measure, question.tolerance));
        // Likewise bands, hashed only where there are some.
        if !question.bands.is_empty() {
            hash.text(&format!("{:?}", question.bands));
        }
        if let Some(pick) = &question.pick {
            hash.text(&format!("{pick:?}"));
        }
    }
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike std's hasher.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Each text ends with a separator byte, so ("ab", "c") and ("a", "bc") differ.
    fn text(&mut self, text: &str) {
        for byte in text.bytes().chain(std::iter::once(0xff)) {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
