use pulldown_cmark::{html, Options, Parser};

/// Renders lesson Markdown to HTML. Raw HTML in the source is escaped rather than passed
/// through, so a lesson file can never inject script into the page.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        pulldown_cmark::Event::Html(raw) | pulldown_cmark::Event::InlineHtml(raw) => {
            pulldown_cmark::Event::Text(raw)
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
    fn escapes_raw_html() {
        let html = render_markdown("<script>alert(1)</script>\n\nText <b>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
