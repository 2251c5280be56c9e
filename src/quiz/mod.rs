//! Quizzes in the app: the embedded quiz files, saved progress, and the quiz page.

pub mod catalog;
pub mod final_assessment;
pub mod lesson_status;
pub mod page;
pub mod progress;
pub mod progress_panel;
mod question;
mod simulated;
pub mod storage;
