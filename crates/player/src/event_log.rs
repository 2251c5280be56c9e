//! The event log: the text equivalent of the animation, a table of the steps around the
//! shown one. Clicking a row (or its step button) jumps there.

use lab_sim::{Step, StepKind};
use lab_i18n::player as msg;
use leptos::prelude::*;

use super::icons::{icon, Icon};
use super::message::has_card;
use super::{format_time, message_view, Ctx, Current};

/// Rows shown before the current step, and in all: near either end of the run the window
/// shifts rather than shrinks, so the log keeps its height and the page below it does not
/// jump while the simulation plays.
const BEFORE: usize = 6;
const ROWS: usize = 16;

/// The steps the log shows around `current`, in a run of `len` steps.
fn window(current: usize, len: usize) -> std::ops::Range<usize> {
    let first = current.saturating_sub(BEFORE).min(len.saturating_sub(ROWS));
    first..(first + ROWS).min(len)
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let rows = move || {
        let current = ctx.step.get();
        ctx.with_current(|c| window(current, c.loaded.run.steps.len()).map(|i| row(ctx, c, i, i == current)).collect_view())
    };
    view! {
        <section class="event-log" aria-label=msg::EVENT_LOG.text()>
            <h3>{msg::EVENT_LOG.text()}</h3>
            <div class="table-scroll">
                <table data-testid="event-log">
                    <thead>
                        <tr>
                            <th scope="col">{msg::STEP.text()}</th>
                            <th scope="col">{msg::TIME.text()}</th>
                            <th scope="col">{msg::WHAT.text()}</th>
                            <th scope="col">{msg::FROM.text()}</th>
                            <th scope="col">{msg::TO.text()}</th>
                            <th scope="col">{msg::MESSAGE.text()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn row(ctx: Ctx, c: &Current, i: usize, current: bool) -> impl IntoView {
    let run = &c.loaded.run;
    let Some(step) = run.steps.get(i) else { return ().into_any() };
    let (from, to) = ends(step);
    let name = |n: Option<lab_sim::NodeId>| n.map_or_else(|| "—".to_string(), |n| run.component_name(n).to_string());
    let jump = move || ctx.act(|s, t| { s.playing = false; s.seek(i, t) });
    view! {
        <tr class:current=current aria-current=current.then_some("step") on:click=move |_| jump()>
            <td><button type="button" class="row-jump" aria-label=msg::GO_TO_STEP.with(&[("n", &(i + 1))])>
                {current.then(|| icon(Icon::Next))}{i + 1}
            </button></td>
            <td>{format_time(step.time)}</td>
            <td>{lab_sim::step_words(step.kind)}</td>
            <td>{name(from)}</td>
            <td>{name(to)}</td>
            <td>{message_cell(ctx, run, i)}</td>
        </tr>
    }
    .into_any()
}

/// The message column: a button that opens the message's card when the step names one.
fn message_cell(ctx: Ctx, run: &lab_sim::Run, i: usize) -> AnyView {
    let summary = run.summary(i);
    if !run.steps.get(i).is_some_and(has_card) {
        return summary.into_any();
    }
    let open = move |e: leptos::ev::MouseEvent| {
        e.stop_propagation();
        message_view::open(ctx, i, format!("[data-log-msg='{i}']"));
    };
    view! {
        <button type="button" class="log-message" data-log-msg=i on:click=open
            aria-label=msg::SHOW_MESSAGE.with(&[("what", &summary)])>{summary.clone()}</button>
    }
    .into_any()
}

/// Who sent and who received, for the steps that move a message.
fn ends(step: &Step) -> (Option<lab_sim::NodeId>, Option<lab_sim::NodeId>) {
    match step.kind {
        StepKind::Sent => (Some(step.node), step.peer),
        StepKind::Received | StepKind::Dropped | StepKind::LateReply => (step.peer, Some(step.node)),
        _ => (Some(step.node), step.peer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(lab_sim::step_words(StepKind::ReceivedFromQueue), "received from queue");
        assert_eq!(lab_sim::step_words(StepKind::Sent), "sent");
    }
}
