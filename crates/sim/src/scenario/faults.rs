//! Scheduled faults: checked, resolved to engine indices and put in time order.

use super::check::Check;
use super::error::{err, ScenarioError, Where};
use super::topology::{Act, Topology};
use super::Scenario;
use crate::kinds::DAY_MS;
use crate::step::Time;

pub(crate) fn compile_faults(s: &Scenario, topo: &Topology) -> Result<Vec<(Time, Act)>, ScenarioError> {
    let mut faults = Vec::new();
    for (i, f) in s.faults.iter().enumerate() {
        let place = Where::Fault(i);
        let ck = Check::new(place.clone());
        let at = ck.ms("at_ms", f.at_ms, 30.0 * DAY_MS)?;
        let act = topo.resolve(&f.fault).or_else(|m| err(place.clone(), m))?;
        faults.push((at, act));
        if let Some(d) = f.for_ms {
            faults.push((
                at.saturating_add(ck.ms("for_ms", d, 30.0 * DAY_MS)?),
                undo(act),
            ));
        }
    }
    // Stable sort: faults at the same instant keep their written order.
    faults.sort_by_key(|(t, _)| *t);
    Ok(faults)
}

/// Turns a fault into the one that undoes it (for `for_ms`).
fn undo(act: Act) -> Act {
    match act {
        Act::Crash(n) => Act::Restart(n),
        Act::Restart(n) => Act::Crash(n),
        Act::Slow(n, _) => Act::Slow(n, 1.0),
        Act::Errors(n, _) => Act::Errors(n, None),
        Act::Cut(l) => Act::Repair(l),
        Act::Repair(l) => Act::Cut(l),
    }
}
