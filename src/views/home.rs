use leptos::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::catalog::{self, Lesson};
use crate::quiz::progress_panel::ProgressPanel;
use crate::route::Route;

/// The course map: every lesson found in `lessons/`, grouped by module.
#[component]
pub fn HomePage() -> impl IntoView {
    let modules = catalog::modules();
    let lesson_count = catalog::LESSONS.len();
    let total_minutes: u32 = catalog::LESSONS.iter().map(|lesson| lesson.minutes).sum();
    view! {
        <section class="page home" aria-labelledby=PAGE_HEADING_ID>
            <h1 id=PAGE_HEADING_ID tabindex="-1">"How microservices talk to each other"</h1>
            <p class="lede">
                "Learn the integration patterns by running them: every lesson has a live simulation \
                 you can step through, break and measure."
            </p>
            <p class="course-facts" data-testid="course-facts">
                {format!("{lesson_count} lessons · about {} hours", total_minutes.div_ceil(60))}
            </p>
            <p class="start-here">
                <a class="button-link" href="#/quiz/pre-assessment" data-testid="pre-assessment-link">
                    "Start with the pre-assessment: what do you know already?"
                </a>
            </p>
            {modules
                .into_iter()
                .map(|(module, lessons)| view! { <ModuleSection name=module lessons=lessons /> })
                .collect_view()}
            <ProgressPanel />
        </section>
    }
}

#[component]
fn ModuleSection(name: &'static str, lessons: Vec<&'static Lesson>) -> impl IntoView {
    view! {
        <section class="module">
            <h2>{name}</h2>
            <ol class="lesson-list" data-testid="lesson-list">
                {lessons.into_iter().map(|lesson| view! { <LessonCard lesson=lesson /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn LessonCard(lesson: &'static Lesson) -> impl IntoView {
    view! {
        <li class="lesson-card" data-testid="lesson-card">
            <a href=Route::Lesson(lesson.slug.to_string()).href()>{lesson.title}</a>
            <p>{lesson.summary}</p>
            <p class="meta">{format!("{} min", lesson.minutes)}</p>
        </li>
    }
}
