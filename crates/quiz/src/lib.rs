//! Quizzes: the question model, checking and scoring answers, shuffling options, content
//! hashes for saved progress, simulator-graded questions, and export to Moodle's GIFT format.
//!
//! It has no parser of its own (`lab-content` reads quiz files at build time), so the app can
//! depend on it without growing; its one dependency besides serde is lab-sim, which the app
//! ships anyway.

mod check;
mod gift;
mod hash;
mod lint;
mod model;
mod prediction;
mod shuffle;
mod simulated;
mod validate;

pub use check::{check, Answer, Checked, OptionVerdict};
pub use gift::to_gift;
pub use hash::{content_hash, texts_hash};
pub use lint::{KeyCues, MAX_LONGEST_CORRECT_SHARE, MIN_QUESTIONS_PER_COURSE, MIN_QUESTIONS_PER_QUIZ, TRUE_SHARE_RANGE};
pub use model::{Choice, Question, QuestionKind, Quiz, Scoring};
pub use prediction::{band_of, band_problems, Band, Guess, Prediction, Verdict};
pub use shuffle::{permutation, scrambled_order, shuffled_order};
pub use simulated::{
    check_prediction, describe_instance, MeasuredRun, draw_instance, Pick, BREAKER_STATES, fixed_instance, format_number, instance_fits, measure_instance, prompt_with_values, right_option, Instance, Measure, Measured, Vary,
};
pub use validate::{validate, Problem};
