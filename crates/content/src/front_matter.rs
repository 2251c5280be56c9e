use serde::Deserialize;

/// The TOML block between `+++` lines at the top of a lesson's Markdown file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// One or two sentences shown on the course map.
    pub summary: String,
    /// The course module the lesson belongs to, e.g. "Foundations".
    pub module: String,
    /// Position of the lesson in the course; lessons are listed in ascending order.
    pub order: u32,
    /// Estimated study time in minutes.
    pub minutes: u32,
}

/// Where the front matter sits inside a lesson file, so errors can point at real lines.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub toml: &'a str,
    /// 1-based line of the first TOML line.
    pub toml_first_line: usize,
    pub body: &'a str,
}

const FENCE: &str = "+++";

/// Splits `+++`-fenced front matter from the Markdown body. Returns a message on failure.
pub(crate) fn split(text: &str) -> Result<Split<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(format!("a lesson must start with a `{FENCE}` line, then its TOML front matter, then `{FENCE}`"));
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for line in lines {
        if line.trim_end() == FENCE {
            return Ok(Split {
                toml: &text[toml_start..offset],
                toml_first_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(format!("the front matter is never closed: add a `{FENCE}` line after it"))
}

/// Parses the TOML front matter; on error returns (1-based line within the file, message).
pub(crate) fn parse(split: &Split<'_>) -> Result<FrontMatter, (usize, String)> {
    parse_as(split)
}

/// Parses the front matter into any shape (a translation's holds fewer fields).
pub(crate) fn parse_as<T: serde::de::DeserializeOwned>(split: &Split<'_>) -> Result<T, (usize, String)> {
    toml::from_str(split.toml).map_err(|error| {
        let line_in_toml = error
            .span()
            .map(|span| split.toml[..span.start.min(split.toml.len())].matches('\n').count())
            .unwrap_or(0);
        (split.toml_first_line + line_in_toml, error.message().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let split = split("+++\ntitle = \"x\"\n+++\n# Body\n").unwrap();
        assert_eq!(split.toml, "title = \"x\"\n");
        assert_eq!(split.body, "# Body\n");
    }

    #[test]
    fn refuses_a_file_without_front_matter() {
        assert!(split("# Just markdown\n").is_err());
        assert!(split("+++\ntitle = \"x\"\n").unwrap_err().contains("never closed"));
    }

    #[test]
    fn reports_the_line_of_a_toml_error() {
        let text = "+++\ntitle = \"x\"\nsummary = \"s\"\nmodule = \"m\"\norder = -1\nminutes = 5\n+++\n";
        let (line, message) = parse(&split(text).unwrap()).unwrap_err();
        assert_eq!(line, 5, "{message}");
    }

    #[test]
    fn reports_a_missing_field() {
        let text = "+++\ntitle = \"x\"\n+++\n";
        let (_, message) = parse(&split(text).unwrap()).unwrap_err();
        assert!(message.contains("missing field"), "{message}");
    }
}
