//! A message's card: its fields and its history, the hops its request took, each split into
//! time on the link, time waiting and time working. Computed from the run's steps on demand
//! (a click), so nothing is precomputed for messages nobody opens.

use lab_sim::{NodeId, Payload, Run, Scenario, Step, StepKind, Terminal, Time};

use lab_i18n::{player as msg, Msg};

use super::model::kind_of;

/// Hops listed at most; a request retried for a long time keeps its first ones.
const MAX_HOPS: usize = 60;

/// One hop: a message of the request crossed the link `from` → `to`, then stayed at `to`
/// until that component sent it on (or answered it, or it ended there).
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    pub from: String,
    pub to: String,
    pub summary: String,
    /// The step of the arrival (or the loss), for jumping there.
    pub arrival_step: usize,
    pub link: Time,
    /// Queued: in a queue, or waiting for a free instance of a function.
    pub waiting: Time,
    /// Held by the component it reached: a function from its start until it answers (its own
    /// downstream calls included, as they are billed), a gateway or a store for as long as
    /// it keeps the request open.
    pub working: Time,
    /// The arrival was a loss (a cut link, a component down).
    pub dropped: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MessageDetail {
    /// `#12`, or "no message" for a step about the request as a whole.
    pub id: String,
    pub correlation: u32,
    pub operation: String,
    pub summary: String,
    /// How the message ended, or that it had not when the run stopped.
    pub status: String,
    pub hops: Vec<Hop>,
    /// Hops beyond [`MAX_HOPS`], not listed.
    pub more_hops: usize,
}

impl MessageDetail {
    /// The card for the message of step `i` (a send, an arrival or any step that names one).
    pub fn of(run: &Run, scenario: &Scenario, i: usize) -> Option<MessageDetail> {
        let step = run.steps.get(i)?;
        let all = hops(run, scenario, step.corr);
        let more_hops = all.len().saturating_sub(MAX_HOPS);
        Some(MessageDetail {
            id: step.msg.map_or_else(|| msg::NO_MESSAGE.text().to_string(), |m| format!("#{}", m.0)),
            correlation: step.corr,
            operation: run.op_name(step.op).to_string(),
            summary: run.summary(i),
            status: status(run, step),
            hops: all.into_iter().take(MAX_HOPS).collect(),
            more_hops,
        })
    }
}

fn status(run: &Run, step: &Step) -> String {
    let Some(id) = step.msg else { return msg::WHOLE_REQUEST.text().to_string() };
    let end = run.steps.iter().enumerate().find(|(_, s)| s.msg == Some(id) && s.terminal.is_some());
    match end {
        Some((at, s)) => msg::ENDED_AT.with(&[("how", &terminal_word(s.terminal)), ("n", &(at + 1))]),
        None => msg::IN_FLIGHT.text().to_string(),
    }
}

fn terminal_word(t: Option<Terminal>) -> String {
    let words: Msg = match t {
        Some(Terminal::Consumed) => msg::ENDED_CONSUMED,
        Some(Terminal::DeadLettered) => msg::ENDED_DEAD_LETTERED,
        Some(Terminal::Rejected) => msg::ENDED_REJECTED,
        Some(Terminal::Expired) => msg::ENDED_EXPIRED,
        Some(Terminal::DroppedByFault) => msg::ENDED_DROPPED,
        Some(Terminal::Failed) => msg::ENDED_FAILED,
        None => return String::new(),
    };
    words.text().to_string()
}

/// Every hop of request `corr`, in the order they arrived.
fn hops(run: &Run, scenario: &Scenario, corr: u32) -> Vec<Hop> {
    let mine: Vec<(usize, &Step)> = run.steps.iter().enumerate().filter(|(_, s)| s.corr == corr).collect();
    mine.iter()
        .enumerate()
        .filter_map(|(k, &(i, arrival))| {
            let sent = run.steps.get(arrival.sent_step()?)?;
            let to = arrival.node;
            let later = mine.get(k + 1..).unwrap_or_default();
            let left = later
                .iter()
                .find(|(_, s)| s.msg == arrival.msg && s.node == to && (s.kind == StepKind::Sent || s.terminal.is_some()))
                .map_or(arrival.time, |(_, s)| s.time);
            let dropped = arrival.kind == StepKind::Dropped;
            let stay = if dropped { 0 } else { left.saturating_sub(arrival.time) };
            let started = later
                .iter()
                .take_while(|(_, s)| s.time <= left)
                .find(|(_, s)| s.node == to && s.kind == StepKind::Started)
                .map(|(_, s)| s.time);
            let waiting = match started {
                Some(t) => t.saturating_sub(arrival.time),
                None if kind_of(scenario, to.0 as usize) == "queue" => stay,
                None => 0,
            };
            Some(Hop {
                from: run.component_name(sent.node).to_string(),
                to: name(run, to),
                summary: run.summary(arrival.sent_step()?),
                arrival_step: i,
                link: arrival.time.saturating_sub(sent.time),
                waiting,
                working: stay - waiting,
                dropped,
            })
        })
        .collect()
}

fn name(run: &Run, n: NodeId) -> String {
    run.component_name(n).to_string()
}

/// True when step `i` names a message or a reply the card can describe.
pub fn has_card(step: &Step) -> bool {
    step.msg.is_some() || matches!(step.payload, Payload::Reply { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::run_with_faults;
    use crate::test_lessons::lesson_sim;

    #[test]
    fn a_request_through_the_gateway_chain_has_its_hops() {
        let sim = lesson_sim("api-gateway");
        let run = run_with_faults(&sim.scenario, 1, &[]).unwrap();
        let first = run.steps.iter().position(|s| s.kind == StepKind::Sent).unwrap();
        let card = MessageDetail::of(&run, &sim.scenario, first).unwrap();
        assert_eq!(card.id, "#0");
        assert_eq!(card.operation, "POST /payments");
        let path: Vec<(&str, &str)> = card.hops.iter().map(|h| (h.from.as_str(), h.to.as_str())).collect();
        assert_eq!(path.first(), Some(&("customer", "api")), "{path:?}");
        assert!(path.contains(&("api", "payments")) && path.contains(&("payments", "api")), "{path:?}");
        let at_payments = card.hops.iter().find(|h| h.to == "payments").unwrap();
        assert!(at_payments.working > 0, "the function works on it: {at_payments:?}");
        // The gateway holds the customer's request for the whole downstream call, so its
        // first hop's stay plus the two links is the latency the customer saw.
        let answered = run.steps.iter().find(|s| s.corr == card.correlation && s.kind == StepKind::Answered).unwrap();
        let to_api = &card.hops[0];
        let back = card.hops.iter().find(|h| h.to == "customer").unwrap();
        assert_eq!(to_api.link + to_api.waiting + to_api.working + back.link, answered.detail);
        for h in &card.hops {
            assert!(h.link > 0 || h.dropped, "{h:?}");
        }
    }

    #[test]
    fn a_queue_hop_is_waiting_time() {
        let scenario = lab_sim::from_toml("orders-redrive.toml", include_str!("../../sim/scenarios/orders-redrive.toml")).unwrap();
        let run = run_with_faults(&scenario, 1, &[]).unwrap();
        let enqueued = run.steps.iter().enumerate().filter(|(_, s)| s.kind == StepKind::Enqueued).map(|(i, _)| i);
        let cards: Vec<MessageDetail> = enqueued.filter_map(|i| MessageDetail::of(&run, &scenario, i)).collect();
        let at_queue: Vec<&Hop> = cards.iter().flat_map(|c| &c.hops).filter(|h| h.to == "orders").collect();
        assert!(at_queue.len() >= 40, "{}", at_queue.len());
        assert!(at_queue.iter().all(|h| h.working == 0), "a queue only holds messages");
        assert!(at_queue.iter().any(|h| h.waiting > 0), "some wait in the queue for a consumer");
        assert!(cards.iter().all(|c| !c.status.is_empty()));
        assert!(MessageDetail::of(&run, &scenario, run.steps.len()).is_none());
    }
}
