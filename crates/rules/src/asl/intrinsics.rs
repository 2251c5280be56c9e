//! Intrinsic functions in `.$` fields: `States.Format`, `States.StringToJson`,
//! `States.JsonToString`, `States.Array`, `States.ArrayLength`, `States.MathAdd`.

use super::context::Context;
use super::json_path::JsonPath;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Intrinsic {
    function: Function,
    args: Vec<Arg>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Function {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayLength,
    MathAdd,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Literal(Value),
    Path(JsonPath),
    Call(Intrinsic),
}

/// The input and context object a call reads its paths from.
pub struct Scope<'a> {
    pub input: &'a Value,
    pub context: &'a Context<'a>,
}

impl Intrinsic {
    pub fn parse(text: &str) -> Result<Intrinsic, String> {
        let mut parser = Parser { text, pos: 0 };
        let call = parser.call()?;
        parser.skip_spaces();
        if parser.pos != text.len() {
            return Err(format!("unexpected text after the call in \"{text}\""));
        }
        Ok(call)
    }

    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, String> {
        let args = self
            .args
            .iter()
            .map(|a| a.evaluate(scope))
            .collect::<Result<Vec<_>, _>>()?;
        match self.function {
            Function::Format => format(&args),
            Function::StringToJson => match args.as_slice() {
                [Value::String(s)] => {
                    serde_json::from_str(s).map_err(|e| format!("States.StringToJson: {e}"))
                }
                _ => Err("States.StringToJson takes one string".into()),
            },
            Function::JsonToString => match args.as_slice() {
                [value] => Ok(Value::String(value.to_string())),
                _ => Err("States.JsonToString takes one argument".into()),
            },
            Function::Array => Ok(Value::Array(args)),
            Function::ArrayLength => match args.as_slice() {
                [Value::Array(items)] => Ok(Value::from(items.len())),
                _ => Err("States.ArrayLength takes one array".into()),
            },
            Function::MathAdd => match args.as_slice() {
                [Value::Number(a), Value::Number(b)] => add(a, b),
                _ => Err("States.MathAdd takes two numbers".into()),
            },
        }
    }
}

impl Arg {
    fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, String> {
        match self {
            Arg::Literal(v) => Ok(v.clone()),
            Arg::Call(call) => call.evaluate(scope),
            Arg::Path(path) => path
                .resolve(scope.input, scope.context)
                .cloned()
                .ok_or_else(|| "an intrinsic argument path was not found in the input".into()),
        }
    }
}

/// `States.Format('Hello {}', $.name)`: each `{}` takes the next argument;
/// strings are inserted as they are, other values as JSON.
fn format(args: &[Value]) -> Result<Value, String> {
    let (Some(Value::String(template)), rest) = (args.first(), args.get(1..).unwrap_or(&[])) else {
        return Err("States.Format takes a template string first".into());
    };
    let mut out = String::new();
    let mut values = rest.iter();
    let mut pieces = template.split("{}").peekable();
    while let Some(piece) = pieces.next() {
        out.push_str(piece);
        if pieces.peek().is_some() {
            match values.next() {
                Some(Value::String(s)) => out.push_str(s),
                Some(other) => out.push_str(&other.to_string()),
                None => return Err("States.Format has more {} than arguments".into()),
            }
        }
    }
    if values.next().is_some() {
        return Err("States.Format has more arguments than {}".into());
    }
    Ok(Value::String(out))
}

fn add(a: &serde_json::Number, b: &serde_json::Number) -> Result<Value, String> {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x
            .checked_add(y)
            .map(Value::from)
            .ok_or_else(|| "States.MathAdd overflowed".into()),
        _ => Err("States.MathAdd takes integers".into()),
    }
}

/// A small recursive-descent parser over the call syntax.
struct Parser<'t> {
    text: &'t str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_spaces(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn call(&mut self) -> Result<Intrinsic, String> {
        self.skip_spaces();
        let name_len = self
            .rest()
            .find('(')
            .ok_or("an intrinsic function needs '('")?;
        let name = self.rest().get(..name_len).unwrap_or("").trim();
        let function = match name {
            "States.Format" => Function::Format,
            "States.StringToJson" => Function::StringToJson,
            "States.JsonToString" => Function::JsonToString,
            "States.Array" => Function::Array,
            "States.ArrayLength" => Function::ArrayLength,
            "States.MathAdd" => Function::MathAdd,
            other => return Err(format!("unsupported intrinsic function \"{other}\"")),
        };
        self.pos += name_len + 1;
        let args = self.args()?;
        Ok(Intrinsic { function, args })
    }

    fn args(&mut self) -> Result<Vec<Arg>, String> {
        let mut args = Vec::new();
        self.skip_spaces();
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.arg()?);
            self.skip_spaces();
            if self.eat(")") {
                return Ok(args);
            }
            if !self.eat(",") {
                return Err("expected ',' or ')' between intrinsic arguments".into());
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, String> {
        self.skip_spaces();
        if self.eat("'") {
            return self.string().map(|s| Arg::Literal(Value::String(s)));
        }
        if self.rest().starts_with("States.") {
            return self.call().map(Arg::Call);
        }
        let end = self.rest().find([',', ')']).unwrap_or(self.rest().len());
        let token = self.rest().get(..end).unwrap_or("").trim().to_string();
        self.pos += end;
        if token.starts_with('$') {
            return JsonPath::parse(&token).map(Arg::Path);
        }
        serde_json::from_str::<Value>(&token)
            .ok()
            .filter(|v| !v.is_object() && !v.is_array())
            .map(Arg::Literal)
            .ok_or_else(|| format!("\"{token}\" is not a valid intrinsic argument"))
    }

    /// A single-quoted string; a backslash escapes the next character.
    fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => out.push(chars.next().map(|(_, e)| e).ok_or("unterminated escape")?),
                other => out.push(other),
            }
        }
        Err("unterminated string in intrinsic function".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(call: &str, input: Value) -> Result<Value, String> {
        let empty = json!({});
        let context = Context {
            execution_input: &empty,
            local: &empty,
        };
        Intrinsic::parse(call)?.evaluate(&Scope {
            input: &input,
            context: &context,
        })
    }

    #[test]
    fn functions() {
        assert_eq!(
            run(
                "States.Format('Hi {}, you are {}', $.n, $.a)",
                json!({"n": "Ann", "a": 30})
            ),
            Ok(json!("Hi Ann, you are 30"))
        );
        assert_eq!(
            run("States.StringToJson($.s)", json!({"s": "{\"a\":1}"})),
            Ok(json!({"a": 1}))
        );
        assert_eq!(
            run("States.JsonToString($.o)", json!({"o": {"a": 1}})),
            Ok(json!("{\"a\":1}"))
        );
        assert_eq!(
            run(
                "States.Array('a', 1, $.x, States.Array())",
                json!({"x": true})
            ),
            Ok(json!(["a", 1, true, []]))
        );
        assert_eq!(
            run("States.ArrayLength($.l)", json!({"l": [1, 2]})),
            Ok(json!(2))
        );
        assert_eq!(
            run("States.MathAdd($.v, -1)", json!({"v": 5})),
            Ok(json!(4))
        );
        assert_eq!(
            run("States.Format('a \\' {}', 'b')", json!({})),
            Ok(json!("a ' b"))
        );
    }

    #[test]
    fn rejections() {
        assert!(Intrinsic::parse("States.Nope(1)").is_err());
        assert!(Intrinsic::parse("States.Array(1").is_err());
        assert!(Intrinsic::parse("States.Array(1) x").is_err());
        assert!(run("States.Format('{} {}', 1)", json!({})).is_err());
        assert!(run("States.StringToJson($.missing)", json!({})).is_err());
    }
}
