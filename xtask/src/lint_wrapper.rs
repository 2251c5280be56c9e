//! Clippy's no-panic lints, checked while the tests compile.
//!
//! A separate `cargo clippy` checks every dependency again in its own mode (about 10 minutes
//! from nothing on 2 cores, a third of a clean CI run). Instead `cargo xtask test` names this
//! program as cargo's `RUSTC_WORKSPACE_WRAPPER`: cargo then calls it, for the workspace's own
//! crates only, as `xtask <rustc> <args>`. Libraries, programs and build scripts go through
//! `clippy-driver` (rustc with the lints) with warnings as errors; test targets (integration
//! tests, their helpers, examples, benches) go straight to rustc, since a panic is how a test
//! reports. Test modules inside a library are linted, and allowed to panic by clippy.toml.

use std::env;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

/// How `cargo clippy` passes `-D warnings` on to `clippy-driver`.
const CLIPPY_ARGS: &str = "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__";
/// Folders whose sources are test targets, exempt from the no-panic lints.
const TEST_TARGET_DIRS: &[&str] = &["tests", "examples", "benches"];

/// True when cargo runs this program as a rustc wrapper: its first argument is rustc itself.
pub fn is_invoked_as_wrapper(args: &[OsString]) -> bool {
    args.first()
        .and_then(|program| Path::new(program).file_stem())
        .is_some_and(|stem| stem == "rustc")
}

/// Compiles one crate as cargo asked, through clippy-driver when its sources are linted.
pub fn compile(args: &[OsString]) -> ExitCode {
    let Some((rustc, rustc_args)) = args.split_first() else {
        return ExitCode::FAILURE;
    };
    let mut command = if is_linted(rustc_args) {
        let mut driver = Command::new("clippy-driver");
        driver.arg(rustc).env("CLIPPY_ARGS", CLIPPY_ARGS);
        driver
    } else {
        Command::new(rustc)
    };
    match command.args(rustc_args).status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().and_then(|code| u8::try_from(code).ok()).unwrap_or(1)),
        Err(error) => {
            eprintln!("error: cannot start {:?}: {error}", command.get_program());
            ExitCode::FAILURE
        }
    }
}

/// A crate is linted when cargo compiles a Rust source outside the test-target folders (cargo
/// also calls the wrapper with no source at all, to ask rustc's version).
fn is_linted(rustc_args: &[OsString]) -> bool {
    let source = rustc_args.iter().map(Path::new).find(|arg| arg.extension().is_some_and(|ext| ext == "rs"));
    source.is_some_and(|path| !path.components().any(|part| TEST_TARGET_DIRS.iter().any(|dir| part.as_os_str() == *dir)))
}

/// The environment that makes cargo compile the workspace through this program.
pub fn cargo_env() -> Option<(&'static str, OsString)> {
    env::current_exe().ok().map(|exe| ("RUSTC_WORKSPACE_WRAPPER", exe.into_os_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn recognises_cargo_calling_it_as_a_wrapper() {
        assert!(is_invoked_as_wrapper(&args(&["/home/u/.rustup/toolchains/x/bin/rustc", "-vV"])));
        assert!(!is_invoked_as_wrapper(&args(&["test", "--", "browser"])));
        assert!(!is_invoked_as_wrapper(&[]));
    }

    #[test]
    fn lints_libraries_programs_and_build_scripts_not_test_targets() {
        let linted = |source: &str| is_linted(&args(&["--crate-name", "x", "--edition=2021", source, "--crate-type", "lib"]));
        assert!(linted("src/lib.rs"));
        assert!(linted("crates/sim/src/engine.rs"));
        assert!(linted("build.rs"));
        assert!(linted("xtask/src/main.rs"));
        assert!(!linted("tests/browser.rs"));
        assert!(!linted("crates/rules/tests/asl_retry.rs"));
        assert!(!linted("examples/bench_load.rs"));
        assert!(!is_linted(&args(&["-vV"])));
    }
}
