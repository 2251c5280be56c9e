//! The simulation core of Integration Patterns Lab: a deterministic discrete-event engine
//! with no web dependency. It builds for the host (tests, the command-line runner,
//! benchmarks) and for wasm32 (the app) from the same code, and the same scenario and seed
//! give the same run, byte for byte, on both.
//!
//! ```
//! let scenario = lab_sim::examples::file("orders-redrive.toml").unwrap();
//! let run = lab_sim::simulate(&scenario, 42).unwrap();
//! assert!(run.metrics.outcomes.holds());
//! let middle = run.state_at(run.steps.len() / 2).unwrap();
//! println!("{}: {}", middle.time, run.narration(run.steps.len() / 2));
//! ```
//!
//! Where things live: `engine/` (event queue, clock, random generator, run loop),
//! `kinds/` (one file per kind of building block: its fields, defaults and validation),
//! `components/` (one file per building block at run time: `queue.rs` holds the redrive
//! rule), `scenario/` (the input format and its validation), `run.rs` (runs, checkpoints,
//! seeking),
//! `metrics.rs`, `narration.rs`, `examples.rs` (built-in scenarios).

mod components;
mod engine;
mod id_map;
mod kinds;
pub mod examples;
pub mod lesson;
pub mod share_link;
pub mod text_action;
mod metrics;
mod narration;
mod run;
mod scenario;
mod step;
mod tally;

pub use components::{BreakerMode, ComponentView};
pub use engine::rng::Rng;
pub use kinds::{kind_info, kinds, FieldDefault, FieldInfo, FieldType, FieldValue, KindInfo};
pub use metrics::{
    Conservation, FunctionMetrics, Metrics, Percentiles, QueueMetrics, QueueSample, RouteMetrics,
    Sample, StoreMetrics, StreamMetrics, StreamSample,
};
pub use narration::{kind_words, step_words};
pub use tally::{status_kind, Tally, ERROR_KINDS};
pub use run::{
    simulate, ComponentState, EndReason, Run, RunEnd, Simulation, Snapshot, CHECKPOINT_EVERY,
};
pub use scenario::*;
pub use step::{MsgId, NodeId, Payload, Step, StepKind, Terminal, Time};

/// Runs the queue-and-consumers benchmark scenario with about `events` events and returns
/// (events processed, steps recorded). The app times this to show the wasm figure.
pub fn bench_queue_consumers(events: u64) -> (u64, u64) {
    // Five events per request in this scenario: arrival at the queue, the invocation
    // reaching the function, its completion, the reply reaching the queue, the next arrival.
    let requests = (events / 5).clamp(1, 1_000_000) as u32;
    let scenario = examples::queue_consumers(requests, 900.0, 10, 10.0);
    match simulate(&scenario, 1) {
        Ok(run) => (run.end.events, run.steps.len() as u64),
        Err(_) => (0, 0),
    }
}
