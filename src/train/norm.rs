//! Batch and layer normalisation without affine parameters: y = (h − μ)/√(σ² + ε), biased
//! variance, ε = 1e-5. Batch norm takes μ, σ² per unit (column) over the rows of the batch
//! being evaluated (never running averages); layer norm per example (row) over the units.
//! Sums are float64 in ascending order, results rounded to float32.

use super::config::Norm;

pub const EPS: f64 = 1e-5;

/// Which elements form one normalisation group in an n×w row-major matrix.
struct Groups {
    count: usize,
    /// Distance between the first elements of consecutive groups.
    step: usize,
    /// Distance between consecutive elements of a group.
    stride: usize,
    len: usize,
}

fn groups(norm: Norm, n: usize, w: usize) -> Option<Groups> {
    match norm {
        Norm::None => None,
        Norm::Batch => Some(Groups {
            count: w,
            step: 1,
            stride: w,
            len: n,
        }),
        Norm::Layer => Some(Groups {
            count: n,
            step: w,
            stride: 1,
            len: w,
        }),
    }
}

/// y = Norm(h) for an n×w matrix; `inv_std` receives 1/√(σ² + ε) per group. Returns false
/// (leaving y and inv_std untouched) when `norm` is `None`.
pub fn forward(
    norm: Norm,
    n: usize,
    w: usize,
    h: &[f32],
    y: &mut [f32],
    inv_std: &mut Vec<f32>,
) -> bool {
    let Some(g) = groups(norm, n, w) else {
        return false;
    };
    inv_std.clear();
    for k in 0..g.count {
        let idx = |t: usize| k * g.step + t * g.stride;
        let m = g.len as f64;
        let mean = (0..g.len).fold(0.0f64, |a, t| a + h[idx(t)] as f64) / m;
        let var = (0..g.len).fold(0.0f64, |a, t| {
            let d = h[idx(t)] as f64 - mean;
            a + d * d
        }) / m;
        let s = 1.0 / (var + EPS).sqrt();
        for t in 0..g.len {
            y[idx(t)] = ((h[idx(t)] as f64 - mean) * s) as f32;
        }
        inv_std.push(s as f32);
    }
    true
}

/// dh from dy, given the forward's output y and inv_std:
/// dh = s·(dy − mean(dy) − y·mean(dy·y)) within each group.
pub fn backward(
    norm: Norm,
    n: usize,
    w: usize,
    y: &[f32],
    inv_std: &[f32],
    dy: &[f32],
    dh: &mut [f32],
) {
    let Some(g) = groups(norm, n, w) else {
        dh.copy_from_slice(dy);
        return;
    };
    for (k, &s) in inv_std.iter().enumerate().take(g.count) {
        let idx = |t: usize| k * g.step + t * g.stride;
        let m = g.len as f64;
        let (mut sum_dy, mut sum_dyy) = (0.0f64, 0.0f64);
        for t in 0..g.len {
            let (d, v) = (dy[idx(t)] as f64, y[idx(t)] as f64);
            sum_dy += d;
            sum_dyy += d * v;
        }
        let (mean_dy, mean_dyy) = (sum_dy / m, sum_dyy / m);
        for t in 0..g.len {
            let v = dy[idx(t)] as f64 - mean_dy - y[idx(t)] as f64 * mean_dyy;
            dh[idx(t)] = (s as f64 * v) as f32;
        }
    }
}
