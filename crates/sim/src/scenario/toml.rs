//! Reading scenarios from TOML (feature `toml`; the command-line runner enables it, the web
//! app does not, so no TOML parser ships in the wasm).
//!
//! Errors name the file, the line and the problem. Syntax and type errors get their line
//! from the parser; validation errors ([`ScenarioError`]) are located by finding the table
//! they are about (`[[component]]` with that name, the n-th `[[link]]`, ...).

use core::fmt;

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
    let scenario: Scenario = ::toml::from_str(text).map_err(|e| {
        let precise = locate_in_tables(text).map(|(line, message)| TomlError {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message,
        });
        precise.unwrap_or_else(|| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            TomlError {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })
    })?;
    scenario.validate().map_err(|e| located(file, text, &e))?;
    Ok(scenario)
}

/// The parser reports errors inside a `[[component]]` (a tagged table) at the start of the
/// whole array. Deserializing each table on its own finds which one is wrong, and the
/// offending key's line when the error names one.
fn locate_in_tables(text: &str) -> Option<(usize, String)> {
    use serde::de::DeserializeOwned;
    fn check<T: DeserializeOwned>(
        text: &str,
        doc: &::toml::Table,
        key: &str,
    ) -> Option<(usize, String)> {
        let items = doc.get(key)?.as_array()?;
        for (i, item) in items.iter().enumerate() {
            if let Err(e) = T::deserialize(item.clone()) {
                let message = format!("{key} {}: {}", i + 1, e.message().trim());
                let header = section_lines(text, &format!("[[{key}]]"), i)?;
                let line = quoted_after(&message, "unknown field `")
                    .and_then(|k| header.clone().find(|&l| key_of(text, l) == Some(k)))
                    .or_else(|| {
                        let v = format!("\"{}\"", quoted_after(&message, "unknown variant `")?);
                        header
                            .clone()
                            .find(|&l| text.lines().nth(l - 1).is_some_and(|t| t.contains(&v)))
                    })
                    .unwrap_or(header.start);
                return Some((line, message));
            }
        }
        None
    }
    let doc: ::toml::Table = ::toml::from_str(text).ok()?;
    check::<super::ComponentSpec>(text, &doc, "component")
        .or_else(|| check::<super::LinkSpec>(text, &doc, "link"))
        .or_else(|| check::<super::ScheduledFault>(text, &doc, "fault"))
        .or_else(|| check::<super::Parameter>(text, &doc, "parameter"))
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
    let wanted = if let Some(r) = quoted_after(message, "rule `") {
        format!("\"{r}\"")
    } else if let Some(f) = quoted_after(message, "filter policy for `") {
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
