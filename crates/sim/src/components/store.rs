//! A database with a latency and a connection limit. Each request holds a connection for
//! its sampled latency; beyond the limit a request is refused with 503 (like a database at
//! max_connections; a pool or a proxy would queue instead).
//!
//! It keeps which request ids were written to routes with `{id}`, so a status poll
//! (`GET /status/{id}`) answers 200 once the worker wrote `PUT /status/{id}`, else 404.

use std::collections::BTreeMap;

use super::{ComponentView, Timer};
use crate::engine::{Cx, Envelope};
use crate::scenario::compile::StoreC;
use crate::step::{NodeId, Payload, StepKind};

#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    active: BTreeMap<u32, Envelope>,
    next: u32,
    /// Request ids written, as a bitset (ids are dense, and this is cloned at every
    /// checkpoint).
    written: Vec<u64>,
}

impl Store {
    pub fn idle(&self) -> bool {
        self.active.is_empty()
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
        let Timer::StoreDone(id) = t else { return };
        let Some(env) = self.active.remove(&id) else {
            return;
        };
        let status = if cx.fails(c.error_rate) {
            500
        } else {
            self.serve(cx, &env)
        };
        cx.reply(&env, status);
    }

    fn serve(&mut self, cx: &Cx, env: &Envelope) -> u16 {
        let Some(op) = cx.topo.ops.get(env.op as usize) else {
            return 200;
        };
        match (op.keyed, op.read) {
            (true, true) if self.was_written(env.corr) => 200,
            (true, true) => 404,
            (true, false) => {
                self.write(env.corr);
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
