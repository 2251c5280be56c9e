//! The Share panel's **Embed this simulation**: the `<iframe>` snippet that shows this lesson's
//! simulation alone, in the view on screen, inside another site's page (slides, an LMS). The
//! page it names, `embed/<slug>/`, is painted at build time (xtask/src/pages.rs) and starts
//! this same player with the share link in its fragment; see the README's "Embedding a
//! simulation" for the policy a host must send with it.

use leptos::prelude::*;

use super::share_link::{current, lesson_of, to_hash};
use super::Ctx;
use lab_i18n::player as msg;

/// The embed page of the lesson whose page is at `href` (`https://…/lesson/<slug>/…`), showing
/// the view `share` (a share link's fragment); none on any other page.
pub fn embed_address(href: &str, share: &str) -> Option<String> {
    let page = href.split(['#', '?']).next().unwrap_or(href);
    let (root, slug) = lesson_of(page)?;
    Some(format!("{root}/embed/{slug}/{share}"))
}

/// The HTML to paste: an iframe of `src`, named for screen readers by `title`.
pub fn snippet(src: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"800\" height=\"600\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
        escape(src),
        escape(title)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let code = RwSignal::new(None::<String>);
    let href = window().location().href().unwrap_or_default();
    let make = move |_| {
        let title = ctx.lesson.with_value(|l| msg::EMBED_TITLE.with(&[("title", &l.scenario.description)]));
        code.set(embed_address(&href, &to_hash(&current(ctx))).map(|src| snippet(&src, &title)));
    };
    embed_address(&window().location().href().unwrap_or_default(), "").map(|_| view! {
        <p><button type="button" data-testid="embed" on:click=make>{msg::EMBED.text()}</button></p>
        {move || code.get().map(|code| view! {
            <label class="share-link">
                <span>{msg::EMBED_PASTE.text()}</span>
                <textarea readonly rows="4" prop:value=code data-testid="embed-snippet"></textarea>
            </label>
        })}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lessons_embed_address_keeps_the_site_and_the_view() {
        assert_eq!(
            embed_address("https://example.org/course/lesson/sagas/#v=1&seed=7", "#v=1&seed=2").as_deref(),
            Some("https://example.org/course/embed/sagas/#v=1&seed=2")
        );
        assert_eq!(embed_address("http://127.0.0.1:8080/lesson/sagas/index.html", "").as_deref(), Some("http://127.0.0.1:8080/embed/sagas/"));
        assert_eq!(embed_address("https://example.org/quiz/final/", ""), None);
        assert_eq!(embed_address("https://example.org/lesson/", ""), None);
    }

    #[test]
    fn the_snippet_is_one_well_formed_iframe() {
        let code = snippet("https://x.org/embed/sagas/#v=1&seed=2", "Simulation: \"A\" <b>");
        assert!(code.starts_with("<iframe src=\"https://x.org/embed/sagas/#v=1&amp;seed=2\""), "{code}");
        assert!(code.contains("title=\"Simulation: &quot;A&quot; &lt;b>\""), "{code}");
        assert_eq!(code.matches('"').count() % 2, 0);
    }
}
