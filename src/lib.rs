//! The Integration Patterns Lab web app: Leptos components over the pure simulation core.
//! `main.rs` only mounts [`App`]; views and components live here, one file each.

mod app;
pub mod catalog;
mod components;
mod dom;
mod offline;
mod player;
mod quiz;
pub mod route;
mod views;

pub use app::App;
