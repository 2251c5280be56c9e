//! The player's own state as a plain value: which step is shown, the simulated clock, whether
//! it plays and how fast. No signals and no browser here, so every rule is host-tested.

use lab_sim::Time;

/// Playback speeds in simulated time per real time, on a 1-2-5 logarithmic scale.
pub const SPEEDS: [f64; 10] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0];
/// Slow enough to watch a message cross a 30 ms link.
pub const DEFAULT_SPEED: usize = 2;

#[derive(Clone, Debug, PartialEq)]
pub struct PlayerState {
    /// The step whose resulting state is shown (0-based; meaningless when `len` is 0).
    pub step: usize,
    /// Simulated time the diagram shows, microseconds; between the shown step and the next.
    pub clock: Time,
    /// Steps in the run.
    pub len: usize,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
}

impl PlayerState {
    pub fn new(len: usize) -> Self {
        PlayerState { step: 0, clock: 0, len, playing: false, speed: DEFAULT_SPEED }
    }

    pub fn last(&self) -> usize {
        self.len.saturating_sub(1)
    }

    /// Shows step `i` (clamped to the run), with the clock at its time; stops playback only
    /// when the caller asks for it, so a chapter can pause while a click keeps playing.
    pub fn seek(&mut self, i: usize, times: &[Time]) {
        self.step = i.min(self.last());
        self.clock = times.get(self.step).copied().unwrap_or(0);
    }

    pub fn next(&mut self, times: &[Time]) {
        self.playing = false;
        self.seek(self.step.saturating_add(1), times);
    }

    pub fn previous(&mut self, times: &[Time]) {
        self.playing = false;
        self.seek(self.step.saturating_sub(1), times);
    }

    pub fn start(&mut self, times: &[Time]) {
        self.playing = false;
        self.seek(0, times);
    }

    pub fn end(&mut self, times: &[Time]) {
        self.playing = false;
        self.seek(self.last(), times);
    }

    /// Play from the start again when at the end, as a media player does.
    pub fn toggle(&mut self, times: &[Time]) {
        if !self.playing && self.step >= self.last() {
            self.seek(0, times);
        }
        self.playing = !self.playing && self.len > 0;
    }

    pub fn faster(&mut self) {
        self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
    }

    pub fn slower(&mut self) {
        self.speed = self.speed.saturating_sub(1);
    }

    pub fn speed_factor(&self) -> f64 {
        SPEEDS.get(self.speed).copied().unwrap_or(1.0)
    }

    /// Advances the clock by `real_ms` of wall time while playing. Stops at the end, or at
    /// the first breakpoint the clock crosses (returning its step) so a chapter can speak.
    pub fn tick(&mut self, real_ms: f64, times: &[Time], breakpoints: &[usize]) -> Option<usize> {
        if !self.playing || self.len == 0 {
            return None;
        }
        let advance = (real_ms.max(0.0) * 1000.0 * self.speed_factor()) as Time;
        let clock = self.clock.saturating_add(advance.max(1));
        let reached = times.partition_point(|&t| t <= clock).saturating_sub(1).max(self.step);
        let hit = breakpoints.iter().copied().filter(|&b| b > self.step && b <= reached).min();
        if let Some(b) = hit {
            self.seek(b, times);
            self.playing = false;
            return Some(b);
        }
        self.step = reached.min(self.last());
        self.clock = clock;
        if self.step >= self.last() {
            self.seek(self.last(), times);
            self.playing = false;
        }
        None
    }

    /// The step at or before simulated time `t`, for keeping the same moment across re-runs.
    pub fn step_at_time(t: Time, times: &[Time]) -> usize {
        times.partition_point(|&x| x <= t).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMES: [Time; 5] = [0, 1_000, 1_000, 5_000, 9_000];

    #[test]
    fn back_undoes_forward() {
        let mut p = PlayerState::new(TIMES.len());
        p.seek(2, &TIMES);
        let before = p.clone();
        p.next(&TIMES);
        assert_eq!(p.step, 3);
        p.previous(&TIMES);
        assert_eq!(p, before);
    }

    #[test]
    fn steps_stay_inside_the_run() {
        let mut p = PlayerState::new(TIMES.len());
        p.previous(&TIMES);
        assert_eq!(p.step, 0);
        p.end(&TIMES);
        p.next(&TIMES);
        assert_eq!((p.step, p.clock), (4, 9_000));
        p.seek(99, &TIMES);
        assert_eq!(p.step, 4);
        let mut empty = PlayerState::new(0);
        empty.next(&[]);
        empty.toggle(&[]);
        assert!(!empty.playing);
        assert_eq!(empty.tick(10.0, &[], &[]), None);
    }

    #[test]
    fn playing_follows_the_clock_and_stops_at_the_end() {
        let mut p = PlayerState::new(TIMES.len());
        p.speed = 6; // 1x: 1 ms of wall time is 1 ms simulated
        p.toggle(&TIMES);
        p.tick(2.0, &TIMES, &[]);
        assert_eq!((p.step, p.clock), (2, 2_000));
        p.tick(100.0, &TIMES, &[]);
        assert_eq!(p.step, 4);
        assert!(!p.playing);
        p.toggle(&TIMES);
        assert_eq!(p.step, 0, "play at the end starts over");
    }

    #[test]
    fn a_breakpoint_pauses_on_its_step() {
        let mut p = PlayerState::new(TIMES.len());
        p.speed = 6;
        p.toggle(&TIMES);
        assert_eq!(p.tick(100.0, &TIMES, &[3]), Some(3));
        assert_eq!((p.step, p.clock, p.playing), (3, 5_000, false));
        p.toggle(&TIMES);
        assert_eq!(p.tick(100.0, &TIMES, &[3]), None, "a passed breakpoint does not stop again");
    }

    #[test]
    fn speed_is_logarithmic_and_bounded() {
        let mut p = PlayerState::new(1);
        for _ in 0..20 {
            p.faster();
        }
        assert_eq!(p.speed_factor(), 10.0);
        for _ in 0..20 {
            p.slower();
        }
        assert_eq!(p.speed_factor(), 0.01);
    }

    #[test]
    fn the_same_moment_across_runs() {
        assert_eq!(PlayerState::step_at_time(1_500, &TIMES), 2);
        assert_eq!(PlayerState::step_at_time(0, &TIMES), 0);
        assert_eq!(PlayerState::step_at_time(50_000, &TIMES), 4);
    }
}
