//! Keyboard shortcuts and their help dialog. Shortcuts act only when the player has focus,
//! or when nothing has focus at all; never while the learner types in a field.

use leptos::html::{Dialog, Section};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use lab_i18n::{player as msg, Msg};

use super::{browser, Ctx};

/// The keyboard help: its dialog, and whether it has been opened. Its table is made only then,
/// since most learners never open it and a lesson waits for the player's first drawing.
#[derive(Clone, Copy)]
pub struct Help {
    dialog: NodeRef<Dialog>,
    opened: RwSignal<bool>,
}

impl Help {
    pub fn new() -> Help {
        Help { dialog: NodeRef::new(), opened: RwSignal::new(false) }
    }

    pub fn open(self) {
        self.opened.set(true);
        if let Some(dialog) = self.dialog.get_untracked() {
            if !dialog.open() {
                browser::show_dialog(&dialog);
            }
        }
    }

    fn close(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }
}

const KEYS: [(Msg, Msg); 9] = [
    (msg::KEY_SPACE, msg::KEY_SPACE_DOES),
    (msg::KEY_ARROWS, msg::KEY_ARROWS_DOES),
    (msg::KEY_HOME, msg::KEY_HOME_DOES),
    (msg::KEY_SPEED, msg::KEY_SPEED_DOES),
    (msg::KEY_COMPONENT, msg::KEY_COMPONENT_DOES),
    (msg::KEY_MESSAGE, msg::KEY_MESSAGE_DOES),
    (msg::KEY_DIAGRAM, msg::KEY_DIAGRAM_DOES),
    (msg::KEY_HELP, msg::KEY_HELP_DOES),
    (msg::KEY_ESCAPE, msg::KEY_ESCAPE_DOES),
];

pub fn listen(ctx: Ctx, root: NodeRef<Section>, help: Help) {
    let handle = window_event_listener(leptos::ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        if !applies(&e, root, ctx.is_figure()) {
            return;
        }
        if act(ctx, help, &e.key()) {
            e.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// True when a shortcut may act on this key press. The lesson's player also takes keys no
/// element has; a figure only those pressed inside it.
fn applies(e: &web_sys::KeyboardEvent, root: NodeRef<Section>, figure: bool) -> bool {
    // A dialog (the key list, a message card) keeps every key while it is open.
    if document().query_selector("dialog[open]").ok().flatten().is_some() {
        return false;
    }
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(target) = target else { return true };
    let tag = target.tag_name().to_ascii_uppercase();
    // Fields keep their own keys (a range input already steps with arrows); a focused button
    // or component keeps Space and Enter for its own activation.
    let typing = matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") || target.has_attribute("contenteditable");
    let activates = (tag == "BUTTON" || target.get_attribute("role").as_deref() == Some("button"))
        && matches!(e.key().as_str(), " " | "Enter");
    if typing || activates {
        return false;
    }
    let in_player = root.get_untracked().is_some_and(|r| r.contains(Some(&target)));
    in_player || (!figure && (tag == "BODY" || tag == "HTML"))
}

fn act(ctx: Ctx, help: Help, key: &str) -> bool {
    match key {
        " " => ctx.act(|s, t| s.toggle(t)),
        "ArrowRight" => ctx.act(|s, t| s.next(t)),
        "ArrowLeft" => ctx.act(|s, t| s.previous(t)),
        "Home" => ctx.act(|s, t| s.start(t)),
        "End" => ctx.act(|s, t| s.end(t)),
        "+" | "=" => ctx.state.update(|s| s.faster()),
        "-" | "_" => ctx.state.update(|s| s.slower()),
        "?" => help.open(),
        _ => return false,
    }
    true
}

pub fn help_dialog(ctx: Ctx, help: Help) -> impl IntoView {
    let keys = move || KEYS.iter().chain(if ctx.is_figure() { &[][..] } else { &super::presenter::KEYS[..] });
    view! {
        <dialog class="help-dialog" node_ref=help.dialog aria-label=msg::KEYBOARD_SHORTCUTS.text() data-testid="help-dialog">
            <h2>{msg::KEYBOARD_SHORTCUTS.text()}</h2>
            <p>{if ctx.is_figure() { msg::SHORTCUTS_FIGURE.text() } else { msg::SHORTCUTS_LESSON.text() }}</p>
            {move || help.opened.get().then(|| view! {
                <table>
                    <thead><tr><th scope="col">{msg::KEY.text()}</th><th scope="col">{msg::ACTION.text()}</th></tr></thead>
                    <tbody>
                        {keys().map(|(key, action)| view! { <tr><td><kbd>{key.text()}</kbd></td><td>{action.text()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            })}
            <button type="button" on:click=move |_| help.close()>{msg::CLOSE.text()}</button>
        </dialog>
    }
}
