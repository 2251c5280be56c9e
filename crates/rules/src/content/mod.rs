//! The content-filter core shared by EventBridge event patterns and SNS filter
//! policies: one syntax, one matcher, two dialects.

mod anything_but;
pub mod cidr;
pub mod dialect;
pub mod error;
pub mod flat;
pub mod matcher;
pub mod numeric;
mod operators;
pub mod parse;
pub mod tree;
pub mod wildcard;
