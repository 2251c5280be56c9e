//! The player's speed in headless Chromium, printed as numbers (never asserted): run it with
//! `cargo xtask bench-browser`, which builds the app with the benchmark lessons of
//! `xtask/bench-lessons/` into `dist-bench/` and sets `LAB_DIST` and the browser for it.
//!
//! It measures, each with the browser's own clock (`performance.now()`):
//! - frames while playing with about 500 messages in flight: the interval between frames and
//!   the work in each (from the start of the frame's callbacks until its rendering is done);
//! - a jump to spread-out steps of a run of over 100,000 steps: the time until the page has
//!   painted the new step;
//! - a parameter change in a typical lesson: the time until the new run is painted;
//! - the sandbox (`sandbox`): a 50-component architecture of about 100,000 events, opened
//!   from a share link, from the click on Run until the player has painted its run; and
//!   dragging one of its components, the work in each frame of the drag.

#[path = "../tests/support/mod.rs"]
mod support;
#[path = "../tests/support/sandbox_architecture.rs"]
mod sandbox_architecture;

use serde_json::{json, Value};
use support::{Page, ROOT};

/// Resolves after the next frame has been rendered (a task queued from the frame's callback
/// runs once rendering is done).
const AFTER_PAINT: &str = "const painted = () => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); }));";

/// With an argument (`frames`, `jumps`, `changes` or `sandbox`), only that part runs: a
/// bisection needs many runs of one figure.
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
    if wanted("sandbox") {
        sandbox(&dist);
    }
}

/// Waits until the player is shown and the page has settled: the shell has taken the page
/// over and the service worker has finished caching the course for offline use. Both happen
/// once, in the first seconds of a first visit; measured during them, seeking and re-running
/// would share the processor with them.
fn wait_for_player(page: &Page) {
    page.session.wait_for("[data-testid=position]");
    settle(page);
}

/// Waits until the shell has taken the page over and the service worker has cached the course.
fn settle(page: &Page) {
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

/// The sandbox's floors (issue 13): a 50-component architecture of 100,000 events runs and
/// is shown within this time...
const SANDBOX_RUN_FLOOR_MS: f64 = 150.0;
/// ...and dragging one of its components keeps the median work per frame under this (room
/// for 60 frames per second).
const SANDBOX_DRAG_FLOOR_MS: f64 = 8.0;
/// The component dragged: the ledger, with a link from every lane.
const SANDBOX_DRAGGED: &str = "ledger";
const SANDBOX_RUNS: usize = 9;
const SANDBOX_DRAG_FRAMES: usize = 120;

fn sandbox(dist: &std::path::Path) {
    let draft = sandbox_draft();
    let started = std::time::Instant::now();
    let run = lab_sim::simulate(&draft.scenario, 1).unwrap_or_else(|e| panic!("the sandbox benchmark's architecture does not run: {e}"));
    let simulation_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(run.end.reason, lab_sim::EndReason::Finished, "the run must end on its own, within the default bounds");
    let fragment = lab_sandbox::share_link::to_fragment(&draft).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "\nSandbox: {} components, {} links; the run (seed 1, on the host) has {} events, {} steps; its share link {} characters",
        draft.scenario.components.len(),
        draft.scenario.links.len(),
        run.end.events,
        run.steps.len(),
        fragment.len()
    );
    let address = format!("sandbox/{fragment}");
    let page = Page::open_folder(dist.to_path_buf(), ROOT, &address);
    wait_for_sandbox(&page);
    sandbox_drag(&page);
    sandbox_runs(&page, &address, run.steps.len(), simulation_ms);
}

/// The architecture as a learner would draw it, laid out by the sandbox itself.
fn sandbox_draft() -> lab_sandbox::draft::Draft {
    lab_sandbox::draft::Draft::laid_out(sandbox_architecture::scenario())
}

/// Waits until the sandbox module has drawn the architecture and the page has settled.
fn wait_for_sandbox(page: &Page) {
    page.session.wait_for(&format!("[data-testid=sandbox-node-{SANDBOX_DRAGGED}]"));
    settle(page);
}

/// Drags a component across the canvas, one pointer move per frame, as a mouse would.
fn sandbox_drag(page: &Page) {
    let session = &page.session;
    let node = format!("[data-testid=sandbox-node-{SANDBOX_DRAGGED}]");
    let undo_disabled = || session.execute("return document.querySelector('[data-testid=sandbox-undo]').disabled;");
    assert_eq!(undo_disabled(), json!(true), "a page opened from a link starts with nothing to undo");
    session.devtools("Performance.enable", json!({}));
    let before = busy_seconds(page);
    let sample = run_async(page, &format!(
        "{AFTER_PAINT}
         const node = () => document.querySelector(args[0]);
         const canvas = document.querySelector('[data-testid=sandbox-canvas]');
         canvas.scrollIntoView({{ block: 'center' }});
         await painted();
         const from = node().getAttribute('transform');
         const box = node().getBoundingClientRect();
         let x = box.left + box.width / 2, y = box.top + box.height / 2;
         const pointer = (type, target) => target.dispatchEvent(new PointerEvent(type, {{
             bubbles: true, cancelable: true, composed: true, pointerId: 1, pointerType: 'mouse', isPrimary: true,
             button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: x, clientY: y }}));
         pointer('pointerdown', node());
         const intervals = [], work = [];
         let moved = 0, shown = from;
         let last = await painted();
         for (let i = 0; i < args[1]; i++) {{
             // The move arrives at the start of the frame, as input does.
             const start = await new Promise(r => requestAnimationFrame(() => {{
                 const t = performance.now(); x += 1; y += 0.5; pointer('pointermove', canvas); r(t); }}));
             const end = await new Promise(r => {{ const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); }});
             intervals.push(start - last); work.push(end - start); last = start;
             const now = node().getAttribute('transform');
             if (now !== shown) moved++;
             shown = now;
         }}
         const undoDuring = document.querySelector('[data-testid=sandbox-undo]').disabled;
         pointer('pointerup', canvas);
         await painted();
         return {{ intervals, work, moved, from, dragged: shown, dropped: node().getAttribute('transform'), undoDuring,
                   said: document.querySelector('[data-testid=sandbox-said]').textContent }};"
    ), json!([node, SANDBOX_DRAG_FRAMES]));
    let after = busy_seconds(page);
    let text = |key: &str| sample[key].as_str().unwrap_or_default().to_string();
    let (from, dragged, dropped) = (text("from"), text("dragged"), text("dropped"));
    assert_ne!(from, dragged, "the drag did not move {SANDBOX_DRAGGED}");
    assert_eq!(dragged, dropped, "{SANDBOX_DRAGGED} is not left where it was dropped");
    assert_eq!(sample["undoDuring"], json!(true), "the drag was committed before the pointer was released");
    assert_eq!(text("said"), format!("Moved {SANDBOX_DRAGGED}."), "the drop is not one move");
    // One move: one undo puts the component back, and leaves nothing more to undo.
    session.click(&session.wait_for("[data-testid=sandbox-undo]"));
    let back = session.wait_until(|| {
        let now = session.execute_with("return document.querySelector(arguments[0]).getAttribute('transform');", json!([node]));
        (now.as_str() == Some(from.as_str())).then_some(())
    });
    assert!(back.is_some(), "one undo does not put {SANDBOX_DRAGGED} back at {from}");
    assert_eq!(undo_disabled(), json!(true), "the drag was committed as more than one edit");
    let work = numbers(&sample["work"]);
    let frames = work.len() as f64;
    println!(
        "Dragging {SANDBOX_DRAGGED} (9 links) among the 50 components, {} frames ({} moved it; {from} to {dropped}, one undoable move):",
        work.len(),
        sample["moved"]
    );
    report("  frame interval", &numbers(&sample["intervals"]));
    report("  work per frame", &work);
    let split: Vec<String> =
        before.iter().zip(&after).map(|((name, a), (_, b))| format!("{name} {:.1} ms", (b - a) * 1000.0 / frames)).collect();
    println!("  of which, per frame (Chromium's counters): {}", split.join(", "));
    floor("  drag, median work per frame", median(&work), SANDBOX_DRAG_FLOOR_MS);
}

/// Opens the architecture afresh for each run (as a learner following the link), clicks Run
/// and waits until the player has painted the run.
fn sandbox_runs(page: &Page, address: &str, steps: usize, simulation_ms: f64) {
    let session = &page.session;
    let mut times = Vec::new();
    let mut splits: Vec<Vec<(&str, f64)>> = Vec::new();
    let mut phases: Vec<[f64; 4]> = Vec::new();
    for round in 0..SANDBOX_RUNS {
        if round > 0 {
            session.navigate("about:blank");
            session.navigate(&page.url(address));
            wait_for_sandbox(page);
        }
        let before = busy_seconds(page);
        let result = run_async(
            page,
            &format!(
                "{AFTER_PAINT}
                 const shown = () => document.querySelector('[data-testid=sandbox-run-player] [data-testid=position]');
                 if (shown()) return null;
                 await painted();
                 const run = document.querySelector('[data-testid=sandbox-run]');
                 const start = performance.now();
                 run.click();
                 let end = await painted(), frames = 1;
                 while (!shown() && frames < 1000) {{ end = await painted(); frames++; }}
                 // Where the time went, by the sandbox's own marks (crates/sandbox/src/views/run.rs).
                 const mark = name => {{ const m = performance.getEntriesByName(name, 'mark').at(-1); return m ? m.startTime - start : NaN; }};
                 const phases = [mark('lab:sandbox-run'), mark('lab:sandbox-player'), mark('lab:sandbox-player-made')];
                 // Work left for later frames (effects, plots) would show in the next one.
                 const next = await painted();
                 return [end - start, shown() ? shown().textContent : '', frames, phases, next - end];"
            ),
            json!([]),
        );
        let after = busy_seconds(page);
        let shown = result[1].as_str().unwrap_or_default();
        assert!(shown.starts_with(&format!("Step 1 of {steps} ")), "the sandbox's run shows {shown:?}, not the host's {steps} steps");
        times.push(result[0].as_f64().unwrap_or(f64::NAN));
        let phase = numbers(&result[3]);
        let at = |i: usize| phase.get(i).copied().unwrap_or(f64::NAN);
        // Pressed → the run's view starts → the player has simulated and made its views →
        // in the page and painted; and the frame after.
        phases.push([at(1), at(2) - at(1), result[0].as_f64().unwrap_or(f64::NAN) - at(2), result[4].as_f64().unwrap_or(f64::NAN)]);
        splits.push(before.iter().zip(&after).map(|((name, a), (_, b))| (*name, (b - a) * 1000.0)).collect());
    }
    println!("\nRunning the 50-component architecture ({steps} steps), {} runs, each on a fresh page:", times.len());
    report("  click until painted", &times);
    let split: Vec<String> = splits
        .first()
        .map(|first| {
            first
                .iter()
                .enumerate()
                .map(|(i, (name, _))| format!("{name} {:.0} ms", median(&splits.iter().filter_map(|s| s.get(i).map(|x| x.1)).collect::<Vec<_>>())))
                .collect()
        })
        .unwrap_or_default();
    println!("  of which (Chromium's counters, medians): {}", split.join(", "));
    let phase = |i: usize| median(&phases.iter().map(|p| p.get(i).copied().unwrap_or(f64::NAN)).collect::<Vec<_>>());
    println!(
        "  by the sandbox's marks (medians): Run pressed until the player starts {:.1} ms, the player simulates and makes its views {:.1} ms, \
         into the page and painted {:.1} ms; the frame after {:.1} ms",
        phase(0),
        phase(1),
        phase(2),
        phase(3)
    );
    println!("  the simulation alone, natively on this machine: {:.1} ms (lab-sim optimised)", simulation_ms);
    floor("  run and show, median", median(&times), SANDBOX_RUN_FLOOR_MS);
}

/// One line: a figure against its floor.
fn floor(what: &str, value: f64, floor: f64) {
    let verdict = if value < floor { "meets" } else { "MISSES" };
    println!("{what:<28} {value:.1} ms, floor {floor:.0} ms: {verdict}");
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
