//! `lab`: the command-line runner for Integration Patterns Lab scenarios.
//!
//! Each subcommand is one function in `COMMANDS`; add a line there to add one.

mod bench;
mod challenge;
mod course;
mod report;

use std::io::Write;
use std::process::ExitCode;

type Command = fn(&[String]) -> Result<(), String>;

/// (name, usage, what it does, function).
const COMMANDS: &[(&str, &str, &str, Command)] = &[
    (
        "run",
        "run <scenario.toml> [--seed N] [--act ACTION] [--json] [--steps]",
        "run a scenario and print its metrics",
        run,
    ),
    (
        "bench",
        "bench [--events N]",
        "measure simulated events per second (queue and consumers)",
        bench::bench,
    ),
    (
        "validate",
        "validate [lessons-dir]",
        "check every lesson, scenario and quiz, sweeping each scenario's parameters (default: ./lessons)",
        course::validate,
    ),
    (
        "gift",
        "gift [lessons-dir] [--out FILE]",
        "export every quiz in Moodle GIFT format",
        course::gift,
    ),
    (
        "challenge",
        "challenge <lesson-or-path> [--try FILE] [--hints]",
        "a design challenge's objectives, and the start (or FILE) graded seed by seed, with stars",
        challenge::challenge,
    ),
    ("help", "help", "show this help", help),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map(String::as_str).unwrap_or("help");
    let Some(&(_, _, _, command)) = COMMANDS.iter().find(|c| c.0 == name) else {
        eprintln!("lab: unknown command `{name}`\n");
        let _ = help(&[]);
        return ExitCode::from(2);
    };
    match command(args.get(1..).unwrap_or_default()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lab: {e}");
            ExitCode::FAILURE
        }
    }
}

fn help(_: &[String]) -> Result<(), String> {
    println!("usage: lab <command>\n\ncommands:");
    for (_, usage, what, _) in COMMANDS {
        println!("  {usage:<52} {what}");
    }
    Ok(())
}

/// Command-line arguments: positionals, `--flag` and `--key value`.
pub(crate) struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    /// `valued` lists the options that take a value.
    pub fn parse(args: &[String], valued: &[&str], known: &[&str]) -> Result<Self, String> {
        let mut out = Args {
            positional: Vec::new(),
            flags: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.strip_prefix("--") {
                Some(name) if valued.contains(&name) => {
                    let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    out.flags.push((name.to_string(), Some(v.clone())));
                }
                Some(name) if known.contains(&name) => out.flags.push((name.to_string(), None)),
                Some(name) => return Err(format!("unknown option --{name}")),
                None => out.positional.push(a.clone()),
            }
        }
        Ok(out)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    pub fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }

    pub fn number(&self, name: &str, default: u64) -> Result<u64, String> {
        match self
            .flags
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
        {
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{name} must be a whole number, not `{v}`")),
            None => Ok(default),
        }
    }
}

/// `--act` takes a lesson text's action (`p=name:value,...&seed=N`, see
/// `lab_sim::text_action`) and runs what it leads to from the lesson's values, so an author
/// sees the figures a sentence of the text (or a prediction) will show.
fn run(args: &[String]) -> Result<(), String> {
    let a = Args::parse(args, &["seed", "act"], &["json", "steps"])?;
    let [path] = a.positional.as_slice() else {
        return Err(format!("usage: lab {}", COMMANDS.iter().find(|c| c.0 == "run").map_or("run", |c| c.1)));
    };
    let sim = lab_content::read_scenario_file(std::path::Path::new(path)).map_err(|e| e.to_string())?.sim;
    let run = match a.value("act") {
        None => lab_sim::simulate(&sim.scenario, a.number("seed", 1)?).map_err(|e| format!("{path}: {e}"))?,
        Some(text) => {
            let mut action = lab_sim::text_action::TextAction::parse(text, &sim).map_err(|e| format!("--act `{text}`: {e}"))?;
            action.seed = Some(action.seed.map_or_else(|| a.number("seed", 1), Ok)?);
            action.run_from_lesson(&sim).map_err(|e| format!("{path}: --act `{text}`: {e}"))?
        }
    };
    let text = if a.has("json") {
        report::json(&run, a.has("steps")) + "\n"
    } else if a.has("steps") {
        report::steps_text(&run) + &report::metrics_text(&run)
    } else {
        report::metrics_text(&run)
    };
    // A closed pipe (`lab run ... | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(())
}
