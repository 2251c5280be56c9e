//! Trunk's last post-build step: writes `sw.js`, the service worker, at the root of the built
//! folder. It lists whatever files the build produced (recursively, so pages in sub-folders and
//! modules loaded on demand are covered without naming them here) and a version that hashes
//! every file's name and content, so any change to any file makes a new worker.
//!
//! The worker itself is `assets/sw.js`, kept as a JavaScript file so it reads and is checked as
//! JavaScript; this module only fills in its `const BUILD = …;` line.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{workspace, Result};

const TEMPLATE: &str = include_str!("../../assets/sw.js");
const BUILD_LINE: &str = "const BUILD = ";
pub const FILE_NAME: &str = "sw.js";

/// Entry point: `cargo xtask write-service-worker [DIR]`; without DIR, Trunk's staging folder.
pub fn write_from_args(args: &[String]) -> Result<()> {
    match args {
        [] => write(&workspace::trunk_staging_dir("write-service-worker")?),
        [dir] => write(Path::new(dir)),
        _ => Err("write-service-worker takes at most one folder".to_string()),
    }
}

fn write(dir: &Path) -> Result<()> {
    let files = files_in(dir)?;
    let (common, languages) = by_language(&files);
    let languages: Vec<(&str, Vec<String>)> = languages.iter().map(|(code, files)| (*code, precache_urls(files))).collect();
    let script = render(&version(&files), &precache_urls(&common), &languages)?;
    let target = dir.join(FILE_NAME);
    fs::write(&target, script).map_err(|error| format!("cannot write {}: {error}", target.display()))
}

/// Every file below `dir` as (URL path relative to `dir`, content), sorted by path; the worker
/// itself and hidden files (which many hosts refuse to serve) are left out.
fn files_in(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(dir).map_err(|error| error.to_string())?;
        let parts: Option<Vec<&str>> = relative.components().map(|part| part.as_os_str().to_str()).collect();
        let url = parts.ok_or_else(|| format!("{} is not a UTF-8 name", path.display()))?.join("/");
        if url == FILE_NAME {
            continue;
        }
        let content = fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        files.push((url, content));
    }
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, paths: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| error.to_string())?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, paths)?;
        } else {
            paths.push(path);
        }
    }
    Ok(())
}

/// A built file: its URL path relative to the folder, and its content.
type BuiltFile = (String, Vec<u8>);

/// The language other than English a file belongs to: its pages' folder (`vi/…`) or the code
/// before its extension (`quiz-sagas-<hash>.vi.json`, see `pages::in_language`).
fn language_of(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    lab_i18n::Lang::ALL.iter().filter(|lang| **lang != lab_i18n::Lang::En).map(|lang| lang.code()).find(|code| {
        path.starts_with(&format!("{code}/")) || name.rsplit_once('.').is_some_and(|(stem, _)| stem.ends_with(&format!(".{code}")))
    })
}

/// The files every learner's worker caches, and each other language's, which a worker caches
/// only once that language's pages are used (see `assets/sw.js`).
fn by_language(files: &[BuiltFile]) -> (Vec<BuiltFile>, Vec<(&'static str, Vec<BuiltFile>)>) {
    let mut common = Vec::new();
    let mut languages: Vec<(&'static str, Vec<BuiltFile>)> = Vec::new();
    for file in files {
        match language_of(&file.0) {
            None => common.push(file.clone()),
            Some(code) => match languages.iter_mut().find(|(other, _)| *other == code) {
                Some((_, list)) => list.push(file.clone()),
                None => languages.push((code, vec![file.clone()])),
            },
        }
    }
    (common, languages)
}

/// The URLs to precache: each file's path, percent-encoded; a folder's `index.html` also as
/// the folder's own address (`./`, `lesson/x/`), which is how pages are linked and visited.
fn precache_urls(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut urls = Vec::new();
    for (path, _) in files {
        let url = encode_path(path);
        if let Some(folder) = url.strip_suffix("index.html").filter(|folder| folder.is_empty() || folder.ends_with('/')) {
            urls.push(if folder.is_empty() { "./".to_string() } else { folder.to_string() });
        }
        urls.push(url);
    }
    urls
}

fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A hash of every file's name and content, in path order.
fn version(files: &[(String, Vec<u8>)]) -> String {
    let mut bytes = Vec::new();
    for (path, content) in files {
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&(content.len() as u64).to_le_bytes());
        bytes.extend_from_slice(content);
    }
    format!("{:016x}", crate::loader::fnv1a(&bytes))
}

/// The template with its `const BUILD = …;` line replaced by this build's version and files.
fn render(version: &str, urls: &[String], languages: &[(&str, Vec<String>)]) -> Result<String> {
    let describe = |error: serde_json::Error| error.to_string();
    let version = serde_json::to_string(version).map_err(describe)?;
    let files = serde_json::to_string_pretty(urls).map_err(describe)?.replace('\n', "\n  ");
    let languages: serde_json::Map<String, serde_json::Value> = languages.iter().map(|(code, urls)| ((*code).to_string(), serde_json::json!(urls))).collect();
    let languages = serde_json::to_string_pretty(&languages).map_err(describe)?.replace('\n', "\n  ");
    let line = format!("{BUILD_LINE}{{\n  \"version\": {version},\n  \"files\": {files},\n  \"languages\": {languages}\n}};");
    let mut replaced = false;
    let lines: Vec<&str> = TEMPLATE
        .lines()
        .map(|template_line| {
            if !replaced && template_line.starts_with(BUILD_LINE) {
                replaced = true;
                line.as_str()
            } else {
                template_line
            }
        })
        .collect();
    if !replaced {
        return Err(format!("assets/sw.js has no line starting with `{BUILD_LINE}` to fill in"));
    }
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built folder with pages in sub-folders, as the app will have, in a fresh temp dir.
    fn sample_build(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-sw-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, content) in [
            ("index.html", "<html>home</html>"),
            ("app-1234_bg.wasm", "wasm"),
            ("lesson/api-gateway/index.html", "<html>lesson</html>"),
            ("quiz/final/index.html", "<html>quiz</html>"),
            ("snippets/a b.js", "export {}"),
            ("404.html", "<html>not found</html>"),
            ("vi/index.html", "<html>trang chủ</html>"),
            ("quiz-x-00ff.vi.json", "{}"),
            (".hidden", "secret"),
        ] {
            let file = dir.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, content).unwrap();
        }
        dir
    }

    fn written(dir: &Path) -> String {
        write(dir).unwrap();
        fs::read_to_string(dir.join(FILE_NAME)).unwrap()
    }

    fn build_of(script: &str) -> serde_json::Value {
        let start = script.find(BUILD_LINE).unwrap() + BUILD_LINE.len();
        let end = start + script[start..].find("};").unwrap() + 1;
        serde_json::from_str(&script[start..end]).unwrap()
    }

    #[test]
    fn lists_every_file_and_each_folder_of_an_index_page() {
        let dir = sample_build("lists");
        let build = build_of(&written(&dir));
        let files: Vec<&str> = build["files"].as_array().unwrap().iter().map(|url| url.as_str().unwrap()).collect();
        assert_eq!(
            files,
            [
                "404.html",
                "app-1234_bg.wasm",
                "./",
                "index.html",
                "lesson/api-gateway/",
                "lesson/api-gateway/index.html",
                "quiz/final/",
                "quiz/final/index.html",
                "snippets/a%20b.js",
            ]
        );
        // Written again over its own output, the worker does not list itself.
        assert_eq!(build_of(&written(&dir))["files"], build["files"]);
        assert_eq!(build["languages"], serde_json::json!({"vi": ["quiz-x-00ff.vi.json", "vi/", "vi/index.html"]}), "another language's files apart");
    }

    #[test]
    fn the_version_changes_with_any_file_and_only_then() {
        let dir = sample_build("version");
        let first = build_of(&written(&dir))["version"].clone();
        assert_eq!(build_of(&written(&dir))["version"], first, "stable when nothing changes");
        fs::write(dir.join("lesson/api-gateway/index.html"), "<html>lesson, edited</html>").unwrap();
        let edited = build_of(&written(&dir))["version"].clone();
        assert_ne!(edited, first, "a changed file");
        fs::rename(dir.join("app-1234_bg.wasm"), dir.join("app-5678_bg.wasm")).unwrap();
        let renamed = build_of(&written(&dir))["version"].clone();
        assert_ne!(renamed, edited, "a renamed file");
        fs::write(dir.join(".hidden"), "other secret").unwrap();
        assert_eq!(build_of(&written(&dir))["version"], renamed, "hidden files are not part of the build");
    }

    #[test]
    fn the_rest_of_the_worker_is_the_template() {
        let script = written(&sample_build("template"));
        let build_line = TEMPLATE.lines().find(|line| line.starts_with(BUILD_LINE)).unwrap();
        let (before, after) = TEMPLATE.split_once(build_line).unwrap();
        assert!(script.starts_with(before) && script.ends_with(after), "{script}");
    }
}
