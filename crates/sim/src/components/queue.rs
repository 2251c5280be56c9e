//! An SQS-like queue, standard or FIFO, with its pool of consumers.
//!
//! The rules, as SQS documents them:
//! - A received message stays in the queue, invisible for the visibility timeout; only a
//!   delete removes it. If the consumer fails or is too slow it becomes visible again.
//! - Each receive increments the receive count. Redrive policy: when a message that has
//!   already been received `maxReceiveCount` times would be received again, it moves to the
//!   dead-letter queue instead (the redrive rule lives in [`Queue::take_batch`]).
//! - Retention: a message older than the retention period is deleted.
//! - Delay: a new message stays invisible for the delay.
//! - Long polling: an idle consumer waits up to `wait_time` and is answered as soon as a
//!   message arrives.
//! - FIFO: while any message of a group is in flight, no other message of that group is
//!   delivered; a message identical to one sent within the deduplication window is accepted
//!   but not stored again.
//!
//! - Standard queues promise best-effort ordering and at-least-once delivery. With
//!   `reorder_rate` a receive takes a visible message at random instead of the oldest (SQS
//!   spreads messages over many servers and a receive samples only some of them), and with
//!   `duplicate_rate` a receive leaves a copy of the message behind (as when one of those
//!   servers missed the delete), which is delivered again. SQS publishes no rates for either; both are 0 unless a scenario sets them, and
//!   then duplicates also come from retries and visibility timeouts, as in practice.
//!
//! Simplifications: a failed batch is not partially deleted; a crashed queue keeps its messages
//! (SQS is durable), refuses new ones and pauses its consumers; retention of in-flight
//! messages is checked when they become visible again; with `wait_time = 0` an idle
//! consumer polls again after 1 s.

use std::collections::VecDeque;

use crate::id_map::IdMap;

use super::{ComponentView, Timer};
use crate::engine::{is_ok, CallRef, Cx, Envelope, TimerId};
use crate::kinds::queue::QueueC;
use crate::step::{NodeId, Payload, StepKind, Terminal, Time};

/// A stored message.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QMsg {
    env: Envelope,
    enqueued: Time,
    receives: u32,
}

/// The messages of one receive, in flight until deleted or their visibility timeout ends.
#[derive(Clone, Debug)]
struct Receipt {
    msgs: Vec<QMsg>,
    /// The consumer still waiting on its function for this batch.
    slot: Option<usize>,
    visibility: TimerId,
}

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    busy: Option<u32>,
    waiting: bool,
    /// Bumped on every poll, so an old long-poll timer is recognised and ignored.
    gen: u32,
    /// The pending re-poll, cancelled when a message wakes the consumer first.
    timer: Option<TimerId>,
}

const SHORT_POLL_PAUSE: Time = 1_000_000;

#[derive(Clone, Debug, Default)]
pub(crate) struct Queue {
    ready: VecDeque<QMsg>,
    inflight: IdMap<u32, Receipt>,
    inflight_msgs: u32,
    delayed: u32,
    dead_letters: u32,
    blocked_groups: IdMap<u16, u32>,
    /// FIFO deduplication: when each recently accepted message's window ends, by key
    /// (request, operation), and the same in arrival order so expired keys are dropped and
    /// the state stays as small as the window.
    dedup_until: IdMap<(u32, u16), Time>,
    dedup_order: VecDeque<(Time, (u32, u16))>,
    slots: Vec<Slot>,
    next_receipt: u32,
    retention_timer: bool,
}

impl Queue {
    pub fn new(c: &QueueC) -> Self {
        Queue {
            slots: vec![Slot::default(); c.consumers as usize],
            ..Default::default()
        }
    }

    pub fn start(&mut self, cx: &mut Cx, c: &QueueC) {
        if c.consumers > 0 {
            cx.timer(cx.now, Timer::QueueStart);
        }
    }

    pub fn idle(&self, up: bool) -> bool {
        self.inflight.is_empty()
            && self.delayed == 0
            && (self.ready.is_empty() || self.slots.is_empty() || !up)
    }

    pub fn view(&self, now: Time) -> ComponentView {
        ComponentView::Queue {
            visible: self.ready.len() as u32,
            in_flight: self.inflight_msgs,
            delayed: self.delayed,
            dead_letters: self.dead_letters,
            oldest_age: self.ready.iter().map(|m| m.enqueued).min().map(|t| now - t),
            busy_consumers: self.slots.iter().filter(|s| s.busy.is_some()).count() as u32,
        }
    }

    fn stored(&self) -> u64 {
        (self.ready.len() as u32 + self.inflight_msgs + self.delayed) as u64
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &QueueC, from: NodeId, env: Envelope) {
        match env.payload {
            Payload::Reply { status } => self.on_consumer_reply(cx, c, from, env, status),
            Payload::DeadLetter => {
                self.dead_letters += 1;
                cx.end(
                    StepKind::DeadLettered,
                    &env,
                    Some(from),
                    self.dead_letters as u64,
                    Terminal::DeadLettered,
                );
            }
            _ if env.call.is_some() => {
                // A synchronous SendMessage: the request is answered, and the stored message
                // is a new one with the same correlation id.
                cx.log(StepKind::Received, &env, Some(from), 0);
                let msg = cx.new_msg();
                let stored = Envelope {
                    msg,
                    call: None,
                    payload: Payload::Request,
                    ..env
                };
                self.accept(cx, c, stored, true, from);
                cx.reply(&env, 200);
            }
            _ => self.accept(cx, c, env, false, from),
        }
    }

    fn accept(&mut self, cx: &mut Cx, c: &QueueC, env: Envelope, created: bool, from: NodeId) {
        if c.fifo {
            self.forget_expired_dedup(cx.now);
            let key = (env.corr, env.op);
            if self.dedup_until.contains_key(&key) {
                cx.record(
                    StepKind::Deduplicated,
                    &env,
                    Some(from),
                    0,
                    created,
                    Some(Terminal::Consumed),
                );
                return;
            }
            self.dedup_until.insert(key, cx.now + c.dedup);
            self.dedup_order.push_back((cx.now + c.dedup, key));
        }
        let m = QMsg {
            env,
            enqueued: cx.now,
            receives: 0,
        };
        cx.record(
            StepKind::Enqueued,
            &env,
            Some(from),
            self.stored() + 1,
            created,
            None,
        );
        if c.delay > 0 {
            self.delayed += 1;
            cx.timer(cx.now + c.delay, Timer::QueueDelay(m));
        } else {
            self.push_ready(cx, c, m);
            self.dispatch(cx, c);
        }
    }

    fn forget_expired_dedup(&mut self, now: Time) {
        while let Some(&(until, key)) = self.dedup_order.front() {
            if until > now {
                break;
            }
            self.dedup_order.pop_front();
            self.dedup_until.remove(&key);
        }
    }

    /// Makes a message visible, keeping the visible messages in arrival order.
    fn push_ready(&mut self, cx: &mut Cx, c: &QueueC, m: QMsg) {
        let key = |q: &QMsg| (q.enqueued, q.env.msg);
        if self.ready.back().is_none_or(|b| key(b) <= key(&m)) {
            self.ready.push_back(m);
        } else {
            let at = self.ready.partition_point(|q| key(q) < key(&m));
            self.ready.insert(at, m);
        }
        self.ensure_retention_timer(cx, c);
    }

    fn ensure_retention_timer(&mut self, cx: &mut Cx, c: &QueueC) {
        if !self.retention_timer {
            if let Some(front) = self.ready.front() {
                self.retention_timer = true;
                cx.timer(front.enqueued + c.retention, Timer::Retention);
            }
        }
    }

    /// Wakes long-polling consumers while there are visible messages.
    fn dispatch(&mut self, cx: &mut Cx, c: &QueueC) {
        for s in 0..self.slots.len() {
            if self.ready.is_empty() {
                break;
            }
            if self.slots.get(s).is_some_and(|slot| slot.waiting) && !self.poll(cx, c, s) {
                break;
            }
        }
    }

    /// One consumer asks for a batch. Returns whether it got one.
    fn poll(&mut self, cx: &mut Cx, c: &QueueC, s: usize) -> bool {
        let Some(slot) = self.slots.get_mut(s) else {
            return false;
        };
        slot.gen = slot.gen.wrapping_add(1);
        let gen = slot.gen;
        slot.waiting = false;
        if let Some(t) = slot.timer.take() {
            cx.cancel(t);
        }
        if !cx.up || slot.busy.is_some() {
            return false;
        }
        let Some(link) = c.consumer_link else {
            return false;
        };
        let batch = self.take_batch(cx, c, link);
        let Some(first) = batch.first().map(|m| m.env) else {
            let pause = if c.wait > 0 { c.wait } else { SHORT_POLL_PAUSE };
            let timer = cx.timer(
                cx.now + pause,
                Timer::Poll {
                    slot: s as u32,
                    gen,
                },
            );
            if let Some(slot) = self.slots.get_mut(s) {
                slot.waiting = c.wait > 0;
                slot.timer = Some(timer);
            }
            return false;
        };
        let r = self.next_receipt;
        self.next_receipt = self.next_receipt.wrapping_add(1);
        if c.fifo {
            for m in &batch {
                let held = self.blocked_groups.get(&m.env.group).copied().unwrap_or(0);
                self.blocked_groups.insert(m.env.group, held + 1);
            }
        }
        let size = batch.len() as u16;
        self.inflight_msgs += size as u32;
        if let Some(slot) = self.slots.get_mut(s) {
            slot.busy = Some(r);
        }
        let visibility = cx.timer(cx.now + c.visibility, Timer::Visibility(r));
        self.inflight.insert(
            r,
            Receipt {
                msgs: batch,
                slot: Some(s),
                visibility,
            },
        );
        let invoke = Envelope {
            call: Some(CallRef {
                caller: cx.me,
                id: r,
            }),
            payload: Payload::Batch { size },
            ..first
        };
        cx.send(link, invoke, false);
        true
    }

    /// Takes up to `batch_size` deliverable messages, applying the redrive policy.
    fn take_batch(&mut self, cx: &mut Cx, c: &QueueC, link: usize) -> Vec<QMsg> {
        let consumer = cx.topo.target(link);
        let mut batch = Vec::new();
        let mut copies = Vec::new();
        while batch.len() < c.batch as usize {
            let next = if c.fifo {
                // The first message of a group that has nothing in flight. Groups taken by
                // this batch are not blocked yet, so a batch may carry several messages of
                // one group, in order.
                self.ready
                    .iter()
                    .position(|m| !self.blocked_groups.contains_key(&m.env.group))
            } else {
                self.best_effort_pick(cx, c)
            };
            let Some(mut m) = next.and_then(|i| self.ready.remove(i)) else {
                break;
            };
            if let (Some(max), Some(dlq)) = (c.max_receives, c.dead_letter) {
                if m.receives >= max {
                    cx.log(StepKind::Redriven, &m.env, Some(dlq), m.receives as u64);
                    cx.deliver_internal(
                        dlq,
                        Envelope {
                            payload: Payload::DeadLetter,
                            ..m.env
                        },
                    );
                    continue;
                }
            }
            m.receives += 1;
            cx.log(
                StepKind::ReceivedFromQueue,
                &m.env,
                consumer,
                m.receives as u64,
            );
            if c.duplicate_rate > 0.0 && cx.unit() < c.duplicate_rate {
                copies.push(m);
            }
            batch.push(m);
        }
        // Copies join the visible messages after the batch, so a batch never holds one
        // message twice.
        for m in copies {
            self.keep_copy(cx, m, batch.len());
        }
        batch
    }

    /// The index of the visible message a standard queue hands out next: the oldest, or,
    /// with probability `reorder_rate`, any of them (drawn only when the scenario sets a rate
    /// and there is a choice).
    fn best_effort_pick(&self, cx: &mut Cx, c: &QueueC) -> Option<usize> {
        let n = self.ready.len();
        if n == 0 {
            return None;
        }
        if c.reorder_rate > 0.0 && n > 1 && cx.unit() < c.reorder_rate {
            return Some(((cx.unit() * n as f64) as usize).min(n - 1));
        }
        Some(0)
    }

    /// Stores a second copy of a delivered message, as a new message of the same request that
    /// has not been received yet. It becomes visible through the delay timer at this same
    /// instant, which also wakes a long-polling consumer for it.
    /// `handing_out` is the batch being delivered, not counted as in flight yet.
    fn keep_copy(&mut self, cx: &mut Cx, m: QMsg, handing_out: usize) {
        let copy = QMsg {
            env: Envelope {
                msg: cx.new_msg(),
                ..m.env
            },
            enqueued: m.enqueued,
            receives: 0,
        };
        self.delayed += 1;
        let stored = self.stored() + handing_out as u64;
        cx.record(StepKind::Duplicated, &copy.env, None, stored, true, None);
        cx.timer(cx.now, Timer::QueueDelay(copy));
    }

    fn unblock(&mut self, c: &QueueC, group: u16) {
        if !c.fifo {
            return;
        }
        if let Some(n) = self.blocked_groups.get_mut(&group) {
            *n -= 1;
            if *n == 0 {
                self.blocked_groups.remove(&group);
            }
        }
    }

    fn on_consumer_reply(
        &mut self,
        cx: &mut Cx,
        c: &QueueC,
        from: NodeId,
        env: Envelope,
        status: u16,
    ) {
        let r = env.call.map_or(u32::MAX, |call| call.id);
        let Some(receipt) = self.inflight.get_mut(&r) else {
            // The visibility timeout ended first: the receipt is stale and the delete fails.
            cx.log(StepKind::LateReply, &env, Some(from), status as u64);
            return;
        };
        let slot = receipt.slot.take();
        cx.log(StepKind::Received, &env, Some(from), status as u64);
        if is_ok(status) {
            let Some(receipt) = self.inflight.remove(&r) else {
                return;
            };
            cx.cancel(receipt.visibility);
            for m in receipt.msgs {
                self.unblock(c, m.env.group);
                self.inflight_msgs -= 1;
                cx.end(
                    StepKind::Deleted,
                    &m.env,
                    Some(from),
                    m.receives as u64,
                    Terminal::Consumed,
                );
            }
        }
        // On failure the batch stays invisible until its visibility timeout: SQS has no
        // negative acknowledgement.
        if let Some(s) = slot {
            if let Some(slot) = self.slots.get_mut(s) {
                slot.busy = None;
            }
            self.poll(cx, c, s);
        }
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &QueueC, t: Timer) {
        match t {
            Timer::QueueStart => {
                for s in 0..self.slots.len() {
                    self.poll(cx, c, s);
                }
            }
            Timer::Poll { slot, gen } => {
                let s = slot as usize;
                if let Some(sl) = self.slots.get_mut(s).filter(|sl| sl.gen == gen) {
                    sl.timer = None;
                    self.poll(cx, c, s);
                }
            }
            Timer::QueueDelay(m) => {
                self.delayed -= 1;
                self.push_ready(cx, c, m);
                self.dispatch(cx, c);
            }
            Timer::Visibility(r) => self.visibility_expired(cx, c, r),
            Timer::Retention => {
                self.retention_timer = false;
                while let Some(m) = self.ready.front().copied() {
                    if m.enqueued + c.retention > cx.now {
                        break;
                    }
                    self.ready.pop_front();
                    cx.end(
                        StepKind::Expired,
                        &m.env,
                        None,
                        m.receives as u64,
                        Terminal::Expired,
                    );
                }
                self.ensure_retention_timer(cx, c);
            }
            _ => {}
        }
    }

    fn visibility_expired(&mut self, cx: &mut Cx, c: &QueueC, r: u32) {
        let Some(receipt) = self.inflight.remove(&r) else {
            return;
        };
        for m in receipt.msgs {
            self.unblock(c, m.env.group);
            self.inflight_msgs -= 1;
            if cx.now - m.enqueued >= c.retention {
                cx.end(
                    StepKind::Expired,
                    &m.env,
                    None,
                    m.receives as u64,
                    Terminal::Expired,
                );
            } else {
                cx.log(StepKind::VisibilityExpired, &m.env, None, m.receives as u64);
                self.push_ready(cx, c, m);
            }
        }
        // The consumer stops waiting for a batch it no longer holds.
        if let Some(s) = receipt.slot {
            if let Some(slot) = self.slots.get_mut(s).filter(|slot| slot.busy == Some(r)) {
                slot.busy = None;
                self.poll(cx, c, s);
            }
        }
        self.dispatch(cx, c);
    }

    pub fn crash(&mut self, cx: &mut Cx) {
        for s in &mut self.slots {
            s.waiting = false;
            s.gen = s.gen.wrapping_add(1);
            if let Some(t) = s.timer.take() {
                cx.cancel(t);
            }
        }
    }

    pub fn restart(&mut self, cx: &mut Cx, c: &QueueC) {
        for s in 0..self.slots.len() {
            self.poll(cx, c, s);
        }
    }
}
