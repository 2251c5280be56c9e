//! What the shell calls in this module, through JavaScript: mount a lesson's player into an
//! element, and measure a simulator-graded quiz question. Everything crosses as text (JSON
//! written at build time, or by lab-quiz types on both sides), and every failure comes back as
//! a message for the page, never a panic.

use std::any::Any;

use lab_quiz::{describe_instance, measure_instance, Instance, MeasuredRun, Question};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::player_data;
use crate::share_link::{to_hash, ShareState};
use crate::{Place, Player};

/// A mounted player; `unmount` (or dropping it) removes it and stops its timers.
#[wasm_bindgen]
pub struct MountedPlayer {
    handle: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl MountedPlayer {
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the player for the lesson whose data file is `data_json` into `parent`; `hash` is
/// the page's fragment (a share link, or empty). Marks `lab:player-mount` on the way in and
/// `lab:player-ready` once Play works.
#[wasm_bindgen]
pub fn mount_player(parent: web_sys::HtmlElement, data_json: &str, hash: String) -> Result<MountedPlayer, String> {
    mark("lab:player-mount");
    let data = player_data(data_json)?;
    // `#present` asks for presenter mode (which reads it from the address), not a share link.
    let (hash, _) = crate::presenter::split_fragment(&hash);
    let handle = leptos::mount::mount_to(parent, move || view! { <Player data=data hash=hash place=Place::Lesson /> });
    mark("lab:player-ready");
    Ok(MountedPlayer { handle: Some(Box::new(handle)) })
}

/// Mounts the figure `name` of a lesson's text, whose data file is `data_json`, into `parent`:
/// a compact player of its own, beside the lesson's (see [`Place::Figure`]).
#[wasm_bindgen]
pub fn mount_figure(parent: web_sys::HtmlElement, data_json: &str, name: String) -> Result<MountedPlayer, String> {
    let data = player_data(data_json)?;
    let handle = leptos::mount::mount_to(parent, move || view! { <Player data=data hash=String::new() place=Place::Figure(name) /> });
    Ok(MountedPlayer { handle: Some(Box::new(handle)) })
}

/// A User Timing mark, read by the tests and `cargo xtask bench-load`.
fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// Runs one instance of a simulator-graded question on its lesson's scenario.
#[wasm_bindgen]
pub fn measure_question(question_json: &str, data_json: &str, instance_json: &str) -> Result<String, String> {
    let question: Question = serde_json::from_str(question_json).map_err(|e| lab_i18n::player::QUESTION_UNREADABLE.with(&[("problem", &e)]))?;
    let instance: Instance = serde_json::from_str(instance_json).map_err(|e| lab_i18n::player::ATTEMPT_UNREADABLE.with(&[("problem", &e)]))?;
    let scenario = player_data(data_json)?.lesson.scenario;
    let measured = measure_instance(&question, &scenario, &instance)?;
    let share = ShareState { seed: instance.seed, step: measured.last_step, params: instance.values.clone(), faults: Vec::new() };
    let answer = MeasuredRun { value: measured.value, instance_text: describe_instance(&instance, &scenario), share_fragment: to_hash(&share) };
    serde_json::to_string(&answer).map_err(|e| e.to_string())
}
