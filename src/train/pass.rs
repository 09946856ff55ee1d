//! Forward and backward pass of the trained network in float32 over n rows.
//!
//! Input and hidden layers: H = A·W + b, N = Norm(H), F = φ(N); the layer's output is F, or
//! A + α·F on a residual hidden layer. Head: logits = A·W + b. Matrix products go through the
//! core's `Gemm` (fixed summation order, no FMA), so the bits are the same everywhere.

use super::loss::softmax_cross_entropy;
use super::model::{Arch, Params, CLASSES, INPUTS};
use crate::sim::matmul::{Gemm, View};
use crate::sim::norm::{normalize, normalize_backward, sigma_count};

/// Buffers reused across passes; after `backward`, `grads` holds ∂Loss/∂θ.
#[derive(Default)]
pub struct Workspace {
    gemm: Gemm,
    /// Per layer k ≤ L: N = Norm(H) (H itself without normalisation).
    normed: Vec<Vec<f32>>,
    /// Per layer k ≤ L: σ of each normalisation group.
    sigma: Vec<Vec<f32>>,
    /// Per layer k ≤ L: F = φ(N).
    fs: Vec<Vec<f32>>,
    /// Per layer k ≤ L: the layer's output (the next layer's input).
    outs: Vec<Vec<f32>>,
    pub logits: Vec<f32>,
    dlogits: Vec<f32>,
    da: Vec<f32>,
    da_prev: Vec<f32>,
    df: Vec<f32>,
    dn: Vec<f32>,
    dh: Vec<f32>,
    grads: Params,
    /// The network the buffers were shaped for.
    arch: Option<Arch>,
    rows: usize,
}

impl Workspace {
    fn prepare(&mut self, arch: &Arch, n: usize) {
        let nw = n * arch.width;
        for v in [&mut self.normed, &mut self.fs, &mut self.outs] {
            v.resize_with(arch.depth + 1, Vec::new);
            v.iter_mut().for_each(|b| b.resize(nw, 0.0));
        }
        self.sigma.resize_with(arch.depth + 1, Vec::new);
        let groups = sigma_count(arch.norm, n, arch.width);
        self.sigma.iter_mut().for_each(|s| s.resize(groups, 0.0));
        for b in [
            &mut self.da,
            &mut self.da_prev,
            &mut self.df,
            &mut self.dn,
            &mut self.dh,
        ] {
            b.resize(nw, 0.0);
        }
        self.logits.resize(n * CLASSES, 0.0);
        self.dlogits.resize(n * CLASSES, 0.0);
        if self.arch.as_ref().map(|a| (a.depth, a.width)) != Some((arch.depth, arch.width)) {
            self.grads = Params::zeros(arch);
            self.arch = Some(*arch);
        }
        self.rows = n;
    }

    /// The gradients of the last `backward` (empty before any pass).
    pub fn grads(&self) -> &Params {
        &self.grads
    }

    pub fn grads_mut(&mut self) -> &mut Params {
        &mut self.grads
    }

    /// Forward pass over the n rows of `x` (n×2); the logits land in `self.logits`.
    pub fn forward(&mut self, arch: &Arch, p: &Params, x: &[f32]) {
        let n = x.len() / INPUTS;
        self.prepare(arch, n);
        let w = arch.width;
        for k in 0..=arch.depth {
            let (fan_in, _) = arch.shape(k);
            let (done, rest) = self.outs.split_at_mut(k);
            let input: &[f32] = if k == 0 { x } else { &done[k - 1] };
            let h = &mut self.dh; // scratch for H
            self.gemm.run(
                n,
                fan_in,
                w,
                View::rows(input, fan_in),
                View::rows(&p.weights[k], w),
                h,
            );
            add_bias(h, &p.biases[k]);
            let normed = &mut self.normed[k];
            normalize(arch.norm, n, w, h, normed, &mut self.sigma[k]);
            arch.activation.forward_f32(normed, &mut self.fs[k]);
            let out = &mut rest[0];
            match arch.residual.filter(|_| k > 0) {
                Some(alpha) => {
                    for ((o, &a), &f) in out.iter_mut().zip(input).zip(&self.fs[k]) {
                        *o = a + alpha * f;
                    }
                }
                None => out.copy_from_slice(&self.fs[k]),
            }
        }
        let head = arch.depth + 1;
        let last = &self.outs[arch.depth];
        self.gemm.run(
            n,
            w,
            CLASSES,
            View::rows(last, w),
            View::rows(&p.weights[head], CLASSES),
            &mut self.logits,
        );
        add_bias(&mut self.logits, &p.biases[head]);
    }

    /// Loss of the last forward pass against `labels`, and every parameter's gradient.
    pub fn backward(&mut self, arch: &Arch, p: &Params, x: &[f32], labels: &[u8]) -> f64 {
        let (n, w) = (self.rows, arch.width);
        let loss = softmax_cross_entropy(&self.logits, labels, CLASSES, &mut self.dlogits);
        let g = &mut self.grads;
        let head = arch.depth + 1;
        let last = &self.outs[arch.depth];
        self.gemm.run(
            w,
            n,
            CLASSES,
            View::transposed(last, w),
            View::rows(&self.dlogits, CLASSES),
            &mut g.weights[head],
        );
        column_sums(&self.dlogits, &mut g.biases[head]);
        self.gemm.run(
            n,
            CLASSES,
            w,
            View::rows(&self.dlogits, CLASSES),
            View::transposed(&p.weights[head], CLASSES),
            &mut self.da,
        );
        for k in (0..=arch.depth).rev() {
            let alpha = arch.residual.filter(|_| k > 0);
            match alpha {
                Some(a) => self
                    .df
                    .iter_mut()
                    .zip(&self.da)
                    .for_each(|(d, &g)| *d = a * g),
                None => self.df.copy_from_slice(&self.da),
            }
            let saved = if arch.activation.derivative_needs_preact() {
                &self.normed[k]
            } else {
                &self.fs[k]
            };
            arch.activation.backward_f32(saved, &self.df, &mut self.dn);
            normalize_backward(
                arch.norm,
                n,
                w,
                &self.dn,
                &self.normed[k],
                &self.sigma[k],
                &mut self.dh,
            );
            let (fan_in, _) = arch.shape(k);
            let input: &[f32] = if k == 0 { x } else { &self.outs[k - 1] };
            self.gemm.run(
                fan_in,
                n,
                w,
                View::transposed(input, fan_in),
                View::rows(&self.dh, w),
                &mut g.weights[k],
            );
            column_sums(&self.dh, &mut g.biases[k]);
            if k > 0 {
                self.gemm.run(
                    n,
                    w,
                    w,
                    View::rows(&self.dh, w),
                    View::transposed(&p.weights[k], w),
                    &mut self.da_prev,
                );
                if alpha.is_some() {
                    self.da_prev
                        .iter_mut()
                        .zip(&self.da)
                        .for_each(|(d, &g)| *d += g);
                }
                std::mem::swap(&mut self.da, &mut self.da_prev);
            }
        }
        loss
    }
}

fn add_bias(m: &mut [f32], b: &[f32]) {
    for row in m.chunks_exact_mut(b.len()) {
        row.iter_mut().zip(b).for_each(|(v, &bb)| *v += bb);
    }
}

/// out[j] = Σ_i m[i][j], rows in ascending order.
fn column_sums(m: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    for row in m.chunks_exact(out.len()) {
        out.iter_mut().zip(row).for_each(|(o, &v)| *o += v);
    }
}
