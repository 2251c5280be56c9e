//! The size of the release folder: what a learner downloads, file by file, raw and gzipped.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::Result;

pub fn print(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    println!("\n{:<48} {:>12} {:>12}", "dist/ file", "bytes", "gzip -9");
    let (mut total_raw, mut total_gzip) = (0, 0);
    for file in &files {
        let bytes = fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
        let gzipped = gzip_len(&bytes)?;
        total_raw += bytes.len();
        total_gzip += gzipped;
        let name = file.strip_prefix(dist).unwrap_or(file).display().to_string();
        println!("{name:<48} {:>12} {:>12}", bytes.len(), gzipped);
    }
    println!("{:<48} {total_raw:>12} {total_gzip:>12}", format!("total ({} files)", files.len()));
    Ok(())
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
