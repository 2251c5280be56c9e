//! The same scenario and seed give the same run, byte for byte, on the host and in the
//! browser: both compare the digests of the built-in scenarios with one fixture file.
//!
//! Host: `cargo test -p lab-sim --test determinism`. Browser: the same with
//! `--target wasm32-unknown-unknown` and `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=
//! wasm-bindgen-test-runner` (headless Chromium through `CHROMEDRIVER`).
//! After an intended change of behaviour, regenerate the fixture on the host with
//! `LAB_SIM_BLESS=1 cargo test -p lab-sim --test determinism`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/determinism.txt");

/// (scenario name, seed, digest) for every non-comment line of the fixture.
fn cases() -> Vec<(String, u64, u64)> {
    FIXTURE
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "bad fixture line: {l}");
            (
                f[0].to_string(),
                f[1].parse().unwrap(),
                u64::from_str_radix(f[2], 16).unwrap(),
            )
        })
        .collect()
}

fn digest(name: &str, seed: u64) -> u64 {
    let scenario = lab_sim::examples::all().unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .expect("unknown scenario in fixture");
    lab_sim::simulate(&scenario, seed).unwrap().digest()
}

fn actual_fixture() -> String {
    let mut out = String::from("# scenario seed digest (FNV-1a 64 of every step), checked on the host and in the browser\n");
    for s in lab_sim::examples::all().unwrap() {
        for seed in [1u64, 42, 2026] {
            out.push_str(&format!(
                "{} {} {:016x}\n",
                s.name,
                seed,
                digest(&s.name, seed)
            ));
        }
    }
    out
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn digests_match_the_fixture() {
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("LAB_SIM_BLESS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/determinism.txt"
        );
        std::fs::write(path, actual_fixture()).unwrap();
        return;
    }
    let cases = cases();
    assert!(cases.len() >= 6, "the fixture lists too few runs");
    for (name, seed, expected) in cases {
        assert_eq!(
            digest(&name, seed),
            expected,
            "{name} with seed {seed} differs; the fixture should be:\n{}",
            actual_fixture()
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_seed_changes_the_run_and_repeating_it_does_not() {
    let s = lab_sim::examples::file("payments-sync.toml").unwrap();
    let a = lab_sim::simulate(&s, 5).unwrap();
    let b = lab_sim::simulate(&s, 5).unwrap();
    let c = lab_sim::simulate(&s, 6).unwrap();
    assert_eq!(a.steps, b.steps);
    assert_eq!(a.digest(), b.digest());
    assert_ne!(a.digest(), c.digest());
}
