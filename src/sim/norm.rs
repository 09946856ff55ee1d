//! Batch and layer normalization without affine parameters, float32 values with float64
//! statistics summed in a fixed order (deterministic natively and in wasm32):
//! N = (H − mean)/σ with σ = √(var + 1e-5), biased variance, over the B rows of each column
//! (batch) or over the W columns of each row (layer). Backward (exact for this σ):
//! ∂H = (∂N − mean(∂N) − N·mean(∂N ⊙ N)) / σ, the means over the same group.

use super::config::Norm;

/// Added to the variance inside the square root (PyTorch's and the reference's default).
pub const NORM_EPS: f64 = 1e-5;

/// The shape of a B×W row-major matrix, and which groups a norm reduces over.
#[derive(Clone, Copy)]
struct Groups {
    /// Number of groups (one σ each).
    count: usize,
    /// Elements per group.
    len: usize,
    /// Index of element k of group g is g·group_stride + k·elem_stride.
    group_stride: usize,
    elem_stride: usize,
}

impl Groups {
    fn of(norm: Norm, batch: usize, width: usize) -> Option<Groups> {
        match norm {
            Norm::None => None,
            Norm::Batch => Some(Groups {
                count: width,
                len: batch,
                group_stride: 1,
                elem_stride: width,
            }),
            Norm::Layer => Some(Groups {
                count: batch,
                len: width,
                group_stride: width,
                elem_stride: 1,
            }),
        }
    }

    fn indices(self, g: usize) -> impl Iterator<Item = usize> {
        (0..self.len).map(move |k| g * self.group_stride + k * self.elem_stride)
    }
}

/// How many σ values a norm keeps per layer (W for batch, B for layer, 0 for none).
pub fn sigma_count(norm: Norm, batch: usize, width: usize) -> usize {
    Groups::of(norm, batch, width).map_or(0, |g| g.count)
}

/// N = Norm(H) into `n`, and each group's σ into `sigma`. `Norm::None` copies H.
pub fn normalize(
    norm: Norm,
    batch: usize,
    width: usize,
    h: &[f32],
    n: &mut [f32],
    sigma: &mut [f32],
) {
    let Some(g) = Groups::of(norm, batch, width) else {
        n.copy_from_slice(h);
        return;
    };
    let len = g.len as f64;
    for (gi, s) in sigma.iter_mut().enumerate().take(g.count) {
        let mut sum = 0.0f64;
        for i in g.indices(gi) {
            sum += h[i] as f64;
        }
        let mean = sum / len;
        let mut ss = 0.0f64;
        for i in g.indices(gi) {
            let d = h[i] as f64 - mean;
            ss += d * d;
        }
        let (mean32, sd32) = (mean as f32, (ss / len + NORM_EPS).sqrt() as f32);
        *s = sd32;
        for i in g.indices(gi) {
            n[i] = (h[i] - mean32) / sd32;
        }
    }
}

/// ∂Loss/∂H from ∂Loss/∂N, the saved N and σ (see the module comment).
pub fn normalize_backward(
    norm: Norm,
    batch: usize,
    width: usize,
    dn: &[f32],
    n: &[f32],
    sigma: &[f32],
    dh: &mut [f32],
) {
    let Some(g) = Groups::of(norm, batch, width) else {
        dh.copy_from_slice(dn);
        return;
    };
    let len = g.len as f64;
    for (gi, &sd) in sigma.iter().enumerate().take(g.count) {
        let (mut s1, mut s2) = (0.0f64, 0.0f64);
        for i in g.indices(gi) {
            s1 += dn[i] as f64;
            s2 += dn[i] as f64 * n[i] as f64;
        }
        let (m1, m2) = ((s1 / len) as f32, (s2 / len) as f32);
        for i in g.indices(gi) {
            dh[i] = (dn[i] - m1 - n[i] * m2) / sd;
        }
    }
}
