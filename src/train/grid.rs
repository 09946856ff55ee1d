//! The decision boundary: the network's class-1 probability on an n×n grid over the data.
//!
//! Batch norm and the grid: the rule is that batch norm uses the statistics of the batch
//! being evaluated. A grid is not a batch of data, though: its points spread evenly over a square
//! (mostly where no data lies), so its own statistics would shift and rescale every layer and
//! paint a boundary the network never uses on its data. We therefore normalise the grid with
//! the statistics of the **full training set** at the current parameters — exactly the pass
//! `Trainer::measure` makes — so the shaded class under each training point is the class that
//! the measured training accuracy counts (tested bit for bit). Layer norm and no norm act per
//! point and need no such choice. Every row is then independent, so the grid is evaluated in
//! blocks of `BLOCK_ROWS` points, keeping memory small even for wide deep networks.

use serde::{Deserialize, Serialize};

use super::config::Norm;
use super::model::{Arch, Params, CLASSES, INPUTS};
use super::trainer::Trainer;
use crate::sim::matmul::{Gemm, View};
use crate::sim::norm::{normalize, sigma_count, NORM_EPS};

/// Grid sides the function accepts (others are clamped).
pub const GRID_MIN: usize = 2;
pub const GRID_MAX: usize = 120;
/// Points evaluated together: bounds the buffers to BLOCK_ROWS × width floats each.
const BLOCK_ROWS: usize = 1024;
/// Margin around the training points, as a fraction of their half-extent.
const MARGIN: f64 = 0.1;

/// Class-1 probabilities at the centres of an n×n grid of cells covering a square.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundaryGrid {
    /// Cells per side.
    pub n: usize,
    /// The square covered: x from `x_range.0` to `x_range.1`, y likewise.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// `prob[row * n + col]`: row 0 is the lowest y, col 0 the lowest x. NaN where the network's
    /// output is not finite (an overflowed network).
    pub prob: Vec<f64>,
}

impl BoundaryGrid {
    /// The centre of cell (row, col).
    pub fn centre(&self, row: usize, col: usize) -> (f64, f64) {
        let at = |(lo, hi): (f64, f64), i: usize| lo + (i as f64 + 0.5) * (hi - lo) / self.n as f64;
        (at(self.x_range, col), at(self.y_range, row))
    }
}

/// The trainer's current class-1 probability on an n×n grid (n clamped to
/// [`GRID_MIN`], [`GRID_MAX`]) over a square around the training points.
pub fn boundary_grid(trainer: &Trainer, n: usize) -> BoundaryGrid {
    let n = n.clamp(GRID_MIN, GRID_MAX);
    let (x_range, y_range) = square_around(&trainer.train_set().x);
    let mut grid = BoundaryGrid {
        n,
        x_range,
        y_range,
        prob: Vec::new(),
    };
    let mut xs = Vec::with_capacity(n * n * INPUTS);
    for row in 0..n {
        for col in 0..n {
            let (x, y) = grid.centre(row, col);
            xs.extend_from_slice(&[x as f32, y as f32]);
        }
    }
    grid.prob = class1_probability(trainer, &xs);
    grid
}

/// Class-1 probability (softmax of the two logits) of each point of `x` (n×2 row-major) under
/// the trainer's current parameters, batch norm with the training set's statistics.
pub fn class1_probability(trainer: &Trainer, x: &[f32]) -> Vec<f64> {
    let arch = Arch::of(trainer.config());
    let params = trainer.params();
    let mut pass = Inference::default();
    if arch.norm == Norm::Batch {
        pass.record = true;
        pass.logits(&arch, params, &trainer.train_set().x);
        pass.record = false;
    }
    let mut out = Vec::with_capacity(x.len() / INPUTS);
    for block in x.chunks(BLOCK_ROWS * INPUTS) {
        let logits = pass.logits(&arch, params, block);
        out.extend(logits.chunks_exact(CLASSES).map(|z| {
            let d = z[0] as f64 - z[1] as f64;
            1.0 / (1.0 + libm::exp(d))
        }));
    }
    out
}

/// A square centred on the points' bounding box, its half-side the larger half-extent plus
/// the margin (at least 0.5, so a degenerate set still gets a visible area).
fn square_around(x: &[f32]) -> ((f64, f64), (f64, f64)) {
    let bounds = |axis: usize| {
        x.iter()
            .skip(axis)
            .step_by(INPUTS)
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v as f64), hi.max(v as f64))
            })
    };
    let (bx, by) = (bounds(0), bounds(1));
    if !(bx.0 <= bx.1 && by.0 <= by.1) {
        return ((-1.0, 1.0), (-1.0, 1.0));
    }
    let half = ((bx.1 - bx.0).max(by.1 - by.0) / 2.0 * (1.0 + MARGIN)).max(0.5);
    let (cx, cy) = ((bx.0 + bx.1) / 2.0, (by.0 + by.1) / 2.0);
    ((cx - half, cx + half), (cy - half, cy + half))
}

/// A forward pass without anything kept for a backward pass. With `record`, batch norm uses
/// (and stores) the rows' own statistics, as `normalize` computes them; otherwise it applies
/// the stored ones.
#[derive(Default)]
struct Inference {
    gemm: Gemm,
    record: bool,
    /// Per input/hidden layer: each column's mean and σ (float32, as `normalize` applies them).
    mean: Vec<Vec<f32>>,
    sd: Vec<Vec<f32>>,
}

impl Inference {
    fn logits(&mut self, arch: &Arch, p: &Params, x: &[f32]) -> Vec<f32> {
        let (n, w) = (x.len() / INPUTS, arch.width);
        let mut a = x.to_vec();
        let (mut h, mut normed, mut f) = (vec![0.0; n * w], vec![0.0; n * w], vec![0.0; n * w]);
        let mut sigma = vec![0.0; sigma_count(arch.norm, n, w)];
        self.mean.resize_with(arch.depth + 1, Vec::new);
        self.sd.resize_with(arch.depth + 1, Vec::new);
        for k in 0..=arch.depth {
            let (fan_in, _) = arch.shape(k);
            let (weights, input) = (View::rows(&p.weights[k], w), View::rows(&a, fan_in));
            self.gemm.run(n, fan_in, w, input, weights, &mut h);
            add_bias(&mut h, &p.biases[k]);
            if arch.norm == Norm::Batch {
                if self.record {
                    column_stats(n, w, &h, &mut self.mean[k], &mut self.sd[k]);
                }
                apply_stats(w, &h, &self.mean[k], &self.sd[k], &mut normed);
            } else {
                normalize(arch.norm, n, w, &h, &mut normed, &mut sigma);
            }
            arch.activation.forward_f32(&normed, &mut f);
            match arch.residual.filter(|_| k > 0) {
                Some(alpha) => a.iter_mut().zip(&f).for_each(|(o, &v)| *o += alpha * v),
                None => a.clone_from(&f),
            }
        }
        let head = arch.depth + 1;
        let mut logits = vec![0.0; n * CLASSES];
        let (input, weights) = (View::rows(&a, w), View::rows(&p.weights[head], CLASSES));
        self.gemm.run(n, w, CLASSES, input, weights, &mut logits);
        add_bias(&mut logits, &p.biases[head]);
        logits
    }
}

/// Each column's mean and σ = √(var + ε) over the n rows, summed as `normalize` sums them.
fn column_stats(n: usize, w: usize, h: &[f32], mean: &mut Vec<f32>, sd: &mut Vec<f32>) {
    mean.clear();
    sd.clear();
    for j in 0..w {
        let column = || (0..n).map(move |i| h[i * w + j] as f64);
        let m = column().fold(0.0f64, |s, v| s + v) / n as f64;
        let ss = column().fold(0.0f64, |s, v| s + (v - m) * (v - m));
        mean.push(m as f32);
        sd.push((ss / n as f64 + NORM_EPS).sqrt() as f32);
    }
}

fn apply_stats(w: usize, h: &[f32], mean: &[f32], sd: &[f32], out: &mut [f32]) {
    for (row, o) in h.chunks_exact(w).zip(out.chunks_exact_mut(w)) {
        for j in 0..w {
            o[j] = (row[j] - mean[j]) / sd[j];
        }
    }
}

fn add_bias(m: &mut [f32], b: &[f32]) {
    for row in m.chunks_exact_mut(b.len()) {
        row.iter_mut().zip(b).for_each(|(v, &bb)| *v += bb);
    }
}
