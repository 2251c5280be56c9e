//! The context object (`$$`) without copying the execution input into every
//! branch: `$$.Execution.Input...` reads the one shared input, everything else
//! (`$$.State.Name`, `$$.Map.Item.Index`, `$$.Map.Item.Value...`) reads a small
//! per-branch object.

use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub execution_input: &'a Value,
    /// `{"State": {"Name": ...}, "Map": {"Item": {"Index": ..., "Value": ...}}}`.
    pub local: &'a Value,
}
