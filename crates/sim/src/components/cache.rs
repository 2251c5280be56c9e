//! A read-through cache: a fresh entry for the operation answers at once; otherwise the
//! call goes to the backend and a successful answer is kept for the TTL.

use super::calls::{Calls, TtlCache};
use super::{ComponentView, Timer};
use crate::engine::{is_ok, Cx, Envelope};
use crate::kinds::cache::CacheC;
use crate::step::{NodeId, Payload, StepKind, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct Cache {
    entries: TtlCache,
    pub calls: Calls,
}

impl Cache {
    pub fn view(&self, now: Time) -> ComponentView {
        ComponentView::Cache {
            fresh_entries: self.entries.fresh_count(now),
            outstanding: self.calls.len(),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &CacheC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            if let Some((p, status)) = self.calls.on_reply(cx, from, env) {
                if is_ok(status) {
                    self.entries.put(p.child.op, cx.now + c.ttl);
                }
                if let Some(up) = p.upstream {
                    cx.reply(&up, status);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        if self.entries.fresh(env.op, cx.now) {
            cx.log(StepKind::CacheHit, &env, None, 0);
            cx.reply(&env, 200);
            return;
        }
        cx.log(StepKind::CacheMiss, &env, None, 0);
        self.calls.call(cx, c.link, Some(env), &env, c.timeout, 0);
    }

    pub fn timer(&mut self, cx: &mut Cx, t: Timer) {
        if let Timer::CallTimeout(id) = t {
            if let Some(up) = self.calls.on_timeout(cx, id).and_then(|p| p.upstream) {
                cx.reply(&up, 504);
            }
        }
    }
}
