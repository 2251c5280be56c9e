use lab_quiz::Prediction;
use lab_sim::text_action;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Where a lesson's text is shown, relative to the site root: `lesson/<slug>/`.
const LESSON_PAGE_TO_ROOT: &str = "../../";

/// The info string of a fenced block that places one of the lesson's figures (its extra
/// simulations, `figures/<name>.toml`) in the text: the block holds the figure's name.
pub const FIGURE_FENCE: &str = "figure";

/// The info string of a fenced block that asks the learner to predict what a run will show
/// before making it (see [`lab_quiz::Prediction`]); the block holds its TOML.
pub const PREDICT_FENCE: &str = "predict";

/// Renders lesson Markdown to HTML. Raw HTML in the source is escaped rather than passed
/// through, so a lesson file can never inject script into the page. Authors link pages the
/// way the course has always written them (`#/lesson/<slug>`, `#/quiz/<id>`, `#/`); those
/// become the pages' real addresses, relative to the lesson's page, so they work on any host
/// and sub-path, with or without the app. A ```` ```figure ```` block becomes the place where
/// the app mounts that figure's player.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // A block of ours (figure, prediction) being read: its kind and its text so far.
    let mut block: Option<(&'static str, String)> = None;
    let mut in_action = false;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if our_block(&info).is_some() => {
            block = our_block(&info).map(|kind| (kind, String::new()));
            None
        }
        Event::Text(text) if block.is_some() => {
            if let Some((_, body)) = block.as_mut() {
                body.push_str(&text);
            }
            None
        }
        Event::End(TagEnd::CodeBlock) if block.is_some() => {
            let (kind, body) = block.take()?;
            let html = if kind == FIGURE_FENCE { figure_place(body.trim()) } else { prediction_form(&body) };
            Some(Event::Html(html.into()))
        }
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(text_action::SCHEME) => {
            in_action = true;
            Some(Event::Html(action_start(&dest_url[text_action::SCHEME.len()..]).into()))
        }
        Event::End(TagEnd::Link) if in_action => {
            in_action = false;
            Some(Event::Html("</span>".into()))
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

/// The fenced blocks the course gives a meaning of its own.
fn our_block(info: &str) -> Option<&'static str> {
    [FIGURE_FENCE, PREDICT_FENCE].into_iter().find(|kind| *kind == info)
}

/// A prediction, as painted: the question and the learner's answer, which the lesson's player
/// grades once it has made the run (it reads the prediction back from `data-prediction`). One
/// that does not parse paints nothing; `lab validate` reports it at its line.
fn prediction_form(toml_text: &str) -> String {
    let Ok(prediction) = parse_prediction(toml_text) else { return String::new() };
    let Ok(json) = serde_json::to_string(&prediction) else { return String::new() };
    let answer = if prediction.choices.is_empty() {
        format!(
            "<label class=\"prediction-number\"><span>Your prediction</span> <input type=\"number\" name=\"guess\" step=\"any\" required data-testid=\"prediction-guess\"><span class=\"unit\">{}</span></label>",
            escape(prediction.measure.unit().trim())
        )
    } else {
        let bands: String = prediction
            .choices
            .iter()
            .enumerate()
            .map(|(i, band)| format!("<label><input type=\"radio\" name=\"guess\" value=\"{i}\" required> {}</label>", escape(&band.text)))
            .collect();
        format!("<fieldset class=\"prediction-choices\"><legend class=\"visually-hidden\">Your prediction</legend>{bands}</fieldset>")
    };
    format!(
        "<form class=\"prediction\" data-prediction=\"{}\" data-testid=\"prediction\">\
         <p class=\"prediction-prompt\"><strong>Predict, then run.</strong> {}</p>{answer}\
         <button type=\"submit\" class=\"text-action\">{PLAY_MARK}Commit and run</button>\
         <p class=\"prediction-verdict\" role=\"status\" data-testid=\"prediction-verdict\"></p></form>\n",
        escape(&json),
        escape(&prediction.prompt)
    )
}

/// A prediction block's text: TOML in the fields of [`Prediction`].
pub fn parse_prediction(toml_text: &str) -> Result<Prediction, String> {
    toml::from_str(toml_text).map_err(|e| e.message().trim().to_string())
}

/// Every prediction the text asks, with the 1-based line of its block, as written.
pub fn predictions(markdown: &str) -> Vec<(usize, Result<Prediction, String>)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.as_ref() == PREDICT_FENCE => {
                open = Some((markdown[..range.start].matches('\n').count() + 1, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = open.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, body)) = open.take() {
                    found.push((line, parse_prediction(&body)));
                }
            }
            _ => {}
        }
    }
    found
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The play mark of the text's buttons: drawn, not a glyph a font may lack.
const PLAY_MARK: &str = "<svg class=\"icon\" viewBox=\"0 0 10 10\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M2.5 1.5 8.5 5 2.5 8.5z\"/></svg>";

/// The opening of a text action's button (see [`lab_sim::text_action`]): the lesson's player
/// finds it by `data-action` and does what it says when clicked, or on Enter or Space. A span
/// with the button role rather than a `<button>`, which cannot wrap across lines of prose.
fn action_start(action: &str) -> String {
    format!("<span role=\"button\" tabindex=\"0\" class=\"text-action\" data-action=\"{}\" data-testid=\"text-action\">{PLAY_MARK}", escape(action))
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
        assert!(html.contains("<span role=\"button\" tabindex=\"0\" class=\"text-action\" data-action=\"p=email-time:600&amp;play\""), "{html}");
        assert!(html.contains("slow the email to <strong>600 ms</strong></span>."), "{html}");
        assert!(!html.contains("<a "), "{html}");
    }

    #[test]
    fn a_prediction_block_becomes_a_form_the_player_can_read_back() {
        let text = "Intro.\n\n```predict\nprompt = \"How many <b>?\"\nmeasure = \"throttled\"\nrun = \"p=rate:20&play\"\nexplanation = \"Because.\"\n\n[[choices]]\ntext = \"None\"\nbelow = 1\n\n[[choices]]\ntext = \"Some\"\n```\n";
        let html = render_markdown(text);
        assert!(html.contains("<form class=\"prediction\" data-prediction=\"{&quot;prompt&quot;:&quot;How many &lt;b&gt;?&quot;"), "{html}");
        assert!(html.contains("How many &lt;b&gt;?</p>") && !html.contains("<b>"), "{html}");
        assert_eq!(html.matches("type=\"radio\"").count(), 2, "{html}");
        let found = predictions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3, "the line of the block");
        assert_eq!(found[0].1.as_ref().unwrap().choices.len(), 2);
        let broken = predictions("```predict\nprompt = 3\n```\n");
        assert!(broken[0].1.is_err());
        assert_eq!(render_markdown("```predict\nprompt = 3\n```\n").trim(), "", "nothing painted for a broken one");
    }

    #[test]
    fn escapes_raw_html() {
        let html = render_markdown("<script>alert(1)</script>\n\nText <b>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
