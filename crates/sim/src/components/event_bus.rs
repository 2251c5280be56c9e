//! An EventBridge-like event bus: each arriving event is matched against every rule's event
//! pattern (lab-rules' `event_pattern`, the service's documented semantics) and a copy goes
//! to each target of each matching rule, asynchronously, as EventBridge invokes targets.
//!
//! Which event a message carries: a message whose operation has an `op_event` carries that
//! event (a publisher names its event by the operation it sends, as a choreographed service
//! publishes `OrderCreated` or `CardDeclined`); otherwise the bus's `events` list holds the
//! event documents the publishers send, and the request with correlation id n carries event
//! n mod the list's length (the `Envelope` stays a small `Copy` value, so the engine stays
//! fast).
//!
//! An event that matches no rule is accepted (PutEvents succeeds) and then dropped by the
//! service: the run records a `NoRuleMatched` step, which is also the message's terminal
//! step (consumed: the bus is done with it).
//!
//! Simplifications: no input transformers, no archive or replay, target delivery itself
//! is not retried (the targets' own retries apply).

use lab_rules::FlatEvent;

use super::ComponentView;
use crate::engine::{Cx, Envelope};
use crate::kinds::event_bus::EventBusC;
use crate::step::{NodeId, Payload, StepKind, Terminal};

#[derive(Clone, Debug, Default)]
pub(crate) struct EventBus {
    events: u32,
    matched: u32,
    unmatched: u32,
}

impl EventBus {
    pub fn arrive(&mut self, cx: &mut Cx, c: &EventBusC, from: NodeId, env: Envelope) {
        if let Payload::Reply { status } = env.payload {
            // The bus makes no synchronous calls: nothing waits for this.
            cx.log(StepKind::LateReply, &env, Some(from), status as u64);
            return;
        }
        cx.log(StepKind::Received, &env, Some(from), 0);
        self.events += 1;
        let mut matched_any = false;
        let delivered = match c.event_of(env.op, env.corr) {
            Some(event) => {
                let flat = FlatEvent::new(event);
                let mut delivered = 0u64;
                for (i, rule) in c.rules.iter().enumerate() {
                    if !rule.pattern.matches_flat(&flat) {
                        continue;
                    }
                    matched_any = true;
                    cx.log(StepKind::RuleMatched, &env, None, i as u64);
                    for &l in &rule.links {
                        let Some(op) = cx.topo.links.get(l).map(|link| link.op) else {
                            continue;
                        };
                        let msg = cx.new_msg();
                        let copy = Envelope {
                            msg,
                            op,
                            call: None,
                            payload: Payload::Request,
                            ..env
                        };
                        cx.send(l, copy, true);
                        delivered += 1;
                    }
                }
                delivered
            }
            None => 0,
        };
        let kind = if matched_any {
            self.matched += 1;
            StepKind::Published
        } else {
            self.unmatched += 1;
            StepKind::NoRuleMatched
        };
        if env.call.is_some() {
            // PutEvents answers once the bus has the event, matched or not.
            cx.log(kind, &env, None, delivered);
            cx.reply(&env, 200);
        } else {
            cx.end(kind, &env, None, delivered, Terminal::Consumed);
        }
    }

    pub fn view(&self) -> ComponentView {
        ComponentView::EventBus {
            events: self.events,
            matched: self.matched,
            unmatched: self.unmatched,
        }
    }
}
