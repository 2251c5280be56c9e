//! The figures of a lesson's text (`figures/<name>.toml`, placed by a ```` ```figure ```` block):
//! each a compact player of its own, in the place the text keeps for it, started when the
//! learner comes near it. The text is HTML rendered at build time, so its places are found in
//! the page and each gets a small view of the shell's: the player once the module has drawn
//! it, a note while it loads, and why, with a button, if it cannot.

use std::any::Any;

use lab_i18n::shell as msg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::catalog::Lesson;
use crate::components::load_error::LoadError;
use crate::views::module_place::{start_loading, PlaceState, Start};

/// Draws a figure into every figure place inside `text`; what it returns keeps them on the page
/// (dropping it takes them down).
pub fn place_figures(text: &web_sys::Element, lesson: &'static Lesson) -> Vec<Box<dyn Any>> {
    let Ok(places) = text.query_selector_all("[data-figure]") else { return Vec::new() };
    (0..places.length())
        .filter_map(|i| places.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter_map(|place| {
            let name = place.get_attribute("data-figure")?;
            let figure = lesson.figures.iter().find(|figure| figure.name == name)?;
            let data = lesson.figure_file(figure.name)?;
            // The painted note makes way for the figure's own view.
            place.set_inner_html("");
            let name = figure.name;
            Some(Box::new(leptos::mount::mount_to(place, move || view! { <FigurePlace name=name data=data /> })) as Box<dyn Any>)
        })
        .collect()
}

#[component]
fn FigurePlace(name: &'static str, data: &'static str) -> impl IntoView {
    let state = RwSignal::new(PlaceState::Waiting);
    let mount_point = NodeRef::<leptos::html::Div>::new();
    let reload = start_loading(mount_point, Start::WhenNear, state, move |element: web_sys::HtmlElement| async move {
        element.set_inner_html("");
        crate::player_module::mount_figure(element, data, name).await
    });
    view! {
        <div class="figure-mount" node_ref=mount_point>
            <p class="figure-waiting" role="status">
                <progress aria-label=msg::FIGURE_LOADING.text()></progress>
                {format!(" {}", msg::FIGURE_LOADING_NOTE.text())}
            </p>
        </div>
        {move || match state.get() {
            PlaceState::Waiting => ().into_any(),
            PlaceState::Failed(why) => view! {
                <LoadError
                    message=msg::FIGURE_FAILED.with(&[("why", &why)])
                    class="player-error"
                    testid="figure-load-error"
                    retry=reload
                />
            }
            .into_any(),
        }}
    }
}
