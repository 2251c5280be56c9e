use lab_sim::text_action;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Where a lesson's text is shown, relative to the site root: `lesson/<slug>/`.
const LESSON_PAGE_TO_ROOT: &str = "../../";

/// The info string of a fenced block that places one of the lesson's figures (its extra
/// simulations, `figures/<name>.toml`) in the text: the block holds the figure's name.
pub const FIGURE_FENCE: &str = "figure";

/// Renders lesson Markdown to HTML. Raw HTML in the source is escaped rather than passed
/// through, so a lesson file can never inject script into the page. Authors link pages the
/// way the course has always written them (`#/lesson/<slug>`, `#/quiz/<id>`, `#/`); those
/// become the pages' real addresses, relative to the lesson's page, so they work on any host
/// and sub-path, with or without the app. A ```` ```figure ```` block becomes the place where
/// the app mounts that figure's player.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut in_figure = false;
    let mut in_action = false;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.as_ref() == FIGURE_FENCE => {
            in_figure = true;
            None
        }
        Event::Text(name) if in_figure => Some(Event::Html(figure_place(name.trim()).into())),
        Event::End(TagEnd::CodeBlock) if in_figure => {
            in_figure = false;
            None
        }
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(text_action::SCHEME) => {
            in_action = true;
            Some(Event::Html(action_start(&dest_url[text_action::SCHEME.len()..]).into()))
        }
        Event::End(TagEnd::Link) if in_action => {
            in_action = false;
            Some(Event::Html("</button>".into()))
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = page_address(&dest_url).map_or(dest_url, CowStr::from);
            Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The opening of a text action's button (see [`lab_sim::text_action`]): the lesson's player
/// finds it by `data-action` and does what it says when clicked. The play mark is drawn, not
/// a glyph a font may lack.
fn action_start(action: &str) -> String {
    let escaped = action.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<button type=\"button\" class=\"text-action\" data-action=\"{escaped}\" data-testid=\"text-action\">\
         <svg class=\"icon\" viewBox=\"0 0 10 10\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M2.5 1.5 8.5 5 2.5 8.5z\"/></svg>"
    )
}

/// The place of a figure, as painted: a note until the player module mounts the figure in it.
/// Only a valid figure name is written into the attribute (`lab validate` reports others).
fn figure_place(name: &str) -> String {
    let name = if crate::lesson::is_valid_slug(name) { name } else { "" };
    format!(
        "<figure class=\"figure-place\" data-figure=\"{name}\" data-testid=\"figure-place\"><p class=\"figure-waiting\">A live simulation goes here; it starts as you scroll to it.</p></figure>\n"
    )
}

/// Every figure the text places, with its 1-based line, in order.
pub fn placed_figures(markdown: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut in_figure = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.as_ref() == FIGURE_FENCE => {
                in_figure = Some(markdown[..range.start].matches('\n').count() + 1);
            }
            Event::Text(name) => {
                if let Some(line) = in_figure.take() {
                    found.push((name.trim().to_string(), line));
                }
            }
            Event::End(TagEnd::CodeBlock) => in_figure = None,
            _ => {}
        }
    }
    found
}

/// The page address of a course link (`#/lesson/x` is `../../lesson/x/`, and a share link's
/// `#/lesson/x?v=1&...` is `../../lesson/x/#v=1&...`), or None for any other link, which
/// stays as written.
fn page_address(link: &str) -> Option<String> {
    let rest = link.strip_prefix("#/")?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.trim_end_matches('/');
    let page = if path.is_empty() { LESSON_PAGE_TO_ROOT.to_string() } else { format!("{LESSON_PAGE_TO_ROOT}{path}/") };
    Some(if query.is_empty() { page } else { format!("{page}#{query}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_and_tables() {
        let html = render_markdown("## Why\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h2>Why</h2>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn course_links_become_page_addresses() {
        let html = render_markdown("[a](#/lesson/sagas) [b](#/quiz/pre-assessment) [c](#/) [d](https://aws.amazon.com/sqs/) [e](#/lesson/sagas?v=1&step=4)");
        for expected in ["href=\"../../lesson/sagas/#v=1&amp;step=4\"", "href=\"../../lesson/sagas/\"", "href=\"../../quiz/pre-assessment/\"", "href=\"../../\"", "href=\"https://aws.amazon.com/sqs/\""] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn a_figure_block_becomes_its_place_and_is_listed_with_its_line() {
        let markdown = "Intro.\n\n```figure\noutbox\n```\n\n```rust\nlet x = 1;\n```\n\n```figure\nBad Name\n```\n";
        let html = render_markdown(markdown);
        assert!(html.contains("<figure class=\"figure-place\" data-figure=\"outbox\""), "{html}");
        assert!(html.contains("data-figure=\"\""), "an invalid name is not written: {html}");
        assert!(html.contains("<code class=\"language-rust\">"), "other code blocks stay: {html}");
        assert_eq!(placed_figures(markdown), [("outbox".to_string(), 3), ("Bad Name".to_string(), 11)]);
    }

    #[test]
    fn an_action_link_becomes_a_button_carrying_the_action() {
        let html = render_markdown("Now [slow the email to **600 ms**](act:p=email-time:600&play).");
        assert!(html.contains("<button type=\"button\" class=\"text-action\" data-action=\"p=email-time:600&amp;play\""), "{html}");
        assert!(html.contains("slow the email to <strong>600 ms</strong></button>."), "{html}");
        assert!(!html.contains("<a "), "{html}");
    }

    #[test]
    fn escapes_raw_html() {
        let html = render_markdown("<script>alert(1)</script>\n\nText <b>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
