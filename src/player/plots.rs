//! SVG plots that follow the timeline cursor: the latency callers saw so far (a histogram
//! with p50, p95 and p99 marked) and each queue's depth over the run with the cursor on it.

use lab_sim::{Payload, StepKind};
use leptos::prelude::*;

use super::{format_time, Ctx};

const W: f64 = 320.0;
const H: f64 = 120.0;
const BINS: usize = 24;

pub fn view(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="plots" aria-labelledby="plots-title">
            <h3 id="plots-title">"Plots"</h3>
            <div class="plot-row">
                {move || latency(ctx)}
                {move || queues(ctx)}
            </div>
        </section>
    }
}

/// Latencies (µs) of the answers received up to step `upto`.
fn latencies(ctx: Ctx, upto: usize) -> Vec<u64> {
    ctx.with_current(|c| {
        c.loaded.run.steps[..(upto + 1).min(c.loaded.run.steps.len())]
            .iter()
            .filter(|s| s.kind == StepKind::Answered && matches!(s.payload, Payload::Reply { .. }))
            .map(|s| s.detail)
            .collect()
    })
}

/// The value below which `q` of the sorted `values` lie (nearest rank).
fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn latency(ctx: Ctx) -> impl IntoView {
    let mut values = latencies(ctx, ctx.step.get());
    values.sort_unstable();
    let max = values.last().copied().unwrap_or(0).max(1);
    let mut bins = [0u32; BINS];
    for &v in &values {
        bins[((v as f64 / max as f64) * (BINS - 1) as f64) as usize] += 1;
    }
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    let bar_w = W / BINS as f64;
    let marks = [("p50", 0.50), ("p95", 0.95), ("p99", 0.99)].map(|(name, q)| (name, percentile(&values, q)));
    let summary = if values.is_empty() {
        "No answers yet.".to_string()
    } else {
        let parts: Vec<String> = marks.iter().map(|(n, v)| format!("{n} {}", format_time(*v))).collect();
        format!("{} answers: {}", values.len(), parts.join(", "))
    };
    view! {
        <figure class="plot" data-testid="latency-plot">
            <figcaption>"Latency the callers saw"</figcaption>
            <svg viewBox=format!("0 -14 {W} {}", H + 28.0) role="img" aria-label=summary.clone()>
                {bins.iter().enumerate().map(|(i, &n)| {
                    let h = n as f64 / tallest as f64 * H;
                    view! { <rect class="bar" x=i as f64 * bar_w + 1.0 y=H - h width=bar_w - 2.0 height=h /> }
                }).collect_view()}
                {(!values.is_empty()).then(|| marks.iter().enumerate().map(|(i, (name, v))| {
                    let x = *v as f64 / max as f64 * (W - bar_w) + bar_w / 2.0;
                    view! {
                        <line class=format!("mark mark-{name}") x1=x x2=x y1="0" y2=H />
                        <text class="mark-label" x=x y=-4.0 text-anchor="middle" dx=(i as f64 - 1.0) * 14.0>{*name}</text>
                    }
                }).collect_view())}
                <line class="axis" x1="0" x2=W y1=H y2=H />
                <text class="axis-label" x="0" y=H + 12.0>"0"</text>
                <text class="axis-label" x=W y=H + 12.0 text-anchor="end">{format_time(max)}</text>
            </svg>
            <p class="plot-summary" data-testid="latency-summary">{summary}</p>
        </figure>
    }
}

fn queues(ctx: Ctx) -> impl IntoView {
    let clock = ctx.times(|t| t.get(ctx.step.get()).copied().unwrap_or(0));
    let series: Vec<(String, Vec<(f64, u64)>)> = ctx.with_current(|c| {
        c.loaded
            .run
            .metrics
            .queues
            .iter()
            .map(|q| (q.name.clone(), q.series.iter().map(|s| (s.t_ms, s.visible + s.in_flight)).collect()))
            .collect()
    });
    let duration = ctx.with_current(|c| c.loaded.run.metrics.duration_ms).max(1.0);
    series
        .into_iter()
        .map(|(name, points)| {
            let top = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
            let path: String = points
                .iter()
                .enumerate()
                .map(|(i, (t, v))| {
                    let (x, y) = (t / duration * W, H - *v as f64 / top as f64 * H);
                    format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
                })
                .collect();
            let cursor = clock as f64 / 1000.0 / duration * W;
            let label = format!("Messages in queue {name} over the run; at most {top}.");
            view! {
                <figure class="plot" data-testid="queue-plot">
                    <figcaption>{format!("Depth of {name} (waiting + in flight)")}</figcaption>
                    <svg viewBox=format!("0 -14 {W} {}", H + 28.0) role="img" aria-label=label>
                        <path class="series" d=path />
                        <line class="cursor" x1=cursor x2=cursor y1="0" y2=H />
                        <line class="axis" x1="0" x2=W y1=H y2=H />
                        <text class="axis-label" x="0" y="-4">{top.to_string()}</text>
                        <text class="axis-label" x=W y=H + 12.0 text-anchor="end">{format!("{:.1} s", duration / 1000.0)}</text>
                    </svg>
                </figure>
            }
        })
        .collect_view()
}
