//! Reading scenarios from TOML (feature `toml`; the command-line runner enables it, the web
//! app does not, so no TOML parser ships in the wasm).
//!
//! Errors name the file, the line and the problem. Syntax and type errors get their line
//! from the parser; validation errors ([`ScenarioError`]) are located by finding the table
//! they are about (`[[component]]` with that name, the n-th `[[link]]`, ...).

use core::fmt;

use ::toml::{Table, Value};
use lab_i18n::{scenario as msg, Msg};

use super::{Scenario, ScenarioError, Where};

/// A scenario file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlError {
    pub file: String,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TomlError {}

/// Parses and validates a scenario. `file` is only used in error messages.
pub fn from_toml(file: &str, text: &str) -> Result<Scenario, TomlError> {
    let error = |line: Option<usize>, column: Option<usize>, message: String| TomlError {
        file: file.to_string(),
        line,
        column,
        message,
    };
    let mut doc: Table = ::toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|span| line_col(text, span.start)).unzip();
        error(line, column, e.message().trim().to_string())
    })?;
    let moved = tags_outside(&mut doc);
    let scenario = moved.and_then(|()| Value::Table(doc).try_into::<Scenario>().map_err(|e| e.message().trim().to_string()));
    let scenario = scenario.map_err(|message| match locate_in_tables(text) {
        Some((line, message)) => error(Some(line), None, message),
        None => error(line_of_key_in(text, &message), None, message),
    })?;
    scenario.validate().map_err(|e| located(file, text, &e))?;
    Ok(scenario)
}

/// The scenario as a file in the format lessons use; [`from_toml`] reads it back equal.
pub fn to_toml(scenario: &Scenario) -> Result<String, String> {
    let Value::Table(mut doc) = Value::try_from(scenario).map_err(|e| e.to_string())? else {
        return Err(msg::FILE_NOT_TABLE.text().to_string());
    };
    tags_inside(&mut doc);
    // What a file may leave out, it does.
    doc.retain(|_, value| !matches!(value, Value::Array(items) if items.is_empty()) && value.as_str() != Some(""));
    ::toml::to_string(&doc).map_err(|e| e.to_string())
}

/// The variants of a distribution, the one tagged table that can sit in any field.
const DISTS: [&str; 4] = ["fixed", "uniform", "exponential", "log_normal"];

/// The inverse of [`tags_outside`], for writing a file.
fn tags_inside(doc: &mut Table) {
    for key in ARRAYS {
        let Some(Value::Array(items)) = doc.get_mut(key) else { continue };
        for item in items.iter_mut() {
            dists_inside(item);
            match key {
                "component" => {
                    tag_inside(item, "kind");
                    if let Some(workload) = item.get_mut("workload") {
                        tag_inside(workload, "kind");
                    }
                }
                "fault" => fault_inside(item),
                _ => {}
            }
        }
    }
}

/// `{ variant = { name, rest... } }` becomes `{ name, tag = "variant", rest... }`.
fn tag_inside(value: &mut Value, tag: &str) {
    let Value::Table(table) = value else { return };
    let Some((variant, Value::Table(mut inner))) = table.iter().next().map(|(k, v)| (k.clone(), v.clone())) else { return };
    let name = inner.remove("name");
    table.clear();
    table.extend(name.map(|name| ("name".to_string(), name)));
    table.insert(tag.to_string(), Value::String(variant));
    table.extend(inner);
}

fn dists_inside(value: &mut Value) {
    match value {
        Value::Table(table) if table.len() == 1 && table.keys().all(|key| DISTS.contains(&key.as_str())) => tag_inside(value, "dist"),
        Value::Table(table) => table.iter_mut().for_each(|(_, value)| dists_inside(value)),
        Value::Array(items) => items.iter_mut().for_each(dists_inside),
        _ => {}
    }
}

fn fault_inside(item: &mut Value) {
    let Some(Value::Table(table)) = Some(item) else { return };
    let Some(mut fault) = table.remove("fault") else { return };
    tag_inside(&mut fault, "action");
    if let Value::Table(fault) = fault {
        table.extend(fault);
    }
}

/// The arrays of tables a scenario file has, each read as its own type.
const ARRAYS: [&str; 4] = ["component", "link", "fault", "parameter"];

/// A file writes each variant's tag inside its table (`kind = "queue"`, `workload = { kind =
/// "poisson", ... }`, `dist = "fixed"`, `action = "crash"`); serde reads the externally tagged
/// form (`{ queue = { ... } }`, see [`super::ComponentSpec`]). This moves every tag out.
fn tags_outside(doc: &mut Table) -> Result<(), String> {
    for key in ARRAYS {
        let Some(Value::Array(items)) = doc.get_mut(key) else { continue };
        for (i, item) in items.iter_mut().enumerate() {
            item_tags_outside(key, item).map_err(|message| msg::FILE_ITEM.with(&[("table", &key), ("n", &(i + 1)), ("problem", &message)]))?;
        }
    }
    Ok(())
}

fn item_tags_outside(key: &str, item: &mut Value) -> Result<(), String> {
    match key {
        "component" => {
            if let Some(workload) = item.get_mut("workload") {
                tag_outside(workload, "kind")?;
            }
            tag_outside(item, "kind")?;
        }
        "fault" => fault_outside(item)?,
        _ => {}
    }
    dists_outside(item);
    Ok(())
}

/// `{ tag = "variant", rest... }` becomes `{ variant = { rest... } }`.
fn tag_outside(value: &mut Value, tag: &str) -> Result<(), String> {
    let Value::Table(table) = value else { return Ok(()) };
    let variant = match table.remove(tag) {
        Some(Value::String(variant)) => variant,
        Some(_) => return Err(msg::FILE_TAG_NOT_WORD.with(&[("tag", &tag)])),
        None => return Err(msg::FILE_TAG_MISSING.with(&[("tag", &tag)])),
    };
    let inner = std::mem::take(table);
    table.insert(variant, Value::Table(inner));
    Ok(())
}

/// A distribution is the one table with a `dist` key, wherever it is.
fn dists_outside(value: &mut Value) {
    match value {
        Value::Table(table) if matches!(table.get("dist"), Some(Value::String(_))) => {
            // Cannot fail: the tag is there and is a string.
            let _ = tag_outside(value, "dist");
        }
        Value::Table(table) => table.iter_mut().for_each(|(_, value)| dists_outside(value)),
        Value::Array(items) => items.iter_mut().for_each(dists_outside),
        _ => {}
    }
}

/// A `[[fault]]` keeps its timing beside the fault it schedules: `{ at_ms, for_ms, fault = {
/// crash = { target } } }`.
fn fault_outside(item: &mut Value) -> Result<(), String> {
    let Value::Table(table) = item else { return Ok(()) };
    let mut fault = Value::Table(std::mem::take(table));
    for timing in ["at_ms", "for_ms"] {
        if let Some(value) = fault.as_table_mut().and_then(|f| f.remove(timing)) {
            table.insert(timing.to_string(), value);
        }
    }
    tag_outside(&mut fault, "action")?;
    table.insert("fault".to_string(), fault);
    Ok(())
}

/// The line of the key an error names ("unknown field `x`", "missing field `x`"), if any.
fn line_of_key_in(text: &str, message: &str) -> Option<usize> {
    let key = quoted_after(message, "field `")?;
    (1..=text.lines().count()).find(|&line| key_of(text, line) == Some(key))
}

/// The parser reports errors inside a `[[component]]` (a tagged table) at the start of the
/// whole array. Deserializing each table on its own finds which one is wrong, and the
/// offending key's line when the error names one.
fn locate_in_tables(text: &str) -> Option<(usize, String)> {
    let doc: Table = ::toml::from_str(text).ok()?;
    ARRAYS.iter().find_map(|key| first_bad_item(text, &doc, key))
}

fn first_bad_item(text: &str, doc: &Table, key: &str) -> Option<(usize, String)> {
    let items = doc.get(key)?.as_array()?;
    items.iter().enumerate().find_map(|(i, item)| {
        let message = item_problem(key, item.clone())?;
        let message = msg::FILE_ITEM.with(&[("table", &key), ("n", &(i + 1)), ("problem", &message)]);
        let header = section_lines(text, &format!("[[{key}]]"), i)?;
        let line = quoted_after(&message, "unknown field `")
            .and_then(|k| header.clone().find(|&l| key_of(text, l) == Some(k)))
            .or_else(|| {
                let v = format!("\"{}\"", quoted_after(&message, "unknown variant `")?);
                header.clone().find(|&l| text.lines().nth(l - 1).is_some_and(|t| t.contains(&v)))
            })
            .unwrap_or(header.start);
        Some((line, message))
    })
}

/// What is wrong with one item of the array `key`, read as the type that array holds.
fn item_problem(key: &str, mut item: Value) -> Option<String> {
    use serde::de::DeserializeOwned;
    fn problem<T: DeserializeOwned>(item: Value) -> Option<String> {
        item.try_into::<T>().err().map(|e| e.message().trim().to_string())
    }
    if let Err(message) = item_tags_outside(key, &mut item) {
        return Some(message);
    }
    match key {
        "component" => problem::<super::ComponentSpec>(item),
        "link" => problem::<super::LinkSpec>(item),
        "fault" => problem::<super::ScheduledFault>(item),
        _ => problem::<super::Parameter>(item),
    }
}

/// Lines (1-based) of the n-th table with this header, up to the next header.
fn section_lines(text: &str, header: &str, n: usize) -> Option<core::ops::Range<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(header))
        .nth(n)?
        .0;
    let end = lines
        .iter()
        .skip(start + 1)
        .position(|l| l.trim_start().starts_with('['))
        .map_or(lines.len(), |p| start + 1 + p);
    Some(start + 1..end + 1)
}

/// The name in an error such as "unknown field `x`" (`prefix` = "unknown field `").
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.split(prefix).nth(1)?.split('`').next()
}

/// The key defined on a line (1-based), if any.
fn key_of(text: &str, line: usize) -> Option<&str> {
    let (key, _) = text.lines().nth(line - 1)?.split_once('=')?;
    Some(key.trim())
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn located(file: &str, text: &str, e: &ScenarioError) -> TomlError {
    TomlError {
        file: file.to_string(),
        line: find_line(text, &e.place).map(|l| refine_line(text, l, &e.message)),
        column: None,
        message: e.to_string(),
    }
}

/// Inside a component, a problem with one of its rules, filter policies or states points at
/// that rule's name, that subscriber or that state's name (the first line after the
/// component's `name` that names it, before the next `[[component]]`).
fn refine_line(text: &str, line: usize, message: &str) -> usize {
    // The words before the rule's or subscriber's name, in the installed language.
    let before_name = |m: Msg| m.text().split('{').next().unwrap_or_default();
    let wanted = if let Some(r) = quoted_after(message, before_name(msg::AT_RULE)) {
        format!("\"{r}\"")
    } else if let Some(f) = quoted_after(message, before_name(msg::AT_FILTER)) {
        format!("\"{f}\"")
    } else if let Some(state) = message
        .split("States.")
        .nth(1)
        .and_then(|rest| rest.split(['.', ':']).next())
    {
        format!("\"{state}\":")
    } else {
        return line;
    };
    text.lines()
        .enumerate()
        .skip(line)
        .take_while(|(_, l)| !l.trim_start().starts_with("[[component]]"))
        .find(|(_, l)| l.contains(&wanted))
        .map_or(line, |(i, _)| i + 1)
}

/// The line of the table a validation error is about.
fn find_line(text: &str, place: &Where) -> Option<usize> {
    let nth_header = |header: &str, n: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with(header))
            .nth(n)
            .map(|(i, _)| i + 1)
    };
    match place {
        Where::Scenario => None,
        Where::Bounds => nth_header("[bounds]", 0),
        Where::Link(i) => nth_header("[[link]]", *i),
        Where::Parameter(i) => nth_header("[[parameter]]", *i),
        Where::Fault(i) => nth_header("[[fault]]", *i),
        Where::Component(name) => {
            let mut in_component = false;
            for (i, l) in text.lines().enumerate() {
                let t = l.trim();
                if t.starts_with('[') {
                    in_component = t.starts_with("[[component]]");
                } else if in_component && is_name_line(t, name) {
                    return Some(i + 1);
                }
            }
            None
        }
    }
}

fn is_name_line(line: &str, name: &str) -> bool {
    let Some((key, value)) = line.split_once('=') else {
        return false;
    };
    let value = value.split('#').next().unwrap_or("").trim();
    key.trim() == "name" && (value == format!("\"{name}\"") || value == format!("'{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example file, and every lesson's scenario, written out and read back.
    #[test]
    fn a_written_scenario_reads_back_equal() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let examples = std::fs::read_dir(root.join("scenarios")).unwrap().map(|entry| entry.unwrap().path());
        let lessons = std::fs::read_dir(root.join("../../lessons")).unwrap().map(|entry| entry.unwrap().path().join("scenario.toml"));
        let files: Vec<_> = examples.chain(lessons).filter(|path| path.is_file()).collect();
        assert!(files.len() > 30, "{files:?}");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            // A lesson's chapters and comparison are the course's, not the scenario's.
            let Ok(scenario) = ::toml::from_str::<Table>(&text).map(|mut doc| {
                doc.retain(|key, _| key != "chapter" && key != "compare");
                ::toml::to_string(&doc).unwrap()
            }) else { panic!("{}", path.display()) };
            let scenario = from_toml("a.toml", &scenario).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let written = to_toml(&scenario).unwrap();
            let read = from_toml("written.toml", &written).unwrap_or_else(|e| panic!("{}: {e}\n{written}", path.display()));
            assert_eq!(read, scenario, "{}", path.display());
        }
    }

    #[test]
    fn a_written_file_keeps_its_tags_inside_its_tables() {
        let text = "name = \"t\"\n[[component]]\nname = \"c\"\nkind = \"client\"\nop = \"GET /\"\nworkload = { kind = \"list\", at_ms = [0] }\n\
                    [[component]]\nname = \"f\"\nkind = \"function\"\nduration = { dist = \"exponential\", mean_ms = 5 }\n\
                    [[link]]\nfrom = \"c\"\nto = \"f\"\n[[fault]]\nat_ms = 1\naction = \"crash\"\ntarget = \"f\"\n";
        let written = to_toml(&from_toml("t.toml", text).unwrap()).unwrap();
        for tag in ["kind = \"client\"", "kind = \"list\"", "kind = \"function\"", "dist = \"exponential\"", "action = \"crash\""] {
            assert!(written.contains(tag), "{tag} in\n{written}");
        }
    }
}
