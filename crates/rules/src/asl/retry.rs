//! Retry and Catch: which errors they handle and how long to wait before retrying.

use super::json_path::JsonPath;

#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    pub error_equals: Vec<String>,
    pub interval_seconds: u64,
    pub max_attempts: u64,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<u64>,
    pub jitter: Jitter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    None,
    /// The wait is a random fraction of the computed delay.
    Full,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    pub error_equals: Vec<String>,
    pub next: String,
    /// None: `"ResultPath": null`, the error output is discarded.
    pub result_path: Option<JsonPath>,
}

impl Default for Retrier {
    /// The service's defaults for the optional fields.
    fn default() -> Self {
        Retrier {
            error_equals: Vec::new(),
            interval_seconds: 1,
            max_attempts: 3,
            backoff_rate: 2.0,
            max_delay_seconds: None,
            jitter: Jitter::None,
        }
    }
}

/// `States.Runtime` is never retried or caught, even by `States.ALL`.
pub const RUNTIME: &str = "States.Runtime";
pub const ALL: &str = "States.ALL";
pub const TASK_FAILED: &str = "States.TaskFailed";
pub const TIMEOUT: &str = "States.Timeout";

/// Whether a Retry or Catch `ErrorEquals` list covers `error`.
pub fn handles(error_equals: &[String], error: &str) -> bool {
    if error == RUNTIME {
        return false;
    }
    error_equals
        .iter()
        .any(|name| name == error || name == ALL || (name == TASK_FAILED && error != TIMEOUT))
}

impl Retrier {
    /// The wait before retry `n` (1-based) in microseconds:
    /// IntervalSeconds × BackoffRate^(n-1), capped by MaxDelaySeconds, then
    /// scaled by `random_unit` in [0, 1) under FULL jitter.
    pub fn delay_us(&self, n: u64, random_unit: f64) -> u64 {
        let mut seconds = self.interval_seconds as f64;
        // Repeated multiplication instead of powf: bit-identical on every target.
        for _ in 1..n.min(1_000) {
            seconds *= self.backoff_rate;
            if self
                .max_delay_seconds
                .is_some_and(|cap| seconds >= cap as f64)
            {
                break;
            }
        }
        if let Some(cap) = self.max_delay_seconds {
            seconds = seconds.min(cap as f64);
        }
        if self.jitter == Jitter::Full {
            seconds *= random_unit.clamp(0.0, 1.0);
        }
        seconds_to_us(seconds)
    }
}

/// Saturating conversion: `as` turns huge or infinite values into u64::MAX.
pub fn seconds_to_us(seconds: f64) -> u64 {
    (seconds * 1_000_000.0).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names() {
        let list = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(handles(&list(&["States.ALL"]), "Boom"));
        assert!(!handles(&list(&["States.ALL"]), RUNTIME));
        assert!(handles(&list(&["States.TaskFailed"]), "Boom"));
        assert!(!handles(&list(&["States.TaskFailed"]), TIMEOUT));
        assert!(handles(&list(&["States.Timeout"]), TIMEOUT));
        assert!(!handles(&list(&["Other"]), "Boom"));
    }
}
