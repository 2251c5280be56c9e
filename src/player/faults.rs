//! Faults injected by the learner from the shown step on: the run forks there. Choose a
//! component by clicking it in the diagram (or pressing Enter on it) or in the list.

use lab_sim::Fault;
use leptos::prelude::*;

use super::model::Injected;
use super::Ctx;

pub fn view(ctx: Ctx) -> impl IntoView {
    let names = move || ctx.with_current(|c| c.loaded.run.component_names().to_vec());
    let selected_name = move || names().get(ctx.selected.get()).cloned().unwrap_or_default();
    let inject = move |make: fn(String) -> Fault| {
        let fault = make(selected_name());
        let step = ctx.step.get_untracked();
        // A fault rewrites the future: faults injected later in the old timeline go with it.
        let before = ctx.faults.get_untracked();
        ctx.faults.update(|f| {
            f.retain(|x| x.step <= step);
            f.push(Injected { step, fault });
        });
        if let Err(problem) = ctx.rerun() {
            ctx.faults.set(before);
            ctx.notice.set(Some(format!("That fault could not be applied: {problem}")));
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
        <section class="faults" aria-labelledby="faults-title">
            <h3 id="faults-title">"Faults"</h3>
            <p>"Break something from the current step on; the run forks there."</p>
            <label>
                <span>"Component"</span>
                <select data-testid="fault-target" on:change=move |e| {
                    ctx.selected.set(event_target_value(&e).parse().unwrap_or(0));
                }>
                    {move || names().into_iter().enumerate().map(|(i, name)| view! {
                        <option value=i.to_string() selected=move || ctx.selected.get() == i>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="fault-buttons">
                <button type="button" data-testid="fault-crash" on:click=move |_| inject(|target| Fault::Crash { target })>"Crash"</button>
                <button type="button" data-testid="fault-restart" on:click=move |_| inject(|target| Fault::Restart { target })>"Restart"</button>
                <button type="button" data-testid="fault-slow" on:click=move |_| inject(|target| Fault::Slow { target, factor: 10.0 })>"Slow down ×10"</button>
                <button type="button" data-testid="fault-errors" on:click=move |_| inject(|target| Fault::ErrorRate { target, rate: 0.5 })>"50% errors"</button>
            </div>
            <ul class="fault-list" data-testid="fault-list">
                {move || ctx.faults.get().into_iter().map(|f| view! { <li>{describe(&f)}</li> }).collect_view()}
            </ul>
            <button type="button" data-testid="original-run" disabled=move || !forked() on:click=original>"Back to the original run"</button>
        </section>
    }
}

fn describe(f: &Injected) -> String {
    let what = match &f.fault {
        Fault::Crash { target } => format!("{target} crashed"),
        Fault::Restart { target } => format!("{target} restarted"),
        Fault::Slow { target, factor } => format!("{target} slowed ×{factor}"),
        Fault::ErrorRate { target, rate } => format!("{target} fails {:.0}% of the time", rate * 100.0),
        Fault::Cut { from, to } => format!("link {from} → {to} cut"),
        Fault::Repair { from, to } => format!("link {from} → {to} repaired"),
    };
    format!("From step {}: {what}", f.step + 1)
}
