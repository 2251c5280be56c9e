//! An event seen the way the matcher sees it: every leaf value under its dotted path.
//!
//! Flattening both the event and the pattern to dotted paths is what makes a key
//! `"a.b"` equivalent to `a` then `b`, on either side. Arrays add each element
//! under the array's own path, so any element can satisfy a field.

use serde_json::Value;

/// The leaves of one event, sorted by path. Build it once and test many rules.
#[derive(Debug, Clone)]
pub struct FlatEvent<'a> {
    leaves: Vec<(String, &'a Value)>,
}

impl<'a> FlatEvent<'a> {
    pub fn new(event: &'a Value) -> FlatEvent<'a> {
        let mut leaves = Vec::new();
        let mut path = String::new();
        collect(event, &mut path, &mut leaves);
        // Stable: values under one path keep their document order.
        leaves.sort_by(|a, b| a.0.cmp(&b.0));
        FlatEvent { leaves }
    }

    /// The leaf values at `path`; empty when the field is absent, is an empty
    /// array, or only holds objects (exists applies to leaves only).
    pub fn values<'s>(&'s self, path: &'s str) -> impl Iterator<Item = &'a Value> + 's {
        let start = self.leaves.partition_point(|(p, _)| p.as_str() < path);
        self.leaves[start..].iter().take_while(move |(p, _)| p == path).map(|(_, v)| *v)
    }
}

fn collect<'a>(value: &'a Value, path: &mut String, leaves: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let saved = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                collect(child, path, leaves);
                path.truncate(saved);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, path, leaves)),
        leaf => leaves.push((path.clone(), leaf)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dotted_paths_and_arrays() {
        let event = json!({"a": {"b": 1, "c.d": [2, {"e": 3}], "f": {}}, "g": []});
        let flat = FlatEvent::new(&event);
        assert_eq!(flat.values("a.b").collect::<Vec<_>>(), vec![&json!(1)]);
        assert_eq!(flat.values("a.c.d").collect::<Vec<_>>(), vec![&json!(2)]);
        assert_eq!(flat.values("a.c.d.e").collect::<Vec<_>>(), vec![&json!(3)]);
        assert_eq!(flat.values("a.f").count(), 0);
        assert_eq!(flat.values("g").count(), 0);
        assert_eq!(flat.values("a").count(), 0);
    }
}
