//! Offline use, updates and installing, in headless Chromium: the service worker (`sw.js`,
//! written by `cargo xtask write-service-worker`) takes charge after one visit; with the server
//! stopped every lesson, its simulation and the quizzes still work; a new deployment is
//! offered and applied only on Reload; the worker runs under the strict policy; the manifest
//! makes the app installable. Every test fails on a console error.

mod support;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

use lab_content::{load_lessons, load_quiz, Lesson};
use serde_json::{json, Value};
use support::webdriver::{dist_dir, required_env};
use support::{browser_test, lesson_address, quiz_address, Page, Session, ROOT, SUB_PATH, WITH_CSP};

const LESSON_CARD_LINK: &str = "[data-testid=lesson-card] a";
const PAGE_HEADING: &str = "#page-heading";
const POSITION: &str = "[data-testid=position]";
const NOTICE: &str = "[data-testid=update-notice]";

fn course() -> Vec<Lesson> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    load_lessons(&dir).unwrap_or_else(|errors| panic!("lessons/ is invalid: {errors:?}"))
}

/// Waits until the first visit's worker is active and in charge of the page, then reloads:
/// the reloaded page must come from the worker too.
fn wait_until_controlled(session: &Session) {
    let ready = session.execute("return navigator.serviceWorker.ready.then(registration => registration.active.state)");
    assert!(ready.is_string(), "no active service worker: {ready}");
    let controlled = session.wait_until(|| session.execute("return !!navigator.serviceWorker.controller").as_bool().filter(|yes| *yes));
    assert!(controlled.is_some(), "the first visit's worker never took charge of the page");
    session.refresh();
    session.wait_for(PAGE_HEADING);
    assert_eq!(session.execute("return !!navigator.serviceWorker.controller"), json!(true), "the reloaded page is the worker's");
}

/// The versions of the course this origin holds in its caches (the last word of each name).
fn cached_versions(session: &Session) -> Vec<String> {
    let names = session.execute("return caches.keys()");
    let names = names.as_array().unwrap_or_else(|| panic!("caches.keys() gave {names}"));
    names.iter().filter_map(Value::as_str).filter_map(|name| name.rsplit(' ').next()).map(str::to_string).collect()
}

/// The version written in a built folder's `sw.js`.
fn version_in(folder: &Path) -> String {
    let script = std::fs::read_to_string(folder.join("sw.js")).expect("a built folder has sw.js");
    let start = script.find("\"version\": \"").expect("sw.js names its version") + "\"version\": \"".len();
    script[start..].split('"').next().unwrap_or_default().to_string()
}

fn assert_no_console_errors(session: &Session) {
    let errors = session.severe_logs();
    assert!(errors.is_empty(), "the page logged errors:\n{}", errors.join("\n"));
}

/// Opens `url` as a fresh page load (not only a change of fragment), and waits for `heading`.
fn load(session: &Session, url: &str, heading: &str) {
    session.navigate(url);
    session.refresh();
    session.wait_for_text(PAGE_HEADING, heading);
    // The painted page reads the same; act on it once the app has taken it over.
    support::wait_until_ready(session);
}

#[test]
fn after_one_visit_every_lesson_simulation_and_quiz_works_with_the_server_stopped() {
    let Page { session, server } = Page::open(ROOT, "");
    wait_until_controlled(&session);
    let root = server.url.clone();
    let host = root.trim_start_matches("http://").trim_end_matches('/').to_string();
    // The most honest "network off": nothing listens on the course's address any more.
    drop(server);
    assert!(TcpStream::connect(&host).is_err(), "the static server at {host} is stopped");

    load(&session, &root, "How microservices talk to each other");
    let lessons = course();
    let first = &lessons[0];
    load(&session, &format!("{root}index.html#/lesson/{}", first.slug), &first.front.title);
    for lesson in &lessons {
        load(&session, &format!("{root}{}", lesson_address(&lesson.slug)), &lesson.front.title);
        session.wait_for("[data-testid=lesson-text] h2");
        let start = session.text(&session.wait_for(POSITION));
        assert!(start.starts_with("Step 1 of"), "lesson `{}` opens at step 1: {start:?}", lesson.slug);
        session.click(&session.wait_for("[data-testid=play]"));
        let moved = session.wait_until(|| session.find_all(POSITION).into_iter().next().filter(|shown| session.text(shown).split(" · ").next() != start.split(" · ").next()));
        assert!(moved.is_some(), "lesson `{}`'s simulation plays offline", lesson.slug);
        // Paused, so the narration's length no longer moves the link while it is clicked. The
        // pause itself is pressed from script: while playing, the narration beside the
        // controls changes length every frame, and a pointer click can land on a moved button.
        session.execute("document.querySelector('[data-testid=player] [data-testid=play]').click()");
        session.click(&session.wait_for("[data-testid=checkpoint-link]"));
        let questions = session.wait_until(|| Some(session.find_all("[data-testid=question]").len()).filter(|count| *count >= 4));
        assert!(questions.is_some(), "lesson `{}`'s checkpoint opens offline", lesson.slug);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let pre_assessment = load_quiz(&dir.join("pre-assessment.quiz.toml"), &dir, &lessons).expect("the pre-assessment");
    session.navigate(&format!("{root}{}", quiz_address(&pre_assessment.id)));
    session.refresh();
    let count = pre_assessment.questions.len();
    let questions = session.wait_until(|| (session.find_all("[data-testid=question]").len() == count).then_some(()));
    assert!(questions.is_some(), "the pre-assessment opens offline with its {count} questions");
    assert_no_console_errors(&session);
}

/// A copy of dist/ to deploy again, in a fresh temp folder.
fn copy_of_dist(name: &str) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("lab-dist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_folder(&dist_dir(), &copy);
    copy
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes the folder's `sw.js` again, as a build would: `cargo xtask test` names its own
/// program in `LAB_XTASK`.
fn write_service_worker(folder: &Path) {
    let xtask = required_env("LAB_XTASK");
    let status = Command::new(&xtask).arg("write-service-worker").arg(folder).status().expect("the xtask program runs");
    assert!(status.success(), "{xtask} write-service-worker failed");
}

#[test]
fn a_new_deployment_is_offered_and_taken_only_on_reload() {
    let copy = copy_of_dist("update");
    let page = Page::open_folder(copy.clone(), SUB_PATH, "");
    let session = &page.session;
    wait_until_controlled(session);
    let first = version_in(&copy);
    assert_eq!(cached_versions(session), [first.clone()]);
    assert!(session.find_all(NOTICE).is_empty(), "nothing to offer yet");

    // Deploy again: a changed page, and the worker written for the new files.
    let index = copy.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, html.replace("</head>", "<meta name=\"lab-deployment\" content=\"second\"></head>")).unwrap();
    write_service_worker(&copy);
    let second = version_in(&copy);
    assert_ne!(second, first, "a changed file is a new version");
    let new_deployment = "return !!document.querySelector('meta[name=lab-deployment]')";

    session.execute("return navigator.serviceWorker.getRegistration().then(registration => registration.update()).then(() => true)");
    let notice = session.wait_for(NOTICE);
    assert!(session.text(&notice).contains("A new version of the course is ready."), "{}", session.text(&notice));
    session.click(&session.wait_for("[data-testid=update-dismiss]"));
    assert!(session.wait_until(|| session.find_all(NOTICE).is_empty().then_some(())).is_some(), "Not now hides the notice");

    // Until the learner chooses Reload, the running version stays whole, even across a reload.
    session.refresh();
    session.wait_for(NOTICE);
    assert_eq!(session.execute(new_deployment), json!(false), "the old version still runs");
    assert_eq!(cached_versions(session).len(), 2, "both versions are cached while the new one waits");

    session.click(&session.wait_for("[data-testid=update-reload]"));
    let reloaded = session.wait_until(|| session.execute(new_deployment).as_bool().filter(|yes| *yes));
    assert!(reloaded.is_some(), "Reload brings the new version");
    session.wait_for(LESSON_CARD_LINK);
    assert!(session.find_all(NOTICE).is_empty(), "nothing more to offer");
    let old_dropped = session.wait_until(|| (cached_versions(session) == [second.clone()]).then_some(()));
    assert!(old_dropped.is_some(), "only the new version stays cached: {:?}", cached_versions(session));
    let script = session.execute("return navigator.serviceWorker.controller.scriptURL");
    assert_eq!(script, json!(format!("{}sw.js", page.server.url)), "the worker's scope is the course's folder");
    page.assert_no_console_errors();
}

/// `default-src 'self'` already lets a page of the site start its worker (there is no
/// `worker-src`), and `connect-src 'self'` lets the worker fetch what it caches.
#[test]
fn the_worker_runs_under_the_strict_content_security_policy() {
    browser_test(WITH_CSP, "", |page| {
        wait_until_controlled(&page.session);
        page.session.wait_for(LESSON_CARD_LINK);
    });
}

#[test]
fn the_manifest_and_its_icons_make_the_app_installable() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.wait_for(LESSON_CARD_LINK);
        let manifest = session.devtools("Page.getAppManifest", json!({}));
        assert_eq!(manifest["errors"], json!([]), "{manifest}");
        assert!(manifest["url"].as_str().is_some_and(|url| url.ends_with("/manifest.webmanifest")), "{manifest}");
        let icons = session.execute(
            "return (async () => {
                 const manifest = new URL(document.querySelector('link[rel=manifest]').href);
                 const icons = (await (await fetch(manifest)).json()).icons;
                 return Promise.all(icons.map(async icon => {
                     const response = await fetch(new URL(icon.src, manifest));
                     return `${icon.sizes} ${response.status} ${response.headers.get('content-type')}`;
                 }));
             })()",
        );
        assert_eq!(icons, json!(["any 200 image/svg+xml", "192x192 200 image/png", "512x512 200 image/png"]));
        let errors = session.devtools("Page.getInstallabilityErrors", json!({}));
        assert_eq!(errors["installabilityErrors"], json!([]), "{errors}");
    });
}
