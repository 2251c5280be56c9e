//! Plain-language narration, generated from a step and the scenario (never stored), so it
//! rewinds with the timeline.

use crate::scenario::{Kind, Topology};
use crate::step::{Payload, Step, StepKind, Terminal};
use lab_i18n::narration as msg;
use lab_i18n::{Counted, Msg};

fn status_text(status: u16) -> String {
    let reason = match status {
        0 => return msg::STATUS_TIMED_OUT.text().to_string(),
        200 => "OK",
        202 => "Accepted",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };
    format!("{status} {reason}").trim_end().to_string()
}

fn ms(us: u64) -> String {
    if us >= 10_000_000 {
        format!("{} s", lab_i18n::decimal(us as f64 / 1e6, 1))
    } else if us >= 1000 {
        format!("{} ms", (us + 500) / 1000)
    } else {
        format!("{us} µs")
    }
}

/// A short payload label: `"POST /payments #12"`, `"429 Too Many Requests"`, `"batch of 3"`.
pub(crate) fn summary(topo: &Topology, s: &Step) -> String {
    let fallback = msg::SUMMARY_MESSAGE.text();
    let op = topo.ops.get(s.op as usize).map_or(fallback, |o| o.name.as_str());
    let op = op.replace("{id}", &s.corr.to_string());
    match (s.payload, s.msg) {
        (Payload::Reply { status }, _) => status_text(status),
        (Payload::Batch { size: 1 }, Some(m)) => format!("{op} #{}", m.0),
        (Payload::Batch { size }, Some(m)) => msg::SUMMARY_BATCH.with(&[("size", &size), ("id", &m.0)]),
        (Payload::DeadLetter, Some(m)) => msg::SUMMARY_DEAD_LETTER.with(&[("id", &m.0)]),
        (_, Some(m)) => format!("{op} #{}", m.0),
        (_, None) => String::new(),
    }
}

/// "once", "twice", "3 times".
fn times(n: u64) -> String {
    match n {
        1 => msg::TIMES_ONCE.text().to_string(),
        2 => msg::TIMES_TWICE.text().to_string(),
        _ => msg::TIMES_MANY.with(&[("n", &n)]),
    }
}

fn fate(t: Terminal) -> Msg {
    match t {
        Terminal::Consumed => msg::FATE_CONSUMED,
        Terminal::DeadLettered => msg::FATE_DEAD_LETTERED,
        Terminal::Rejected => msg::FATE_REJECTED,
        Terminal::Expired => msg::FATE_EXPIRED,
        Terminal::DroppedByFault => msg::FATE_DROPPED_BY_FAULT,
        Terminal::Failed => msg::FATE_FAILED,
    }
}

/// The sentence of a step kind that names no more than the step's own fields.
fn plain(kind: StepKind) -> Option<Msg> {
    Some(match kind {
        StepKind::Sent => msg::SENT,
        StepKind::Received => msg::RECEIVED,
        StepKind::Dropped => msg::DROPPED,
        StepKind::LateReply => msg::LATE_REPLY,
        StepKind::TimedOut => msg::TIMED_OUT,
        StepKind::Retried => msg::RETRIED,
        StepKind::Answered => msg::ANSWERED,
        StepKind::Completed => msg::COMPLETED,
        StepKind::Throttled => msg::THROTTLED,
        StepKind::Queued => msg::QUEUED,
        StepKind::CacheHit => msg::CACHE_HIT,
        StepKind::CacheMiss => msg::CACHE_MISS,
        StepKind::Started => msg::STARTED,
        StepKind::Finished => msg::FINISHED,
        StepKind::Deduplicated => msg::DEDUPLICATED,
        StepKind::ReceivedFromQueue => msg::RECEIVED_FROM_QUEUE,
        StepKind::Deleted => msg::DELETED,
        StepKind::VisibilityExpired => msg::VISIBILITY_EXPIRED,
        StepKind::Redriven => msg::REDRIVEN,
        StepKind::Expired => msg::EXPIRED,
        StepKind::Published => msg::PUBLISHED,
        StepKind::Discarded => msg::DISCARDED,
        StepKind::CircuitOpened => msg::CIRCUIT_OPENED,
        StepKind::CircuitHalfOpen => msg::CIRCUIT_HALF_OPEN,
        StepKind::CircuitClosed => msg::CIRCUIT_CLOSED,
        StepKind::ShortCircuited => msg::SHORT_CIRCUITED,
        StepKind::BulkheadRejected => msg::BULKHEAD_REJECTED,
        StepKind::ConnectionRefused => msg::CONNECTION_REFUSED,
        StepKind::Crashed => msg::CRASHED,
        StepKind::Restarted => msg::RESTARTED,
        StepKind::Slowed => msg::SLOWED,
        StepKind::ErrorRateSet => msg::ERROR_RATE_SET,
        StepKind::LinkCut => msg::LINK_CUT,
        StepKind::LinkRepaired => msg::LINK_REPAIRED,
        StepKind::NoRuleMatched => msg::NO_RULE_MATCHED,
        StepKind::AppendedToShard => msg::APPENDED_TO_SHARD,
        StepKind::ShardRead => msg::SHARD_READ,
        StepKind::Checkpointed => msg::CHECKPOINTED,
        StepKind::Registered => msg::REGISTERED,
        StepKind::Renewed => msg::RENEWED,
        StepKind::Deregistered => msg::DEREGISTERED,
        StepKind::Evicted => msg::EVICTED,
        StepKind::NoInstance => msg::NO_INSTANCE,
        StepKind::Declined => msg::DECLINED,
        StepKind::InvocationCrashed => msg::INVOCATION_CRASHED,
        StepKind::Duplicated => msg::DUPLICATED,
        StepKind::FilteredOut => msg::FILTERED_OUT,
        _ => return None,
    })
}

/// The sentence of a step kind whose words follow its count (`detail`).
fn counted(kind: StepKind) -> Option<Counted> {
    Some(match kind {
        StepKind::GaveUp => msg::GAVE_UP,
        StepKind::Enqueued => msg::ENQUEUED,
        StepKind::DeadLettered => msg::DEAD_LETTERED,
        StepKind::RegistryFetched => msg::REGISTRY_FETCHED,
        StepKind::Relayed => msg::RELAYED,
        _ => return None,
    })
}

/// One or two sentences about step `s`.
pub(crate) fn narrate(topo: &Topology, s: &Step) -> String {
    let me = topo.name(s.node);
    let peer = s.peer.map_or("", |p| topo.name(p));
    let what = summary(topo, s);
    let n = s.detail;
    // `detail` is a duration, a count or another component, as the kind says.
    let time = ms(n);
    let repeated = times(n);
    let number = lab_i18n::integer(n);
    let instance = topo.name(crate::step::NodeId(n as u32));
    let values: [(&str, &dyn std::fmt::Display); 7] =
        [("me", &me), ("peer", &peer), ("what", &what), ("n", &number), ("time", &time), ("times", &repeated), ("instance", &instance)];
    let text = match s.kind {
        StepKind::Sent if s.created => msg::SENT_NEW.with(&values),
        StepKind::Received => match (s.payload, topo.kinds.get(s.node.0 as usize)) {
            (Payload::Reply { status }, Some(Kind::Queue(_))) if !(200..300).contains(&status) => msg::RECEIVED_NOT_DELETED.with(&values),
            _ => msg::RECEIVED.with(&values),
        },
        StepKind::ErrorRateSet if n == u64::MAX => msg::ERROR_RATE_NORMAL.with(&values),
        StepKind::RuleMatched => {
            let rule = match topo.kinds.get(s.node.0 as usize) {
                Some(Kind::EventBus(b)) => b.rule_names.get(n as usize).map_or("?", String::as_str),
                _ => "?",
            };
            msg::RULE_MATCHED.with(&[("me", &me), ("what", &what), ("rule", &rule)])
        }
        StepKind::Execution => execution(topo, s, me, &what),
        kind => match (plain(kind), counted(kind)) {
            (Some(sentence), _) => sentence.with(&values),
            (None, Some(sentence)) => sentence.count(n, &values),
            (None, None) => String::new(),
        },
    };
    match s.terminal {
        Some(t) => format!("{text} {}", msg::FINAL_STATE.with(&[("fate", &fate(t).text())])),
        None => text,
    }
}

/// A state machine's step: its event, in which state, and whether in a parallel branch.
fn execution(topo: &Topology, s: &Step, me: &str, what: &str) -> String {
    let (event, branch, state) = crate::components::state_machine::decode(s.detail);
    let state = match (topo.kinds.get(s.node.0 as usize), state) {
        (Some(Kind::StateMachine(m)), Some(i)) => m.state_names.get(i).map(String::as_str),
        _ => None,
    };
    let place = if branch > 0 { msg::IN_A_BRANCH.text() } else { &String::new() };
    let state = state.unwrap_or_default();
    let sentence = if state.is_empty() { msg::EXECUTION } else { msg::EXECUTION_IN_STATE };
    sentence.with(&[("me", &me), ("what", &what), ("event", &event), ("branch", &place), ("state", &state)])
}

/// A step kind in a few words, for the event log ("received from queue").
pub fn step_words(kind: StepKind) -> String {
    let words = match kind {
        StepKind::Sent => msg::STEP_SENT,
        StepKind::Received => msg::STEP_RECEIVED,
        StepKind::Dropped => msg::STEP_DROPPED,
        StepKind::LateReply => msg::STEP_LATE_REPLY,
        StepKind::TimedOut => msg::STEP_TIMED_OUT,
        StepKind::Retried => msg::STEP_RETRIED,
        StepKind::Answered => msg::STEP_ANSWERED,
        StepKind::Completed => msg::STEP_COMPLETED,
        StepKind::GaveUp => msg::STEP_GAVE_UP,
        StepKind::Throttled => msg::STEP_THROTTLED,
        StepKind::Queued => msg::STEP_QUEUED,
        StepKind::CacheHit => msg::STEP_CACHE_HIT,
        StepKind::CacheMiss => msg::STEP_CACHE_MISS,
        StepKind::Started => msg::STEP_STARTED,
        StepKind::Finished => msg::STEP_FINISHED,
        StepKind::Enqueued => msg::STEP_ENQUEUED,
        StepKind::Deduplicated => msg::STEP_DEDUPLICATED,
        StepKind::ReceivedFromQueue => msg::STEP_RECEIVED_FROM_QUEUE,
        StepKind::Deleted => msg::STEP_DELETED,
        StepKind::VisibilityExpired => msg::STEP_VISIBILITY_EXPIRED,
        StepKind::Redriven => msg::STEP_REDRIVEN,
        StepKind::DeadLettered => msg::STEP_DEAD_LETTERED,
        StepKind::Expired => msg::STEP_EXPIRED,
        StepKind::Published => msg::STEP_PUBLISHED,
        StepKind::Discarded => msg::STEP_DISCARDED,
        StepKind::CircuitOpened => msg::STEP_CIRCUIT_OPENED,
        StepKind::CircuitHalfOpen => msg::STEP_CIRCUIT_HALF_OPEN,
        StepKind::CircuitClosed => msg::STEP_CIRCUIT_CLOSED,
        StepKind::ShortCircuited => msg::STEP_SHORT_CIRCUITED,
        StepKind::BulkheadRejected => msg::STEP_BULKHEAD_REJECTED,
        StepKind::ConnectionRefused => msg::STEP_CONNECTION_REFUSED,
        StepKind::Crashed => msg::STEP_CRASHED,
        StepKind::Restarted => msg::STEP_RESTARTED,
        StepKind::Slowed => msg::STEP_SLOWED,
        StepKind::ErrorRateSet => msg::STEP_ERROR_RATE_SET,
        StepKind::LinkCut => msg::STEP_LINK_CUT,
        StepKind::LinkRepaired => msg::STEP_LINK_REPAIRED,
        StepKind::RuleMatched => msg::STEP_RULE_MATCHED,
        StepKind::NoRuleMatched => msg::STEP_NO_RULE_MATCHED,
        StepKind::FilteredOut => msg::STEP_FILTERED_OUT,
        StepKind::Execution => msg::STEP_EXECUTION,
        StepKind::AppendedToShard => msg::STEP_APPENDED_TO_SHARD,
        StepKind::ShardRead => msg::STEP_SHARD_READ,
        StepKind::Checkpointed => msg::STEP_CHECKPOINTED,
        StepKind::Registered => msg::STEP_REGISTERED,
        StepKind::Renewed => msg::STEP_RENEWED,
        StepKind::Deregistered => msg::STEP_DEREGISTERED,
        StepKind::Evicted => msg::STEP_EVICTED,
        StepKind::RegistryFetched => msg::STEP_REGISTRY_FETCHED,
        StepKind::NoInstance => msg::STEP_NO_INSTANCE,
        StepKind::Declined => msg::STEP_DECLINED,
        StepKind::InvocationCrashed => msg::STEP_INVOCATION_CRASHED,
        StepKind::Duplicated => msg::STEP_DUPLICATED,
        StepKind::Relayed => msg::STEP_RELAYED,
    };
    words.text().to_string()
}

/// A component kind (a scenario file's `kind` word, or `dead_letter_queue`) in words.
pub fn kind_words(kind: &str) -> String {
    let words = match kind {
        "client" => msg::KIND_CLIENT,
        "gateway" => msg::KIND_GATEWAY,
        "function" => msg::KIND_FUNCTION,
        "queue" => msg::KIND_QUEUE,
        "dead_letter_queue" => msg::KIND_DEAD_LETTER_QUEUE,
        "topic" => msg::KIND_TOPIC,
        "breaker" => msg::KIND_BREAKER,
        "state_machine" => msg::KIND_STATE_MACHINE,
        "event_bus" => msg::KIND_EVENT_BUS,
        "stream" => msg::KIND_STREAM,
        "registry" => msg::KIND_REGISTRY,
        "store" => msg::KIND_STORE,
        "cache" => msg::KIND_CACHE,
        _ => msg::KIND_COMPONENT,
    };
    words.text().to_string()
}
