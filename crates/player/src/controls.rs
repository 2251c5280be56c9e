//! Play and pause, step, start and end, the timeline and the speed; and the animation loop
//! that advances the simulated clock with requestAnimationFrame while playing.

use leptos::prelude::*;

use super::icons::{icon, Icon};
use super::state::SPEEDS;
use super::keys::Help;
use super::{browser, format_time, number, Ctx};
use lab_i18n::player as msg;

pub fn view(ctx: Ctx, help: Help) -> impl IntoView {
    let last = move || ctx.state.with(|s| s.last());
    let speed = move || format_speed(ctx.state.with(|s| s.speed_factor()));
    let position = move || position(ctx);
    view! {
        <div class="controls" role="group" aria-label=msg::PLAYBACK.text()>
            <div class="buttons">
                <button type="button" on:click=move |_| ctx.act(|s, t| s.start(t)) aria-label=msg::GO_TO_START.text() data-testid="start">{icon(Icon::Start)}</button>
                <button type="button" on:click=move |_| ctx.act(|s, t| s.previous(t)) aria-label=msg::PREVIOUS_STEP.text() data-testid="previous">{icon(Icon::Previous)}{format!(" {}", msg::PREVIOUS.text())}</button>
                {play_button(ctx, "play", true)}
                <button type="button" on:click=move |_| ctx.act(|s, t| s.next(t)) aria-label=msg::NEXT_STEP.text() data-testid="next">{format!("{} ", msg::NEXT.text())}{icon(Icon::Next)}</button>
                <button type="button" on:click=move |_| ctx.act(|s, t| s.end(t)) aria-label=msg::GO_TO_END.text() data-testid="end">{icon(Icon::End)}</button>
                <button type="button" class="help-button" aria-label=msg::KEYBOARD_SHORTCUTS.text() aria-haspopup="dialog"
                    on:click=move |_| help.open()>"?"</button>
            </div>
            <label class="timeline">
                <span class="visually-hidden">{msg::TIMELINE.text()}</span>
                <input type="range" min="0" max=last step="1" data-testid="timeline"
                    prop:value=move || ctx.step.get().to_string()
                    aria-valuetext=position
                    on:input=move |e| {
                        let i = event_target_value(&e).parse::<usize>().unwrap_or(0);
                        ctx.act(|s, t| { s.playing = false; s.seek(i, t) });
                    } />
            </label>
            <p class="position" data-testid="position">{position}</p>
            <div class="speed" role="group" aria-label=msg::SPEED.text()>
                <button type="button" on:click=move |_| ctx.state.update(|s| s.slower()) aria-label=msg::SLOWER.text()>"−"</button>
                <label>
                    <span class="visually-hidden">{msg::SPEED.text()}</span>
                    <input type="range" min="0" max=SPEEDS.len() - 1 step="1" data-testid="speed"
                        prop:value=move || ctx.state.with(|s| s.speed).to_string()
                        aria-valuetext=speed
                        on:input=move |e| {
                            let i = event_target_value(&e).parse::<usize>().unwrap_or(0).min(SPEEDS.len() - 1);
                            ctx.state.update(|s| s.speed = i);
                        } />
                </label>
                <button type="button" on:click=move |_| ctx.state.update(|s| s.faster()) aria-label=msg::FASTER.text()>"+"</button>
                <output data-testid="speed-value">{speed}</output>
            </div>
        </div>
    }
}

/// "Step 12 of 900 · 1.234 s": where the run stands.
fn position(ctx: Ctx) -> String {
    let (step, len, clock) = ctx.state.with(|s| (s.step, s.len, s.clock));
    msg::POSITION.with(&[("step", &(step + 1)), ("len", &len), ("time", &format_time(clock))])
}

/// Play or pause, pressed while playing; `testid` tells the player's own from the dock's, which
/// has no room for the words (its name stays "Play", pressed or not).
pub fn play_button(ctx: Ctx, testid: &'static str, words: bool) -> impl IntoView {
    let playing = move || ctx.state.with(|s| s.playing);
    let label = (!words).then(|| msg::PLAY.text());
    view! {
        <button type="button" class="play" on:click=move |_| ctx.act(|s, t| s.toggle(t))
            aria-pressed=move || playing().to_string() aria-label=label data-testid=testid>
            {move || {
                let (shape, word) = if playing() { (Icon::Pause, msg::PAUSE) } else { (Icon::Play, msg::PLAY) };
                (icon(shape), if words { format!(" {}", word.text()) } else { String::new() })
            }}
        </button>
    }
}

fn format_speed(factor: f64) -> String {
    msg::SPEED_VALUE.with(&[("factor", &number(factor))])
}

/// Starts a frame loop whenever playback starts. Each loop carries a generation number, so
/// a pause and a quick replay never leave two loops running.
pub fn animate(ctx: Ctx) {
    let generation = StoredValue::new(0u32);
    let playing = Memo::new(move |_| ctx.state.with(|s| s.playing));
    Effect::new(move |_| {
        if playing.get() {
            generation.update_value(|g| *g = g.wrapping_add(1));
            frame(ctx, generation, generation.get_value(), browser::now_ms());
        }
    });
}

fn frame(ctx: Ctx, generation: StoredValue<u32>, mine: u32, last: f64) {
    request_animation_frame(move || {
        // The player may be gone (the learner left the lesson): its signals are disposed.
        let alive = generation.try_get_value() == Some(mine);
        if !alive || ctx.state.try_with_untracked(|s| s.playing) != Some(true) {
            return;
        }
        let now = browser::now_ms();
        // A hidden tab gets no frames; do not leap ahead by the whole pause when it returns.
        let dt = (now - last).clamp(0.0, 100.0);
        ctx.current.with_untracked(|c| {
            let breakpoints = c.loaded.breakpoint_steps();
            ctx.state.update(|s| {
                s.tick(dt, &c.loaded.times, &breakpoints);
            });
        });
        frame(ctx, generation, mine, now);
    });
}
