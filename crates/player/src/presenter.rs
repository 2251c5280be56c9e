//! Presenter mode, for an instructor on a projector: the lesson's player alone over the whole
//! window, in large type and high contrast, moved chapter by chapter (the scenario's
//! `[[chapter]]` breakpoints) with a presentation clicker's keys (Page Down / Page Up, B or .
//! to blank the screen) or the arrow keys, the current chapter's text shown as a caption.
//! Entered with the player's **Present** button or the address `lesson/<slug>/#present`
//! (optionally followed by a share link: `#present&v=1&…`), left with Escape.
//!
//! Its styles are `presenter.css`, linked only when a player first presents, so pages that
//! never present do not download them. The root element carries [`PRESENTING`] meanwhile.

use leptos::html::Section;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use lab_i18n::{player as msg, Msg};

use super::Ctx;

/// The fragment's word that opens a lesson in presenter mode.
const PRESENT: &str = "present";
/// The attribute on `<html>` while a player presents; the stylesheet keys on it.
const PRESENTING: &str = "data-presenting";
const STYLESHEET: &str = "presenter.css";

/// The keys while presenting, for the player's key list.
pub const KEYS: [(Msg, Msg); 4] = [
    (msg::KEY_NEXT_CHAPTER, msg::KEY_NEXT_CHAPTER_DOES),
    (msg::KEY_PREVIOUS_CHAPTER, msg::KEY_PREVIOUS_CHAPTER_DOES),
    (msg::KEY_BLANK, msg::KEY_BLANK_DOES),
    (msg::KEY_ESCAPE, msg::KEY_STOP_PRESENTING_DOES),
];

/// A page's fragment without the presenter's word, and whether it was there: `#present&v=1&seed=2`
/// is presenter mode on the share link `#v=1&seed=2`.
pub fn split_fragment(hash: &str) -> (String, bool) {
    let body = hash.strip_prefix('#').unwrap_or(hash);
    let mut present = false;
    let rest: Vec<&str> = body
        .split('&')
        .filter(|part| {
            let word = *part == PRESENT;
            present |= word;
            !word && !part.is_empty()
        })
        .collect();
    let rest = if rest.is_empty() { String::new() } else { format!("#{}", rest.join("&")) };
    (rest, present)
}

/// The step of the next chapter after `step`, or the run's last step after the last chapter.
pub fn next_chapter(breakpoints: &[usize], step: usize, last: usize) -> usize {
    breakpoints.iter().copied().filter(|&b| b > step).min().unwrap_or(last).max(step)
}

/// The step of the chapter before `step` (the one shown, if `step` is inside it, as a
/// slideshow goes back to a slide's start), or the run's start before the first chapter.
pub fn previous_chapter(breakpoints: &[usize], step: usize) -> usize {
    breakpoints.iter().copied().filter(|&b| b < step).max().unwrap_or(0)
}

/// Which chapter `step` is in (1-based), with how many there are; 0 before the first.
pub fn chapter_number(breakpoints: &[usize], step: usize) -> (usize, usize) {
    (breakpoints.iter().filter(|&&b| b <= step).count(), breakpoints.len())
}

/// The Present button, the caption and the blank screen; only the lesson's own player has them.
pub fn view(ctx: Ctx, root: NodeRef<Section>) -> impl IntoView {
    let (_, asked) = split_fragment(&window().location().hash().unwrap_or_default());
    let presenting = RwSignal::new(asked);
    let blank = RwSignal::new(false);
    Effect::new(move |_| show_presenting(presenting.get(), root));
    listen(ctx, presenting, blank);
    let caption_text = move || caption(ctx);
    view! {
        <button type="button" class="present-button" data-testid="present" aria-pressed=move || presenting.get().to_string()
            on:click=move |_| presenting.update(|on| *on = !*on)>
            {move || if presenting.get() { msg::STOP_PRESENTING.text() } else { msg::PRESENT.text() }}
        </button>
        {move || presenting.get().then(|| view! {
            <p class="presenter-caption" data-testid="presenter-caption" aria-live="polite">{caption_text}</p>
            <p class="presenter-hint">{msg::PRESENTER_HINT.text()}</p>
        })}
        <div class="presenter-blank" data-testid="presenter-blank" hidden=move || !blank.get()>
            <span class="visually-hidden">{msg::BLANK_SCREEN.text()}</span>
        </div>
    }
}

/// "Chapter 2 of 4: <its text>", for the chapter the shown step is in.
fn caption(ctx: Ctx) -> String {
    let step = ctx.step.get();
    let (text, (number, total)) = ctx.with_current(|c| {
        let breakpoints = c.loaded.breakpoint_steps();
        let at = breakpoints.iter().copied().filter(|&b| b <= step).max();
        (at.and_then(|b| c.loaded.chapter_at(b)).map(str::to_string), chapter_number(&breakpoints, step))
    });
    match text {
        Some(text) => {
            let text = ctx.scenario.with(|scenario| lab_sim::lesson::render_text(&text, scenario));
            msg::CAPTION.with(&[("number", &number), ("total", &total), ("text", &text)])
        }
        None => msg::CAPTION_BEFORE.with(&[("total", &total)]),
    }
}

/// Marks the page as presenting (linking the stylesheet the first time) and gives the player
/// focus, so its keys work at once; on leaving, drops `present` from the address.
fn show_presenting(on: bool, root: NodeRef<Section>) {
    let Some(html) = document().document_element() else { return };
    if on {
        link_stylesheet();
        let _ = html.set_attribute(PRESENTING, "");
        if let Some(player) = root.get_untracked() {
            let _ = player.focus();
        }
    } else if html.has_attribute(PRESENTING) {
        let _ = html.remove_attribute(PRESENTING);
        let (share, _) = split_fragment(&window().location().hash().unwrap_or_default());
        let path = window().location().pathname().unwrap_or_default();
        super::browser::replace_hash(&if share.is_empty() { path } else { share });
    }
}

/// Links `presenter.css` (beside the site's root, which the page's `lab-root` meta names) once.
fn link_stylesheet() {
    let document = document();
    if document.query_selector("link[data-presenter-styles]").ok().flatten().is_some() {
        return;
    }
    let root = document
        .query_selector("meta[name=lab-root]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    let (Ok(link), Some(head)) = (document.create_element("link"), document.query_selector("head").ok().flatten()) else { return };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &format!("{root}{STYLESHEET}"));
    let _ = link.set_attribute("data-presenter-styles", "");
    let _ = head.append_child(&link);
}

/// The clicker's and arrow keys while presenting. Listened to before anything else on the page
/// (the capture phase on the window), so the player's own arrow keys (a step) and the
/// diagram's (a pan) give way to chapters; other keys (Space, ?, Home) stay the player's.
fn listen(ctx: Ctx, presenting: RwSignal<bool>, blank: RwSignal<bool>) {
    let on_key = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
        if presenting.try_get_untracked() != Some(true) || e.ctrl_key() || e.meta_key() || e.alt_key() || busy(&e) {
            return;
        }
        let last = ctx.state.with_untracked(|s| s.last());
        let breakpoints = ctx.with_current(|c| c.loaded.breakpoint_steps());
        let go = |to: fn(&[usize], usize, usize) -> usize| ctx.act(|s, t| {
            s.playing = false;
            s.seek(to(&breakpoints, s.step, last), t);
        });
        match e.key().as_str() {
            "PageDown" | "ArrowRight" | "ArrowDown" => go(next_chapter),
            "PageUp" | "ArrowLeft" | "ArrowUp" => go(|b, step, _| previous_chapter(b, step)),
            "b" | "B" | "." => blank.update(|on| *on = !*on),
            "Escape" => presenting.set(false),
            _ => return,
        }
        if e.key() != "b" && e.key() != "B" && e.key() != "." {
            blank.set(false);
        }
        e.prevent_default();
        e.stop_propagation();
    });
    let listener = on_key.as_ref().unchecked_ref::<web_sys::js_sys::Function>().clone();
    let _ = window().add_event_listener_with_callback_and_bool("keydown", &listener, true);
    let kept = StoredValue::new_local(Some(on_key));
    on_cleanup(move || {
        let _ = window().remove_event_listener_with_callback_and_bool("keydown", &listener, true);
        kept.dispose();
        if let Some(html) = document().document_element() {
            let _ = html.remove_attribute(PRESENTING);
        }
    });
}

/// True when the key belongs to something else: a field being typed in, or an open dialog
/// (the key list, a message card), which Escape closes first.
fn busy(e: &web_sys::KeyboardEvent) -> bool {
    if document().query_selector("dialog[open]").ok().flatten().is_some() {
        return true;
    }
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    target.is_some_and(|t| matches!(t.tag_name().to_ascii_uppercase().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fragment_says_whether_to_present_and_keeps_the_share_link() {
        assert_eq!(split_fragment("#present"), (String::new(), true));
        assert_eq!(split_fragment("#present&v=1&seed=2"), ("#v=1&seed=2".to_string(), true));
        assert_eq!(split_fragment("#v=1&seed=2&present"), ("#v=1&seed=2".to_string(), true));
        assert_eq!(split_fragment("#v=1&seed=2"), ("#v=1&seed=2".to_string(), false));
        assert_eq!(split_fragment(""), (String::new(), false));
        assert_eq!(split_fragment("#presently"), ("#presently".to_string(), false), "only the whole word");
    }

    #[test]
    fn chapters_step_forward_and_back_like_slides() {
        let chapters = [10, 40, 90];
        assert_eq!(next_chapter(&chapters, 0, 120), 10);
        assert_eq!(next_chapter(&chapters, 10, 120), 40);
        assert_eq!(next_chapter(&chapters, 50, 120), 90);
        assert_eq!(next_chapter(&chapters, 90, 120), 120, "after the last chapter, the run's end");
        assert_eq!(next_chapter(&chapters, 120, 120), 120);
        assert_eq!(previous_chapter(&chapters, 90), 40);
        assert_eq!(previous_chapter(&chapters, 60), 40, "back to the start of the chapter shown");
        assert_eq!(previous_chapter(&chapters, 10), 0, "before the first chapter, the start");
        assert_eq!(previous_chapter(&chapters, 0), 0);
        assert_eq!(next_chapter(&[], 3, 9), 9);
    }

    #[test]
    fn the_caption_counts_chapters() {
        assert_eq!(chapter_number(&[10, 40, 90], 5), (0, 3));
        assert_eq!(chapter_number(&[10, 40, 90], 40), (2, 3));
        assert_eq!(chapter_number(&[10, 40, 90], 200), (3, 3));
    }

    #[test]
    fn every_lesson_can_be_presented_chapter_by_chapter() {
        for slug in crate::test_lessons::lesson_slugs() {
            let sim = crate::test_lessons::lesson_sim(&slug);
            let run = crate::model::run_with_faults(&sim.scenario, 1, &[]).unwrap();
            let loaded = crate::model::Loaded::new(run, &sim);
            let (chapters, last) = (loaded.breakpoint_steps(), loaded.times.len() - 1);
            // The first chapter may stop at the run's first step, shown before any key.
            let (mut step, mut seen) = (0, usize::from(loaded.chapter_at(0).is_some()));
            while step < last {
                step = next_chapter(&chapters, step, last);
                seen += usize::from(loaded.chapter_at(step).is_some());
            }
            assert_eq!(seen, chapters.len(), "{slug}: Page Down visits every chapter");
        }
    }
}
