//! What the player does on Run for the sandbox benchmark's architecture (50 components, about
//! 100,000 events: `tests/support/sandbox_architecture.rs`, as in `cargo xtask bench-browser`),
//! timed phase by phase on the host:
//! `cargo run --release -p lab-player --example sandbox_pipeline`. Prints the median of each
//! phase over several repetitions, in milliseconds, and the bytes each phase allocates (in
//! wasm, fresh memory costs more than it does here). The browser's figure is
//! `cargo xtask bench-browser sandbox`; this one tells which phase a change helps.

#![allow(clippy::panic, clippy::indexing_slicing, reason = "a benchmark over fixed input: a panic there is a bug in the benchmark, reported at once")]

use std::alloc::{GlobalAlloc, Layout as Shape, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use lab_player::counters::CounterIndex;
use lab_player::layout::Layout;
use lab_player::model::Loaded;
use lab_sim::lesson::LessonSim;
use lab_sim::Simulation;

#[path = "../../../tests/support/sandbox_architecture.rs"]
mod sandbox_architecture;

const REPETITIONS: usize = 9;

fn main() {
    let lesson = LessonSim { scenario: sandbox_architecture::scenario(), chapters: Vec::new(), compare: None };
    let phases = ["simulate", "metrics", "counters index", "layout", "loaded", "total"];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); phases.len()];
    let mut bytes = vec![0usize; phases.len()];
    let mut shape = (0, 0);
    let (mut held, mut peak) = (0, 0);
    let mut seeks = [Vec::new(), Vec::new()];
    for _ in 0..REPETITIONS {
        let before = HELD.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        ALLOCATED.store(0, Ordering::Relaxed);
        let mut lap = Lap { started: Instant::now(), allocated: Vec::new() };
        let mut sim = Simulation::new(&lesson.scenario, 1).unwrap_or_else(|e| panic!("{e}"));
        while sim.advance() {}
        let simulate = lap.ms();
        // Only the metrics are left to compute: the run is over.
        let run = sim.finish();
        let metrics = lap.ms();
        let counters = CounterIndex::new(&run);
        let index = lap.ms();
        let layout = Layout::new(&run);
        let laid_out = lap.ms();
        shape = (run.end.events, run.steps.len());
        let loaded = Loaded::new(run, &lesson);
        let derived = lap.ms();
        // A seek where the run kept no checkpoint (it makes those nearby), then one beside it.
        let far = loaded.run.steps.len() * 3 / 4;
        std::hint::black_box(loaded.run.state_at(far));
        seeks[0].push(lap.ms());
        std::hint::black_box(loaded.run.state_at(far + 1000));
        seeks[1].push(lap.ms());
        lap.allocated.truncate(5);
        std::hint::black_box((&counters, &layout, &loaded));
        held = HELD.load(Ordering::Relaxed) - before;
        peak = PEAK.load(Ordering::Relaxed) - before;
        for (samples, t) in times.iter_mut().zip([simulate, metrics, index, laid_out, derived, simulate + metrics + index + laid_out + derived]) {
            samples.push(t);
        }
        let total = lap.allocated.iter().sum();
        bytes = lap.allocated;
        bytes.push(total);
    }
    println!("Sandbox pipeline: {} events, {} steps; medians of {REPETITIONS} runs (host)", shape.0, shape.1);
    for ((name, mut samples), bytes) in phases.iter().zip(times).zip(bytes) {
        samples.sort_by(f64::total_cmp);
        println!("  {name:<16} {:7.2} ms {:8.2} MB allocated", samples[samples.len() / 2], bytes as f64 / 1e6);
    }
    println!("  held by the run and its derived data: {:.2} MB (at most {:.2} MB on the way)", held as f64 / 1e6, peak as f64 / 1e6);
    for (name, mut samples) in ["a seek, first near its step", "a seek, again nearby"].into_iter().zip(seeks) {
        samples.sort_by(f64::total_cmp);
        println!("  {name}: {:.2} ms", samples[samples.len() / 2]);
    }
}

/// A stopwatch that also notes the bytes allocated in each lap.
struct Lap {
    started: Instant,
    allocated: Vec<usize>,
}

impl Lap {
    /// Milliseconds since the last reading.
    fn ms(&mut self) -> f64 {
        let now = Instant::now();
        let ms = (now - self.started).as_secs_f64() * 1000.0;
        self.allocated.push(ALLOCATED.swap(0, Ordering::Relaxed));
        self.started = Instant::now();
        ms
    }
}

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated and not yet freed, and the most there were since the last reset: in wasm,
/// the memory the page must grow to.
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn hold(bytes: usize) {
    let held = HELD.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(held, Ordering::Relaxed);
}

/// The system allocator, counting the bytes asked for (a reallocation that grows counts its
/// new size; one that shrinks, nothing).
struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, shape: Shape) -> *mut u8 {
        ALLOCATED.fetch_add(shape.size(), Ordering::Relaxed);
        hold(shape.size());
        unsafe { System.alloc(shape) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, shape: Shape) {
        HELD.fetch_sub(shape.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, shape) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, shape: Shape, size: usize) -> *mut u8 {
        if size > shape.size() {
            ALLOCATED.fetch_add(size, Ordering::Relaxed);
        }
        // Growing may move the block, holding both for a moment; shrinking happens in place.
        if size > shape.size() {
            hold(size);
            HELD.fetch_sub(shape.size(), Ordering::Relaxed);
        } else {
            HELD.fetch_sub(shape.size() - size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, shape, size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;
