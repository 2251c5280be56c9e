//! Chromium and ChromeDriver for the browser tests. On Debian they come from Debian's packages
//! (a tool's own browser download cannot work on a closed network); elsewhere the user is told
//! what to install.

use std::env;
use std::path::PathBuf;
use std::process::Command;

use crate::process::first_line_of;
use crate::{debian, Result};

const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

impl Chromium {
    /// The variables the tests read: CHROME_BIN and CHROMEDRIVER (also wasm-bindgen-test-runner's).
    pub fn export_to(&self, command: &mut Command) {
        command.env("CHROME_BIN", &self.browser).env("CHROMEDRIVER", &self.driver);
    }
}

pub fn ensure_chromium() -> Result<Chromium> {
    if let Some(found) = find_chromium() {
        return check_versions_match(found);
    }
    if !debian::is_debian() {
        return Err(missing_browser_message());
    }
    debian::apt_install(&["chromium", "chromium-driver"])?;
    find_chromium().ok_or_else(missing_browser_message).and_then(check_versions_match)
}

fn find_chromium() -> Option<Chromium> {
    let browser = env::var_os("CHROME_BIN")
        .map(PathBuf::from)
        .or_else(|| BROWSER_NAMES.iter().find_map(|name| find_on_path(name)))?;
    let driver = env::var_os("CHROMEDRIVER").map(PathBuf::from).or_else(|| find_on_path("chromedriver"))?;
    Some(Chromium { browser, driver })
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// A driver from another major release cannot drive the browser; say so before the tests do.
fn check_versions_match(found: Chromium) -> Result<Chromium> {
    let browser = first_line_of(&found.browser, &["--version"], None).unwrap_or_default();
    let driver = first_line_of(&found.driver, &["--version"], None).unwrap_or_default();
    match (major_version(&browser), major_version(&driver)) {
        (Some(a), Some(b)) if a == b => Ok(found),
        _ => Err(format!(
            "Chromium ({}: `{browser}`) and ChromeDriver ({}: `{driver}`) must be installed and share a major \
             version. Set CHROME_BIN and CHROMEDRIVER to a matching pair.",
            found.browser.display(),
            found.driver.display()
        )),
    }
}

fn major_version(version_line: &str) -> Option<u32> {
    version_line
        .split_whitespace()
        .find_map(|word| word.split('.').next().filter(|_| word.contains('.')).and_then(|major| major.parse().ok()))
}

fn missing_browser_message() -> String {
    "the browser tests need Chromium (or Chrome) and a ChromeDriver of the same major version. On Debian or \
     Ubuntu: `apt-get install chromium chromium-driver`; on macOS: `brew install --cask chromium chromedriver`; \
     on Windows: install Chrome and the matching ChromeDriver from https://googlechromelabs.github.io/chrome-for-testing/. \
     Put them on PATH, or set CHROME_BIN and CHROMEDRIVER."
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_major_versions() {
        assert_eq!(major_version("Chromium 156.0.8078.79 built on Debian GNU/Linux 12"), Some(156));
        assert_eq!(major_version("ChromeDriver 156.0.8078.79 (a21ce95c)"), Some(156));
        assert_eq!(major_version("Google Chrome 131.0.6778.85 "), Some(131));
        assert_eq!(major_version("nothing here"), None);
    }
}
