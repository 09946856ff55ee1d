//! χ* over the (σ_w², σ_b²) plane for one activation: what the phase diagram draws, and the
//! critical line χ* = 1 traced through it.

use super::config::Activation;
use super::phase::{chi_star, critical_sigma_w2};

/// The plane's extent for `act`: σ_w² in [0, max_w], σ_b² in [0, max_b]. Sigmoid's E[φ′²] is at
/// most 1/16, so its edge of chaos lies beyond σ_w² = 100 (the most the core accepts): its plane
/// spans all of that; for the others 0–4 holds the edge and the common inits (1 and 2).
pub fn plane_extent(act: Activation) -> (f64, f64) {
    match act {
        Activation::Sigmoid => (100.0, 0.5),
        _ => (4.0, 0.5),
    }
}

/// χ* at the centres of a cols × rows grid over the plane.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseGrid {
    pub activation: Activation,
    pub max_sigma_w2: f64,
    pub max_sigma_b2: f64,
    pub cols: usize,
    pub rows: usize,
    /// Row-major, row 0 at σ_b² ≈ 0 (the bottom of the diagram), column 0 at σ_w² ≈ 0.
    pub chi: Vec<f64>,
    /// The critical line's foot, σ_w² where χ* = 1 at σ_b² = 0 (`None` where the plane has
    /// none): solved with the last cell.
    pub critical_foot: Option<f64>,
}

impl PhaseGrid {
    /// Computes the grid (about 0.1 ms per cell in the browser for the smooth activations).
    pub fn compute(act: Activation, cols: usize, rows: usize) -> PhaseGrid {
        let mut grid = PhaseGrid::empty(act, cols, rows);
        while grid.compute_next_cell() {}
        grid
    }

    /// A grid with no cell computed yet (fill it with `compute_next_cell`, so a page can spread
    /// the work over many short tasks).
    pub fn empty(act: Activation, cols: usize, rows: usize) -> PhaseGrid {
        let (max_w, max_b) = plane_extent(act);
        let (cols, rows) = (cols.max(2), rows.max(2));
        PhaseGrid {
            activation: act,
            max_sigma_w2: max_w,
            max_sigma_b2: max_b,
            cols,
            rows,
            chi: Vec::with_capacity(cols * rows),
            critical_foot: None,
        }
    }

    /// Computes the next cell, row by row from the bottom; false once every cell is there.
    pub fn compute_next_cell(&mut self) -> bool {
        if self.is_complete() {
            return false;
        }
        let n = self.chi.len();
        let (sw2, sb2) = self.centre(n % self.cols, n / self.cols);
        self.chi.push(chi_star(self.activation, sw2, sb2));
        if self.is_complete() {
            self.critical_foot = critical_sigma_w2(self.activation, 0.0, self.max_sigma_w2);
        }
        true
    }

    pub fn is_complete(&self) -> bool {
        self.chi.len() == self.cols * self.rows
    }

    /// (σ_w², σ_b²) at the centre of cell (col, row).
    pub fn centre(&self, col: usize, row: usize) -> (f64, f64) {
        (
            self.max_sigma_w2 * (col as f64 + 0.5) / self.cols as f64,
            self.max_sigma_b2 * (row as f64 + 0.5) / self.rows as f64,
        )
    }

    pub fn chi_at(&self, col: usize, row: usize) -> f64 {
        self.chi
            .get(row * self.cols + col)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The critical line as (σ_w², σ_b²) points from the bottom up: the foot, solved exactly
    /// (the line can bend sharply there, as tanh's does), then per row the σ_w² where log χ*
    /// crosses 0 between neighbouring cells (linear in log χ*); rows without a crossing are
    /// left out.
    pub fn critical_line(&self) -> Vec<(f64, f64)> {
        let foot = self.critical_foot.map(|w| (w, 0.0));
        let rows = (0..self.rows).filter_map(|r| {
            let sb2 = self.centre(0, r).1;
            (0..self.cols - 1).find_map(|c| {
                let (a, b) = (self.chi_at(c, r).ln(), self.chi_at(c + 1, r).ln());
                if !(a.is_finite() && b.is_finite()) || a > 0.0 || b <= 0.0 {
                    return None;
                }
                let t = a / (a - b);
                let (x0, x1) = (self.centre(c, r).0, self.centre(c + 1, r).0);
                Some((x0 + t * (x1 - x0), sb2))
            })
        });
        foot.into_iter().chain(rows).collect()
    }
}
