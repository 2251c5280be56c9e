//! The sandbox: a learner composes an architecture from every component kind the engine has,
//! edits it by pointer, touch or keyboard, and runs it with the lessons' own player.
//!
//! - [`draft`]: the architecture being drawn (a scenario and places) and its undo history;
//!   pure, host-tested;
//! - [`share_link`] and [`storage`]: the draft in a link and between visits;
//! - [`blueprints`]: the architectures a learner can start from;
//! - [`kind_words`]: the component kinds' words in the learner's language;
//! - [`views`]: the page (palette, canvas, property panel, toolbar, the run);
//! - [`exports`]: what the shell calls to draw the sandbox into its page.
//!
//! A wasm module of its own (`lab-sandbox`), downloaded only by the sandbox page: it carries
//! the player and a TOML parser, so neither the home page nor a lesson waits for it.

// The views nest deeply (the player inside the editor).
#![recursion_limit = "256"]

pub mod blueprints;
pub mod draft;
pub mod exports;
pub mod kind_words;
pub mod share_link;
pub mod storage;
pub mod views;
