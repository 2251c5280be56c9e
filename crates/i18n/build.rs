//! Compiles the English message files (`messages/en/*.toml` at the workspace root) into one
//! constant per message: `lab_i18n::<area>::<KEY>` holds its place in the table and its English
//! text, so a module carries only the English it uses and a misspelt key does not compile.

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/files.rs"]
mod files;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let english = manifest.join("../../messages/en");
    println!("cargo:rerun-if-changed={}", english.display());
    let mut code = String::new();
    let areas = match files::read_language(&english) {
        Ok(areas) => areas,
        Err(error) => fail(&error),
    };
    let _ = writeln!(code, "/// The areas' names, in the order of the table's lists.\npub const AREAS: [&str; {}] = [{}];", areas.len(), areas.iter().map(|(name, _)| format!("{name:?}")).collect::<Vec<_>>().join(", "));
    for (number, (name, source)) in areas.iter().enumerate() {
        let area = files::parse_area(source).unwrap_or_else(|error| fail(&format!("messages/en/{name}.toml: {error}")));
        let _ = writeln!(code, "/// The messages of `messages/en/{name}.toml`.\n#[allow(dead_code, unused_imports)]\npub mod {} {{\n    use crate::{{Counted, Msg}};", name.replace('-', "_"));
        let mut index = 0u16;
        for (key, text) in &area {
            let constant = key.replace('-', "_").to_uppercase();
            match text {
                files::Text::Plain(text) => {
                    let _ = writeln!(code, "    pub const {constant}: Msg = Msg::new({number}, {index}, {text:?});");
                    index += 1;
                }
                files::Text::Counted { one, other } => {
                    let _ = writeln!(code, "    pub const {constant}: Counted = Counted::new({number}, {index}, {one:?}, {other:?});");
                    index += 2;
                }
            }
        }
        let _ = writeln!(code, "}}");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("messages.rs");
    if let Err(error) = std::fs::write(&out, code) {
        fail(&format!("cannot write {}: {error}", out.display()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}
