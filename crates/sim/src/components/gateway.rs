//! API gateway: routes by method and path, throttles with a token bucket (429), caches
//! successful answers per route for a TTL, and gives up on a backend after the integration
//! timeout (504).
//!
//! A Lambda integration that refuses the invocation (the function at its concurrency limit)
//! is answered 500, as API Gateway does: its client never sees Lambda's 429, and the route's
//! 5XXError counts it. Only the gateway's own throttle answers 429.
//!
//! Simplification: routes match the request's method and path exactly (a path template such
//! as `/status/{id}` is written the same way by client and route).

use super::calls::{Calls, TtlCache};
use super::{ComponentView, Timer};
use crate::engine::{is_ok, Cx, Envelope};
use crate::kinds::gateway::{GatewayC, RouteC};
use crate::step::{NodeId, Payload, StepKind, Time};

#[derive(Clone, Debug)]
pub(crate) struct Gateway {
    tokens: f64,
    refilled_at: Time,
    cache: TtlCache,
    pub calls: Calls,
}

impl Gateway {
    pub fn new(c: &GatewayC) -> Self {
        Gateway {
            tokens: c.burst,
            refilled_at: 0,
            cache: TtlCache::default(),
            calls: Calls::default(),
        }
    }

    pub fn view(&self, c: &GatewayC, now: Time) -> ComponentView {
        ComponentView::Gateway {
            tokens: self.tokens_at(c, now),
            outstanding: self.calls.len(),
            cached_routes: self.cache.fresh_count(now),
        }
    }

    fn tokens_at(&self, c: &GatewayC, now: Time) -> f64 {
        match c.rate {
            Some(rate) => (self.tokens + (now - self.refilled_at) as f64 * rate).min(c.burst),
            None => c.burst,
        }
    }

    /// Token bucket: refill for the time elapsed, then take one token if there is one.
    fn take_token(&mut self, c: &GatewayC, now: Time) -> bool {
        self.tokens = self.tokens_at(c, now);
        self.refilled_at = now;
        if c.rate.is_none() {
            return true;
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &GatewayC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            if let Some((p, status)) = self.calls.on_reply(cx, from, env) {
                // The tag is the route's index, set by this gateway when it made the call.
                let route = c.routes.get(p.tag as usize);
                if let Some(route) = route.filter(|r| is_ok(status) && r.ttl > 0) {
                    self.cache.put(route.op, cx.now + route.ttl);
                }
                let status = client_status(route, status);
                if let Some(up) = p.upstream {
                    cx.reply(&up, status);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        let Some((ri, route)) = c.routes.iter().enumerate().find(|(_, r)| r.op == env.op) else {
            cx.reply(&env, 404);
            return;
        };
        if !self.take_token(c, cx.now) {
            cx.log(StepKind::Throttled, &env, None, 0);
            cx.reply(&env, 429);
            return;
        }
        if route.ttl > 0 {
            if self.cache.fresh(route.op, cx.now) {
                cx.log(StepKind::CacheHit, &env, None, 0);
                cx.reply(&env, 200);
                return;
            }
            cx.log(StepKind::CacheMiss, &env, None, 0);
        }
        self.calls
            .call(cx, route.link, Some(env), &env, c.timeout, ri as u32);
    }

    pub fn timer(&mut self, cx: &mut Cx, _c: &GatewayC, t: Timer) {
        if let Timer::CallTimeout(id) = t {
            if let Some(up) = self.calls.on_timeout(cx, id).and_then(|p| p.upstream) {
                cx.reply(&up, 504);
            }
        }
    }
}

/// What the gateway answers its client for a backend's `status` on `route`.
fn client_status(route: Option<&RouteC>, status: u16) -> u16 {
    match route {
        Some(r) if r.accepted && is_ok(status) => 202,
        // API Gateway treats a rejected Lambda invocation as its own internal error.
        Some(r) if r.lambda && status == LAMBDA_THROTTLED => 500,
        _ => status,
    }
}

/// Lambda's answer to an invocation beyond the function's concurrency.
const LAMBDA_THROTTLED: u16 = 429;
