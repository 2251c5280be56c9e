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

use super::{problem, Ed};

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
            if let Some(player) = document().get_element_by_id("player") {
                player.scroll_into_view();
            }
        }
    }
}

pub fn view(ed: Ed) -> impl IntoView {
    move || {
        ed.running.get().map(|draft| {
            mark("lab:sandbox-player");
            let data = PlayerData { lesson: LessonSim { scenario: draft.scenario, chapters: Vec::new(), compare: None }, compared: None };
            let player = view! { <div class="sandbox-run" data-testid="sandbox-run-player"><Player data=data hash=String::new() place=Place::Lesson /></div> };
            mark("lab:sandbox-player-made");
            player
        })
    }
}

fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}
