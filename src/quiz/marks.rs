//! The quiz's marks (right, wrong, partly right, incomplete, move up or down), drawn as SVG so
//! they show on every system whatever its fonts; always beside words, never alone.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Right,
    Wrong,
    Partial,
    Warning,
    Up,
    Down,
}

/// The mark's outline, and the part drawn filled (the half of "partly right").
fn shape(mark: Mark) -> (&'static str, Option<&'static str>) {
    match mark {
        Mark::Right => ("M3 8.5l3.2 3.2L13 4.8", None),
        Mark::Wrong => ("M4 4l8 8M12 4l-8 8", None),
        Mark::Partial => ("M8 2a6 6 0 1 1 0 12a6 6 0 1 1 0-12", Some("M8 2a6 6 0 0 0 0 12z")),
        Mark::Warning => ("M8 2l6.5 12h-13zM8 6.5V10M8 12.2v.3", None),
        Mark::Up => ("M8 13V3M4 7l4-4 4 4", None),
        Mark::Down => ("M8 3v10M4 9l4 4 4-4", None),
    }
}

pub fn mark(mark: Mark) -> impl IntoView {
    let (outline, filled) = shape(mark);
    view! {
        <svg class="mark" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d=outline />
            {filled.map(|d| view! { <path class="mark-fill" d=d /> })}
        </svg>
    }
}
