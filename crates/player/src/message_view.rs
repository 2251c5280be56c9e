//! The message card as a modal dialog: opened by clicking (or pressing Enter on) a message in
//! the diagram or in the event log; Escape or Close shuts it and focus goes back to what
//! opened it (or to the player, if that message has since moved on).

use leptos::html::Dialog;
use leptos::prelude::*;

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
        <dialog class="message-dialog" node_ref=dialog aria-label="Message" data-testid="message-dialog"
            on:close=closed>
            <h2>"Message"</h2>
            {move || detail().map(card)}
            <button type="button" on:click=close data-testid="message-close">"Close"</button>
        </dialog>
    }
}

fn card(d: MessageDetail) -> impl IntoView {
    let more = (d.more_hops > 0).then(|| view! { <p>{format!("… and {} more hops.", d.more_hops)}</p> });
    view! {
        <dl class="message-fields" data-testid="message-fields">
            <dt>"Id"</dt><dd data-testid="message-id">{d.id}</dd>
            <dt>"Correlation id"</dt><dd data-testid="message-correlation">{d.correlation.to_string()}</dd>
            <dt>"Operation"</dt><dd>{d.operation}</dd>
            <dt>"Payload"</dt><dd>{d.summary}</dd>
            <dt>"Status"</dt><dd data-testid="message-status">{d.status}</dd>
        </dl>
        <h3>"History of its request"</h3>
        <div class="table-scroll">
            <table data-testid="message-hops">
                <thead><tr>
                    <th scope="col">"Step"</th><th scope="col">"Hop"</th><th scope="col">"Carrying"</th>
                    <th scope="col">"On the link"</th><th scope="col">"Waiting"</th><th scope="col">"Working"</th>
                </tr></thead>
                <tbody>{d.hops.into_iter().map(hop_row).collect_view()}</tbody>
            </table>
        </div>
        {more}
    }
}

fn hop_row(h: Hop) -> impl IntoView {
    let lost = if h.dropped { " (lost)" } else { "" };
    view! {
        <tr>
            <td>{h.arrival_step + 1}</td>
            <td>{format!("{} → {}{lost}", h.from, h.to)}</td>
            <td>{h.summary}</td>
            <td>{format_time(h.link)}</td>
            <td>{format_time(h.waiting)}</td>
            <td>{format_time(h.working)}</td>
        </tr>
    }
}
