//! Share links: the view (parameters, seed, step, injected faults) in the lesson page's URL
//! fragment with a version, e.g. `lesson/api-gateway/#v=1&seed=7&step=120&p=rate:80&f=40:crash:payments`.
//! Links made before lessons had pages of their own (`#/lesson/api-gateway?v=1&...`) are sent
//! to the new address by the home page and read the same way.
//!
//! A link from a person is untrusted: every part is checked against the lesson's scenario, and
//! anything wrong yields a message, never a panic. It is also capped: each fault re-runs the
//! simulation from its step, so a link may carry at most [`MAX_FAULTS`] of them and at most
//! [`MAX_LINK_LENGTH`] characters; a longer one is refused with a message, before any run.

use crate::{Fault, Run, Scenario};
use lab_i18n::narration as msg;

/// A fault the learner injected: `fault` applies from step `step` on.
#[derive(Clone, Debug, PartialEq)]
pub struct Injected {
    pub step: usize,
    pub fault: Fault,
}

/// The version this app writes and reads.
const VERSION: &str = "1";
/// More faults than a learner makes by hand; at a few milliseconds of re-running each, the
/// worst accepted link still opens well within a second.
pub const MAX_FAULTS: usize = 40;
/// Far above any link the player writes (parameters and the faults above).
pub const MAX_LINK_LENGTH: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub struct ShareState {
    pub seed: u64,
    pub step: usize,
    pub params: Vec<(String, f64)>,
    pub faults: Vec<Injected>,
}

impl Default for ShareState {
    fn default() -> Self {
        ShareState { seed: 1, step: 0, params: Vec::new(), faults: Vec::new() }
    }
}

impl ShareState {
    /// The lesson's scenario with this link's parameter values (checked when parsed).
    pub fn scenario_for(&self, base: &Scenario) -> Scenario {
        let mut scenario = base.clone();
        for (name, value) in &self.params {
            let _ = scenario.set_parameter(name, *value);
        }
        scenario
    }
}

/// The message shown when a link cannot be used.
pub fn friendly(problem: &str) -> String {
    msg::SHARE_LINK_REFUSED.with(&[("problem", &problem)])
}

/// Reads a lesson page's fragment (`#v=1&...`, or an old `#/lesson/<slug>?v=1&...`); an empty
/// fragment is the default view.
pub fn from_hash(hash: &str, base: &Scenario) -> Result<ShareState, String> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let query = match fragment.split_once('?') {
        Some((_, query)) => query,
        None if fragment.starts_with('/') => "",
        None => fragment,
    };
    if query.is_empty() {
        return Ok(ShareState::default());
    }
    if query.len() > MAX_LINK_LENGTH {
        return Err(friendly(&msg::SHARE_LINK_TOO_LONG.with(&[("length", &query.len()), ("max", &MAX_LINK_LENGTH)])));
    }
    parse(query, base).map_err(|problem| friendly(&problem))
}

fn parse(query: &str, base: &Scenario) -> Result<ShareState, String> {
    let mut state = ShareState::default();
    let mut version = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').ok_or_else(|| msg::SHARE_LINK_NO_VALUE.with(&[("part", &pair)]))?;
        match key {
            "v" => version = Some(value),
            "seed" => state.seed = value.parse().map_err(|_| msg::SHARE_LINK_BAD_SEED.with(&[("value", &value)]))?,
            "step" => state.step = value.parse().map_err(|_| msg::SHARE_LINK_BAD_STEP.with(&[("value", &value)]))?,
            "p" => state.params = parse_params(value, base)?,
            "f" => state.faults = parse_faults(value)?,
            _ => return Err(msg::SHARE_LINK_UNKNOWN_PART.with(&[("key", &key)])),
        }
    }
    match version {
        Some(VERSION) => Ok(state),
        Some(other) => Err(msg::SHARE_LINK_OTHER_VERSION.with(&[("version", &other)])),
        None => Err(msg::SHARE_LINK_NO_VERSION.text().to_string()),
    }
}

pub fn parse_params(text: &str, base: &Scenario) -> Result<Vec<(String, f64)>, String> {
    let mut scenario = base.clone();
    let mut out = Vec::new();
    for item in text.split(',').filter(|p| !p.is_empty()) {
        let (name, value) = item.split_once(':').ok_or_else(|| msg::SHARE_LINK_PARAMETER_NO_VALUE.with(&[("item", &item)]))?;
        let value: f64 = value.parse().map_err(|_| msg::SHARE_LINK_PARAMETER_NOT_A_NUMBER.with(&[("name", &name), ("value", &value)]))?;
        let p = base.parameters.iter().find(|p| p.name == name).ok_or_else(|| msg::SHARE_LINK_NO_PARAMETER.with(&[("name", &name)]))?;
        if !(p.min..=p.max).contains(&value) {
            return Err(msg::SHARE_LINK_PARAMETER_RANGE.with(&[("name", &name), ("min", &p.min), ("max", &p.max)]));
        }
        scenario.set_parameter(name, value).map_err(|e| e.message)?;
        out.push((name.to_string(), value));
    }
    Ok(out)
}

pub fn parse_faults(text: &str) -> Result<Vec<Injected>, String> {
    let count = text.split(',').filter(|f| !f.is_empty()).count();
    if count > MAX_FAULTS {
        return Err(msg::SHARE_LINK_TOO_MANY_FAULTS.with(&[("count", &count), ("max", &MAX_FAULTS)]));
    }
    let mut faults: Vec<Injected> = text.split(',').filter(|f| !f.is_empty()).map(parse_fault).collect::<Result<_, _>>()?;
    faults.sort_by_key(|f| f.step);
    Ok(faults)
}

fn parse_fault(text: &str) -> Result<Injected, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let bad = || msg::SHARE_LINK_BAD_FAULT.with(&[("text", &text)]);
    let step: usize = parts.first().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let number = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(bad);
    let fault = match parts.get(1..).unwrap_or_default() {
        ["crash", target] => Fault::Crash { target: target.to_string() },
        ["restart", target] => Fault::Restart { target: target.to_string() },
        ["slow", target, factor] => Fault::Slow { target: target.to_string(), factor: number(factor)? },
        ["errors", target, rate] => Fault::ErrorRate { target: target.to_string(), rate: number(rate)? },
        ["cut", from, to] => Fault::Cut { from: from.to_string(), to: to.to_string() },
        ["repair", from, to] => Fault::Repair { from: from.to_string(), to: to.to_string() },
        _ => return Err(bad()),
    };
    Ok(Injected { step, fault })
}

fn fault_text(f: &Injected) -> String {
    let body = match &f.fault {
        Fault::Crash { target } => format!("crash:{target}"),
        Fault::Restart { target } => format!("restart:{target}"),
        Fault::Slow { target, factor } => format!("slow:{target}:{factor}"),
        Fault::ErrorRate { target, rate } => format!("errors:{target}:{rate}"),
        Fault::Cut { from, to } => format!("cut:{from}:{to}"),
        Fault::Repair { from, to } => format!("repair:{from}:{to}"),
    };
    format!("{}:{body}", f.step)
}

/// The fragment that restores this view on the lesson's page.
pub fn to_hash(state: &ShareState) -> String {
    let mut hash = format!("#v={VERSION}&seed={}&step={}", state.seed, state.step);
    if !state.params.is_empty() {
        let params: Vec<String> = state.params.iter().map(|(n, v)| format!("{n}:{v}")).collect();
        hash.push_str(&format!("&p={}", params.join(",")));
    }
    if !state.faults.is_empty() {
        let faults: Vec<String> = state.faults.iter().map(fault_text).collect();
        hash.push_str(&format!("&f={}", faults.join(",")));
    }
    hash
}

/// Runs `scenario`, injecting each fault as the run passes its step, in one pass: the steps
/// before a fault are those of the run with the earlier faults, exactly as if the run had been
/// forked at each fault in turn, but a share link with many faults costs one run, not one per
/// fault.
pub fn run_with_faults(scenario: &Scenario, seed: u64, faults: &[Injected]) -> Result<Run, String> {
    let mut sim = crate::Simulation::new(scenario, seed).map_err(|e| e.to_string())?;
    for injected in faults {
        while sim.steps().len() <= injected.step {
            if !sim.advance() {
                return Err(msg::FAULT_PAST_THE_END.with(&[("n", &(injected.step + 1))]));
            }
        }
        let now = sim.now();
        sim.inject(now, &injected.fault).map_err(|e| e.to_string())?;
    }
    Ok(sim.finish())
}
