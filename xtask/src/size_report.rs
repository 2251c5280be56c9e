//! The size of the release folder: what a learner downloads, and when, raw and gzipped.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::Result;

/// What a learner downloads, and when: a group of files with a name for the report.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    /// The home page and what it loads before it is interactive.
    HomeFirstLoad,
    /// The engine and player, when a page needs a simulation, and what starts it on a lesson page.
    PlayerModule,
    /// The quiz pages, when one opens.
    QuizModule,
    /// The sandbox page's own module (the player again, the editor, a TOML parser).
    SandboxModule,
    /// The embed pages' script and styles, and presenter mode's styles: only when used.
    Classroom,
    /// One painted page per lesson and quiz, fetched when opened directly.
    Pages,
    /// A lesson's text, simulation and diagram, a quiz's questions: fetched by a page that needs them.
    Data,
    /// Fetched by the service worker for offline use, or by an installing browser.
    Offline,
}

const GROUPS: &[(Group, &str, bool)] = &[
    (Group::HomeFirstLoad, "home page, first load", true),
    (Group::PlayerModule, "player module, when a page needs a simulation", true),
    (Group::QuizModule, "quiz module, when a quiz page opens", true),
    (Group::SandboxModule, "sandbox module, when the sandbox page opens", true),
    (Group::Classroom, "embed pages' script and styles, presenter mode's styles, when used", true),
    (Group::Pages, "pages (one per lesson and quiz, when opened directly)", false),
    (Group::Data, "data (a lesson's text, simulation, diagram; a quiz; another language's texts), on demand", false),
    (Group::Offline, "offline and installing (service worker, manifest, icons)", false),
];

fn group_of(name: &str) -> Group {
    let file = name.rsplit('/').next().unwrap_or(name);
    if file.starts_with("lab-player-") || file.starts_with("start-lesson-") || name.starts_with("snippets/lab-player-") {
        Group::PlayerModule
    } else if file.starts_with("lab-quizzes-") {
        Group::QuizModule
    } else if file.starts_with("lab-sandbox-") || file == "sandbox.css" {
        Group::SandboxModule
    } else if file.starts_with("embed-page-") || file == "embed.css" || file == "presenter.css" {
        Group::Classroom
    } else if file.starts_with("messages-") {
        // Another language's interface texts, loaded only by that language's pages.
        Group::Data
    } else if name == "index.html" || name.starts_with("snippets/") || file.starts_with("integration-patterns-lab-") || file.starts_with("favicon-") || (file.ends_with(".css") || file.ends_with(".js")) && file != "sw.js" {
        Group::HomeFirstLoad
    } else if file == "index.html" || file == "404.html" {
        Group::Pages
    } else if ["sw.js", "manifest.webmanifest", "favicon.svg"].contains(&file) || file.ends_with(".png") {
        Group::Offline
    } else {
        Group::Data
    }
}

pub fn print(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    let mut sized = Vec::new();
    for file in &files {
        let bytes = fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
        let name = file.strip_prefix(dist).unwrap_or(file).display().to_string();
        sized.push((name, bytes.len(), gzip_len(&bytes)?));
    }
    println!("\n{:<56} {:>10} {:>10}", "dist/ file", "bytes", "gzip -9");
    for (group, label, file_by_file) in GROUPS {
        let members: Vec<(String, usize, usize)> = sized.iter().filter(|(name, ..)| group_of(name) == *group).cloned().collect();
        if *file_by_file {
            for (name, raw, gzipped) in &members {
                println!("{name:<56} {raw:>10} {gzipped:>10}");
            }
        }
        print_total(&format!("{label} ({} files)", members.len()), &members);
        if !file_by_file {
            if let Some((name, raw, gzipped)) = members.iter().max_by_key(|(_, _, gzipped)| *gzipped) {
                println!("{:<56} {raw:>10} {gzipped:>10}", format!("  largest: {name}"));
            }
        }
        println!();
    }
    Ok(())
}

fn print_total(label: &str, files: &[(String, usize, usize)]) {
    let raw: usize = files.iter().map(|(_, raw, _)| raw).sum();
    let gzipped: usize = files.iter().map(|(_, _, gzipped)| gzipped).sum();
    println!("{label:<56} {raw:>10} {gzipped:>10}");
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map(|out| out.len()).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_grouped_by_when_a_learner_downloads_them() {
        assert!(group_of("index.html") == Group::HomeFirstLoad);
        assert!(group_of("integration-patterns-lab-01_bg.wasm") == Group::HomeFirstLoad);
        assert!(group_of("snippets/integration-patterns-lab-01/inline0.js") == Group::HomeFirstLoad);
        assert!(group_of("lab-player-01_bg.wasm") == Group::PlayerModule);
        assert!(group_of("snippets/lab-player-01/inline0.js") == Group::PlayerModule);
        assert!(group_of("sandbox.css") == Group::SandboxModule);
        assert!(group_of("lab-quizzes-01.js") == Group::QuizModule);
        assert!(group_of("lesson/sagas/index.html") == Group::Pages);
        assert!(group_of("embed/sagas/index.html") == Group::Pages);
        assert!(group_of("embed-page-01.js") == Group::Classroom);
        assert!(group_of("presenter.css") == Group::Classroom);
        assert!(group_of("sim-sagas-01.json") == Group::Data);
        assert!(group_of("lesson-sagas-01.html") == Group::Data);
        assert!(group_of("messages-vi-01.vi.js") == Group::Data);
        assert!(group_of("sw.js") == Group::Offline);
        assert!(group_of("icon-192.png") == Group::Offline);
    }
}
