//! Running other programs: echo what runs, and turn failures into messages that say what to do.

use std::ffi::OsStr;
use std::process::Command;

use crate::Result;

/// Runs `command`, streaming its output; fails with `what` and the exit status.
pub fn run(command: &mut Command, what: &str) -> Result<()> {
    println!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|error| format!("{what}: cannot start `{}`: {error}", program_name(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what}: `{}` failed ({status})", describe(command)))
    }
}

/// The first line a program prints for `args` (usually `--version`), or None when it cannot
/// run: a missing or broken tool looks the same to the caller, and both get reinstalled.
pub fn first_line_of(program: impl AsRef<OsStr>, args: &[&str], path_env: Option<&OsStr>) -> Option<String> {
    output_of(program, args, path_env)?.lines().next().map(|line| line.trim().to_string())
}

/// Everything a program prints for `args`, or None when it cannot run or fails.
pub fn output_of(program: impl AsRef<OsStr>, args: &[&str], path_env: Option<&OsStr>) -> Option<String> {
    let mut command = Command::new(program);
    command.args(args);
    if let Some(path) = path_env {
        command.env("PATH", path);
    }
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn program_name(command: &Command) -> String {
    command.get_program().to_string_lossy().into_owned()
}

fn describe(command: &Command) -> String {
    let mut parts = vec![program_name(command)];
    parts.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    parts.join(" ")
}
