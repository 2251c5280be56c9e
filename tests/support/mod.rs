// Each test file uses part of this shared harness; what one file leaves unused is not dead.
#![allow(dead_code)]

//! Shared by the browser tests: a static server over dist/, a headless Chromium session, and
//! the rule that a console error or an uncaught exception fails the test.

pub mod static_server;
pub mod webdriver;

use std::path::PathBuf;

pub use static_server::{Hosting, StaticServer};
pub use webdriver::Session;

/// The Content-Security-Policy the README tells instructors to send.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub const ROOT: Hosting = Hosting { mount: "/", csp: None, gzip: false };
pub const SUB_PATH: Hosting = Hosting { mount: "/course/lab/", csp: None, gzip: false };
pub const WITH_CSP: Hosting = Hosting { mount: "/", csp: Some(STRICT_CSP), gzip: false };

/// A lesson's address, relative to the course's folder: the one place that knows its form.
pub fn lesson_address(slug: &str) -> String {
    format!("lesson/{slug}/")
}

/// A quiz's address, relative to the course's folder.
pub fn quiz_address(id: &str) -> String {
    format!("quiz/{id}/")
}

/// Set on the page once the app has taken over the painted page (see src/takeover.rs).
pub const APP_READY: &str = "html[data-shell-ready]";
/// True once the shell has taken the page over and a quiz page on it, if any, answers (its
/// module has drawn it over the painted copy, see src/views/quiz_place.rs).
const READY_SCRIPT: &str = "return document.documentElement.hasAttribute('data-shell-ready') \
    && !document.querySelector('[data-quiz-place^=\"quiz:\"]:not([data-quiz-live])')";

/// Waits until the page answers: the shell has taken it over, and a quiz page's module has
/// drawn it.
pub fn wait_until_ready(session: &Session) {
    let ready = session.wait_until(|| (session.execute(READY_SCRIPT) == serde_json::Value::Bool(true)).then_some(()));
    assert!(ready.is_some(), "the page at {} never became ready", session.current_url());
}

/// A page of the built app in a fresh browser.
pub struct Page {
    pub session: Session,
    pub server: StaticServer,
}

impl Page {
    /// Opens a page of dist/ once the app has taken it over: the painted page before that looks
    /// the same but does not respond.
    pub fn open(hosting: Hosting, fragment: &str) -> Page {
        let page = Page::open_folder(webdriver::dist_dir(), hosting, fragment);
        page.wait_until_ready();
        page
    }

    pub fn wait_until_ready(&self) {
        wait_until_ready(&self.session);
    }

    /// Reloads the page and waits until it answers again.
    pub fn refresh(&self) {
        self.session.refresh();
        self.wait_until_ready();
    }

    /// Brings the home page's progress panel into view and waits until its module has drawn it
    /// (until then the panel shows as painted, and its buttons do nothing).
    pub fn live_progress_panel(&self) {
        self.session.execute("document.querySelector('[data-quiz-place=progress-panel]').scrollIntoView()");
        self.session.wait_for("[data-quiz-place=progress-panel][data-quiz-live]");
    }

    pub fn open_folder(root: PathBuf, hosting: Hosting, path_and_fragment: &str) -> Page {
        let server = StaticServer::start(root, hosting);
        let session = Session::start();
        session.navigate(&format!("{}{path_and_fragment}", server.url));
        Page { session, server }
    }

    /// A browser that has opened nothing yet, beside a server over dist/: for a test that sets
    /// the network up (throttled, blocked) before the first page.
    pub fn blank(hosting: Hosting) -> Page {
        Page { server: StaticServer::start(webdriver::dist_dir(), hosting), session: Session::start() }
    }

    /// Opens another page of the same server once the app has taken it over.
    pub fn go(&self, path_and_fragment: &str) {
        self.session.navigate(&self.url(path_and_fragment));
        self.wait_until_ready();
    }

    pub fn url(&self, fragment: &str) -> String {
        format!("{}{fragment}", self.server.url)
    }

    /// Fails the test if the page logged an error or threw; call it at the end of every test.
    pub fn assert_no_console_errors(&self) {
        let errors = self.session.severe_logs();
        assert!(errors.is_empty(), "the page logged errors:\n{}", errors.join("\n"));
    }
}

/// A fresh copy of dist/ (every folder), for a test that changes or removes files.
pub fn copy_of_dist(name: &str) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("lab-dist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_folder(&webdriver::dist_dir(), &copy);
    copy
}

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for entry in std::fs::read_dir(from).expect("dist/ is readable").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a file copies");
        }
    }
}

/// Runs a browser test and then checks the console, so no test can forget to.
pub fn browser_test(hosting: Hosting, fragment: &str, test: impl FnOnce(&Page)) {
    let page = Page::open(hosting, fragment);
    test(&page);
    page.assert_no_console_errors();
}
