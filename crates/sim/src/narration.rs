//! Plain-language narration, generated from a step and the scenario (never stored), so it
//! rewinds with the timeline.

use crate::scenario::{Kind, Topology};
use crate::step::{Payload, Step, StepKind, Terminal};

fn status_text(status: u16) -> String {
    let reason = match status {
        0 => return "no answer (timed out)".into(),
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
        format!("{:.1} s", us as f64 / 1e6)
    } else if us >= 1000 {
        format!("{} ms", (us + 500) / 1000)
    } else {
        format!("{us} µs")
    }
}

/// A short payload label: `"POST /payments #12"`, `"429 Too Many Requests"`, `"batch of 3"`.
pub(crate) fn summary(topo: &Topology, s: &Step) -> String {
    let op = topo
        .ops
        .get(s.op as usize)
        .map_or("message", |o| o.name.as_str());
    let op = op.replace("{id}", &s.corr.to_string());
    match (s.payload, s.msg) {
        (Payload::Reply { status }, _) => status_text(status),
        (Payload::Batch { size: 1 }, Some(m)) => format!("{op} #{}", m.0),
        (Payload::Batch { size }, Some(m)) => format!("a batch of {size} from #{}", m.0),
        (Payload::DeadLetter, Some(m)) => format!("dead letter #{}", m.0),
        (_, Some(m)) => format!("{op} #{}", m.0),
        (_, None) => String::new(),
    }
}

/// "1 message is" / "3 messages are".
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "once", "twice", "3 times".
fn times(n: u64) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        _ => format!("{n} times"),
    }
}

fn fate(t: Terminal) -> &'static str {
    match t {
        Terminal::Consumed => "its work is done (consumed)",
        Terminal::DeadLettered => "it rests in a dead-letter queue",
        Terminal::Rejected => "its caller got an error",
        Terminal::Expired => "it expired",
        Terminal::DroppedByFault => "it was lost to a fault",
        Terminal::Failed => "it failed for good",
    }
}

/// One or two sentences about step `s`.
pub(crate) fn narrate(topo: &Topology, s: &Step) -> String {
    let me = topo.name(s.node);
    let peer = s.peer.map_or("", |p| topo.name(p));
    let what = summary(topo, s);
    let n = s.detail;
    let text = match s.kind {
        StepKind::Sent if s.created => format!("{me} sends a new message, {what}, to {peer}."),
        StepKind::Sent => format!("{me} sends {what} to {peer}."),
                StepKind::Received => match (s.payload, topo.kinds.get(s.node.0 as usize)) {
            (Payload::Reply { status }, Some(Kind::Queue(_))) if !(200..300).contains(&status) => format!(
                "{me} receives {what} from {peer}: the messages are not deleted and stay invisible until their visibility timeout ends."
            ),
            _ => format!("{me} receives {what} from {peer}."),
        },
        StepKind::Dropped => format!("{what} is lost: the link is cut or the component is down."),
        StepKind::LateReply => format!("{me} receives {what} from {peer}, but had stopped waiting for it; the answer is ignored."),
        StepKind::TimedOut => format!("{me} stops waiting for {peer}: the timeout ran out."),
        StepKind::Retried => format!("{me} will try again (retry {n})."),
        StepKind::Answered => format!("{me} has its answer, {what}, {} after it first asked.", ms(n)),
        StepKind::Completed => format!("{me}'s status poll says the work is done, {} after the request.", ms(n)),
                StepKind::GaveUp => format!("{me} gives up after {}.", count(n, "attempt", "attempts")),
        StepKind::Throttled => format!("{me} refuses {what}: no capacity left (throttled, 429)."),
        StepKind::Queued => format!("{me} is busy; the event waits in its internal queue ({n} waiting)."),
        StepKind::CacheHit => format!("{me} answers {what} from its cache, without calling the backend."),
        StepKind::CacheMiss => format!("{me} has no fresh copy for {what}; it asks the backend."),
        StepKind::Started => format!("{me} starts working on {what} ({n} running)."),
        StepKind::Finished => format!("{me} finishes with {what}; billed {}.", ms(n)),
                StepKind::Enqueued => format!("{me} stores {what}; {} now in the queue.", count(n, "message is", "messages are")),
        StepKind::Deduplicated => format!("{me} already has an identical message from the last few minutes: this one is accepted but not stored again."),
        StepKind::ReceivedFromQueue => format!("{me} hands {what} to {peer} (receive number {n}). It stays in the queue, invisible, until it is deleted or its visibility timeout ends."),
        StepKind::Deleted => format!("{peer} finished, so {me} deletes {what}."),
        StepKind::VisibilityExpired => format!("The visibility timeout of {what} ran out before it was deleted: it is visible again (received {} so far).", times(n)),
                StepKind::Redriven => format!("{what} has been received {}, the queue's maxReceiveCount: {me} moves it to {peer}.", times(n)),
                StepKind::DeadLettered => format!("{what} lands in {me}; {} there for an operator.", count(n, "message waits", "messages wait")),
        StepKind::Expired => format!("{what} is too old and is removed."),
        StepKind::Published => format!("{me} copies {what} to its {n} subscribers."),
                StepKind::Discarded => format!("{what} failed {} and has no dead-letter destination: it is discarded.", times(n)),
        StepKind::CircuitOpened => format!("Too many failures: {me} opens the circuit and fails calls at once for a while."),
        StepKind::CircuitHalfOpen => format!("{me} is half-open: it lets a few trial calls through."),
        StepKind::CircuitClosed => format!("The trial calls succeeded: {me} closes the circuit again."),
        StepKind::ShortCircuited => format!("The circuit is open: {me} fails {what} at once instead of calling the sick service."),
        StepKind::BulkheadRejected => format!("{me} already has {n} calls outstanding, its bulkhead limit: it refuses {what}."),
        StepKind::ConnectionRefused => format!("{me} has all {n} connections in use: it refuses {what}."),
        StepKind::Crashed => format!("Fault: {me} crashes."),
        StepKind::Restarted => format!("{me} restarts."),
        StepKind::Slowed => format!("Fault: {me} now runs at {n}% of its normal durations."),
        StepKind::ErrorRateSet if n == u64::MAX => format!("{me}'s error rate is back to normal."),
        StepKind::ErrorRateSet => format!("Fault: {me} now fails {n}% of its work."),
        StepKind::LinkCut => format!("Fault: the link between {me} and {peer} is cut."),
        StepKind::LinkRepaired => format!("The link between {me} and {peer} works again."),
        StepKind::RuleMatched => {
            let rule = match topo.kinds.get(s.node.0 as usize) {
                Some(Kind::EventBus(b)) => b.rule_names.get(n as usize).map_or("?", String::as_str),
                _ => "?",
            };
            format!("{what} matches the event pattern of rule {rule}: {me} sends a copy to each of its targets.")
        }
        StepKind::NoRuleMatched => format!("{what} matches none of {me}'s rules: the bus accepts it and nothing receives it."),
        StepKind::AppendedToShard => format!("{me} appends {what} to shard {n}; records of one partition key stay in order there."),
        StepKind::ShardRead => format!("{me} hands a batch starting with {what} to {peer}; the oldest record is {} old (iterator age).", ms(n)),
        StepKind::Checkpointed => format!("{peer} processed the batch: {me} moves shard {n}'s checkpoint past {what}."),
        StepKind::Registered => format!("{} registers with {me}.", topo.name(crate::step::NodeId(n as u32))),
        StepKind::Renewed => format!("{} renews its lease with {me} (heartbeat).", topo.name(crate::step::NodeId(n as u32))),
        StepKind::Deregistered => format!("{} stops gracefully and deregisters from {me}.", topo.name(crate::step::NodeId(n as u32))),
        StepKind::Evicted => format!("{me}'s health check evicts {}: no heartbeat within the TTL.", topo.name(crate::step::NodeId(n as u32))),
        StepKind::RegistryFetched => format!("The caller refreshes its cached copy of the registry: {}.", count(n, "instance", "instances")),
        StepKind::NoInstance => format!("{me} has no registered instance for {what}: it answers 503."),
        StepKind::Declined => format!("{me} refuses {what} for a business reason (a card declined, say): it handles the refusal and announces it with its own event instead of the success event."),
        StepKind::InvocationCrashed => format!("{me}'s process dies just after {peer} answered, before it could send anything else: what {peer} saved stays saved, but the message that should follow it is never sent."),
        StepKind::Duplicated => format!("{me} hands out {what} but keeps a second copy of it, as a standard queue occasionally does (at-least-once delivery): the copy will be delivered again."),
        StepKind::Relayed => format!("{me}'s message relay finds {what} in the outbox table and publishes it to {peer}; {} waiting.", count(n, "row is still", "rows are still")),
        StepKind::FilteredOut => format!("{peer}'s filter policy does not let {what} through: {me} does not deliver it there."),
        StepKind::Execution => {
            let (event, branch, state) = crate::components::state_machine::decode(n);
            let state = match (topo.kinds.get(s.node.0 as usize), state) {
                (Some(Kind::StateMachine(m)), Some(i)) => m.state_names.get(i).map(String::as_str),
                _ => None,
            };
            let place = if branch > 0 { " (in a branch)" } else { "" };
            match state {
                Some(st) => format!("{me}, execution for {what}: {event} in state {st}{place}."),
                None => format!("{me}, execution for {what}: {event}{place}."),
            }
        }
    };
    match s.terminal {
        Some(t) => format!("{text} Final state: {}.", fate(t)),
        None => text,
    }
}
