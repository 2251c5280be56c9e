//! The toolbar: start from a blank canvas or a blueprint, undo and redo, lay out, zoom, export,
//! import, share, and run. Its keyboard shortcuts work anywhere in the sandbox.

use lab_i18n::sandbox as msg;
use leptos::prelude::*;

use super::{file, Ed};
use crate::blueprints::{self, BLUEPRINTS};
use crate::draft::Draft;

pub fn view(ed: Ed) -> impl IntoView {
    let options = BLUEPRINTS.iter().enumerate().map(|(i, (_, title, _))| view! { <option value=i.to_string()>{title.text()}</option> }).collect_view();
    view! {
        <div class="sandbox-toolbar" role="toolbar" aria-label=msg::TOOLBAR_LABEL.text()>
            <button type="button" data-testid="sandbox-blank" on:click=move |_| {
                ed.start_from(Draft::laid_out(blueprints::blank()), msg::BLANK_CANVAS_DONE.text().to_string())
            }>{msg::BLANK_CANVAS.text()}</button>
            <label class="blueprint-choice">
                <span>{msg::START_FROM.text()}</span>
                <select data-testid="sandbox-blueprint" on:change=move |e| start_blueprint(ed, &leptos::prelude::event_target_value(&e))>
                    <option value="" selected=true>{msg::A_BLUEPRINT.text()}</option>
                    {options}
                </select>
            </label>
            <button type="button" data-testid="sandbox-undo" aria-keyshortcuts="Control+Z" disabled=move || ed.history.with(|h| !h.can_undo()) on:click=move |_| ed.undo()>{msg::UNDO.text()}</button>
            <button type="button" data-testid="sandbox-redo" aria-keyshortcuts="Control+Y" disabled=move || ed.history.with(|h| !h.can_redo()) on:click=move |_| ed.redo()>{msg::REDO.text()}</button>
            <button type="button" data-testid="sandbox-layout" on:click=move |_| lay_out(ed)>{msg::LAY_OUT.text()}</button>
            <button type="button" aria-label=msg::ZOOM_IN.text() aria-keyshortcuts="+" on:click=move |_| ed.view_box.update(|v| *v = v.zoomed(1.25))>"+"</button>
            <button type="button" aria-label=msg::ZOOM_OUT.text() aria-keyshortcuts="-" on:click=move |_| ed.view_box.update(|v| *v = v.zoomed(0.8))>"−"</button>
            <button type="button" aria-keyshortcuts="0" on:click=move |_| ed.fit()>{msg::FIT.text()}</button>
            {file::buttons(ed)}
            <button type="button" class="primary" data-testid="sandbox-run" on:click=move |_| super::run::start(ed)>{msg::RUN.text()}</button>
        </div>
    }
}

fn start_blueprint(ed: Ed, choice: &str) {
    let Ok(index) = choice.parse::<usize>() else { return };
    match blueprints::blueprint(index) {
        Ok(scenario) => {
            let title = BLUEPRINTS.get(index).map(|(_, title, _)| title.text()).unwrap_or_default();
            ed.start_from(Draft::laid_out(scenario), msg::STARTED_FROM_BLUEPRINT.with(&[("title", &title)]));
        }
        Err(why) => ed.notice.set(Some(msg::BLUEPRINT_NOT_OPENED.with(&[("why", &why)]))),
    }
}

fn lay_out(ed: Ed) {
    if ed.edit(|d| { d.lay_out(); Ok(()) }, |()| msg::LAID_OUT.text().to_string()).is_some() {
        ed.fit();
    }
}

/// Undo and redo from anywhere in the sandbox; zoom while the canvas has focus. Text fields keep
/// their own keys.
pub fn shortcut(ed: Ed, e: &leptos::ev::KeyboardEvent) {
    if in_text_field(e) {
        return;
    }
    let command = e.ctrl_key() || e.meta_key();
    match e.key().as_str() {
        "z" | "Z" if command && e.shift_key() => ed.redo(),
        "z" | "Z" if command => ed.undo(),
        "y" | "Y" if command => ed.redo(),
        "+" | "=" if !command => ed.view_box.update(|v| *v = v.zoomed(1.25)),
        "-" if !command => ed.view_box.update(|v| *v = v.zoomed(0.8)),
        "0" if !command => ed.fit(),
        _ => return,
    }
    e.prevent_default();
}

fn in_text_field(e: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
