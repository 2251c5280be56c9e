//! The architecture a learner is drawing: a scenario in the lessons' own format, and where each
//! component sits on the canvas. Every change is an edit of [`History`], so it can be undone.

use lab_i18n::sandbox as msg;
use lab_player::layout::Layout;
use lab_sim::{ComponentSpec, Dist, LinkSpec, Mode, Scenario};
use serde::{Deserialize, Serialize};

/// A point on the canvas, in the diagram's own units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// How far a duplicate lands from its original.
const DUPLICATE_OFFSET: f64 = 40.0;
/// The most edits that can be undone.
const UNDO_DEPTH: usize = 200;

/// An architecture: the scenario, and the place of each component (by index).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub scenario: Scenario,
    pub places: Vec<Point>,
}

impl Draft {
    /// A scenario laid out automatically.
    pub fn laid_out(scenario: Scenario) -> Draft {
        let mut draft = Draft { places: Vec::new(), scenario };
        draft.lay_out();
        draft
    }

    /// A place for every component, no more: a draft read from outside may list too few or
    /// too many. Missing ones come from the automatic layout.
    pub fn with_places_for_all(mut self) -> Draft {
        if self.places.len() != self.scenario.components.len() {
            let kept = std::mem::take(&mut self.places);
            self.lay_out();
            for (place, old) in self.places.iter_mut().zip(kept) {
                *place = old;
            }
        }
        self
    }

    /// Places every component in columns by its distance from the callers.
    pub fn lay_out(&mut self) {
        let layout = Layout::of(self.scenario.components.len(), self.link_ends().into_iter());
        self.places = layout.positions.iter().map(|&(x, y)| Point { x, y }).collect();
    }

    /// Each link as (from, to) component indices; links naming no component are left out.
    pub fn link_ends(&self) -> Vec<(usize, usize)> {
        self.scenario.links.iter().filter_map(|link| Some((self.index_of(&link.from)?, self.index_of(&link.to)?))).collect()
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.scenario.components.iter().position(|c| c.name() == name)
    }

    pub fn place_of(&self, index: usize) -> Point {
        self.places.get(index).copied().unwrap_or_default()
    }

    /// A name no component has yet: `queue`, then `queue-2`, `queue-3`...
    pub fn fresh_name(&self, stem: &str) -> String {
        let taken = |name: &str| self.index_of(name).is_some();
        if !taken(stem) {
            return stem.to_string();
        }
        (2..).map(|n| format!("{stem}-{n}")).find(|name| !taken(name)).unwrap_or_default()
    }

    /// Adds `component` at `at`, renamed if its name is taken; returns its name.
    pub fn add(&mut self, mut component: ComponentSpec, at: Point) -> String {
        let name = self.fresh_name(component.name());
        component.rename(&name);
        self.scenario.components.push(component);
        self.places.push(at);
        name
    }

    /// Removes a component and everything that names it: its links, the parameters bound to
    /// it and the faults aimed at it.
    pub fn remove(&mut self, name: &str) -> Result<(), String> {
        let index = self.index_of(name).ok_or_else(|| no_component(name))?;
        self.scenario.components.remove(index);
        if index < self.places.len() {
            self.places.remove(index);
        }
        self.scenario.links.retain(|link| link.from != name && link.to != name);
        self.scenario.parameters.retain(|p| p.target.split('.').next() != Some(name));
        self.scenario.faults.retain(|fault| !fault.fault.names(name));
        Ok(())
    }

    /// A copy of a component beside it, with a new name; returns that name.
    pub fn duplicate(&mut self, name: &str) -> Result<String, String> {
        let index = self.index_of(name).ok_or_else(|| no_component(name))?;
        let copy = self.scenario.components.get(index).cloned().ok_or_else(|| no_component(name))?;
        let at = self.place_of(index);
        Ok(self.add(copy, Point { x: at.x + DUPLICATE_OFFSET, y: at.y + DUPLICATE_OFFSET }))
    }

    pub fn move_to(&mut self, name: &str, to: Point) -> Result<(), String> {
        let index = self.index_of(name).ok_or_else(|| no_component(name))?;
        if let Some(place) = self.places.get_mut(index) {
            *place = to;
        }
        Ok(())
    }

    /// Links `from` to `to`; returns the new link's index.
    pub fn connect(&mut self, from: &str, to: &str, mode: Mode, latency_ms: f64) -> Result<usize, String> {
        for name in [from, to] {
            self.index_of(name).ok_or_else(|| no_component(name))?;
        }
        if from == to {
            return Err(msg::SELF_LINK.text().to_string());
        }
        let mut link = LinkSpec::new(from, to);
        link.mode = mode;
        link.latency = Dist::Fixed { ms: latency_ms };
        self.scenario.links.push(link);
        Ok(self.scenario.links.len() - 1)
    }

    /// Changes a link's mode and latency (a fixed delay, in ms).
    pub fn set_link(&mut self, link: usize, mode: Mode, latency_ms: f64) -> Result<(), String> {
        let link = self.scenario.links.get_mut(link).ok_or_else(|| no_link(link))?;
        link.mode = mode;
        link.latency = Dist::Fixed { ms: latency_ms };
        Ok(())
    }

    pub fn disconnect(&mut self, link: usize) -> Result<(), String> {
        if link >= self.scenario.links.len() {
            return Err(no_link(link));
        }
        self.scenario.links.remove(link);
        Ok(())
    }

    /// Gives a component a new name, and every link, parameter and fault that names it.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        let to = to.trim();
        if to.is_empty() {
            return Err(msg::NEEDS_NAME.text().to_string());
        }
        if from != to && self.index_of(to).is_some() {
            return Err(msg::NAME_TAKEN.with(&[("name", &to)]));
        }
        let index = self.index_of(from).ok_or_else(|| no_component(from))?;
        if let Some(component) = self.scenario.components.get_mut(index) {
            component.rename(to);
        }
        for link in &mut self.scenario.links {
            for end in [&mut link.from, &mut link.to] {
                if end == from {
                    *end = to.to_string();
                }
            }
        }
        for parameter in &mut self.scenario.parameters {
            if let Some(field) = parameter.target.strip_prefix(&format!("{from}.")) {
                parameter.target = format!("{to}.{field}");
            }
        }
        for fault in &mut self.scenario.faults {
            fault.fault.rename(from, to);
        }
        Ok(())
    }

    /// Replaces a component by an edited copy of itself (same name).
    pub fn replace(&mut self, component: ComponentSpec) -> Result<(), String> {
        let index = self.index_of(component.name()).ok_or_else(|| no_component(component.name()))?;
        if let Some(slot) = self.scenario.components.get_mut(index) {
            *slot = component;
        }
        Ok(())
    }
}

fn no_component(name: &str) -> String {
    msg::NO_COMPONENT.with(&[("name", &name)])
}

fn no_link(link: usize) -> String {
    msg::NO_LINK.with(&[("number", &(link + 1))])
}

/// The draft now, and the drafts before and after it.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    now: Draft,
    past: Vec<Draft>,
    future: Vec<Draft>,
}

impl History {
    pub fn new(draft: Draft) -> History {
        History { now: draft, past: Vec::new(), future: Vec::new() }
    }

    pub fn now(&self) -> &Draft {
        &self.now
    }

    /// Applies `edit` to a copy; on success it becomes the draft and can be undone, on failure
    /// nothing changes and the message comes back.
    pub fn apply<T>(&mut self, edit: impl FnOnce(&mut Draft) -> Result<T, String>) -> Result<T, String> {
        let mut next = self.now.clone();
        let result = edit(&mut next)?;
        if next != self.now {
            self.past.push(std::mem::replace(&mut self.now, next));
            if self.past.len() > UNDO_DEPTH {
                self.past.remove(0);
            }
            self.future.clear();
        }
        Ok(result)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        let Some(before) = self.past.pop() else { return false };
        self.future.push(std::mem::replace(&mut self.now, before));
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(after) = self.future.pop() else { return false };
        self.past.push(std::mem::replace(&mut self.now, after));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_sim::{Fault, ScheduledFault};

    fn redrive() -> Draft {
        let mut scenario = lab_sim::examples::file("orders-redrive.toml").unwrap();
        scenario.faults.push(ScheduledFault { at_ms: 10.0, for_ms: None, fault: Fault::Crash { target: "order-worker".into() } });
        Draft::laid_out(scenario)
    }

    #[test]
    fn every_component_gets_a_place_of_its_own() {
        let draft = redrive();
        assert_eq!(draft.places.len(), draft.scenario.components.len());
        for (i, a) in draft.places.iter().enumerate() {
            assert!(draft.places.iter().skip(i + 1).all(|b| b != a));
        }
    }

    #[test]
    fn removing_a_component_removes_what_names_it() {
        let mut draft = redrive();
        let names = |d: &Draft| d.scenario.links.iter().any(|l| l.from == "order-worker" || l.to == "order-worker");
        assert!(names(&draft) && !draft.scenario.faults.is_empty());
        draft.remove("order-worker").unwrap();
        assert!(!names(&draft) && draft.scenario.faults.is_empty());
        assert_eq!(draft.places.len(), draft.scenario.components.len());
        assert!(draft.remove("order-worker").is_err());
    }

    #[test]
    fn renaming_follows_links_parameters_and_faults() {
        let mut draft = redrive();
        draft.rename("order-worker", "processor").unwrap();
        assert!(draft.scenario.links.iter().any(|l| l.to == "processor"));
        assert!(draft.scenario.faults.iter().all(|f| f.fault.names("processor")));
        assert!(draft.scenario.parameters.iter().all(|p| !p.target.starts_with("order-worker.")));
        draft.scenario.validate().unwrap();
        assert!(draft.rename("processor", "orders").unwrap_err().contains("already"));
        assert!(draft.rename("processor", " ").is_err());
    }

    #[test]
    fn added_and_duplicated_components_get_fresh_names() {
        let mut draft = redrive();
        let queue = ComponentSpec::with_defaults("queue", "orders").unwrap();
        assert_eq!(draft.add(queue, Point::default()), "orders-2");
        assert_eq!(draft.duplicate("orders").unwrap(), "orders-3");
        assert_eq!(draft.places.len(), draft.scenario.components.len());
    }

    #[test]
    fn links_join_two_existing_components() {
        let mut draft = redrive();
        let before = draft.scenario.links.len();
        assert_eq!(draft.connect("producer", "order-worker", Mode::Async, 3.0).unwrap(), before);
        assert!(draft.connect("producer", "producer", Mode::Sync, 1.0).is_err());
        assert!(draft.connect("producer", "nobody", Mode::Sync, 1.0).is_err());
        draft.disconnect(before).unwrap();
        assert!(draft.disconnect(before).is_err());
    }

    #[test]
    fn undo_and_redo_walk_the_edits_and_a_refused_edit_changes_nothing() {
        let mut history = History::new(redrive());
        let start = history.now().clone();
        history.apply(|d| d.remove("order-worker")).unwrap();
        let removed = history.now().clone();
        assert!(history.apply(|d| d.remove("nobody")).is_err());
        assert_eq!(history.now(), &removed);
        assert!(history.undo());
        assert_eq!(history.now(), &start);
        assert!(!history.undo());
        assert!(history.redo());
        assert_eq!(history.now(), &removed);
        history.undo();
        history.apply(|d| d.move_to("orders", Point { x: 1.0, y: 2.0 })).unwrap();
        assert!(!history.can_redo(), "a new edit forgets what was undone");
    }

    /// The architecture the browser test builds by keyboard, built here with the same edits.
    #[test]
    fn a_client_gateway_function_queue_function_architecture_runs() {
        let mut d = Draft::laid_out(crate::blueprints::blank());
        for kind in ["client", "gateway", "function", "queue", "function"] {
            d.add(ComponentSpec::with_defaults(kind, kind).unwrap(), Point::default());
        }
        for (a, b) in [("client", "gateway"), ("gateway", "function"), ("function", "queue"), ("queue", "function-2")] {
            d.connect(a, b, Mode::Sync, 5.0).unwrap();
        }
        let problem = d.scenario.validate().unwrap_err();
        assert_eq!(problem.place, lab_sim::Where::Link(3), "{problem}");
        let set = |d: &mut Draft, name: &str, edit: &dyn Fn(ComponentSpec) -> ComponentSpec| {
            let component = d.scenario.components[d.index_of(name).unwrap()].clone();
            d.replace(edit(component)).unwrap();
        };
        set(&mut d, "queue", &|mut q| {
            q.set_field("consumers", lab_sim::FieldValue::Number(2.0)).unwrap();
            q
        });
        set(&mut d, "gateway", &|g| crate::views::properties::with_table(&g, "routes", r#"[{ op = "POST /orders", target = "function" }]"#).unwrap());
        let run = lab_sim::simulate(&d.scenario, 1).unwrap();
        assert_eq!(run.metrics.answered_ok, run.metrics.requests);
        assert!(run.metrics.requests > 0);
    }
}
