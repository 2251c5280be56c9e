use lab_i18n::shell as msg;
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
            <h2 id="progress-heading">{msg::PROGRESS_HEADING.text()}</h2>
            <p class="loading" aria-busy="true">{msg::PROGRESS_LOADING.text()}</p>
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
            <h1 id=PAGE_HEADING_ID tabindex="-1">{msg::HOME_HEADING.text()}</h1>
            <p class="lede">{msg::HOME_LEDE.text()}</p>
            <p class="course-facts" data-testid="course-facts">
                {msg::COURSE_FACTS.with(&[("modules", &module_count), ("lessons", &lesson_count), ("hours", &total_minutes.div_ceil(60))])}
            </p>
            <p class="start-here">
                <a class="button-link" href=href(&Route::Quiz("pre-assessment".into())) data-testid="pre-assessment-link">
                    {msg::PRE_ASSESSMENT_LINK.text()}
                </a>
            </p>
            <CourseMap />
            <QuizPlace view=QuizModuleView::ProgressPanel start=Start::WhenNear fallback=progress_loading() />
        </section>
    }
}
