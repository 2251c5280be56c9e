//! Live counters, as a service dashboard shows them, measured up to the shown step; the
//! whole run's figure follows each one.

use leptos::prelude::*;

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
    let item = move |label: &'static str, id: &'static str, get: fn(&Tally) -> String| {
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
                .map(|(kind, n)| view! { <li>{format!("{}: {n}", error_kind_label(kind))}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="metrics" aria-label="Counters so far" data-testid="metrics">
            <h3>"Counters so far"</h3>
            <dl class="counters">
                {item("Requests", "requests", |c| c.requests.to_string())}
                {item("Successes", "successes", |c| c.answered_ok.to_string())}
                {item("Errors", "errors", |c| c.errors_total().to_string())}
                {item("Throttled", "throttled", |c| c.errors_of("throttled").to_string())}
                {item("Retries", "retries", |c| c.retries.to_string())}
                {item("Dead-lettered", "dead-lettered", |c| c.dead_lettered.to_string())}
                {item("Duplicates", "duplicates", |c| c.duplicate_deliveries.to_string())}
                {item("Cost", "cost", |c| format!("${:.6}", c.cost_usd))}
            </dl>
            <h4>"Errors by kind"</h4>
            <ul class="error-kinds" data-testid="error-kinds">{errors}</ul>
        </section>
    }
}

/// An error kind (one of `lab_sim::ERROR_KINDS`) in a learner's words.
fn error_kind_label(kind: &str) -> &'static str {
    match kind {
        "timeout" => "No answer in time",
        "429" => "Too many requests (HTTP 429)",
        "4xx" => "Refused as a bad request (HTTP 4xx)",
        "5xx" => "Server errors (HTTP 5xx)",
        "throttled" => "Throttled by a limit",
        "short_circuited" => "Stopped by an open circuit breaker",
        "bulkhead_rejected" => "Turned away by a full bulkhead",
        "connection_refused" => "Connection refused",
        "dropped_by_fault" => "Lost to an injected fault",
        "function_error" => "Function failed",
        _ => "Other errors",
    }
}

#[cfg(test)]
mod tests {
    use super::error_kind_label;

    #[test]
    fn every_error_kind_reads_as_words() {
        let labels: Vec<&str> = lab_sim::ERROR_KINDS.iter().map(|kind| error_kind_label(kind)).collect();
        assert!(labels.iter().all(|label| *label != "Other errors" && !label.contains('_')), "{labels:?}");
        let mut distinct = labels.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), labels.len(), "two kinds read the same: {labels:?}");
    }
}
