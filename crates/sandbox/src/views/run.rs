//! The run: the draft, when the learner presses Run, played by the lessons' own player (step
//! back, seek, faults, plots, counters and Compare work as in a lesson). Editing afterwards
//! does not restart it; Run again does.
//!
//! User Timing marks, read by `cargo xtask bench-browser sandbox`: `lab:sandbox-run` when Run
//! is pressed, `lab:sandbox-player` when the run's view starts (the player simulates the
//! draft and makes its views) and `lab:sandbox-player-made` when it has (not yet in the page).

use lab_i18n::sandbox as msg;
use lab_player::{Place, Player};
use lab_sim::lesson::{LessonSim, PlayerData};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{problem, Ed};
use crate::blueprints;

/// Events the warm-up plays: enough to call the code of every kind in a draft, a few ms.
const WARM_UP_EVENTS: u64 = 2_000;

/// Runs the current draft, or says why it cannot run.
pub fn start(ed: Ed) {
    mark("lab:sandbox-run");
    match ed.draft_untracked(problem) {
        Some(problem) => {
            ed.say(msg::CANNOT_RUN.with(&[("problem", &problem)]));
            ed.notice.set(Some(msg::CANNOT_RUN_NOTICE.with(&[("problem", &problem)])));
        }
        None => {
            ed.notice.set(None);
            ed.running.set(Some(ed.draft_untracked(Clone::clone)));
            ed.say(msg::RUNNING.text().to_string());
        }
    }
}

pub fn view(ed: Ed) -> impl IntoView {
    move || {
        ed.running.get().map(|draft| {
            mark("lab:sandbox-player");
            let player = view! { <div class="sandbox-run" data-testid="sandbox-run-player"><Player data=player_data(draft.scenario) hash=String::new() place=Place::Lesson /></div> };
            mark("lab:sandbox-player-made");
            // The run is what the learner asked to see: bring it into view once it is in the
            // page (on the first Run there is no player to scroll to before this).
            request_animation_frame(scroll_to_the_player);
            player
        })
    }
}

/// When the page is first idle, plays the draft's first events once in a player that is never
/// put in the page. The browser compiles a module's code on its first call; without this the
/// learner's first Run pays for compiling the engine's and the player's code.
pub fn warm_up_when_idle(ed: Ed) {
    request_idle_callback(move || warm_up(ed));
}

fn warm_up(ed: Ed) {
    let draft = ed.draft_untracked(|d| problem(d).is_none().then(|| d.scenario.clone()));
    let Some(mut scenario) = draft.or_else(|| blueprints::blueprint(0).ok()) else { return };
    scenario.bounds.max_events = scenario.bounds.max_events.min(WARM_UP_EVENTS);
    let Some(host) = document().create_element("div").ok().and_then(|host| host.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let data = player_data(scenario);
    // Dropping the handle unmounts the player and removes its listeners.
    drop(leptos::mount::mount_to(host, move || view! { <Player data=data hash=String::new() place=Place::Lesson /> }));
}

/// A draft's scenario as the player takes a lesson's: no chapters, nothing to compare with.
fn player_data(scenario: lab_sim::Scenario) -> PlayerData {
    PlayerData { lesson: LessonSim { scenario, chapters: Vec::new(), compare: None }, compared: None }
}

fn scroll_to_the_player() {
    if let Some(player) = document().get_element_by_id("player") {
        player.scroll_into_view();
    }
}

fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}
