//! What an execution asks its driver to do next.

use serde_json::Value;

/// Identifies one task invocation or one timer; the driver hands it back.
pub type Token = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Call `resource` with `input`; answer with `task_succeeded` or `task_failed`.
    InvokeTask {
        token: Token,
        resource: String,
        input: Value,
    },
    /// Call `timer_fired(token)` at simulated time `at_us` (Wait states, retry
    /// back-off, task and execution timeouts). Timers for work that finished
    /// meanwhile are ignored when they fire, so the driver never cancels one.
    StartTimer {
        token: Token,
        at_us: u64,
    },
    Succeeded {
        output: Value,
    },
    Failed {
        error: String,
        cause: String,
    },
}
