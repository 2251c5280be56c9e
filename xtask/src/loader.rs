//! Trunk writes the code that starts the app as an inline `<script type="module">`. A strict
//! Content-Security-Policy (no 'unsafe-inline') refuses inline scripts, and a hash in the policy
//! would change with every build. This post-build hook moves the script into a file named by
//! its content, so `script-src 'self' 'wasm-unsafe-eval'` is all the policy needs. The wasm's
//! path is made relative to the loader itself rather than to the page, because every page of
//! the course (`lesson/<slug>/`, ...) loads the same loader from the site root.

use std::env;
use std::fs;
use std::path::Path;

use crate::{workspace, Result};

const OPENING_TAG: &str = "<script type=\"module\">";
const CLOSING_TAG: &str = "</script>";
/// Every Trunk loader imports the wasm-bindgen glue's `init`; the live-reload script does not.
const LOADER_MARKER: &str = "import init";

/// Entry point for Trunk's `post_build` hook, which passes the staging folder in the environment.
pub fn externalize_from_trunk_env() -> Result<()> {
    let staging = workspace::trunk_staging_dir("externalize-loader")?;
    let public_url = env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "./".to_string());
    externalize(&staging, &public_url)
}

fn externalize(dir: &Path, public_url: &str) -> Result<()> {
    let index = dir.join("index.html");
    let html = fs::read_to_string(&index).map_err(|error| format!("cannot read {}: {error}", index.display()))?;
    let Some((rewritten, file_name, script)) = move_loader_out(&html, public_url) else {
        return Err(format!("{} has no inline wasm loader of the shape Trunk 0.21 writes (`import init, * as bindings from ...`) to move", index.display()));
    };
    fs::write(dir.join(&file_name), script).map_err(|error| format!("cannot write {file_name}: {error}"))?;
    fs::write(&index, rewritten).map_err(|error| format!("cannot write {}: {error}", index.display()))
}

/// Returns the page with the loader replaced by a `src` reference, the new file's name, and its content.
fn move_loader_out(html: &str, public_url: &str) -> Option<(String, String, String)> {
    let mut search_from = 0;
    while let Some(found) = html[search_from..].find(OPENING_TAG) {
        let start = search_from + found;
        let content_start = start + OPENING_TAG.len();
        let content_end = content_start + html[content_start..].find(CLOSING_TAG)?;
        let script = &html[content_start..content_end];
        if script.contains(LOADER_MARKER) {
            // Named by what is written, so a change to the rewriting below renames the file too.
            let script = after_the_lesson_start(&wasm_beside_the_script(script.trim()))? + "\n";
            let file_name = format!("loader-{:016x}.js", fnv1a(script.as_bytes()));
            let tag = format!("<script type=\"module\" src=\"{public_url}{file_name}\"></script>");
            let rewritten = format!("{}{tag}{}", &html[..start], &html[content_end + CLOSING_TAG.len()..]);
            return Some((rewritten, file_name, script));
        }
        search_from = content_end;
    }
    None
}

/// `init({ module_or_path: './x_bg.wasm' })` would fetch the wasm relative to the page; the
/// same path relative to the script works from a page at any depth.
fn wasm_beside_the_script(script: &str) -> String {
    const ARGUMENT: &str = "module_or_path: ";
    let Some(start) = script.find(ARGUMENT).map(|at| at + ARGUMENT.len()) else { return script.to_string() };
    let Some(quoted_len) = script[start + 1..].find('\'').map(|end| end + 2) else { return script.to_string() };
    let path = &script[start..start + quoted_len];
    format!("{}new URL({path}, import.meta.url){}", &script[..start], &script[start + quoted_len..])
}

/// A lesson page starts its simulation first (`assets/start-lesson.js`, which leaves the promise
/// `labLessonStart`); the shell's download, its glue script included, waits for it, so the two
/// do not share a slow link. Other pages have no such promise and start at once. Trunk's static
/// `import init, * as bindings from '<glue>';` becomes a dynamic import after the wait; a loader
/// of another shape (a new Trunk) is reported rather than left to download early.
fn after_the_lesson_start(script: &str) -> Option<String> {
    const STATIC_IMPORT: &str = "import init, * as bindings from ";
    let rest = script.strip_prefix(STATIC_IMPORT)?;
    let (glue, rest) = rest.split_once(';')?;
    Some(format!(
        "await globalThis.labLessonStart;\nconst bindings = await import({glue});\nconst init = bindings.default;{rest}"
    ))
}

/// A content hash for the file name, so a new build never hits a stale cached loader.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head>\n<script type=\"module\">\nimport init, * as bindings from './app.js';\nawait init('./app_bg.wasm');\n</script></head><body><script type=\"module\">reload()</script></body></html>";

    #[test]
    fn moves_only_the_wasm_loader() {
        let (html, name, script) = move_loader_out(PAGE, "./").unwrap();
        assert!(name.starts_with("loader-") && name.ends_with(".js"));
        assert!(html.contains(&format!("<script type=\"module\" src=\"./{name}\"></script>")), "{html}");
        assert!(!html.contains("import init"), "{html}");
        assert!(html.contains("reload()"), "the live-reload script stays: {html}");
        assert!(script.starts_with("await globalThis.labLessonStart;\nconst bindings = await import('./app.js');"), "{script}");
    }

    #[test]
    fn the_wasm_is_found_beside_the_loader() {
        let script = "import init from './app.js';\nconst wasm = await init({ module_or_path: './app_bg.wasm' });";
        assert_eq!(
            wasm_beside_the_script(script),
            "import init from './app.js';\nconst wasm = await init({ module_or_path: new URL('./app_bg.wasm', import.meta.url) });"
        );
    }

    #[test]
    fn the_shell_is_downloaded_after_a_lesson_page_started_its_simulation() {
        let script = "import init, * as bindings from './app.js';\nconst wasm = await init({});\nwindow.x = 1;";
        assert_eq!(
            after_the_lesson_start(script).unwrap(),
            "await globalThis.labLessonStart;\nconst bindings = await import('./app.js');\nconst init = bindings.default;\nconst wasm = await init({});\nwindow.x = 1;"
        );
        assert_eq!(after_the_lesson_start("import init from './app.js';\nawait init();"), None, "another loader shape is reported");
    }

    #[test]
    fn names_the_file_by_its_content() {
        let (_, first, _) = move_loader_out(PAGE, "./").unwrap();
        let (_, second, _) = move_loader_out(&PAGE.replace("app_bg", "app2_bg"), "./").unwrap();
        assert_ne!(first, second);
    }

    #[test]
    fn a_page_without_a_loader_is_reported() {
        assert!(move_loader_out("<html><script type=\"module\">x()</script></html>", "./").is_none());
    }
}
