//! Sampling of the distributions a scenario can name (fixed, uniform, exponential,
//! log-normal), in microseconds.
//!
//! Transcendental functions come from the `libm` crate, not from `f64::ln` and friends: std
//! calls the platform's maths library on the host and a different one on wasm, and those may
//! differ in the last bit, which would break byte-for-byte determinism.

use super::rng::Rng;
use super::Time;

/// A distribution compiled from a scenario's [`crate::Dist`], with parameters in microseconds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Sampler {
    Fixed(f64),
    Uniform {
        lo: f64,
        hi: f64,
    },
    Exponential {
        mean: f64,
    },
    /// `mu` is the natural log of the median.
    LogNormal {
        mu: f64,
        sigma: f64,
    },
}

impl Sampler {
    /// Draws one value in microseconds, already rounded to the engine's integer clock.
    pub fn sample(&self, rng: &mut Rng, factor: f64) -> Time {
        let x = match *self {
            Sampler::Fixed(v) => v,
            Sampler::Uniform { lo, hi } => lo + (hi - lo) * rng.unit(),
            // 1 - u lies in (0, 1], so the logarithm is finite.
            Sampler::Exponential { mean } => -mean * libm::log(1.0 - rng.unit()),
            Sampler::LogNormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
        };
        to_time(x * factor)
    }
}

/// Box-Muller transform: one standard normal draw from two uniforms.
fn standard_normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.unit();
    let u2 = rng.unit();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
}

/// Rounds a non-negative duration in microseconds to the clock; NaN and negatives become 0,
/// huge values saturate well below overflow so `now + d` stays safe.
pub(crate) fn to_time(us: f64) -> Time {
    const CAP: f64 = (1u64 << 60) as f64;
    if us.is_nan() || us <= 0.0 {
        0
    } else if us >= CAP {
        1u64 << 60
    } else {
        libm::round(us) as Time
    }
}
