//! An event seen the way the matcher sees it: every leaf value under its dotted path.
//!
//! Flattening both the event and the pattern to dotted paths is what makes a key
//! `"a.b"` equivalent to `a` then `b`, on either side. Arrays add each element
//! under the array's own path, so any element can satisfy a field.

use serde_json::Value;

/// A dotted path with its hash, computed once when a pattern is parsed, so a
/// lookup compares integers and checks the text only on a hash hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathKey {
    hash: u64,
    path: String,
}

impl PathKey {
    pub fn new(path: &str) -> PathKey {
        PathKey {
            hash: fnv1a(path),
            path: path.to_string(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.path
    }
}

/// FNV-1a: tiny, deterministic on every target, good enough for short paths.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The leaves of one event, sorted by path hash. Build it once and test many rules.
#[derive(Debug, Clone)]
pub struct FlatEvent<'a> {
    leaves: Vec<Leaf<'a>>,
    /// Every leaf's full path, end to end: one allocation instead of one per leaf.
    paths: String,
}

#[derive(Debug, Clone, Copy)]
struct Leaf<'a> {
    hash: u64,
    start: usize,
    end: usize,
    value: &'a Value,
}

impl<'a> FlatEvent<'a> {
    pub fn new(event: &'a Value) -> FlatEvent<'a> {
        let mut flat = FlatEvent {
            leaves: Vec::new(),
            paths: String::new(),
        };
        let mut path = String::new();
        flat.collect(event, &mut path);
        // Stable: values under one path keep their document order.
        flat.leaves.sort_by_key(|leaf| leaf.hash);
        flat
    }

    /// The leaf values at `key`; empty when the field is absent, is an empty
    /// array, or only holds objects (exists applies to leaves only).
    pub fn values<'s>(&'s self, key: &'s PathKey) -> impl Iterator<Item = &'a Value> + 's {
        let start = self.leaves.partition_point(|leaf| leaf.hash < key.hash);
        self.leaves
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |leaf| leaf.hash == key.hash)
            .filter(move |leaf| self.paths.get(leaf.start..leaf.end) == Some(key.path.as_str()))
            .map(|leaf| leaf.value)
    }

    fn collect(&mut self, value: &'a Value, path: &mut String) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let saved = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    self.collect(child, path);
                    path.truncate(saved);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.collect(item, path)),
            leaf => {
                let start = self.paths.len();
                self.paths.push_str(path);
                self.leaves.push(Leaf {
                    hash: fnv1a(path),
                    start,
                    end: self.paths.len(),
                    value: leaf,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at<'a>(flat: &FlatEvent<'a>, path: &str) -> Vec<&'a Value> {
        flat.values(&PathKey::new(path)).collect()
    }

    #[test]
    fn dotted_paths_and_arrays() {
        let event = json!({"a": {"b": 1, "c.d": [2, {"e": 3}], "f": {}}, "g": []});
        let flat = FlatEvent::new(&event);
        assert_eq!(at(&flat, "a.b"), vec![&json!(1)]);
        assert_eq!(at(&flat, "a.c.d"), vec![&json!(2)]);
        assert_eq!(at(&flat, "a.c.d.e"), vec![&json!(3)]);
        assert!(at(&flat, "a.f").is_empty());
        assert!(at(&flat, "g").is_empty());
        assert!(at(&flat, "a").is_empty());
    }
}
