use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Where a lesson's text is shown, relative to the site root: `lesson/<slug>/`.
const LESSON_PAGE_TO_ROOT: &str = "../../";

/// Renders lesson Markdown to HTML. Raw HTML in the source is escaped rather than passed
/// through, so a lesson file can never inject script into the page. Authors link pages the
/// way the course has always written them (`#/lesson/<slug>`, `#/quiz/<id>`, `#/`); those
/// become the pages' real addresses, relative to the lesson's page, so they work on any host
/// and sub-path, with or without the app.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = page_address(&dest_url).map_or(dest_url, CowStr::from);
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
    fn escapes_raw_html() {
        let html = render_markdown("<script>alert(1)</script>\n\nText <b>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
