//! Trunk's post-build hook `minify-scripts`: the scripts of the build (wasm-bindgen's glue for
//! each module, the loader, the lesson's start script) lose their comments, spaces and long
//! local names, with esbuild (installed into `.tools/` with the other build tools). Pages on a
//! phone network wait for these bytes: the shell's glue is about 2 KB smaller gzipped, and so is
//! the player's, which a lesson waits for before it can play.
//!
//! Only scripts: the stylesheets carry Trunk's integrity hashes, which a rewrite would break.
//! Names stay as they are (esbuild renames local names only, never an export or a property the
//! wasm imports by name).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::run;
use crate::{workspace, Result};

/// Entry point for Trunk's `post_build` hook.
pub fn minify_from_trunk_env() -> Result<()> {
    let staging = workspace::trunk_staging_dir("minify-scripts")?;
    let esbuild = workspace::local_tools_dir().join("node_modules").join(".bin").join("esbuild");
    if !esbuild.exists() {
        // A plain `trunk build` without the project's tools still builds, only larger.
        println!("minify-scripts: esbuild is not installed (`cargo xtask setup` installs it); the scripts stay as written");
        return Ok(());
    }
    minify(&esbuild, &staging)
}

fn minify(esbuild: &Path, dir: &Path) -> Result<()> {
    let scripts = scripts_in(dir)?;
    if scripts.is_empty() {
        return Ok(());
    }
    // One call for all: outputs land where the inputs are (relative to `dir`), overwriting them.
    run(
        Command::new(esbuild).args(&scripts).arg("--minify").arg("--log-level=warning").arg("--allow-overwrite").arg(format!("--outbase={}", dir.display())).arg(format!("--outdir={}", dir.display())),
        "minifying the scripts",
    )
}

/// The build's scripts: those at the top of the folder and wasm-bindgen's snippets.
fn scripts_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut scripts = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = fs::read_dir(&folder).map_err(|error| format!("cannot list {}: {error}", folder.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && (folder != dir || entry.file_name() == "snippets") {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "js") {
                scripts.push(path);
            }
        }
    }
    scripts.sort();
    Ok(scripts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_top_scripts_and_the_snippets_only() {
        let dir = std::env::temp_dir().join(format!("lab-minify-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for file in ["app.js", "style.css", "snippets/app-1/inline0.js", "lesson/x/page.js"] {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "let a = 1;\n").unwrap();
        }
        let found: Vec<String> = scripts_in(&dir).unwrap().iter().map(|path| path.strip_prefix(&dir).unwrap().display().to_string()).collect();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, ["app.js", "snippets/app-1/inline0.js"]);
    }
}
