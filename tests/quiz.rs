//! Quizzes in headless Chromium: the pre-assessment end to end, "Select THREE", saved progress
//! across reloads, damaged storage, and export then import.

mod support;

use serde_json::{json, Value};
use support::{browser_test, Page, ROOT};

const PRE_ASSESSMENT: &str = "#/quiz/pre-assessment";
const STORAGE_KEY: &str = "integration-patterns-lab.progress";

/// Clicks the option of `question` whose text is `text` (options are shuffled, so by text).
fn choose(page: &Page, question: &str, text: &str) {
    let session = &page.session;
    let script = "return [...document.querySelectorAll(`[data-question='${arguments[0]}'] label`)]
                  .find(label => label.textContent.trim() === arguments[1]);";
    let label = session
        .wait_until(|| session.element_from_script(script, json!([question, text])))
        .unwrap_or_else(|| panic!("no option {text:?} in question {question}"));
    session.click(&label);
}

fn check(page: &Page, question: &str) {
    let button = page.session.wait_for(&format!("[data-question='{question}'] [data-testid=check]"));
    page.session.click(&button);
}

fn result_of(page: &Page, question: &str) -> String {
    let selector = format!("[data-question='{question}'] [data-testid=result], [data-question='{question}'] [data-testid=incomplete]");
    let element = page.session.wait_for(&selector);
    page.session.text(&element)
}

fn verdicts(page: &Page, question: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(`[data-question='${arguments[0]}'] [data-testid=verdict]`)].map(v => v.dataset.verdict);";
    let value = page.session.execute_with(script, json!([question]));
    value.as_array().map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn score(page: &Page) -> String {
    let element = page.session.wait_for("[data-testid=score]");
    page.session.text(&element)
}

fn answer_everything_right(page: &Page) {
    choose(page, "synchronous-pattern", "API gateway pattern");
    check(page, "synchronous-pattern");
    choose(page, "asynchronous-benefit", "They make it possible for microservices to work and communicate independently.");
    check(page, "asynchronous-benefit");
    for option in ["Message queues", "Publish-subscribe (pub-sub) patterns", "Event-driven messaging"] {
        choose(page, "integration-options", option);
    }
    check(page, "integration-options");
}

#[test]
fn the_pre_assessment_end_to_end() {
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        let session = &page.session;
        session.wait_for_text("#page-heading", "Pre-assessment: what do you know already?");
        assert_eq!(session.find_all("[data-testid=question]").len(), 3);

        choose(page, "synchronous-pattern", "Fan-out pattern");
        check(page, "synchronous-pattern");
        assert!(result_of(page, "synchronous-pattern").contains("Not correct"));
        let shown = verdicts(page, "synchronous-pattern");
        assert_eq!(shown.len(), 4, "every option explains itself: {shown:?}");
        assert!(shown.contains(&"wrong".to_string()) && shown.contains(&"missed".to_string()), "{shown:?}");

        choose(page, "asynchronous-benefit", "They make it possible for microservices to work and communicate independently.");
        check(page, "asynchronous-benefit");
        assert!(result_of(page, "asynchronous-benefit").contains("Correct"));

        choose(page, "integration-options", "Message queues");
        choose(page, "integration-options", "Event-driven messaging");
        check(page, "integration-options");
        let incomplete = result_of(page, "integration-options");
        assert!(incomplete.contains("Incomplete") && incomplete.contains("choose three"), "{incomplete}");
        assert!(verdicts(page, "integration-options").is_empty(), "an incomplete answer is not graded");
        choose(page, "integration-options", "Publish-subscribe (pub-sub) patterns");
        check(page, "integration-options");
        assert!(result_of(page, "integration-options").contains("Correct"));
        assert!(score(page).starts_with("Score: 2 of 3"), "{}", score(page));

        let retry = session.wait_for("[data-testid=retry-wrong]");
        session.click(&retry);
        session.wait_until(|| (session.find_all("[data-testid=question]").len() == 1).then_some(()))
            .expect("only the wrong question comes back");
        assert!(session.find_all("[data-testid=result]").is_empty(), "the retried question starts fresh");
        choose(page, "synchronous-pattern", "API gateway pattern");
        check(page, "synchronous-pattern");
        assert!(result_of(page, "synchronous-pattern").contains("Correct"));
        assert!(score(page).starts_with("Score: 3 of 3 (100%)"), "{}", score(page));
        let announcement = session.execute("return document.querySelector('[data-testid=announcement]').textContent");
        assert_eq!(announcement, json!("Question 1: correct."), "results are announced in the live region");

        let review = session.wait_for("[data-testid=review-all]");
        session.click(&review);
        session.wait_until(|| (session.find_all("[data-testid=result]").len() == 3).then_some(()))
            .expect("review shows all three with their explanations");
    });
}

#[test]
fn progress_survives_a_reload() {
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        answer_everything_right(page);
        page.session.refresh();
        page.session.wait_for_text("#page-heading", "Pre-assessment: what do you know already?");
        assert!(score(page).starts_with("Score: 3 of 3"), "{}", score(page));
        assert!(result_of(page, "integration-options").contains("Correct"), "saved answers come back checked");
    });
}

#[test]
fn damaged_storage_gets_a_message_and_is_kept_aside() {
    browser_test(ROOT, "#/", |page| {
        let session = &page.session;
        session.wait_for("[data-testid=progress-panel]");
        session.execute_with("localStorage.setItem(arguments[0], '{broken')", json!([STORAGE_KEY]));
        session.navigate(&page.url(PRE_ASSESSMENT));
        session.refresh();
        let notice = session.wait_for("[data-testid=storage-notice]");
        assert!(session.text(&notice).contains("could not be read"), "{}", session.text(&notice));
        let kept = session.execute("return localStorage.getItem('integration-patterns-lab.progress.unreadable')");
        assert_eq!(kept, json!("{broken"));
        answer_everything_right(page);
        assert!(score(page).starts_with("Score: 3 of 3"));
    });
}

#[test]
fn progress_exports_to_a_file_and_imports_back() {
    let downloads = std::env::temp_dir().join(format!("lab-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        let session = &page.session;
        session.devtools("Browser.setDownloadBehavior", json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }));
        answer_everything_right(page);
        session.navigate(&page.url("#/"));
        let export = session.wait_for("[data-testid=export-progress]");
        session.click(&export);
        let file = downloads.join("integration-patterns-lab-progress.json");
        session.wait_until(|| file.is_file().then_some(())).expect("the export is downloaded");
        let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(exported["version"], json!(1));

        let reset = session.wait_for("[data-testid=reset-progress]");
        session.click(&reset);
        let confirm = session.wait_for("[data-testid=confirm-reset]");
        session.click(&confirm);
        session.wait_until(|| session.text(&session.wait_for("[data-testid=course-score]")).contains("(0 answered)").then_some(()))
            .expect("reset erases the answers");

        let input = session.wait_for("[data-testid=import-progress]");
        session.type_text(&input, &file.display().to_string());
        session.wait_until(|| session.text(&session.wait_for("[data-testid=progress-message]")).contains("imported").then_some(()))
            .expect("the import is confirmed");
        session.navigate(&page.url(PRE_ASSESSMENT));
        session.wait_until(|| score(page).starts_with("Score: 3 of 3").then_some(())).expect("imported answers count");
    });
    let _ = std::fs::remove_dir_all(&downloads);
}

