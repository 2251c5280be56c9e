//! Automatic layout of the topology: components in columns by their distance from the
//! callers (longest path over the links), stacked in scenario order within a column.

use lab_sim::Run;

pub const COLUMN: f64 = 190.0;
pub const ROW: f64 = 120.0;
const MARGIN_X: f64 = 80.0;
const MARGIN_Y: f64 = 70.0;

pub struct Layout {
    /// Centre of each component, by component index.
    pub positions: Vec<(f64, f64)>,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn new(run: &Run) -> Self {
        let graph = run.graph();
        let links = graph.raw_edges().iter().map(|e| (graph[e.source()].0 as usize, graph[e.target()].0 as usize));
        Layout::of(run.component_names().len(), links)
    }

    /// The layout of `count` components joined by `links` (from, to), by component index.
    pub fn of(count: usize, links: impl Iterator<Item = (usize, usize)> + Clone) -> Self {
        let columns = columns(count, links);
        let count = columns.iter().copied().max().map_or(0, |c| c + 1);
        let mut rows = vec![0usize; count];
        let mut slots = Vec::with_capacity(columns.len());
        for &c in &columns {
            if let Some(row) = rows.get_mut(c) {
                slots.push((c, *row));
                *row += 1;
            }
        }
        let tallest = rows.iter().copied().max().unwrap_or(1).max(1);
        let positions = slots
            .iter()
            .map(|&(c, r)| {
                // Centre short columns against the tallest one.
                let offset = (tallest - rows.get(c).copied().unwrap_or(tallest)) as f64 * ROW / 2.0;
                (MARGIN_X + c as f64 * COLUMN, MARGIN_Y + offset + r as f64 * ROW)
            })
            .collect();
        Layout {
            positions,
            width: 2.0 * MARGIN_X + count.saturating_sub(1) as f64 * COLUMN,
            height: 2.0 * MARGIN_Y + (tallest - 1) as f64 * ROW,
        }
    }

    pub fn at(&self, n: usize) -> (f64, f64) {
        self.positions.get(n).copied().unwrap_or((0.0, 0.0))
    }

    /// Every link as (from, to, link index), for drawing.
    pub fn links(run: &Run) -> Vec<(usize, usize, usize)> {
        let graph = run.graph();
        graph
            .raw_edges()
            .iter()
            .map(|e| (graph[e.source()].0 as usize, graph[e.target()].0 as usize, e.weight))
            .collect()
    }
}

/// Column of each component: the longest chain of links leading to it. Relaxed at most
/// once per component, so a cycle of links cannot loop forever.
fn columns(n: usize, links: impl Iterator<Item = (usize, usize)> + Clone) -> Vec<usize> {
    let mut column = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for (a, b) in links.clone() {
            let (Some(&from), Some(&to)) = (column.get(a), column.get(b)) else { continue };
            if to < from + 1 && from + 1 < n {
                if let Some(to) = column.get_mut(b) {
                    *to = from + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_come_first_and_chains_go_right() {
        let run = lab_sim::simulate(&lab_sim::examples::file("payments-sync.toml").unwrap(), 1).unwrap();
        let layout = Layout::new(&run);
        let xs: Vec<f64> = layout.positions.iter().map(|p| p.0).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        assert!(layout.width > xs[3] && layout.height > 0.0);
    }

    #[test]
    fn components_never_overlap() {
        let run = lab_sim::simulate(&lab_sim::examples::file("orders-fan-out.toml").unwrap(), 1).unwrap();
        let layout = Layout::new(&run);
        for (i, a) in layout.positions.iter().enumerate() {
            for b in &layout.positions[i + 1..] {
                assert!(a != b);
            }
        }
    }
}
