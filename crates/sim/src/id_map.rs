//! A map from small ids to values, in the ids' order, for the components' books (a function's
//! invocations, a queue's receipts, a client's requests...). Each of those was a `BTreeMap` of
//! its own value type, and each carried its own copy of the tree's insert, remove and
//! rebalancing code into the player's download. Here one tree of numbers serves them all: it
//! maps each key to the slot of a plain vector that holds the value.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use crate::step::{MsgId, NodeId};

/// A key an [`IdMap`] orders by, written as one number in the same order.
pub(crate) trait Key: Copy {
    fn code(self) -> u64;
    fn decode(code: u64) -> Self;
}

impl Key for u32 {
    fn code(self) -> u64 {
        u64::from(self)
    }
    fn decode(code: u64) -> u32 {
        code as u32
    }
}

impl Key for u16 {
    fn code(self) -> u64 {
        u64::from(self)
    }
    fn decode(code: u64) -> u16 {
        code as u16
    }
}

/// Ordered by the first number, then the second, as a tuple is.
impl Key for (u32, u16) {
    fn code(self) -> u64 {
        (u64::from(self.0) << 16) | u64::from(self.1)
    }
    fn decode(code: u64) -> (u32, u16) {
        ((code >> 16) as u32, code as u16)
    }
}

impl Key for MsgId {
    fn code(self) -> u64 {
        u64::from(self.0)
    }
    fn decode(code: u64) -> MsgId {
        MsgId(code as u32)
    }
}

impl Key for NodeId {
    fn code(self) -> u64 {
        u64::from(self.0)
    }
    fn decode(code: u64) -> NodeId {
        NodeId(code as u32)
    }
}

impl Key for (NodeId, u16) {
    fn code(self) -> u64 {
        (self.0 .0, self.1).code()
    }
    fn decode(code: u64) -> (NodeId, u16) {
        let (node, n) = <(u32, u16)>::decode(code);
        (NodeId(node), n)
    }
}

impl Key for (NodeId, u32) {
    fn code(self) -> u64 {
        (u64::from(self.0 .0) << 32) | u64::from(self.1)
    }
    fn decode(code: u64) -> (NodeId, u32) {
        (NodeId((code >> 32) as u32), code as u32)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct IdMap<K, V> {
    /// Each key's code, to the slot of its value.
    index: BTreeMap<u64, u32>,
    slots: Vec<Option<V>>,
    /// Slots emptied by a removal, taken again before the vector grows.
    free: Vec<u32>,
    keys: PhantomData<K>,
}

impl<K, V> Default for IdMap<K, V> {
    fn default() -> Self {
        IdMap { index: BTreeMap::new(), slots: Vec::new(), free: Vec::new(), keys: PhantomData }
    }
}

impl<K: Key, V> IdMap<K, V> {
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.index.contains_key(&key.code())
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        let slot = *self.index.get(&key.code())?;
        self.slots.get(slot as usize)?.as_ref()
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let slot = *self.index.get(&key.code())?;
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    /// Sets `key`'s value, returning the one it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if let Some(old) = self.get_mut(&key) {
            return Some(std::mem::replace(old, value));
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                if let Some(place) = self.slots.get_mut(slot as usize) {
                    *place = Some(value);
                }
                slot
            }
            None => {
                self.slots.push(Some(value));
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(key.code(), slot);
        None
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let slot = self.index.remove(&key.code())?;
        self.free.push(slot);
        self.slots.get_mut(slot as usize)?.take()
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.free.clear();
    }

    /// Keeps only what `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let gone: Vec<K> = self.iter_mut().filter_map(|(key, value)| (!keep(&key, value)).then_some(key)).collect();
        for key in gone {
            self.remove(&key);
        }
    }

    /// The values, in their keys' order, taken out of the map.
    pub fn into_values(mut self) -> impl Iterator<Item = V> {
        let order: Vec<u32> = self.index.values().copied().collect();
        order.into_iter().filter_map(move |slot| self.slots.get_mut(slot as usize)?.take())
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.index.keys().map(|&code| K::decode(code))
    }

    /// The values, in their keys' order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, value)| value)
    }

    /// Each key with its value, in the keys' order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.index.iter().filter_map(|(&code, &slot)| Some((K::decode(code), self.slots.get(slot as usize)?.as_ref()?)))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.iter_mut().map(|(_, value)| value)
    }

    /// Each key with its value to change, in the keys' order.
    fn iter_mut(&mut self) -> impl Iterator<Item = (K, &mut V)> {
        let mut code_of_slot = vec![None; self.slots.len()];
        for (&code, &slot) in &self.index {
            if let Some(place) = code_of_slot.get_mut(slot as usize) {
                *place = Some(code);
            }
        }
        let mut values: Vec<(u64, &mut V)> =
            self.slots.iter_mut().zip(code_of_slot).filter_map(|(value, code)| Some((code?, value.as_mut()?))).collect();
        values.sort_unstable_by_key(|(code, _)| *code);
        values.into_iter().map(|(code, value)| (K::decode(code), value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_behaves_as_an_ordered_map_and_reuses_slots() {
        let mut map: IdMap<(u32, u16), &str> = IdMap::default();
        let mut model: BTreeMap<(u32, u16), &str> = BTreeMap::new();
        let keys = [(3, 1), (1, 9), (3, 0), (70_000, 2), (1, 9), (0, 65_535)];
        for (i, &key) in keys.iter().enumerate() {
            let value = ["a", "b", "c", "d", "e", "f"][i];
            assert_eq!(map.insert(key, value), model.insert(key, value));
        }
        assert_eq!(map.remove(&(3, 1)), model.remove(&(3, 1)));
        assert_eq!(map.remove(&(3, 1)), None);
        map.insert((2, 2), "g");
        model.insert((2, 2), "g");
        assert_eq!(map.slots.len(), 5, "the freed slot is taken again");
        map.retain(|key, value| {
            *value = if key.0 == 1 { "changed" } else { value };
            key.0 != 0
        });
        model.retain(|key, value| {
            *value = if key.0 == 1 { "changed" } else { value };
            key.0 != 0
        });
        assert_eq!(map.keys().collect::<Vec<_>>(), model.keys().copied().collect::<Vec<_>>());
        assert_eq!(map.values().collect::<Vec<_>>(), model.values().collect::<Vec<_>>());
        assert_eq!((map.len(), map.get(&(1, 9)), map.contains_key(&(0, 65_535))), (model.len(), model.get(&(1, 9)), false));
        map.clear();
        assert!(map.is_empty() && map.get(&(2, 2)).is_none());
    }
}
