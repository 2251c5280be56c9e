//! Checks of single values, with the field's name in the message. A field of a kind's table
//! is checked against the range the table gives it.

use lab_i18n::scenario as msg;
use serde_json::Value;

use super::error::{err, ScenarioError, Where};
use super::Dist;
use crate::engine::dist::{to_time, Sampler};
use crate::kinds::{FieldInfo, DAY_MS};
use crate::step::Time;

/// Checks values found at one place of the scenario.
pub(crate) struct Check {
    place: Where,
}

impl Check {
    pub fn new(place: Where) -> Self {
        Check { place }
    }

    pub fn fail<T>(&self, msg: String) -> Result<T, ScenarioError> {
        err(self.place.clone(), msg)
    }

    /// A duration in milliseconds: finite, not negative, at most `max_ms`.
    pub fn ms(&self, field: &str, v: f64, max_ms: f64) -> Result<Time, ScenarioError> {
        if !v.is_finite() || v < 0.0 {
            return self.fail(msg::DURATION_NEGATIVE.with(&[("field", &field), ("value", &v)]));
        }
        if v > max_ms {
            return self.fail(msg::DURATION_TOO_LONG.with(&[("field", &field), ("value", &v), ("max", &max_ms)]));
        }
        Ok(to_time(v * 1000.0))
    }

    /// A duration field, in its table's range.
    pub fn duration(&self, f: &FieldInfo, v: f64) -> Result<Time, ScenarioError> {
        if f.min_excluded && !(v > f.min && v <= f.max) {
            return self.fail(msg::DURATION_ABOVE_AND_AT_MOST.with(&[("field", &f.path), ("min", &f.min), ("max", &f.max), ("value", &v)]));
        }
        if v < f.min {
            return self.fail(msg::DURATION_AT_LEAST.with(&[("field", &f.path), ("min", &f.min), ("value", &v)]));
        }
        self.ms(f.path, v, f.max)
    }

    /// A number field, in its table's range.
    pub fn number(&self, f: &FieldInfo, v: f64) -> Result<f64, ScenarioError> {
        if f.min_excluded && !(v.is_finite() && v > f.min) {
            return self.fail(msg::NUMBER_ABOVE.with(&[("field", &f.path), ("min", &f.min), ("value", &v)]));
        }
        if !v.is_finite() || v < f.min {
            return self.fail(msg::NUMBER_AT_LEAST.with(&[("field", &f.path), ("min", &f.min), ("value", &v)]));
        }
        if v > f.max {
            return self.fail(msg::NUMBER_AT_MOST.with(&[("field", &f.path), ("max", &f.max), ("value", &v)]));
        }
        Ok(v)
    }

    pub fn probability(&self, f: &FieldInfo, v: f64) -> Result<f64, ScenarioError> {
        if !(0.0..=1.0).contains(&v) {
            return self.fail(msg::PROBABILITY.with(&[("field", &f.path), ("value", &v)]));
        }
        Ok(v)
    }

    /// A count field, in its table's range.
    pub fn count(&self, f: &FieldInfo, v: u32) -> Result<u32, ScenarioError> {
        self.count_in(f.path, v, f.min as u32, f.max as u32)
    }

    pub fn count_in(&self, field: &str, v: u32, lo: u32, hi: u32) -> Result<u32, ScenarioError> {
        if v < lo || v > hi {
            return self.fail(msg::COUNT_BETWEEN.with(&[("field", &field), ("min", &lo), ("max", &hi), ("value", &v)]));
        }
        Ok(v)
    }

    pub fn dist(&self, field: &str, d: &Dist) -> Result<Sampler, ScenarioError> {
        Ok(match *d {
            Dist::Fixed { ms } => Sampler::Fixed(self.ms(field, ms, DAY_MS)? as f64),
            Dist::Uniform { min_ms, max_ms } => {
                let lo = self.ms(field, min_ms, DAY_MS)? as f64;
                let hi = self.ms(field, max_ms, DAY_MS)? as f64;
                if lo > hi {
                    return self.fail(msg::UNIFORM_MIN_ABOVE_MAX.with(&[("field", &field), ("min", &min_ms), ("max", &max_ms)]));
                }
                Sampler::Uniform { lo, hi }
            }
            Dist::Exponential { mean_ms } => Sampler::Exponential {
                mean: self.ms(field, mean_ms, DAY_MS)? as f64,
            },
            Dist::LogNormal { median_ms, sigma } => {
                let median = self.ms(field, median_ms, DAY_MS)? as f64;
                if median <= 0.0 {
                    return self.fail(msg::MEDIAN_NOT_ABOVE_ZERO.with(&[("field", &field)]));
                }
                if !(0.0..=4.0).contains(&sigma) {
                    return self.fail(msg::SIGMA_RANGE.with(&[("field", &field), ("value", &sigma)]));
                }
                Sampler::LogNormal {
                    mu: libm::log(median),
                    sigma,
                }
            }
        })
    }

    /// JSON text.
    pub fn json(&self, field: &str, text: &str) -> Result<Value, ScenarioError> {
        serde_json::from_str(text)
            .or_else(|e| self.fail(msg::NOT_JSON.with(&[("field", &field), ("error", &e)])))
    }
}
