//! The scenario's parameters, each with its unit, range and explanation. A valid change
//! re-runs the simulation at once and keeps the same simulated time; an invalid one is
//! refused with a message beside its field and the run stays as it was.

use lab_sim::Parameter;
use leptos::prelude::*;

use super::Ctx;

pub fn view(ctx: Ctx) -> impl IntoView {
    let parameters = ctx.lesson.with_value(|l| l.scenario.parameters.clone());
    view! {
        <section class="params" aria-labelledby=ctx.id("params-title")>
            <h3 id=ctx.id("params-title")>"Parameters"</h3>
            {parameters.into_iter().map(|p| field(ctx, p)).collect_view()}
            <button type="button" data-testid="reset-params" on:click=move |_| reset(ctx)>"Back to the lesson's values"</button>
        </section>
    }
}

fn field(ctx: Ctx, p: Parameter) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = ctx.id(&format!("param-{}", p.name));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let target = p.target.clone();
    let value = move || ctx.scenario.with(|s| s.parameter_value(&target).map(|v| v.to_string()).unwrap_or_default());
    let name = p.name.clone();
    let (min, max) = (p.min, p.max);
    let on_change = move |e: leptos::ev::Event| {
        error.set(apply(ctx, &name, min, max, &event_target_value(&e)).err());
    };
    view! {
        <div class="param" class:param-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{p.label.clone()}</label>
            <div class="param-input">
                <input type="number" id=id.clone() min=p.min max=p.max step=p.step.map_or("any".to_string(), |s| s.to_string())
                    prop:value=value data-testid=id.clone()
                    aria-describedby=format!("{hint_id} {error_id}") aria-invalid=move || error.with(Option::is_some).to_string()
                    on:change=on_change />
                <span class="unit">{p.unit.clone()}</span>
            </div>
            <p class="param-error" id=error_id role="alert" data-testid=format!("{id}-error")>{move || error.get()}</p>
            <p class="param-hint" id=hint_id>{format!("{} to {} {}. {}", p.min, p.max, p.unit, p.explanation)}</p>
        </div>
    }
}

/// Checks the typed text and re-runs; the message says what is wrong.
fn apply(ctx: Ctx, name: &str, min: f64, max: f64, text: &str) -> Result<(), String> {
    let value: f64 = text.trim().parse().map_err(|_| format!("“{text}” is not a number."))?;
    if !value.is_finite() || value < min || value > max {
        return Err(format!("Choose a value from {min} to {max}."));
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
