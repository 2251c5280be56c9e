//! The player's speed in headless Chromium, printed as numbers (never asserted): run it with
//! `cargo xtask bench-browser`, which builds the app with the benchmark lessons of
//! `xtask/bench-lessons/` into `dist-bench/` and sets `LAB_DIST` and the browser for it.
//!
//! It measures, each with the browser's own clock (`performance.now()`):
//! - frames while playing with about 500 messages in flight: the interval between frames and
//!   the work in each (from the start of the frame's callbacks until its rendering is done);
//! - a jump to spread-out steps of a run of over 100,000 steps: the time until the page has
//!   painted the new step;
//! - a parameter change in a typical lesson: the time until the new run is painted.

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use support::{Page, ROOT};

/// Resolves after the next frame has been rendered (a task queued from the frame's callback
/// runs once rendering is done).
const AFTER_PAINT: &str = "const painted = () => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); }));";

/// With an argument (`frames`, `jumps` or `changes`), only that part runs: a bisection needs
/// many runs of one figure.
fn main() {
    let dist = support::webdriver::dist_dir();
    let only = std::env::args().nth(1);
    let wanted = |part: &str| only.as_deref().is_none_or(|only| only == part);
    println!("Browser benchmark of {} (medians of repeated runs; times from performance.now())\n", dist.display());
    if wanted("frames") {
        frames(&Page::open_folder(dist.clone(), ROOT, "lesson/bench-in-flight/"));
    }
    if wanted("jumps") {
        jumps(&Page::open_folder(dist.clone(), ROOT, "lesson/bench-long-run/"));
    }
    if wanted("changes") {
        for (lesson, parameter, values) in [("api-gateway", "error-rate", ["0.3", "0.1"]), ("sync-vs-async", "rate", ["30", "12"])] {
            parameter_change(&Page::open_folder(dist.clone(), ROOT, &format!("lesson/{lesson}/")), lesson, parameter, values);
        }
    }
}

/// Waits until the player is shown and the page has settled: the shell has taken the page
/// over and the service worker has finished caching the course for offline use. Both happen
/// once, in the first seconds of a first visit; measured during them, seeking and re-running
/// would share the processor with them.
fn wait_for_player(page: &Page) {
    page.session.wait_for("[data-testid=position]");
    page.session.wait_for(support::APP_READY);
    run_async(
        page,
        "if (!navigator.serviceWorker) return; \
         await Promise.race([navigator.serviceWorker.ready, new Promise(r => setTimeout(r, 20000))]);",
        json!([]),
    );
}

/// Steps in the shown run ("Step 1 of 105000 · ...").
fn run_length(page: &Page) -> usize {
    let text = page.session.text(&page.session.wait_for("[data-testid=position]"));
    text.split_whitespace().nth(3).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no length in {text:?}"))
}

fn frames(page: &Page) {
    wait_for_player(page);
    let session = &page.session;
    // A tenth of real time: the 120 frames play 0.2 s of the steady state, where the 50 ms
    // links hold about 500 messages.
    session.execute("const s = document.querySelector('[data-testid=speed]'); s.value = '3'; s.dispatchEvent(new Event('input', { bubbles: true }));");
    // Start at 0.5 s of simulated time, in the steady state.
    let steps = run_length(page);
    set_timeline(page, steps / 4);
    session.devtools("Performance.enable", json!({}));
    let before = busy_seconds(page);
    session.click(&session.wait_for("[data-testid=play]"));
    let sample = run_async(page, &format!(
        "{AFTER_PAINT}
         const intervals = [], work = [], shown = [];
         let last = await painted();
         for (let i = 0; i < 120; i++) {{
             const start = await new Promise(r => requestAnimationFrame(t => r(performance.now())));
             const end = await new Promise(r => {{ const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); }});
             intervals.push(start - last); work.push(end - start); last = start;
             shown.push(Number(document.querySelector('[data-testid=messages]').dataset.inTransit));
         }}
         return {{ intervals, work, shown }};"
    ), json!([]));
    session.click(&session.wait_for("[data-testid=play]"));
    let after = busy_seconds(page);
    let shown = numbers(&sample["shown"]);
    println!("Playing bench-in-flight ({steps} steps), {} frames:", shown.len());
    println!("  messages in transit        median {:.0} (min {:.0}, max {:.0})", median(&shown), min(&shown), max(&shown));
    report("  frame interval", &numbers(&sample["intervals"]));
    report("  work per frame", &numbers(&sample["work"]));
    let frames = shown.len() as f64;
    let split: Vec<String> = before
        .iter()
        .zip(&after)
        .map(|((name, a), (_, b))| format!("{name} {:.1} ms", (b - a) * 1000.0 / frames))
        .collect();
    println!("  of which, per frame (Chromium's counters): {}", split.join(", "));
}

/// Chromium's cumulative seconds spent in scripts, style, layout and tasks.
fn busy_seconds(page: &Page) -> Vec<(&'static str, f64)> {
    let metrics = page.session.devtools("Performance.getMetrics", json!({}));
    let value = |name: &str| {
        metrics["metrics"].as_array().and_then(|m| m.iter().find(|x| x["name"] == name)).and_then(|x| x["value"].as_f64()).unwrap_or(f64::NAN)
    };
    [("script", "ScriptDuration"), ("style", "RecalcStyleDuration"), ("layout", "LayoutDuration"), ("all tasks", "TaskDuration")]
        .map(|(label, name)| (label, value(name)))
        .to_vec()
}

fn set_timeline(page: &Page, step: usize) {
    page.session.execute_with(
        "const t = document.querySelector('[data-testid=timeline]'); t.value = String(arguments[0]); t.dispatchEvent(new Event('input', { bubbles: true }));",
        json!([step]),
    );
}

fn jumps(page: &Page) {
    wait_for_player(page);
    let steps = run_length(page);
    let mut times = Vec::new();
    // Spread over the run, not in order, so no jump lands next to the previous one.
    for k in [7, 2, 9, 4, 1, 8, 3, 6, 5, 10, 7, 1, 9, 3, 5, 2, 8, 4, 6, 10] {
        let target = steps * k / 10 - 1 - k * 37;
        let result = run_async(
            page,
            &format!(
                "{AFTER_PAINT}
                 const t = document.querySelector('[data-testid=timeline]');
                 const start = performance.now();
                 t.value = String(args[0]); t.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 const end = await painted();
                 return [end - start, document.querySelector('[data-testid=position]').textContent];"
            ),
            json!([target]),
        );
        let shown = result[1].as_str().unwrap_or_default();
        assert!(shown.starts_with(&format!("Step {} of", target + 1)), "the jump to {target} shows {shown:?}");
        times.push(result[0].as_f64().unwrap_or(f64::NAN));
    }
    println!("\nJumping in bench-long-run ({steps} steps), {} jumps:", times.len());
    report("  jump until painted", &times);
}

fn parameter_change(page: &Page, lesson: &str, parameter: &str, values: [&str; 2]) {
    wait_for_player(page);
    set_timeline(page, run_length(page) / 2);
    let mut times = Vec::new();
    for round in 0..12 {
        let value = values[round % 2];
        let result = run_async(
            page,
            &format!(
                "{AFTER_PAINT}
                 const input = document.querySelector(`[data-testid=param-${{args[0]}}]`);
                 // The learner is at the field they change, so the player is on screen.
                 input.scrollIntoView({{ block: 'center' }});
                 await painted();
                 const before = document.querySelector('[data-testid=metrics]').textContent;
                 const start = performance.now();
                 input.value = args[1]; input.dispatchEvent(new Event('change', {{ bubbles: true }}));
                 const end = await painted();
                 return [end - start, document.querySelector('[data-testid=metrics]').textContent !== before];"
            ),
            json!([parameter, value]),
        );
        assert_eq!(result[1], json!(true), "{lesson}: {parameter} = {value} changed the counters");
        times.push(result[0].as_f64().unwrap_or(f64::NAN));
    }
    println!("\nChanging `{parameter}` in {lesson} ({} steps), {} changes:", run_length(page), times.len());
    report("  change until painted", &times);
}

/// Runs `body` as an async function of `args` (WebDriver waits for the promise it returns).
fn run_async(page: &Page, body: &str, args: Value) -> Value {
    page.session.execute_with(&format!("return (async (...args) => {{ {body} }})(...arguments);"), args)
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

fn median(values: &[f64]) -> f64 {
    sorted(values).get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn min(values: &[f64]) -> f64 {
    sorted(values).first().copied().unwrap_or(f64::NAN)
}

fn max(values: &[f64]) -> f64 {
    sorted(values).last().copied().unwrap_or(f64::NAN)
}

fn report(what: &str, values: &[f64]) {
    let v = sorted(values);
    let p95 = v.get((v.len() * 95 / 100).min(v.len().saturating_sub(1))).copied().unwrap_or(f64::NAN);
    println!("{what:<28} median {:.1} ms, p95 {p95:.1} ms, max {:.1} ms", median(values), max(values));
}
