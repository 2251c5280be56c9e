//! Where things are, relative to the workspace root.

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The folder a Trunk hook works on; Trunk passes it in the environment.
pub fn trunk_staging_dir(hook: &str) -> Result<PathBuf, String> {
    std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| format!("{hook} is a Trunk post-build hook; it needs TRUNK_STAGING_DIR (run `cargo xtask dist`)"))
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// The app built with the benchmark lessons (`cargo xtask bench-browser`).
pub fn bench_dist_dir() -> PathBuf {
    root().join("dist-bench")
}

/// Tools the project installs for itself (wasm-opt from npm), kept out of the system.
pub fn local_tools_dir() -> PathBuf {
    root().join(".tools")
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock_path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).map_err(|error| format!("cannot read {}: {error}", lock_path.display()))?;
    locked_version(&lock, "wasm-bindgen").ok_or_else(|| format!("{} has no wasm-bindgen package", lock_path.display()))
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_exact_package_in_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(lock, "trunk"), None);
    }

    #[test]
    fn reads_this_workspace_lock_file() {
        let version = locked_wasm_bindgen_version().unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }
}
