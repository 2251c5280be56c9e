use leptos::prelude::*;

use crate::app::PAGE_HEADING_ID;
use crate::catalog;
use crate::route::Route;
use crate::site::href;
use crate::quiz_module::QuizModuleView;
use crate::views::module_place::Start;
use crate::views::quiz_place::QuizPlace;
use crate::views::course_map::CourseMap;

/// The progress panel's place while the module that draws it loads.
fn progress_loading() -> AnyView {
    view! {
        <section class="progress-panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">"Your progress"</h2>
            <p class="loading" aria-busy="true">"Loading your progress…"</p>
        </section>
    }
    .into_any()
}

/// The home page: what the course is, where to start, the course map and the learner's progress.
#[component]
pub fn HomePage() -> impl IntoView {
    let module_count = catalog::modules().len();
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
                {format!("{module_count} modules · {lesson_count} lessons · about {} hours", total_minutes.div_ceil(60))}
            </p>
            <p class="start-here">
                <a class="button-link" href=href(&Route::Quiz("pre-assessment".into())) data-testid="pre-assessment-link">
                    "Start with the pre-assessment: what do you know already?"
                </a>
            </p>
            <CourseMap />
            <QuizPlace view=QuizModuleView::ProgressPanel start=Start::WhenNear fallback=progress_loading() />
        </section>
    }
}
