//! Outstanding synchronous calls, shared by every component that forwards calls (gateway,
//! breaker, cache, topic HTTP delivery), and a small TTL cache.

use crate::id_map::IdMap;

use super::Timer;
use crate::engine::{fate, CallRef, Cx, Envelope, TimerId};
use crate::step::{Payload, StepKind, Terminal, Time};

/// A call this component made and still waits on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    /// The request this call serves, to answer once the call ends.
    pub upstream: Option<Envelope>,
    /// The message sent for this call.
    pub child: Envelope,
    pub link: usize,
    /// Component-specific: route index, link and attempt, breaker generation.
    pub tag: u32,
    timeout: TimerId,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Calls {
    next: u32,
    open: IdMap<u32, Pending>,
}

impl Calls {
    pub fn len(&self) -> u32 {
        self.open.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Sends a new message on `link` and waits for its reply until `timeout`.
    pub fn call(
        &mut self,
        cx: &mut Cx,
        link: usize,
        upstream: Option<Envelope>,
        like: &Envelope,
        timeout: Time,
        tag: u32,
    ) {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        let msg = cx.new_msg();
        let child = Envelope {
            msg,
            call: Some(CallRef { caller: cx.me, id }),
            payload: Payload::Request,
            ..*like
        };
        let timeout = cx.timer(cx.now + timeout, Timer::CallTimeout(id));
        self.open.insert(
            id,
            Pending {
                upstream,
                child,
                link,
                tag,
                timeout,
            },
        );
        cx.send(link, child, true);
    }

    /// A reply arrived: records the fate of the call's message and returns the call, or
    /// notes a late reply when the caller had already given up.
    pub fn on_reply(
        &mut self,
        cx: &mut Cx,
        from: crate::step::NodeId,
        env: Envelope,
    ) -> Option<(Pending, u16)> {
        let status = match env.payload {
            Payload::Reply { status } => status,
            _ => 0,
        };
        match env.call.and_then(|c| self.open.remove(&c.id)) {
            Some(p) => {
                cx.cancel(p.timeout);
                cx.end(
                    StepKind::Received,
                    &env,
                    Some(from),
                    status as u64,
                    fate(status),
                );
                Some((p, status))
            }
            None => {
                cx.log(StepKind::LateReply, &env, Some(from), status as u64);
                None
            }
        }
    }

    /// The call's timeout fired: if still pending, the caller gives up on it.
    pub fn on_timeout(&mut self, cx: &mut Cx, id: u32) -> Option<Pending> {
        let p = self.open.remove(&id)?;
        let to = cx.topo.links.get(p.link).map(|l| l.to);
        cx.end(StepKind::TimedOut, &p.child, to, 0, Terminal::Rejected);
        Some(p)
    }

    /// The caller crashed: every call it waited on is lost with it.
    pub fn drop_all(&mut self, cx: &mut Cx) {
        for p in std::mem::take(&mut self.open).into_values() {
            cx.cancel(p.timeout);
            cx.end(
                StepKind::Dropped,
                &p.child,
                None,
                0,
                Terminal::DroppedByFault,
            );
        }
    }
}

/// Entries valid until a time, keyed by operation.
#[derive(Clone, Debug, Default)]
pub(crate) struct TtlCache {
    until: IdMap<u16, Time>,
}

impl TtlCache {
    pub fn fresh(&self, op: u16, now: Time) -> bool {
        self.until.get(&op).is_some_and(|&t| t > now)
    }

    pub fn put(&mut self, op: u16, until: Time) {
        self.until.insert(op, until);
    }

    pub fn fresh_count(&self, now: Time) -> u32 {
        self.until.values().filter(|&&t| t > now).count() as u32
    }
}
