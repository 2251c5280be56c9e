//! The sandbox in headless Chromium: an architecture built by keyboard alone runs in the
//! lessons' player and steps back; on a touch screen a tap adds a component and a finger moves
//! it and pans the canvas; a bad link shows its problem on the canvas; export then
//! import gives the same scenario; a share link restores the sandbox, and a damaged one says
//! why. Every test also fails on any console error (see `browser_test`).

mod support;

use serde_json::json;
use support::{browser_test, Page, ROOT};

const SANDBOX: &str = "sandbox/";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";
const BACKSPACE: &str = "\u{E003}";
const END: &str = "\u{E010}";
const CONTROL: &str = "\u{E009}";

/// Moves keyboard focus to an element, as Tab would land on it.
fn focus(page: &Page, css: &str) {
    let session = &page.session;
    session.wait_for(css);
    session.execute_with("document.querySelector(arguments[0]).focus();", json!([css]));
}

fn press_on(page: &Page, css: &str, key: &str) {
    focus(page, css);
    page.session.press_key(key);
}

fn node(name: &str) -> String {
    format!("[data-testid=sandbox-node-{name}]")
}

fn count(page: &Page, css: &str) -> u64 {
    page.session.execute_with("return document.querySelectorAll(arguments[0]).length;", json!([css])).as_u64().unwrap_or(0)
}

fn open_blank(page: &Page) {
    page.session.wait_for("[data-testid=sandbox]");
    page.session.click(&page.session.wait_for("[data-testid=sandbox-blank]"));
}

/// Types into the focused field after clearing it, then leaves it (the app reads on change).
fn retype(page: &Page, css: &str, text: &str) {
    focus(page, css);
    let length = page.session.execute_with("return document.querySelector(arguments[0]).value.length;", json!([css])).as_u64().unwrap_or(0);
    page.session.press_key(END);
    for _ in 0..length {
        page.session.press_key(BACKSPACE);
    }
    let field = page.session.wait_for(css);
    page.session.type_text(&field, text);
    page.session.press_key(TAB);
}

fn step_shown(page: &Page) -> usize {
    let session = &page.session;
    let text = session.text(&session.wait_for("[data-testid=sandbox-run-player] [data-testid=position]"));
    text.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no step in {text:?}"))
}

#[test]
fn an_architecture_built_by_keyboard_alone_runs_and_steps_back() {
    browser_test(ROOT, SANDBOX, |page| {
        open_blank(page);
        for kind in ["client", "gateway", "function", "queue", "function"] {
            press_on(page, &format!("[data-testid=palette-{kind}]"), ENTER);
        }
        for (from, to) in [("client", "gateway"), ("gateway", "function"), ("function", "queue"), ("queue", "function-2")] {
            press_on(page, &node(from), "c");
            press_on(page, &node(to), ENTER);
            page.session.wait_for(&format!("[data-testid=sandbox-link-{from}-{to}]"));
        }
        // A queue with no consumers cannot hand messages on: the problem is on that link.
        page.session.wait_for("[data-testid=sandbox-link-queue-function-2] [data-testid=sandbox-problem-on-canvas]");

        press_on(page, &node("queue"), ENTER);
        // A field's meaning shows under it while it has focus (a finger cannot hover for it).
        focus(page, "[data-testid=prop-consumers]");
        let shown = page.session.execute(
            "const help = id => getComputedStyle(document.querySelector(`[data-testid=${id}]`).closest('label').querySelector('.prop-help')).display;
             return [help('prop-consumers'), help('prop-visibility_timeout_ms')];",
        );
        assert_eq!(shown, json!(["block", "none"]), "only the focused field shows what it means");
        retype(page, "[data-testid=prop-consumers]", "2");
        press_on(page, &node("gateway"), ENTER);
        retype(page, "[data-testid=prop-routes]", r#"[{ op = "POST /orders", target = "function" }]"#);
        let fixed = page.session.wait_until(|| (count(page, "[data-testid=sandbox-problem-on-canvas]") == 0).then_some(()));
        assert!(fixed.is_some(), "a problem is still shown: {}", page.session.execute("return document.querySelector('[data-testid=sandbox-problem-on-canvas]')?.textContent"));

        press_on(page, "[data-testid=sandbox-run]", ENTER);
        page.session.wait_for("[data-testid=sandbox-run-player] [data-testid=player]");
        // The first Run brings its player into view (there was none to scroll to before).
        let in_view = page.session.wait_until(|| {
            let top = page.session.execute("return document.querySelector('[data-testid=sandbox-run-player]').getBoundingClientRect().top;");
            top.as_f64().filter(|top| (0.0..100.0).contains(top))
        });
        assert!(in_view.is_some(), "the run's player was not scrolled into view");
        let first = step_shown(page);
        for _ in 0..3 {
            page.session.click(&page.session.wait_for("[data-testid=sandbox-run-player] [data-testid=next]"));
        }
        assert_eq!(step_shown(page), first + 3);
        page.session.click(&page.session.wait_for("[data-testid=sandbox-run-player] [data-testid=previous]"));
        assert_eq!(step_shown(page), first + 2);

        // Undo (Control+Z) takes back the last two edits, the routes and the consumers: the
        // queue's link has its problem again; redo (Control+Y) takes it away.
        focus(page, &node("client"));
        page.session.press_chord(&[CONTROL, "z"]);
        page.session.press_chord(&[CONTROL, "z"]);
        let problem = "[data-testid=sandbox-link-queue-function-2] [data-testid=sandbox-problem-on-canvas]";
        let back = page.session.wait_until(|| (count(page, problem) == 1).then_some(()));
        assert!(back.is_some(), "undo did not bring the consumers' problem back");
        page.session.press_chord(&[CONTROL, "y"]);
        let gone = page.session.wait_until(|| (count(page, problem) == 0).then_some(()));
        assert!(gone.is_some(), "redo did not take the problem away");
    });
}

/// The middle of an element, in the viewport, once scrolled to the middle of the screen.
fn middle_of(page: &Page, css: &str) -> (f64, f64) {
    page.session.wait_for(css);
    let at = page.session.execute_with(
        "const e = document.querySelector(arguments[0]); e.scrollIntoView({ block: 'center' });
         const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
        json!([css]),
    );
    (at[0].as_f64().unwrap_or_default(), at[1].as_f64().unwrap_or_default())
}

/// One finger put down at `from`, moved to `to` in a few steps, and lifted: Chromium's touch
/// input, so the page sees touch pointer events (and a tap when it does not move).
fn swipe(page: &Page, from: (f64, f64), to: (f64, f64)) {
    let finger = |kind: &str, (x, y): (f64, f64)| {
        let points = if kind == "touchEnd" { json!([]) } else { json!([{ "x": x, "y": y }]) };
        page.session.devtools("Input.dispatchTouchEvent", json!({ "type": kind, "touchPoints": points }));
    };
    finger("touchStart", from);
    const STEPS: u32 = 5;
    for i in 1..=STEPS {
        let f = f64::from(i) / f64::from(STEPS);
        finger("touchMove", (from.0 + (to.0 - from.0) * f, from.1 + (to.1 - from.1) * f));
    }
    if from != to {
        // The finger rests before it lifts, as a person's does: lifted while moving, it flings,
        // and the browser takes the next tap as the touch that stops the fling (no click).
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    finger("touchEnd", to);
}

fn tap(page: &Page, css: &str) {
    let at = middle_of(page, css);
    swipe(page, at, at);
}

fn attribute(page: &Page, css: &str, name: &str) -> String {
    let value = page.session.execute_with("return document.querySelector(arguments[0]).getAttribute(arguments[1]);", json!([css, name]));
    value.as_str().unwrap_or_default().to_string()
}

#[test]
fn on_a_touch_screen_a_tap_adds_a_component_a_finger_moves_it_links_it_and_pans_the_canvas() {
    browser_test(ROOT, SANDBOX, |page| {
        page.session.devtools("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 1 }));
        open_blank(page);
        tap(page, "[data-testid=palette-queue]");
        page.session.wait_for(&node("queue"));

        let placed = attribute(page, &node("queue"), "transform");
        let start = middle_of(page, &node("queue"));
        swipe(page, start, (start.0 + 60.0, start.1 + 40.0));
        let moved = page.session.wait_until(|| Some(attribute(page, &node("queue"), "transform")).filter(|t| *t != placed));
        assert!(moved.is_some(), "a finger's drag did not move the component from {placed}");

        // A link by touch: the component's "Link to…" button, then a tap on the other one.
        tap(page, "[data-testid=palette-function]");
        page.session.wait_for(&node("function"));
        tap(page, &node("queue"));
        let chosen = page.session.wait_until(|| page.session.execute("return document.querySelector('[data-testid=prop-name]')?.value ?? null").as_str().filter(|name| *name == "queue").map(str::to_string));
        assert!(chosen.is_some(), "a tap on the queue did not select it");
        tap(page, "[data-testid=prop-link]");
        page.session.wait_for_text("[data-testid=prop-link]", "Cancel link");
        tap(page, &node("function"));
        page.session.wait_for("[data-testid=sandbox-link-queue-function]");

        let canvas = "[data-testid=sandbox-canvas]";
        let view_box = attribute(page, canvas, "viewBox");
        let corner = page.session.execute_with(
            "const e = document.querySelector(arguments[0]); e.scrollIntoView({ block: 'center' });
             const r = e.getBoundingClientRect(); return [r.left + 20, r.bottom - 20];",
            json!([canvas]),
        );
        let corner = (corner[0].as_f64().unwrap_or_default(), corner[1].as_f64().unwrap_or_default());
        swipe(page, corner, (corner.0 + 50.0, corner.1 - 30.0));
        let panned = page.session.wait_until(|| Some(attribute(page, canvas, "viewBox")).filter(|v| *v != view_box));
        assert!(panned.is_some(), "a finger on the empty canvas did not pan it from {view_box}");
    });
}

#[test]
fn a_bad_link_shows_its_problem_on_the_canvas_in_words() {
    browser_test(ROOT, SANDBOX, |page| {
        open_blank(page);
        for kind in ["queue", "function"] {
            page.session.click(&page.session.wait_for(&format!("[data-testid=palette-{kind}]")));
        }
        press_on(page, &node("queue"), "c");
        press_on(page, &node("function"), ENTER);
        let problem = page.session.wait_for("[data-testid=sandbox-link-queue-function] [data-testid=sandbox-problem-on-canvas]");
        let words = page.session.text(&problem);
        assert!(words.contains("consumers"), "{words}");
        let label = page.session.execute("return document.querySelector('[data-testid=sandbox-link-queue-function]').getAttribute('aria-label')");
        assert!(label.as_str().unwrap_or_default().contains("Problem:"), "{label}");
    });
}

/// Captures what the page downloads (the exported file's text).
const CAPTURE_DOWNLOADS: &str = "window.exported = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob) => { blob.text().then((text) => window.exported.push(text)); return create(blob); };";

fn export(page: &Page, expected: usize) -> String {
    page.session.click(&page.session.wait_for("[data-testid=sandbox-export]"));
    let text = page.session.wait_until(|| page.session.execute_with("return window.exported[arguments[0]] ?? null", json!([expected])).as_str().map(str::to_string));
    text.expect("the export wrote no file")
}

#[test]
fn an_exported_file_imports_as_the_same_scenario_and_a_share_link_restores_the_sandbox() {
    browser_test(ROOT, SANDBOX, |page| {
        page.session.wait_for("[data-testid=sandbox]");
        page.session.execute_with("const s = document.querySelector('[data-testid=sandbox-blueprint]'); s.value = '2'; s.dispatchEvent(new Event('change', { bubbles: true }));", json!([]));
        page.session.wait_for(&node("orders-dlq"));
        page.session.execute(CAPTURE_DOWNLOADS);
        let first = export(page, 0);
        assert!(first.contains("kind = \"queue\""), "{first}");

        page.session.click(&page.session.wait_for("[data-testid=sandbox-blank]"));
        assert_eq!(count(page, "[data-testid^=sandbox-node-]"), 0);
        page.session.execute_with(
            "const input = document.querySelector('[data-testid=sandbox-import]');
             const files = new DataTransfer(); files.items.add(new File([arguments[0]], 'orders.toml'));
             input.files = files.files; input.dispatchEvent(new Event('change', { bubbles: true }));",
            json!([first]),
        );
        page.session.wait_for(&node("orders-dlq"));
        assert_eq!(export(page, 1), first, "the imported file exports unchanged");

        page.session.click(&page.session.wait_for("[data-testid=sandbox-share]"));
        let link = page.session.execute("return document.querySelector('[data-testid=sandbox-share-url]').value").as_str().unwrap_or_default().to_string();
        assert!(link.contains("#sandbox=1."), "{link}");
        // A fresh start: nothing kept in this browser, only the link.
        page.session.execute("localStorage.clear();");
        page.session.navigate("about:blank");
        page.session.navigate(&link);
        page.session.wait_for(&node("orders-dlq"));
        page.session.execute(CAPTURE_DOWNLOADS);
        assert_eq!(export(page, 0), first, "the link restored another architecture");

        let damaged = link.replace("#sandbox=1.", "#sandbox=1.Zm9v");
        page.session.navigate("about:blank");
        page.session.navigate(&damaged);
        let notice = page.session.text(&page.session.wait_for("[data-testid=sandbox-notice]"));
        assert!(notice.contains("could not be opened"), "{notice}");
    });
}

fn stars_after_check(page: &Page) -> String {
    let session = &page.session;
    press_on(page, "[data-testid=challenge-check]", ENTER);
    session.wait_for("[data-testid=challenge-result]");
    session.execute("return document.querySelector('[data-testid=challenge-result]').getAttribute('data-stars')").as_str().unwrap_or_default().to_string()
}

#[test]
fn a_challenge_is_failed_by_its_start_and_passed_by_its_worked_solution() {
    browser_test(ROOT, "lesson/scalable-webhook/", |page| {
        let session = &page.session;
        session.click(&session.wait_for("[data-testid=challenge-link]"));
        session.wait_for("[data-testid=challenge]");
        assert_eq!(stars_after_check(page), "0", "the starting architecture earned a star");
        press_on(page, "[data-testid=challenge-hint]", ENTER);
        session.wait_for(".challenge-hints li");
        assert_eq!(count(page, ".challenge-hints li"), 1);
        press_on(page, "[data-testid=challenge-solution]", ENTER);
        session.wait_for("[data-testid=challenge-explanation]");
        let stars = page.session.wait_until(|| {
            let stars = stars_after_check(page);
            (stars != "0").then_some(stars)
        });
        assert_eq!(stars.as_deref(), Some("3"), "the worked solution did not earn every star");
        // The learner's design and stars are kept for the next visit.
        session.refresh();
        session.wait_for("[data-testid=challenge]");
        let best = session.text(&session.wait_for(".challenge-best"));
        assert!(best.contains("3 of 3"), "{best}");
        challenge_travels_with_the_progress_file(page);
    });
}

/// The challenge's stars and design leave in the exported progress file and come back from
/// it into a browser that has lost them.
fn challenge_travels_with_the_progress_file(page: &Page) {
    let session = &page.session;
    let downloads = std::env::temp_dir().join(format!("lab-sandbox-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    session.devtools("Browser.setDownloadBehavior", json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }));
    let design = session.execute("return localStorage.getItem('lab-challenge-absorb-the-webhook-burst')");
    assert!(design.as_str().is_some_and(|d| d.starts_with("#sandbox=1.")), "the design is kept: {design}");
    page.go("");
    page.live_progress_panel();
    let summary = || session.text(&session.wait_for("[data-testid=challenge-summary]"));
    assert!(summary().contains(" 1 of 8 solved, 3 of 24 stars"), "{}", summary());
    session.click(&session.wait_for("[data-testid=export-progress]"));
    let file = downloads.join("integration-patterns-lab-progress.json");
    let exported: serde_json::Value = session
        .wait_until(|| std::fs::read_to_string(&file).ok().and_then(|text| serde_json::from_str(&text).ok()))
        .expect("the export is downloaded");
    assert_eq!(exported["challenges"]["absorb-the-webhook-burst"]["stars"], json!(3), "{exported}");

    session.execute("localStorage.clear()");
    page.refresh();
    page.live_progress_panel();
    assert!(summary().contains(" 0 of 8 solved, 0 of 24 stars"), "{}", summary());
    session.type_text(&session.wait_for("[data-testid=import-progress]"), &file.display().to_string());
    session.wait_until(|| summary().contains(" 1 of 8 solved, 3 of 24 stars").then_some(())).expect("the import brings the stars back");
    assert_eq!(session.execute("return localStorage.getItem('lab-challenge-absorb-the-webhook-burst')"), design, "the design comes back");
    let _ = std::fs::remove_dir_all(&downloads);
}

