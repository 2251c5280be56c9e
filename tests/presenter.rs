//! Presenter mode in headless Chromium: the lesson's player over the whole window in large
//! type, moved chapter by chapter with a presentation clicker's keys (Page Down / Page Up), the
//! arrow keys, B and . to blank the screen, Escape to leave; the chapter's text as the caption.
//! Every test also fails on any console error (see `browser_test`).

mod support;

use serde_json::{json, Value};
use support::{browser_test, Page, ROOT};

const PAGE_DOWN: &str = "\u{E00F}";
const PAGE_UP: &str = "\u{E00E}";
const ESCAPE: &str = "\u{E00C}";
const RIGHT: &str = "\u{E014}";
const CAPTION: &str = "[data-testid=presenter-caption]";

/// The lesson's chapters' texts, from its scenario file.
fn chapters() -> Vec<String> {
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let scenario = lab_content::load_scenario(&lessons, "api-gateway").expect("a valid scenario").expect("a scenario");
    scenario.sim.chapters.iter().map(|chapter| chapter.text.clone()).collect()
}

fn font_size(page: &Page, css: &str) -> f64 {
    let size = page.session.execute_with("return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize)", json!([css]));
    size.as_f64().unwrap_or_else(|| panic!("no font size for {css}: {size}"))
}

/// The player's own chapter line (hidden while presenting): it names the chapter only on the
/// step a chapter stops at.
fn chapter_at_step(page: &Page) -> Value {
    page.session.execute("return document.querySelector('[data-testid=player] [data-testid=chapter]')?.textContent ?? null")
}

fn presenting(page: &Page) -> bool {
    page.session.execute("return document.documentElement.hasAttribute('data-presenting')") == json!(true)
}

#[test]
fn the_clickers_keys_move_chapter_by_chapter_blank_and_leave() {
    let texts = chapters();
    let total = texts.len();
    assert!(total >= 2, "the lesson has chapters to present");
    browser_test(ROOT, "lesson/api-gateway/", |page| {
        let session = &page.session;
        session.wait_for("[data-testid=player] [data-testid=position]");
        let normal = font_size(page, "[data-testid=player] [data-testid=narration]");
        session.click(&session.wait_for("[data-testid=present]"));
        session.wait_for_text(CAPTION, &format!("Chapter 1 of {total}: {}", texts[0]));
        assert!(presenting(page));
        // The stylesheet arrives after the button is pressed: wait until it applies.
        let large = session.wait_until(|| {
            let size = font_size(page, CAPTION);
            (size >= 2.0 * normal).then_some(size)
        });
        assert!(large.is_some(), "the caption's type is at least twice the normal narration's ({normal} px)");
        let covers = session.execute("const r = document.querySelector('[data-testid=player]').getBoundingClientRect(); return r.top === 0 && r.left === 0 && r.width === innerWidth");
        assert_eq!(covers, json!(true), "the player fills the window");

        session.press_key(PAGE_DOWN);
        session.wait_for_text(CAPTION, &format!("Chapter 2 of {total}: {}", texts[1]));
        assert_eq!(chapter_at_step(page), json!(format!("Chapter: {}", texts[1])), "the step shown is the chapter's own");
        session.press_key(PAGE_UP);
        session.wait_for_text(CAPTION, &format!("Chapter 1 of {total}: {}", texts[0]));
        session.press_key(RIGHT);
        session.wait_for_text(CAPTION, &format!("Chapter 2 of {total}: {}", texts[1]));

        let blank = "[data-testid=presenter-blank]";
        let shown = |css: &str| session.execute_with("return !document.querySelector(arguments[0]).hidden", json!([css])) == json!(true);
        session.press_key("b");
        assert!(shown(blank), "B blanks the screen");
        let covers = session.execute("const r = document.querySelector('[data-testid=presenter-blank]').getBoundingClientRect(); return r.width === innerWidth && r.height === innerHeight && getComputedStyle(document.querySelector('[data-testid=presenter-blank]')).backgroundColor");
        assert_eq!(covers, json!("rgb(0, 0, 0)"), "black over the whole window");
        session.press_key("b");
        assert!(!shown(blank), "B again brings it back");
        session.press_key(".");
        assert!(shown(blank), ". blanks too");
        session.press_key(".");
        assert!(!shown(blank));
        session.wait_for_text(CAPTION, &format!("Chapter 2 of {total}: {}", texts[1]));

        session.press_key("?");
        let help = session.text(&session.wait_for("[data-testid=help-dialog]"));
        assert!(help.contains("Next chapter (while presenting)") && help.contains("Blank the screen"), "{help}");
        session.press_key(ESCAPE);
        assert!(presenting(page), "Escape closes the key list first");
        session.press_key(ESCAPE);
        let left = session.wait_until(|| (!presenting(page)).then_some(()));
        assert!(left.is_some(), "Escape leaves presenter mode");
        assert!(session.find_all(CAPTION).is_empty());
        session.wait_for_text("[data-testid=present]", "Present");
        assert_eq!(font_size(page, "[data-testid=player] [data-testid=narration]"), normal, "the page's own size again");
    });
}

#[test]
fn an_address_opens_a_lesson_presenting_with_its_share_link() {
    let total = chapters().len();
    browser_test(ROOT, "lesson/api-gateway/#present&v=1&seed=7&step=120", |page| {
        let session = &page.session;
        let caption = session.text(&session.wait_for(CAPTION));
        assert!(caption.starts_with("Chapter ") && caption.contains(&format!(" of {total}: ")), "{caption}");
        assert!(presenting(page));
        let position = session.text(&session.wait_for("[data-testid=player] [data-testid=position]"));
        assert!(position.starts_with("Step 121 of"), "the share link's step: {position}");
        assert!(session.find_all("[data-testid=player-notice]").is_empty(), "`present` is not taken for a damaged link");
        session.press_key(ESCAPE);
        let left = session.wait_until(|| (!presenting(page)).then_some(()));
        assert!(left.is_some());
        let hash = session.execute("return location.hash");
        assert_eq!(hash, json!("#v=1&seed=7&step=120"), "leaving keeps the share link and drops `present`");
    });
}
