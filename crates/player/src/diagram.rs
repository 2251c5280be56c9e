//! The topology as SVG: one shape, icon and text label per component kind (never colour
//! alone), the component's live state under its name, links (dashed and marked when cut) and
//! the messages in transit, placed along their link by the simulated clock.

use lab_sim::{BreakerMode, ComponentState, ComponentView};
use std::collections::HashMap;

use lab_i18n::{player as msg, Msg};
use leptos::prelude::*;

use super::layout::Layout;
use super::crowd;
use super::model::{Look, Transit};
use wasm_bindgen::JsCast;

use super::zoom::Zoom;
use super::zoom_view::{self, Handlers};
use super::{message_view, Ctx};

const HALF_W: f64 = 48.0;

const LEGEND: [(Look, Msg); 6] = [
    (Look::Request, msg::LEGEND_REQUEST),
    (Look::Success, msg::LEGEND_SUCCESS),
    (Look::Failure, msg::LEGEND_FAILURE),
    (Look::Batch, msg::LEGEND_BATCH),
    (Look::DeadLetter, msg::LEGEND_DEAD_LETTER),
    (Look::Dropped, msg::LEGEND_DROPPED),
];

pub fn view(ctx: Ctx) -> impl IntoView {
    let zoom = RwSignal::new(Zoom::default());
    let h = Handlers::new(ctx, zoom);
    let view_box = move || ctx.with_current(|c| zoom.with(|z| z.view_box(c.layout.width, c.layout.height)));
    let key = move |e: leptos::ev::KeyboardEvent| {
        // Only keys pressed on the diagram itself: a focused component keeps Enter, and the
        // player's own shortcuts (arrows step) apply everywhere else.
        let on_svg = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| t.tag_name() == "svg");
        if on_svg && !e.ctrl_key() && !e.meta_key() && !e.alt_key() && h.key(&e.key()) {
            e.prevent_default();
        }
    };
    view! {
        <figure class="diagram" data-testid="diagram">
            {zoom_view::buttons(h, zoom)}
            <svg viewBox=view_box role="group" tabindex="0" data-testid="diagram-svg"
                aria-label=msg::DIAGRAM_LABEL.text()
                preserveAspectRatio="xMidYMid meet"
                on:wheel=move |e| h.wheel(e)
                on:pointerdown=move |e| h.down(e)
                on:pointermove=move |e| h.moved(e)
                on:pointerup=move |e| h.up(e)
                on:pointercancel=move |e| h.up(e)
                on:keydown=key>
                <defs>
                    <marker id=ctx.id("arrow") viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                {move || links(ctx)}
                {move || nodes(ctx)}
                {messages(ctx)}
            </svg>
            {move || machines(ctx)}
            <figcaption class="legend">
                {LEGEND.iter().map(|&(look, text)| view! {
                    <span><svg viewBox="-6 -6 12 12" class="legend-icon" aria-hidden="true">{shape(look)}</svg>{format!(" {}", text.text())}</span>
                }).collect_view()}
            </figcaption>
        </figure>
    }
}

fn links(ctx: Ctx) -> impl IntoView {
    let cut = ctx.snapshot.with(|s| s.as_ref().map(|s| s.cut_links.clone()).unwrap_or_default());
    // The shown step's time, not the clock: links redraw per step, not per frame.
    let step = ctx.step.get();
    let clock = ctx.times(|t| t.get(step).copied().unwrap_or(0));
    let arrow = format!("url(#{})", ctx.id("arrow"));
    ctx.with_current(|c| {
        Layout::links(&c.loaded.run)
            .into_iter()
            .map(|(a, b, link)| {
                let names = c.loaded.run.component_names();
                let name = |n: usize| names.get(n).cloned().unwrap_or_default();
                let ((x1, y1), (x2, y2)) = (c.layout.at(a), c.layout.at(b));
                let (x1, x2) = (x1 + HALF_W, x2 - HALF_W - 2.0);
                let is_cut = cut.contains(&link);
                let dropped = c.loaded.dropped_between(a, b, clock);
                let class = move || {
                    let chosen = if ctx.selected_link.get() == link { " link-selected" } else { "" };
                    format!("link{}{chosen}", if is_cut { " link-cut" } else { "" })
                };
                let words = match (is_cut, dropped) {
                    (false, 0) => None,
                    (true, 0) => Some(msg::LINK_CUT.text().to_string()),
                    (true, n) => Some(msg::LINK_CUT_LOST.with(&[("n", &n)])),
                    (false, n) => Some(msg::LINK_LOST.with(&[("n", &n)])),
                };
                let status = words.clone().map_or_else(String::new, |w| format!(" ({w})"));
                let label = msg::LINK_LABEL.with(&[("from", &name(a)), ("to", &name(b)), ("status", &status)]);
                let select = move || ctx.selected_link.set(link);
                view! {
                    <g class="link-group" tabindex="0" role="button" aria-label=label data-testid=format!("link-{}-{}", name(a), name(b))
                        on:click=move |_| select()
                        on:keydown=move |e| if e.key() == "Enter" { select() }>
                        <line class="link-hit" x1=x1 y1=y1 x2=x2 y2=y2 />
                        <line class=class x1=x1 y1=y1 x2=x2 y2=y2 marker-end=arrow.clone() />
                        {words.map(|w| view! {
                            <text class="link-label" x=(x1 + x2) / 2.0 y=(y1 + y2) / 2.0 - 6.0 text-anchor="middle" data-testid="link-label">{w}</text>
                        })}
                    </g>
                }
            })
            .collect_view()
    })
}

fn nodes(ctx: Ctx) -> impl IntoView {
    let states = ctx.snapshot.with(|s| s.as_ref().map(|s| s.components.clone()).unwrap_or_default());
    ctx.with_current(|c| {
        c.kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let (x, y) = c.layout.at(i);
                let name = c.loaded.run.component_names().get(i).cloned().unwrap_or_default();
                let status = states.get(i).map(status_text).unwrap_or_default();
                let down = states.get(i).is_some_and(|s| !s.up);
                node(ctx, i, kind, name, status, down, (x, y))
            })
            .collect_view()
    })
}

fn node(ctx: Ctx, i: usize, kind: &'static str, name: String, status: String, down: bool, (x, y): (f64, f64)) -> impl IntoView {
    let class = move || {
        let selected = if ctx.selected.get() == i { " node-selected" } else { "" };
        format!("node node-{kind}{}{selected}", if down { " node-down" } else { "" })
    };
    let label = msg::NODE_LABEL.with(&[("name", &name), ("kind", &lab_sim::kind_words(kind)), ("status", &status)]);
    let select = move || ctx.selected.set(i);
    let test_id = format!("node-{name}");
    view! {
        <g class=class transform=format!("translate({x} {y})") tabindex="0" role="button" aria-label=label
            data-testid=test_id
            on:click=move |_| select()
            on:keydown=move |e| if e.key() == "Enter" { select() }>
            {outline(kind)}
            <text class="node-icon" y="-6" text-anchor="middle" aria-hidden="true">{icon(kind)}</text>
            <text class="node-name" y="44" text-anchor="middle">{name}</text>
            <text class="node-status" y="60" text-anchor="middle" data-testid="node-status">{status}</text>
            {down.then(|| view! { <text class="node-down-mark" y="16" text-anchor="middle">{msg::NODE_DOWN.text()}</text> })}
        </g>
    }
}

/// Each state machine's states, the ones its running executions are in lit up (marked ▶ and
/// with how many executions are there, so not by colour alone).
fn machines(ctx: Ctx) -> impl IntoView {
    let states = ctx.snapshot.with(|s| s.as_ref().map(|s| s.components.clone()).unwrap_or_default());
    ctx.with_current(|c| {
        c.loaded
            .machines
            .iter()
            .map(|(node, names)| {
                let current: Vec<String> = match states.get(*node).map(|s| &s.view) {
                    Some(ComponentView::StateMachine { current_states, .. }) => current_states.clone(),
                    _ => Vec::new(),
                };
                let machine = c.loaded.run.component_names().get(*node).cloned().unwrap_or_default();
                let pills = names.iter().map(|name| {
                    let here = current.iter().filter(|s| *s == name).count();
                    let (class, text) = if here > 0 {
                        ("sm-state sm-state-active", format!("▶ {name} ({here})"))
                    } else {
                        ("sm-state", name.clone())
                    };
                    view! { <li class=class>{text}</li> }
                });
                view! {
                    <div class="machine-states" data-testid=format!("machine-{machine}")>
                        <span>{msg::MACHINE_STATES.with(&[("machine", &machine)])}</span>
                        <ul>{pills.collect_view()}</ul>
                    </div>
                }
            })
            .collect_view()
    })
}

/// The outline of each kind, centred on (0, 0), about 96 by 56.
pub fn outline(kind: &str) -> AnyView {
    match kind {
        "client" => view! { <circle class="shape" r="26" /> }.into_any(),
        "gateway" => view! { <polygon class="shape" points="-48,0 -30,-28 30,-28 48,0 30,28 -30,28" /> }.into_any(),
        "queue" | "dead_letter_queue" => view! {
            <rect class="shape" x="-48" y="-24" width="96" height="48" rx="3" />
            <path class="queue-slots" d="M -24 -24 V 24 M 0 -24 V 24 M 24 -24 V 24" />
        }
        .into_any(),
        "topic" => view! { <polygon class="shape" points="-48,-26 30,-26 48,0 30,26 -48,26 -34,0" /> }.into_any(),
        "breaker" => view! { <polygon class="shape" points="0,-32 48,0 0,32 -48,0" /> }.into_any(),
        "store" => view! {
            <path class="shape" d="M -40 -18 A 40 9 0 0 1 40 -18 V 20 A 40 9 0 0 1 -40 20 Z" />
            <path class="shape-line" d="M -40 -18 A 40 9 0 0 0 40 -18" />
        }
        .into_any(),
        "cache" => view! { <rect class="shape shape-dashed" x="-44" y="-24" width="88" height="48" rx="12" /> }.into_any(),
        _ => view! { <rect class="shape" x="-44" y="-26" width="88" height="52" rx="8" /> }.into_any(),
    }
}

pub fn icon(kind: &str) -> &'static str {
    match kind {
        "client" => "☺",
        "gateway" => "⇶",
        "function" => "λ",
        "queue" => "☰",
        "dead_letter_queue" => "☠",
        "state_machine" => "⇄",
        "event_bus" => "⊛",
        "stream" => "≋",
        "registry" => "☷",
        "topic" => "⋔",
        "breaker" => "⚡",
        "store" => "⛁",
        "cache" => "↻",
        _ => "◆",
    }
}

/// What the component is doing, in words under its name.
pub fn status_text(s: &ComponentState) -> String {
    let slow = if s.slow_factor > 1.0 { format!(" · {}", msg::STATUS_SLOWED.with(&[("factor", &super::number(s.slow_factor))])) } else { String::new() };
    let state = match &s.view {
        ComponentView::Client { in_progress, .. } => msg::STATUS_CLIENT.with(&[("n", in_progress)]),
        ComponentView::Gateway { tokens, outstanding, .. } => msg::STATUS_GATEWAY.with(&[("outstanding", outstanding), ("tokens", &lab_i18n::decimal(*tokens, 0))]),
        ComponentView::Function { running, concurrency, waiting_async } if *waiting_async > 0 => {
            msg::STATUS_FUNCTION_QUEUED.with(&[("running", running), ("concurrency", concurrency), ("queued", waiting_async)])
        }
        ComponentView::Function { running, concurrency, .. } => msg::STATUS_FUNCTION.with(&[("running", running), ("concurrency", concurrency)]),
        ComponentView::Queue { visible, in_flight, dead_letters, .. } if *dead_letters > 0 => {
            msg::STATUS_QUEUE_DEAD.with(&[("visible", visible), ("in_flight", in_flight), ("dead", dead_letters)])
        }
        ComponentView::Queue { visible, in_flight, .. } => msg::STATUS_QUEUE.with(&[("visible", visible), ("in_flight", in_flight)]),
        ComponentView::Topic { outstanding } => msg::STATUS_TOPIC.with(&[("n", outstanding)]),
        ComponentView::Breaker { mode: BreakerMode::HalfOpen, outstanding, .. } if *outstanding > 0 => msg::STATUS_BREAKER_TRIAL.text().to_string(),
        ComponentView::Breaker { mode, outstanding, .. } => msg::STATUS_BREAKER.with(&[("mode", &breaker_word(*mode).text()), ("outstanding", outstanding)]),
        ComponentView::StateMachine { running, succeeded, failed, .. } => {
            msg::STATUS_STATE_MACHINE.with(&[("running", running), ("succeeded", succeeded), ("failed", failed)])
        }
        ComponentView::EventBus { events, unmatched, .. } => msg::STATUS_EVENT_BUS.with(&[("events", events), ("unmatched", unmatched)]),
        ComponentView::Stream { records, iterator_age, .. } => {
            msg::STATUS_STREAM.with(&[("records", &records.iter().sum::<u32>()), ("age", &super::format_time(*iterator_age))])
        }
        ComponentView::Registry { registered, .. } => msg::STATUS_REGISTRY.with(&[("n", &registered.len())]),
        ComponentView::Store { active_connections, .. } => msg::STATUS_STORE.with(&[("n", active_connections)]),
        ComponentView::Cache { fresh_entries, .. } => msg::STATUS_CACHE.with(&[("n", fresh_entries)]),
        #[allow(unreachable_patterns)] // lab-sim gains kinds over time; they show no detail yet
        _ => String::new(),
    };
    format!("{state}{slow}")
}

fn breaker_word(mode: BreakerMode) -> Msg {
    match mode {
        BreakerMode::Closed => msg::BREAKER_CLOSED,
        BreakerMode::Open => msg::BREAKER_OPEN,
        BreakerMode::HalfOpen => msg::BREAKER_HALF_OPEN,
    }
}

/// The messages in transit, each drawn once while it is on its link (keyed by the transit
/// itself, so a re-run that changes it draws it anew). One effect moves them all each frame:
/// a closure per message would subscribe each to the clock, and as the reactive graph drops a
/// subscriber in time linear in their number, 500 of them made every frame quadratic. Past
/// `crowd::CROWD` of them, they are drawn as a crowd instead (see crowd.rs).
fn messages(ctx: Ctx) -> impl IntoView {
    let shown = Memo::new(move |_| {
        let clock = ctx.state.with(|s| s.clock);
        ctx.with_current(|c| c.loaded.in_transit(clock).take(500).cloned().collect::<Vec<Transit>>())
    });
    let one_by_one = Memo::new(move |_| shown.with(|list| if list.len() > crowd::CROWD { Vec::new() } else { list.clone() }));
    let drawn: Drawn = StoredValue::new(HashMap::new());
    let crowd_paths: [NodeRef<leptos::svg::Path>; 6] = Default::default();
    Effect::new(move |_| {
        let clock = ctx.state.with(|s| s.clock);
        shown.with(|list| {
            ctx.current.with_untracked(|c| {
                let in_crowd = list.len() > crowd::CROWD;
                drawn.with_value(|drawn| move_all(ctx, drawn, if in_crowd { &[] } else { list }, &c.layout, clock));
                let paths = crowd::paths(if in_crowd { list } else { &[] }, |m| position(ctx, m, &c.layout, clock));
                for (path, d) in crowd_paths.iter().zip(paths) {
                    if let Some(path) = path.get_untracked() {
                        let _ = path.set_attribute("d", &d);
                    }
                }
            })
        });
    });
    let crowd_view = crowd::LOOKS
        .iter()
        .zip(crowd_paths)
        .map(|(look, node)| view! { <path node_ref=node class=format!("{} crowd", look.class()) d="" /> })
        .collect_view();
    view! {
        <g class="messages" data-testid="messages" data-in-transit=move || shown.with(Vec::len)>
            <For each=move || one_by_one.get() key=|m| m.clone() children=move |m| message(ctx, m, drawn) />
            <g aria-hidden="true" data-testid="message-crowd">{crowd_view}</g>
        </g>
    }
}

/// The drawn element of each message in transit, so a frame moves them without searching the
/// page or reading attributes back.
type Drawn = StoredValue<HashMap<Transit, web_sys::Element>>;

/// Where message `m` is at `clock`. With reduced motion it sits at the middle of its link
/// instead of gliding along it.
fn position(ctx: Ctx, m: &Transit, layout: &Layout, clock: u64) -> (f64, f64) {
    let ((x1, y1), (x2, y2)) = (layout.at(m.from.0 as usize), layout.at(m.to.0 as usize));
    let p = if ctx.reduced_motion || m.arrived <= m.sent {
        0.5
    } else {
        clock.saturating_sub(m.sent) as f64 / (m.arrived - m.sent) as f64
    };
    (x1 + (x2 - x1) * p, y1 + (y2 - y1) * p)
}

/// The `transform` that puts message `m`'s own element where it is at `clock`.
fn place(ctx: Ctx, m: &Transit, layout: &Layout, clock: u64) -> String {
    let (x, y) = position(ctx, m, layout, clock);
    format!("translate({x:.1} {y:.1})")
}

fn move_all(ctx: Ctx, drawn: &HashMap<Transit, web_sys::Element>, list: &[Transit], layout: &Layout, clock: u64) {
    for m in list {
        if let Some(element) = drawn.get(m) {
            let _ = element.set_attribute("transform", &place(ctx, m, layout, clock));
        }
    }
}

fn message(ctx: Ctx, m: Transit, drawn: Drawn) -> impl IntoView {
    let (label, transform) = ctx.current.with_untracked(|c| {
        let run = &c.loaded.run;
        let label = msg::MESSAGE_LABEL.with(&[("what", &run.summary(m.sent_step)), ("from", &run.component_name(m.from)), ("to", &run.component_name(m.to))]);
        (label, place(ctx, &m, &c.layout, ctx.state.with_untracked(|s| s.clock)))
    });
    let node = NodeRef::<leptos::svg::G>::new();
    let key = m.clone();
    node.on_load(move |element| drawn.update_value(|drawn| {
        drawn.insert(key, element.into());
    }));
    let key = m.clone();
    on_cleanup(move || drawn.update_value(|drawn| {
        drawn.remove(&key);
    }));
    let sent = m.sent_step;
    let opener = format!("[data-msg-key='{sent}']");
    let open = move || message_view::open(ctx, sent, opener.clone());
    let open_by_key = open.clone();
    view! {
        <g node_ref=node class=m.look.class() transform=transform
            tabindex="0" role="button" aria-label=msg::MESSAGE_LABEL_ACTION.with(&[("label", &label)]) data-msg-key=sent
            on:click=move |_| open()
            on:keydown=move |e| if e.key() == "Enter" {
                // Otherwise the same key press goes on to activate the card's Close button.
                e.prevent_default();
                open_by_key()
            }>
            {shape(m.look)}
        </g>
    }
}

/// Each look has its own shape, so colour is never the only difference.
fn shape(look: Look) -> AnyView {
    match look {
        Look::Request => view! { <circle r="5" /> }.into_any(),
        Look::Success => view! { <rect x="-4.5" y="-4.5" width="9" height="9" /> }.into_any(),
        Look::Failure => view! { <path d="M -5 -5 L 5 5 M 5 -5 L -5 5" class="cross" /> }.into_any(),
        Look::Batch => view! { <polygon points="0,-6 6,0 0,6 -6,0" /> }.into_any(),
        Look::DeadLetter => view! { <polygon points="0,-6 6,5 -6,5" /> }.into_any(),
        Look::Dropped => view! { <circle r="5" class="hollow" /><path d="M -5 5 L 5 -5" class="cross" /> }.into_any(),
    }
}
