//! The rule languages of Integration Patterns Lab, as pure functions over JSON:
//!
//! - [`event_pattern`]: EventBridge event patterns;
//! - [`filter_policy`]: SNS subscription filter policies;
//! - [`asl`]: the Amazon States Language, with an interpreter driven by a
//!   discrete-event engine (no clock, no randomness, no IO of its own).
//!
//! Nothing here panics on any input: every parser returns a reason instead.

pub mod asl;
pub mod content;
pub mod event_pattern;
pub mod filter_policy;

pub use content::error::RuleError;
pub use content::flat::FlatEvent;
pub use content::tree::Mismatch;
