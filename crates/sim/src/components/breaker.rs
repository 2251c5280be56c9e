//! A circuit breaker with a bulkhead, in front of one downstream component.
//!
//! - Closed: calls pass; failures (5xx, 429, timeouts) are counted over a sliding time
//!   window, and `failure_threshold` of them open the circuit.
//! - Open: calls fail at once with 503 (no load on the sick service) for `open_ms`.
//! - Half-open: up to `half_open_trials` calls pass; if they all succeed the circuit closes,
//!   and the first failure opens it again.
//! - Bulkhead: at most `max_outstanding` calls in flight; more are refused with 503.
//!
//! A call's result only counts in the state it was admitted in (results of calls admitted
//! before the circuit opened do not decide the half-open trial).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::calls::Calls;
use super::{ComponentView, Timer};
use crate::engine::{Cx, Envelope};
use crate::kinds::breaker::BreakerC;
use crate::step::{NodeId, Payload, StepKind, Time};

/// The three states of a circuit breaker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerMode {
    #[default]
    Closed,
    Open,
    HalfOpen,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Breaker {
    mode: BreakerMode,
    open_until: Time,
    admitted: u32,
    succeeded: u32,
    failures: VecDeque<Time>,
    /// Bumped on every transition; calls carry the generation they were admitted in.
    gen: u32,
    pub calls: Calls,
}

fn is_failure(status: u16) -> bool {
    status == 0 || status == 429 || status >= 500
}

impl Breaker {
    pub fn view(&self) -> ComponentView {
        ComponentView::Breaker {
            mode: self.mode,
            recent_failures: self.failures.len() as u32,
            outstanding: self.calls.len(),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &BreakerC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            if let Some((p, status)) = self.calls.on_reply(cx, from, env) {
                self.record(cx, c, p.tag, is_failure(status));
                if let Some(up) = p.upstream {
                    cx.reply(&up, status);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        if self.mode == BreakerMode::Open && cx.now >= self.open_until {
            self.half_open(cx);
        }
        let refused = match self.mode {
            BreakerMode::Open => true,
            BreakerMode::HalfOpen => self.admitted >= c.trials,
            BreakerMode::Closed => false,
        };
        if refused {
            cx.log(StepKind::ShortCircuited, &env, None, 0);
            cx.reply(&env, 503);
            return;
        }
        if c.max_outstanding.is_some_and(|m| self.calls.len() >= m) {
            cx.log(
                StepKind::BulkheadRejected,
                &env,
                None,
                self.calls.len() as u64,
            );
            cx.reply(&env, 503);
            return;
        }
        if self.mode == BreakerMode::HalfOpen {
            self.admitted += 1;
        }
        self.calls
            .call(cx, c.link, Some(env), &env, c.timeout, self.gen);
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &BreakerC, t: Timer) {
        match t {
            Timer::CallTimeout(id) => {
                if let Some(p) = self.calls.on_timeout(cx, id) {
                    self.record(cx, c, p.tag, true);
                    if let Some(up) = p.upstream {
                        cx.reply(&up, 504);
                    }
                }
            }
            Timer::HalfOpen(gen) if gen == self.gen && self.mode == BreakerMode::Open => {
                self.half_open(cx)
            }
            _ => {}
        }
    }

    fn record(&mut self, cx: &mut Cx, c: &BreakerC, gen: u32, failed: bool) {
        if gen != self.gen {
            return;
        }
        match self.mode {
            BreakerMode::Closed if failed => {
                self.failures.push_back(cx.now);
                let horizon = cx.now.saturating_sub(c.window);
                while self.failures.front().is_some_and(|&t| t < horizon) {
                    self.failures.pop_front();
                }
                if self.failures.len() >= c.threshold as usize {
                    self.open(cx, c);
                }
            }
            BreakerMode::HalfOpen if failed => self.open(cx, c),
            BreakerMode::HalfOpen => {
                self.succeeded += 1;
                if self.succeeded >= c.trials {
                    self.transition(cx, BreakerMode::Closed, StepKind::CircuitClosed);
                }
            }
            _ => {}
        }
    }

    fn transition(&mut self, cx: &mut Cx, mode: BreakerMode, step: StepKind) {
        self.mode = mode;
        self.gen = self.gen.wrapping_add(1);
        self.failures.clear();
        self.admitted = 0;
        self.succeeded = 0;
        cx.log_node(step, 0);
    }

    fn open(&mut self, cx: &mut Cx, c: &BreakerC) {
        self.open_until = cx.now + c.open;
        self.transition(cx, BreakerMode::Open, StepKind::CircuitOpened);
        cx.timer(self.open_until, Timer::HalfOpen(self.gen));
    }

    fn half_open(&mut self, cx: &mut Cx) {
        self.transition(cx, BreakerMode::HalfOpen, StepKind::CircuitHalfOpen);
    }
}
