//! The course map on the home page: modules in course order, each lesson with its estimated
//! time and the learner's progress through its checkpoint quiz.

use lab_i18n::shell as msg;
use leptos::prelude::*;

use crate::catalog::{self, Lesson};
use crate::quiz::lesson_status::{lesson_status, LessonStatus};
use crate::quiz::saved_scores::SavedScores;
use crate::quiz::storage::use_saved_scores;
use crate::route::Route;
use crate::site::href;

#[component]
pub fn CourseMap() -> impl IntoView {
    catalog::modules()
        .into_iter()
        .enumerate()
        .map(|(index, (module, lessons))| view! { <ModuleSection number=index + 1 name=module lessons=lessons /> })
        .collect_view()
}

/// The status of a lesson, following saved progress (and other tabs) as it changes.
fn status_signal(slug: &'static str) -> Signal<LessonStatus> {
    let store = use_saved_scores();
    Signal::derive(move || match store {
        Some(store) => store.0.with(|scores| lesson_status(scores, slug)),
        None => lesson_status(&SavedScores::default(), slug),
    })
}

#[component]
fn ModuleSection(
    number: usize,
    name: &'static str,
    lessons: Vec<&'static Lesson>,
) -> impl IntoView {
    let minutes: u32 = lessons.iter().map(|lesson| lesson.minutes).sum();
    let statuses: Vec<Signal<LessonStatus>> = lessons
        .iter()
        .map(|lesson| status_signal(lesson.slug))
        .collect();
    let count = lessons.len();
    let done_text = move || {
        let done = statuses
            .iter()
            .filter(|status| status.get().is_done())
            .count();
        msg::MODULE_DONE.with(&[("done", &done), ("count", &count)])
    };
    let heading_id = format!("module-{number}");
    let labelled_by = heading_id.clone();
    view! {
        <section class="module" aria-labelledby=labelled_by data-testid="module">
            <h2 id=heading_id>{format!("{number}. {}", catalog::module_name(name))}</h2>
            <p class="meta module-facts" data-testid="module-facts">
                {msg::MODULE_FACTS.with(&[("lessons", &count), ("minutes", &minutes)])}<span>{done_text}</span>
            </p>
            <ol class="lesson-list" data-testid="lesson-list">
                {lessons.into_iter().map(|lesson| view! { <LessonCard lesson=lesson /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn LessonCard(lesson: &'static Lesson) -> impl IntoView {
    let status = status_signal(lesson.slug);
    view! {
        <li class="lesson-card" data-testid="lesson-card" data-status=move || status.get().name()>
            <a href=href(&Route::Lesson(lesson.slug.to_string())) lang=lesson.content_lang()>{lesson.title()}</a>
            <p lang=lesson.content_lang()>{lesson.summary()}</p>
            <p class="meta">
                {msg::LESSON_MINUTES.with(&[("minutes", &lesson.minutes)])}
                <span class="lesson-status" data-testid="lesson-status">{move || status_label(status.get())}</span>
            </p>
        </li>
    }
}

fn status_label(status: LessonStatus) -> String {
    match status {
        LessonStatus::NoCheckpoint => String::new(),
        _ => format!(" · {}", status.text()),
    }
}
