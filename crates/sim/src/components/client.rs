//! The caller: generates the workload, waits, times out, retries with exponential backoff and
//! full jitter (the AWS Architecture Blog's recommendation), and polls a status route.
//!
//! Every attempt and every poll is its own message; they share the request's correlation id.
//! A request ends with an `Answered` step (the answer the caller acts on) and, when it polls,
//! a `Completed` or `GaveUp` step.

use crate::id_map::IdMap;

use super::{ComponentView, Timer};
use crate::engine::dist::{to_time, Sampler};
use crate::engine::{fate, CallRef, Cx, Envelope, TimerId};
use crate::kinds::client::{ClientC, WorkloadC};
use crate::step::{NodeId, Payload, StepKind, Terminal, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct Client {
    generated: u32,
    last_arrival: Time,
    requests: IdMap<u32, Req>,
    attempts: IdMap<u32, Attempt>,
    next_call: u32,
}

#[derive(Clone, Copy, Debug)]
struct Req {
    started: Time,
    attempt: u32,
    polls: u32,
}

#[derive(Clone, Copy, Debug)]
struct Attempt {
    env: Envelope,
    poll: bool,
    timeout: TimerId,
}

/// 429 and 5xx are worth retrying; so is a timeout (status 0). Other 4xx would fail again.
fn retryable(status: u16) -> bool {
    status == 0 || status == 429 || status >= 500
}

impl Client {
    pub fn start(&mut self, cx: &mut Cx, c: &ClientC) {
        if c.workload.total() > 0 {
            let at = self.arrival(cx, c, 0);
            cx.timer(at, Timer::Workload);
        }
    }

    /// When request number `i` arrives.
    fn arrival(&mut self, cx: &mut Cx, c: &ClientC, i: u32) -> Time {
        let at = match &c.workload {
            WorkloadC::List(v) => v.get(i as usize).copied().unwrap_or(cx.now),
            WorkloadC::Constant { start, period, .. } => start + to_time(period * i as f64),
            WorkloadC::Poisson {
                start, mean_gap, ..
            } => {
                let from = if i == 0 { *start } else { self.last_arrival };
                from + cx.sample_plain(&Sampler::Exponential { mean: *mean_gap })
            }
            WorkloadC::Burst {
                size, at, every, ..
            } => at + (i / size.max(&1)) as u64 * every,
        };
        self.last_arrival = at.max(cx.now);
        self.last_arrival
    }

    pub fn idle(&self, c: &ClientC) -> bool {
        self.generated >= c.workload.total() && self.requests.is_empty()
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::Client {
            requests_started: self.generated,
            in_progress: self.requests.len() as u32,
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &ClientC, from: NodeId, env: Envelope) {
        let Payload::Reply { status } = env.payload else {
            return;
        };
        match env.call.and_then(|call| self.attempts.remove(&call.id)) {
            Some(a) => {
                cx.cancel(a.timeout);
                cx.end(
                    StepKind::Received,
                    &env,
                    Some(from),
                    status as u64,
                    fate(status),
                );
                self.outcome(cx, c, a, status);
            }
            None => cx.log(StepKind::LateReply, &env, Some(from), status as u64),
        }
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &ClientC, t: Timer) {
        match t {
            Timer::Workload => {
                self.generated += 1;
                // A crashed client makes no requests; its workload clock keeps running.
                if cx.up {
                    self.begin(cx, c);
                }
                if self.generated < c.workload.total() {
                    let at = self.arrival(cx, c, self.generated);
                    cx.timer(at, Timer::Workload);
                }
            }
            Timer::ClientTimeout(id) => {
                if let Some(a) = self.attempts.remove(&id) {
                    let target = cx.topo.target(c.link);
                    cx.end(
                        StepKind::TimedOut,
                        &a.env,
                        target,
                        0,
                        Terminal::Rejected,
                    );
                    self.outcome(cx, c, a, 0);
                }
            }
            Timer::ClientRetry(corr) if cx.up && self.requests.contains_key(&corr) => {
                self.attempt(cx, c, corr, false)
            }
            Timer::ClientPoll(corr) if cx.up && self.requests.contains_key(&corr) => {
                self.attempt(cx, c, corr, true)
            }
            // Otherwise the request ended meanwhile (or the client crashed): nothing to do.
            _ => {}
        }
    }

    fn begin(&mut self, cx: &mut Cx, c: &ClientC) {
        let corr = cx.new_corr();
        self.requests.insert(
            corr,
            Req {
                started: cx.now,
                attempt: 0,
                polls: 0,
            },
        );
        self.attempt(cx, c, corr, false);
    }

    fn attempt(&mut self, cx: &mut Cx, c: &ClientC, corr: u32, poll: bool) {
        let op = match (poll, c.poll) {
            (true, Some(p)) => p.op,
            _ => c.op,
        };
        let msg = cx.new_msg();
        let mut env = Envelope {
            msg,
            corr,
            group: (corr % c.groups) as u16,
            op,
            call: None,
            payload: Payload::Request,
        };
        if !cx.topo.links.get(c.link).is_some_and(|l| l.sync) {
            // Fire and forget: the caller is done once the message is on its way.
            self.requests.remove(&corr);
            cx.send(c.link, env, true);
            return;
        }
        let id = self.next_call;
        self.next_call = self.next_call.wrapping_add(1);
        env.call = Some(CallRef { caller: cx.me, id });
        let timeout = cx.timer(cx.now + c.timeout, Timer::ClientTimeout(id));
        self.attempts.insert(id, Attempt { env, poll, timeout });
        cx.send(c.link, env, true);
    }

    /// What the caller does with an answer (status 0: it timed out).
    fn outcome(&mut self, cx: &mut Cx, c: &ClientC, a: Attempt, status: u16) {
        let corr = a.env.corr;
        let Some(req) = self.requests.get_mut(&corr) else {
            return;
        };
        let answer = Envelope {
            payload: Payload::Reply { status },
            ..a.env
        };
        if a.poll {
            let Some(p) = c.poll else { return };
            if status == 200 {
                cx.log(StepKind::Completed, &answer, None, cx.now - req.started);
                self.requests.remove(&corr);
            } else if req.polls + 1 < p.max_polls {
                req.polls += 1;
                cx.timer(cx.now + p.interval, Timer::ClientPoll(corr));
            } else {
                cx.log(StepKind::GaveUp, &answer, None, req.polls as u64 + 1);
                self.requests.remove(&corr);
            }
        } else if retryable(status) && req.attempt < c.retries {
            req.attempt += 1;
            let attempt = req.attempt;
            cx.log(StepKind::Retried, &a.env, None, attempt as u64);
            let delay = backoff(cx, c, attempt);
            cx.timer(cx.now + delay, Timer::ClientRetry(corr));
        } else {
            cx.log(StepKind::Answered, &answer, None, cx.now - req.started);
            match c.poll {
                Some(p) if status == 202 => {
                    cx.timer(cx.now + p.interval, Timer::ClientPoll(corr));
                }
                _ => {
                    self.requests.remove(&corr);
                }
            }
        }
    }

    pub fn crash(&mut self, cx: &mut Cx) {
        for a in std::mem::take(&mut self.attempts).into_values() {
            cx.cancel(a.timeout);
            cx.end(StepKind::Dropped, &a.env, None, 0, Terminal::DroppedByFault);
        }
        self.requests.clear();
    }
}

/// Exponential backoff capped at `backoff_max`, with full jitter when enabled.
fn backoff(cx: &mut Cx, c: &ClientC, attempt: u32) -> Time {
    let exp = c.backoff_base * libm::pow(2.0, (attempt - 1).min(60) as f64);
    let capped = exp.min(c.backoff_max);
    let d = if c.jitter { capped * cx.unit() } else { capped };
    to_time(d)
}
