//! Live counters, as a service dashboard shows them, measured up to the shown step; the
//! whole run's figure follows each one.

use leptos::prelude::*;

use lab_i18n::{player as msg, Msg};
use lab_sim::Tally;

use super::Ctx;

pub fn view(ctx: Ctx) -> impl IntoView {
    let now = Memo::new(move |_| {
        let i = ctx.step.get();
        ctx.with_current(|c| c.counters.at(&c.loaded.run, i))
    });
    let end = Memo::new(move |_| {
        ctx.with_current(|c| c.counters.at(&c.loaded.run, c.loaded.run.steps.len().saturating_sub(1)))
    });
    let item = move |label: Msg, id: &'static str, get: fn(&Tally) -> String| {
        view! {
            <div class="counter">
                <dt>{label.text()}</dt>
                <dd data-testid=format!("metric-{id}")>{move || now.with(get)}</dd>
                <dd class="counter-total">{move || msg::RUN_TOTAL.with(&[("n", &end.with(get))])}</dd>
            </div>
        }
    };
    let errors = move || {
        now.with(|c| {
            c.errors
                .iter()
                .map(|(kind, n)| view! { <li>{format!("{}: {n}", error_kind_label(kind).text())}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="metrics" aria-label=msg::COUNTERS.text() data-testid="metrics">
            <h3>{msg::COUNTERS.text()}</h3>
            <dl class="counters">
                {item(msg::REQUESTS, "requests", |c| c.requests.to_string())}
                {item(msg::SUCCESSES, "successes", |c| c.answered_ok.to_string())}
                {item(msg::ERRORS, "errors", |c| c.errors_total().to_string())}
                {item(msg::THROTTLED, "throttled", |c| c.errors_of("throttled").to_string())}
                {item(msg::RETRIES, "retries", |c| c.retries.to_string())}
                {item(msg::DEAD_LETTERED, "dead-lettered", |c| c.dead_lettered.to_string())}
                {item(msg::DUPLICATES, "duplicates", |c| c.duplicate_deliveries.to_string())}
                {item(msg::COST, "cost", |c| format!("${}", lab_i18n::decimal(c.cost_usd, 6)))}
            </dl>
            <h4>{msg::ERRORS_BY_KIND.text()}</h4>
            <ul class="error-kinds" data-testid="error-kinds">{errors}</ul>
        </section>
    }
}

/// An error kind (one of `lab_sim::ERROR_KINDS`) in a learner's words.
fn error_kind_label(kind: &str) -> Msg {
    match kind {
        "timeout" => msg::ERROR_TIMEOUT,
        "429" => msg::ERROR_429,
        "4xx" => msg::ERROR_4XX,
        "5xx" => msg::ERROR_5XX,
        "throttled" => msg::ERROR_THROTTLED,
        "short_circuited" => msg::ERROR_SHORT_CIRCUITED,
        "bulkhead_rejected" => msg::ERROR_BULKHEAD_REJECTED,
        "connection_refused" => msg::ERROR_CONNECTION_REFUSED,
        "dropped_by_fault" => msg::ERROR_DROPPED_BY_FAULT,
        "function_error" => msg::ERROR_FUNCTION_ERROR,
        _ => msg::ERROR_OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::error_kind_label;

    #[test]
    fn every_error_kind_reads_as_words() {
        let labels: Vec<&str> = lab_sim::ERROR_KINDS.iter().map(|kind| error_kind_label(kind).english()).collect();
        assert!(labels.iter().all(|label| *label != "Other errors" && !label.contains('_')), "{labels:?}");
        let mut distinct = labels.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), labels.len(), "two kinds read the same: {labels:?}");
    }
}
