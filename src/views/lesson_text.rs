//! A lesson's text: already on a lesson page painted at build time (the app adopts it), or
//! downloaded when the lesson is opened from another page (see `Lesson::page`): the app itself
//! carries no lesson prose, which keeps the first download small. If the text cannot be
//! fetched, the page says so and offers to try again; the simulation and the quiz work
//! regardless.

use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::catalog::Lesson;
use crate::takeover;
use crate::views::figure_place::place_figures;

#[derive(Clone, PartialEq)]
enum LessonText {
    Loading,
    Ready(String),
    Failed(String),
}

#[component]
pub fn LessonTextView(lesson: &'static Lesson) -> impl IntoView {
    let adopted = takeover::take_lesson_text(lesson.slug);
    let text = RwSignal::new(adopted.clone().map_or(LessonText::Loading, LessonText::Ready));
    let load = move || {
        text.set(LessonText::Loading);
        if !crate::dom::in_browser() {
            return;
        }
        leptos::task::spawn_local(async move {
            let loaded = match crate::dom::fetch_text(&crate::site::asset(lesson.page_file())).await {
                Ok(html) => LessonText::Ready(html),
                Err(reason) => LessonText::Failed(reason),
            };
            // The learner may have left the lesson meanwhile; then there is nothing to update.
            let _ = text.try_set(loaded);
        });
    };
    if adopted.is_none() {
        load();
    }
    move || match text.get() {
        LessonText::Loading => view! {
            <p class="prose loading" aria-busy="true" data-testid="lesson-text-loading">{msg::LESSON_TEXT_LOADING.text()}</p>
        }
        .into_any(),
        LessonText::Ready(html) => {
            let prose = NodeRef::<leptos::html::Div>::new();
            let figures = StoredValue::new_local(Vec::new());
            prose.on_load(move |element| figures.set_value(place_figures(&element, lesson)));
            view! { <div class="prose" lang=lesson.content_lang() data-testid="lesson-text" data-lesson-text=lesson.slug node_ref=prose inner_html=html></div> }.into_any()
        }
        LessonText::Failed(reason) => view! {
            <div class="prose load-error" role="alert" data-testid="lesson-text-error">
                <p>{msg::LESSON_TEXT_FAILED.with(&[("why", &reason)])}</p>
                <button type="button" on:click=move |_| load()>{msg::TRY_AGAIN.text()}</button>
            </div>
        }
        .into_any(),
    }
}
