//! The Amazon States Language: parse and validate a definition, then run it
//! with an interpreter shaped for a discrete-event engine.
//!
//! ```
//! use lab_rules::asl::{parse_definition, Action, Clock, Execution};
//! use std::sync::Arc;
//! let machine = parse_definition(r#"{"StartAt": "Pay", "States": {
//!     "Pay": {"Type": "Task", "Resource": "payments", "End": true}}}"#).unwrap();
//! let mut run = Execution::start(Arc::new(machine), serde_json::json!({"amount": 5}), &mut Clock::at(0));
//! let Some(Action::InvokeTask { token, .. }) = run.next_action() else { panic!() };
//! run.task_succeeded(token, serde_json::json!("paid"), &mut Clock::at(1_000));
//! assert_eq!(run.next_action(), Some(Action::Succeeded { output: serde_json::json!("paid") }));
//! ```

mod action;
mod children;
pub mod choice;
mod context;
pub mod definition;
mod environment;
mod error;
mod execution;
mod history;
pub mod intrinsics;
mod io;
pub mod json_path;
mod parse;
pub mod retry;
mod run;
pub mod template;
mod timestamp;
mod wildcard_match;

pub use action::{Action, Token};
pub use definition::{State, StateKind, StateMachine, WaitFor};
pub use environment::{Clock, Environment};
pub use error::AslError;
pub use execution::{Execution, Status};
pub use history::{EventKind, HistoryEvent};
pub use parse::{definition_from_value, parse_definition};
pub use timestamp::parse_timestamp;
