//! Compare: two runs on the same workload and seed, their metrics side by side. Either the
//! learner's parameters against the lesson's own values, or the lesson's scenario against the
//! one its `[compare]` table names (e.g. a synchronous chain against decoupled messaging).
//! Both columns come from running the simulation; nothing is precomputed.

use lab_sim::lesson::Compare as LessonCompare;
use lab_sim::text_action::CompareWith;
use lab_sim::{Metrics, Scenario};
use lab_i18n::{player as msg, Msg};
use leptos::prelude::*;

use super::model::run_with_faults;
use super::Ctx;

/// One line of the table: what, then each run's figure.
pub type Row = (String, String, String);

/// A row's label, and how it reads the figure off a run's metrics.
type Figure = (Msg, fn(&Metrics) -> String);

/// The metrics of two runs, row by row, in the words of a service dashboard.
pub fn rows(a: &Metrics, b: &Metrics) -> Vec<Row> {
    let figures: [Figure; 11] = [
        (msg::REQUESTS, |m| m.requests.to_string()),
        (msg::SUCCESSES, |m| m.answered_ok.to_string()),
        (msg::ERRORS, |m| m.errors.values().sum::<u64>().to_string()),
        (msg::LATENCY_P50, |m| ms(m.caller_latency_ms.p50)),
        (msg::LATENCY_P95, |m| ms(m.caller_latency_ms.p95)),
        (msg::LATENCY_P99, |m| ms(m.caller_latency_ms.p99)),
        (msg::END_TO_END_P95, |m| ms(m.end_to_end_ms.p95)),
        (msg::RETRIES, |m| m.retries.to_string()),
        (msg::DEAD_LETTERED, |m| m.dead_lettered.to_string()),
        (msg::DUPLICATES, |m| m.duplicate_deliveries.to_string()),
        (msg::COST, |m| format!("${}", lab_i18n::decimal(m.cost_usd, 6))),
    ];
    figures.iter().map(|(name, f)| (name.text().to_string(), f(a), f(b))).collect()
}

fn ms(v: f64) -> String {
    format!("{} ms", lab_i18n::decimal(v, 1))
}

/// The two scenarios to run and the names of their columns, for choice `other`
/// (`None`: the learner's parameters against the lesson's values).
fn pair(ctx: Ctx, other: Option<&LessonCompare>) -> Result<(Scenario, Scenario, String, String), String> {
    let mine = ctx.scenario.get();
    match other {
        None => Ok((mine, ctx.lesson.with_value(|l| l.scenario.clone()), msg::YOUR_PARAMETERS.text().to_string(), msg::LESSON_VALUES.text().to_string())),
        Some(c) => {
            let theirs = ctx.compared.get_value().ok_or_else(|| msg::LESSON_MISSING.with(&[("lesson", &c.with)]))?;
            Ok((mine, theirs, msg::THIS_LESSON.text().to_string(), msg::OTHER_LESSON.with(&[("lesson", &c.with)])))
        }
    }
}

/// Runs both sides with the learner's seed; an error is shown instead of the table.
fn table(ctx: Ctx, other: Option<&LessonCompare>) -> Result<(String, String, Vec<Row>), String> {
    let (a, b, name_a, name_b) = pair(ctx, other)?;
    let seed = ctx.seed.get();
    let run_a = run_with_faults(&a, seed, &[])?;
    let run_b = run_with_faults(&b, seed, &[])?;
    Ok((name_a, name_b, rows(&run_a.metrics, &run_b.metrics)))
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let other = ctx.lesson.with_value(|l| l.compare.clone());
    // Which comparison is shown: none before the learner (or a text action) asks, so no
    // runs are spent on it.
    let shown = ctx.compare;
    let other_for_table = other.clone();
    let result = move || {
        let with = match shown.get()? {
            CompareWith::Lesson => other_for_table.as_ref(),
            CompareWith::Values => None,
        };
        Some(table(ctx, with))
    };
    let other_button = other.map(|c| {
        let text = if c.label.is_empty() { msg::COMPARE_LESSON.with(&[("lesson", &c.with)]) } else { c.label.clone() };
        view! { <button type="button" data-testid="compare-lesson" aria-pressed=move || (shown.get() == Some(CompareWith::Lesson)).to_string()
            on:click=move |_| shown.set(Some(CompareWith::Lesson))>{text}</button> }
    });
    view! {
        <section class="compare" aria-label=msg::COMPARE.text()>
            <h3>{msg::COMPARE.text()}</h3>
            <p>{msg::COMPARE_INTRO.text()}</p>
            <div class="fault-buttons">
                <button type="button" data-testid="compare-params" aria-pressed=move || (shown.get() == Some(CompareWith::Values)).to_string()
                    on:click=move |_| shown.set(Some(CompareWith::Values))>{msg::COMPARE_VALUES.text()}</button>
                {other_button}
            </div>
            {move || result().map(|r| match r {
                Ok((a, b, rows)) => view! {
                    <div class="table-scroll">
                        <table data-testid="compare-table">
                            <thead><tr><th scope="col">{msg::METRIC.text()}</th><th scope="col">{a}</th><th scope="col">{b}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|(name, x, y)| { let differs = x != y; view! {
                                <tr class:differs=differs><th scope="row">{name}</th><td>{x}</td><td>{y}</td></tr>
                            }}).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
                Err(problem) => view! { <p class="param-error" role="alert">{msg::COMPARE_FAILED.with(&[("problem", &problem)])}</p> }.into_any(),
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_set_two_runs_side_by_side() {
        let sim = crate::test_lessons::lesson_sim("api-gateway");
        let mut busier = sim.scenario.clone();
        busier.set_parameter("error-rate", 0.6).unwrap();
        let a = run_with_faults(&busier, 1, &[]).unwrap().metrics;
        let b = run_with_faults(&sim.scenario, 1, &[]).unwrap().metrics;
        let rows = rows(&a, &b);
        let row = |name: &str| rows.iter().find(|r| r.0 == name).unwrap().clone();
        assert_eq!(row("Requests").1, row("Requests").2, "the same workload on both sides");
        let errors = row("Errors");
        assert!(errors.1.parse::<u64>().unwrap() > errors.2.parse::<u64>().unwrap(), "{errors:?}");
        assert_eq!(row("Caller latency p95").2, ms(b.caller_latency_ms.p95));
    }
}
