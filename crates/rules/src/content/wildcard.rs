//! Wildcard (`*`) string matching, written by hand so the wasm carries no regex engine.

/// A parsed wildcard: the literal pieces between the stars.
/// `"a*b*c"` is `["a", "b", "c"]`; a leading or trailing star gives an empty piece.
#[derive(Debug, Clone, PartialEq)]
pub struct Wildcard {
    pieces: Vec<String>,
}

/// EventBridge rejects wildcards whose matching would be too costly. Its real
/// measure is the size of the automaton; counting stars is our approximation.
pub const MAX_STARS: usize = 5;

impl Wildcard {
    /// Parses a wildcard. `\*` is a literal star and `\\` a literal backslash;
    /// any other escape and two stars in a row are rejected, as the service does.
    pub fn parse(text: &str) -> Result<Wildcard, String> {
        let mut pieces = vec![String::new()];
        let mut chars = text.chars().peekable();
        let mut previous_star = false;
        while let Some(c) = chars.next() {
            match c {
                '*' if previous_star => {
                    return Err("consecutive wildcard characters are not allowed".into())
                }
                '*' => {
                    pieces.push(String::new());
                    previous_star = true;
                    continue;
                }
                '\\' => match chars.next() {
                    Some(escaped @ ('*' | '\\')) => push_char(&mut pieces, escaped),
                    _ => return Err("a backslash must escape '*' or '\\'".into()),
                },
                other => push_char(&mut pieces, other),
            }
            previous_star = false;
        }
        if pieces.len() - 1 > MAX_STARS {
            return Err(format!(
                "wildcard exceeds the maximum complexity ({MAX_STARS} wildcard characters)"
            ));
        }
        Ok(Wildcard { pieces })
    }

    /// Whether `text` matches. The first piece anchors the start, the last the end,
    /// and the middle pieces are found left to right: with `*` as the only
    /// metacharacter the leftmost occurrence is always a safe choice.
    pub fn matches(&self, text: &str) -> bool {
        let (first, rest) = match self.pieces.split_first() {
            Some(split) => split,
            None => return text.is_empty(),
        };
        let Some((last, middle)) = rest.split_last() else {
            return text == first;
        };
        let Some(mut remaining) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        for piece in middle {
            match remaining.find(piece.as_str()) {
                Some(at) => remaining = &remaining[at + piece.len()..],
                None => return false,
            }
        }
        remaining.len() >= last.len() && remaining.ends_with(last.as_str())
    }
}

fn push_char(pieces: &mut [String], c: char) {
    if let Some(piece) = pieces.last_mut() {
        piece.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(p: &str) -> Wildcard {
        Wildcard::parse(p).expect("valid wildcard")
    }

    #[test]
    fn stars_match_any_run() {
        assert!(w("*.png").matches("a.png"));
        assert!(w("*.png").matches(".png"));
        assert!(!w("*.png").matches("a.jpg"));
        assert!(w("a*b*c").matches("abc"));
        assert!(w("a*b*c").matches("aXXbYYc"));
        assert!(!w("a*b*c").matches("aXXcYYb"));
        assert!(w("*").matches(""));
        assert!(w("").matches(""));
        assert!(!w("").matches("x"));
        assert!(!w("ab*ba").matches("aba"));
        assert!(w("ab*ba").matches("abba"));
    }

    #[test]
    fn escapes_and_rejections() {
        assert!(w("a\\*b").matches("a*b"));
        assert!(!w("a\\*b").matches("axb"));
        assert!(Wildcard::parse("a**b").is_err());
        assert!(Wildcard::parse("a\\b").is_err());
        assert!(Wildcard::parse("*:*:*:*:*:x/*").is_err());
    }
}
