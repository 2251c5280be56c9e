//! Quizzes in the app: the embedded quiz files, saved progress, and the quiz page.

pub mod catalog;
mod challenge_storage;
pub mod embedded;
pub mod final_assessment;
pub mod lesson_status;
mod marks;
pub mod mount;
pub mod progress;
mod question;
mod simulated;
pub mod page;
pub mod progress_panel;
pub mod saved_scores;
pub mod scorm;
pub mod storage;
