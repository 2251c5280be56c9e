//! The JSONPath subset of ASL reference paths: `$`, `.field`, `['field']` and
//! `[n]`, rooted at the state input (`$`) or the context object (`$$`).

use super::context::Context;
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    /// `$$...`: the path reads the context object instead of the input.
    pub context: bool,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
}

impl JsonPath {
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let (context, rest) = match text.strip_prefix("$$") {
            Some(rest) => (true, rest),
            None => (
                false,
                text.strip_prefix('$')
                    .ok_or_else(|| format!("\"{text}\" is not a path: it must start with '$'"))?,
            ),
        };
        let mut steps = Vec::new();
        let mut rest = rest;
        while !rest.is_empty() {
            let (step, after) =
                parse_step(rest).ok_or_else(|| format!("\"{text}\" is not a supported path"))?;
            steps.push(step);
            rest = after;
        }
        Ok(JsonPath { context, steps })
    }

    /// The value the path points to, if there is one.
    pub fn read<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        read_steps(root, &self.steps)
    }

    /// Reads from the input, or from the context object for a `$$` path.
    pub fn resolve<'v>(&self, input: &'v Value, context: &Context<'v>) -> Option<&'v Value> {
        if !self.context {
            return self.read(input);
        }
        match self.steps.as_slice() {
            [Step::Field(execution), Step::Field(field), rest @ ..]
                if execution == "Execution" && field == "Input" =>
            {
                read_steps(context.execution_input, rest)
            }
            steps => read_steps(context.local, steps),
        }
    }

    /// Writes `value` at the path inside `root`, creating missing objects on the
    /// way, as ResultPath does. Fails when the path crosses a non-object.
    pub fn write(&self, root: Value, value: Value) -> Result<Value, String> {
        write_steps(root, &self.steps, value)
    }
}

fn read_steps<'v>(root: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(root, |node, step| match step {
        Step::Field(name) => node.as_object()?.get(name),
        Step::Index(i) => node.as_array()?.get(*i),
    })
}

fn write_steps(node: Value, steps: &[Step], value: Value) -> Result<Value, String> {
    let Some((step, rest)) = steps.split_first() else {
        return Ok(value);
    };
    match (step, node) {
        (Step::Field(name), Value::Object(mut map)) => {
            let child = map.remove(name).unwrap_or(Value::Object(Map::new()));
            map.insert(name.clone(), write_steps(child, rest, value)?);
            Ok(Value::Object(map))
        }
        (Step::Index(i), Value::Array(mut items)) if *i < items.len() => {
            if let Some(slot) = items.get_mut(*i) {
                let child = std::mem::take(slot);
                *slot = write_steps(child, rest, value)?;
            }
            Ok(Value::Array(items))
        }
        (Step::Field(name), _) => Err(format!(
            "cannot set field \"{name}\" on a value that is not an object"
        )),
        (Step::Index(i), _) => Err(format!("cannot set index {i}: no such array element")),
    }
}

fn parse_step(text: &str) -> Option<(Step, &str)> {
    if let Some(rest) = text.strip_prefix('.') {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        return (!name.is_empty()).then(|| (Step::Field(name.to_string()), &rest[end..]));
    }
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let (body, rest) = (&inner[..close], &inner[close + 1..]);
    let quoted = body
        .strip_prefix('\'')
        .and_then(|b| b.strip_suffix('\''))
        .or_else(|| body.strip_prefix('"').and_then(|b| b.strip_suffix('"')));
    match quoted {
        Some(name) => Some((Step::Field(name.to_string()), rest)),
        None if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) => {
            body.parse().ok().map(|i| (Step::Index(i), rest))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads() {
        let doc = json!({"a": {"b c": [10, {"d": 4}]}});
        let read = |p: &str| JsonPath::parse(p).expect("valid").read(&doc).cloned();
        assert_eq!(read("$"), Some(doc.clone()));
        assert_eq!(read("$.a['b c'][1].d"), Some(json!(4)));
        assert_eq!(read("$.a[\"b c\"][0]"), Some(json!(10)));
        assert_eq!(read("$.x"), None);
        assert!(JsonPath::parse("$$.Map.Item.Value").expect("valid").context);
        for bad in ["a", "$.", "$[x]", "$.a[", "$..a", "$[*]"] {
            assert!(JsonPath::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes() {
        let path = JsonPath::parse("$.a.b").expect("valid");
        assert_eq!(
            path.write(json!({"x": 1}), json!(2)),
            Ok(json!({"x": 1, "a": {"b": 2}}))
        );
        assert!(path.write(json!({"a": 3}), json!(2)).is_err());
        assert_eq!(
            JsonPath::parse("$")
                .expect("valid")
                .write(json!(1), json!(2)),
            Ok(json!(2))
        );
    }
}
