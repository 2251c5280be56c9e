use leptos::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::catalog::{self, Lesson};
use crate::views::player_slot::PlayerSlot;
use crate::quiz::catalog::checkpoint_id;
use crate::route::Route;
use crate::site::href;
use crate::views::lesson_text::LessonTextView;

/// A lesson: its text, rendered at build time, and links along the course.
#[component]
pub fn LessonPage(lesson: &'static Lesson) -> impl IntoView {
    let (previous, next) = catalog::neighbours(lesson.slug);
    view! {
        <article class="page lesson" data-testid="lesson" aria-labelledby=PAGE_HEADING_ID>
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <a href=href(&Route::Home) data-testid="back-to-course">"Course"</a>
                <span aria-hidden="true">" › "</span>
                <span>{lesson.module}</span>
            </nav>
            <h1 id=PAGE_HEADING_ID tabindex="-1">{lesson.title}</h1>
            <p class="meta">{format!("About {} minutes", lesson.minutes)}</p>
            <LessonTextView lesson=lesson />
            <PlayerSlot lesson=lesson />
            {checkpoint_id(lesson.slug).map(|id| view! {
                <p class="checkpoint"><a class="button-link" href=href(&Route::Quiz(id.to_string())) data-testid="checkpoint-link">"Check your understanding: take the checkpoint quiz"</a></p>
            })}
            <nav class="lesson-nav" aria-label="Lessons">
                {previous.map(|lesson| view! { <LessonLink lesson=lesson label="Previous" /> })}
                {next.map(|lesson| view! { <LessonLink lesson=lesson label="Next" /> })}
            </nav>
        </article>
    }
}

#[component]
fn LessonLink(lesson: &'static Lesson, label: &'static str) -> impl IntoView {
    view! {
        <a class="lesson-link" href=href(&Route::Lesson(lesson.slug.to_string()))>
            <span class="label">{label}</span>
            <span>{lesson.title}</span>
        </a>
    }
}
