//! The player module (`crates/player`, see [`crate::modules`]): a lesson's player is mounted
//! into an element, a simulator-graded question is measured. The shell hands over the lesson's
//! data file as text, and gets back a handle, or for a question a [`lab_quiz::MeasuredRun`]
//! as JSON.

use lab_i18n::shell as msg;
use wasm_bindgen::prelude::*;
use web_sys::js_sys::Reflect;

use crate::dom::fetch_text;
use crate::modules::{self, Mounted, PLAYER};
use crate::site;

/// The player a lesson page mounted before the shell arrived (`assets/start-lesson.js`), if it
/// shows the simulation in `sim_file`: its handle, taken once.
pub fn take_painted_player(sim_file: &str) -> Option<Mounted> {
    let global = web_sys::js_sys::global();
    let key = JsValue::from_str("labPaintedPlayer");
    let painted = Reflect::get(&global, &key).ok().filter(|value| value.is_object())?;
    let sim = Reflect::get(&painted, &JsValue::from_str("sim")).ok()?.as_string()?;
    if sim != sim_file {
        return None;
    }
    let handle = Reflect::get(&painted, &JsValue::from_str("handle")).ok().filter(|value| value.is_object())?;
    let _ = Reflect::delete_property(&global, &key);
    Some(Mounted(handle))
}

/// The module and a lesson's data file, downloaded side by side.
async fn module_and_data(data_file: &str) -> Result<(JsValue, String), String> {
    let url = site::asset(data_file);
    let (module, data) = futures::future::join(modules::load(PLAYER), fetch_text(&url)).await;
    let module = module?;
    let data = data.map_err(|why| msg::LESSON_DATA_MISSING.with(&[("why", &why)]))?;
    Ok((module, data))
}

/// Downloads the module and the lesson's data file, then mounts the player into `parent`;
/// `hash` may hold a share link.
pub async fn mount(parent: web_sys::HtmlElement, data_file: &str, hash: String) -> Result<Mounted, String> {
    let (module, data) = module_and_data(data_file).await?;
    modules::call(&module, "mount_player", &[parent.into(), JsValue::from_str(&data), JsValue::from_str(&hash)]).map(Mounted)
}

/// Downloads the module and a figure's data file, then mounts the figure `name` into `parent`.
pub async fn mount_figure(parent: web_sys::HtmlElement, data_file: &str, name: &str) -> Result<Mounted, String> {
    let (module, data) = module_and_data(data_file).await?;
    modules::call(&module, "mount_figure", &[parent.into(), JsValue::from_str(&data), JsValue::from_str(name)]).map(Mounted)
}

/// Measures one instance of a simulator-graded question (see `lab_player::exports`).
pub async fn measure(question_json: String, data_file: &str, instance_json: String) -> Result<lab_quiz::MeasuredRun, String> {
    let (module, data) = module_and_data(data_file).await?;
    let answer = modules::call(&module, "measure_question", &[JsValue::from_str(&question_json), JsValue::from_str(&data), JsValue::from_str(&instance_json)])?;
    serde_json::from_str(&answer.as_string().unwrap_or_default()).map_err(|_| msg::SIMULATION_ANSWER_UNREADABLE.text().to_string())
}
