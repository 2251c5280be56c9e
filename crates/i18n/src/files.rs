//! Reading the message files: `messages/<language>/<area>.toml`, each a flat table of
//! `key = "text"`, or `key = { one = "…", other = "…" }` for a text that depends on a count.
//! Shared by the build script (which compiles the English) and the host tools (which publish
//! and check the other languages), so both number the keys the same way: the areas in file-name
//! order, the keys of an area in sorted order, a counted text taking two places (one, other).

/// One message: a plain text, or the forms of a counted one.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    Counted { one: String, other: String },
}

/// An area's messages, by key, sorted.
pub type Area = std::collections::BTreeMap<String, Text>;

/// Reads one message file. Problems name the key.
pub fn parse_area(source: &str) -> Result<Area, String> {
    let table: toml::Table = source.parse().map_err(|error: toml::de::Error| error.to_string())?;
    let mut area = Area::new();
    for (key, value) in table {
        if key.is_empty() || !key.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-') || key.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("`{key}`: a key is lowercase words joined by hyphens"));
        }
        let text = match value {
            toml::Value::String(text) => Text::Plain(text),
            toml::Value::Table(forms) => {
                let form = |name: &str| forms.get(name).and_then(toml::Value::as_str).map(str::to_string);
                if forms.keys().any(|name| name != "one" && name != "other") {
                    return Err(format!("`{key}`: a counted text has only `one` and `other`"));
                }
                match (form("one"), form("other")) {
                    (Some(one), Some(other)) => Text::Counted { one, other },
                    (None, Some(other)) => Text::Counted { one: other.clone(), other },
                    _ => return Err(format!("`{key}`: a counted text needs at least `other`")),
                }
            }
            _ => return Err(format!("`{key}`: a message is a text, or a table of `one` and `other`")),
        };
        area.insert(key, text);
    }
    Ok(area)
}

/// The message files of one language folder: `(area name, file contents)` in file-name order.
pub fn read_language(dir: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("toml") {
            continue;
        }
        let Some(area) = path.file_stem().and_then(|stem| stem.to_str()).map(str::to_string) else { continue };
        let source = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        files.push((area, source));
    }
    files.sort();
    Ok(files)
}

/// The `{placeholders}` a text uses, sorted.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_'))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}
