//! Faults injected by the learner from the shown step on: the run forks there. Choose a
//! component by clicking it in the diagram (or pressing Enter on it) or in the list.

use lab_sim::Fault;
use lab_i18n::player as msg;
use leptos::prelude::*;

use super::icons::{icon, Icon};
use super::model::Injected;
use super::layout::Layout;
use super::{Ctx, Current};

pub fn view(ctx: Ctx) -> impl IntoView {
    let names = move || ctx.with_current(|c| c.loaded.run.component_names().to_vec());
    let selected_name = move || names().get(ctx.selected.get()).cloned().unwrap_or_default();
    let links = move || ctx.with_current(link_names);
    let selected_link = move || links().get(ctx.selected_link.get()).cloned().unwrap_or_default();
    let inject = move |fault: Fault| {
        let step = ctx.step.get_untracked();
        // A fault rewrites the future: faults injected later in the old timeline go with it.
        let before = ctx.faults.get_untracked();
        ctx.faults.update(|f| {
            f.retain(|x| x.step <= step);
            f.push(Injected { step, fault });
        });
        if let Err(problem) = ctx.rerun() {
            ctx.faults.set(before);
            ctx.notice.set(Some(msg::FAULT_REFUSED.with(&[("problem", &problem)])));
        }
    };
    let original = move |_| {
        ctx.faults.set(Vec::new());
        if let Err(problem) = ctx.rerun() {
            ctx.notice.set(Some(problem));
        }
    };
    let forked = move || ctx.faults.with(|f| !f.is_empty());
    view! {
        <section class="faults" aria-label=msg::FAULTS.text()>
            <h3>{msg::FAULTS.text()}</h3>
            <p>{msg::FAULTS_INTRO.text()}</p>
            <label>
                <span>{msg::COMPONENT.text()}</span>
                <select data-testid="fault-target" on:change=move |e| {
                    ctx.selected.set(event_target_value(&e).parse().unwrap_or(0));
                }>
                    {move || names().into_iter().enumerate().map(|(i, name)| view! {
                        <option value=i.to_string() selected=move || ctx.selected.get() == i>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="fault-buttons">
                <button type="button" data-testid="fault-crash" on:click=move |_| inject(Fault::Crash { target: selected_name() })>{msg::CRASH.text()}</button>
                <button type="button" data-testid="fault-restart" on:click=move |_| inject(Fault::Restart { target: selected_name() })>{msg::RESTART.text()}</button>
                <button type="button" data-testid="fault-slow" on:click=move |_| inject(Fault::Slow { target: selected_name(), factor: 10.0 })>{msg::SLOW_DOWN.text()}</button>
                <button type="button" data-testid="fault-errors" on:click=move |_| inject(Fault::ErrorRate { target: selected_name(), rate: 0.5 })>{msg::HALF_ERRORS.text()}</button>
            </div>
            <label>
                <span>{msg::LINK.text()}</span>
                <select data-testid="fault-link" on:change=move |e| {
                    ctx.selected_link.set(event_target_value(&e).parse().unwrap_or(0));
                }>
                    {move || links().into_iter().enumerate().map(|(i, (from, to))| view! {
                        <option value=i.to_string() selected=move || ctx.selected_link.get() == i>{format!("{from} → {to}")}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="fault-buttons">
                <button type="button" data-testid="fault-cut" on:click=move |_| {
                    let (from, to) = selected_link();
                    inject(Fault::Cut { from, to });
                }>{icon(Icon::Cut)}{format!(" {}", msg::CUT_LINK.text())}</button>
                <button type="button" data-testid="fault-repair" on:click=move |_| {
                    let (from, to) = selected_link();
                    inject(Fault::Repair { from, to });
                }>{msg::REPAIR_LINK.text()}</button>
            </div>
            <ul class="fault-list" data-testid="fault-list">
                {move || ctx.faults.get().into_iter().map(|f| view! { <li>{describe(&f)}</li> }).collect_view()}
            </ul>
            <button type="button" data-testid="original-run" disabled=move || !forked() on:click=original>{msg::ORIGINAL_RUN.text()}</button>
        </section>
    }
}

/// Each link's two ends by name, in the scenario's link order (the index the diagram uses).
fn link_names(c: &Current) -> Vec<(String, String)> {
    let run = &c.loaded.run;
    let mut links = Layout::links(run);
    links.sort_by_key(|&(_, _, link)| link);
    let name = |n: usize| run.component_names().get(n).cloned().unwrap_or_default();
    links.into_iter().map(|(a, b, _)| (name(a), name(b))).collect()
}

fn describe(f: &Injected) -> String {
    let what = match &f.fault {
        Fault::Crash { target } => msg::FAULT_CRASH.with(&[("target", target)]),
        Fault::Restart { target } => msg::FAULT_RESTART.with(&[("target", target)]),
        Fault::Slow { target, factor } => msg::FAULT_SLOW.with(&[("target", target), ("factor", &super::number(*factor))]),
        Fault::ErrorRate { target, rate } => msg::FAULT_ERRORS.with(&[("target", target), ("percent", &lab_i18n::decimal(rate * 100.0, 0))]),
        Fault::Cut { from, to } => msg::FAULT_CUT.with(&[("from", from), ("to", to)]),
        Fault::Repair { from, to } => msg::FAULT_REPAIR.with(&[("from", from), ("to", to)]),
    };
    msg::FAULT_FROM_STEP.with(&[("n", &(f.step + 1)), ("what", &what)])
}
