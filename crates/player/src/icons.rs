//! The player's icons, drawn as SVG so they look the same on every system: a font may lack
//! the media-control characters (⏮ ⏸ ⏭) or draw them as emoji.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Start,
    Previous,
    Play,
    Pause,
    Next,
    End,
    Cut,
}

impl Icon {
    /// The shape on a 16 × 16 grid; only the scissors are drawn as lines.
    fn path(self) -> &'static str {
        match self {
            Icon::Start => "M3 2.5h2v11H3zM13 2.5v11L6 8z",
            Icon::Previous => "M12 2.5v11L4 8z",
            Icon::Play => "M4 2.5v11l9-5.5z",
            Icon::Pause => "M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z",
            Icon::Next => "M4 2.5v11l8-5.5z",
            Icon::End => "M11 2.5h2v11h-2zM3 2.5v11L10 8z",
            Icon::Cut => "M5 4.5a2 2 0 1 1-4 0a2 2 0 1 1 4 0M5 11.5a2 2 0 1 1-4 0a2 2 0 1 1 4 0M4.6 5.6L14.5 13M4.6 10.4L14.5 3",
        }
    }
}

/// An icon beside a button's words, hidden from screen readers (the words or the button's
/// label say what it does).
pub fn icon(icon: Icon) -> impl IntoView {
    let class = if icon == Icon::Cut { "icon icon-lines" } else { "icon" };
    view! {
        <svg class=class viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d=icon.path()></path></svg>
    }
}
