//! An SNS-like topic: each message is copied to every subscription (every outgoing link).
//! Queue and function subscribers receive their copy asynchronously; any other subscriber is
//! an HTTP endpoint, called synchronously and retried `http_retries` times after a fixed
//! delay, as SNS's HTTP delivery policy does.
//!
//! A subscription can carry a filter policy (lab-rules' `filter_policy`, on the message
//! attributes or the body): a message it does not let through is not delivered to that
//! subscriber, and the run records a `FilteredOut` step. Which message a request carries:
//! the topic's `message` list, message n mod its length for correlation id n.
//!
//! Simplification: SNS's multi-phase HTTP backoff is reduced to one fixed delay.

use super::calls::{Calls, Pending};
use super::{ComponentView, Timer};
use crate::engine::{is_ok, Cx, Envelope};
use crate::kinds::topic::TopicC;
use crate::step::{NodeId, Payload, StepKind, Terminal};

#[derive(Clone, Debug, Default)]
pub(crate) struct Topic {
    pub calls: Calls,
    retries_pending: u32,
}

/// An HTTP delivery's tag: which outgoing link, and which attempt.
fn tag(link: usize, attempt: u32) -> u32 {
    ((link as u32) << 8) | attempt.min(255)
}

impl Topic {
    pub fn idle(&self) -> bool {
        self.calls.is_empty() && self.retries_pending == 0
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &TopicC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            if let Some((p, status)) = self.calls.on_reply(cx, from, env) {
                if !is_ok(status) {
                    self.retry(cx, c, p);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        let topo = cx.topo;
        let mut n = 0u64;
        for &l in topo.outgoing(cx.me) {
            let Some(link) = topo.links.get(l) else {
                continue;
            };
            if let Some((_, policy)) = c.rules.filters.iter().find(|(fl, _)| *fl == l) {
                let m = &c.rules.messages;
                let passes = m
                    .get(env.corr as usize % m.len().max(1))
                    .is_some_and(|(body, attrs)| policy.matches(body, attrs));
                if !passes {
                    cx.log(StepKind::FilteredOut, &env, Some(link.to), l as u64);
                    continue;
                }
            }
            n += 1;
            let copy = Envelope {
                op: link.op,
                call: None,
                payload: Payload::Request,
                ..env
            };
            if link.sync {
                self.calls.call(cx, l, None, &copy, c.timeout, tag(l, 0));
            } else {
                let msg = cx.new_msg();
                cx.send(l, Envelope { msg, ..copy }, true);
            }
        }
        if env.call.is_some() {
            cx.log(StepKind::Published, &env, None, n);
            cx.reply(&env, 200);
        } else {
            cx.end(StepKind::Published, &env, None, n, Terminal::Consumed);
        }
    }

    fn retry(&mut self, cx: &mut Cx, c: &TopicC, p: Pending) {
        let attempt = p.tag & 0xff;
        if attempt < c.retries {
            self.retries_pending += 1;
            cx.log(StepKind::Retried, &p.child, None, attempt as u64 + 1);
            cx.timer(
                cx.now + c.delay,
                Timer::TopicRetry {
                    link: p.link,
                    attempt: attempt + 1,
                    env: p.child,
                },
            );
        } else {
            cx.log(StepKind::GaveUp, &p.child, None, attempt as u64 + 1);
        }
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &TopicC, t: Timer) {
        match t {
            Timer::CallTimeout(id) => {
                if let Some(p) = self.calls.on_timeout(cx, id) {
                    self.retry(cx, c, p);
                }
            }
            Timer::TopicRetry { link, attempt, env } => {
                self.retries_pending -= 1;
                if cx.up {
                    self.calls
                        .call(cx, link, None, &env, c.timeout, tag(link, attempt));
                } else {
                    cx.log(StepKind::GaveUp, &env, None, attempt as u64);
                }
            }
            _ => {}
        }
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::Topic {
            outstanding: self.calls.len(),
        }
    }
}
