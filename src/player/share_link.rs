//! Share links: the view (parameters, seed, step, injected faults) in the URL fragment with a
//! version prefix, e.g. `#/lesson/api-gateway?v=1&seed=7&step=120&p=rate:80&f=40:crash:payments`.
//! A link from a person is untrusted: every part is checked against the lesson's scenario,
//! and anything wrong yields a message, never a panic.

use lab_sim::{Fault, Scenario};
use leptos::prelude::*;

use super::model::Injected;
use super::{browser, Ctx};

/// The version this app writes and reads.
const VERSION: &str = "1";

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
    format!("This share link could not be opened ({problem}), so the lesson's default simulation is shown.")
}

/// Reads the player's part of `hash`; no query at all is the default view.
pub fn from_hash(hash: &str, base: &Scenario) -> Result<ShareState, String> {
    let Some((_, query)) = hash.split_once('?') else { return Ok(ShareState::default()) };
    parse(query, base).map_err(|problem| friendly(&problem))
}

fn parse(query: &str, base: &Scenario) -> Result<ShareState, String> {
    let mut state = ShareState::default();
    let mut version = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').ok_or_else(|| format!("`{pair}` has no value"))?;
        match key {
            "v" => version = Some(value),
            "seed" => state.seed = value.parse().map_err(|_| format!("seed `{value}` is not a number"))?,
            "step" => state.step = value.parse().map_err(|_| format!("step `{value}` is not a number"))?,
            "p" => state.params = parse_params(value, base)?,
            "f" => state.faults = parse_faults(value)?,
            _ => return Err(format!("it has an unknown part `{key}`")),
        }
    }
    match version {
        Some(VERSION) => Ok(state),
        Some(other) => Err(format!("it was made by version {other} of the player")),
        None => Err("it has no version".to_string()),
    }
}

fn parse_params(text: &str, base: &Scenario) -> Result<Vec<(String, f64)>, String> {
    let mut scenario = base.clone();
    let mut out = Vec::new();
    for item in text.split(',').filter(|p| !p.is_empty()) {
        let (name, value) = item.split_once(':').ok_or_else(|| format!("parameter `{item}` has no value"))?;
        let value: f64 = value.parse().map_err(|_| format!("parameter `{name}`: `{value}` is not a number"))?;
        let p = base.parameters.iter().find(|p| p.name == name).ok_or_else(|| format!("there is no parameter `{name}`"))?;
        if !(p.min..=p.max).contains(&value) {
            return Err(format!("parameter `{name}` must lie between {} and {}", p.min, p.max));
        }
        scenario.set_parameter(name, value).map_err(|e| e.message)?;
        out.push((name.to_string(), value));
    }
    Ok(out)
}

fn parse_faults(text: &str) -> Result<Vec<Injected>, String> {
    let mut faults: Vec<Injected> = text.split(',').filter(|f| !f.is_empty()).map(parse_fault).collect::<Result<_, _>>()?;
    faults.sort_by_key(|f| f.step);
    Ok(faults)
}

fn parse_fault(text: &str) -> Result<Injected, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let bad = || format!("fault `{text}` is not understood");
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

/// The fragment that restores this view of lesson `slug`.
pub fn to_hash(slug: &str, state: &ShareState) -> String {
    let mut hash = format!("#/lesson/{slug}?v={VERSION}&seed={}&step={}", state.seed, state.step);
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

/// The current view as a share state: only parameters that differ from the lesson's.
fn current(ctx: Ctx) -> ShareState {
    let base = ctx.lesson.with_value(|l| l.scenario.clone());
    let scenario = ctx.scenario.get_untracked();
    let params = base
        .parameters
        .iter()
        .filter_map(|p| {
            let now = scenario.parameter_value(&p.target).ok()?;
            (base.parameter_value(&p.target).ok() != Some(now)).then(|| (p.name.clone(), now))
        })
        .collect();
    ShareState {
        seed: ctx.seed.get_untracked(),
        step: ctx.step.get_untracked(),
        params,
        faults: ctx.faults.get_untracked(),
    }
}

pub fn view(ctx: Ctx) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let share = move |_| {
        let hash = to_hash(ctx.slug, &current(ctx));
        browser::replace_hash(&hash);
        let href = window().location().href().unwrap_or(hash);
        link.set(Some(href));
    };
    view! {
        <section class="share" aria-labelledby="share-title">
            <h3 id="share-title">"Share this view"</h3>
            <p>"The link keeps the parameters, the seed, the step and the faults."</p>
            <button type="button" on:click=share data-testid="share">"Make a link"</button>
            {move || link.get().map(|href| view! {
                <label class="share-link">
                    <span>"Link (copy it):"</span>
                    <input type="text" readonly prop:value=href data-testid="share-link" />
                </label>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::model::lesson_sim;

    fn base() -> Scenario {
        lesson_sim("api-gateway").unwrap().unwrap().scenario
    }

    #[test]
    fn a_link_round_trips() {
        let state = ShareState {
            seed: 7,
            step: 120,
            params: vec![("rate".into(), 80.0)],
            faults: vec![
                Injected { step: 40, fault: Fault::Crash { target: "payments".into() } },
                Injected { step: 90, fault: Fault::Slow { target: "ledger".into(), factor: 5.0 } },
            ],
        };
        let hash = to_hash("api-gateway", &state);
        assert_eq!(from_hash(&hash, &base()), Ok(state));
    }

    #[test]
    fn no_query_is_the_default_view() {
        assert_eq!(from_hash("#/lesson/api-gateway", &base()), Ok(ShareState::default()));
    }

    #[test]
    fn bad_links_say_why() {
        for (hash, why) in [
            ("#/lesson/x?v=9&step=1", "version 9"),
            ("#/lesson/x?step=1", "no version"),
            ("#/lesson/x?v=1&step=-3", "step `-3`"),
            ("#/lesson/x?v=1&p=rate:100000", "between"),
            ("#/lesson/x?v=1&p=nope:1", "no parameter `nope`"),
            ("#/lesson/x?v=1&p=rate:NaN", "between"),
            ("#/lesson/x?v=1&f=3:explode:api", "not understood"),
            ("#/lesson/x?v=1&zzz=1", "unknown part"),
            ("#/lesson/x?v=1&seed", "no value"),
        ] {
            let problem = from_hash(hash, &base()).unwrap_err();
            assert!(problem.contains(why), "{hash}: {problem}");
        }
    }
}
