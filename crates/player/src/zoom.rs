//! Zoom and pan of the diagram as a plain value: the part of the diagram in view, as the
//! SVG's `viewBox`. The wheel, a pinch, a drag, the buttons and the keys all end here.

pub const MIN: f64 = 1.0;
pub const MAX: f64 = 8.0;
/// One press of a zoom button or key.
pub const STEP: f64 = 1.25;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zoom {
    /// 1 shows the whole diagram.
    pub factor: f64,
    /// Top-left corner of the part in view, in diagram units.
    pub x: f64,
    pub y: f64,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom { factor: MIN, x: 0.0, y: 0.0 }
    }
}

impl Zoom {
    /// The `viewBox` for a diagram of `w` by `h` units.
    pub fn view_box(&self, w: f64, h: f64) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, w / self.factor, h / self.factor)
    }

    /// Zooms by `by`, keeping the point at fractions (`fx`, `fy`) of the view where it is
    /// (the pointer for the wheel and a pinch, the centre for the buttons).
    pub fn zoom_by(&mut self, by: f64, (fx, fy): (f64, f64), (w, h): (f64, f64)) {
        let factor = (self.factor * by).clamp(MIN, MAX);
        if !factor.is_finite() {
            return;
        }
        self.x += (w / self.factor - w / factor) * fx.clamp(0.0, 1.0);
        self.y += (h / self.factor - h / factor) * fy.clamp(0.0, 1.0);
        self.factor = factor;
        self.keep_inside(w, h);
    }

    /// Moves the view by (`dx`, `dy`) diagram units.
    pub fn pan(&mut self, dx: f64, dy: f64, (w, h): (f64, f64)) {
        if dx.is_finite() && dy.is_finite() {
            self.x += dx;
            self.y += dy;
            self.keep_inside(w, h);
        }
    }

    /// The view never leaves the diagram, so nobody gets lost in empty space.
    fn keep_inside(&mut self, w: f64, h: f64) {
        self.x = self.x.clamp(0.0, (w - w / self.factor).max(0.0));
        self.y = self.y.clamp(0.0, (h - h / self.factor).max(0.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: (f64, f64) = (800.0, 400.0);

    #[test]
    fn zooming_keeps_the_chosen_point_still() {
        let mut z = Zoom::default();
        z.zoom_by(2.0, (0.25, 0.5), SIZE);
        // The point a quarter across was at 200; in the halved view it is still a quarter across.
        assert_eq!(z.view_box(SIZE.0, SIZE.1), "100.0 100.0 400.0 200.0");
        assert_eq!(z.x + 0.25 * 400.0, 200.0);
    }

    #[test]
    fn zoom_and_pan_stay_in_bounds() {
        let mut z = Zoom::default();
        z.zoom_by(0.5, (0.5, 0.5), SIZE);
        assert_eq!(z, Zoom::default(), "never smaller than the whole diagram");
        z.pan(50.0, 50.0, SIZE);
        assert_eq!(z, Zoom::default(), "nothing to pan at full view");
        for _ in 0..40 {
            z.zoom_by(STEP, (1.0, 1.0), SIZE);
        }
        assert_eq!(z.factor, MAX);
        z.pan(1e9, -1e9, SIZE);
        assert_eq!((z.x, z.y), (700.0, 0.0));
        z.pan(f64::NAN, 1.0, SIZE);
        assert_eq!((z.x, z.y), (700.0, 0.0));
    }
}
