//! Speed in the browser: the queue-and-consumers benchmark and a typical lesson re-run,
//! printed for the README (`--nocapture` shows the lines). Only the results are asserted:
//! timings on a shared machine are not a pass/fail matter.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn queue_and_consumers_benchmark_in_the_browser() {
    lab_sim::bench_queue_consumers(50_000);
    let start = js_sys::Date::now();
    let (events, steps) = lab_sim::bench_queue_consumers(1_000_000);
    let secs = (js_sys::Date::now() - start) / 1000.0;
    console_log!(
        "wasm queue-and-consumers: {events} events, {steps} steps in {secs:.3} s = {:.0} events/s",
        events as f64 / secs
    );
    assert!(events >= 1_000_000);
}

#[wasm_bindgen_test]
fn a_typical_lesson_re_runs_in_milliseconds() {
    let scenario = lab_sim::examples::file("payments-sync.toml").unwrap();
    lab_sim::simulate(&scenario, 0).unwrap();
    let runs = 20;
    let start = js_sys::Date::now();
    let mut events = 0;
    for seed in 0..runs {
        events = lab_sim::simulate(&scenario, seed).unwrap().end.events;
    }
    let ms = (js_sys::Date::now() - start) / runs as f64;
    console_log!("wasm re-run of payments-sync ({events} events): {ms:.2} ms per run");
    assert!(events > 1000);
}
