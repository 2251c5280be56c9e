//! Installing system packages on Debian and Ubuntu, the project's own machines. Elsewhere the
//! caller tells the user what to install instead.

use std::path::Path;
use std::process::Command;

use crate::process::{first_line_of, run};
use crate::Result;

pub fn is_debian() -> bool {
    Path::new("/etc/debian_version").exists()
}

/// `apt-get install` as root, or through sudo for another user.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    println!("Installing {} from Debian's packages...", packages.join(", "));
    run(&mut apt(&["update"]), "updating Debian's package lists")?;
    let mut install = apt(&["install", "-y"]);
    install.args(packages);
    run(&mut install, &format!("installing {}", packages.join(", ")))
}

fn apt(args: &[&str]) -> Command {
    let as_root = first_line_of("id", &["-u"], None).as_deref() == Some("0");
    let mut command = if as_root { Command::new("apt-get") } else { Command::new("sudo") };
    if !as_root {
        command.arg("apt-get");
    }
    command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    command
}
