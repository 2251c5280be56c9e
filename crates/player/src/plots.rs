//! SVG plots that follow the timeline cursor: the latency callers saw so far (a histogram
//! with p50, p95 and p99 marked), and over the whole run with the cursor on it: messages in
//! flight, each queue's depth and oldest message's age, each breaker's state.

use lab_sim::StepKind;
use lab_i18n::player as msg;
use leptos::prelude::*;

use super::{format_time, Ctx, Current};

const W: f64 = 320.0;
const H: f64 = 120.0;
const BINS: usize = 24;

pub fn view(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="plots" aria-label=msg::PLOTS.text()>
            <h3>{msg::PLOTS.text()}</h3>
            <div class="plot-row">
                {move || latency(ctx)}
                {move || over_time(ctx)}
            </div>
        </section>
    }
}

/// Latencies (µs) of the answers received up to step `upto`.
fn latencies(ctx: Ctx, upto: usize) -> Vec<u64> {
    ctx.with_current(|c| {
        let answers = &c.loaded.answers;
        answers.iter().take(answers.partition_point(|a| a.0 <= upto)).map(|a| a.1).collect()
    })
}

/// The value below which `q` of the sorted `values` lie (nearest rank).
fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied().unwrap_or(0)
}

fn latency(ctx: Ctx) -> impl IntoView {
    let mut values = latencies(ctx, ctx.step.get());
    values.sort_unstable();
    let max = values.last().copied().unwrap_or(0).max(1);
    let mut bins = [0u32; BINS];
    for &v in &values {
        if let Some(bin) = bins.get_mut(((v as f64 / max as f64) * (BINS - 1) as f64) as usize) {
            *bin += 1;
        }
    }
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    let bar_w = W / BINS as f64;
    let marks = [("p50", 0.50), ("p95", 0.95), ("p99", 0.99)].map(|(name, q)| (name, percentile(&values, q)));
    let summary = if values.is_empty() {
        msg::NO_ANSWERS.text().to_string()
    } else {
        let parts: Vec<String> = marks.iter().map(|(n, v)| format!("{n} {}", format_time(*v))).collect();
        msg::ANSWERS.with(&[("n", &lab_i18n::integer(values.len() as u64)), ("marks", &parts.join(", "))])
    };
    view! {
        <figure class="plot" data-testid="latency-plot">
            <figcaption>{msg::LATENCY_PLOT.text()}</figcaption>
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

/// A series over the run: (time in ms, value), drawn as a line.
struct Series {
    title: String,
    test_id: &'static str,
    points: Vec<(f64, f64)>,
    /// How the top of the axis reads ("12", "450.0 ms", "open").
    top_text: fn(f64) -> String,
    /// Holds its value until the next point (a state), rather than a sampled level.
    steps: bool,
}

/// Every series of the run: in-flight messages, each queue's depth and oldest message's age,
/// each breaker's state.
fn series(c: &Current) -> Vec<Series> {
    let m = &c.loaded.run.metrics;
    let count = |v: f64| lab_i18n::decimal(v, 0);
    let mut out = vec![Series {
        title: msg::IN_FLIGHT_PLOT.text().to_string(),
        test_id: "in-flight-plot",
        points: m.in_flight.iter().map(|s| (s.t_ms, s.value as f64)).collect(),
        top_text: count,
        steps: false,
    }];
    for q in &m.queues {
        out.push(Series {
            title: msg::QUEUE_PLOT.with(&[("name", &q.name)]),
            test_id: "queue-plot",
            points: q.series.iter().map(|s| (s.t_ms, (s.visible + s.in_flight) as f64)).collect(),
            top_text: count,
            steps: false,
        });
        out.push(Series {
            title: msg::QUEUE_AGE_PLOT.with(&[("name", &q.name)]),
            test_id: "queue-age-plot",
            points: q.series.iter().map(|s| (s.t_ms, s.oldest_age_ms)).collect(),
            top_text: |v| format_time((v * 1000.0) as u64),
            steps: false,
        });
    }
    out.extend(breakers(c));
    out
}

/// Each breaker's state over the run: 0 closed, 1 half-open, 2 open.
fn breakers(c: &Current) -> Vec<Series> {
    let run = &c.loaded.run;
    let names = run.component_names();
    (0..names.len())
        .filter(|&n| c.kinds.get(n) == Some(&"breaker"))
        .map(|n| {
            let mut points = vec![(0.0, 0.0)];
            points.extend(run.steps.iter().filter(|s| s.node.0 as usize == n).filter_map(|s| {
                let level = match s.kind {
                    StepKind::CircuitClosed => 0.0,
                    StepKind::CircuitHalfOpen => 1.0,
                    StepKind::CircuitOpened => 2.0,
                    _ => return None,
                };
                Some((s.time as f64 / 1000.0, level))
            }));
            Series {
                title: msg::BREAKER_PLOT.with(&[("name", &names.get(n).map_or("", String::as_str))]),
                test_id: "breaker-plot",
                points,
                top_text: |_| msg::BREAKER_PLOT_TOP.text().to_string(),
                steps: true,
            }
        })
        .collect()
}

fn line_plot(s: Series, duration: f64, cursor_ms: impl Fn() -> f64 + Send + Sync + Copy + 'static) -> impl IntoView {
    let top = s.points.iter().map(|p| p.1).fold(0.0, f64::max);
    let scale = if top > 0.0 { top } else { 1.0 };
    let at = |(t, v): (f64, f64)| (t / duration * W, H - v / scale * H);
    let mut path = String::new();
    let mut last_y = H;
    for (i, &p) in s.points.iter().enumerate() {
        let (x, y) = at(p);
        if i > 0 && s.steps {
            path.push_str(&format!(" L{x:.1},{last_y:.1}"));
        }
        path.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" }));
        last_y = y;
    }
    if s.steps {
        path.push_str(&format!(" L{W:.1},{last_y:.1}"));
    }
    let cursor = move || cursor_ms() / duration * W;
    let label = msg::PLOT_LABEL.with(&[("title", &s.title), ("top", &(s.top_text)(top))]);
    view! {
        <figure class="plot" data-testid=s.test_id>
            <figcaption>{s.title.clone()}</figcaption>
            <svg viewBox=format!("0 -14 {W} {}", H + 28.0) role="img" aria-label=label>
                <path class="series" d=path />
                <line class="cursor" x1=cursor x2=cursor y1="0" y2=H data-testid="plot-cursor" />
                <line class="axis" x1="0" x2=W y1=H y2=H />
                <text class="axis-label" x="0" y="-4">{(s.top_text)(top)}</text>
                <text class="axis-label" x=W y=H + 12.0 text-anchor="end">{format!("{} s", lab_i18n::decimal(duration / 1000.0, 1))}</text>
            </svg>
        </figure>
    }
}

/// Drawn once per run; only the cursor follows the step.
fn over_time(ctx: Ctx) -> impl IntoView {
    let cursor_ms = move || ctx.times(|t| t.get(ctx.step.get()).copied().unwrap_or(0)) as f64 / 1000.0;
    ctx.with_current(|c| {
        let duration = c.loaded.run.metrics.duration_ms.max(1.0);
        series(c).into_iter().map(|s| line_plot(s, duration, cursor_ms)).collect_view()
    })
}
