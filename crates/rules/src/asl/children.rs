//! Parallel branches and Map iterations: concurrent sub-executions whose results
//! are gathered in order; the first failure aborts the others.

use super::context::Context;
use super::definition::{State, StateKind, StateMachine};
use super::environment::Environment;
use super::execution::{Children, Execution};
use super::history::EventKind;
use super::intrinsics::Scope;
use super::template::Template;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Arc;

impl Execution {
    pub(super) fn start_parallel(
        &mut self,
        branch: usize,
        machines: &[Arc<StateMachine>],
        input: Value,
        env: &mut dyn Environment,
    ) {
        let name = self.state_name(branch);
        self.record(
            env,
            EventKind::ParallelStateStarted,
            branch,
            name,
            json!({}),
        );
        let context = self
            .branches
            .get(branch)
            .map(|b| b.context.clone())
            .unwrap_or(Value::Null);
        let mut running = Vec::with_capacity(machines.len());
        for (index, machine) in machines.iter().enumerate() {
            running.push(self.spawn(
                Arc::clone(machine),
                Some((branch, index)),
                input.clone(),
                context.clone(),
            ));
        }
        let children = Children {
            results: vec![None; machines.len()],
            running: running.clone(),
            queued: VecDeque::new(),
            is_map: false,
        };
        self.set_children(branch, children);
        for child in running {
            self.enter_start(child);
        }
        self.complete_if_empty(branch, env);
    }

    /// Map: the items come from ItemsPath; each becomes an iteration's input,
    /// through ItemSelector when there is one. MaxConcurrency 0 means no limit.
    pub(super) fn start_map(
        &mut self,
        branch: usize,
        state: &State,
        input: Value,
        env: &mut dyn Environment,
    ) -> Result<(), String> {
        let StateKind::Map {
            items_path,
            item_selector,
            max_concurrency,
            ..
        } = &state.kind
        else {
            return Ok(());
        };
        let items = match items_path {
            Some(path) => path.read(&input).cloned(),
            None => Some(input.clone()),
        };
        let Some(Value::Array(items)) = items else {
            return Err("ItemsPath must point to an array".into());
        };
        let mut queued = VecDeque::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let iteration_input = match item_selector {
                None => item,
                Some(selector) => self.select_item(branch, selector, &input, index, item)?,
            };
            queued.push_back((index, iteration_input));
        }
        let name = self.state_name(branch);
        self.record(
            env,
            EventKind::MapStateStarted,
            branch,
            name,
            json!({ "length": queued.len() }),
        );
        let limit = if *max_concurrency == 0 {
            usize::MAX
        } else {
            usize::try_from(*max_concurrency).unwrap_or(usize::MAX)
        };
        let children = Children {
            results: vec![None; queued.len()],
            running: Vec::new(),
            queued,
            is_map: true,
        };
        self.set_children(branch, children);
        for _ in 0..limit {
            if !self.launch_next_item(branch, env) {
                break;
            }
        }
        self.complete_if_empty(branch, env);
        Ok(())
    }

    /// ItemSelector for one item: `$` is the Map state's input, and the context
    /// object adds `$$.Map.Item.Index` and `$$.Map.Item.Value`.
    fn select_item(
        &self,
        branch: usize,
        selector: &Template,
        input: &Value,
        index: usize,
        item: Value,
    ) -> Result<Value, String> {
        let mut local = self
            .branches
            .get(branch)
            .map(|b| b.context.clone())
            .unwrap_or_default();
        if let Some(map) = local.as_object_mut() {
            map.insert(
                "Map".into(),
                json!({ "Item": { "Index": index, "Value": item } }),
            );
        }
        let context = Context {
            execution_input: &self.execution_input,
            local: &local,
        };
        selector.evaluate(&Scope {
            input,
            context: &context,
        })
    }

    /// Starts the next queued Map item; false when none is left.
    fn launch_next_item(&mut self, branch: usize, env: &mut dyn Environment) -> bool {
        let Some(parent) = self.branches.get_mut(branch) else {
            return false;
        };
        let Some(children) = parent.children.as_mut() else {
            return false;
        };
        let Some((index, input)) = children.queued.pop_front() else {
            return false;
        };
        let StateKind::Map { processor, .. } = parent
            .machine
            .states
            .get(&parent.state)
            .map(|s| &s.kind)
            .unwrap_or(&StateKind::Succeed)
        else {
            return false;
        };
        let processor = Arc::clone(processor);
        let mut context = parent.context.clone();
        if let Some(map) = context.as_object_mut() {
            map.insert("Map".into(), json!({ "Item": { "Index": index } }));
        }
        let child = self.spawn(processor, Some((branch, index)), input, context);
        if let Some(children) = self
            .branches
            .get_mut(branch)
            .and_then(|b| b.children.as_mut())
        {
            children.running.push(child);
        }
        let name = self.state_name(branch);
        self.record(
            env,
            EventKind::MapIterationStarted,
            branch,
            name,
            json!({ "index": index }),
        );
        self.enter_start(child);
        true
    }

    fn enter_start(&mut self, child: usize) {
        let start = self
            .branches
            .get(child)
            .map(|b| b.machine.start_at.clone())
            .unwrap_or_default();
        self.ready.push_back((child, start));
    }

    fn set_children(&mut self, branch: usize, children: Children) {
        if let Some(b) = self.branches.get_mut(branch) {
            b.children = Some(children);
        }
    }

    fn state_name(&self, branch: usize) -> Option<String> {
        self.branches.get(branch).map(|b| b.state.clone())
    }

    /// A child branch ended. Success fills its slot; failure aborts the siblings
    /// and fails the parent state, which may then retry or catch.
    pub(super) fn child_done(
        &mut self,
        parent: usize,
        index: usize,
        child: usize,
        result: Result<Value, (String, String)>,
        env: &mut dyn Environment,
    ) {
        let name = self.state_name(parent);
        let Some(children) = self
            .branches
            .get_mut(parent)
            .and_then(|b| b.children.as_mut())
        else {
            return;
        };
        children.running.retain(|c| *c != child);
        let is_map = children.is_map;
        match result {
            Ok(output) => {
                if let Some(slot) = children.results.get_mut(index) {
                    *slot = Some(output);
                }
                if is_map {
                    self.record(
                        env,
                        EventKind::MapIterationSucceeded,
                        parent,
                        name,
                        json!({ "index": index }),
                    );
                    self.launch_next_item(parent, env);
                }
                self.complete_if_empty(parent, env);
            }
            Err((error, cause)) => {
                if is_map {
                    self.record(
                        env,
                        EventKind::MapIterationFailed,
                        parent,
                        name.clone(),
                        json!({ "index": index, "error": error }),
                    );
                }
                self.abort_children(parent, env);
                let kind = if is_map {
                    EventKind::MapStateFailed
                } else {
                    EventKind::ParallelStateFailed
                };
                self.record(
                    env,
                    kind,
                    parent,
                    name,
                    json!({ "error": error, "cause": cause }),
                );
                self.state_failed(parent, &error, &cause, env);
            }
        }
    }

    /// When no child runs and none is queued, the state's result is the array
    /// of the children's outputs, in definition or item order.
    fn complete_if_empty(&mut self, parent: usize, env: &mut dyn Environment) {
        let Some(b) = self.branches.get_mut(parent) else {
            return;
        };
        let done = b
            .children
            .as_ref()
            .is_some_and(|c| c.running.is_empty() && c.queued.is_empty());
        if !done {
            return;
        }
        let Some(children) = b.children.take() else {
            return;
        };
        let results: Vec<Value> = children
            .results
            .into_iter()
            .map(|r| r.unwrap_or(Value::Null))
            .collect();
        let kind = if children.is_map {
            EventKind::MapStateSucceeded
        } else {
            EventKind::ParallelStateSucceeded
        };
        let name = self.state_name(parent);
        self.record(env, kind, parent, name, json!({}));
        self.finish_state(parent, Value::Array(results), env);
    }

    /// Stops every running descendant of `parent`; their late callbacks are ignored.
    fn abort_children(&mut self, parent: usize, env: &mut dyn Environment) {
        let Some(children) = self
            .branches
            .get_mut(parent)
            .and_then(|b| b.children.take())
        else {
            return;
        };
        let mut doomed: Vec<bool> = vec![false; self.branches.len()];
        for index in parent + 1..self.branches.len() {
            let parent_of = self
                .branches
                .get(index)
                .and_then(|b| b.parent)
                .map(|(p, _)| p);
            let dies =
                parent_of.is_some_and(|p| p == parent || doomed.get(p).copied().unwrap_or(false));
            if let (Some(flag), Some(b)) = (doomed.get_mut(index), self.branches.get_mut(index)) {
                *flag = dies && b.alive;
                b.alive &= !dies;
            }
        }
        if children.is_map {
            let name = self.state_name(parent);
            for child in children.running {
                let index = self
                    .branches
                    .get(child)
                    .and_then(|b| b.parent)
                    .map_or(0, |(_, i)| i);
                self.record(
                    env,
                    EventKind::MapIterationAborted,
                    parent,
                    name.clone(),
                    json!({ "index": index }),
                );
            }
        }
    }
}
