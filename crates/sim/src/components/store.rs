//! A database with a latency and a connection limit. Each request holds a connection for
//! its sampled latency; beyond the limit a request is refused with 503 (like a database at
//! max_connections; a pool or a proxy would queue instead).
//!
//! It keeps which request ids were written to routes with `{id}`, so a status poll
//! (`GET /status/{id}`) answers 200 once the worker wrote `PUT /status/{id}`, else 404.

use std::collections::{BTreeMap, BTreeSet};

use super::{ComponentView, Timer};
use crate::engine::{Cx, Envelope};
use crate::scenario::compile::StoreC;
use crate::step::{NodeId, Payload, StepKind};

#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    active: BTreeMap<u32, Envelope>,
    next: u32,
    written: BTreeSet<u32>,
}

impl Store {
    pub fn idle(&self) -> bool {
        self.active.is_empty()
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::Store {
            active_connections: self.active.len() as u32,
            keys: self.written.len() as u32,
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
            (true, true) if self.written.contains(&env.corr) => 200,
            (true, true) => 404,
            (true, false) => {
                self.written.insert(env.corr);
                200
            }
            (false, _) => 200,
        }
    }

    /// Requests in progress are lost (their callers time out); written data is durable.
    pub fn crash(&mut self, cx: &mut Cx) {
        for env in std::mem::take(&mut self.active).into_values() {
            cx.log(StepKind::Dropped, &env, None, 0);
        }
    }
}
