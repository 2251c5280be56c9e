//! Running a scenario: [`simulate`] for a whole run, [`Simulation`] to step it and inject
//! faults from outside, and [`Run`], the recorded result with fast seeking.
//!
//! Seeking works like RaftScope's checkpoints: every [`CHECKPOINT_EVERY`] steps the engine
//! state is cloned. `state_at(i)` restores the nearest checkpoint at or before step `i` and
//! replays at most that many steps, so any step of a long run is reached in bounded time.
//! A run keeps only every [`KEPT_EVERY`]-th of them as it goes; the ones between two kept
//! checkpoints are made the first time a step between them is asked for.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::components::{self, ComponentView};
use crate::engine::Engine;
use crate::metrics::{self, Metrics};
use crate::scenario::{compile, Fault, Scenario, ScenarioError, Topology, Where};
use crate::step::{MsgId, Step, Time};

/// Steps between two checkpoints: a seek replays at most this many steps. Each checkpoint is
/// a copy of the engine (about 80 KB with 50 components), so 2048 rather than 1024 halves a
/// long run's memory for them (14 to 7 MB for the sandbox benchmark's 177,600 steps) and the
/// time to make them, for a seek that replays at most 2048 steps (well under a millisecond).
pub const CHECKPOINT_EVERY: usize = 2048;

/// Steps between two checkpoints made while the run is recorded. Copying the engine was a
/// quarter of the time to record the sandbox benchmark's run (6 of 24 ms on the host, and
/// 7 MB); most of those copies are never used, so the run keeps one in four and makes the
/// others between two kept ones on the first seek there, by replaying at most this many steps
/// (about a millisecond on the host).
const KEPT_EVERY: usize = 4 * CHECKPOINT_EVERY;

#[derive(Clone, Debug)]
struct Checkpoint {
    /// Steps recorded before this state.
    step: usize,
    engine: Engine,
}

/// A checkpoint kept while the run was recorded, and the ones up to the next kept checkpoint,
/// made on first use.
#[derive(Clone, Debug)]
struct Segment {
    start: Checkpoint,
    within: OnceLock<Vec<Checkpoint>>,
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Nothing left to do: every request answered, every queue drained or unconsumed.
    Finished,
    /// The `max_events` bound was reached.
    MaxEvents,
    /// The next event lay beyond `max_time_ms`.
    MaxTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunEnd {
    pub reason: EndReason,
    /// Simulated time of the last event processed.
    pub time: Time,
    /// Events processed.
    pub events: u64,
}

/// A component's state at a step, for the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentState {
    pub name: String,
    pub up: bool,
    pub slow_factor: f64,
    pub error_rate_override: Option<f64>,
    pub view: ComponentView,
}

/// Every component's state right after the event that produced a given step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub step: usize,
    pub time: Time,
    pub components: Vec<ComponentState>,
    /// Indices (into the scenario's links) of links cut at this moment.
    pub cut_links: Vec<usize>,
    /// Messages created and not yet ended.
    pub messages_in_flight: u32,
}

/// A run in progress. Use it to step through time or to inject faults as the UI's caller;
/// [`simulate`] is the shortcut for "run to the end".
pub struct Simulation {
    name: String,
    seed: u64,
    topo: Arc<Topology>,
    engine: Engine,
    steps: Vec<Step>,
    checkpoints: Vec<Checkpoint>,
    end: Option<EndReason>,
}

impl Simulation {
    /// Validates the scenario and prepares a run with this seed.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Self, ScenarioError> {
        let topo = Arc::new(compile(scenario)?);
        let engine = Engine::new(&topo, seed);
        let checkpoints = vec![Checkpoint {
            step: 0,
            engine: engine.clone(),
        }];
        Ok(Simulation {
            name: scenario.name.clone(),
            seed,
            topo,
            engine,
            steps: Vec::new(),
            checkpoints,
            end: None,
        })
    }

    pub fn now(&self) -> Time {
        self.engine.now
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// When the next event happens, if there is one ("advance to the next event").
    pub fn next_event_time(&mut self) -> Option<Time> {
        self.engine.next_time()
    }

    pub fn is_finished(&self) -> bool {
        self.end.is_some()
    }

    /// Schedules `fault` at `at` microseconds (now, if `at` is in the past).
    pub fn inject(&mut self, at: Time, fault: &Fault) -> Result<(), ScenarioError> {
        let act = self.topo.resolve(fault).map_err(|message| ScenarioError {
            place: Where::Scenario,
            message,
        })?;
        self.engine.inject(at, act);
        self.end = None;
        // A checkpoint here keeps seeking exact: replays of later steps start after the
        // injection, replays of earlier ones never reach it.
        self.checkpoints.push(Checkpoint {
            step: self.steps.len(),
            engine: self.engine.clone(),
        });
        Ok(())
    }

    /// The state of every component now (after the last processed event).
    pub fn snapshot(&self) -> Snapshot {
        snapshot(&self.topo, &self.engine, self.steps.len().saturating_sub(1))
    }

    /// Processes one event; false once the run is over (see [`Run::end`] for why).
    pub fn advance(&mut self) -> bool {
        if self.end.is_some() {
            return false;
        }
        let reason = if !self.engine.busy(&self.topo) {
            Some(EndReason::Finished)
        } else if self.engine.events >= self.topo.max_events {
            Some(EndReason::MaxEvents)
        } else {
            match self.engine.next_time() {
                None => Some(EndReason::Finished),
                Some(t) if t > self.topo.max_time => Some(EndReason::MaxTime),
                Some(_) => None,
            }
        };
        if reason.is_some() {
            self.end = reason;
            return false;
        }
        self.make_room();
        self.engine.process(&self.topo, &mut self.steps, 0);
        let last = self.checkpoints.last().map_or(0, |c| c.step);
        if self.steps.len() >= last + KEPT_EVERY {
            self.checkpoints.push(Checkpoint {
                step: self.steps.len(),
                engine: self.engine.clone(),
            });
        }
        true
    }

    /// Once the step list is nearly full and a tenth of the clients' requests has started,
    /// makes room for the whole run at once: the steps so far per request started, times
    /// the requests planned, and a quarter more. Growing by doubling instead copies the list
    /// again and again (15 MB copied for the sandbox benchmark's 177,600 steps, whose list
    /// ended a third empty); room left over is given back at the end (`finish`).
    fn make_room(&mut self) {
        const NEARLY_FULL: usize = 64;
        let len = self.steps.len();
        if self.steps.capacity() - len >= NEARLY_FULL {
            return;
        }
        let planned: u64 = self
            .topo
            .kinds
            .iter()
            .map(|k| match k {
                crate::scenario::Kind::Client(c) => c.workload.total() as u64,
                _ => 0,
            })
            .sum();
        let started = self.engine.requests_started() as u64;
        if planned == 0 || started * 10 < planned {
            return;
        }
        // Capped by the same extrapolation over the bound on events.
        let per = |total: u64, so_far: u64| (len as u64).saturating_mul(total) / so_far.max(1);
        let estimate = per(planned, started).min(per(self.topo.max_events, self.engine.events)) / 4 * 5;
        // Only a jump past the next doubling: smaller steps would copy the list more often
        // than doubling does when the estimate falls short. Room that cannot be had is no
        // error: the list grows as it would have.
        let estimate = usize::try_from(estimate).unwrap_or(usize::MAX);
        if estimate > 2 * len {
            let _ = self.steps.try_reserve_exact(estimate - len);
        }
    }

    /// Processes every event up to and including time `t`; false once the run is over.
    pub fn run_until(&mut self, t: Time) -> bool {
        while self.engine.next_time().is_some_and(|n| n <= t) {
            if !self.advance() {
                return false;
            }
        }
        self.end.is_none()
    }

    /// Runs to the end and returns the recorded run.
    pub fn finish(mut self) -> Run {
        while self.advance() {}
        // The list grew by doubling: up to half of it is spare room, which what is derived
        // from the run next (the player's lists) can use instead of new memory.
        self.steps.shrink_to_fit();
        let in_flight_at_end = self.engine.in_flight();
        let end = RunEnd {
            reason: self.end.unwrap_or(EndReason::Finished),
            time: self.engine.now,
            events: self.engine.events,
        };
        let metrics = metrics::compute(
            &self.topo,
            &self.steps,
            end.time,
            in_flight_at_end.len() as u64,
        );
        Run {
            scenario: self.name,
            seed: self.seed,
            messages_created: self.engine.messages_created(),
            ledger_errors: self.engine.core.ledger_errors,
            steps: self.steps,
            metrics,
            end,
            in_flight_at_end,
            topo: self.topo,
            checkpoints: self.checkpoints.into_iter().map(|start| Segment { start, within: OnceLock::new() }).collect(),
        }
    }
}

/// Runs `scenario` with `seed` to the end. Same scenario and seed, same run, byte for byte,
/// on every platform.
pub fn simulate(scenario: &Scenario, seed: u64) -> Result<Run, ScenarioError> {
    Ok(Simulation::new(scenario, seed)?.finish())
}

fn snapshot(topo: &Topology, engine: &Engine, step: usize) -> Snapshot {
    Snapshot {
        step,
        time: engine.now,
        components: engine
            .nodes
            .iter()
            .zip(&topo.kinds)
            .zip(&topo.names)
            .map(|((n, k), name)| ComponentState {
                name: name.clone(),
                up: n.up,
                slow_factor: n.slow,
                error_rate_override: n.error_override,
                view: components::view(&n.state, k, engine.now),
            })
            .collect(),
        cut_links: (0..topo.links.len())
            .filter(|&l| engine.is_cut(l))
            .collect(),
        messages_in_flight: engine.in_flight().len() as u32,
    }
}

/// A finished run: every step, the metrics, and checkpoints for seeking.
#[derive(Clone, Debug)]
pub struct Run {
    pub scenario: String,
    pub seed: u64,
    pub steps: Vec<Step>,
    pub metrics: Metrics,
    pub end: RunEnd,
    /// Messages that had not reached a terminal state when the run stopped.
    pub in_flight_at_end: Vec<MsgId>,
    pub messages_created: u32,
    /// Messages given a second terminal state. Always 0; kept so tests can prove it.
    pub ledger_errors: u32,
    topo: Arc<Topology>,
    checkpoints: Vec<Segment>,
}

impl Run {
    /// The last checkpoint at or before `step`, with the index of its segment (`None` past
    /// the end of the run): at most [`CHECKPOINT_EVERY`] steps before it.
    fn checkpoint_before(&self, step: usize) -> Option<(usize, &Checkpoint)> {
        if step >= self.steps.len() {
            return None;
        }
        let i = self
            .checkpoints
            .partition_point(|c| c.start.step <= step)
            .checked_sub(1)?;
        let segment = self.checkpoints.get(i)?;
        // Near the segment's start (a player's first drawing, the first steps after a kept
        // checkpoint) the start serves, and the copies between are not made yet.
        if step < segment.start.step + CHECKPOINT_EVERY {
            return Some((i, &segment.start));
        }
        let end = self.checkpoints.get(i + 1).map_or(self.steps.len(), |next| next.start.step);
        let within = segment.within.get_or_init(|| self.checkpoints_between(&segment.start, end));
        let closest = within.partition_point(|c| c.step <= step).checked_sub(1).and_then(|j| within.get(j));
        Some((i, closest.unwrap_or(&segment.start)))
    }

    /// The checkpoints after `from`, every [`CHECKPOINT_EVERY`] steps, up to step `end`
    /// (the next kept checkpoint, or the end of the run), by replaying the run from `from`.
    fn checkpoints_between(&self, from: &Checkpoint, end: usize) -> Vec<Checkpoint> {
        let mut out: Vec<Checkpoint> = Vec::new();
        self.replay(from, |done, engine| {
            if done < end && done >= out.last().unwrap_or(from).step + CHECKPOINT_EVERY {
                out.push(Checkpoint { step: done, engine: engine.clone() });
            }
            done < end
        });
        out
    }

    /// Replays the run from `from`, an event at a time, while `go_on` (told the steps done so
    /// far and the engine after them) says so; the engine where it stopped.
    fn replay(&self, from: &Checkpoint, mut go_on: impl FnMut(usize, &Engine) -> bool) -> Engine {
        let mut engine = from.engine.clone();
        let mut scratch = Vec::new();
        let mut done = from.step;
        loop {
            scratch.clear();
            if !engine.process(&self.topo, &mut scratch, done) {
                break;
            }
            done += scratch.len();
            if !go_on(done, &engine) {
                break;
            }
        }
        engine
    }

    /// Folds steps `steps` of this run into `tally` (see [`crate::Tally`]): from the start to
    /// the last step it gives the run's own metrics.
    pub fn tally(&self, tally: &mut crate::Tally, steps: std::ops::Range<usize>) {
        for s in self.steps.get(steps).unwrap_or_default() {
            tally.apply(&self.topo, s);
        }
    }

    /// The state of every component right after the event that produced step `step`
    /// (`None` past the end). Replays at most [`CHECKPOINT_EVERY`] steps.
    pub fn state_at(&self, step: usize) -> Option<Snapshot> {
        let (_, cp) = self.checkpoint_before(step)?;
        // The checkpoint is at or before `step`, so at least one event is replayed.
        let engine = self.replay(cp, |done, _| done <= step);
        Some(self.snapshot(&engine, step))
    }

    /// A simulation standing right after the event that produced step `step`, to change
    /// the future: inject a fault there and [`Simulation::finish`] again. The steps up to
    /// that point are identical to this run's (restored from the nearest checkpoint).
    pub fn resume_at(&self, step: usize) -> Option<Simulation> {
        let (i, cp) = self.checkpoint_before(step)?;
        let mut sim = Simulation {
            name: self.scenario.clone(),
            seed: self.seed,
            topo: Arc::clone(&self.topo),
            engine: cp.engine.clone(),
            steps: self.steps.get(..cp.step)?.to_vec(),
            checkpoints: self.checkpoints.get(..=i)?.iter().map(|c| c.start.clone()).collect(),
            end: None,
        };
        while sim.steps.len() <= step {
            if !sim.engine.process(&sim.topo, &mut sim.steps, 0) {
                break;
            }
        }
        Some(sim)
    }

    /// The state before the first step.
    pub fn initial_state(&self) -> Snapshot {
        match self.checkpoints.first() {
            Some(cp) => self.snapshot(&cp.start.engine, 0),
            // Every run starts with the checkpoint at step 0 (`Simulation::new`); without it
            // the same engine is made again from the topology and the seed.
            None => self.snapshot(&Engine::new(&self.topo, self.seed), 0),
        }
    }

    fn snapshot(&self, engine: &Engine, step: usize) -> Snapshot {
        snapshot(&self.topo, engine, step)
    }

    /// The topology as a petgraph graph: nodes are components ([`crate::NodeId`]), edges
    /// are indices into the scenario's links. Useful for laying out the diagram.
    pub fn graph(&self) -> &petgraph::graph::DiGraph<crate::NodeId, usize> {
        &self.topo.graph
    }

    /// Component names, indexed by [`crate::NodeId`].
    pub fn component_names(&self) -> &[String] {
        &self.topo.names
    }

    pub fn component_name(&self, n: crate::NodeId) -> &str {
        self.topo.name(n)
    }

    /// The operation an [`Step::op`] stands for, e.g. `"POST /payments"`.
    pub fn op_name(&self, op: u16) -> &str {
        self.topo
            .ops
            .get(op as usize)
            .map_or("message", |o| o.name.as_str())
    }

    /// For an [`crate::StepKind::Execution`] step: the history event's name in the service's
    /// vocabulary (`"TaskStateEntered"`, `"TaskScheduled"`, ...), the state it concerns
    /// (if any) and the branch (0: main; Parallel branches and Map iterations count up).
    pub fn execution_event(&self, i: usize) -> Option<(&'static str, Option<&str>, usize)> {
        let s = self.steps.get(i)?;
        if s.kind != crate::StepKind::Execution {
            return None;
        }
        let (name, branch, state) = crate::components::state_machine::decode(s.detail);
        let state = match (self.topo.kinds.get(s.node.0 as usize), state) {
            (Some(crate::scenario::Kind::StateMachine(m)), Some(i)) => {
                m.state_names.get(i).map(String::as_str)
            }
            _ => None,
        };
        Some((name, state, branch))
    }

    /// A plain-language sentence for step `i`.
    pub fn narration(&self, i: usize) -> String {
        self.steps
            .get(i)
            .map_or_else(String::new, |s| crate::narration::narrate(&self.topo, s))
    }

    /// A short payload summary for step `i`, e.g. `"POST /payments #12"` or `"429"`.
    pub fn summary(&self, i: usize) -> String {
        self.steps
            .get(i)
            .map_or_else(String::new, |s| crate::narration::summary(&self.topo, s))
    }

    /// FNV-1a 64 over a canonical little-endian encoding of every step and of the end.
    pub fn digest(&self) -> u64 {
        let mut h = Fnv::new();
        for s in &self.steps {
            h.step(s);
        }
        h.u64(self.end.time);
        h.u64(self.end.events);
        h.u64(self.end.reason as u64);
        for m in &self.in_flight_at_end {
            h.u64(m.0 as u64);
        }
        h.0
    }
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn step(&mut self, s: &Step) {
        use crate::step::Payload;
        self.u64(s.time);
        self.u64(s.kind as u64);
        self.u64(s.node.0 as u64);
        self.u64(s.peer.map_or(u64::MAX, |p| p.0 as u64));
        self.u64(s.msg.map_or(u64::MAX, |m| m.0 as u64));
        self.u64(s.corr as u64);
        self.u64(s.op as u64);
        let (tag, value) = match s.payload {
            Payload::Request => (0, 0),
            Payload::Reply { status } => (1, status as u64),
            Payload::Batch { size } => (2, size as u64),
            Payload::DeadLetter => (3, 0),
            Payload::None => (4, 0),
        };
        self.u64(tag);
        self.u64(value);
        self.u64(s.detail);
        self.u64(s.created as u64);
        self.u64(s.terminal.map_or(u64::MAX, |t| t as u64));
        self.u64(s.sent as u64);
    }
}
