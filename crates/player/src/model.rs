//! What the player shows, computed from a lesson's scenario: the run (with any faults the
//! learner injected), the step times, the messages in transit and the chapter breakpoints.
//! Pure functions of the run, so they are host-tested and the views stay thin.

use lab_sim::lesson::{LessonSim, PlayerData};
use lab_sim::{ComponentSpec, NodeId, Payload, Run, Scenario, StepKind, Time};

/// A lesson's player data, downloaded by the app as JSON (written at build time from a
/// validated file), checked rather than unwrapped.
pub fn player_data(json: &str) -> Result<PlayerData, String> {
    serde_json::from_str(json).map_err(|e| lab_i18n::player::DATA_UNREADABLE.with(&[("problem", &e)]))
}

pub use lab_sim::share_link::{run_with_faults, Injected};

/// How a message in transit is drawn: shape and colour both differ, never colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Look {
    Request,
    Success,
    Failure,
    Batch,
    DeadLetter,
    /// Lost on the way: its link is cut or the component it reaches is down.
    Dropped,
}

impl Look {
    fn of(payload: Payload) -> Look {
        match payload {
            Payload::Reply { status } if (200..300).contains(&status) => Look::Success,
            Payload::Reply { .. } => Look::Failure,
            Payload::Batch { .. } => Look::Batch,
            Payload::DeadLetter => Look::DeadLetter,
            Payload::Request | Payload::None => Look::Request,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Look::Request => "msg msg-request",
            Look::Success => "msg msg-ok",
            Look::Failure => "msg msg-error",
            Look::Batch => "msg msg-batch",
            Look::DeadLetter => "msg msg-dead",
            Look::Dropped => "msg msg-dropped",
        }
    }
}

/// One message crossing a link, from its `Sent` step to its arrival step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Transit {
    pub from: NodeId,
    pub to: NodeId,
    pub sent: Time,
    pub arrived: Time,
    /// The step that sent it: the message card starts from there.
    pub sent_step: usize,
    pub look: Look,
}

/// Everything the views need from one run, computed once per run.
pub struct Loaded {
    pub run: Run,
    pub times: Vec<Time>,
    pub transits: Vec<Transit>,
    pub breakpoints: Vec<(usize, String)>,
    /// Messages lost on the way, as (time, from, to), in time order.
    pub drops: Vec<(Time, NodeId, NodeId)>,
    /// Each state machine (by component index) with the states its executions entered.
    pub machines: Vec<(usize, Vec<String>)>,
    /// The latency (µs) of each answer a caller got, by step, in step order.
    pub answers: Vec<(usize, u64)>,
}

impl Loaded {
    pub fn new(run: Run, lesson: &LessonSim) -> Self {
        let times: Vec<Time> = run.steps.iter().map(|s| s.time).collect();
        let transits = transits(&run);
        let breakpoints = lesson.breakpoints(&run);
        let drops = transits.iter().filter(|m| m.look == Look::Dropped).map(|m| (m.arrived, m.from, m.to)).collect();
        let machines = machine_states(&run);
        let answers = run
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == StepKind::Answered && matches!(s.payload, Payload::Reply { .. }))
            .map(|(i, s)| (i, s.detail))
            .collect();
        Loaded { run, times, transits, breakpoints, drops, machines, answers }
    }

    /// Messages on a link at simulated time `t` (sent, not yet arrived).
    pub fn in_transit(&self, t: Time) -> impl Iterator<Item = &Transit> {
        // Transits are sorted by arrival, so those already arrived are skipped in one search.
        let first = self.transits.partition_point(|m| m.arrived <= t);
        self.transits.get(first..).unwrap_or_default().iter().filter(move |m| m.sent <= t)
    }

    /// Messages lost between `a` and `b` (either way) up to time `t`.
    pub fn dropped_between(&self, a: usize, b: usize, t: Time) -> usize {
        let ends = |x: NodeId, y: NodeId| (x.0 as usize, y.0 as usize) == (a, b) || (x.0 as usize, y.0 as usize) == (b, a);
        self.drops.iter().take_while(|d| d.0 <= t).filter(|d| ends(d.1, d.2)).count()
    }

    pub fn breakpoint_steps(&self) -> Vec<usize> {
        self.breakpoints.iter().map(|(s, _)| *s).collect()
    }

    /// The chapter text belonging to step `i`, if a chapter stops exactly there.
    pub fn chapter_at(&self, i: usize) -> Option<&str> {
        self.breakpoints.iter().find(|(s, _)| *s == i).map(|(_, t)| t.as_str())
    }
}

/// Every message's crossing, in the order of the steps that end them: steps come in time order,
/// so the transits are sorted by arrival. Counted first, so the list is made at its size once
/// (a run of 100,000 events has some 70,000).
fn transits(run: &Run) -> Vec<Transit> {
    let arrivals = run.steps.iter().filter(|s| s.sent_step().is_some()).count();
    let mut out = Vec::with_capacity(arrivals);
    out.extend(run.steps.iter().filter_map(|arrival| {
        let sent_step = arrival.sent_step()?;
        let sent = run.steps.get(sent_step)?;
        let look = if arrival.kind == StepKind::Dropped { Look::Dropped } else { Look::of(sent.payload) };
        Some(Transit {
            from: sent.node,
            to: sent.peer.unwrap_or(arrival.node),
            sent: sent.time,
            arrived: arrival.time,
            sent_step,
            look,
        })
    }));
    debug_assert!(out.is_sorted_by_key(|m| m.arrived));
    out
}

/// The states each state machine's executions enter, in the order first entered. Read from
/// the run's `execution` steps, so a state no execution reaches is not listed.
pub fn machine_states(run: &Run) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, step) in run.steps.iter().enumerate() {
        let Some((_, Some(state), _)) = run.execution_event(i) else { continue };
        let node = step.node.0 as usize;
        let k = out.iter().position(|(n, _)| *n == node).unwrap_or_else(|| {
            out.push((node, Vec::new()));
            out.len() - 1
        });
        if let Some((_, states)) = out.get_mut(k).filter(|(_, states)| !states.iter().any(|s| s == state)) {
            states.push(state.to_string());
        }
    }
    out
}

/// The kind word of component `n` ("client", "queue", ...), from the scenario.
pub fn kind_of(scenario: &Scenario, n: usize) -> &'static str {
    scenario.components.get(n).map_or("component", ComponentSpec::kind)
}

/// The kind as the diagram draws it: a queue that another queue redrives to is a
/// "dead_letter_queue", so the learner sees where failed messages end up.
pub fn drawn_kind(scenario: &Scenario, n: usize) -> &'static str {
    let name = scenario.components.get(n).map(ComponentSpec::name);
    let receives_dead_letters = scenario.components.iter().any(|c| match c {
        ComponentSpec::Queue(q) => q.dead_letter.as_deref().is_some() && q.dead_letter.as_deref() == name,
        _ => false,
    });
    if receives_dead_letters {
        "dead_letter_queue"
    } else {
        kind_of(scenario, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_lessons::{lesson_sim, lesson_slugs};
    use lab_sim::Fault;

    fn api_gateway() -> LessonSim {
        lesson_sim("api-gateway")
    }

    #[test]
    fn every_published_scenario_loads_and_runs() {
        let slugs = lesson_slugs();
        assert!(slugs.len() >= 2);
        for slug in slugs {
            let sim = lesson_sim(&slug);
            let run = run_with_faults(&sim.scenario, 1, &[]).unwrap();
            let loaded = Loaded::new(run, &sim);
            assert!(!loaded.breakpoints.is_empty(), "{slug}: chapters resolve to steps");
            assert!(!loaded.transits.is_empty(), "{slug}");
        }
        assert!(player_data("{").is_err());
    }

    #[test]
    fn transits_lie_between_send_and_arrival() {
        let sim = api_gateway();
        let loaded = Loaded::new(run_with_faults(&sim.scenario, 1, &[]).unwrap(), &sim);
        let t = loaded.times[loaded.times.len() / 2];
        for m in loaded.in_transit(t) {
            assert!(m.sent <= t && t < m.arrived);
        }
        let all = loaded.transits.iter().filter(|m| m.sent <= t && t < m.arrived).count();
        assert_eq!(loaded.in_transit(t).count(), all);
    }

    #[test]
    fn a_state_machine_lists_the_states_its_executions_enter() {
        let scenario = lab_sim::from_toml("order-saga.toml", include_str!("../../sim/scenarios/order-saga.toml")).unwrap();
        let run = lab_sim::simulate(&scenario, 1).unwrap();
        let machines = machine_states(&run);
        assert_eq!(machines.len(), 1);
        let (node, states) = &machines[0];
        assert_eq!(kind_of(&scenario, *node), "state_machine");
        assert!(states.len() >= 3, "{states:?}");
        // While an execution runs, the snapshot names a state from that list (the one to light up).
        let lit = (0..run.steps.len()).filter_map(|i| run.state_at(i)).find_map(|snap| match &snap.components[*node].view {
            lab_sim::ComponentView::StateMachine { current_states, .. } => current_states.first().cloned(),
            _ => None,
        });
        assert!(lit.is_some_and(|s| states.contains(&s)));
    }

    #[test]
    fn a_redrive_target_is_drawn_as_a_dead_letter_queue() {
        let scenario = lab_sim::from_toml("orders-redrive.toml", include_str!("../../sim/scenarios/orders-redrive.toml")).unwrap();
        let kinds: Vec<&str> = (0..scenario.components.len()).map(|i| drawn_kind(&scenario, i)).collect();
        assert_eq!(kinds, ["client", "queue", "dead_letter_queue", "function"]);
    }

    #[test]
    fn a_fault_forks_the_run_at_its_step() {
        let sim = api_gateway();
        let base = run_with_faults(&sim.scenario, 1, &[]).unwrap();
        let crash = Injected { step: 40, fault: Fault::Crash { target: "payments".into() } };
        let forked = run_with_faults(&sim.scenario, 1, &[crash]).unwrap();
        assert_eq!(base.steps[..=40], forked.steps[..=40]);
        assert!(forked.steps.iter().any(|s| s.kind == StepKind::Crashed));
        assert!(!base.steps.iter().any(|s| s.kind == StepKind::Crashed));
        let bad = Injected { step: 40, fault: Fault::Crash { target: "nobody".into() } };
        assert!(run_with_faults(&sim.scenario, 1, &[bad]).is_err());
    }
}
