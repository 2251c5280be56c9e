//! The event queue: a binary heap ordered by (time, sequence number).
//!
//! The sequence number is given when an event is scheduled, so two events at the same
//! microsecond always fire in the order they were scheduled, on every platform.
//!
//! Events live in a slab and the heap holds small (time, sequence, slot) entries, so a timer
//! can be cancelled in constant time (a timeout whose call already ended): its slot is
//! emptied and its heap entry is skipped when it surfaces, or dropped when the heap is
//! compacted. Without cancelling, every finished call would leave a dead timeout behind and
//! long runs would drag thousands of them through every checkpoint.

use core::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::{Event, Time};

#[derive(Clone, Copy, Debug)]
struct Entry {
    at: Time,
    seq: u64,
    slot: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Identifies a scheduled event so that it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimerId {
    slot: u32,
    seq: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Reverse<Entry>>,
    /// Pending events with their sequence numbers; `None` once fired or cancelled.
    slots: Vec<Option<(u64, Event)>>,
    free: Vec<u32>,
    seq: u64,
    /// Heap entries whose event was cancelled.
    stale: usize,
}

impl EventQueue {
    pub fn push(&mut self, at: Time, event: Event) -> TimerId {
        self.seq += 1;
        // A freed slot is one this queue pushed, so it is always in `slots`.
        let free = self.free.pop().and_then(|s| Some((s, self.slots.get_mut(s as usize)?)));
        let slot = match free {
            Some((s, entry)) => {
                *entry = Some((self.seq, event));
                s
            }
            None => {
                self.slots.push(Some((self.seq, event)));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Reverse(Entry {
            at,
            seq: self.seq,
            slot,
        }));
        TimerId {
            slot,
            seq: self.seq,
        }
    }

    fn is_live(&self, e: &Entry) -> bool {
        matches!(self.slots.get(e.slot as usize), Some(Some((seq, _))) if *seq == e.seq)
    }

    /// Cancels an event; an event that already fired is left alone.
    pub fn cancel(&mut self, id: TimerId) {
        if let Some(entry) = self.slots.get_mut(id.slot as usize).filter(|e| matches!(e, Some((seq, _)) if *seq == id.seq)) {
            *entry = None;
            self.free.push(id.slot);
            self.stale += 1;
            if self.stale > 64 && self.stale * 2 > self.heap.len() {
                let heap = std::mem::take(&mut self.heap);
                self.heap = heap
                    .into_iter()
                    .filter(|Reverse(e)| self.is_live(e))
                    .collect();
                self.stale = 0;
            }
        }
    }

    /// Drops cancelled entries from the top.
    fn skip_stale(&mut self) {
        while let Some(Reverse(top)) = self.heap.peek() {
            if self.is_live(top) {
                break;
            }
            self.heap.pop();
            self.stale -= 1;
        }
    }

    pub fn pop(&mut self) -> Option<(Time, Event)> {
        self.skip_stale();
        let Reverse(e) = self.heap.pop()?;
        let (_, event) = self.slots.get_mut(e.slot as usize)?.take()?;
        self.free.push(e.slot);
        Some((e.at, event))
    }

    pub fn peek_time(&mut self) -> Option<Time> {
        self.skip_stale();
        self.heap.peek().map(|Reverse(e)| e.at)
    }
}
