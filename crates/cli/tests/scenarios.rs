//! The example scenario files: they load, run and balance, and broken files are rejected
//! with the file, the line and the problem.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::path::PathBuf;
use std::process::Command;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sim/scenarios")
}

fn load(name: &str) -> lab_sim::Scenario {
    let path = scenarios_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    lab_sim::from_toml(name, &text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_example_file_loads_runs_and_balances() {
    let mut n = 0;
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let run = lab_sim::simulate(&load(&name), 1).unwrap();
            assert!(run.metrics.outcomes.holds(), "{name}");
            assert!(!run.steps.is_empty(), "{name}");
            n += 1;
        }
    }
    assert!(n >= 5);
}

/// Parses `text` and returns the error message.
fn error_of(text: &str) -> String {
    match lab_sim::from_toml("bad.toml", text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const GOOD: &str = r#"name = "t"

[[component]]
name = "c"
kind = "client"
op = "POST /x"
workload = { kind = "poisson", rate_per_s = 5, count = 3 }

[[component]]
name = "f"
kind = "function"

[[link]]
from = "c"
to = "f"
"#;

#[test]
fn the_minimal_file_is_accepted() {
    lab_sim::from_toml("good.toml", GOOD).unwrap();
}

#[test]
fn a_link_to_nowhere_names_the_line() {
    let e = error_of(&GOOD.replace("to = \"f\"", "to = \"g\""));
    assert_eq!(
        e,
        "bad.toml:13: link 1: `to` names `g`, which is not a component"
    );
}

#[test]
fn a_negative_rate_names_the_component_line() {
    let e = error_of(&GOOD.replace("rate_per_s = 5", "rate_per_s = -5"));
    assert_eq!(
        e,
        "bad.toml:4: component `c`: `workload.rate_per_s` must be a number above 0, not -5"
    );
}

#[test]
fn a_missing_field_names_the_line() {
    let e = error_of(&GOOD.replace("op = \"POST /x\"\n", ""));
    assert_eq!(e, "bad.toml:3: component 1: missing field `op`");
}

#[test]
fn an_unknown_kind_or_field_names_the_line() {
    let e = error_of(&GOOD.replace("kind = \"function\"", "kind = \"lambda\""));
    assert!(
        e.starts_with("bad.toml:11: component 2: unknown variant `lambda`"),
        "{e}"
    );
    assert!(e.contains("lambda"), "{e}");
    let e = error_of(&GOOD.replace(
        "kind = \"function\"",
        "kind = \"function\"\nconcurrancy = 3",
    ));
    assert!(
        e.starts_with("bad.toml:12: component 2: unknown field `concurrancy`"),
        "{e}"
    );
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let e = error_of(&GOOD.replace("name = \"f\"", "name = f\""));
    assert!(e.starts_with("bad.toml:10:8:"), "{e}");
}

#[test]
fn structural_mistakes_are_explained() {
    let e = error_of(
        &GOOD
            .replace("to = \"f\"", "to = \"f\"\nmode = \"async\"")
            .replace("kind = \"function\"", "kind = \"store\""),
    );
    assert!(e.contains("only answers synchronous calls"), "{e}");
    let e = error_of(&format!("{GOOD}\n[[link]]\nfrom = \"f\"\nto = \"c\"\n"));
    assert!(
        e.starts_with("bad.toml:17: link 2:") && e.contains("nothing can call a client"),
        "{e}"
    );
}

#[test]
fn the_runner_prints_metrics_and_json() {
    let lab = env!("CARGO_BIN_EXE_lab");
    let file = scenarios_dir().join("orders-redrive.toml");
    let out = Command::new(lab)
        .args(["run", file.to_str().unwrap(), "--seed", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("dead-lettered") && text.contains("queue orders:"),
        "{text}"
    );
    let out = Command::new(lab)
        .args(["run", file.to_str().unwrap(), "--json", "--steps"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["metrics"]["outcomes"]["created"].as_u64().unwrap() > 0);
    assert!(v["steps"][0]["narration"].as_str().unwrap().len() > 10);
    let out = Command::new(lab)
        .args(["run", "/nonexistent.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = Command::new(lab).args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_runner_runs_a_lesson_figure_with_its_chapters_set_aside() {
    let lab = env!("CARGO_BIN_EXE_lab");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons/messaging-mechanics/figures/outbox.toml");
    let out = Command::new(lab).args(["run", file.to_str().unwrap(), "--seed", "2"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("store orders-outbox-db: writes 100  outbox rows relayed 100"), "{text}");
}

#[test]
fn validate_passes_on_the_course_and_prints_the_sweep() {
    let lessons = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let out = Command::new(env!("CARGO_BIN_EXE_lab")).arg("validate").arg(&lessons).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("swept at every parameter's ends in"), "{stdout}");
    assert!(stdout.contains("all valid"), "{stdout}");
    assert!(!stdout.contains("the text quotes"), "a chapter quotes a parameter's value instead of a placeholder:\n{stdout}");
}
