pub mod header;
pub mod load_error;

/// A message's text before and after its `{name}` placeholder, for a sentence with a link or
/// code in the middle (the translation decides where it goes). Without the placeholder, the
/// whole text comes first.
pub fn around(text: &str, name: &str) -> (String, String) {
    let placeholder = format!("{{{name}}}");
    match text.split_once(&placeholder) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (text.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_splits_around_its_placeholder() {
        assert_eq!(super::around("There is no page at {address}.", "address"), ("There is no page at ".to_string(), ".".to_string()));
        assert_eq!(super::around("no placeholder", "address"), ("no placeholder".to_string(), String::new()));
    }
}
