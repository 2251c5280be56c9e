//! Where a lesson's simulation goes. Until the player module has arrived (see
//! [`crate::player_module`]), the place shows the lesson's diagram as the build drew it, with
//! a progress indicator, so the page keeps its shape; then the player mounts into it. If the
//! download fails, the learner reads why and can try again; the text and quiz keep working.

use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::catalog::Lesson;
use crate::components::load_error::LoadError;
use crate::dom::in_browser;
use crate::takeover;

#[derive(Clone, Debug, PartialEq)]
enum Slot {
    Loading,
    Ready,
    Failed(String),
}

#[component]
pub fn PlayerSlot(lesson: &'static Lesson) -> impl IntoView {
    let Some(sim_file) = lesson.sim_file() else { return ().into_any() };
    let state = RwSignal::new(Slot::Loading);
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let preview = preview(lesson.slug, sim_file);
    // Painting the page at build time draws the place only; the browser fills it.
    let reload = in_browser().then(|| {
        // Reached in place from a page without a player, whose stylesheets lack the player's.
        crate::modules::link_player_styles();
        start_loading(mount_point, sim_file, state)
    });
    view! {
        <div class="player-slot" data-testid="player-slot" data-sim=sim_file>
            <div class="player-mount" node_ref=mount_point></div>
            {move || match state.get() {
                Slot::Ready => ().into_any(),
                Slot::Loading => view! {
                    <section class="player player-preview" data-testid="player-preview" aria-busy="true" aria-label=msg::PLAYER_LOADING_REGION.text()>
                        <p class="player-loading" role="status">
                            <progress aria-label=msg::PLAYER_LOADING.text()></progress>
                            {format!(" {}", msg::PLAYER_LOADING_NOTE.text())}
                        </p>
                        <div class="preview-diagram" data-preview=lesson.slug inner_html=move || preview.get()></div>
                    </section>
                }
                .into_any(),
                Slot::Failed(why) => view! {
                    <LoadError
                        message=msg::PLAYER_FAILED.with(&[("why", &why)])
                        class="player-error"
                        testid="player-load-error"
                        retry=Callback::new(move |()| retry(state, reload))
                    />
                }
                .into_any(),
            }}
        </div>
    }
    .into_any()
}

/// The diagram drawn at build time: adopted from the painted page, or downloaded.
fn preview(slug: &'static str, sim_file: &'static str) -> RwSignal<String> {
    let html = RwSignal::new(takeover::take_preview(slug).unwrap_or_default());
    if in_browser() && html.get_untracked().is_empty() {
        leptos::task::spawn_local(async move {
            if let Ok(text) = crate::dom::fetch_text(&crate::site::asset(&crate::catalog::preview_file_of(sim_file))).await {
                let _ = html.try_set(text);
            }
        });
    }
    html
}

fn retry(state: RwSignal<Slot>, reload: Option<Callback<()>>) {
    state.set(Slot::Loading);
    if let Some(reload) = reload {
        reload.run(());
    }
}

/// Downloads and mounts the player once the slot is in the page; returns what starts it again.
fn start_loading(mount_point: NodeRef<leptos::html::Div>, sim_file: &'static str, state: RwSignal<Slot>) -> Callback<()> {
    use crate::modules::Mounted;
    use crate::player_module::{mount, take_painted_player};
    let mounted = StoredValue::new_local(None::<Mounted>);
    let load = move || {
        let Some(element) = mount_point.get_untracked() else { return };
        // Started by the lesson page before the shell came: its nodes move here as they are.
        if let Some(handle) = take_painted_player(sim_file) {
            if let Some(started) = takeover::take_started_player() {
                while let Some(node) = started.first_child() {
                    if element.append_child(&node).is_err() {
                        break;
                    }
                }
            }
            state.set(Slot::Ready);
            mounted.set_value(Some(handle));
            return;
        }
        let hash = window().location().hash().unwrap_or_default();
        leptos::task::spawn_local(async move {
            let result = mount(element.into(), sim_file, hash).await;
            match result {
                Ok(handle) if state.try_set(Slot::Ready).is_none() => mounted.set_value(Some(handle)),
                // The learner left the lesson while it loaded: take the player down again.
                Ok(handle) => handle.unmount(),
                Err(why) => {
                    let _ = state.try_set(Slot::Failed(why));
                }
            }
        });
    };
    mount_point.on_load(move |_| load());
    on_cleanup(move || {
        if let Some(Some(handle)) = mounted.try_update_value(Option::take) {
            handle.unmount();
        }
    });
    Callback::new(move |()| load())
}
