//! A database with a latency and a connection limit. Each request holds a connection for
//! its sampled latency; beyond the limit a request is refused with 503 (like a database at
//! max_connections; a pool or a proxy would queue instead).
//!
//! It keeps which request ids were written to routes with `{id}`, so a status poll
//! (`GET /status/{id}`) answers 200 once the worker wrote `PUT /status/{id}`, else 404.
//!
//! Transactional outbox: with `outbox`, a write to a route with `{id}` also inserts an outbox
//! row in the same local transaction (both or neither), and a message relay polls the table
//! every `relay_interval_ms` and publishes each row on the store's one outgoing link. Rows are
//! durable: a crash stops the relay, and on restart it publishes what is left, so a written
//! change always gets its message. Simplification: publishing a row and marking it sent are
//! one step here, so this relay never publishes a row twice (a real one may, after a crash
//! between the two).

use std::collections::VecDeque;

use crate::id_map::IdMap;

use super::{ComponentView, Timer};
use crate::engine::{Cx, Envelope};
use crate::kinds::store::StoreC;
use crate::step::{NodeId, Payload, StepKind};

#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    active: IdMap<u32, Envelope>,
    next: u32,
    /// Request ids written, as a bitset (ids are dense, and this is cloned at every
    /// checkpoint).
    written: Vec<u64>,
    /// Outbox rows not yet published: the write request each one belongs to.
    outbox: VecDeque<Envelope>,
    relay_armed: bool,
}

impl Store {
    pub fn idle(&self, up: bool) -> bool {
        self.active.is_empty() && (self.outbox.is_empty() || !up)
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::Store {
            active_connections: self.active.len() as u32,
            keys: self.written.iter().map(|w| w.count_ones()).sum(),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &StoreC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        if c.connections
            .is_some_and(|max| self.active.len() >= max as usize)
        {
            cx.log(
                StepKind::ConnectionRefused,
                &env,
                None,
                self.active.len() as u64,
            );
            cx.reply(&env, 503);
            return;
        }
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        self.active.insert(id, env);
        let d = cx.sample(&c.latency);
        cx.timer(cx.now + d, Timer::StoreDone(id));
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &StoreC, t: Timer) {
        match t {
            Timer::StoreDone(id) => self.done(cx, c, id),
            Timer::OutboxRelay => {
                self.relay_armed = false;
                self.relay(cx, c);
            }
            _ => {}
        }
    }

    fn done(&mut self, cx: &mut Cx, c: &StoreC, id: u32) {
        let Some(env) = self.active.remove(&id) else {
            return;
        };
        let status = if cx.fails(c.error_rate) {
            500
        } else {
            self.serve(cx, c, &env)
        };
        cx.reply(&env, status);
    }

    /// The relay publishes every waiting row, oldest first (nothing while the store is down).
    fn relay(&mut self, cx: &mut Cx, c: &StoreC) {
        let Some(outbox) = c.outbox.filter(|_| cx.up) else {
            return;
        };
        let Some(link) = cx.topo.links.get(outbox.link) else {
            return;
        };
        let (op, to) = (link.op, link.to);
        while let Some(row) = self.outbox.pop_front() {
            let event = Envelope {
                msg: cx.new_msg(),
                op,
                call: None,
                payload: Payload::Request,
                ..row
            };
            cx.record(StepKind::Relayed, &event, Some(to), self.outbox.len() as u64, true, None);
            cx.send(outbox.link, event, false);
        }
    }

    /// Wakes the relay for the next poll, unless it is already waiting for one.
    fn arm_relay(&mut self, cx: &mut Cx, c: &StoreC) {
        if let Some(outbox) = c.outbox.filter(|_| !self.relay_armed && !self.outbox.is_empty()) {
            self.relay_armed = true;
            cx.timer(cx.now + outbox.interval, Timer::OutboxRelay);
        }
    }

    pub fn restart(&mut self, cx: &mut Cx, c: &StoreC) {
        self.arm_relay(cx, c);
    }

    fn serve(&mut self, cx: &mut Cx, c: &StoreC, env: &Envelope) -> u16 {
        let Some(op) = cx.topo.ops.get(env.op as usize) else {
            return 200;
        };
        match (op.keyed, op.read) {
            (true, true) if self.was_written(env.corr) => 200,
            (true, true) => 404,
            (true, false) => {
                self.write(env.corr);
                if c.outbox.is_some() {
                    // The same transaction inserts the outbox row.
                    self.outbox.push_back(*env);
                    self.arm_relay(cx, c);
                }
                200
            }
            (false, _) => 200,
        }
    }

    fn was_written(&self, id: u32) -> bool {
        self.written
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn write(&mut self, id: u32) {
        let word = id as usize / 64;
        if word >= self.written.len() {
            self.written.resize(word + 1, 0);
        }
        if let Some(bits) = self.written.get_mut(word) {
            *bits |= 1 << (id % 64);
        }
    }

    /// Requests in progress are lost (their callers time out); written data is durable.
    pub fn crash(&mut self, cx: &mut Cx) {
        for env in std::mem::take(&mut self.active).into_values() {
            cx.log(StepKind::Dropped, &env, None, 0);
        }
    }
}
