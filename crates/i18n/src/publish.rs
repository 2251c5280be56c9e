//! On the host: the table a page of another language carries, and the checks `lab validate`
//! runs on the message files.

use std::path::Path;

use crate::files::{parse_area, placeholders, read_language, Area, Text};
use crate::Lang;

/// A mistake in a message file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Every language's areas, parsed; problems for what cannot be read.
fn load(messages: &Path, lang: Lang) -> (Vec<(String, Area)>, Vec<Problem>) {
    let folder = messages.join(lang.code());
    let mut problems = Vec::new();
    let files = match read_language(&folder) {
        Ok(files) => files,
        Err(message) => return (Vec::new(), vec![Problem { file: format!("messages/{}", lang.code()), message }]),
    };
    let areas = files
        .into_iter()
        .filter_map(|(name, source)| match parse_area(&source) {
            Ok(area) => Some((name, area)),
            Err(message) => {
                problems.push(Problem { file: file_of(lang, &name), message });
                None
            }
        })
        .collect();
    (areas, problems)
}

/// Every area of a language, by name.
type Areas = Vec<(String, Area)>;

/// The English areas and `lang`'s, or the first problem of either.
fn load_with_english(messages: &Path, lang: Lang) -> Result<(Areas, Areas), String> {
    let (english, problems) = load(messages, Lang::En);
    let (translated, more) = load(messages, lang);
    match problems.iter().chain(&more).next() {
        Some(problem) => Err(problem.to_string()),
        None => Ok((english, translated)),
    }
}

fn file_of(lang: Lang, area: &str) -> String {
    format!("messages/{}/{area}.toml", lang.code())
}

/// Areas no page of the course shows, left out of the pages' tables: the SCORM launch page's
/// words, which `cargo xtask scorm` writes into the launch page itself (see [`area`]).
pub const PAGELESS_AREAS: [&str; 1] = ["scorm"];

/// The table of `lang` for pages to carry: `{"area": ["text", …], …}` with every English key's
/// place filled (a text the language lacks is left empty, so the English shows).
pub fn table_json(messages: &Path, lang: Lang) -> Result<String, String> {
    let (english, translated) = load_with_english(messages, lang)?;
    let mut table = serde_json::Map::new();
    for (name, area) in english.iter().filter(|(name, _)| !PAGELESS_AREAS.contains(&name.as_str())) {
        let theirs = translated.iter().find(|(other, _)| other == name).map(|(_, area)| area);
        let mut texts = Vec::new();
        for (key, text) in area {
            let found = theirs.and_then(|area| area.get(key));
            match (text, found) {
                (Text::Plain(_), Some(Text::Plain(text))) => texts.push(text.clone()),
                (Text::Plain(_), Some(Text::Counted { other, .. })) => texts.push(other.clone()),
                (Text::Counted { .. }, Some(Text::Plain(text))) => texts.extend([text.clone(), text.clone()]),
                (Text::Counted { .. }, Some(Text::Counted { one, other })) => texts.extend([one.clone(), other.clone()]),
                (Text::Plain(_), None) => texts.push(String::new()),
                (Text::Counted { .. }, None) => texts.extend([String::new(), String::new()]),
            }
        }
        table.insert(name.clone(), texts.into_iter().map(serde_json::Value::String).collect());
    }
    serde_json::to_string(&table).map_err(|error| error.to_string())
}

/// One area's texts in `lang` by key, for a page that is not the app's (the SCORM launch page):
/// every English key, with the English where the language lacks it, and a counted text as its
/// `other` form.
pub fn area(messages: &Path, lang: Lang, name: &str) -> Result<Vec<(String, String)>, String> {
    let (english, translated) = load_with_english(messages, lang)?;
    let area = english.iter().find(|(other, _)| other == name).map(|(_, area)| area).ok_or_else(|| format!("{} is missing", file_of(Lang::En, name)))?;
    let theirs = translated.iter().find(|(other, _)| other == name).map(|(_, area)| area);
    Ok(area
        .iter()
        .map(|(key, text)| {
            let text = theirs.and_then(|area| area.get(key)).map(first_form).filter(|text| !text.is_empty()).unwrap_or(first_form(text));
            (key.clone(), text.to_string())
        })
        .collect())
}

/// The script a page of `lang` loads before the app's modules: it hands them `table` (from
/// [`table_json`], with what of the course differs) through `window.labMessages`.
pub fn script(lang: Lang, table: &str) -> String {
    format!("// The interface's texts in {}, for every module of the page (lab_i18n::install_from_page).\nwindow.{} = {{\"lang\": \"{}\", \"table\": {table}}};\n", lang.own_name(), crate::GLOBAL, lang.code())
}

/// What `lab validate` reports: a key in one language and not the other, a translation that
/// drops or adds a `{placeholder}`, a file that cannot be read.
pub fn check(messages: &Path) -> Vec<Problem> {
    let (english, mut problems) = load(messages, Lang::En);
    for lang in Lang::ALL.into_iter().filter(|lang| *lang != Lang::En) {
        let (translated, more) = load(messages, lang);
        problems.extend(more);
        for (name, area) in &english {
            let file = file_of(lang, name);
            let Some((_, theirs)) = translated.iter().find(|(other, _)| other == name) else {
                problems.push(Problem { file, message: "missing: every file of messages/en needs its translation".into() });
                continue;
            };
            for (key, text) in area {
                match theirs.get(key) {
                    None => problems.push(Problem { file: file.clone(), message: format!("`{key}` is missing (English: {:?})", first_form(text)) }),
                    Some(translation) => problems.extend(compare(key, text, translation).map(|message| Problem { file: file.clone(), message })),
                }
            }
            for key in theirs.keys().filter(|key| !area.contains_key(*key)) {
                problems.push(Problem { file: file.clone(), message: format!("`{key}` is not in {}", file_of(Lang::En, name)) });
            }
        }
        for (name, _) in translated.iter().filter(|(name, _)| !english.iter().any(|(other, _)| other == name)) {
            problems.push(Problem { file: file_of(lang, name), message: format!("there is no {}", file_of(Lang::En, name)) });
        }
    }
    problems
}

/// Every message form as `(English, translation into lang)`, for tests that look for English
/// left on a translated page (a missing translation pairs with an empty text).
pub fn pairs(messages: &Path, lang: Lang) -> Vec<(String, String)> {
    let (english, _) = load(messages, Lang::En);
    let (translated, _) = load(messages, lang);
    let forms = |text: &Text| match text {
        Text::Plain(text) => vec![text.clone()],
        Text::Counted { one, other } => vec![one.clone(), other.clone()],
    };
    let mut pairs = Vec::new();
    for (name, area) in &english {
        let theirs = translated.iter().find(|(other, _)| other == name).map(|(_, area)| area);
        for (key, text) in area {
            let translations = theirs.and_then(|area| area.get(key)).map(forms).unwrap_or_default();
            for (position, form) in forms(text).into_iter().enumerate() {
                let translation = translations.get(position).or(translations.last()).cloned().unwrap_or_default();
                pairs.push((form, translation));
            }
        }
    }
    pairs
}

/// How many messages the English files hold.
pub fn count(messages: &Path) -> usize {
    load(messages, Lang::En).0.iter().map(|(_, area)| area.len()).sum()
}

fn first_form(text: &Text) -> &str {
    match text {
        Text::Plain(text) | Text::Counted { other: text, .. } => text,
    }
}

/// A translation must use the English's placeholders, no more and no fewer.
fn compare(key: &str, english: &Text, translation: &Text) -> Option<String> {
    let wanted = placeholders(first_form(english));
    let forms: Vec<&str> = match translation {
        Text::Plain(text) => vec![text],
        Text::Counted { one, other } => vec![one, other],
    };
    let mut wanted_any = wanted.clone();
    if matches!(english, Text::Counted { .. }) {
        wanted_any.retain(|name| name != "n");
    }
    forms.into_iter().find_map(|form| {
        let mut found = placeholders(form);
        if matches!(english, Text::Counted { .. }) {
            found.retain(|name| name != "n");
        }
        (found != wanted_any).then(|| format!("`{key}` has the placeholders {{{}}} where the English has {{{}}}", found.join("}, {"), wanted_any.join("}, {")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-i18n-{}-{}", std::process::id(), files.len() * 31 + files.iter().map(|(_, s)| s.len()).sum::<usize>()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(path, text);
        }
        dir
    }

    #[test]
    fn the_table_follows_the_english_order_and_leaves_gaps_for_the_english() {
        let dir = folder(&[
            ("en/shell.toml", "b = \"B\"\na = \"A\"\nn = { one = \"{n} lesson\", other = \"{n} lessons\" }\n"),
            ("vi/shell.toml", "a = \"Á\"\nn = \"{n} bài\"\n"),
        ]);
        assert_eq!(table_json(&dir, Lang::Vi).unwrap_or_default(), r#"{"shell":["Á","","{n} bài","{n} bài"]}"#);
    }

    #[test]
    fn an_area_for_another_page_falls_back_to_the_english_and_stays_out_of_the_pages_table() {
        let dir = folder(&[
            ("en/scorm.toml", "b = \"Bee\"\na = \"Ay\"\nn = { one = \"{n} quiz\", other = \"{n} quizzes\" }\n"),
            ("vi/scorm.toml", "a = \"Á\"\n"),
            ("en/shell.toml", "x = \"X\"\n"),
            ("vi/shell.toml", "x = \"Ích\"\n"),
        ]);
        let words = area(&dir, Lang::Vi, "scorm").unwrap_or_default();
        assert_eq!(words, [("a", "Á"), ("b", "Bee"), ("n", "{n} quizzes")].map(|(key, text)| (key.to_string(), text.to_string())));
        assert!(area(&dir, Lang::Vi, "nowhere").is_err());
        assert_eq!(table_json(&dir, Lang::Vi).unwrap_or_default(), r#"{"shell":["Ích"]}"#);
    }

    #[test]
    fn missing_extra_and_misplaced_placeholders_are_reported() {
        let dir = folder(&[
            ("en/shell.toml", "a = \"{count} of {total}\"\nb = \"B\"\n"),
            ("vi/shell.toml", "a = \"{count} trên {tong}\"\nc = \"C\"\n"),
            ("en/player.toml", "p = \"P\"\n"),
        ]);
        let problems: Vec<String> = check(&dir).iter().map(ToString::to_string).collect();
        assert!(problems.iter().any(|p| p.contains("messages/vi/shell.toml") && p.contains("`a` has the placeholders {count}, {tong}")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`b` is missing")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`c` is not in messages/en/shell.toml")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("messages/vi/player.toml: missing")), "{problems:?}");
    }
}
