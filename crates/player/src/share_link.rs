//! Share links: the view (parameters, seed, step, injected faults) in the lesson page's URL
//! fragment with a version, e.g. `lesson/api-gateway/#v=1&seed=7&step=120&p=rate:80&f=40:crash:payments`.
//! Links made before lessons had pages of their own (`#/lesson/api-gateway?v=1&...`) are sent
//! to the new address by the home page and read the same way.
//!
//! A link from a person is untrusted: every part is checked against the lesson's scenario, and
//! anything wrong yields a message, never a panic. It is also capped: each fault re-runs the
//! simulation from its step, so a link may carry at most [`MAX_FAULTS`] of them and at most
//! [`MAX_LINK_LENGTH`] characters; a longer one is refused with a message, before any run.

use leptos::prelude::*;

pub use lab_sim::share_link::*;

use super::{browser, Ctx};
use lab_i18n::player as msg;

/// The current view as a share state: only parameters that differ from the lesson's.
pub(crate) fn current(ctx: Ctx) -> ShareState {
    let base = ctx.lesson.with_value(|l| l.scenario.clone());
    let scenario = ctx.scenario.get_untracked();
    let params = base
        .parameters
        .iter()
        .filter_map(|p| {
            let now = scenario.parameter_value(&p.target).ok()?;
            (base.parameter_value(&p.target).ok() != Some(now)).then(|| (p.name.clone(), now))
        })
        .collect();
    ShareState {
        seed: ctx.seed.get_untracked(),
        step: ctx.step.get_untracked(),
        params,
        faults: ctx.faults.get_untracked(),
    }
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let share = move |_| {
        let hash = to_hash(&current(ctx));
        browser::replace_hash(&hash);
        let href = window().location().href().unwrap_or(hash);
        link.set(Some(href));
    };
    view! {
        <section class="share" aria-label=msg::SHARE.text()>
            <h3>{msg::SHARE.text()}</h3>
            <p>{msg::SHARE_INTRO.text()}</p>
            <button type="button" on:click=share data-testid="share">{msg::MAKE_LINK.text()}</button>
            {move || link.get().map(|href| view! {
                <label class="share-link">
                    <span>{msg::LINK_COPY.text()}</span>
                    <input type="text" readonly prop:value=href data-testid="share-link" />
                </label>
            })}
            {sandbox_address(&window().location().pathname().unwrap_or_default(), "").map(|href| view! {
                <p><a href=href data-testid="open-in-sandbox" on:click=move |e| take_this_view(ctx, &e)>
                    {msg::OPEN_IN_SANDBOX.text()}
                </a>{format!(" {}", msg::OPEN_IN_SANDBOX_WHY.text())}</p>
            })}
            {super::embed::view(ctx)}
        </section>
    }
}

/// The sandbox page opened on the lesson whose page is at `path` (`…/lesson/<slug>/`), with the
/// view `share` (a share link's fragment); none on any other page.
fn sandbox_address(path: &str, share: &str) -> Option<String> {
    let (root, slug) = lesson_of(path)?;
    let share = share.trim_start_matches('#');
    let share = if share.is_empty() { String::new() } else { format!("&{share}") };
    Some(format!("{root}/sandbox/#lesson={slug}{share}"))
}

/// The site's root and the lesson's folder name of a lesson page's address (`…/lesson/<slug>/`).
pub(crate) fn lesson_of(path: &str) -> Option<(&str, &str)> {
    let (root, rest) = path.rsplit_once("/lesson/")?;
    let slug = rest.trim_end_matches('/').trim_end_matches("index.html").trim_end_matches('/');
    (!slug.is_empty() && !slug.contains('/')).then_some((root, slug))
}

/// The link takes the learner's parameters along.
fn take_this_view(ctx: Ctx, e: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let path = window().location().pathname().unwrap_or_default();
    let link = e.current_target().and_then(|target| target.dyn_into::<web_sys::Element>().ok());
    if let (Some(link), Some(href)) = (link, sandbox_address(&path, &to_hash(&current(ctx)))) {
        let _ = link.set_attribute("href", &href);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lessons_sandbox_address_keeps_the_root_and_the_view() {
        assert_eq!(super::sandbox_address("/course/lesson/sagas/", "#v=1&seed=2").as_deref(), Some("/course/sandbox/#lesson=sagas&v=1&seed=2"));
        assert_eq!(super::sandbox_address("/lesson/sagas/index.html", "").as_deref(), Some("/sandbox/#lesson=sagas"));
        assert_eq!(super::sandbox_address("/quiz/final/", ""), None);
    }

    use super::*;
    use lab_sim::{Fault, Scenario};
    fn base() -> Scenario {
        crate::test_lessons::lesson_sim("api-gateway").scenario
    }

    #[test]
    fn a_link_round_trips() {
        let state = ShareState {
            seed: 7,
            step: 120,
            params: vec![("rate".into(), 80.0)],
            faults: vec![
                Injected { step: 40, fault: Fault::Crash { target: "payments".into() } },
                Injected { step: 90, fault: Fault::Slow { target: "ledger".into(), factor: 5.0 } },
            ],
        };
        let hash = to_hash(&state);
        assert_eq!(from_hash(&hash, &base()), Ok(state.clone()));
        let old = hash.replacen('#', "#/lesson/api-gateway?", 1);
        assert_eq!(from_hash(&old, &base()), Ok(state), "links made before lessons had pages still read");
    }

    #[test]
    fn no_query_is_the_default_view() {
        for hash in ["", "#", "#/lesson/api-gateway"] {
            assert_eq!(from_hash(hash, &base()), Ok(ShareState::default()), "{hash:?}");
        }
    }

    #[test]
    fn hostile_links_are_refused_before_any_run() {
        let faults: Vec<String> = (0..3000).map(|i| format!("{i}:crash:payments")).collect();
        let problem = from_hash(&format!("#v=1&f={}", faults.join(",")), &base()).unwrap_err();
        assert!(problem.contains("at most 4096"), "{problem}");
        let faults: Vec<String> = (0..MAX_FAULTS + 1).map(|i| format!("{i}:crash:api")).collect();
        let problem = from_hash(&format!("#v=1&f={}", faults.join(",")), &base()).unwrap_err();
        assert!(problem.contains(&format!("at most {MAX_FAULTS}")), "{problem}");
    }

    proptest::proptest! {
        #[test]
        fn any_fragment_parses_or_says_why(hash in ".{0,300}") {
            let _ = from_hash(&hash, &base());
        }

        #[test]
        fn any_fragment_of_known_parts_parses_or_says_why(
            parts in proptest::collection::vec("(v|seed|step|p|f)=[-a-z0-9:.,]{0,30}", 0..8)
        ) {
            let _ = from_hash(&format!("#{}", parts.join("&")), &base());
        }
    }

    #[test]
    fn bad_links_say_why() {
        for (hash, why) in [
            ("#v=9&step=1", "version 9"),
            ("#step=1", "no version"),
            ("#v=1&step=-3", "step `-3`"),
            ("#v=1&p=rate:100000", "between"),
            ("#v=1&p=nope:1", "no parameter `nope`"),
            ("#v=1&p=rate:NaN", "between"),
            ("#v=1&f=3:explode:api", "not understood"),
            ("#v=1&zzz=1", "unknown part"),
            ("#v=1&seed", "no value"),
        ] {
            let problem = from_hash(hash, &base()).unwrap_err();
            assert!(problem.contains(why), "{hash}: {problem}");
        }
    }
}
