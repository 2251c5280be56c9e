//! The diagram's zoom and pan by hand: the wheel, a one-finger or mouse drag, a two-finger
//! pinch, the +, − and reset buttons, and keys while the diagram has focus (arrows pan,
//! + and − zoom, 0 resets). The arithmetic is in [`super::zoom`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::zoom::{Zoom, STEP};
use super::Ctx;
use lab_i18n::player as msg;

/// Pointer movement (CSS pixels) before a press becomes a drag rather than a click.
const DRAG_FROM: f64 = 4.0;
/// One arrow key press pans this share of the view.
const PAN_SHARE: f64 = 0.1;

/// Pointers down on the diagram: (id, x, y) where each was last seen.
type Pointers = StoredValue<Vec<(i32, f64, f64)>>;

#[derive(Clone, Copy)]
pub struct Handlers {
    zoom: RwSignal<Zoom>,
    ctx: Ctx,
    pointers: Pointers,
    dragging: StoredValue<bool>,
}

impl Handlers {
    pub fn new(ctx: Ctx, zoom: RwSignal<Zoom>) -> Self {
        Handlers { zoom, ctx, pointers: StoredValue::new(Vec::new()), dragging: StoredValue::new(false) }
    }

    fn size(&self) -> (f64, f64) {
        self.ctx.with_current(|c| (c.layout.width, c.layout.height))
    }

    /// Diagram units per CSS pixel of the SVG on screen, and the pointer's place in the view.
    fn measure(&self, e: &web_sys::Event, x: f64, y: f64) -> Option<(f64, (f64, f64))> {
        let svg = e.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let (w, _) = self.size();
        let units = w / self.zoom.with_untracked(|z| z.factor) / rect.width();
        Some((units, ((x - rect.left()) / rect.width(), (y - rect.top()) / rect.height())))
    }

    pub fn zoom_by(&self, by: f64) {
        let size = self.size();
        self.zoom.update(|z| z.zoom_by(by, (0.5, 0.5), size));
    }

    pub fn wheel(&self, e: web_sys::WheelEvent) {
        e.prevent_default();
        let by = if e.delta_y() < 0.0 { STEP } else { 1.0 / STEP };
        let Some((_, at)) = self.measure(&e, e.client_x() as f64, e.client_y() as f64) else { return };
        let size = self.size();
        self.zoom.update(|z| z.zoom_by(by, at, size));
    }

    pub fn down(&self, e: web_sys::PointerEvent) {
        let (id, x, y) = (e.pointer_id(), e.client_x() as f64, e.client_y() as f64);
        self.pointers.update_value(|p| {
            p.retain(|q| q.0 != id);
            p.push((id, x, y));
        });
        self.dragging.set_value(false);
    }

    pub fn up(&self, e: web_sys::PointerEvent) {
        let id = e.pointer_id();
        self.pointers.update_value(|p| p.retain(|q| q.0 != id));
    }

    pub fn moved(&self, e: web_sys::PointerEvent) {
        let (id, x, y) = (e.pointer_id(), e.client_x() as f64, e.client_y() as f64);
        let before = self.pointers.get_value();
        let Some(&(_, px, py)) = before.iter().find(|q| q.0 == id) else { return };
        // A press that has not moved far is still a click on a component or a message.
        if !self.dragging.get_value() && (x - px).hypot(y - py) < DRAG_FROM && before.len() == 1 {
            return;
        }
        if !self.dragging.get_value() {
            self.dragging.set_value(true);
            if let Some(svg) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = svg.set_pointer_capture(id);
            }
        }
        let Some((units, at)) = self.measure(&e, x, y) else { return };
        let size = self.size();
        match before.as_slice() {
            [_] => self.zoom.update(|z| z.pan((px - x) * units, (py - y) * units, size)),
            [a, b] => {
                let other = if a.0 == id { b } else { a };
                let was = (px - other.1).hypot(py - other.2);
                let now = (x - other.1).hypot(y - other.2);
                if was > 0.0 && now > 0.0 {
                    self.zoom.update(|z| z.zoom_by(now / was, at, size));
                }
            }
            _ => {}
        }
        self.pointers.update_value(|p| {
            if let Some(q) = p.iter_mut().find(|q| q.0 == id) {
                *q = (id, x, y);
            }
        });
    }

    /// Keys on the focused diagram; true when the key was used (so no shortcut acts on it).
    pub fn key(&self, key: &str) -> bool {
        let size = self.size();
        // Computed before any update: reading the zoom inside its own update would deadlock.
        let d = PAN_SHARE * size.0.min(size.1) * 2.0 / self.zoom.with_untracked(|z| z.factor);
        let pan = |dx: f64, dy: f64| self.zoom.update(|z| z.pan(dx, dy, size));
        match key {
            "ArrowLeft" => pan(-d, 0.0),
            "ArrowRight" => pan(d, 0.0),
            "ArrowUp" => pan(0.0, -d),
            "ArrowDown" => pan(0.0, d),
            "+" | "=" => self.zoom_by(STEP),
            "-" | "_" => self.zoom_by(1.0 / STEP),
            "0" => self.zoom.set(Zoom::default()),
            _ => return false,
        }
        true
    }
}

pub fn buttons(h: Handlers, zoom: RwSignal<Zoom>) -> impl IntoView {
    let percent = move || format!("{}%", lab_i18n::decimal(zoom.with(|z| z.factor) * 100.0, 0));
    view! {
        <div class="zoom" role="group" aria-label=msg::ZOOM.text()>
            <button type="button" aria-label=msg::ZOOM_IN.text() data-testid="zoom-in" on:click=move |_| h.zoom_by(STEP)>"+"</button>
            <button type="button" aria-label=msg::ZOOM_OUT.text() data-testid="zoom-out" on:click=move |_| h.zoom_by(1.0 / STEP)>"−"</button>
            <button type="button" data-testid="zoom-reset" on:click=move |_| zoom.set(Zoom::default())>{msg::ZOOM_FIT.text()}</button>
            <output data-testid="zoom-value">{percent}</output>
        </div>
    }
}
