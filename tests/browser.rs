//! The built app (dist/) in headless Chromium, served the ways instructors host it.
//! Run with `cargo xtask test`, which builds dist/ and provides Chromium and ChromeDriver.

mod support;

use std::path::Path;

use lab_content::{load_lessons, load_quiz, Lesson, QUIZ_FILE};
use serde_json::json;
use support::{browser_test, Hosting, Page, ROOT, STRICT_CSP, SUB_PATH, WITH_CSP};

const LESSON_CARD_LINK: &str = "[data-testid=lesson-card] a";
const PAGE_HEADING: &str = "#page-heading";

fn course() -> Vec<Lesson> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    load_lessons(&dir).unwrap_or_else(|errors| panic!("lessons/ is invalid: {errors:?}"))
}

/// A lesson's page, relative to the site root.
fn lesson_path(lesson: &Lesson) -> String {
    support::lesson_address(&lesson.slug)
}

#[test]
fn home_page_lists_every_lesson_in_course_order() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.wait_for(LESSON_CARD_LINK);
        let shown: Vec<String> = session.find_all(LESSON_CARD_LINK).iter().map(|link| session.text(link)).collect();
        let expected: Vec<String> = course().iter().map(|lesson| lesson.front.title.clone()).collect();
        assert_eq!(shown, expected);
        assert_eq!(session.execute("return document.title"), json!("Integration Patterns Lab"));
    });
}

/// Saved answers to every question of `lesson`'s checkpoint, as the app stores them.
fn stored_progress_with_checkpoint_done(lesson: &Lesson) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let quiz = load_quiz(&dir.join(&lesson.slug).join(QUIZ_FILE), &dir, &course()).expect("a valid checkpoint");
    let answers: serde_json::Map<String, serde_json::Value> = quiz
        .questions
        .iter()
        .map(|question| (question.id.clone(), json!({ "picks": [0], "score": 1.0, "fully_right": true })))
        .collect();
    json!({ "version": 1, "quizzes": { (quiz.id.clone()): { "hash": lab_quiz::content_hash(&quiz), "answers": answers } } }).to_string()
}

#[test]
fn the_course_map_shows_modules_times_and_progress() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        let lessons = course();
        let mut modules: Vec<&str> = lessons.iter().map(|lesson| lesson.front.module.as_str()).collect();
        modules.dedup();
        session.wait_for(LESSON_CARD_LINK);
        assert_eq!(session.find_all("[data-testid=module]").len(), modules.len());
        let first = &lessons[0];
        let first_module_minutes: u32 = lessons.iter().filter(|lesson| lesson.front.module == first.front.module).map(|lesson| lesson.front.minutes).sum();
        let facts = session.text(&session.find_all("[data-testid=module-facts]")[0]);
        assert!(facts.contains(&format!("{first_module_minutes} min")) && facts.contains("0 of"), "{facts}");
        let status = session.text(&session.find_all("[data-testid=lesson-status]")[0]);
        assert!(status.contains("Not started"), "{status}");

        session.execute_with(
            "localStorage.setItem('integration-patterns-lab.progress', arguments[0]);",
            json!([stored_progress_with_checkpoint_done(first)]),
        );
        session.refresh();
        let done = session.wait_until(|| {
            session.find_all("[data-testid=lesson-status]").into_iter().next().filter(|status| session.text(status).contains("Done: checkpoint 100%"))
        });
        assert!(done.is_some(), "the first lesson shows its checkpoint done");
        let facts = session.text(&session.find_all("[data-testid=module-facts]")[0]);
        assert!(facts.contains("1 of"), "{facts}");
    });
}

/// Every lesson in `lessons/` opens with its text, its simulation at step 1 and a link to its
/// checkpoint quiz, which opens too; any console error along the way fails the test.
#[test]
fn every_lesson_opens_with_its_simulation_and_checkpoint() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        for lesson in course() {
            page.go(&lesson_path(&lesson));
            session.wait_for_text(PAGE_HEADING, &lesson.front.title);
            let position = session.wait_until(|| {
                session.find_all("[data-testid=position]").into_iter().next().filter(|shown| session.text(shown).starts_with("Step 1 of"))
            });
            assert!(position.is_some(), "lesson `{}` shows its simulation at step 1", lesson.slug);
            session.wait_for("[data-testid=lesson-text] h2");
            let components = session.find_all("[data-testid=diagram] [data-testid=node-status]").len();
            assert!(components >= 2, "lesson `{}` draws its components", lesson.slug);
            let widest_legend_icon = session.execute("return Math.max(...[...document.querySelectorAll('.legend svg')].map(icon => icon.getBoundingClientRect().width))");
            assert!(widest_legend_icon.as_f64().is_some_and(|width| width <= 24.0), "legend icons stay icon-sized: {widest_legend_icon}");
            session.click(&session.wait_for("[data-testid=checkpoint-link]"));
            let questions = session.wait_until(|| Some(session.find_all("[data-testid=question]").len()).filter(|count| *count >= 4));
            assert!(questions.is_some(), "lesson `{}`'s checkpoint shows its questions", lesson.slug);
        }
    });
}

/// A lesson opened from another page downloads its text (a file beside the app). One that
/// cannot be fetched is reported on the page with a way to try again, and the lesson's
/// simulation still runs.
#[test]
fn a_lesson_text_that_cannot_load_is_reported_and_the_simulation_still_runs() {
    let lesson = &course()[1];
    let copy = support::copy_of_dist("without-text");
    std::fs::remove_file(copy.join(lesson.page_file())).unwrap();
    let page = Page::open_folder(copy, ROOT, "");
    let session = &page.session;
    session.wait_for("html[data-shell-ready]");
    let link = session.wait_for(&format!("[data-testid=lesson-card] a[href$='{}']", lesson_path(lesson)));
    session.click(&link);
    let error = session.wait_for("[data-testid=lesson-text-error]");
    assert!(session.text(&error).contains("could not be loaded (the server answered 404)"), "{}", session.text(&error));
    session.wait_for("[data-testid=position]");
    let errors = session.severe_logs();
    assert!(errors.iter().all(|line| line.contains(&lesson.page_file()) && line.contains("404")), "only the missing file is logged: {errors:?}");
}

#[test]
fn a_lesson_opens_from_the_home_page_and_back_returns() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        let lesson = &course()[1];
        let find_card = "return [...document.querySelectorAll(arguments[0])].find(link => link.textContent.trim() === arguments[1]);";
        let link = session
            .wait_until(|| session.element_from_script(find_card, json!([LESSON_CARD_LINK, lesson.front.title])))
            .expect("the lesson's card");
        session.click(&link);
        session.wait_for_text(PAGE_HEADING, &lesson.front.title);
        assert!(session.current_url().ends_with(&lesson_path(lesson)), "{}", session.current_url());
        let focused = session.execute("return document.activeElement && document.activeElement.id");
        assert_eq!(focused, json!("page-heading"), "focus moves to the new page's heading");
        session.back();
        session.wait_for_text(PAGE_HEADING, "How microservices talk to each other");
        session.wait_for(LESSON_CARD_LINK);
    });
}

fn deep_link_survives_reload(hosting: Hosting) {
    let lesson = &course()[0];
    let mount = hosting.mount;
    browser_test(hosting, &lesson_path(lesson), |page| {
        let session = &page.session;
        session.wait_for_text(PAGE_HEADING, &lesson.front.title);
        session.refresh();
        session.wait_for_text(PAGE_HEADING, &lesson.front.title);
        session.wait_for("[data-testid=lesson-text] h2");
        assert_eq!(session.current_url(), page.url(&lesson_path(lesson)), "hosted at {mount}");
        // The painted link is replaced when the app takes the page over: click the app's own.
        session.wait_for(support::APP_READY);
        let home = session.wait_for("[data-testid=back-to-course]");
        session.click(&home);
        session.wait_for(LESSON_CARD_LINK);
    });
}

#[test]
fn a_deep_link_works_after_reload_at_the_site_root() {
    deep_link_survives_reload(ROOT);
}

#[test]
fn a_deep_link_works_after_reload_under_a_sub_path() {
    deep_link_survives_reload(SUB_PATH);
}

#[test]
fn the_sub_path_without_its_trailing_slash_still_loads() {
    let lesson = &course()[0];
    let page = Page::open(SUB_PATH, "");
    let without_slash = page.server.url.trim_end_matches('/').to_string();
    page.session.navigate(&format!("{without_slash}#/lesson/{}", lesson.slug));
    page.session.wait_for_text(PAGE_HEADING, &lesson.front.title);
    page.assert_no_console_errors();
}

#[test]
fn the_app_runs_under_the_strict_content_security_policy() {
    let lesson = &course()[0];
    browser_test(WITH_CSP, &lesson_path(lesson), |page| {
        let session = &page.session;
        session.wait_for_text(PAGE_HEADING, &lesson.front.title);
        page.go("");
        session.wait_for(LESSON_CARD_LINK);
        // If the policy blocked the app, nothing above would render; check no inline script remains.
        let inline_scripts = session.execute("return [...document.scripts].filter(s => !s.src).length");
        assert_eq!(inline_scripts, json!(0));
    });
}

#[test]
fn the_readme_gives_the_policy_the_tests_use() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains(STRICT_CSP), "README.md must give the exact policy:\n{STRICT_CSP}");
}

#[test]
fn an_unknown_address_shows_not_found_with_a_way_home() {
    // Old addresses on the home page, and pages that do not exist (the host's 404.html, whose
    // own 404 status is the one error the browser reports).
    for address in ["#/no-such-page", "#/lesson/no-such-lesson", "#/lesson/Bad%20Slug/x", "lesson/no-such-lesson/", "lessons/x/"] {
        let page = Page::open(ROOT, address);
        let session = &page.session;
        session.wait_for("html[data-shell-ready]");
        session.wait_for("[data-testid=not-found]");
        session.wait_for_text(PAGE_HEADING, "Page not found");
        let errors = session.severe_logs();
        assert!(errors.iter().all(|line| line.contains(&page.url(address)) && line.contains("404")), "{address}: {errors:?}");
        let home = session.wait_for("[data-testid=go-home]");
        session.click(&home);
        session.wait_for(LESSON_CARD_LINK);
        page.assert_no_console_errors();
    }
}

#[test]
fn the_layout_fits_a_360_pixel_phone() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
        );
        let pages = course().into_iter().map(|lesson| (lesson_path(&lesson), lesson.front.title));
        let home = (String::new(), "How microservices talk to each other".to_string());
        for (fragment, heading) in std::iter::once(home).chain(pages) {
            page.go(&fragment);
            session.wait_for_text(PAGE_HEADING, &heading);
            if fragment.starts_with("lesson/") {
                session.wait_for("[data-testid=diagram]");
            }
            let overflow = session.execute("return document.documentElement.scrollWidth - window.innerWidth");
            assert_eq!(overflow, json!(0), "no horizontal scrolling at 360 px on {fragment}");
        }
    });
}

#[test]
fn the_theme_follows_the_system_setting() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.wait_for(PAGE_HEADING);
        let luminance = |scheme: &str| {
            session.devtools(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            );
            let rgb = session.execute(
                "const c = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
                 return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;",
            );
            rgb.as_f64().expect("a number")
        };
        assert!(luminance("light") > 0.8, "light background");
        assert!(luminance("dark") < 0.2, "dark background");
    });
}

#[test]
fn the_keyboard_reaches_the_skip_link_first() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.wait_for(LESSON_CARD_LINK);
        session.press_key("\u{E004}");
        let focused = session.execute("return document.activeElement.textContent");
        assert_eq!(focused, json!("Skip to content"));
        session.press_key("\u{E007}");
        assert_eq!(session.execute("return document.activeElement.id"), json!("main"));
    });
}

#[test]
fn the_harness_fails_on_console_errors_and_uncaught_exceptions() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let page = Page::open_folder(fixtures, ROOT, "console-error.html");
    page.session.wait_for("#ready");
    let errors = page.session.severe_logs();
    assert!(errors.iter().any(|line| line.contains("fixture console error")), "{errors:?}");
    assert!(errors.iter().any(|line| line.contains("fixture uncaught exception")), "{errors:?}");
}
