//! Quizzes in headless Chromium: the pre-assessment end to end, "Select THREE", saved progress
//! across reloads, damaged storage, and export then import.

mod support;

use serde_json::{json, Value};
use support::{browser_test, Page, ROOT};

const PRE_ASSESSMENT: &str = "quiz/pre-assessment/";
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
    answer_all_with_first(page, "API gateway pattern");
}

/// Answers the pre-assessment right, except perhaps its first question.
fn answer_all_with_first(page: &Page, first: &str) {
    choose(page, "synchronous-pattern", first);
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
        page.refresh();
        page.session.wait_for_text("#page-heading", "Pre-assessment: what do you know already?");
        assert!(score(page).starts_with("Score: 3 of 3"), "{}", score(page));
        assert!(result_of(page, "integration-options").contains("Correct"), "saved answers come back checked");
    });
}

#[test]
fn damaged_storage_gets_a_message_and_is_kept_aside() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.wait_for("[data-testid=progress-panel]");
        session.execute_with("localStorage.setItem(arguments[0], '{broken')", json!([STORAGE_KEY]));
        page.go(PRE_ASSESSMENT);
        page.refresh();
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
        page.go("");
        page.live_progress_panel();
        let export = session.wait_for("[data-testid=export-progress]");
        session.click(&export);
        let file = downloads.join("integration-patterns-lab-progress.json");
        // The browser may show the file before it has written all of it.
        let exported: Value = session
            .wait_until(|| std::fs::read_to_string(&file).ok().and_then(|text| serde_json::from_str(&text).ok()))
            .expect("the export is downloaded");
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
        page.go(PRE_ASSESSMENT);
        session.wait_until(|| score(page).starts_with("Score: 3 of 3").then_some(())).expect("imported answers count");
    });
    let _ = std::fs::remove_dir_all(&downloads);
}


/// The simulated question of the API gateway checkpoint: its instance, the figure the quiz
/// measured, and the same figure read from the player at the run the quiz links to.
#[test]
fn a_simulator_graded_question_its_answer_matches_the_run_it_shows() {
    browser_test(ROOT, "quiz/api-gateway/", |page| {
        let session = &page.session;
        let question = "predict-successes";
        let in_question = |what: &str| format!("[data-question='{question}'] [data-testid={what}]");
        let instance = session.text(&session.wait_for(&in_question("instance")));
        assert!(instance.starts_with("This attempt: simulation seed "), "{instance}");
        page.refresh();
        session.wait_for_text(&in_question("instance"), &instance);

        let input = session.wait_for(&in_question("prediction"));
        session.type_text(&input, "100000");
        check(page, question);
        assert!(result_of(page, question).contains("Not correct"), "no run of 100 payments has 100000 successes");
        session.wait_for(&in_question("measured"));
        let value = session.execute_with("return document.querySelector(arguments[0]).dataset.value", json!([in_question("measured")]));
        let value = value.as_str().unwrap_or_default().to_string();
        assert!(value.parse::<u32>().is_ok_and(|successes| successes <= 100), "{value}");

        page.refresh();
        let measured = session.wait_for(&in_question("measured"));
        assert!(session.text(&measured).starts_with(&format!("The run measured {value};")), "a reload keeps the checked attempt");
        assert_eq!(session.text(&session.wait_for(&in_question("instance"))), instance);

        let input = session.wait_for(&in_question("prediction"));
        session.execute_with("document.querySelector(arguments[0]).value = ''", json!([in_question("prediction")]));
        session.type_text(&input, &value);
        check(page, question);
        session.wait_until(|| result_of(page, question).contains("Correct").then_some(())).expect("the measured figure is graded right");

        let seed = instance.trim_start_matches("This attempt: simulation seed ").split(';').next().unwrap_or_default().to_string();
        let watch = session.wait_for(&in_question("watch-run"));
        session.click(&watch);
        session.wait_for("[data-testid=player]");
        assert!(session.current_url().contains(&format!("/lesson/api-gateway/#v=1&seed={seed}&")), "{}", session.current_url());
        let shown = session.text(&session.wait_for("[data-testid=metric-successes]"));
        assert_eq!(shown, value, "the player shows the figure the quiz graded, for the same run");
    });
}

/// Computed choices: bands of a figure, or a pick among components, one of which the run makes
/// right; the page grades exactly one option right, and it is the one it reports.
#[test]
fn a_computed_choice_is_graded_by_what_its_run_shows() {
    for (quiz, question) in [("quiz/messaging-mechanics/", "timeout-covers-processing"), ("quiz/fan-out/", "which-queue-receives-most")] {
        browser_test(ROOT, quiz, |page| {
            let session = &page.session;
            let bands = format!("[data-question='{question}'] [data-testid=band]");
            session.wait_for(&bands);
            let count = session.find_all(&bands).len();
            assert!(count >= 2, "{count} options");
            let mut right = Vec::new();
            for band in 0..count {
                let radio = session.find_all(&bands).into_iter().nth(band).expect("the option");
                session.click(&radio);
                check(page, question);
                let result = session.wait_until(|| Some(result_of(page, question)).filter(|r| r.contains("orrect"))).expect("graded");
                if !result.contains("Not correct") {
                    right.push(band);
                }
            }
            assert_eq!(right.len(), 1, "{question}: exactly one option is right: {right:?}");
            let measured = session.text(&session.wait_for(&format!("[data-question='{question}'] [data-testid=measured]")));
            assert!(measured.contains("you chose “"), "{measured}");
            let labels = session.execute_with(
                "return [...document.querySelectorAll(`[data-question='${arguments[0]}'] [data-testid=band]`)].map(b => b.closest('label').textContent.trim());",
                json!([question]),
            );
            let right_text = labels[right[0]].as_str().unwrap_or_default().to_string();
            if measured.starts_with("The run picked “") {
                assert!(measured.starts_with(&format!("The run picked “{right_text}”")), "the pick reported is the option graded right: {measured}");
            } else {
                assert!(measured.starts_with("The run measured "), "{measured}");
                // The question's claim, checked on what the page reports: no duplicates, the first band.
                if measured.starts_with("The run measured 0;") {
                    assert_eq!(right, [0]);
                }
            }
        });
    }
}

#[test]
fn the_final_assessment_keeps_its_draw_until_a_new_one_is_asked_for() {
    browser_test(ROOT, "quiz/final/", |page| {
        let session = &page.session;
        session.wait_for_text("#page-heading", "Final assessment");
        let questions = || -> Vec<Value> {
            let ids = session.execute("return [...document.querySelectorAll('[data-testid=question]')].map(q => q.dataset.question)");
            ids.as_array().cloned().unwrap_or_default()
        };
        let first = session.wait_until(|| Some(questions()).filter(|ids| !ids.is_empty())).expect("a draw");
        assert!(first.iter().all(|id| id.as_str().is_some_and(|id| id.contains("--"))), "{first:?}");
        page.refresh();
        session.wait_until(|| (questions() == first).then_some(())).expect("a reload keeps the draw");
        let new_draw = session.wait_for("[data-testid=new-draw]");
        session.click(&new_draw);
        session.wait_until(|| (!questions().is_empty() && questions() != first).then_some(()))
            .expect("a new draw on request");
        page.go("");
        page.live_progress_panel();
        let scores = session.wait_until(|| {
            session.find_all("[data-testid=quiz-scores]").into_iter().next().filter(|scores| session.text(scores).contains("Final assessment: 0 of"))
        });
        assert!(scores.is_some(), "the final assessment's draw is scored on the home page");
    });
}

#[test]
fn the_pre_assessment_again_shows_the_first_score_beside_the_latest() {
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        let session = &page.session;
        answer_all_with_first(page, "Fan-out pattern");
        let comparison = session.wait_for("[data-testid=first-and-latest]");
        assert_eq!(session.text(&comparison), "First complete attempt: 2 of 3 (67%) · latest: 2 of 3 (67%)");
        let again = session.wait_for("[data-testid=start-again]");
        session.click(&again);
        session.wait_until(|| session.find_all("[data-testid=result]").is_empty().then_some(())).expect("every question open again");
        assert!(session.text(&session.wait_for("[data-testid=first-and-latest]")).ends_with("latest: in progress"));
        answer_everything_right(page);
        page.refresh();
        session.wait_for_text("[data-testid=first-and-latest]", "First complete attempt: 2 of 3 (67%) · latest: 3 of 3 (100%)");
    });
}

#[test]
fn the_quizzes_download_as_gift() {
    let downloads = std::env::temp_dir().join(format!("lab-gift-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.devtools("Browser.setDownloadBehavior", json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }));
        page.live_progress_panel();
        let button = session.wait_for("[data-testid=export-gift]");
        session.click(&button);
        let file = downloads.join("integration-patterns-lab-quizzes.gift");
        session.wait_until(|| file.is_file().then_some(())).expect("the GIFT file is downloaded");
        let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        let course = lab_content::load_lessons(&lessons).unwrap();
        let quizzes: Vec<_> = lab_content::load_quizzes(&lessons, &course).unwrap().into_iter().map(|file| file.quiz).collect();
        let downloaded = session.wait_until(|| std::fs::read_to_string(&file).ok().filter(|text| !text.is_empty())).unwrap();
        assert_eq!(downloaded, lab_content::course_gift(&lessons, &quizzes), "the same export as `lab gift`");
    });
    let _ = std::fs::remove_dir_all(&downloads);
}

/// Only the keyboard: Tab through the options, Space to pick, Tab to Check, Enter; focus
/// stays on the Check button, so the feedback after it is next in the tab order.
#[test]
fn a_quiz_can_be_taken_with_the_keyboard_alone() {
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        let session = &page.session;
        session.wait_for("[data-question='integration-options'] input");
        let focused = || {
            let script = "const e = document.activeElement; return (e.closest('label') || e).textContent.trim() + '|' + (e.dataset.testid || e.type || '')";
            session.execute(script).as_str().unwrap_or_default().to_string()
        };
        session.execute("document.getElementById('question-integration-options').focus()");
        let right = ["Message queues", "Publish-subscribe (pub-sub) patterns", "Event-driven messaging"];
        for _ in 0..12 {
            session.press_key("\u{E004}"); // Tab
            let now = focused();
            if now == "Check answer|check" {
                break;
            }
            assert!(now.ends_with("|checkbox"), "Tab goes through the options, then to Check: {now}");
            if right.iter().any(|option| now == format!("{option}|checkbox")) {
                session.press_key("\u{E00D}"); // Space
            }
        }
        assert_eq!(focused(), "Check answer|check");
        session.press_key("\u{E007}"); // Enter
        assert!(result_of(page, "integration-options").contains("Correct"), "{}", result_of(page, "integration-options"));
        assert_eq!(focused(), "Check answer|check", "checking leaves focus where it was");
        session.press_key("\u{E004}");
        assert_eq!(focused(), "Learn more in the lesson|", "the feedback's link comes next");
    });
}

/// Two windows of one browser share progress: an answer saved in one appears in the other
/// through the storage event, without a reload.
#[test]
fn an_answer_in_one_tab_appears_in_the_other() {
    browser_test(ROOT, PRE_ASSESSMENT, |page| {
        let session = &page.session;
        session.wait_for("[data-testid=score]");
        let first = session.window_handle();
        session.new_window();
        page.go(PRE_ASSESSMENT);
        session.wait_for("[data-testid=score]");
        assert!(score(page).contains("0 of 3 answered"), "{}", score(page));
        let second = session.window_handle();
        session.switch_to_window(&first);
        choose(page, "asynchronous-benefit", "They make it possible for microservices to work and communicate independently.");
        check(page, "asynchronous-benefit");
        session.switch_to_window(&second);
        session.wait_until(|| score(page).starts_with("Score: 1 of 3").then_some(())).expect("the other tab follows");
    });
}
