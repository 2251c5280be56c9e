//! What a run records: one [`Step`] per thing that happened.

use serde::{Deserialize, Serialize};

/// Simulated time in microseconds since the start of the run.
pub type Time = u64;

/// Index of a component in the scenario's `component` list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(pub u32);

/// A message, numbered from 0 in the order the run creates them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MsgId(pub u32);

/// What a message carries, as far as the diagram and the narration need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Payload {
    /// A request or an event for operation `op` (see [`crate::Run::op_name`]).
    Request,
    /// The answer to a synchronous call, with an HTTP-style status; 0 means "no answer in
    /// time" (a timeout seen by the caller).
    Reply { status: u16 },
    /// A batch of messages handed from a queue to its consumer.
    Batch { size: u16 },
    /// A message moved to a dead-letter queue.
    DeadLetter,
    /// A step about a component rather than a message (a circuit opening, a crash).
    None,
}

/// The fate of a message. Every message a run creates ends in exactly one of these, recorded
/// on the step where it happened, or is listed in [`crate::Run::in_flight_at_end`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Terminal {
    /// Processed successfully and acknowledged: a success reply reached the caller, a queue
    /// consumer deleted it, an asynchronous invocation succeeded, a topic fanned it out, or a
    /// FIFO queue accepted it as a duplicate of one it already holds.
    Consumed,
    /// Moved to a dead-letter queue (by a queue's redrive policy or a function's on-failure
    /// destination).
    DeadLettered,
    /// An error went back to the caller (4xx, 5xx, 429), or the caller stopped waiting for it
    /// (a timeout).
    Rejected,
    /// Too old: a queue's retention period or a function's maximum event age passed.
    Expired,
    /// Lost to an injected fault (a crash of the component that owned it, a cut link).
    DroppedByFault,
    /// An asynchronous invocation failed every retry and had no dead-letter destination, so
    /// the service discarded it (Lambda's documented behaviour).
    Failed,
}

/// What happened in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// `node` put a message on the link to `peer`.
    Sent,
    /// `node` received a message or a reply from `peer`.
    Received,
    /// A message was lost: its link is cut, or the component it reached is down.
    Dropped,
    /// A reply came back after its caller had stopped waiting; it is ignored.
    LateReply,
    /// A caller stopped waiting for a reply.
    TimedOut,
    /// A caller (client, function, topic) schedules another attempt; `detail` is the attempt.
    Retried,
    /// A client got its final answer; `detail` is the latency it saw in microseconds.
    Answered,
    /// A client's status poll found the work done; `detail` is the time since the request.
    Completed,
    /// A client or topic gave up after its last attempt or poll.
    GaveUp,
    /// Refused for lack of capacity: a gateway's token bucket (429) or a function at its
    /// concurrency limit. `detail` is the number in use.
    Throttled,
    /// An asynchronous invocation waits in the function's internal queue for a free slot.
    Queued,
    CacheHit,
    CacheMiss,
    /// A function invocation began; `detail` is the number now running.
    Started,
    /// A function invocation ended; `detail` is the billed duration in microseconds (a whole
    /// number of milliseconds) and the payload carries the status.
    Finished,
    /// A message entered a queue; `detail` is the number of messages now stored.
    Enqueued,
    /// A FIFO queue accepted a message inside the deduplication window of an identical one
    /// and did not store it.
    Deduplicated,
    /// A queue delivered a message to a consumer; `detail` is its receive count.
    ReceivedFromQueue,
    /// A consumer deleted a message after processing it.
    Deleted,
    /// A message's visibility timeout ran out before it was deleted; it is visible again.
    VisibilityExpired,
    /// A message reached maxReceiveCount and moves to the dead-letter queue.
    Redriven,
    /// A message arrived in a dead-letter queue (or a function's on-failure destination).
    DeadLettered,
    /// A message was older than the retention period (or maximum event age) and was removed.
    Expired,
    /// A topic fanned a message out to its subscribers; `detail` is how many.
    Published,
    /// An asynchronous invocation exhausted its retries and was discarded.
    Discarded,
    CircuitOpened,
    CircuitHalfOpen,
    CircuitClosed,
    /// A breaker refused a call without trying it (open, or half-open with no trial left).
    ShortCircuited,
    /// A bulkhead refused a call because too many were outstanding.
    BulkheadRejected,
    /// A store refused a connection: all of its connections are in use.
    ConnectionRefused,
    /// Fault injection: a component went down.
    Crashed,
    Restarted,
    /// Fault injection: durations at `node` are multiplied; `detail` is the factor in percent.
    Slowed,
    /// Fault injection: `node`'s error rate is forced; `detail` is the rate in percent, or
    /// `u64::MAX` when the override is removed.
    ErrorRateSet,
    LinkCut,
    LinkRepaired,
    /// An event bus rule's pattern matched the event; `detail` is the rule's index.
    RuleMatched,
    /// An event bus accepted an event that matched none of its rules; nothing receives it.
    NoRuleMatched,
    /// A topic subscription's filter policy did not let the message through; `peer` is the
    /// subscriber, `detail` the link.
    FilteredOut,
    /// A state machine execution history event (`TaskStateEntered`, `TaskScheduled`, ...);
    /// read it with [`crate::Run::execution_event`].
    Execution,
    /// A stream stored a record in a shard; `detail` is the shard.
    AppendedToShard,
    /// A stream handed a shard's next batch to its consumer; `detail` is the iterator age
    /// (how old the oldest record of the batch is), microseconds.
    ShardRead,
    /// The consumer processed a stream record's batch: the shard's checkpoint moves past it;
    /// `detail` is the shard.
    Checkpointed,
    /// An instance registered with a registry; `detail` is the instance's component index.
    Registered,
    /// An instance renewed its lease (a heartbeat); `detail` as for `Registered`.
    Renewed,
    /// An instance deregistered (a graceful stop); `detail` as for `Registered`.
    Deregistered,
    /// A registry's health check evicted an instance whose lease outlived its TTL; `detail`
    /// as for `Registered`.
    Evicted,
    /// Client-side discovery refreshed the caller's copy of the registry; `detail` is the
    /// number of instances in it.
    RegistryFetched,
    /// A registry had no instance to route a call to (answered 503).
    NoInstance,
    /// A function's work ended in a business refusal (a card declined): it handled it and
    /// sends on its `on = "declined"` links; the invocation itself succeeds.
    Declined,
    /// A function's process died right after the call to `peer` answered, before its next
    /// call (the gap between a database commit and a publish); the invocation fails.
    InvocationCrashed,
    /// A standard queue kept a copy of a message it just delivered (at-least-once delivery):
    /// this step creates the copy, which will be delivered again; `detail` is the number of
    /// messages now stored (visible, delayed or in flight).
    Duplicated,
    /// A store's outbox relay read a row and publishes it to `peer`: this step creates the
    /// message; `detail` is the number of rows still waiting.
    Relayed,
}

/// One thing that happened, with enough context to draw and narrate it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub time: Time,
    pub kind: StepKind,
    /// Where it happened.
    pub node: NodeId,
    /// The other end: destination of a send, source of a receive, consumer of a delivery.
    pub peer: Option<NodeId>,
    pub msg: Option<MsgId>,
    /// Shared by every message that serves one client request (retries, downstream calls,
    /// queue messages, fan-out copies).
    pub corr: u32,
    /// Operation index (see [`crate::Run::op_name`]); 0 is a plain message.
    pub op: u16,
    pub payload: Payload,
    /// A number whose meaning depends on `kind` (documented on each [`StepKind`]).
    pub detail: u64,
    /// This step created `msg`.
    pub created: bool,
    /// This step ended `msg`'s life.
    pub terminal: Option<Terminal>,
    /// For the step recording an arrival (or a loss on a cut link): the index of the `Sent`
    /// step it completes; `NO_STEP` otherwise. Read it with [`Step::sent_step`].
    #[serde(rename = "sent_step", with = "sent_step_serde")]
    pub(crate) sent: u32,
}

/// `sent` as an optional index in serialized steps (`null` instead of the marker).
mod sent_step_serde {
    use super::NO_STEP;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        (*v != NO_STEP).then_some(*v).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        Ok(Option::<u32>::deserialize(d)?.unwrap_or(NO_STEP))
    }
}

/// Marks a step that completes no send.
pub(crate) const NO_STEP: u32 = u32::MAX;

impl Step {
    /// The index of the `Sent` step this step is the arrival of: the message travelled the
    /// link from that step's time to this one's (what the diagram animates).
    pub fn sent_step(&self) -> Option<usize> {
        (self.sent != NO_STEP).then_some(self.sent as usize)
    }
}
