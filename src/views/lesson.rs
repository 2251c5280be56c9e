use lab_i18n::shell as msg;
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
            <nav class="breadcrumbs" aria-label=msg::BREADCRUMB.text()>
                <a href=href(&Route::Home) data-testid="back-to-course">{msg::NAV_COURSE.text()}</a>
                <span aria-hidden="true">" › "</span>
                <span>{lesson.module_name()}</span>
            </nav>
            <h1 id=PAGE_HEADING_ID tabindex="-1" lang=lesson.content_lang()>{lesson.title()}</h1>
            <p class="meta">{msg::LESSON_TIME.with(&[("minutes", &lesson.minutes)])}</p>
            {(!lesson.is_in_page_language()).then(|| view! {
                <p class="translation-notice" role="note" data-testid="not-translated">{msg::NOT_TRANSLATED.text()}</p>
            })}
            <LessonTextView lesson=lesson />
            <PlayerSlot lesson=lesson />
            {checkpoint_id(lesson.slug).map(|id| view! {
                <p class="checkpoint"><a class="button-link" href=href(&Route::Quiz(id.to_string())) data-testid="checkpoint-link">{msg::CHECKPOINT_LINK.text()}</a></p>
            })}
            <nav class="lesson-nav" aria-label=msg::LESSON_NAV.text()>
                {previous.map(|lesson| view! { <LessonLink lesson=lesson label=msg::LESSON_PREVIOUS.text().to_string() /> })}
                {next.map(|lesson| view! { <LessonLink lesson=lesson label=msg::LESSON_NEXT.text().to_string() /> })}
            </nav>
        </article>
    }
}

#[component]
fn LessonLink(lesson: &'static Lesson, label: String) -> impl IntoView {
    view! {
        <a class="lesson-link" href=href(&Route::Lesson(lesson.slug.to_string()))>
            <span class="label">{label}</span>
            <span lang=lesson.content_lang()>{lesson.title()}</span>
        </a>
    }
}
