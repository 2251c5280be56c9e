//! From ASL JSON to a validated [`StateMachine`](crate::asl::definition::StateMachine).

mod choice;
mod fields;
mod machine;
mod retry;
mod state;

use crate::asl::definition::StateMachine;
use crate::asl::error::AslError;
use serde_json::Value;

/// Parses and validates definition text.
pub fn parse_definition(text: &str) -> Result<StateMachine, AslError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| AslError::new("", format!("the definition is not valid JSON: {e}")))?;
    definition_from_value(&value)
}

pub fn definition_from_value(value: &Value) -> Result<StateMachine, AslError> {
    machine::parse_machine_at(value, "", 0)
}
