//! The message card as a modal dialog: opened by clicking (or pressing Enter on) a message in
//! the diagram or in the event log; Escape or Close shuts it and focus goes back to what
//! opened it (or to the player, if that message has since moved on).

use leptos::html::Dialog;
use leptos::prelude::*;

use lab_i18n::player as msg;

use super::message::{Hop, MessageDetail};
use super::{format_time, Ctx};

/// What the card shows and the element to give focus back to.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub step: usize,
    pub opener: String,
}

/// Opens the card of step `step`'s message; pauses playback so the message stays put.
pub fn open(ctx: Ctx, step: usize, opener: String) {
    ctx.state.update(|s| s.playing = false);
    ctx.card.set(Some(Opened { step, opener }));
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let open = ctx.card.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                crate::browser::show_dialog(&d);
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let detail = move || {
        let step = ctx.card.with(|c| c.as_ref().map(|c| c.step))?;
        let scenario = ctx.scenario.get_untracked();
        ctx.with_current(|c| MessageDetail::of(&c.loaded.run, &scenario, step))
    };
    // The native Escape and the Close button both end here.
    let closed = move |_| {
        let opener = ctx.card.get_untracked().map(|c| c.opener);
        ctx.card.set(None);
        if !opener.is_some_and(|css| crate::browser::focus_selector(&css)) {
            crate::browser::focus_selector(&format!("#{}", ctx.id("player")));
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    view! {
        <dialog class="message-dialog" node_ref=dialog aria-label=msg::MESSAGE.text() data-testid="message-dialog"
            on:close=closed>
            <h2>{msg::MESSAGE.text()}</h2>
            {move || detail().map(card)}
            <button type="button" on:click=close data-testid="message-close">{msg::CLOSE.text()}</button>
        </dialog>
    }
}

fn card(d: MessageDetail) -> impl IntoView {
    let more = (d.more_hops > 0).then(|| view! { <p>{msg::MORE_HOPS.with(&[("n", &d.more_hops)])}</p> });
    view! {
        <dl class="message-fields" data-testid="message-fields">
            <dt>{msg::MESSAGE_ID.text()}</dt><dd data-testid="message-id">{d.id}</dd>
            <dt>{msg::CORRELATION_ID.text()}</dt><dd data-testid="message-correlation">{d.correlation.to_string()}</dd>
            <dt>{msg::OPERATION.text()}</dt><dd>{d.operation}</dd>
            <dt>{msg::PAYLOAD.text()}</dt><dd>{d.summary}</dd>
            <dt>{msg::STATUS.text()}</dt><dd data-testid="message-status">{d.status}</dd>
        </dl>
        <h3>{msg::HISTORY.text()}</h3>
        <div class="table-scroll">
            <table data-testid="message-hops">
                <thead><tr>
                    <th scope="col">{msg::STEP.text()}</th><th scope="col">{msg::HOP.text()}</th><th scope="col">{msg::CARRYING.text()}</th>
                    <th scope="col">{msg::ON_THE_LINK.text()}</th><th scope="col">{msg::WAITING.text()}</th><th scope="col">{msg::WORKING.text()}</th>
                </tr></thead>
                <tbody>{d.hops.into_iter().map(hop_row).collect_view()}</tbody>
            </table>
        </div>
        {more}
    }
}

fn hop_row(h: Hop) -> impl IntoView {
    let hop = if h.dropped { msg::HOP_LOST.with(&[("from", &h.from), ("to", &h.to)]) } else { format!("{} → {}", h.from, h.to) };
    view! {
        <tr>
            <td>{h.arrival_step + 1}</td>
            <td>{hop}</td>
            <td>{h.summary}</td>
            <td>{format_time(h.link)}</td>
            <td>{format_time(h.waiting)}</td>
            <td>{format_time(h.working)}</td>
        </tr>
    }
}
