//! The size of the release folder: what a learner downloads, file by file, raw and gzipped.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::Result;

/// Lesson texts are fetched one at a time, when their lesson opens; everything else is the
/// first load.
fn is_lesson_page(name: &str) -> bool {
    name.starts_with("lesson-") && name.ends_with(".html")
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
    let (pages, first_load): (Vec<_>, Vec<_>) = sized.into_iter().partition(|(name, ..)| is_lesson_page(name));
    println!("\n{:<48} {:>12} {:>12}", "dist/ file", "bytes", "gzip -9");
    for (name, raw, gzipped) in &first_load {
        println!("{name:<48} {raw:>12} {gzipped:>12}");
    }
    print_total(&format!("first load ({} files)", first_load.len()), &first_load);
    print_total(&format!("lesson texts ({} files, one per lesson opened)", pages.len()), &pages);
    if let Some((name, raw, gzipped)) = pages.iter().max_by_key(|(_, _, gzipped)| *gzipped) {
        println!("{:<48} {raw:>12} {gzipped:>12}", format!("  largest: {name}"));
    }
    Ok(())
}

fn print_total(label: &str, files: &[(String, usize, usize)]) {
    let raw: usize = files.iter().map(|(_, raw, _)| raw).sum();
    let gzipped: usize = files.iter().map(|(_, _, gzipped)| gzipped).sum();
    println!("{label:<48} {raw:>12} {gzipped:>12}");
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
