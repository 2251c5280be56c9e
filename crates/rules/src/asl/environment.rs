//! What the interpreter asks of its driver: the current time and, for FULL
//! jitter, a random number. It owns neither a clock nor a generator.

/// The caller's view of time and chance at the moment of a call.
pub trait Environment {
    /// Simulated time, in microseconds.
    fn now_us(&self) -> u64;
    /// A uniform random number in [0, 1), drawn from the caller's seeded generator.
    fn random_unit(&mut self) -> f64;
    /// The Unix time, in microseconds, of simulated time 0, for Timestamp waits.
    fn epoch_unix_us(&self) -> i64 {
        0
    }
}

/// A fixed moment and a fixed random number: enough for tests and simple drivers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub now_us: u64,
    pub random_unit: f64,
}

impl Clock {
    pub fn at(now_us: u64) -> Clock {
        Clock {
            now_us,
            random_unit: 0.5,
        }
    }
}

impl Environment for Clock {
    fn now_us(&self) -> u64 {
        self.now_us
    }

    fn random_unit(&mut self) -> f64 {
        self.random_unit
    }
}
