//! The lesson text's actions (see [`lab_sim::text_action`]): buttons in the prose, painted at
//! build time, that set parameters, seed or faults, jump, play or open Compare on the lesson's
//! player. The shell may draw the text again at any time, so the player listens on the window
//! for clicks on any `[data-action]` rather than holding the buttons; the page's root element
//! says when it listens (`data-player-ready`), which the stylesheet shows on the buttons.
//!
//! Predictions (see [`lab_quiz::Prediction`]) are forms in the text: committing one makes its
//! run with its action, and the verdict, read off that run, appears under the question.

use lab_quiz::{Guess, Prediction};
use lab_sim::text_action::{Jump, TextAction};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use lab_i18n::player as msg;

use super::Ctx;

/// The attribute on `<html>` while a lesson's player answers text actions.
const READY: &str = "data-player-ready";

pub fn listen(ctx: Ctx) {
    let handle = window_event_listener(leptos::ev::click, move |e| {
        if let Some(text) = action_of(e.target()) {
            e.prevent_default();
            act(ctx, &text);
        }
    });
    // The actions are spans with the button role, so Enter and Space are theirs to handle.
    let pressed = window_event_listener(leptos::ev::keydown, move |e| {
        if !matches!(e.key().as_str(), "Enter" | " ") {
            return;
        }
        if let Some(text) = action_of(e.target()) {
            e.prevent_default();
            act(ctx, &text);
        }
    });
    let submitted = window_event_listener(leptos::ev::submit, move |e| {
        let form = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        let Some(form) = form.filter(|form| form.has_attribute("data-prediction")) else { return };
        e.prevent_default();
        let verdict = predict(ctx, &form).unwrap_or_else(|problem| msg::PREDICTION_FAILED.with(&[("problem", &problem)]));
        if let Ok(Some(out)) = form.query_selector("[data-testid=prediction-verdict]") {
            out.set_text_content(Some(&verdict));
        }
    });
    let root = document().document_element();
    if let Some(root) = &root {
        let _ = root.set_attribute(READY, "");
    }
    on_cleanup(move || {
        handle.remove();
        pressed.remove();
        submitted.remove();
        if let Some(root) = root {
            let _ = root.remove_attribute(READY);
        }
    });
}

/// The action of the text's button that `target` is in, if it is in one.
fn action_of(target: Option<web_sys::EventTarget>) -> Option<String> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    element.closest("[data-action]").ok()??.get_attribute("data-action")
}

fn act(ctx: Ctx, text: &str) {
    if let Err(problem) = perform(ctx, text) {
        ctx.notice.set(Some(msg::TEXT_ACTION_FAILED.with(&[("problem", &problem)])));
    }
}

/// Does what the action says, in order: the run it asks for, where to stand, play, Compare.
pub fn perform(ctx: Ctx, text: &str) -> Result<(), String> {
    let action = ctx
        .lesson
        .with_value(|lesson| TextAction::parse(text, lesson))?;
    ctx.notice.set(None);
    if action.changes_run() {
        change_run(ctx, &action)?;
    }
    if let Some(jump) = &action.jump {
        let step = step_of(ctx, jump)?;
        ctx.act(|s, times| {
            s.playing = false;
            s.seek(step, times);
        });
    }
    if action.play {
        ctx.state.update(|s| s.playing = s.len > 0);
    }
    if let Some(with) = action.compare {
        ctx.compare.set(Some(with));
    }
    Ok(())
}

/// Makes and plays the prediction's run, then grades the learner's guess against it.
fn predict(ctx: Ctx, form: &web_sys::HtmlFormElement) -> Result<String, String> {
    let json = form.get_attribute("data-prediction").unwrap_or_default();
    let prediction: Prediction = serde_json::from_str(&json).map_err(|_| msg::PREDICTION_UNREADABLE.text())?;
    let guess = guess_in(form, &prediction).ok_or_else(|| msg::PREDICTION_MISSING.text())?;
    perform(ctx, &prediction.run)?;
    let verdict = ctx.with_current(|c| prediction.grade(guess, &c.loaded.run.metrics));
    let _ = form.set_attribute("data-right", &verdict.right.to_string());
    Ok(verdict.text)
}

/// The learner's answer in the form: the number typed, or the band chosen.
fn guess_in(form: &web_sys::HtmlFormElement, prediction: &Prediction) -> Option<Guess> {
    if prediction.choices.is_empty() {
        let input = form.query_selector("input[name=guess]").ok()??.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        let value: f64 = input.value().trim().parse().ok()?;
        value.is_finite().then_some(Guess::Number(value))
    } else {
        let input = form.query_selector("input[name=guess]:checked").ok()??.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        input.value().parse().ok().map(Guess::Choice)
    }
}

/// Sets the action's scenario, seed and faults and shows the new run from its first step; if
/// it cannot run, everything stays as it was.
fn change_run(ctx: Ctx, action: &TextAction) -> Result<(), String> {
    let before = (
        ctx.scenario.get_untracked(),
        ctx.seed.get_untracked(),
        ctx.faults.get_untracked(),
    );
    let scenario = ctx
        .lesson
        .with_value(|lesson| action.scenario_from(&before.0, lesson));
    let seed = action
        .seed
        .unwrap_or(if action.reset { 1 } else { before.1 });
    let faults = action.faults.clone().unwrap_or_else(|| {
        if action.reset {
            Vec::new()
        } else {
            before.2.clone()
        }
    });
    ctx.scenario.set(scenario);
    ctx.seed.set(seed);
    ctx.faults.set(faults);
    if let Err(problem) = ctx.rerun() {
        ctx.scenario.set(before.0);
        ctx.seed.set(before.1);
        ctx.faults.set(before.2);
        return Err(problem);
    }
    ctx.act(|s, times| {
        s.playing = false;
        s.seek(0, times);
    });
    Ok(())
}

/// The step a jump leads to in the shown run.
fn step_of(ctx: Ctx, jump: &Jump) -> Result<usize, String> {
    match jump {
        Jump::Step(step) => Ok(*step),
        Jump::Chapter(i) => {
            let step = ctx.with_current(|c| {
                ctx.lesson.with_value(|l| {
                    l.chapters
                        .get(*i)
                        .and_then(|chapter| chapter.step_in(&c.loaded.run))
                })
            });
            step.ok_or_else(|| msg::CHAPTER_UNREACHED.with(&[("n", &(i + 1))]))
        }
    }
}
