//! What is happening, in words: the chapter text when a lesson's breakpoint stops playback,
//! and the simulation's own sentence for the shown step. A polite live region repeats it for
//! screen readers, but only while paused, so playback does not flood them.

use leptos::prelude::*;

use super::{format_time, Ctx};
use lab_i18n::player as msg;

pub fn view(ctx: Ctx) -> impl IntoView {
    let sentence = move || {
        let i = ctx.step.get();
        ctx.with_current(|c| {
            let time = c.loaded.times.get(i).copied().unwrap_or(0);
            format!("{}: {}", format_time(time), c.loaded.run.narration(i))
        })
    };
    let chapter = move || {
        let i = ctx.step.get();
        let text = ctx.with_current(|c| c.loaded.chapter_at(i).map(str::to_string))?;
        Some(ctx.scenario.with(|scenario| lab_sim::lesson::render_text(&text, scenario)))
    };
    let spoken = move || {
        let paused = !ctx.state.with(|s| s.playing);
        paused.then(|| format!("{} {}", chapter().unwrap_or_default(), sentence()))
    };
    view! {
        <section class="narration" aria-label=msg::WHAT_HAPPENS.text()>
            <h3>{msg::WHAT_HAPPENS.text()}</h3>
            {move || chapter().map(|text| view! {
                <p class="chapter" data-testid="chapter"><strong>{format!("{} ", msg::CHAPTER.text())}</strong>{text}</p>
            })}
            <p class="sentence" data-testid="narration">{sentence}</p>
            <div class="visually-hidden" role="status" aria-live="polite" data-testid="live-region">{spoken}</div>
        </section>
    }
}
