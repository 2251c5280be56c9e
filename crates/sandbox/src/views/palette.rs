//! The palette: every component kind the engine has, from its kind table. A kind is added by
//! clicking (or Enter on) its button, which places it beside the others, or by dragging it onto
//! the canvas.

use lab_i18n::sandbox as msg;
use leptos::prelude::*;

use super::{Ed, Selection};
use crate::draft::Point;
use crate::kind_words::translated;

pub fn view(ed: Ed) -> impl IntoView {
    let items = lab_sim::kinds().iter().map(|info| {
        let word = info.word;
        let (title, explanation) = (translated(info.title), translated(info.explanation));
        let label = msg::PALETTE_ADD.with(&[("kind", &title), ("explanation", &explanation)]);
        view! {
            <li>
                <button type="button" class="palette-item" draggable="true" title=explanation
                    data-testid=format!("palette-{word}")
                    aria-label=label
                    on:dragstart=move |e: leptos::ev::DragEvent| {
                        if let Some(data) = e.data_transfer() {
                            let _ = data.set_data("text/plain", word);
                        }
                    }
                    on:click=move |_| add(ed, word, free_spot(ed))>
                    <svg class="palette-shape" viewBox="-52 -34 104 68" aria-hidden="true">{lab_player::diagram::outline(word)}</svg>
                    <span>{title}</span>
                </button>
            </li>
        }
    });
    view! {
        <nav class="sandbox-palette" aria-label=msg::PALETTE_LABEL.text()>
            <h2>{msg::PALETTE_HEADING.text()}</h2>
            <ul>{items.collect_view()}</ul>
        </nav>
    }
}

/// Adds a component of kind `word` with every default, selects it and says so.
pub fn add(ed: Ed, word: &str, at: Point) {
    let Some(component) = lab_sim::ComponentSpec::with_defaults(word, &word.replace('_', "-")) else { return };
    let title = translated(lab_sim::kind_info(word).map_or(word, |info| info.title));
    if let Some(name) = ed.edit(|d| Ok(d.add(component, at)), |name| msg::ADDED.with(&[("kind", &title), ("name", name)])) {
        // Added beside the others, it may land out of sight: show everything then.
        if !ed.view_box.with_untracked(|v| v.shows(at)) {
            ed.fit();
        }
        ed.selection.set(Selection::Component(name));
    }
}

/// Right of everything already placed, level with the first component.
fn free_spot(ed: Ed) -> Point {
    ed.draft_untracked(|d| {
        let right = d.places.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
        let top = d.places.first().map_or(100.0, |p| p.y);
        if right.is_finite() { Point { x: right + 190.0, y: top } } else { Point { x: 120.0, y: 100.0 } }
    })
}
