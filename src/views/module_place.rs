//! What every place a later module draws into has in common (a quiz page, the progress panel,
//! a figure in a lesson's text): it asks for the module once the place is in the document, at
//! once or when the learner comes near it, keeps the handle of what was mounted, takes it down
//! when the place goes, and can start again after a failure.

use std::future::Future;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::modules::{when_near, Mounted};

/// What a place shows besides what the module drew: nothing yet, or why it failed.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaceState {
    Waiting,
    Failed(String),
}

/// When a place asks for its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    AtOnce,
    WhenNear,
}

/// Runs `mount` on the place's element once it is in the document (at once, or when near);
/// a failure shows in `state`. Returns what starts it again.
pub fn start_loading<M, F>(mount_point: NodeRef<leptos::html::Div>, start: Start, state: RwSignal<PlaceState>, mount: M) -> Callback<()>
where
    M: Fn(web_sys::HtmlElement) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Mounted, String>> + 'static,
{
    let mounted = StoredValue::new_local(None::<Mounted>);
    let load = move || {
        let Some(element) = mount_point.get_untracked() else { return };
        let drawn = mount(element.into());
        leptos::task::spawn_local(async move {
            match drawn.await {
                Ok(handle) => {
                    // The learner left the page while it loaded: take the view down again.
                    if let Some(Some(handle)) = mounted.try_set_value(Some(handle)) {
                        handle.unmount();
                    }
                }
                Err(why) => {
                    let _ = state.try_set(PlaceState::Failed(why));
                }
            }
        });
    };
    let first = load.clone();
    mount_point.on_load(move |element| match start {
        Start::AtOnce => first(),
        Start::WhenNear => when_near(&element, Closure::once_into_js(first)),
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = mounted.try_update_value(Option::take) {
            handle.unmount();
        }
    });
    Callback::new(move |()| {
        state.set(PlaceState::Waiting);
        load();
    })
}
