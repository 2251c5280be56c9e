//! A lesson's embed page (`embed/<slug>/`) in headless Chromium, as another site shows it: in
//! an iframe of a page on another origin (an LMS), the course served with the policy the README
//! documents for embedding (the strict one, with that origin as the only `frame-ancestors`).
//! The simulation plays inside it with its share link applied; a question of the checkpoint
//! quiz shows when asked for; bad addresses give a message in the frame; the lesson's Share
//! panel gives the snippet. Every test fails on any console error, in the page or the frame.

mod support;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use support::{browser_test, Hosting, Session, StaticServer, ROOT, STRICT_CSP};

const SLUG: &str = "api-gateway";
/// A view of the lesson's simulation: parameter, seed, step and a fault.
const SHARE: &str = "#v=1&seed=7&step=120&p=rate:90&f=40:crash:payments";
const POSITION: &str = "[data-testid=player] [data-testid=position]";

/// The policy the README gives for `embed/` pages: the strict one, framed only by `ancestor`.
fn embed_policy(ancestor: &str) -> &'static str {
    let policy = STRICT_CSP.replace("frame-ancestors 'none'", &format!("frame-ancestors {ancestor}"));
    assert_ne!(policy, STRICT_CSP, "the strict policy names its frame ancestors");
    Box::leak(policy.into_boxed_str())
}

/// The course served under the embedding policy, an LMS's page on another origin framing
/// `address` (relative to the course), and a browser on that page, its commands sent into the
/// frame once the frame's page has loaded.
struct Embedded {
    session: Session,
    _course: StaticServer,
    _lms: StaticServer,
    _lms_folder: PathBuf,
}

impl Embedded {
    fn open(address: &str) -> Embedded {
        static OPENED: AtomicUsize = AtomicUsize::new(0);
        let lms_folder = std::env::temp_dir().join(format!("lab-lms-{}-{}", std::process::id(), OPENED.fetch_add(1, Ordering::SeqCst)));
        std::fs::create_dir_all(&lms_folder).expect("a temporary folder");
        let lms = StaticServer::start(lms_folder.clone(), Hosting { mount: "/", csp: None, gzip: false });
        let lms_origin = lms.url.trim_end_matches('/').to_string();
        let course = StaticServer::start(support::webdriver::dist_dir(), Hosting { mount: "/", csp: Some(embed_policy(&lms_origin)), gzip: false });
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>An LMS page</title><link rel=\"icon\" href=\"data:,\"></head><body><h1>Week 3</h1>\n\
             <iframe src=\"{}{}\" title=\"Simulation\" width=\"800\" height=\"600\" style=\"border:0\"></iframe></body></html>",
            course.url,
            address.replace('&', "&amp;")
        );
        std::fs::write(lms_folder.join("lms.html"), page).expect("the LMS page is written");
        let session = Session::start();
        session.navigate(&format!("{}lms.html", lms.url));
        session.switch_to_frame(0);
        Embedded { session, _course: course, _lms: lms, _lms_folder: lms_folder }
    }

    fn step(&self) -> usize {
        let text = self.session.text(&self.session.wait_for(POSITION));
        text.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no step in {text:?}"))
    }

    fn assert_no_console_errors(&self) {
        let errors = self.session.severe_logs();
        assert!(errors.is_empty(), "the page or its frame logged errors:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_simulation_plays_alone_in_another_sites_frame_with_its_share_link() {
    let embedded = Embedded::open(&format!("embed/{SLUG}/{SHARE}"));
    let session = &embedded.session;
    session.wait_for("[data-testid=player]");
    let at_link = session.wait_until(|| (embedded.step() == 121).then_some(()));
    assert!(at_link.is_some(), "the share link's step: {}", session.text(&session.wait_for(POSITION)));
    let applied = session.execute(
        "return { rate: document.querySelector('[data-testid=param-rate]').value,
                  faults: document.querySelectorAll('[data-testid=fault-list] li').length,
                  notice: !!document.querySelector('[data-testid=player-notice]') }",
    );
    assert_eq!(applied, json!({ "rate": "90", "faults": 1, "notice": false }), "the link's parameter and fault, without complaint");
    let alone = session.execute(
        "return { header: !!document.querySelector('.site-header'), text: !!document.querySelector('[data-lesson-text]'),
                  shell: !!document.querySelector('script[src*=integration-patterns-lab]'),
                  panels: getComputedStyle(document.querySelector('.player-panels')).display }",
    );
    assert_eq!(alone, json!({ "header": false, "text": false, "shell": false, "panels": "none" }), "the simulation alone");
    let fit = session.execute(
        "const main = document.querySelector('[data-testid=embed]').getBoundingClientRect();
         return { wide: document.documentElement.scrollWidth <= innerWidth, fills: main.height >= innerHeight - 1 && main.width >= innerWidth - 1 }",
    );
    assert_eq!(fit, json!({ "wide": true, "fills": true }), "sized to its frame, no sideways scrolling");
    session.click(&session.wait_for("[data-testid=player] [data-testid=play]"));
    let played = session.wait_until(|| (embedded.step() > 121).then_some(()));
    assert!(played.is_some(), "the simulation plays inside the frame");
    embedded.assert_no_console_errors();
}

#[test]
fn a_question_of_the_checkpoint_shows_under_the_simulation() {
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let course = lab_content::load_lessons(&lessons).expect("the course loads");
    let quiz = lab_content::load_quiz(&lessons.join(SLUG).join(lab_content::QUIZ_FILE), &lessons, &course).expect("the checkpoint loads");
    let second = &quiz.questions[1];
    for wanted in ["2".to_string(), second.id.clone()] {
        let embedded = Embedded::open(&format!("embed/{SLUG}/?question={wanted}{SHARE}"));
        let session = &embedded.session;
        let legend = session.wait_for("[data-testid=embedded-question] [data-testid=question] legend");
        let text = session.text(&legend);
        assert!(text.starts_with("Question 2.") && text.contains(second.prompt.trim()), "{wanted}: {text}");
        session.click(&session.wait_for("[data-testid=embedded-question] [data-testid=question] input"));
        session.click(&session.wait_for("[data-testid=embedded-question] [data-testid=check]"));
        let said = session.wait_until(|| {
            let status = session.execute("return document.querySelector('[data-testid=embedded-question] [role=status]').textContent");
            status.as_str().filter(|text| text.starts_with("Question 2")).map(str::to_string)
        });
        assert!(said.is_some(), "{wanted}: the answer is checked and announced");
        assert_eq!(embedded.step(), 121, "the simulation keeps its share link beside the question");
        embedded.assert_no_console_errors();
    }
}

#[test]
fn bad_embed_addresses_say_so_in_the_frame() {
    let embedded = Embedded::open(&format!("embed/{SLUG}/?question=99"));
    let problem = embedded.session.wait_for("[data-testid=embed-problem]");
    assert!(embedded.session.text(&problem).contains("no question “99”"), "{}", embedded.session.text(&problem));
    assert_eq!(embedded.step(), 1, "the simulation still opens");
    embedded.assert_no_console_errors();

    let embedded = Embedded::open(&format!("embed/{SLUG}/#v=9&step=abc"));
    let notice = embedded.session.wait_for("[data-testid=player-notice]");
    assert!(embedded.session.text(&notice).contains("could not be opened"), "{}", embedded.session.text(&notice));
    assert_eq!(embedded.step(), 1, "a damaged link opens the lesson's own view");
    embedded.assert_no_console_errors();

    let embedded = Embedded::open("embed/no-such-lesson/");
    // The painted page, then the shell's: either says so (a stale element reads as no text).
    let said = embedded.session.wait_until(|| {
        let missing = embedded.session.find_all("[data-testid=not-found]").into_iter().next()?;
        embedded.session.text(&missing).contains("There is no page at embed/no-such-lesson/").then_some(())
    });
    assert!(said.is_some(), "the not-found page names the address");
    // The host's answer is a real 404 (its not-found page), which the browser logs; nothing else.
    let errors = embedded.session.severe_logs();
    assert!(errors.iter().all(|error| error.contains("embed/no-such-lesson/ - Failed to load resource") && error.contains("404")), "{errors:?}");
}

#[test]
fn the_share_panel_gives_an_iframe_snippet_that_opens_this_view() {
    browser_test(ROOT, &format!("lesson/{SLUG}/{SHARE}"), |page| {
        let session = &page.session;
        session.wait_for(POSITION);
        session.click(&session.wait_for("[data-testid=embed]"));
        let snippet = session.execute("return document.querySelector('[data-testid=embed-snippet]').value");
        let snippet = snippet.as_str().expect("a snippet").to_string();
        assert!(snippet.starts_with("<iframe src=\"") && snippet.ends_with("</iframe>") && snippet.contains("title=\"Simulation: "), "{snippet}");
        let src = snippet.split('"').nth(1).expect("a src").replace("&amp;", "&");
        assert!(src.starts_with(&format!("{}embed/{SLUG}/#v=1&", page.server.url)) && src.contains("p=rate:90"), "{src}");
        session.navigate(&src);
        session.wait_for("[data-testid=embed] [data-testid=player]");
        let rate = session.wait_until(|| {
            let value = session.execute("return document.querySelector('[data-testid=param-rate]')?.value ?? null");
            (value == json!("90")).then_some(())
        });
        assert!(rate.is_some(), "the snippet's page opens the same view");
    });
}
