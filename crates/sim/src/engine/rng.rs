//! A small seeded random generator: xoshiro256** seeded through SplitMix64.
//!
//! Written here rather than taken from the `rand` crate so the wasm stays small and the
//! sequence can never change under us with a dependency update: the same seed must give the
//! same run, byte for byte, on the host and in the browser, today and next year.

/// xoshiro256** (Blackman and Vigna). Only integer operations, so it is identical everywhere.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// Seeds the four words of state from SplitMix64, as the xoshiro authors recommend, so a
    /// seed of 0 or 1 still gives a well-mixed state.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform number in [0, 1) with 53 random bits (exact in f64).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`; draws a number even when `p` is 0 so that changing an error
    /// rate from 0 to 0.1 does not shift every later draw of the run.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}
