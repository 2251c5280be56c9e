//! The canvas: components where the learner put them, links between them, and the first
//! validation problem drawn on the component or link it is about. Components are dragged with
//! a pointer or moved with the arrow keys; `C` starts a link, Enter ends it on another
//! component; Delete removes; `D` duplicates. The canvas zooms with the wheel or `+`/`-` and
//! pans by dragging its background.

use lab_i18n::sandbox as msg;
use lab_sim::{Mode, Where};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{problem, problem_words, Ed, Selection};
use crate::draft::Point;
use crate::kind_words::translated;

/// How far an arrow key moves a component (Shift: five times as far).
const KEY_STEP: f64 = 10.0;
/// The latency of a new link, in ms.
pub const NEW_LINK_LATENCY_MS: f64 = 5.0;
/// A pointer that moves less than this between press and release clicked.
const CLICK_SLOP: f64 = 3.0;

pub fn view(ed: Ed) -> impl IntoView {
    let svg = ed.canvas;
    // Once on screen, the view takes the canvas's shape (a phone's is tall and narrow).
    Effect::new(move |_| {
        if svg.get().is_some() {
            ed.fit();
        }
    });
    let panning = StoredValue::new(None::<(f64, f64, super::ViewBox)>);
    let drop = move |e: leptos::ev::DragEvent| {
        e.prevent_default();
        let Some(kind) = e.data_transfer().and_then(|data| data.get_data("text/plain").ok()) else { return };
        let at = to_diagram(svg, e.client_x() as f64, e.client_y() as f64);
        super::palette::add(ed, &kind, at);
    };
    view! {
        <div class="sandbox-canvas-wrap">
            <svg class="sandbox-canvas" node_ref=svg data-testid="sandbox-canvas" role="group"
                aria-label=msg::CANVAS_LABEL.text()
                viewBox=move || ed.view_box.get().attribute()
                on:dragover=|e: leptos::ev::DragEvent| e.prevent_default()
                on:drop=drop
                on:wheel=move |e: leptos::ev::WheelEvent| {
                    e.prevent_default();
                    ed.view_box.update(|v| *v = v.zoomed(if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 }));
                }
                on:pointerdown=move |e: leptos::ev::PointerEvent| {
                    if is_background(&e) {
                        panning.set_value(Some((e.client_x() as f64, e.client_y() as f64, ed.view_box.get_untracked())));
                        capture(&e);
                    }
                }
                on:pointermove=move |e: leptos::ev::PointerEvent| pointer_moved(ed, svg, panning, &e)
                on:pointerup=move |_| pointer_released(ed, panning)>
                <defs>
                    <marker id="sandbox-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                {move || links(ed)}
                {move || nodes(ed)}
            </svg>
        </div>
    }
}

/// Where a point of the screen is on the diagram.
fn to_diagram(svg: NodeRef<leptos::svg::Svg>, client_x: f64, client_y: f64) -> Point {
    let Some(svg) = svg.get_untracked() else { return Point::default() };
    let rect = svg.get_bounding_client_rect();
    let v = svg_view_box(&svg);
    let scale = (v.width / rect.width().max(1.0)).max(v.height / rect.height().max(1.0));
    // The view box is centred in the element (preserveAspectRatio's default).
    let x = v.x + v.width / 2.0 + (client_x - rect.left() - rect.width() / 2.0) * scale;
    let y = v.y + v.height / 2.0 + (client_y - rect.top() - rect.height() / 2.0) * scale;
    Point { x, y }
}

fn svg_view_box(svg: &web_sys::SvgElement) -> super::ViewBox {
    let numbers: Vec<f64> = svg.get_attribute("viewBox").unwrap_or_default().split(' ').filter_map(|n| n.parse().ok()).collect();
    match numbers.as_slice() {
        [x, y, width, height] => super::ViewBox { x: *x, y: *y, width: *width, height: *height },
        _ => super::ViewBox::START,
    }
}

fn is_background(e: &leptos::ev::PointerEvent) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| el.tag_name() == "svg")
}

fn capture(e: &leptos::ev::PointerEvent) {
    if let Some(element) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
        let _ = element.set_pointer_capture(e.pointer_id());
    }
}

fn pointer_moved(ed: Ed, svg: NodeRef<leptos::svg::Svg>, panning: StoredValue<Option<(f64, f64, super::ViewBox)>>, e: &leptos::ev::PointerEvent) {
    if let Some((index, _)) = ed.dragging.get_untracked() {
        let at = to_diagram(svg, e.client_x() as f64, e.client_y() as f64);
        ed.dragging.set(Some((index, at)));
    } else if let Some((x0, y0, start)) = panning.get_value() {
        let Some(element) = svg.get_untracked() else { return };
        let scale = start.width / element.get_bounding_client_rect().width().max(1.0);
        ed.view_box.set(start.panned((x0 - e.client_x() as f64) * scale, (y0 - e.client_y() as f64) * scale));
    }
}

/// A drag ends as one undoable move; a press without a move is a click (select, or end a
/// link being drawn).
fn pointer_released(ed: Ed, panning: StoredValue<Option<(f64, f64, super::ViewBox)>>) {
    panning.set_value(None);
    let Some((index, at)) = ed.dragging.get_untracked() else { return };
    ed.dragging.set(None);
    let Some(name) = ed.draft_untracked(|d| d.scenario.components.get(index).map(|c| c.name().to_string())) else { return };
    let from = ed.draft_untracked(|d| d.place_of(index));
    if (from.x - at.x).abs() < CLICK_SLOP && (from.y - at.y).abs() < CLICK_SLOP {
        choose(ed, &name);
    } else {
        ed.edit(|d| d.move_to(&name, at), |()| msg::MOVED.with(&[("name", &name)]));
    }
}

/// Choosing a component selects it, or ends the link being drawn there.
fn choose(ed: Ed, name: &str) {
    match ed.connecting.get_untracked() {
        Some(from) if from != name => {
            ed.connecting.set(None);
            let to = name.to_string();
            if let Some(link) = ed.edit(|d| d.connect(&from, &to, Mode::Sync, NEW_LINK_LATENCY_MS), |_| msg::LINKED.with(&[("from", &from), ("to", &to), ("latency", &super::number(NEW_LINK_LATENCY_MS))])) {
                ed.selection.set(Selection::Link(link));
            }
        }
        _ => {
            ed.connecting.set(None);
            ed.selection.set(Selection::Component(name.to_string()));
            ed.say(msg::SELECTED.with(&[("name", &name)]));
        }
    }
}

fn nodes(ed: Ed) -> impl IntoView {
    let problem = ed.draft(problem);
    ed.draft(|d| {
        d.scenario
            .components
            .iter()
            .enumerate()
            .map(|(index, component)| {
                let name = component.name().to_string();
                let here = problem.as_ref().filter(|p| p.place == Where::Component(name.clone())).map(problem_words);
                node(ed, index, name, component.kind(), here)
            })
            .collect_view()
    })
}

fn node(ed: Ed, index: usize, name: String, kind: &'static str, problem: Option<String>) -> impl IntoView {
    let kind_words = translated(lab_sim::kind_info(kind).map_or(kind, |info| info.title));
    // The outline holds a short name ("state machine"); the full title is in the label.
    let short_kind = translated(&kind.replace('_', " "));
    let place = move || match ed.dragging.get() {
        Some((dragged, at)) if dragged == index => at,
        _ => ed.draft(|d| d.place_of(index)),
    };
    let (selected_name, key_name) = (name.clone(), name.clone());
    let has_problem = problem.is_some();
    let class = move || {
        let selected = ed.selection.with(|s| *s == Selection::Component(selected_name.clone()));
        let connecting = ed.connecting.with(|c| c.as_deref() == Some(selected_name.as_str()));
        format!(
            "node node-{kind}{}{}{}",
            if selected { " node-selected" } else { "" },
            if connecting { " node-connecting" } else { "" },
            if has_problem { " node-problem" } else { "" }
        )
    };
    let label = match &problem {
        Some(problem) => msg::NODE_LABEL_PROBLEM.with(&[("name", &name), ("kind", &kind_words), ("problem", problem)]),
        None => msg::NODE_LABEL.with(&[("name", &name), ("kind", &kind_words)]),
    };
    view! {
        <g class=class tabindex="0" role="button" aria-label=label data-testid=format!("sandbox-node-{name}")
            transform=move || { let p = place(); format!("translate({} {})", p.x, p.y) }
            on:pointerdown=move |e: leptos::ev::PointerEvent| {
                e.stop_propagation();
                capture(&e);
                ed.dragging.set(Some((index, ed.draft_untracked(|d| d.place_of(index)))));
            }
            on:keydown=move |e: leptos::ev::KeyboardEvent| node_key(ed, index, &key_name, &e)>
            {lab_player::diagram::outline(kind)}
            <text class="node-name" y="44" text-anchor="middle">{name.clone()}</text>
            <text class="node-kind" y="4" text-anchor="middle">{short_kind}</text>
            {problem.map(|text| view! { <text class="problem-text" y="62" text-anchor="middle" data-testid="sandbox-problem-on-canvas">{text}</text> })}
        </g>
    }
}

fn node_key(ed: Ed, index: usize, name: &str, e: &leptos::ev::KeyboardEvent) {
    let step = if e.shift_key() { 5.0 * KEY_STEP } else { KEY_STEP };
    let nudge = match e.key().as_str() {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, -step)),
        "ArrowDown" => Some((0.0, step)),
        _ => None,
    };
    if let Some((dx, dy)) = nudge {
        e.prevent_default();
        let at = ed.draft_untracked(|d| d.place_of(index));
        let name = name.to_string();
        ed.edit(|d| d.move_to(&name, crate::draft::Point { x: at.x + dx, y: at.y + dy }), |()| msg::MOVED.with(&[("name", &name)]));
        return;
    }
    match e.key().as_str() {
        "Enter" | " " => {
            e.prevent_default();
            choose(ed, name);
        }
        "c" | "C" if !e.ctrl_key() && !e.meta_key() => start_link(ed, name, msg::LINKING_FROM),
        "Escape" if ed.connecting.get_untracked().is_some() => cancel_link(ed),
        "Delete" | "Backspace" => {
            e.prevent_default();
            remove(ed, name);
        }
        "d" | "D" if !e.ctrl_key() && !e.meta_key() => {
            let name = name.to_string();
            if let Some(copy) = ed.edit(|d| d.duplicate(&name), |copy| msg::DUPLICATED.with(&[("name", &name), ("copy", copy)])) {
                ed.selection.set(Selection::Component(copy));
            }
        }
        _ => {}
    }
}

/// Starts a link from `name`; the next component chosen (by Enter, click or tap) ends it.
/// `how` tells the learner how to choose it, by keys or by pointer.
pub fn start_link(ed: Ed, name: &str, how: lab_i18n::Msg) {
    ed.connecting.set(Some(name.to_string()));
    ed.say(how.with(&[("name", &name)]));
}

pub fn cancel_link(ed: Ed) {
    ed.connecting.set(None);
    ed.say(msg::LINK_CANCELLED.text().to_string());
}

pub fn remove(ed: Ed, name: &str) {
    let name = name.to_string();
    if ed.edit(|d| d.remove(&name), |()| msg::REMOVED.with(&[("name", &name)])).is_some() {
        ed.selection.set(Selection::Nothing);
    }
}

fn links(ed: Ed) -> impl IntoView {
    let problem = ed.draft(problem);
    let links: Vec<_> = ed.draft(|d| {
        d.scenario
            .links
            .iter()
            .enumerate()
            .filter_map(|(i, link)| Some((i, d.index_of(&link.from)?, d.index_of(&link.to)?, link.from.clone(), link.to.clone(), link.mode)))
            .collect()
    });
    links
        .into_iter()
        .map(|(i, a, b, from, to, mode)| {
            let here = problem.as_ref().filter(|p| p.place == Where::Link(i)).map(problem_words);
            link(ed, i, (a, b), (from, to), mode, here)
        })
        .collect_view()
}

fn link(ed: Ed, i: usize, (a, b): (usize, usize), (from, to): (String, String), mode: Mode, problem: Option<String>) -> impl IntoView {
    let end = move |index: usize| match ed.dragging.get() {
        Some((dragged, at)) if dragged == index => at,
        _ => ed.draft(|d| d.place_of(index)),
    };
    // From edge to edge of the two outlines, so the arrow head shows.
    let ends = move || {
        let (p, q) = (end(a), end(b));
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let trim = 52.0_f64.min(length / 2.0);
        (p.x + dx / length * trim, p.y + dy / length * trim, q.x - dx / length * trim, q.y - dy / length * trim)
    };
    let mode_words = super::properties::mode_words(mode);
    let label = match &problem {
        Some(problem) => msg::LINK_LABEL_PROBLEM.with(&[("from", &from), ("to", &to), ("mode", &mode_words), ("problem", problem)]),
        None => msg::LINK_LABEL.with(&[("from", &from), ("to", &to), ("mode", &mode_words)]),
    };
    let has_problem = problem.is_some();
    let class = move || {
        let selected = ed.selection.with(|s| *s == Selection::Link(i));
        format!("link link-{}{}{}", if mode == Mode::Sync { "sync" } else { "async" }, if selected { " link-selected" } else { "" }, if has_problem { " link-problem" } else { "" })
    };
    let select = move || {
        ed.selection.set(Selection::Link(i));
        ed.say(msg::LINK_SELECTED.text().to_string());
    };
    let text = problem.clone();
    view! {
        <g class=class tabindex="0" role="button" aria-label=label data-testid=format!("sandbox-link-{from}-{to}")
            on:pointerdown=move |e: leptos::ev::PointerEvent| { e.stop_propagation(); select() }
            on:keydown=move |e: leptos::ev::KeyboardEvent| match e.key().as_str() {
                "Enter" | " " => { e.prevent_default(); select() }
                "Delete" | "Backspace" => {
                    e.prevent_default();
                    if ed.edit(|d| d.disconnect(i), |()| msg::LINK_REMOVED.text().to_string()).is_some() {
                        ed.selection.set(Selection::Nothing);
                    }
                }
                _ => {}
            }>
            <line class="link-hit" x1=move || ends().0 y1=move || ends().1 x2=move || ends().2 y2=move || ends().3 />
            <line class="link-line" marker-end="url(#sandbox-arrow)" x1=move || ends().0 y1=move || ends().1 x2=move || ends().2 y2=move || ends().3 />
            {text.map(|text| view! {
                <text class="problem-text" text-anchor="middle" data-testid="sandbox-problem-on-canvas"
                    x=move || (ends().0 + ends().2) / 2.0 y=move || (ends().1 + ends().3) / 2.0 - 8.0>{text}</text>
            })}
        </g>
    }
}
