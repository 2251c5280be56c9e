//! The Integration Patterns Lab web app's shell: routing, the course map, lesson and quiz pages,
//! progress. `main.rs` only starts it ([`takeover`]); views and components live here, one file
//! each. The simulation and its player are a second download (`crates/player`, loaded by
//! [`player_module`]). On the host, the same views paint every page at build time
//! ([`paint`]).

mod app;
pub mod catalog;
mod components;
mod dom;
#[cfg(not(target_arch = "wasm32"))]
pub mod paint;
pub mod player_module;
mod offline;
mod quiz;
pub mod route;
pub mod site;
pub mod takeover;
mod views;

pub use app::{page_title, App, Frame};
