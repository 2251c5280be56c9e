//! The interface's words in the learner's language.
//!
//! Every string the interface shows lives in a message file, `messages/<language>/<area>.toml`
//! at the workspace root, which translators edit (see the README's "Translating the
//! interface"). The English files are compiled into constants (`lab_i18n::player::PLAY` is a
//! [`Msg`] with its English text), so a module carries only the English it uses. Another
//! language is a table its pages load first (`messages-<language>-<hash>.js`, written at build
//! time by [`publish::script`]): a module installs it once at start ([`install`], or
//! [`install_from_page`] in the browser), and from then on every [`Msg::text`] reads it.
//!
//! Numbers are written for the language too: [`decimal`] and [`integer`] (Vietnamese writes
//! `1.234,5` where English writes `1,234.5`).

use std::cell::RefCell;
use std::fmt::Display;

#[cfg(feature = "files")]
pub mod files;
#[cfg(feature = "files")]
pub mod publish;
#[cfg(feature = "web")]
mod page;
#[cfg(feature = "web")]
pub use page::install_from_page;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The global through which a page of another language hands its table to every module (see
/// [`publish::script`]).
pub const GLOBAL: &str = "labMessages";

/// A language the interface is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The language's code, as in `<html lang>` and the folders of `messages/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The language a code names (`"vi"`, as the build writes it).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language's own name, as a switch offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Vi => "Tiếng Việt",
        }
    }
}

struct Installed {
    lang: Lang,
    /// Per area (in [`AREAS`] order), its texts by index; empty for English. Installed once
    /// and kept to the end, like the English compiled into the program, so a text is a
    /// `&'static str` in either language (which the views render as cheaply as a literal).
    areas: Vec<Vec<&'static str>>,
    /// The course in this language where it differs from the English: translated titles and the
    /// files of translated texts, by keys such as `lesson/<slug>/title` (see [`content`]). A
    /// page installs its table once and keeps it to the end, so these live as long as the
    /// program, as the English catalog compiled into it does. A few hundred at most: a list
    /// searched in order costs less code than a map.
    content: Vec<(String, &'static str)>,
}

const ENGLISH: Installed = Installed { lang: Lang::En, areas: Vec::new(), content: Vec::new() };

thread_local! {
    static INSTALLED: RefCell<Installed> = const { RefCell::new(ENGLISH) };
}

/// The table's member that holds the course's translated titles and files.
pub const CONTENT_KEY: &str = "content";

/// The language texts are shown in.
pub fn language() -> Lang {
    INSTALLED.with(|installed| installed.borrow().lang)
}

/// Shows texts in `lang`, from `table` (the JSON [`publish::table_json`] writes: each area's
/// name with its texts in order). English needs no table. A table that cannot be read leaves
/// the interface in English and says why.
pub fn install(lang: Lang, table: &str) -> Result<(), String> {
    if lang == Lang::En {
        reset();
        return Ok(());
    }
    let mut by_name: serde_json::Map<String, serde_json::Value> = serde_json::from_str(table).map_err(|error| format!("the {} texts cannot be read: {error}", lang.own_name()))?;
    let strings = |value: Option<serde_json::Value>| -> Vec<String> {
        match value {
            Some(serde_json::Value::Array(texts)) => texts.into_iter().map(|text| text.as_str().unwrap_or_default().to_string()).collect(),
            _ => Vec::new(),
        }
    };
    let areas = AREAS.iter().map(|area| strings(by_name.remove(*area))).collect();
    let content = match by_name.remove(CONTENT_KEY) {
        Some(serde_json::Value::Object(entries)) => entries.into_iter().filter_map(|(key, value)| Some((key, value.as_str()?.to_string()))).collect(),
        _ => Vec::new(),
    };
    install_parts(lang, areas, content);
    Ok(())
}

/// Installs a table already taken apart: each area's texts in [`AREAS`] order, and the course's
/// differences. The browser reads them straight from the page's script object, so the modules
/// carry no JSON parser for it.
pub fn install_parts(lang: Lang, areas: Vec<Vec<String>>, content: Vec<(String, String)>) {
    let areas = areas.into_iter().map(|texts| texts.into_iter().map(|text| &*String::leak(text)).collect()).collect();
    let content = content.into_iter().map(|(key, value)| (key, &*String::leak(value))).collect();
    INSTALLED.with(|installed| *installed.borrow_mut() = Installed { lang, areas, content });
}

/// Back to English (painting pages one language after another).
pub fn reset() {
    INSTALLED.with(|installed| *installed.borrow_mut() = ENGLISH);
}

/// The course's text or file under `key` in the installed language, when it differs from the
/// English: `lesson/<slug>/title`, `lesson/<slug>/summary`, `lesson/<slug>/translated` (present
/// when the lesson's text is translated), `lesson/<slug>/page`, `lesson/<slug>/sim`,
/// `lesson/<slug>/figure/<name>`, `quiz/<id>/title`, `quiz/<id>/file`, `module/<English name>`.
pub fn content(key: &str) -> Option<&'static str> {
    INSTALLED.with(|installed| installed.borrow().content.iter().find(|(name, _)| name == key).map(|(_, value)| *value))
}

/// The installed text at `(area, index)`, or `english` when there is none. Never inlined: it is
/// called from every place that shows a word, and one copy keeps the modules small.
#[inline(never)]
fn lookup(area: u8, index: u16, english: &'static str) -> &'static str {
    INSTALLED.with(|installed| {
        let installed = installed.borrow();
        installed.areas.get(usize::from(area)).and_then(|texts| texts.get(usize::from(index))).copied().filter(|text| !text.is_empty()).unwrap_or(english)
    })
}

/// One message of the interface.
#[derive(Debug, Clone, Copy)]
pub struct Msg {
    area: u8,
    index: u16,
    english: &'static str,
}

impl Msg {
    #[doc(hidden)]
    pub const fn new(area: u8, index: u16, english: &'static str) -> Msg {
        Msg { area, index, english }
    }

    /// The text in the installed language.
    #[inline(never)]
    pub fn text(self) -> &'static str {
        lookup(self.area, self.index, self.english)
    }

    /// The text with its `{placeholders}` filled: `with(&[("count", &3)])`.
    #[inline(never)]
    pub fn with(self, values: &[(&str, &dyn Display)]) -> String {
        fill(self.text(), values)
    }

    /// The English text, whatever the language (for what the page never shows, such as logs).
    pub fn english(self) -> &'static str {
        self.english
    }
}

/// A message whose words depend on a count (`{n} lesson` / `{n} lessons`).
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    one: Msg,
    other: Msg,
}

impl Counted {
    #[doc(hidden)]
    pub const fn new(area: u8, index: u16, one: &'static str, other: &'static str) -> Counted {
        Counted { one: Msg::new(area, index, one), other: Msg::new(area, index + 1, other) }
    }

    /// The form for `n`, with `{n}` written as a number of the language and any other
    /// placeholders filled from `values`.
    #[inline(never)]
    pub fn count(self, n: u64, values: &[(&str, &dyn Display)]) -> String {
        let form = if n == 1 && language() == Lang::En { self.one } else { self.other };
        let n = integer(n);
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
        all.extend_from_slice(values);
        form.with(&all)
    }
}

/// Fills `{name}` placeholders; an unknown one is left as written.
pub fn fill(text: &str, values: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let found = after.split_once('}').and_then(|(name, tail)| values.iter().find(|(key, _)| *key == name).map(|(_, value)| (value, tail)));
        match found {
            Some((value, tail)) => {
                let _ = write!(out, "{value}");
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `x` with `places` decimals, written for the language: `2.5` in English, `2,5` in Vietnamese.
pub fn decimal(x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(whole, fraction)| (whole, Some(fraction)));
    let whole = group(whole);
    match (fraction, language()) {
        (None, _) => whole,
        (Some(fraction), Lang::En) => format!("{whole}.{fraction}"),
        (Some(fraction), Lang::Vi) => format!("{whole},{fraction}"),
    }
}

/// A whole number written for the language.
pub fn integer(n: u64) -> String {
    group(&n.to_string())
}

/// Vietnamese groups thousands with a dot from 10.000 on (`12.000`); English keeps the digits as
/// the course text writes them.
fn group(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |rest| ("-", rest));
    if language() == Lang::En || digits.len() < 5 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return format!("{sign}{digits}");
    }
    let mut out = String::from(sign);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("{a} of {b} {c}", &[("a", &1), ("b", &"two")]), "1 of two {c}");
        assert_eq!(fill("no { brace", &[]), "no { brace");
    }

    #[test]
    fn numbers_follow_the_language() {
        reset();
        assert_eq!(decimal(1234.56, 1), "1234.6");
        assert_eq!(integer(12000), "12000");
        install(Lang::Vi, "{}").unwrap_or_default();
        assert_eq!(decimal(2.5, 1), "2,5");
        assert_eq!(decimal(1234.56, 1), "1234,6");
        assert_eq!(integer(12000), "12.000");
        assert_eq!(integer(1234567), "1.234.567");
        assert_eq!(decimal(-12345.5, 1), "-12.345,5");
        reset();
    }

    #[test]
    fn an_installed_table_replaces_the_english_and_a_missing_text_falls_back() {
        let english = Msg::new(0, 1, "Play");
        let area = AREAS.first().copied().unwrap_or_default();
        install(Lang::Vi, &format!("{{\"{area}\": [\"a\", \"Phát\"]}}")).unwrap_or_default();
        assert_eq!(english.text(), "Phát");
        assert_eq!(Msg::new(0, 7, "Pause").text(), "Pause");
        let counted = Counted::new(0, 0, "{n} lesson", "{n} lessons");
        assert_eq!(counted.count(1, &[]), "Phát", "Vietnamese has one form, the other");
        reset();
        assert_eq!(english.text(), "Play");
        assert_eq!(counted.count(1, &[]), "1 lesson");
        assert_eq!(counted.count(3, &[]), "3 lessons");
    }

    #[test]
    fn the_table_carries_the_course_in_the_language() {
        install(Lang::Vi, r#"{"content": {"lesson/sagas/title": "Saga", "bad": 3}}"#).unwrap_or_default();
        assert_eq!(content("lesson/sagas/title"), Some("Saga"));
        assert_eq!(content("bad"), None);
        reset();
        assert_eq!(content("lesson/sagas/title"), None);
    }

    #[test]
    fn a_damaged_table_is_refused() {
        assert!(install(Lang::Vi, "[1,").is_err());
        assert_eq!(language(), Lang::En);
    }

    #[test]
    fn codes_name_languages() {
        assert_eq!(Lang::from_code("vi"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
