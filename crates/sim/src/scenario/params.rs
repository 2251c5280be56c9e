//! Parameters: named numbers bound to `component.field`, so the UI can build a parameter
//! panel and re-run the scenario when a slider moves. A parameter may bind only a number its
//! kind's table marks settable (`kinds/`).

use lab_i18n::scenario as msg;

use super::error::{err, ScenarioError, Where};
use super::{Parameter, Scenario};

fn split_target(target: &str) -> Result<(&str, &str), String> {
    target
        .split_once('.')
        .ok_or_else(|| msg::TARGET_FORM.with(&[("target", &target)]))
}

impl Scenario {
    /// The current value of `component.field` (see [`Parameter::target`]).
    pub fn parameter_value(&self, target: &str) -> Result<f64, String> {
        let (comp, path) = split_target(target)?;
        let c = self
            .components
            .iter()
            .find(|c| c.name() == comp)
            .ok_or_else(|| msg::TARGET_NOT_COMPONENT.with(&[("target", &target), ("component", &comp)]))?;
        c.settable_number(path).ok_or_else(|| msg::TARGET_NOT_SETTABLE.with(&[("target", &target), ("kind", &c.kind()), ("field", &path)]))
    }

    /// Sets the parameter called `name` to `value` (clamped to its range) and re-validates.
    /// On error the scenario is left unchanged.
    pub fn set_parameter(&mut self, name: &str, value: f64) -> Result<(), ScenarioError> {
        let fail = |m: String| ScenarioError {
            place: Where::Scenario,
            message: m,
        };
        let p = self
            .parameters
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| fail(msg::NO_PARAMETER.with(&[("name", &name)])))?;
        if !value.is_finite() {
            return Err(fail(msg::PARAMETER_NOT_NUMBER.with(&[("name", &name), ("value", &value)])));
        }
        // Not `clamp`: it panics when `min > max`, and this scenario is not validated yet.
        let value = value.max(p.min).min(p.max);
        let (comp, path) = split_target(&p.target).map_err(fail)?;
        let (comp, path) = (comp.to_string(), path.to_string());
        let mut next = self.clone();
        let c = next
            .components
            .iter_mut()
            .find(|c| c.name() == comp)
            .ok_or_else(|| fail(msg::PARAMETER_NOT_COMPONENT.with(&[("name", &name), ("component", &comp)])))?;
        if !c.set_settable_number(&path, value) {
            return Err(fail(msg::PARAMETER_NOT_SETTABLE.with(&[("name", &name), ("field", &path)])));
        }
        next.validate()?;
        *self = next;
        Ok(())
    }
}

pub(crate) fn check_parameter(s: &Scenario, i: usize, p: &Parameter) -> Result<(), ScenarioError> {
    let place = Where::Parameter(i);
    if p.name.trim().is_empty() {
        return err(place, msg::PARAMETER_NEEDS_NAME.text());
    }
    if !(p.min.is_finite() && p.max.is_finite() && p.min <= p.max) {
        return err(place, msg::PARAMETER_MIN_ABOVE_MAX.with(&[("min", &p.min), ("max", &p.max)]));
    }
    if let Err(m) = s.parameter_value(&p.target) {
        return err(place, m);
    }
    Ok(())
}
