//! Where a view of the quiz module goes: a quiz page, or the progress panel on the home page.
//! Those views check and keep answers, and are a module of their own (see
//! [`crate::quiz_module`]): the shell keeps their place, showing the view as painted at build
//! time (or, opened from another page, a loading note) until the module draws it. A quiz page
//! asks for the module at once; the progress panel, far down the home page, when the learner
//! comes near it (or tabs into it). If the download fails, the learner reads why and can try
//! again.

use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::components::load_error::LoadError;
use crate::dom::in_browser;
use crate::quiz_module::QuizModuleView;
use crate::views::module_place::{self, PlaceState, Start};

/// The place of `view`; `fallback` shows until the module draws it, when no painted view is
/// there to adopt.
#[component]
pub fn QuizPlace(view: QuizModuleView, start: Start, fallback: AnyView) -> impl IntoView {
    let key = view.key();
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(PlaceState::Waiting);
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
            PlaceState::Waiting => ().into_any(),
            PlaceState::Failed(why) => view! {
                <LoadError
                    message=msg::QUIZ_PLACE_FAILED.with(&[("why", &why)])
                    class="load-error"
                    testid="quiz-load-error"
                    retry=Callback::new(move |()| if let Some(reload) = reload { reload.run(()) })
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

/// Has the module draw the view once the place is in the document; returns what starts it
/// again.
fn start_loading(mount_point: NodeRef<leptos::html::Div>, view: QuizModuleView, start: Start, state: RwSignal<PlaceState>) -> Callback<()> {
    module_place::start_loading(mount_point, start, state, move |element| {
        let view = view.clone();
        async move { crate::quiz_module::mount(element, &view).await }
    })
}
