//! Input and output processing, in the service's order: InputPath, Parameters,
//! (the work), ResultSelector, ResultPath, OutputPath. Errors are the cause of
//! a `States.Runtime` failure.

use super::context::Context;
use super::definition::State;
use super::intrinsics::Scope;
use super::json_path::JsonPath;
use super::template::Template;
use serde_json::{Map, Value};

/// InputPath then Parameters: what the state's work receives.
pub fn effective_input(state: &State, raw: &Value, context: &Context<'_>) -> Result<Value, String> {
    let selected = select(state.input_path.as_ref(), raw, "InputPath")?;
    apply_template(state.parameters.as_ref(), selected, context)
}

/// InputPath alone (Choice, Wait, Succeed, Map before its items).
pub fn select_input(state: &State, raw: &Value) -> Result<Value, String> {
    select(state.input_path.as_ref(), raw, "InputPath")
}

/// ResultSelector, ResultPath into the raw input, then OutputPath.
pub fn state_output(
    state: &State,
    raw: &Value,
    result: Value,
    context: &Context<'_>,
) -> Result<Value, String> {
    let result = apply_template(state.result_selector.as_ref(), result, context)?;
    let merged = merge_result(state.result_path.as_ref(), raw, result)?;
    select_output(state, &merged)
}

pub fn select_output(state: &State, value: &Value) -> Result<Value, String> {
    select(state.output_path.as_ref(), value, "OutputPath")
}

/// ResultPath: None keeps the input and drops the result.
pub fn merge_result(path: Option<&JsonPath>, raw: &Value, result: Value) -> Result<Value, String> {
    match path {
        None => Ok(raw.clone()),
        Some(p) => p
            .write(raw.clone(), result)
            .map_err(|e| format!("ResultPath: {e}")),
    }
}

fn apply_template(
    template: Option<&Template>,
    input: Value,
    context: &Context<'_>,
) -> Result<Value, String> {
    match template {
        None => Ok(input),
        Some(t) => t.evaluate(&Scope {
            input: &input,
            context,
        }),
    }
}

/// A null path gives `{}`; a path to nothing is an error, as in the service.
fn select(path: Option<&JsonPath>, value: &Value, field: &str) -> Result<Value, String> {
    let Some(path) = path else {
        return Ok(Value::Object(Map::new()));
    };
    path.read(value)
        .cloned()
        .ok_or_else(|| format!("{field} references a field that is not in the input"))
}
