//! The course in Vietnamese, in headless Chromium: every page has a Vietnamese copy under `vi/`
//! whose interface carries no English from the message files (`messages/en/`), the language
//! switch keeps the page and its share link and is remembered, and a lesson not yet translated
//! says so. Every test also fails on any console error (see `browser_test`).

mod support;

use std::path::Path;

use lab_i18n::Lang;
use serde_json::{json, Value};
use support::{browser_test, Page, ROOT};

/// Every text the interface shows or announces: text nodes outside the lesson's own text (a
/// lesson's words are checked against its English by `lab validate`), course content marked as
/// English (an untranslated lesson's title) and scripts, and the attributes read aloud or shown
/// on hover.
const INTERFACE_TEXTS: &str = r#"
    const skip = el => el.closest('script, style, template, noscript, [lang=en], [data-lesson-text], .preview-diagram text, .diagram text');
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!skip(node.parentElement)) texts.push(node.textContent);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-valuetext]')) {
        if (skip(el)) continue;
        for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext']) {
            if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
        }
    }
    return texts.map(t => t.replace(/\s+/g, ' ').trim()).filter(t => t.length > 0);
"#;

/// What English from the message files looks like on a page: a whole message without
/// placeholders is matched as a whole text (a Vietnamese text may keep a term such as "API
/// gateway" in brackets); the words between a message's placeholders, when they run to two
/// words or more, anywhere in a text.
struct English {
    whole: Vec<String>,
    pieces: Vec<String>,
}

impl English {
    fn of_messages() -> English {
        let messages = Path::new(env!("CARGO_MANIFEST_DIR")).join("messages");
        let pairs = lab_i18n::publish::pairs(&messages, Lang::Vi);
        assert!(pairs.len() > 100, "the message files hold the interface ({} texts)", pairs.len());
        let mut english = English { whole: Vec::new(), pieces: Vec::new() };
        for (text, _) in pairs.into_iter().filter(|(text, translation)| text != translation) {
            if !text.contains('{') {
                english.whole.push(text.trim().to_string());
                continue;
            }
            for piece in text.split(['{', '}']).step_by(2).map(str::trim) {
                if piece.split_whitespace().count() >= 2 && piece.len() >= 10 {
                    english.pieces.push(piece.to_string());
                }
            }
        }
        english
    }

    /// The texts of the page that are English from the message files, with the message found.
    fn left_on(&self, page: &Page) -> Vec<String> {
        let texts = page.session.execute(INTERFACE_TEXTS);
        let texts: Vec<&str> = texts.as_array().map(|texts| texts.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        assert!(texts.len() > 10, "the page shows an interface: {texts:?}");
        texts
            .into_iter()
            .filter_map(|text| {
                let found = self.whole.iter().find(|whole| text == whole.as_str()).or_else(|| self.pieces.iter().find(|piece| text.contains(piece.as_str())));
                found.map(|message| format!("{text:?} (from the English {message:?})"))
            })
            .collect()
    }
}

fn language_of(page: &Page) -> Value {
    page.session.execute("return document.documentElement.lang")
}

fn assert_no_english(page: &Page, english: &English, what: &str) {
    let left = english.left_on(page);
    assert!(left.is_empty(), "{what} still shows English from the message files:\n{}", left.join("\n"));
}

#[test]
fn the_vietnamese_home_lesson_player_and_quiz_show_no_english_interface() {
    let english = English::of_messages();
    browser_test(ROOT, "vi/", |page| {
        assert_eq!(language_of(page), json!("vi"));
        page.live_progress_panel();
        assert_no_english(page, &english, "the home page");

        page.go("vi/lesson/sagas/");
        let session = &page.session;
        session.wait_for("[data-testid=player] [data-testid=position]");
        // A few steps, so the narration and the counters speak, then the end of the run.
        for _ in 0..5 {
            session.click(&session.wait_for("[data-testid=player] [data-testid=next]"));
        }
        assert_no_english(page, &english, "the lesson and its player, a few steps in");
        session.click(&session.wait_for("[data-testid=player] [data-testid=end]"));
        assert_no_english(page, &english, "the lesson and its player at the end of the run");

        page.go("vi/quiz/sagas/");
        let first = session.wait_for("[data-testid=question] input");
        session.click(&first);
        session.click(&session.wait_for("[data-testid=question] [data-testid=check]"));
        session.wait_for("[data-testid=question] [data-testid=result], [data-testid=question] [data-testid=incomplete]");
        assert_eq!(language_of(page), json!("vi"));
        assert_no_english(page, &english, "the checkpoint quiz");
    });
}

#[test]
fn the_switch_keeps_the_page_and_its_share_link_and_is_remembered() {
    browser_test(ROOT, "lesson/sagas/#v=1&seed=3", |page| {
        let session = &page.session;
        assert_eq!(language_of(page), json!("en"));
        session.click(&session.wait_for("[data-testid=language-switch]"));
        let moved = session.wait_until(|| session.current_url().contains("/vi/lesson/sagas/").then_some(()));
        assert!(moved.is_some(), "the switch leads to the same lesson in Vietnamese: {}", session.current_url());
        page.wait_until_ready();
        assert!(session.current_url().ends_with("#v=1&seed=3"), "the share link goes along: {}", session.current_url());
        assert_eq!(language_of(page), json!("vi"));

        page.refresh();
        assert_eq!(language_of(page), json!("vi"), "a reload stays in Vietnamese");

        // A new visit to the course's address opens it in the language last chosen.
        page.go("");
        assert!(session.current_url().ends_with("/vi/"), "the course opens in Vietnamese: {}", session.current_url());
        assert_eq!(language_of(page), json!("vi"));

        session.click(&session.wait_for("[data-testid=language-switch]"));
        let back = session.wait_until(|| (!session.current_url().contains("/vi/")).then_some(()));
        assert!(back.is_some(), "the switch leads back to English");
        page.wait_until_ready();
        page.go("");
        assert_eq!(language_of(page), json!("en"), "and English is remembered in turn");
    });
}

#[test]
fn a_lesson_not_yet_translated_says_so_and_shows_its_english_text() {
    browser_test(ROOT, "vi/lesson/api-gateway/", |page| {
        let session = &page.session;
        let notice = session.wait_for("[data-testid=not-translated]");
        assert!(session.text(&notice).contains("chưa được dịch"), "{}", session.text(&notice));
        let text_language = session.execute("return document.querySelector('[data-lesson-text]').closest('[lang]').lang");
        assert_eq!(text_language, json!("en"), "the English text is marked as English for screen readers");
        assert_eq!(language_of(page), json!("vi"));
    });
}

/// A quiz not yet translated shows its English questions inside the Vietnamese page: their own
/// words are marked English for screen readers, the page's words (Check, the verdicts) are not.
#[test]
fn an_untranslated_quiz_marks_its_english_questions_and_not_the_interface() {
    browser_test(ROOT, "vi/quiz/api-gateway/", |page| {
        let session = &page.session;
        session.wait_for("html[data-shell-ready] [data-testid=question] [data-testid=check]");
        let language_at = |css: &str| session.execute(&format!("const el = document.querySelector('{css}'); return el && el.closest('[lang]').lang"));
        assert_eq!(language_at("[data-testid=question] legend span[lang]"), json!("en"), "the prompt is English");
        assert_eq!(language_at("[data-testid=choice] label span"), json!("en"), "so are the options");
        assert_eq!(language_at("[data-testid=question] .question-number"), json!("vi"), "the question's number is the page's");
        assert_eq!(language_at("[data-testid=check]"), json!("vi"), "and so is its Check button");
        // A question of one answer: any pick is graded (a "choose 3" question would only say it is incomplete).
        let with_options = "[data-testid=question]:has(input[type=radio])";
        session.click(&session.wait_for(&format!("{with_options} [data-testid=choice] label")));
        session.click(&session.wait_for(&format!("{with_options} [data-testid=check]")));
        session.wait_for("[data-testid=result]");
        assert_eq!(language_at("[data-testid=result] p[lang]"), json!("en"), "the explanation is English");
        assert_eq!(language_at("[data-testid=result] strong"), json!("vi"), "the verdict is the page's");
        assert_eq!(session.execute("return document.querySelector('[data-testid=result] strong svg.mark') !== null"), json!(true), "the verdict's mark is drawn, not a glyph");
        page.assert_no_console_errors();
    });
}
