//! A Kinesis-like stream (or DynamoDB stream) read by a Lambda event source mapping.
//!
//! - A record goes to the shard its partition key hashes to; the partition key is the
//!   request's message group (a client's `groups`), so one key always lands on one shard.
//! - Each shard is read in order, one batch at a time, by the consumer on the stream's one
//!   outgoing link (a synchronous invocation, as the event source mapping makes).
//! - A failed batch (an error, a throttle or no answer within `timeout`) is retried, the
//!   same records in the same order, until it succeeds or its records expire: the shard is
//!   blocked meanwhile, and records behind it wait (the iterator age grows). Records older
//!   than the retention period, or the mapping's maximum record age, expire; after
//!   `max_retry_attempts` the batch is discarded (failed).
//! - The iterator age (how old the oldest record read is) is the `detail` of each
//!   `ShardRead` step and the stream's view shows the largest one.
//!
//! Simplifications: the hash is a fixed mix of the key, not MD5 over hash-key ranges; a
//! shard is read again as soon as it has records (the service polls each shard about once
//! per second); no batch bisection, no on-failure destination, no resharding.

use std::collections::VecDeque;

use super::{ComponentView, Timer};
use crate::engine::{is_ok, CallRef, Cx, Envelope, TimerId};
use crate::kinds::stream::StreamC;
use crate::step::{NodeId, Payload, StepKind, Terminal, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct Stream {
    shards: Vec<Shard>,
    next_receipt: u32,
}

#[derive(Clone, Debug, Default)]
struct Shard {
    records: VecDeque<Rec>,
    /// The batch being processed: receipt, size, timeout timer.
    busy: Option<(u32, u16, TimerId)>,
    /// Waiting to retry the batch at its head.
    retry_pending: bool,
    /// Failed attempts of the batch at the head.
    failures: u32,
    iterator_age: Time,
}

#[derive(Clone, Copy, Debug)]
struct Rec {
    env: Envelope,
    at: Time,
}

/// The shard a partition key hashes to.
fn shard_of(key: u16, shards: usize) -> usize {
    let h = (key as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((h >> 32) % shards.max(1) as u64) as usize
}

impl Stream {
    fn ensure(&mut self, c: &StreamC) {
        if self.shards.len() != c.shards as usize {
            self.shards = vec![Shard::default(); c.shards as usize];
        }
    }

    pub fn idle(&self, up: bool) -> bool {
        !up || self
            .shards
            .iter()
            .all(|s| s.records.is_empty() && s.busy.is_none() && !s.retry_pending)
    }

    pub fn view(&self, now: Time) -> ComponentView {
        ComponentView::Stream {
            records: self.shards.iter().map(|s| s.records.len() as u32).collect(),
            blocked: self.shards.iter().map(|s| s.failures > 0).collect(),
            iterator_age: self
                .shards
                .iter()
                .filter_map(|s| s.records.front().map(|r| now.saturating_sub(r.at)))
                .max()
                .unwrap_or(0),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &StreamC, from: NodeId, env: Envelope) {
        self.ensure(c);
        if let Payload::Reply { status } = env.payload {
            return self.on_reply(cx, c, from, env, status);
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        let rec_env = if env.call.is_some() {
            // PutRecord answers once the record is stored; the record lives on as its own
            // message.
            let msg = cx.new_msg();
            let rec = Envelope {
                msg,
                call: None,
                ..env
            };
            cx.record(StepKind::AppendedToShard, &rec, None, 0, true, None);
            cx.reply(&env, 200);
            rec
        } else {
            env
        };
        let s = shard_of(env.group, self.shards.len());
        // `ensure` made `c.shards` shards, and validation requires at least one.
        let Some(shard) = self.shards.get_mut(s) else {
            return;
        };
        shard.records.push_back(Rec {
            env: rec_env,
            at: cx.now,
        });
        if env.call.is_none() {
            cx.log(StepKind::AppendedToShard, &rec_env, None, s as u64);
        }
        self.read(cx, c, s);
    }

    /// Expires what is too old at the head of shard `s`, then sends its next batch.
    fn read(&mut self, cx: &mut Cx, c: &StreamC, s: usize) {
        if !cx.up {
            return;
        }
        let Some(shard) = self.shards.get_mut(s) else {
            return;
        };
        if shard.busy.is_some() || shard.retry_pending {
            return;
        }
        while let Some(r) = shard.records.front().copied() {
            if cx.now.saturating_sub(r.at) <= c.max_age {
                break;
            }
            shard.records.pop_front();
            shard.failures = 0;
            cx.end(
                StepKind::Expired,
                &r.env,
                None,
                cx.now - r.at,
                Terminal::Expired,
            );
        }
        let Some(first) = shard.records.front().copied() else {
            shard.iterator_age = 0;
            return;
        };
        let size = shard.records.len().min(c.batch as usize) as u16;
        shard.iterator_age = cx.now - first.at;
        let r = self.next_receipt;
        self.next_receipt = self.next_receipt.wrapping_add(1);
        let timeout = cx.timer(cx.now + c.timeout, Timer::StreamTimeout(r));
        shard.busy = Some((r, size, timeout));
        cx.log(
            StepKind::ShardRead,
            &first.env,
            cx.topo.target(c.link),
            shard.iterator_age,
        );
        let invoke = Envelope {
            call: Some(CallRef {
                caller: cx.me,
                id: r,
            }),
            payload: Payload::Batch { size },
            ..first.env
        };
        cx.send(c.link, invoke, false);
    }

    fn shard_of_receipt(&self, r: u32) -> Option<usize> {
        self.shards
            .iter()
            .position(|s| s.busy.is_some_and(|(id, _, _)| id == r))
    }

    fn on_reply(&mut self, cx: &mut Cx, c: &StreamC, from: NodeId, env: Envelope, status: u16) {
        let r = env.call.map_or(u32::MAX, |call| call.id);
        let Some(s) = self.shard_of_receipt(r) else {
            cx.log(StepKind::LateReply, &env, Some(from), status as u64);
            return;
        };
        cx.log(StepKind::Received, &env, Some(from), status as u64);
        self.done(cx, c, s, is_ok(status), false);
    }

    /// The batch at the head of shard `s` succeeded or failed.
    fn done(&mut self, cx: &mut Cx, c: &StreamC, s: usize, ok: bool, timed_out: bool) {
        let Some(shard) = self.shards.get_mut(s) else {
            return;
        };
        let Some((_, size, timeout)) = shard.busy.take() else {
            return;
        };
        if !timed_out {
            cx.cancel(timeout);
        }
        let consumer = cx.topo.target(c.link);
        if ok {
            shard.failures = 0;
            for _ in 0..size {
                if let Some(r) = shard.records.pop_front() {
                    cx.end(
                        StepKind::Checkpointed,
                        &r.env,
                        consumer,
                        s as u64,
                        Terminal::Consumed,
                    );
                }
            }
            self.read(cx, c, s);
            return;
        }
        shard.failures += 1;
        let Some(head) = shard.records.front().copied() else {
            return;
        };
        if c.max_retries.is_some_and(|m| shard.failures > m) {
            // The mapping gives up on the batch: its records are skipped.
            shard.failures = 0;
            for _ in 0..size {
                if let Some(r) = shard.records.pop_front() {
                    cx.end(StepKind::Discarded, &r.env, None, 0, Terminal::Failed);
                }
            }
            self.read(cx, c, s);
            return;
        }
        cx.log(StepKind::Retried, &head.env, None, shard.failures as u64);
        shard.retry_pending = true;
        cx.timer(cx.now + c.retry_delay, Timer::StreamRetry(s as u32));
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &StreamC, t: Timer) {
        self.ensure(c);
        match t {
            Timer::StreamRetry(s) => {
                if let Some(shard) = self.shards.get_mut(s as usize) {
                    shard.retry_pending = false;
                    self.read(cx, c, s as usize);
                }
            }
            Timer::StreamTimeout(r) => {
                if let Some(s) = self.shard_of_receipt(r) {
                    let head = self.shards.get(s).and_then(|shard| shard.records.front().copied());
                    if let Some(r) = head {
                        cx.log(StepKind::TimedOut, &r.env, cx.topo.target(c.link), 0);
                    }
                    self.done(cx, c, s, false, true);
                }
            }
            _ => {}
        }
    }

    /// A crashed stream keeps its records (they are durable) and stops reading; a batch in
    /// progress is forgotten and read again after the restart.
    pub fn crash(&mut self, cx: &mut Cx) {
        for shard in &mut self.shards {
            if let Some((_, _, t)) = shard.busy.take() {
                cx.cancel(t);
            }
            shard.retry_pending = false;
        }
    }

    pub fn restart(&mut self, cx: &mut Cx, c: &StreamC) {
        self.ensure(c);
        for s in 0..self.shards.len() {
            self.read(cx, c, s);
        }
    }
}
