//! The toolbar: start from a blank canvas or a blueprint, undo and redo, lay out, zoom, export,
//! import, share, and run. Its keyboard shortcuts work anywhere in the sandbox.

use leptos::prelude::*;

use super::{file, Ed, ViewBox};
use crate::blueprints::{self, BLUEPRINTS};
use crate::draft::Draft;

pub fn view(ed: Ed) -> impl IntoView {
    let options = BLUEPRINTS.iter().enumerate().map(|(i, (_, title, _))| view! { <option value=i.to_string()>{*title}</option> }).collect_view();
    view! {
        <div class="sandbox-toolbar" role="toolbar" aria-label="Sandbox tools">
            <button type="button" data-testid="sandbox-blank" on:click=move |_| {
                ed.start_from(Draft::laid_out(blueprints::blank()), "Blank canvas. Add components from the list.".to_string())
            }>"Blank canvas"</button>
            <label class="blueprint-choice">
                <span>"Start from"</span>
                <select data-testid="sandbox-blueprint" on:change=move |e| start_blueprint(ed, &leptos::prelude::event_target_value(&e))>
                    <option value="" selected=true>"a blueprint…"</option>
                    {options}
                </select>
            </label>
            <button type="button" data-testid="sandbox-undo" aria-keyshortcuts="Control+Z" disabled=move || ed.history.with(|h| !h.can_undo()) on:click=move |_| ed.undo()>"Undo"</button>
            <button type="button" data-testid="sandbox-redo" aria-keyshortcuts="Control+Y" disabled=move || ed.history.with(|h| !h.can_redo()) on:click=move |_| ed.redo()>"Redo"</button>
            <button type="button" data-testid="sandbox-layout" on:click=move |_| lay_out(ed)>"Lay out"</button>
            <button type="button" aria-label="Zoom in" aria-keyshortcuts="+" on:click=move |_| ed.view_box.update(|v| *v = v.zoomed(1.25))>"+"</button>
            <button type="button" aria-label="Zoom out" aria-keyshortcuts="-" on:click=move |_| ed.view_box.update(|v| *v = v.zoomed(0.8))>"−"</button>
            <button type="button" aria-keyshortcuts="0" on:click=move |_| fit(ed)>"Fit"</button>
            {file::buttons(ed)}
            <button type="button" class="primary" data-testid="sandbox-run" on:click=move |_| super::run::start(ed)>"Run"</button>
        </div>
    }
}

fn start_blueprint(ed: Ed, choice: &str) {
    let Ok(index) = choice.parse::<usize>() else { return };
    match blueprints::blueprint(index) {
        Ok(scenario) => {
            let title = BLUEPRINTS.get(index).map_or("", |(_, title, _)| *title);
            ed.start_from(Draft::laid_out(scenario), format!("Started from the blueprint {title}."));
        }
        Err(why) => ed.notice.set(Some(format!("That blueprint could not be opened: {why}."))),
    }
}

fn lay_out(ed: Ed) {
    if ed.edit(|d| { d.lay_out(); Ok(()) }, |()| "Laid out: callers on the left, each hop a column further right.".to_string()).is_some() {
        fit(ed);
    }
}

fn fit(ed: Ed) {
    ed.view_box.set(ed.draft_untracked(ViewBox::fitting));
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
        "0" if !command => fit(ed),
        _ => return,
    }
    e.prevent_default();
}

fn in_text_field(e: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
