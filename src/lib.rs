//! The Integration Patterns Lab web app's shell: routing, the course map, lesson pages, the
//! places of the quiz pages and the simulation, progress. `main.rs` only starts it
//! ([`takeover`]); views and components live here, one file each. Two later downloads
//! ([`modules`]) fill those places: the simulation and its player (`crates/player`, loaded by
//! [`player_module`]), and the quiz pages ([`quiz`], built as `src/bin/lab-quizzes.rs`,
//! loaded by [`quiz_module`]). On the host, the same views paint every page at build time
//! ([`paint`]).

mod app;
pub mod catalog;
mod components;
mod dom;
#[cfg(not(target_arch = "wasm32"))]
pub mod paint;
pub mod modules;
mod offline;
pub mod player_module;
pub mod quiz;
pub mod quiz_module;
pub mod route;
pub mod site;
pub mod takeover;
mod views;

pub use app::{page_title, App, Frame};
pub use components::header::LANGUAGE_KEY;
