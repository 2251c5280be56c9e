//! Where a view of the quiz module goes: a quiz page, or the progress panel on the home page.
//! Those views check and keep answers, and are a module of their own (see
//! [`crate::quiz_module`]): the shell keeps their place, showing the view as painted at build
//! time (or, opened from another page, a loading note) until the module draws it. A quiz page
//! asks for the module at once; the progress panel, far down the home page, when the learner
//! comes near it (or tabs into it). If the download fails, the learner reads why and can try
//! again.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::components::load_error::LoadError;
use crate::dom::in_browser;
use crate::modules::Mounted;
use crate::quiz_module::QuizModuleView;

/// When the place asks for the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    AtOnce,
    WhenNear,
}

#[derive(Clone, Debug, PartialEq)]
enum Slot {
    Waiting,
    Failed(String),
}

#[wasm_bindgen(inline_js = r#"
export function when_near(element, start) {
    let started = false;
    const go = () => {
        if (started) return;
        started = true;
        observer.disconnect();
        start();
    };
    // A screen ahead, so the view is drawn before it scrolls into sight.
    const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) go();
    }, { rootMargin: "100% 0px" });
    observer.observe(element);
    element.addEventListener("focusin", go, { once: true });
}
"#)]
extern "C" {
    fn when_near(element: &web_sys::Element, start: JsValue);
}

/// The place of `view`; `fallback` shows until the module draws it, when no painted view is
/// there to adopt.
#[component]
pub fn QuizPlace(view: QuizModuleView, start: Start, fallback: AnyView) -> impl IntoView {
    let key = view.key();
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(Slot::Waiting);
    let painted = painted_view(&view);
    let reload = in_browser().then(|| start_loading(mount_point, view.clone(), start, state));
    let place = match painted {
        // The painted view goes straight into the place, so focus and scroll find the same
        // elements at the same depth.
        Some(html) => view! { <div class="quiz-place" node_ref=mount_point data-quiz-place=key inner_html=html></div> }.into_any(),
        None => view! { <div class="quiz-place" node_ref=mount_point data-quiz-place=key>{drawn_first(&view, fallback)}</div> }.into_any(),
    };
    view! {
        {place}
        {move || match state.get() {
            Slot::Waiting => ().into_any(),
            Slot::Failed(why) => view! {
                <LoadError
                    message=format!("This part of the page could not be loaded ({why}). Check your connection.")
                    class="load-error"
                    testid="quiz-load-error"
                    retry=Callback::new(move |()| retry(state, reload))
                />
            }
            .into_any(),
        }}
    }
}

/// The view as painted at build time, when the app adopts a painted page.
fn painted_view(view: &QuizModuleView) -> Option<String> {
    crate::takeover::take_painted_quiz_view(&view.key())
}

/// What the place shows before the module draws, with no painted view to adopt: painting draws
/// the view itself; the app shows `fallback` (the quiz views are not part of the shell).
#[cfg(not(target_arch = "wasm32"))]
fn drawn_first(view: &QuizModuleView, _fallback: AnyView) -> AnyView {
    match view {
        QuizModuleView::Page(id) => view! { <crate::quiz::page::QuizPage quiz_id=id.clone() /> }.into_any(),
        QuizModuleView::ProgressPanel => view! { <crate::quiz::progress_panel::ProgressPanel /> }.into_any(),
    }
}

#[cfg(target_arch = "wasm32")]
fn drawn_first(_view: &QuizModuleView, fallback: AnyView) -> AnyView {
    fallback
}

fn retry(state: RwSignal<Slot>, reload: Option<Callback<()>>) {
    state.set(Slot::Waiting);
    if let Some(reload) = reload {
        reload.run(());
    }
}

/// Has the module draw the view once the place is in the document (at once, or when near);
/// returns what starts it again.
fn start_loading(mount_point: NodeRef<leptos::html::Div>, view: QuizModuleView, start: Start, state: RwSignal<Slot>) -> Callback<()> {
    let mounted = StoredValue::new_local(None::<Mounted>);
    let load = move || {
        let Some(element) = mount_point.get_untracked() else { return };
        let view = view.clone();
        leptos::task::spawn_local(async move {
            match crate::quiz_module::mount(element.into(), &view).await {
                Ok(handle) => {
                    // The learner left the page while it loaded: take the view down again.
                    if let Some(Some(handle)) = mounted.try_set_value(Some(handle)) {
                        handle.unmount();
                    }
                }
                Err(why) => {
                    let _ = state.try_set(Slot::Failed(why));
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
    Callback::new(move |()| load())
}
