//! A service registry with discovery (Eureka / Consul / Cloud Map-like).
//!
//! - Each instance (a component the registry links to) registers when it starts, renews its
//!   lease with a heartbeat every `heartbeat` while it runs, and deregisters when it is
//!   stopped gracefully (`deregister_at_ms`). A crashed instance sends no heartbeats, but
//!   its entry stays until the health check finds its lease older than the TTL and evicts
//!   it: until then the entry is stale and calls routed to it fail (they time out).
//!   A restarted instance registers again at its next heartbeat.
//! - Calls to the registry are routed to a registered instance, round-robin or at random.
//!   Server-side discovery reads the registry for every call (a router or load balancer).
//!   Client-side discovery reads the caller's cached copy of the registry, refreshed every
//!   `client_cache` (Eureka clients fetch every 30 s): the registry node then stands for the
//!   caller's discovery library, and the copy can be staler than the registry itself.
//!
//! A crashed registry renews and evicts nothing; when it restarts, every lease it kept gets a
//! full TTL again, so only instances that stay silent are evicted.
//!
//! Simplifications: heartbeats are not messages (an agent beside each instance renews while
//! the instance runs); a failed call is answered with its error, not retried on another
//! instance.

use crate::id_map::IdMap;

use super::calls::Calls;
use super::{ComponentView, Timer};
use crate::engine::{Cx, Envelope};
use crate::kinds::registry::RegistryC;
use crate::step::{NodeId, Payload, StepKind, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct Registry {
    pub calls: Calls,
    /// Registered instances (index into the configuration's list) and their last renewal.
    entries: IdMap<u16, Time>,
    /// Instances stopped gracefully: they renew no more.
    stopped: Vec<bool>,
    /// Client-side discovery: the caller's cached copy and when it was fetched.
    cached: Vec<u16>,
    cached_at: Option<Time>,
    next: u32,
}

/// What a registry timer does.
pub(crate) const REGISTER: u8 = 0;
pub(crate) const HEARTBEAT: u8 = 1;
pub(crate) const DEREGISTER: u8 = 2;
pub(crate) const CHECK: u8 = 3;

impl Registry {
    pub fn start(&mut self, cx: &mut Cx, c: &RegistryC) {
        self.stopped = vec![false; c.instances.len()];
        for (i, inst) in c.instances.iter().enumerate() {
            let i = i as u16;
            cx.timer(inst.register_at, Timer::Registry { what: REGISTER, i });
            if let Some(at) = inst.deregister_at {
                cx.timer(
                    at,
                    Timer::Registry {
                        what: DEREGISTER,
                        i,
                    },
                );
            }
        }
        cx.timer(c.check_every, Timer::Registry { what: CHECK, i: 0 });
    }

    /// After an outage the registry gives every lease it kept a full TTL to be renewed, so
    /// its own downtime does not evict healthy instances (Consul restores TTL checks this
    /// way; Eureka's self-preservation mode guards against the same mass eviction).
    pub fn restart(&mut self, cx: &mut Cx) {
        for t in self.entries.values_mut() {
            *t = cx.now;
        }
    }

    pub fn idle(&self) -> bool {
        // Heartbeats and health checks go on forever; only calls are work.
        self.calls.is_empty()
    }

    pub fn view(&self, c: &RegistryC) -> ComponentView {
        ComponentView::Registry {
            registered: self
                .entries
                .keys()
                .filter_map(|i| c.instances.get(i as usize).map(|x| x.name.clone()))
                .collect(),
            outstanding: self.calls.len(),
        }
    }

    pub fn arrive(&mut self, cx: &mut Cx, c: &RegistryC, from: NodeId, env: Envelope) {
        if let Payload::Reply { .. } = env.payload {
            if let Some((p, status)) = self.calls.on_reply(cx, from, env) {
                if let Some(up) = p.upstream {
                    cx.reply(&up, status);
                }
            }
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        let candidates: Vec<u16> = if c.client_side {
            let fresh = self
                .cached_at
                .is_some_and(|t| cx.now.saturating_sub(t) < c.client_cache);
            if !fresh {
                self.cached = self.entries.keys().collect();
                self.cached_at = Some(cx.now);
                cx.log(
                    StepKind::RegistryFetched,
                    &env,
                    None,
                    self.cached.len() as u64,
                );
            }
            self.cached.clone()
        } else {
            self.entries.keys().collect()
        };
        if candidates.is_empty() {
            cx.log(StepKind::NoInstance, &env, None, 0);
            cx.reply(&env, 503);
            return;
        }
        let k = if c.random {
            ((cx.unit() * candidates.len() as f64) as usize).min(candidates.len() - 1)
        } else {
            let k = self.next as usize % candidates.len();
            self.next = self.next.wrapping_add(1);
            k
        };
        let topo = cx.topo;
        let chosen = candidates.get(k).and_then(|&pick| {
            let link = c.instances.get(pick as usize)?.link;
            Some((pick, link, topo.links.get(link)?.op))
        });
        let Some((pick, link, op)) = chosen else {
            cx.reply(&env, 503);
            return;
        };
        let like = Envelope { op, ..env };
        self.calls
            .call(cx, link, Some(env), &like, c.timeout, pick as u32);
    }

    pub fn timer(&mut self, cx: &mut Cx, c: &RegistryC, t: Timer) {
        match t {
            Timer::Registry { what, i } => self.lease(cx, c, what, i),
            Timer::CallTimeout(id) => {
                if let Some(p) = self.calls.on_timeout(cx, id) {
                    if let Some(up) = p.upstream {
                        cx.reply(&up, 504);
                    }
                }
            }
            _ => {}
        }
    }

    fn lease(&mut self, cx: &mut Cx, c: &RegistryC, what: u8, i: u16) {
        let Some(inst) = c.instances.get(i as usize) else {
            return;
        };
        if self.stopped.len() != c.instances.len() {
            self.stopped = vec![false; c.instances.len()];
        }
        let node = inst.node.0 as u64;
        match what {
            REGISTER | HEARTBEAT => {
                if self.stopped.get(i as usize) == Some(&true) {
                    return;
                }
                if cx.is_up(inst.node) && cx.up {
                    if self.entries.insert(i, cx.now).is_some() {
                        cx.log_node(StepKind::Renewed, node);
                    } else {
                        cx.log_node(StepKind::Registered, node);
                    }
                }
                cx.timer(cx.now + c.heartbeat, Timer::Registry { what: HEARTBEAT, i });
            }
            DEREGISTER => {
                if let Some(stopped) = self.stopped.get_mut(i as usize) {
                    *stopped = true;
                }
                if self.entries.remove(&i).is_some() {
                    cx.log_node(StepKind::Deregistered, node);
                }
            }
            _ => {
                // The health check: leases not renewed within the TTL are evicted (a crashed
                // registry checks nothing until it restarts).
                let expired: Vec<u16> = if !cx.up {
                    Vec::new()
                } else {
                    self.entries.iter().filter(|&(_, &t)| cx.now.saturating_sub(t) > c.ttl).map(|(k, _)| k).collect()
                };
                for k in expired {
                    self.entries.remove(&k);
                    if let Some(x) = c.instances.get(k as usize) {
                        cx.log_node(StepKind::Evicted, x.node.0 as u64);
                    }
                }
                cx.timer(
                    cx.now + c.check_every,
                    Timer::Registry { what: CHECK, i: 0 },
                );
            }
        }
    }
}
