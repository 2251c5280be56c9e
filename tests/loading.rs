//! How the app loads: every page is painted at build time and works with the wasm blocked; the
//! app then takes the page over without fetching it again, keeping the scroll position and
//! focus; the engine is a second download a page asks for; old addresses and share links still
//! open the right view; a hostile share link is refused quickly.

mod support;

use serde_json::json;
use support::{browser_test, Page, Session, ROOT};

const PAGE_HEADING: &str = "#page-heading";

/// Names of every file the page has requested so far.
fn requested(page: &Page) -> Vec<String> {
    let names = page.session.execute("return performance.getEntriesByType('resource').map(entry => entry.name)");
    serde_json::from_value(names).unwrap_or_default()
}

/// Waits until the first element matching `css` shows text starting with `start`.
fn wait_for_start(page: &Page, css: &str, start: &str) {
    let session = &page.session;
    let shown = session.wait_until(|| session.find_all(css).into_iter().next().filter(|element| session.text(element).starts_with(start)));
    assert!(shown.is_some(), "`{css}` never showed {start:?}");
}

/// Chromium's emulation of a slow network: `latency_ms` per request, `bytes_per_s` down.
fn throttle(session: &Session, latency_ms: u32, bytes_per_s: u32) {
    session.devtools("Network.enable", json!({}));
    session.devtools(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": latency_ms, "downloadThroughput": bytes_per_s, "uploadThroughput": 100_000 }),
    );
}

fn unthrottle(session: &Session) {
    session.devtools("Network.emulateNetworkConditions", json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }));
}

/// Whether the app has taken the page over (see src/takeover.rs).
fn shell_started(session: &Session) -> bool {
    session.execute("return document.documentElement.hasAttribute('data-shell-ready')") == json!(true)
}

fn wait_for_shell(page: &Page) {
    page.session.wait_for("html[data-shell-ready]");
}

#[test]
fn pages_are_readable_and_linked_with_the_wasm_blocked() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    session.devtools("Network.enable", json!({}));
    session.devtools("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] }));
    session.navigate(&page.url(""));
    let card = session.wait_for("[data-testid=lesson-card] a[href='lesson/api-gateway/']");
    assert_eq!(session.execute("return document.querySelectorAll('[data-testid=lesson-card]').length > 20"), json!(true));
    session.click(&card);
    session.wait_for_text(PAGE_HEADING, "The API gateway pattern");
    session.wait_for("[data-testid=lesson-text] h2");
    session.wait_for("[data-testid=player-preview] [data-testid=diagram]");
    let quiz = session.wait_for("[data-testid=checkpoint-link]");
    session.click(&quiz);
    let questions = session.wait_until(|| Some(session.find_all("[data-testid=question]").len()).filter(|count| *count >= 4));
    assert!(questions.is_some(), "the quiz's questions are readable before any wasm");
    assert!(!shell_started(session), "the app never started");
    let errors = session.severe_logs();
    assert!(errors.iter().all(|line| line.contains(".wasm") || line.contains("WebAssembly") || line.contains("Failed to fetch")), "only the blocked wasm is reported: {errors:?}");
}

#[test]
fn the_app_takes_over_a_lesson_without_fetching_it_again_and_keeps_scroll_and_focus() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    // Slow enough that the page is read, scrolled and tabbed before the app arrives.
    throttle(session, 400, 400_000);
    session.navigate(&page.url("lesson/api-gateway/"));
    session.wait_for("[data-testid=lesson-text] h2");
    let before = session.execute(
        "if (document.documentElement.hasAttribute('data-shell-ready')) return null;
         const link = document.querySelector('[data-testid=checkpoint-link]');
         link.focus({ preventScroll: true });
         window.scrollTo(0, 600);
         return { y: window.scrollY, href: link.getAttribute('href'), painted: !!document.getElementById('painted') };",
    );
    assert!(before.is_object(), "the painted page was there before the app (else the test proves nothing)");
    assert_eq!(before["painted"], json!(true));
    wait_for_shell(&page);
    let after = session.execute(
        "return { y: window.scrollY, focused: document.activeElement && document.activeElement.dataset.testid,
                  painted: !!document.getElementById('painted'), roots: document.querySelectorAll('body > .app').length };",
    );
    assert_eq!(after["y"], before["y"], "the scroll position stays");
    assert_eq!(after["focused"], json!("checkpoint-link"), "focus stays on the same link");
    assert_eq!(after["painted"], json!(false), "the painted page was replaced");
    assert_eq!(after["roots"], json!(1));
    unthrottle(session);
    session.wait_for("[data-testid=player] [data-testid=play]");
    let files = requested(&page);
    assert!(!files.iter().any(|file| file.contains("/lesson-api-gateway-")), "the lesson's text is not fetched again: {files:?}");
    assert_eq!(files.iter().filter(|file| file.contains("/sim-api-gateway-")).count(), 1, "{files:?}");
    page.assert_no_console_errors();
}

/// A quiz page is painted with its questions; the quiz module, downloaded beside the shell,
/// draws it over the painted copy, with the questions the page carries (not downloaded again),
/// the learner's scroll position and focus.
#[test]
fn the_quiz_module_takes_over_a_painted_quiz_page_keeping_scroll_and_focus() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    throttle(session, 400, 400_000);
    session.navigate(&page.url("quiz/api-gateway/"));
    session.wait_for("[data-testid=question] legend");
    let before = session.execute(
        "if (document.querySelector('[data-quiz-live]')) return null;
         const check = document.querySelectorAll('[data-testid=question] button')[1];
         check.focus({ preventScroll: true });
         window.scrollTo(0, 500);
         return { y: window.scrollY, label: check.textContent, questions: document.querySelectorAll('[data-testid=question]').length };",
    );
    assert!(before.is_object(), "the painted quiz was there before its module (else the test proves nothing)");
    unthrottle(session);
    page.wait_until_ready();
    let after = session.execute(
        "const focused = document.activeElement;
         return { y: window.scrollY, label: focused && focused.textContent, live: focused && !!focused.closest('[data-quiz-live]'),
                  questions: document.querySelectorAll('[data-testid=question]').length };",
    );
    assert_eq!(after["y"], before["y"], "the scroll position stays");
    assert_eq!(after["questions"], before["questions"], "the same questions");
    assert_eq!(after["label"], before["label"], "focus stays on the same button");
    assert_eq!(after["live"], json!(true), "in the page the module drew");
    let files = requested(&page);
    assert!(!files.iter().any(|file| file.contains("/quiz-api-gateway-")), "the questions are not fetched again: {files:?}");
    assert_eq!(files.iter().filter(|file| file.contains("/lab-quizzes-") && file.ends_with(".wasm")).count(), 1, "{files:?}");
    page.assert_no_console_errors();
}

/// The quiz module blocked: the painted questions stay readable, and the page says why they do
/// not answer, with a way to try again.
#[test]
fn a_quiz_module_that_cannot_load_is_reported_and_the_questions_stay_readable() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    session.devtools("Network.enable", json!({}));
    session.devtools("Network.setBlockedURLs", json!({ "urls": ["*lab-quizzes-*"] }));
    session.navigate(&page.url("quiz/pre-assessment/"));
    let error = session.wait_for("[data-testid=quiz-load-error]");
    assert!(session.text(&error).contains("could not be loaded"), "{}", session.text(&error));
    session.wait_for("[data-testid=question] legend");
    session.devtools("Network.setBlockedURLs", json!({ "urls": [] }));
    session.click(&session.wait_for("[data-testid=quiz-load-error] button"));
    page.wait_until_ready();
    assert!(session.find_all("[data-testid=quiz-load-error]").is_empty(), "the message goes once the quiz answers");
}

#[test]
fn the_home_page_asks_for_the_engine_only_when_idle() {
    browser_test(ROOT, "", |page| {
        wait_for_shell(page);
        let session = &page.session;
        session.wait_for("[data-testid=progress-panel]");
        let early = requested(page);
        assert!(!early.iter().any(|file| file.contains("lab-player")), "no engine on the home page's load: {early:?}");
        assert!(!early.iter().any(|file| file.contains("lab-quizzes")), "no quiz module either: {early:?}");
        assert!(!early.iter().any(|file| file.contains("/sim-") || file.contains("/quiz-")), "no lesson data either: {early:?}");
        let prefetched = session.wait_until(|| requested(page).into_iter().find(|file| file.contains("lab-player") && file.ends_with(".wasm")));
        assert!(prefetched.is_some(), "after a quiet moment the engine is prefetched");
    });
}

/// The home page's first download is what it shows: taking the page over fetches none of its
/// stylesheets, scripts or modules a second time, and the player's stylesheet is not among them
/// (the home page has no player). A lesson reached in place from there gets the player's styles.
#[test]
fn the_home_page_downloads_what_it_shows_once_and_a_lesson_reached_in_place_is_styled() {
    browser_test(ROOT, "", |page| {
        wait_for_shell(page);
        let session = &page.session;
        session.wait_for("[data-testid=progress-panel]");
        let files: Vec<String> = requested(page).into_iter().filter(|file| [".css", ".js", ".wasm"].iter().any(|end| file.ends_with(end))).collect();
        let twice: Vec<&String> = files.iter().enumerate().filter(|(i, file)| files.iter().skip(i + 1).any(|later| later == *file)).map(|(_, file)| file).collect();
        assert!(files.iter().any(|file| file.ends_with(".css")), "the home page's stylesheets are listed: {files:?}");
        assert!(twice.is_empty(), "downloaded twice: {twice:?}");
        let painted = session.execute("return fetch(location.href).then(response => response.text())");
        let painted = painted.as_str().unwrap_or_default();
        assert!(painted.contains("<meta name=\"lab-player-styles\""), "the page names the player's stylesheet");
        assert!(!painted.lines().any(|line| line.contains("rel=\"stylesheet\"") && line.contains("player-")), "the painted home page links no player styles");
        session.click(&session.wait_for("[data-testid=lesson-card] a[href$='lesson/api-gateway/']"));
        session.wait_for_text(PAGE_HEADING, "The API gateway pattern");
        let styled = session.wait_until(|| {
            let display = session.execute("const player = document.querySelector('[data-testid=player], [data-testid=player-preview]'); return player && getComputedStyle(player).display");
            (display == json!("grid")).then_some(())
        });
        assert!(styled.is_some(), "the lesson's player, reached in place, has the player's styles");
        let layout = session.execute("return getComputedStyle(document.querySelector('.site-header')).display === 'flex' && getComputedStyle(document.body).display === 'flex'");
        assert_eq!(layout, json!(true), "the site's own styles still apply");
        page.assert_no_console_errors();
    });
}

#[test]
fn old_addresses_and_share_links_open_the_right_page() {
    browser_test(ROOT, "#/lesson/sagas", |page| {
        let session = &page.session;
        session.wait_for_text(PAGE_HEADING, "Sagas: transactions that span services");
        assert!(page.session.current_url().ends_with("/lesson/sagas/"), "{}", session.current_url());

        session.navigate(&page.url("#/lesson/api-gateway?v=1&seed=7&step=5"));
        let position = session.wait_until(|| {
            session.find_all("[data-testid=position]").into_iter().next().filter(|shown| session.text(shown).starts_with("Step 6 of"))
        });
        assert!(position.is_some(), "the share link's step is shown");
        assert!(session.current_url().ends_with("/lesson/api-gateway/#v=1&seed=7&step=5"), "{}", session.current_url());
        session.click(&session.wait_for("[data-testid=share]"));
        let link = session.execute("return document.querySelector('[data-testid=share-link]').value");
        assert!(link.as_str().is_some_and(|link| link.contains("/lesson/api-gateway/#v=1&seed=7&")), "the seed is kept: {link}");

        session.navigate(&page.url("#/quiz/pre-assessment"));
        session.wait_for("[data-testid=question]");
        assert!(session.current_url().ends_with("/quiz/pre-assessment/"), "{}", session.current_url());
    });
}

#[test]
fn a_hostile_share_link_is_refused_within_a_second() {
    let faults: Vec<String> = (0..3000).map(|step| format!("{step}:crash:payments")).collect();
    browser_test(ROOT, &format!("lesson/api-gateway/#v=1&f={}", faults.join(",")), |page| {
        let session = &page.session;
        let notice = session.wait_for("[data-testid=player-notice]");
        assert!(session.text(&notice).contains("at most"), "{}", session.text(&notice));
        session.wait_for("[data-testid=play]");
        let took = session.execute("const [start] = performance.getEntriesByName('lab:player-mount'); const [ready] = performance.getEntriesByName('lab:player-ready'); return ready.startTime - start.startTime;");
        assert!(took.as_f64().is_some_and(|ms| ms < 1000.0), "the player opened in {took} ms");
    });
    let worst: Vec<String> = (0..40).map(|step| format!("{}:slow:payments:2", step * 50)).collect();
    browser_test(ROOT, &format!("lesson/api-gateway/#v=1&f={}", worst.join(",")), |page| {
        let session = &page.session;
        session.wait_for("[data-testid=play]");
        let took = session.execute("const [start] = performance.getEntriesByName('lab:player-mount'); const [ready] = performance.getEntriesByName('lab:player-ready'); return ready.startTime - start.startTime;");
        assert!(took.as_f64().is_some_and(|ms| ms < 1000.0), "the largest accepted link opened in {took} ms");
    });
}

/// A lesson page starts its simulation before the shell (assets/start-lesson.js): with the
/// shell's wasm blocked, the lesson still plays.
#[test]
fn a_lesson_plays_before_the_shell_arrives() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    session.devtools("Network.enable", json!({}));
    session.devtools("Network.setBlockedURLs", json!({ "urls": ["*integration-patterns-lab-*.wasm"] }));
    session.navigate(&page.url("lesson/api-gateway/"));
    session.click(&session.wait_for("#painted [data-testid=next]"));
    wait_for_start(&page, "[data-testid=position]", "Step 2 of");
    session.click(&session.wait_for("[data-testid=play]"));
    let played = session.wait_until(|| {
        let shown = session.text(&session.wait_for("[data-testid=position]"));
        (!shown.starts_with("Step 2 of")).then_some(shown)
    });
    assert!(played.is_some(), "Play moves the run on");
    assert_eq!(session.execute("return getComputedStyle(document.querySelector('[data-testid=player-preview]')).display"), json!("none"), "the preview gave way to the player");
    assert!(!shell_started(session), "the shell never started");
    let errors = session.severe_logs();
    assert!(errors.iter().all(|line| line.contains("integration-patterns-lab-")), "only the blocked shell is reported: {errors:?}");
}

/// The shell then takes the running player over as it is: same step, one player, nothing
/// downloaded or mounted twice.
#[test]
fn the_shell_adopts_the_player_the_lesson_started() {
    let page = Page::blank(ROOT);
    let session = &page.session;
    // Slow enough that the learner steps through the player before the shell has arrived.
    throttle(session, 100, 300_000);
    session.navigate(&page.url("lesson/api-gateway/"));
    let next = session.wait_for("#painted [data-testid=next]");
    session.click(&next);
    session.click(&next);
    let position = session.execute("return document.documentElement.hasAttribute('data-shell-ready') ? null : document.querySelector('[data-testid=position]').textContent");
    assert!(position.as_str().is_some_and(|shown| shown.starts_with("Step 3 of")), "stepped before the shell came (else the test proves nothing): {position}");
    unthrottle(session);
    wait_for_shell(&page);
    assert_eq!(session.execute("return document.querySelector('[data-testid=position]').textContent"), position, "the same step after the takeover");
    assert_eq!(session.execute("return document.querySelectorAll('[data-testid=player]').length"), json!(1));
    assert_eq!(session.execute("return performance.getEntriesByName('lab:player-mount').length"), json!(1), "mounted once");
    session.click(&session.wait_for("[data-testid=next]"));
    wait_for_start(&page, "[data-testid=position]", "Step 4 of");
    let files = requested(&page);
    let count = |part: &str, end: &str| files.iter().filter(|file| file.contains(part) && file.ends_with(end)).count();
    assert_eq!(count("/sim-api-gateway-", ".json"), 1, "{files:?}");
    assert_eq!(count("/lab-player-", ".wasm"), 1, "the preloaded module is the one started: {files:?}");
    assert_eq!(count("/preview-api-gateway-", ".html"), 0, "the painted diagram is adopted: {files:?}");
    page.assert_no_console_errors();
}
