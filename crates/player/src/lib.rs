//! The pattern player: a lesson's scenario run in the browser, drawn as an animated diagram,
//! stepped, scrubbed, re-parameterised and broken on purpose. Every number on screen is read
//! from the run ([`model::Loaded`]); the views only read signals.
//!
//! It is the app's second download (`lab-player-<hash>.wasm`, with the simulation engine and
//! the rule languages): the shell loads it when a page needs it and calls the functions of
//! [`exports`]. See the README's architecture section.

// The player's view types nest deeply; rendering them to HTML on the host (the build's
// drawing of each diagram) needs more than the default depth.
#![recursion_limit = "256"]

mod browser;
mod compare;
mod controls;
mod crowd;
mod dock;
mod embed;
pub mod counters;
pub mod diagram;
pub mod exports;
mod event_log;
mod faults;
mod icons;
mod keys;
pub mod layout;
mod message;
mod message_view;
mod metrics_panel;
pub mod model;
mod narration;
mod params;
mod plots;
mod presenter;
#[cfg(not(target_arch = "wasm32"))]
pub mod preview;
pub mod share_link;
pub mod state;
mod text_actions;
mod zoom;
mod zoom_view;

#[cfg(test)]
mod test_lessons;

use std::sync::Arc;

use lab_sim::lesson::{LessonSim, PlayerData};
use lab_sim::text_action::CompareWith;
use lab_sim::{Scenario, Snapshot, Time};
use leptos::either::Either;
use leptos::prelude::*;

use lab_i18n::player as msg;

use self::counters::CounterIndex;
use self::layout::Layout;
use self::model::{run_with_faults, Injected, Loaded};
use self::share_link::ShareState;
use self::state::PlayerState;

/// A run and everything derived from it, shared by the views.
pub struct Current {
    pub loaded: Loaded,
    pub counters: CounterIndex,
    pub layout: Layout,
    /// Each component's kind as drawn ("queue", "dead_letter_queue", ...), by component index.
    pub kinds: Vec<&'static str>,
}

/// The player's signals; `Copy`, so every view and handler takes it by value.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub lesson: StoredValue<LessonSim>,
    /// The scenario of the lesson this one compares itself with, if any.
    pub compared: StoredValue<Option<Scenario>>,
    /// The scenario with the learner's parameter values.
    pub scenario: RwSignal<Scenario>,
    pub seed: RwSignal<u64>,
    pub faults: RwSignal<Vec<Injected>>,
    pub current: RwSignal<Arc<Current>>,
    pub state: RwSignal<PlayerState>,
    /// The shown step, separate from the clock so per-frame ticks do not recompute state.
    pub step: Memo<usize>,
    pub snapshot: Memo<Option<Snapshot>>,
    /// A problem to show above the player (a refused change, a broken share link).
    pub notice: RwSignal<Option<String>>,
    /// The component chosen for faults (by clicking it in the diagram, or in the list).
    pub selected: RwSignal<usize>,
    /// The link chosen for cutting or repairing: its index in the scenario's links.
    pub selected_link: RwSignal<usize>,
    /// The comparison open, if any (none until asked: each costs two runs).
    pub compare: RwSignal<Option<CompareWith>>,
    /// The message card open, if any.
    pub card: RwSignal<Option<message_view::Opened>>,
    pub reduced_motion: bool,
    pub place: StoredValue<Place>,
}

/// Where a player is on the page: the lesson's own, below its text, with every panel; or a
/// figure inside the text (`figures/<name>.toml`), compact, answering keys only while it has
/// focus, its element ids prefixed by its name so several players share a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Lesson,
    Figure(String),
}

impl Ctx {
    /// An element id unique on the page: `name` itself in the lesson's player.
    pub fn id(&self, name: &str) -> String {
        self.place.with_value(|place| match place {
            Place::Lesson => name.to_string(),
            Place::Figure(figure) => format!("figure-{figure}-{name}"),
        })
    }

    pub fn is_figure(&self) -> bool {
        self.place.with_value(|place| matches!(place, Place::Figure(_)))
    }

    pub fn with_current<R>(&self, f: impl FnOnce(&Current) -> R) -> R {
        self.current.with(|c| f(c))
    }

    /// Re-runs with the current scenario, seed and faults, keeping the same simulated time.
    /// On failure the previous run stays and the reason is returned.
    pub fn rerun(&self) -> Result<(), String> {
        let clock = self.state.with_untracked(|s| s.clock);
        let current = build(
            &self.scenario.get_untracked(),
            self.seed.get_untracked(),
            &self.faults.get_untracked(),
            &self.lesson.get_value(),
        )?;
        let len = current.loaded.times.len();
        let step = PlayerState::step_at_time(clock, &current.loaded.times);
        self.state.update(|s| {
            s.len = len;
            s.seek(step, &current.loaded.times);
            s.clock = clock.max(s.clock);
        });
        self.current.set(Arc::new(current));
        Ok(())
    }

    pub fn times<R>(&self, f: impl FnOnce(&[Time]) -> R) -> R {
        self.current.with_untracked(|c| f(&c.loaded.times))
    }

    /// Applies a player action that needs the step times (next, previous, seek, ...).
    pub fn act(&self, f: impl FnOnce(&mut PlayerState, &[Time])) {
        self.times(|times| self.state.update(|s| f(s, times)));
    }
}

fn build(scenario: &Scenario, seed: u64, faults: &[Injected], lesson: &LessonSim) -> Result<Current, String> {
    let run = run_with_faults(scenario, seed, faults)?;
    let counters = CounterIndex::new(&run);
    let layout = Layout::new(&run);
    let kinds = (0..scenario.components.len()).map(|i| model::drawn_kind(scenario, i)).collect();
    Ok(Current { loaded: Loaded::new(run, lesson), counters, layout, kinds })
}

/// A lesson's player, from its downloaded data; `hash` is the page's fragment, which may hold
/// a share link (a figure's is empty).
#[component]
pub fn Player(data: PlayerData, hash: String, place: Place) -> impl IntoView {
    // Either, not a type-erased view: the player is mounted once and never re-rendered as a
    // whole, and an erased view would carry code to re-render all of it (about 20 KB).
    match start(data, &hash, place) {
        Ok(ctx) => Either::Left(view! { <PlayerView ctx=ctx /> }),
        Err(message) => Either::Right(view! { <p class="player-error" role="alert">{message}</p> }),
    }
}

/// Restores the shared view from the URL if it is valid, else the lesson's default view.
fn start(data: PlayerData, hash: &str, place: Place) -> Result<Ctx, String> {
    let PlayerData { lesson, compared } = data;
    let (share, notice) = match share_link::from_hash(hash, &lesson.scenario) {
        Ok(share) => (share, None),
        Err(problem) => (ShareState::default(), Some(problem)),
    };
    let (current, share, notice) = match build(&share.scenario_for(&lesson.scenario), share.seed, &share.faults, &lesson) {
        Ok(current) => (current, share, notice),
        Err(problem) => {
            let fallback = build(&lesson.scenario, 1, &[], &lesson)?;
            (fallback, ShareState::default(), Some(share_link::friendly(&problem)))
        }
    };
    let times = current.loaded.times.clone();
    let mut state = PlayerState::new(times.len());
    state.seek(share.step, &times);
    let state = RwSignal::new(state);
    let current = RwSignal::new(Arc::new(current));
    let step = Memo::new(move |_| state.with(|s| s.step));
    let snapshot = Memo::new(move |_| {
        let i = step.get();
        current.with(|c| c.loaded.run.state_at(i))
    });
    Ok(Ctx {
        compared: StoredValue::new(compared),
        scenario: RwSignal::new(share.scenario_for(&lesson.scenario)),
        lesson: StoredValue::new(lesson),
        seed: RwSignal::new(share.seed),
        faults: RwSignal::new(share.faults),
        current,
        state,
        step,
        snapshot,
        notice: RwSignal::new(notice),
        selected: RwSignal::new(0),
        selected_link: RwSignal::new(0),
        card: RwSignal::new(None),
        compare: RwSignal::new(None),
        reduced_motion: browser::prefers_reduced_motion(),
        place: StoredValue::new(place),
    })
}

#[component]
fn PlayerView(ctx: Ctx) -> impl IntoView {
    let root = NodeRef::<leptos::html::Section>::new();
    let help = keys::Help::new();
    keys::listen(ctx, root, help);
    if !ctx.is_figure() {
        text_actions::listen(ctx);
    }
    controls::animate(ctx);
    let title = ctx.lesson.with_value(|l| l.scenario.description.clone());
    // One view for both places: a figure in the text is the same player with its extra panels
    // (faults, share, compare, plots, event log) hidden by its class.
    let figure = ctx.is_figure();
    let (class, testid, kind, level) =
        if figure { ("player player-figure", "figure-player", msg::KIND_FIGURE, "3") } else { ("player", "player", msg::KIND_SIMULATION, "2") };
    let kind = kind.text();
    view! {
        <section class=class node_ref=root tabindex="0" id=ctx.id("player") data-testid=testid
            aria-label=msg::PLAYER_LABEL.with(&[("kind", &kind), ("title", &title)])>
            <p class="player-title" role="heading" attr:aria-level=level><strong>{format!("{kind}: ")}</strong>{title.clone()}</p>
            {(!figure).then(|| presenter::view(ctx, root))}
            {move || ctx.notice.get().map(|text| view! {
                <p class="player-notice" role="status" data-testid="player-notice">{text}</p>
            })}
            <div class="player-main">
                {diagram::view(ctx)}
                {narration::view(ctx)}
            </div>
            {controls::view(ctx, help)}
            <div class="player-panels">
                {metrics_panel::view(ctx)}
                {params::view(ctx)}
                {faults::view(ctx)}
                {share_link::view(ctx)}
                {compare::view(ctx)}
            </div>
            {plots::view(ctx)}
            {event_log::view(ctx)}
            {keys::help_dialog(ctx, help)}
            {message_view::view(ctx)}
        </section>
        // Outside the section: the player is a size container, which would hold the bar in it.
        {(!figure).then(|| dock::view(ctx, root))}
    }
}

/// Simulated time for people: "1.234 s" or "12.5 ms".
pub fn format_time(t: Time) -> String {
    let ms = t as f64 / 1000.0;
    if ms >= 1000.0 {
        format!("{} s", lab_i18n::decimal(ms / 1000.0, 3))
    } else {
        format!("{} ms", lab_i18n::decimal(ms, 1))
    }
}

/// `x` as Rust writes it (`0.05`, `10`), with the language's decimal separator.
pub fn number(x: f64) -> String {
    let text = x.to_string();
    let places = text.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    lab_i18n::decimal(x, places)
}
