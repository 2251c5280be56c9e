//! Live counters, as a service dashboard shows them, measured up to the shown step; the
//! whole run's figure follows each one.

use leptos::prelude::*;

use super::counters::Counters;
use super::Ctx;

pub fn view(ctx: Ctx) -> impl IntoView {
    let now = Memo::new(move |_| {
        let i = ctx.step.get();
        ctx.with_current(|c| c.counters.at(&c.loaded.run, i))
    });
    let end = Memo::new(move |_| {
        ctx.with_current(|c| c.counters.at(&c.loaded.run, c.loaded.run.steps.len().saturating_sub(1)))
    });
    let item = move |label: &'static str, id: &'static str, get: fn(&Counters) -> String| {
        view! {
            <div class="counter">
                <dt>{label}</dt>
                <dd data-testid=format!("metric-{id}")>{move || now.with(get)}</dd>
                <dd class="counter-total">{move || format!("run total {}", end.with(get))}</dd>
            </div>
        }
    };
    let errors = move || {
        now.with(|c| {
            c.errors
                .iter()
                .map(|(kind, n)| view! { <li>{format!("{kind}: {n}")}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="metrics" aria-labelledby="metrics-title" data-testid="metrics">
            <h3 id="metrics-title">"Counters so far"</h3>
            <dl class="counters">
                {item("Requests", "requests", |c| c.requests.to_string())}
                {item("Successes", "successes", |c| c.successes.to_string())}
                {item("Errors", "errors", |c| c.errors_total().to_string())}
                {item("Throttled", "throttled", |c| c.throttled.to_string())}
                {item("Retries", "retries", |c| c.retries.to_string())}
                {item("Dead-lettered", "dead-lettered", |c| c.dead_lettered.to_string())}
                {item("Duplicates", "duplicates", |c| c.duplicates.to_string())}
                {item("Cost", "cost", |c| format!("${:.6}", c.cost_usd))}
            </dl>
            <h4>"Errors by kind"</h4>
            <ul class="error-kinds" data-testid="error-kinds">{errors}</ul>
        </section>
    }
}
