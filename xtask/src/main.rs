//! `cargo xtask <command>`: the project's commands, in Rust so they work wherever cargo does.
//! Each command first installs what it needs and skips what is already there.

mod browser;
mod debian;
mod lint_wrapper;
mod loader;
mod minify;
mod pages;
mod process;
mod scorm;
mod service_worker;
mod size_report;
mod tools;
mod workspace;

use std::env;
use std::process::ExitCode;

use lab_i18n::Lang;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]    install what is missing, then build and serve the app with live reload
  test [-- ARGS]      install what is missing, build dist/, run every test (host and headless Chromium);
                      ARGS go to `cargo test`, e.g. `cargo xtask test -- browser`
  dist                build the release folder dist/ and print its size, file by file, gzipped total
  scorm [--module NAME] [--lang CODE] [--out FILE]
                      build dist/ and write a SCORM 1.2 package of it for an LMS (by default
                      dist-scorm/integration-patterns-lab-scorm.zip); with --module, only that
                      module's checkpoints are graded and the package opens at its first lesson;
                      with --lang vi, the package and the course open in Vietnamese
  bench-browser [PART]
                      build the app with the benchmark lessons into dist-bench/ and print the player's
                      frame, seek and re-run times and the sandbox's run and drag times in headless
                      Chromium (PART: only `frames`, `jumps`, `changes` or `sandbox`)
  bench-load          build dist/ and print its loading times on a throttled phone network (headless Chromium)
  setup [--browser]   only install the build tools (and Chromium with its driver)
  externalize-loader  Trunk's post-build hook: moves the inline wasm loader into a file (for CSP)
  minify-scripts      Trunk's post-build hook: minifies the build's scripts (esbuild, from .tools/)
  write-pages         Trunk's post-build hook: paints every page and writes the files pages download

  write-service-worker [DIR]
                      Trunk's post-build hook: writes sw.js, the offline cache of every file in
                      the build (in DIR, or Trunk's staging folder)
  post-build STEP...  runs the post-build hooks named, one after the other (Trunk.toml)";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let raw_args: Vec<std::ffi::OsString> = env::args_os().skip(1).collect();
    if lint_wrapper::is_invoked_as_wrapper(&raw_args) {
        return lint_wrapper::compile(&raw_args);
    }
    let args: Vec<String> = raw_args.iter().map(|arg| arg.to_string_lossy().into_owned()).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let (command, rest) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    match command.as_str() {
        "serve" => serve(rest),
        "test" => test(rest),
        "dist" => dist(),
        "scorm" => scorm(rest),
        "bench-browser" => bench_browser(rest),
        "bench-load" => bench_load(),
        "setup" => setup(rest),
        "externalize-loader" => loader::externalize_from_trunk_env(),
        "minify-scripts" => minify::minify_from_trunk_env(),
        "write-pages" => pages::write_from_trunk_env(),
        "write-service-worker" => service_worker::write_from_args(rest),
        "post-build" => post_build(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    }
}

/// Trunk starts every hook of a stage at the same time, but these read each other's output (the
/// service worker lists every file the others write), so Trunk.toml has one hook that names
/// them and they run here in that order.
fn post_build(steps: &[String]) -> Result<()> {
    const HOOKS: &[&str] = &["externalize-loader", "minify-scripts", "write-pages", "write-service-worker"];
    for step in steps {
        if !HOOKS.contains(&step.as_str()) {
            return Err(format!("post-build runs only the hooks {HOOKS:?}, not `{step}`"));
        }
        run(std::slice::from_ref(step)).map_err(|error| format!("{step}: {error}"))?;
    }
    Ok(())
}

fn serve(args: &[String]) -> Result<()> {
    let port = match args {
        [] => None,
        [flag, port] if flag == "--port" => Some(port.parse::<u16>().map_err(|_| format!("`{port}` is not a port number"))?),
        _ => return Err(format!("serve takes only `--port N`\n\n{USAGE}")),
    };
    let tools = tools::ensure_build_tools()?;
    tools.trunk_serve(port)
}

fn test(args: &[String]) -> Result<()> {
    let cargo_args = match args {
        [] => &[][..],
        [separator, rest @ ..] if separator == "--" => rest,
        _ => return Err(format!("test passes arguments to cargo after `--`\n\n{USAGE}")),
    };
    let tools = tools::ensure_build_tools()?;
    let chromium = browser::ensure_chromium()?;
    tools.trunk_build_release()?;
    let scorm = scorm_for_tests(&tools)?;
    tools.cargo_test(&chromium, &scorm, cargo_args)?;
    if cargo_args.is_empty() {
        tools.cargo_test_wasm(&chromium)?;
    }
    println!("\nAll tests passed.");
    Ok(())
}

fn dist() -> Result<()> {
    let tools = tools::ensure_build_tools()?;
    tools.trunk_build_release()?;
    size_report::print(&workspace::dist_dir())
}

fn scorm(args: &[String]) -> Result<()> {
    let options = scorm::Options::parse(args)?;
    let tools = tools::ensure_build_tools()?;
    let schemas = tools.ensure_scorm_schemas()?;
    tools.trunk_build_release()?;
    let course = scorm::write_package(&workspace::dist_dir(), &schemas, &options)?;
    let graded: Vec<&str> = course.quizzes.iter().filter(|quiz| quiz.graded).map(|quiz| quiz.id.as_str()).collect();
    let questions: usize = course.quizzes.iter().filter(|quiz| quiz.graded).map(|quiz| quiz.questions.len()).sum();
    let language = if options.lang == Lang::En { String::new() } else { format!(" in {}", options.lang.own_name()) };
    println!(
        "\nwrote {}: \"{}\"{language}, graded on {} checkpoint(s) with {questions} questions, mastery score {}",
        options.out.display(),
        course.title,
        graded.len(),
        scorm::MASTERY_SCORE
    );
    Ok(())
}

/// The whole course's package in each language, written once per test run from the one build
/// for tests/scorm.rs, with the validator and the SCORM run-time it uses. Each is named in a
/// variable: `LAB_SCORM_PACKAGE` (English), `LAB_SCORM_PACKAGE_VI`.
fn scorm_for_tests(tools: &tools::Tools) -> Result<tools::ScormTestKit> {
    let schemas = tools.ensure_scorm_schemas()?;
    let mut packages = Vec::new();
    for lang in Lang::ALL {
        let (file, variable) = match lang {
            Lang::En => ("test-package.zip".to_string(), "LAB_SCORM_PACKAGE".to_string()),
            other => (format!("test-package-{}.zip", other.code()), format!("LAB_SCORM_PACKAGE_{}", other.code().to_uppercase())),
        };
        let options = scorm::Options { module: None, lang, out: workspace::root().join("dist-scorm").join(file) };
        scorm::write_package(&workspace::dist_dir(), &schemas, &options)?;
        packages.push((variable, options.out));
    }
    tools.scorm_test_kit(packages)
}

fn bench_browser(args: &[String]) -> Result<()> {
    let part = match args {
        [] => None,
        [part] => Some(part.as_str()),
        _ => return Err(format!("bench-browser takes at most one part to run\n\n{USAGE}")),
    };
    let tools = tools::ensure_build_tools()?;
    let chromium = browser::ensure_chromium()?;
    tools.trunk_build_bench()?;
    tools.run_browser_bench(&chromium, part)
}

fn bench_load() -> Result<()> {
    let tools = tools::ensure_build_tools()?;
    let chromium = browser::ensure_chromium()?;
    tools.trunk_build_release()?;
    tools.run_load_bench(&chromium)
}

fn setup(args: &[String]) -> Result<()> {
    tools::ensure_build_tools()?;
    if args.iter().any(|arg| arg == "--browser") {
        browser::ensure_chromium()?;
    }
    println!("Everything is installed.");
    Ok(())
}
