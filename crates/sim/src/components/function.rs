//! A Lambda-like function.
//!
//! - Concurrency limit: a synchronous invocation beyond it is throttled (429); an
//!   asynchronous one waits in the service's internal queue, as Lambda's async invoke does.
//! - Each invocation calls the function's outgoing links in declaration order (waiting on
//!   synchronous ones: that waiting is billed), then computes for a sampled duration, then
//!   fails with the error rate. The timeout stops it wherever it is.
//! - Links marked `on = "success"` or `on = "declined"` are not called first: after the work
//!   succeeds, the function sends on its success links, or, when the work ended in a business
//!   refusal (`decline_rate`, a card declined), on its declined links instead. That is how a
//!   choreographed service publishes the event of its local transaction's outcome.
//! - A crash point (`crash_rate` after the call to `crash_after`) stops the invocation
//!   between that call and the next one, as a process dying between a database commit and a
//!   publish; the invocation fails.
//! - Asynchronous failures are retried `max_retries` times (Lambda: 2) after a delay that
//!   doubles (Lambda: about 1 then 2 minutes), then go to the on-failure queue or are
//!   discarded. An event older than the maximum event age expires instead of retrying.
//! - Billed duration is rounded up to the next millisecond (Lambda bills per 1 ms).
//!
//! Simplifications: no cold starts, and the on-failure destination must be a queue.

use std::collections::VecDeque;

use crate::id_map::IdMap;

use super::{ComponentView, Timer};
use crate::engine::{fate, is_ok, CallRef, Cx, Envelope, TimerId};
use crate::kinds::function::FunctionC;
use crate::scenario::SendOn;
use crate::step::{NodeId, Payload, StepKind, Terminal, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct Function {
    running: IdMap<u32, Inv>,
    backlog: VecDeque<AsyncEvent>,
    next: u32,
    retries_pending: u32,
}

/// One running invocation.
#[derive(Clone, Copy, Debug)]
struct Inv {
    env: Envelope,
    /// For asynchronous invocations: which attempt (0 is the first) and when the event arrived.
    attempt: Option<(u32, Time)>,
    started: Time,
    next_link: usize,
    /// The downstream call it waits on.
    waiting: Option<(Envelope, NodeId)>,
    /// Pending timers, cancelled when the invocation ends another way.
    timeout: Option<TimerId>,
    done: Option<TimerId>,
}

impl Inv {
    fn cancel_timers(&mut self, cx: &mut Cx) {
        for t in [self.timeout.take(), self.done.take()]
            .into_iter()
            .flatten()
        {
            cx.cancel(t);
        }
    }
}

/// An asynchronous event waiting for a slot or a retry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AsyncEvent {
    env: Envelope,
    attempt: u32,
    first: Time,
}

/// Whether the process dies right after `from` answered (drawn only at the crash point).
fn dies_after(cx: &mut Cx, c: &FunctionC, from: NodeId) -> bool {
    c.crash_after == Some(from) && c.crash_rate > 0.0 && cx.unit() < c.crash_rate
}

/// Lambda bills whole milliseconds, at least one.
fn billed(elapsed: Time) -> Time {
    elapsed.div_ceil(1000).max(1) * 1000
}

impl Function {
    pub fn idle(&self, up: bool) -> bool {
        self.running.is_empty() && self.retries_pending == 0 && (self.backlog.is_empty() || !up)
    }

    pub fn view(&self, c: &FunctionC) -> ComponentView {
        ComponentView::Function {
            running: self.running.len() as u32,
            concurrency: c.concurrency,
            waiting_async: self.backlog.len() as u32,
        }
    }

    fn full(&self, c: &FunctionC) -> bool {
        self.running.len() >= c.concurrency as usize
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &FunctionC, from: NodeId, env: Envelope) {
        if let Payload::Reply { status } = env.payload {
            return self.on_reply(cx, c, from, env, status);
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        if env.call.is_some() {
            if self.full(c) {
                cx.log(StepKind::Throttled, &env, None, self.running.len() as u64);
                cx.reply(&env, 429);
            } else {
                self.start(cx, c, env, None);
            }
        } else {
            self.offer(
                cx,
                c,
                AsyncEvent {
                    env,
                    attempt: 0,
                    first: cx.now,
                },
            );
        }
    }

    fn on_reply(&mut self, cx: &mut Cx, c: &FunctionC, from: NodeId, env: Envelope, status: u16) {
        let id = env.call.map_or(u32::MAX, |call| call.id);
        let waiting_for_it = self
            .running
            .get(&id)
            .and_then(|inv| inv.waiting)
            .is_some_and(|(w, _)| w.msg == env.msg);
        if !waiting_for_it {
            cx.log(StepKind::LateReply, &env, Some(from), status as u64);
            return;
        }
        if let Some(inv) = self.running.get_mut(&id) {
            inv.waiting = None;
        }
        cx.end(
            StepKind::Received,
            &env,
            Some(from),
            status as u64,
            fate(status),
        );
        if is_ok(status) && dies_after(cx, c, from) {
            if let Some(inv) = self.running.get(&id) {
                cx.log(StepKind::InvocationCrashed, &inv.env, Some(from), 0);
            }
            self.finish(cx, c, id, 500);
        } else if is_ok(status) {
            self.advance(cx, c, id);
        } else {
            // The function's code sees the downstream error and fails.
            self.finish(cx, c, id, 502);
        }
    }

    fn offer(&mut self, cx: &mut Cx, c: &FunctionC, ev: AsyncEvent) {
        if self.full(c) || !cx.up {
            self.backlog.push_back(ev);
            cx.log(StepKind::Queued, &ev.env, None, self.backlog.len() as u64);
        } else {
            self.start(cx, c, ev.env, Some((ev.attempt, ev.first)));
        }
    }

    fn start(&mut self, cx: &mut Cx, c: &FunctionC, env: Envelope, attempt: Option<(u32, Time)>) {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        let timeout = Some(cx.timer(cx.now + c.timeout, Timer::FnTimeout(id)));
        self.running.insert(
            id,
            Inv {
                env,
                attempt,
                started: cx.now,
                next_link: 0,
                waiting: None,
                timeout,
                done: None,
            },
        );
        cx.log(StepKind::Started, &env, None, self.running.len() as u64);
        self.advance(cx, c, id);
    }

    /// Makes the invocation's next downstream call, or starts its own computation.
    fn advance(&mut self, cx: &mut Cx, c: &FunctionC, id: u32) {
        let topo = cx.topo;
        let out = topo.outgoing(cx.me);
        while let Some(inv) = self.running.get_mut(&id) {
            let Some((l, link)) = out.get(inv.next_link).and_then(|&l| Some((l, topo.links.get(l)?))) else {
                let d = cx.sample(&c.duration);
                inv.done = Some(cx.timer(cx.now + d, Timer::FnDone(id)));
                return;
            };
            inv.next_link += 1;
            if link.on != SendOn::Invoke {
                continue;
            }
            let msg = cx.new_msg();
            let call = link.sync.then_some(CallRef { caller: cx.me, id });
            let child = Envelope {
                msg,
                op: link.op,
                call,
                payload: Payload::Request,
                ..inv.env
            };
            if link.sync {
                inv.waiting = Some((child, link.to));
                cx.send(l, child, true);
                return;
            }
            cx.send(l, child, true);
        }
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &FunctionC, t: Timer) {
        match t {
            Timer::FnDone(id) if self.running.contains_key(&id) => {
                if let Some(inv) = self.running.get_mut(&id) {
                    inv.done = None;
                }
                let status = if cx.fails(c.error_rate) { 500 } else { 200 };
                if is_ok(status) {
                    self.announce(cx, c, id);
                }
                self.finish(cx, c, id, status);
            }
            Timer::FnTimeout(id) => {
                let Some(inv) = self.running.get_mut(&id) else {
                    return;
                };
                inv.timeout = None;
                if let Some((w, to)) = inv.waiting {
                    cx.end(StepKind::TimedOut, &w, Some(to), 0, Terminal::Rejected);
                }
                self.finish(cx, c, id, 504);
            }
            Timer::FnRetry(ev) => {
                self.retries_pending -= 1;
                self.offer(cx, c, ev);
            }
            _ => {}
        }
    }

    /// After successful work: a business refusal is drawn, and the outcome's links are sent.
    fn announce(&self, cx: &mut Cx, c: &FunctionC, id: u32) {
        let Some(inv) = self.running.get(&id) else {
            return;
        };
        // Drawn only when the scenario asks for refusals, so other runs keep their draws.
        let declined = c.decline_rate > 0.0 && cx.unit() < c.decline_rate;
        let on = if declined {
            cx.log(StepKind::Declined, &inv.env, None, 0);
            SendOn::Declined
        } else {
            SendOn::Success
        };
        let topo = cx.topo;
        for &l in topo.outgoing(cx.me) {
            let Some(link) = topo.links.get(l).filter(|link| link.on == on) else {
                continue;
            };
            let msg = cx.new_msg();
            let event = Envelope {
                msg,
                op: link.op,
                call: None,
                payload: Payload::Request,
                ..inv.env
            };
            cx.send(l, event, true);
        }
    }

    fn finish(&mut self, cx: &mut Cx, c: &FunctionC, id: u32, status: u16) {
        let Some(mut inv) = self.running.remove(&id) else {
            return;
        };
        inv.cancel_timers(cx);
        let bill = billed(cx.now - inv.started);
        let done = Envelope {
            payload: Payload::Reply { status },
            ..inv.env
        };
        match inv.attempt {
            None => {
                cx.log(StepKind::Finished, &done, None, bill);
                cx.reply(&inv.env, status);
            }
            Some(_) if is_ok(status) => {
                cx.end(StepKind::Finished, &done, None, bill, Terminal::Consumed)
            }
            Some((attempt, first)) => {
                cx.log(StepKind::Finished, &done, None, bill);
                self.async_failed(cx, c, inv.env, attempt, first);
            }
        }
        self.drain(cx, c);
    }

    fn async_failed(
        &mut self,
        cx: &mut Cx,
        c: &FunctionC,
        env: Envelope,
        attempt: u32,
        first: Time,
    ) {
        if attempt < c.max_retries {
            let delay = c.retry_delay.saturating_mul(1 << attempt.min(20));
            if cx.now + delay - first > c.max_age {
                cx.end(StepKind::Expired, &env, None, 0, Terminal::Expired);
                return;
            }
            self.retries_pending += 1;
            cx.log(StepKind::Retried, &env, None, attempt as u64 + 1);
            cx.timer(
                cx.now + delay,
                Timer::FnRetry(AsyncEvent {
                    env,
                    attempt: attempt + 1,
                    first,
                }),
            );
        } else if let Some(q) = c.on_failure {
            cx.deliver_internal(
                q,
                Envelope {
                    payload: Payload::DeadLetter,
                    ..env
                },
            );
        } else {
            cx.end(
                StepKind::Discarded,
                &env,
                None,
                attempt as u64 + 1,
                Terminal::Failed,
            );
        }
    }

    /// Starts waiting asynchronous events while there are free slots.
    pub fn drain(&mut self, cx: &mut Cx, c: &FunctionC) {
        while cx.up && !self.full(c) {
            let Some(ev) = self.backlog.pop_front() else {
                break;
            };
            // An event that waited longer than the maximum event age is dropped by Lambda.
            if cx.now - ev.first > c.max_age {
                cx.end(StepKind::Expired, &ev.env, None, 0, Terminal::Expired);
                continue;
            }
            self.start(cx, c, ev.env, Some((ev.attempt, ev.first)));
        }
    }

    /// Running invocations are lost. A synchronous caller will time out; an asynchronous
    /// event and the calls the function was waiting on end here. The internal queue of
    /// asynchronous events belongs to the service, so it survives.
    pub fn crash(&mut self, cx: &mut Cx) {
        for mut inv in std::mem::take(&mut self.running).into_values() {
            inv.cancel_timers(cx);
            if let Some((w, _)) = inv.waiting {
                cx.end(StepKind::Dropped, &w, None, 0, Terminal::DroppedByFault);
            }
            if inv.attempt.is_some() {
                cx.end(
                    StepKind::Dropped,
                    &inv.env,
                    None,
                    0,
                    Terminal::DroppedByFault,
                );
            } else {
                cx.log(StepKind::Dropped, &inv.env, None, 0);
            }
        }
    }
}
