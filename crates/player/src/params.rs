//! The scenario's parameters, grouped by the component they change, each a slider with its
//! exact value beside it (typed values are accepted too), its unit, range and explanation, and
//! a mark when it differs from the lesson's value. A valid change re-runs the simulation at
//! once and keeps the same simulated time; an invalid one is refused with a message beside its
//! field and the run stays as it was.

use lab_sim::Parameter;
use leptos::prelude::*;

use lab_i18n::player as msg;

use super::{number, Ctx};

pub fn view(ctx: Ctx) -> impl IntoView {
    let parameters = ctx.lesson.with_value(|l| l.scenario.parameters.clone());
    view! {
        <section class="params" aria-label=msg::PARAMETERS.text()>
            <h3>{msg::PARAMETERS.text()}</h3>
            {by_component(parameters).into_iter().map(|(component, members)| view! {
                <fieldset class="param-group">
                    <legend>{component}</legend>
                    {members.into_iter().map(|p| field(ctx, p)).collect_view()}
                </fieldset>
            }).collect_view()}
            <button type="button" data-testid="reset-params" on:click=move |_| reset(ctx)>{msg::RESET_PARAMETERS.text()}</button>
        </section>
    }
}

/// The parameters grouped by the component they change (the part of `target` before its first
/// dot), groups and members in the order the scenario lists them.
fn by_component(parameters: Vec<Parameter>) -> Vec<(String, Vec<Parameter>)> {
    let mut groups: Vec<(String, Vec<Parameter>)> = Vec::new();
    for parameter in parameters {
        let component = parameter.target.split('.').next().unwrap_or_default().to_string();
        match groups.iter_mut().find(|(name, _)| *name == component) {
            Some((_, members)) => members.push(parameter),
            None => groups.push((component, vec![parameter])),
        }
    }
    groups
}

/// The slider's step when the scenario gives none: about a hundredth of the range, rounded to
/// 1, 2 or 5 times a power of ten, so arrow keys move by round numbers.
fn slider_step(min: f64, max: f64) -> f64 {
    let rough = (max - min) / 100.0;
    if !rough.is_finite() || rough <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|step| *step >= rough).unwrap_or(10.0 * power)
}

fn field(ctx: Ctx, p: Parameter) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = ctx.id(&format!("param-{}", p.name));
    let (label_id, hint_id, error_id) = (format!("{id}-label"), format!("{id}-hint"), format!("{id}-error"));
    let target = p.target.clone();
    let current = Memo::new(move |_| ctx.scenario.with(|s| s.parameter_value(&target).ok()));
    let lesson_value = ctx.lesson.with_value(|l| l.scenario.parameter_value(&p.target).ok());
    let changed = move || current.get() != lesson_value;
    let value = move || current.get().map(|v| v.to_string()).unwrap_or_default();
    let unit = p.unit.clone();
    let spoken = move || current.get().map(|v| format!("{} {unit}", number(v))).unwrap_or_default();
    let (name, min, max) = (p.name.clone(), p.min, p.max);
    let set = move |e: leptos::ev::Event| {
        error.set(apply(ctx, &name, min, max, &event_target_value(&e)).err());
    };
    let lesson_text = lesson_value.map(|v| msg::PARAMETER_CHANGED.with(&[("value", &number(v)), ("unit", &p.unit)])).unwrap_or_default();
    view! {
        <div class="param" class:param-invalid=move || error.with(Option::is_some) class:param-changed=changed>
            <label for=id.clone() id=label_id.clone()>{p.label.clone()}</label>
            <div class="param-input">
                <input type="range" min=p.min max=p.max step=p.step.unwrap_or_else(|| slider_step(min, max))
                    prop:value=value aria-labelledby=label_id aria-valuetext=spoken aria-describedby=hint_id.clone()
                    data-testid=format!("{id}-slider") on:input=set.clone() />
                <input type="number" id=id.clone() min=p.min max=p.max step=p.step.map_or("any".to_string(), |s| s.to_string())
                    prop:value=value data-testid=id.clone()
                    aria-describedby=format!("{hint_id} {error_id}") aria-invalid=move || error.with(Option::is_some).to_string()
                    on:change=set />
                <span class="unit">{p.unit.clone()}</span>
            </div>
            <p class="param-changed-note" data-testid=format!("{id}-changed") hidden=move || !changed()>{lesson_text}</p>
            <p class="param-error" id=error_id role="alert" data-testid=format!("{id}-error")>{move || error.get()}</p>
            <p class="param-hint" id=hint_id>{msg::PARAMETER_HINT.with(&[("min", &number(p.min)), ("max", &number(p.max)), ("unit", &p.unit), ("explanation", &p.explanation)])}</p>
        </div>
    }
}

/// Checks the typed text and re-runs; the message says what is wrong.
fn apply(ctx: Ctx, name: &str, min: f64, max: f64, text: &str) -> Result<(), String> {
    let value: f64 = text.trim().parse().map_err(|_| msg::NOT_A_NUMBER.with(&[("text", &text)]))?;
    if !value.is_finite() || value < min || value > max {
        return Err(msg::OUT_OF_RANGE.with(&[("min", &number(min)), ("max", &number(max))]));
    }
    let mut scenario = ctx.scenario.get_untracked();
    scenario.set_parameter(name, value).map_err(|e| e.message)?;
    let previous = ctx.scenario.get_untracked();
    ctx.scenario.set(scenario);
    ctx.rerun().inspect_err(|_| ctx.scenario.set(previous))
}

fn reset(ctx: Ctx) {
    ctx.scenario.set(ctx.lesson.with_value(|l| l.scenario.clone()));
    if let Err(problem) = ctx.rerun() {
        ctx.notice.set(Some(problem));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(name: &str, target: &str) -> Parameter {
        Parameter { name: name.into(), label: name.into(), target: target.into(), unit: "ms".into(), min: 0.0, max: 1.0, step: None, explanation: String::new() }
    }

    #[test]
    fn parameters_are_grouped_by_component_in_scenario_order() {
        let groups = by_component(vec![parameter("a", "proxy.timeout_ms"), parameter("b", "orders.rate"), parameter("c", "proxy.retries")]);
        let names: Vec<(&str, Vec<&str>)> = groups.iter().map(|(c, m)| (c.as_str(), m.iter().map(|p| p.name.as_str()).collect())).collect();
        assert_eq!(names, [("proxy", vec!["a", "c"]), ("orders", vec!["b"])]);
    }

    #[test]
    fn a_slider_moves_by_round_steps_of_about_a_hundredth() {
        assert_eq!(slider_step(0.0, 1.0), 0.01);
        assert_eq!(slider_step(0.0, 5000.0), 50.0);
        assert_eq!(slider_step(1.0, 10.0), 0.1);
        assert_eq!(slider_step(0.0, 30000.0), 500.0);
        assert_eq!(slider_step(5.0, 5.0), 1.0);
    }
}
