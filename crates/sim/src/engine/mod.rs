//! The discrete-event engine: clock, event queue, random generator, message ledger and the
//! loop that hands each event to the component it concerns.
//!
//! Components never touch each other: they talk by scheduling events through [`Cx`], which
//! also records every [`Step`]. The whole engine state is `Clone`, which is how runs keep
//! checkpoints for fast seeking (see `run.rs`).

use std::collections::VecDeque;

pub(crate) mod dist;
pub(crate) mod events;
pub mod rng;

use crate::components::{self, State, Timer};
use crate::scenario::{Act, Topology};
pub use crate::step::Time;
use crate::step::{MsgId, NodeId, Payload, Step, StepKind, Terminal, NO_STEP};
use dist::Sampler;
use events::EventQueue;
pub(crate) use events::TimerId;
use rng::Rng;

/// Who is waiting for the answer to a synchronous call, and the caller's own id for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallRef {
    pub caller: NodeId,
    pub id: u32,
}

/// A message (or a reply) travelling between components.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Envelope {
    pub msg: MsgId,
    pub corr: u32,
    /// FIFO message group.
    pub group: u16,
    pub op: u16,
    /// Set on synchronous requests and on their replies.
    pub call: Option<CallRef>,
    pub payload: Payload,
}

impl Envelope {
    /// True when nobody waits on this message: whoever holds it decides its fate.
    fn is_owned_by_holder(&self) -> bool {
        self.call.is_none() && !matches!(self.payload, Payload::Reply { .. })
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Event {
    Arrive {
        to: NodeId,
        from: NodeId,
        env: Envelope,
        /// Index of the `Sent` step, so the arrival step can point back at it.
        sent: u32,
    },
    Timer {
        node: NodeId,
        timer: Timer,
    },
    Fault(Act),
}

pub(crate) fn is_ok(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The terminal state of a sync request whose reply reached its caller.
pub(crate) fn fate(status: u16) -> Terminal {
    if is_ok(status) {
        Terminal::Consumed
    } else {
        Terminal::Rejected
    }
}

/// Engine-wide state shared by all components (everything except the components).
#[derive(Clone, Debug)]
pub(crate) struct Core {
    queue: EventQueue,
    rng: Rng,
    next_msg: u32,
    next_corr: u32,
    /// Bit per message, set while the message has no terminal state yet. Only the window
    /// from the oldest word with a live message is kept, so memory follows the messages in
    /// flight rather than all messages ever created.
    live: VecDeque<u64>,
    /// Index of the first word in `live`.
    live_base: usize,
    /// Terminal states recorded for a message that already had one (must stay 0).
    pub ledger_errors: u32,
    in_transit: u32,
    pending_faults: u32,
    cut: Vec<bool>,
    /// Per component: crashed (a registry's heartbeats read it through `Cx::is_up`).
    down: Vec<bool>,
}

impl Core {
    fn is_cut(&self, link: usize) -> bool {
        self.cut.get(link).copied().unwrap_or(false)
    }

    /// Clears a message's live bit; a message that was not live is a ledger error.
    fn end_message(&mut self, msg: MsgId) {
        let bit = 1u64 << (msg.0 % 64);
        let word = (msg.0 as usize / 64).checked_sub(self.live_base);
        match word.and_then(|w| self.live.get_mut(w)) {
            Some(w) if *w & bit != 0 => *w &= !bit,
            _ => {
                self.ledger_errors += 1;
                return;
            }
        }
        // Drop leading words whose 64 messages have all been created and ended.
        while self.live.front() == Some(&0) && (self.live_base + 1) * 64 <= self.next_msg as usize {
            self.live.pop_front();
            self.live_base += 1;
        }
    }
}

/// What a component handler may do: read the clock and its configuration, draw random
/// numbers, create messages, schedule events and record steps.
pub(crate) struct Cx<'a> {
    pub now: Time,
    pub me: NodeId,
    pub up: bool,
    slow: f64,
    error_override: Option<f64>,
    pub topo: &'a Topology,
    core: &'a mut Core,
    steps: &'a mut Vec<Step>,
    /// The run's index of `steps[0]`: a replay records into a scratch list.
    first: usize,
    /// The `Sent` step the next recorded step completes (set while handling an arrival).
    arrival_of: u32,
}

impl Cx<'_> {
    /// Whether component `n` is running (not crashed). Only a registry's simulated
    /// heartbeats use this: an instance's agent renews its lease while the instance runs.
    pub fn is_up(&self, n: NodeId) -> bool {
        !self.core.down.get(n.0 as usize).copied().unwrap_or(false)
    }

    pub fn unit(&mut self) -> f64 {
        self.core.rng.unit()
    }

    /// A duration from `s`, stretched by a "slow" fault at this component.
    pub fn sample(&mut self, s: &Sampler) -> Time {
        s.sample(&mut self.core.rng, self.slow)
    }

    /// A draw from `s` that no fault stretches (arrival gaps).
    pub fn sample_plain(&mut self, s: &Sampler) -> Time {
        s.sample(&mut self.core.rng, 1.0)
    }

    /// Draws whether this attempt fails, honouring an error-rate fault.
    pub fn fails(&mut self, base_rate: f64) -> bool {
        let p = self.error_override.unwrap_or(base_rate);
        self.core.rng.chance(p)
    }

    pub fn new_msg(&mut self) -> MsgId {
        let id = self.core.next_msg;
        self.core.next_msg += 1;
        let core = &mut *self.core;
        let word = id as usize / 64 - core.live_base;
        if word >= core.live.len() {
            core.live.push_back(0);
        }
        if let Some(bits) = core.live.get_mut(word) {
            *bits |= 1 << (id % 64);
        }
        MsgId(id)
    }

    pub fn new_corr(&mut self) -> u32 {
        self.core.next_corr += 1;
        self.core.next_corr - 1
    }

    pub fn timer(&mut self, at: Time, timer: Timer) -> TimerId {
        self.core.queue.push(
            at,
            Event::Timer {
                node: self.me,
                timer,
            },
        )
    }

    /// Cancels a timer that has not fired yet.
    pub fn cancel(&mut self, id: TimerId) {
        self.core.queue.cancel(id);
    }

    /// Records a step about `env`; the general form behind the helpers below.
    pub fn record(
        &mut self,
        kind: StepKind,
        env: &Envelope,
        peer: Option<NodeId>,
        detail: u64,
        created: bool,
        terminal: Option<Terminal>,
    ) {
        if terminal.is_some() {
            self.core.end_message(env.msg);
        }
        self.steps.push(Step {
            time: self.now,
            kind,
            node: self.me,
            peer,
            msg: Some(env.msg),
            corr: env.corr,
            op: env.op,
            payload: env.payload,
            detail,
            created,
            terminal,
            sent: std::mem::replace(&mut self.arrival_of, NO_STEP),
        });
    }

    pub fn log(&mut self, kind: StepKind, env: &Envelope, peer: Option<NodeId>, detail: u64) {
        self.record(kind, env, peer, detail, false, None);
    }

    /// Records the step that ends `env`'s message.
    pub fn end(
        &mut self,
        kind: StepKind,
        env: &Envelope,
        peer: Option<NodeId>,
        detail: u64,
        terminal: Terminal,
    ) {
        self.record(kind, env, peer, detail, false, Some(terminal));
    }

    /// A step about this component itself (a circuit opening), not about a message.
    pub fn log_node(&mut self, kind: StepKind, detail: u64) {
        push_node_step(self.steps, self.now, kind, self.me, None, detail);
    }

    /// Puts `env` on `link`. On a cut link it is lost: a message nobody waits for ends here,
    /// a request or reply is left to its caller's timeout.
    pub fn send(&mut self, link: usize, env: Envelope, created: bool) {
        let topo = self.topo;
        let Some(l) = topo.links.get(link) else {
            return;
        };
        let to = if l.from == self.me { l.to } else { l.from };
        let sent = (self.first + self.steps.len()) as u32;
        self.record(StepKind::Sent, &env, Some(to), 0, created, None);
        if self.core.is_cut(link) {
            self.arrival_of = sent;
            let fate = env.is_owned_by_holder().then_some(Terminal::DroppedByFault);
            self.record(StepKind::Dropped, &env, Some(to), 0, false, fate);
            return;
        }
        let at = self.now + l.latency.sample(&mut self.core.rng, 1.0);
        self.core.in_transit += 1;
        self.core.queue.push(
            at,
            Event::Arrive {
                to,
                from: self.me,
                env,
                sent,
            },
        );
    }

    /// Answers the synchronous request `req` with `status`, over the link it came in on.
    pub fn reply(&mut self, req: &Envelope, status: u16) {
        let Some(call) = req.call else { return };
        let env = Envelope {
            payload: Payload::Reply { status },
            ..*req
        };
        match self.topo.link_between(call.caller, self.me) {
            Some(link) => self.send(link, env, false),
            None => self.deliver_internal(call.caller, env),
        }
    }

    /// Hands `env` to `to` inside the provider, with no link and no latency (a redrive to a
    /// dead-letter queue).
    pub fn deliver_internal(&mut self, to: NodeId, env: Envelope) {
        let sent = (self.first + self.steps.len()) as u32;
        self.record(StepKind::Sent, &env, Some(to), 0, false, None);
        self.core.in_transit += 1;
        self.core.queue.push(
            self.now,
            Event::Arrive {
                to,
                from: self.me,
                env,
                sent,
            },
        );
    }
}

fn push_node_step(
    steps: &mut Vec<Step>,
    time: Time,
    kind: StepKind,
    node: NodeId,
    peer: Option<NodeId>,
    detail: u64,
) {
    steps.push(Step {
        time,
        kind,
        node,
        peer,
        msg: None,
        corr: 0,
        op: 0,
        payload: Payload::None,
        detail,
        created: false,
        terminal: None,
        sent: NO_STEP,
    });
}

/// A component's place in the run: its state plus the faults currently applied to it.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub up: bool,
    pub slow: f64,
    pub error_override: Option<f64>,
    pub state: State,
}

/// Everything that changes during a run. Cloning it is a checkpoint.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    pub now: Time,
    pub events: u64,
    pub core: Core,
    pub nodes: Vec<Node>,
}

impl Engine {
    pub fn new(topo: &Topology, seed: u64) -> Self {
        let mut engine = Engine {
            now: 0,
            events: 0,
            core: Core {
                queue: EventQueue::default(),
                rng: Rng::new(seed),
                next_msg: 0,
                next_corr: 0,
                live: VecDeque::new(),
                live_base: 0,
                ledger_errors: 0,
                in_transit: 0,
                pending_faults: 0,
                cut: vec![false; topo.links.len()],
                down: vec![false; topo.kinds.len()],
            },
            nodes: topo
                .kinds
                .iter()
                .map(|k| Node {
                    up: true,
                    slow: 1.0,
                    error_override: None,
                    state: State::new(k),
                })
                .collect(),
        };
        for i in 0..engine.nodes.len() {
            engine.with_node(topo, &mut Vec::new(), 0, NodeId(i as u32), |s, k, cx| {
                components::start(s, k, cx)
            });
        }
        for &(at, act) in &topo.faults {
            engine.inject(at, act);
        }
        engine
    }

    /// Schedules a fault; `at` earlier than now means now.
    pub fn inject(&mut self, at: Time, act: Act) {
        self.core.pending_faults += 1;
        self.core.queue.push(at.max(self.now), Event::Fault(act));
    }

    pub fn next_time(&mut self) -> Option<Time> {
        self.core.queue.peek_time()
    }

    /// True while something can still happen: a message in transit, a fault to come, or a
    /// component with work (idle long polls and stale timers do not count).
    pub fn busy(&self, topo: &Topology) -> bool {
        self.core.in_transit > 0
            || self.core.pending_faults > 0
            || self
                .nodes
                .iter()
                .zip(&topo.kinds)
                .any(|(n, k)| !components::idle(&n.state, k, n.up))
    }

    /// Messages created and not yet ended.
    pub fn in_flight(&self) -> Vec<MsgId> {
        let mut v = Vec::new();
        for (w, &bits) in self.core.live.iter().enumerate() {
            let mut b = bits;
            while b != 0 {
                let i = b.trailing_zeros();
                v.push(MsgId(((self.core.live_base + w) * 64) as u32 + i));
                b &= b - 1;
            }
        }
        v
    }

    pub fn messages_created(&self) -> u32 {
        self.core.next_msg
    }

    /// Client requests started so far (each takes the next correlation id).
    pub fn requests_started(&self) -> u32 {
        self.core.next_corr
    }

    /// Runs `f` on one node with a context for it.
    fn with_node(
        &mut self,
        topo: &Topology,
        steps: &mut Vec<Step>,
        first: usize,
        me: NodeId,
        f: impl FnOnce(&mut State, &crate::scenario::Kind, &mut Cx),
    ) {
        let Engine {
            now, core, nodes, ..
        } = self;
        let (Some(node), Some(kind)) = (nodes.get_mut(me.0 as usize), topo.kinds.get(me.0 as usize)) else {
            return;
        };
        let mut cx = Cx {
            now: *now,
            me,
            up: node.up,
            slow: node.slow,
            error_override: node.error_override,
            topo,
            core,
            steps,
            first,
            arrival_of: NO_STEP,
        };
        f(&mut node.state, kind, &mut cx);
    }

    /// Processes the next event, recording its steps in `steps`, whose first is the run's
    /// step `first`; false when there is none.
    pub fn process(&mut self, topo: &Topology, steps: &mut Vec<Step>, first: usize) -> bool {
        let Some((at, event)) = self.core.queue.pop() else {
            return false;
        };
        self.now = at;
        self.events += 1;
        match event {
            Event::Arrive {
                to,
                from,
                env,
                sent,
            } => {
                self.core.in_transit -= 1;
                let up = self.nodes.get(to.0 as usize).is_some_and(|n| n.up);
                self.with_node(topo, steps, first, to, |s, k, cx| {
                    // Every handler records the arrival first; that step points at the send.
                    cx.arrival_of = sent;
                    if up {
                        components::arrive(s, k, cx, from, env);
                    } else {
                        // A down component loses what reaches it; a waiting caller times out.
                        let fate = env.is_owned_by_holder().then_some(Terminal::DroppedByFault);
                        cx.record(StepKind::Dropped, &env, Some(from), 0, false, fate);
                    }
                });
            }
            Event::Timer { node, timer } => {
                self.with_node(topo, steps, first, node, |s, k, cx| {
                    components::timer(s, k, cx, timer)
                });
            }
            Event::Fault(act) => {
                self.core.pending_faults -= 1;
                self.apply(topo, steps, first, act);
            }
        }
        true
    }

    /// Marks node `n` up or down; false when it already was (or does not exist).
    fn set_up(&mut self, n: NodeId, up: bool) -> bool {
        let (Some(node), Some(down)) = (self.nodes.get_mut(n.0 as usize), self.core.down.get_mut(n.0 as usize)) else {
            return false;
        };
        if node.up == up {
            return false;
        }
        node.up = up;
        *down = !up;
        true
    }

    fn apply(&mut self, topo: &Topology, steps: &mut Vec<Step>, first: usize, act: Act) {
        let now = self.now;
        // Faults are resolved against this topology (`Topology::resolve`), so a node or
        // link they name exists; one that did not would be ignored, never a panic.
        match act {
            Act::Crash(n) if self.nodes.get(n.0 as usize).is_some_and(|node| node.up) => {
                self.with_node(topo, steps, first, n, components::crash);
                self.set_up(n, false);
                push_node_step(steps, now, StepKind::Crashed, n, None, 0);
            }
            Act::Restart(n) if self.set_up(n, true) => {
                push_node_step(steps, now, StepKind::Restarted, n, None, 0);
                self.with_node(topo, steps, first, n, components::restart);
            }
            Act::Crash(_) | Act::Restart(_) => {}
            Act::Slow(n, f) => {
                let Some(node) = self.nodes.get_mut(n.0 as usize) else { return };
                node.slow = f;
                push_node_step(
                    steps,
                    now,
                    StepKind::Slowed,
                    n,
                    None,
                    libm::round(f * 100.0) as u64,
                );
            }
            Act::Errors(n, rate) => {
                let Some(node) = self.nodes.get_mut(n.0 as usize) else { return };
                node.error_override = rate;
                let detail = rate.map_or(u64::MAX, |r| libm::round(r * 100.0) as u64);
                push_node_step(steps, now, StepKind::ErrorRateSet, n, None, detail);
            }
            Act::Cut(l) | Act::Repair(l) => {
                let cut = matches!(act, Act::Cut(_));
                let Some(link) = topo.links.get(l) else {
                    return;
                };
                // Every link between the two components (a function's outcome links to one
                // target are several) shares the fate of the one named.
                for (other, is_cut) in topo.links.iter().zip(self.core.cut.iter_mut()) {
                    if (other.from, other.to) == (link.from, link.to) {
                        *is_cut = cut;
                    }
                }
                let kind = if cut {
                    StepKind::LinkCut
                } else {
                    StepKind::LinkRepaired
                };
                push_node_step(steps, now, kind, link.from, Some(link.to), l as u64);
            }
        }
    }

    pub fn is_cut(&self, link: usize) -> bool {
        self.core.is_cut(link)
    }
}
