//! The event queue: a binary heap ordered by (time, sequence number).
//!
//! The sequence number is given when an event is scheduled, so two events at the same
//! microsecond always fire in the order they were scheduled, on every platform.
//!
//! Timers can be cancelled (a timeout whose call already ended). A cancelled event stays in
//! the heap until it reaches the top or the heap is compacted; either way it never fires.
//! Without this, every finished call would leave a dead timeout behind and long runs would
//! drag thousands of them through every checkpoint.

use core::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, BinaryHeap};

use super::{Event, Time};

#[derive(Clone, Debug)]
struct Scheduled {
    at: Time,
    seq: u64,
    event: Event,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Identifies a scheduled event so that it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimerId(u64);

#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    cancelled: BTreeSet<u64>,
}

impl EventQueue {
    pub fn push(&mut self, at: Time, event: Event) -> TimerId {
        self.seq += 1;
        self.heap.push(Reverse(Scheduled {
            at,
            seq: self.seq,
            event,
        }));
        TimerId(self.seq)
    }

    /// Cancels an event that has not fired yet (callers must not cancel one that has).
    pub fn cancel(&mut self, id: TimerId) {
        self.cancelled.insert(id.0);
        if self.cancelled.len() > 256 && self.cancelled.len() * 2 > self.heap.len() {
            let cancelled = std::mem::take(&mut self.cancelled);
            self.heap.retain(|Reverse(s)| !cancelled.contains(&s.seq));
        }
    }

    /// Drops cancelled events from the top.
    fn skip_cancelled(&mut self) {
        if self.cancelled.is_empty() {
            return;
        }
        while let Some(Reverse(top)) = self.heap.peek() {
            if !self.cancelled.remove(&top.seq) {
                break;
            }
            self.heap.pop();
        }
    }

    pub fn pop(&mut self) -> Option<(Time, Event)> {
        self.skip_cancelled();
        self.heap.pop().map(|Reverse(s)| (s.at, s.event))
    }

    pub fn peek_time(&mut self) -> Option<Time> {
        self.skip_cancelled();
        self.heap.peek().map(|Reverse(s)| s.at)
    }
}
