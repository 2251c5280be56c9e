//! The compact control bar that follows the learner. On a phone the lesson's player sits in the
//! flow after the text, so while the learner reads (and clicks the text's actions) it is off
//! screen; the bar then stays at the bottom of the window with play, the steps either side,
//! where the run stands and a way back to the player. Whenever any of the player is in view
//! the bar hides, so on a wide screen, where the player stays beside the text, it never shows.

use leptos::html::Section;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::controls::play_button;
use super::icons::{icon, Icon};
use super::{format_time, Ctx};
use lab_i18n::player as msg;

#[wasm_bindgen(inline_js = r#"
export function watch_in_view(element, report) {
    const observer = new IntersectionObserver((entries) => {
        for (const entry of entries) report(entry.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
}
"#)]
extern "C" {
    /// Calls `report` with whether `element` is in the window, now and on every change;
    /// returns the function that stops watching.
    fn watch_in_view(element: &web_sys::Element, report: &Closure<dyn FnMut(bool)>) -> web_sys::js_sys::Function;
}

pub fn view(ctx: Ctx, player: NodeRef<Section>) -> impl IntoView {
    let away = RwSignal::new(false);
    player.on_load(move |element| follow(&element, away));
    let at_chapter = move || {
        let i = ctx.step.get();
        ctx.with_current(|c| c.loaded.chapter_at(i).is_some())
    };
    let step = move || ctx.state.with(|s| msg::DOCK_STEP.with(&[("step", &(s.step + 1)), ("len", &s.len)]));
    let time = move || {
        let clock = format_time(ctx.state.with(|s| s.clock));
        if at_chapter() { msg::DOCK_CHAPTER.with(&[("time", &clock)]) } else { clock }
    };
    let show = move |_| {
        if let Some(element) = player.get_untracked() {
            element.scroll_into_view();
            let _ = element.focus();
        }
    };
    view! {
        <div class="player-dock" role="toolbar" aria-label=msg::DOCK.text() data-testid="player-dock" hidden=move || !away.get()>
            <button type="button" on:click=move |_| ctx.act(|s, t| s.previous(t)) aria-label=msg::PREVIOUS_STEP.text()>{icon(Icon::Previous)}</button>
            {play_button(ctx, "dock-play", false)}
            <button type="button" on:click=move |_| ctx.act(|s, t| s.next(t)) aria-label=msg::NEXT_STEP.text()>{icon(Icon::Next)}</button>
            <span class="dock-status" class:dock-chapter=at_chapter data-testid="dock-status">
                <span>{step}</span>
                <span>{time}</span>
            </span>
            <button type="button" class="dock-show" on:click=show aria-label=msg::DOCK_SHOW_LABEL.text() data-testid="dock-show">{msg::DOCK_SHOW.text()}</button>
        </div>
    }
}

/// Keeps `away` true while no part of the player is in the window.
fn follow(element: &web_sys::HtmlElement, away: RwSignal<bool>) {
    let report = Closure::<dyn FnMut(bool)>::new(move |in_view: bool| {
        let _ = away.try_set(!in_view);
    });
    let stop = watch_in_view(element, &report);
    let kept = StoredValue::new_local(Some(report));
    on_cleanup(move || {
        let _ = stop.call0(&JsValue::NULL);
        kept.dispose();
    });
}
