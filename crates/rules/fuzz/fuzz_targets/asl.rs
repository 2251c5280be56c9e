//! Arbitrary text as an ASL definition; whatever parses is run to the end with
//! tasks that alternately succeed and fail, and timers that fire at once.
#![no_main]

use lab_rules::asl::{parse_definition, Action, Clock, Execution};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(machine) = parse_definition(text) else {
        return;
    };
    let mut clock = Clock::at(0);
    let mut execution = Execution::start(
        Arc::new(machine),
        json!({"a": [1, 2], "b": "x"}),
        &mut clock,
    );
    for step in 0..1_000u64 {
        let Some(action) = execution.next_action() else {
            return;
        };
        clock.now_us += 1;
        match action {
            Action::InvokeTask { token, input, .. } if step % 2 == 0 => {
                execution.task_succeeded(token, input, &mut clock);
            }
            Action::InvokeTask { token, .. } => {
                execution.task_failed(token, "Boom", "fuzz", &mut clock);
            }
            Action::StartTimer { token, .. } => {
                execution.timer_fired(token, &mut clock);
            }
            Action::Succeeded { .. } | Action::Failed { .. } => return,
        }
    }
});
