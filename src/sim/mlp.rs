//! The MLP layer, the engine's first block: H = A·W + b, N = Norm(H), F = φ(N), and the
//! layer's output F (plain) or A + α·F (residual). The explorer's network and the trainer's
//! classifier are stacks of these layers (the trainer's head is one with the identity φ and no
//! norm), so both run exactly this forward and this backward.
//!
//! A layer keeps in its [`MlpTape`] only what its backward needs: N for GELU (φ′ reads it) and
//! for a norm (its backward needs N and σ), F for a residual layer (φ′ is read from φ's output;
//! in a plain layer F is the output). Everything else lives in one [`MlpScratch`] shared by the
//! stack. Every tensor the layer produces goes through the numeric policy right after it is
//! computed (H, N, F, output; ∂N, ∂H, ∂W, ∂A), so a number format reaches every layer at once.

use super::config::{Activation, Norm};
use super::matmul::{Gemm, View};
use super::norm::{normalize, normalize_backward, sigma_count};
use super::numeric::NumericPolicy;
use super::stats::{count_nonfinite_given_norm, frobenius};
use super::weight_grad::{gram_norm, gram_pays};

/// One layer's architecture (its values live in [`MlpParams`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MlpLayer {
    pub fan_in: usize,
    pub fan_out: usize,
    pub activation: Activation,
    pub norm: Norm,
    /// α of the residual sum A + α·F (`None`: plain layer; needs fan_in = fan_out).
    pub alpha: Option<f32>,
    /// The pass rounds to a narrower format than float32: φ′ is then evaluated in float32 at
    /// the stored N, as a framework does, not read from the rounded F (a float16 sigmoid of
    /// 0.9997 rounds to 1, whose F·(1 − F) would be 0), so N is kept.
    pub rounded: bool,
}

/// A layer's parameters, borrowed from wherever they live.
#[derive(Clone, Copy)]
pub struct MlpParams<'a> {
    /// fan_in×fan_out, row-major (input × output).
    pub weights: &'a [f32],
    /// W is read as `scale · weights` (see `init::weight_recipe`).
    pub scale: Option<f32>,
    pub bias: Option<&'a [f32]>,
}

/// What one layer's forward keeps for its backward (empty where the layer does not need it).
#[derive(Default)]
pub struct MlpTape {
    n: Vec<f32>,
    f: Vec<f32>,
    sigma: Vec<f32>,
}

/// Buffers the layers of one stack share (the page recomputes on every slider move).
#[derive(Default)]
pub struct MlpScratch {
    pub gemm: Gemm,
    h: Vec<f32>,
    n: Vec<f32>,
    f: Vec<f32>,
    /// φ(N) in float32 for φ′ under a rounding policy.
    phi: Vec<f32>,
    da_next: Vec<f32>,
    df: Vec<f32>,
    dn: Vec<f32>,
    dh: Vec<f32>,
    /// ∂Loss/∂W, sized on first use (the Gram route may never need it).
    dw: Vec<f32>,
    /// A·Aᵀ and Δ·Δᵀ of the Gram route (`weight_grad`).
    gram_a: Vec<f32>,
    gram_d: Vec<f32>,
}

/// Where the backward puts ∂Loss/∂W.
pub enum WeightGradTo<'a> {
    /// Into the scratch, reported as a matrix.
    Scratch,
    /// Only its norm where the Gram route is cheaper and exact enough, else as `Scratch`.
    NormIfCheaper,
    /// Into the caller's fan_in×fan_out buffer (the trainer's gradients).
    Buffer(&'a mut [f32]),
}

/// The forward values an observer sees.
pub struct MlpForward<'s> {
    /// N, the input of φ (= H without a norm).
    pub z: &'s [f32],
    /// F = φ(N); `None` in a plain layer, where F is the output.
    pub f: Option<&'s [f32]>,
}

impl MlpScratch {
    /// Sizes the buffers for a stack of `layers` over `rows` examples: each buffer as large as
    /// the largest layer that uses it, and empty if none does (they count against the page's
    /// memory cap).
    pub fn fit<'a>(&mut self, rows: usize, layers: impl Iterator<Item = &'a MlpLayer>) {
        let mut need = [0usize; 8];
        let mut weights = 0;
        for l in layers {
            let len = rows * l.fan_out;
            let (normed, residual) = (l.norm != Norm::None, l.alpha.is_some());
            let used = [
                normed,
                !l.keeps_n(),
                residual && !l.keeps_f(),
                residual,
                residual,
                true,
                normed,
                l.recomputes_phi(),
            ];
            for (n, u) in need.iter_mut().zip(used) {
                if u {
                    *n = (*n).max(len);
                }
            }
            weights = weights.max(l.fan_in * l.fan_out);
        }
        let bufs = [
            &mut self.h,
            &mut self.n,
            &mut self.f,
            &mut self.da_next,
            &mut self.df,
            &mut self.dn,
            &mut self.dh,
            &mut self.phi,
        ];
        for (b, n) in bufs.into_iter().zip(need) {
            b.resize(n, 0.0);
        }
        if self.dw.len() != weights {
            self.dw = Vec::new();
        }
    }
}

impl MlpLayer {
    /// A layer keeps N when φ′ or the norm's backward reads it.
    fn keeps_n(&self) -> bool {
        self.activation.derivative_needs_preact() || self.norm != Norm::None || self.rounded
    }

    /// φ′ is computed from φ(N) recomputed in float32 (see `rounded`).
    fn recomputes_phi(&self) -> bool {
        self.rounded && !self.activation.derivative_needs_preact()
    }

    /// A residual layer keeps F unless φ′ is read from N.
    fn keeps_f(&self) -> bool {
        self.alpha.is_some() && !self.activation.derivative_needs_preact() && !self.rounded
    }

    /// Sizes the tape for `rows` examples (buffers a layer does not need stay empty).
    pub fn fit_tape(&self, rows: usize, tape: &mut MlpTape) {
        let len = rows * self.fan_out;
        tape.n.resize(if self.keeps_n() { len } else { 0 }, 0.0);
        tape.f.resize(if self.keeps_f() { len } else { 0 }, 0.0);
        tape.sigma
            .resize(sigma_count(self.norm, rows, self.fan_out), 0.0);
    }

    /// The output (rows×fan_out) from the input (rows×fan_in).
    pub fn forward<'s, P: NumericPolicy>(
        &self,
        rows: usize,
        p: MlpParams,
        input: &[f32],
        out: &mut [f32],
        (tape, s): (&'s mut MlpTape, &'s mut MlpScratch),
        policy: &P,
    ) -> MlpForward<'s> {
        let (w, len) = (self.fan_out, rows * self.fan_out);
        // With a norm, H goes to scratch and N to its own buffer; without, H is N.
        let n_buf = if self.keeps_n() {
            &mut tape.n[..len]
        } else {
            &mut s.n[..len]
        };
        let h = if self.norm == Norm::None {
            &mut *n_buf
        } else {
            &mut s.h[..len]
        };
        let wl = View::rows(p.weights, w).scaled(p.scale);
        s.gemm
            .run(rows, self.fan_in, w, View::rows(input, self.fan_in), wl, h);
        if let Some(bias) = p.bias {
            for row in h.chunks_exact_mut(w) {
                row.iter_mut().zip(bias).for_each(|(v, &b)| *v += b);
            }
        }
        policy.round(h);
        if self.norm != Norm::None {
            normalize(self.norm, rows, w, &s.h[..len], n_buf, &mut tape.sigma);
            policy.round(n_buf);
        }
        let n = &*n_buf;
        let Some(alpha) = self.alpha else {
            self.activation.forward_f32(n, out);
            policy.round(out);
            return MlpForward { z: n, f: None };
        };
        let f = if self.keeps_f() {
            &mut tape.f[..len]
        } else {
            &mut s.f[..len]
        };
        self.activation.forward_f32(n, f);
        policy.round(f);
        // A + α·F: one float32 multiply, one add (α·F = F for α = 1).
        for ((o, &a), &v) in out.iter_mut().zip(input).zip(f.iter()) {
            *o = a + alpha * v;
        }
        policy.round(out);
        MlpForward { z: n, f: Some(f) }
    }
}

/// The layer the backward runs through: its parameters and the forward's input and output.
#[derive(Clone, Copy)]
pub struct MlpAt<'a> {
    pub rows: usize,
    pub params: MlpParams<'a>,
    pub input: &'a [f32],
    pub out: &'a [f32],
}

/// What the backward is asked for besides ∂Loss/∂H.
pub struct MlpGrads<'a> {
    pub weights: WeightGradTo<'a>,
    /// Column sums of ∂Loss/∂H (∂Loss/∂b), where the caller trains the bias.
    pub bias: Option<&'a mut [f32]>,
    /// Whether to replace ∂Loss/∂output in `da` by ∂Loss/∂input (not for the first layer).
    pub input: bool,
}

/// The backward values an observer sees.
pub struct MlpBackward<'s> {
    /// ∂Loss/∂H, the signal gradient.
    pub dh: &'s [f32],
    /// ∂Loss/∂W (`None` when it went to the caller's buffer).
    pub dw: Option<WeightGrad<'s>>,
}

impl MlpLayer {
    /// From ∂Loss/∂output in `da`: ∂Loss/∂H, ∂Loss/∂W (and ∂Loss/∂b), and, if asked,
    /// ∂Loss/∂input into `da`.
    pub fn backward<'s, P: NumericPolicy>(
        &self,
        at: MlpAt,
        da: &mut Vec<f32>,
        (tape, s): (&'s MlpTape, &'s mut MlpScratch),
        grads: MlpGrads,
        policy: &P,
    ) -> MlpBackward<'s> {
        let MlpAt {
            rows,
            params: p,
            input,
            out,
        } = at;
        let (w, len) = (self.fan_out, rows * self.fan_out);
        // ∂Loss/∂F = α·∂Loss/∂A (the residual branch), or ∂Loss/∂A.
        let df: &[f32] = match self.alpha {
            Some(alpha) if alpha != 1.0 => {
                for (o, &g) in s.df[..len].iter_mut().zip(&da[..len]) {
                    *o = alpha * g;
                }
                &s.df[..len]
            }
            _ => &da[..len],
        };
        // φ′ from N (GELU), φ(N) (rounded), F (residual) or the output (= F in a plain layer).
        let saved = if self.recomputes_phi() {
            self.activation
                .forward_f32(&tape.n[..len], &mut s.phi[..len]);
            &s.phi[..len]
        } else if self.activation.derivative_needs_preact() {
            &tape.n[..len]
        } else if self.keeps_f() {
            &tape.f[..len]
        } else {
            out
        };
        self.activation.backward_f32(saved, df, &mut s.dn[..len]);
        policy.round(&mut s.dn[..len]);
        if self.norm != Norm::None {
            let (n, sd) = (&tape.n[..len], &tape.sigma);
            normalize_backward(self.norm, rows, w, &s.dn[..len], n, sd, &mut s.dh[..len]);
            policy.round(&mut s.dh[..len]);
        }
        let dw = self.weight_grad(rows, input, s, grads.weights, policy);
        if let Some(b) = grads.bias {
            column_sums(signal(self.norm, s, len), b);
            policy.round(b);
        }
        if grads.input {
            self.input_grad(rows, p, da, s, policy);
        }
        let dw = match dw {
            DwAt::Norm(norm) => Some(WeightGrad::Norm(norm)),
            DwAt::Scratch => Some(WeightGrad::Matrix(&s.dw[..self.fan_in * w])),
            DwAt::Caller => None,
        };
        MlpBackward {
            dh: signal(self.norm, s, len),
            dw,
        }
    }

    /// ∂Loss/∂W = inputᵀ·∂Loss/∂H (fan_in×rows times rows×fan_out), or only its norm.
    fn weight_grad<P: NumericPolicy>(
        &self,
        rows: usize,
        input: &[f32],
        s: &mut MlpScratch,
        to: WeightGradTo,
        policy: &P,
    ) -> DwAt {
        let (w, len) = (self.fan_out, rows * self.fan_out);
        let dh = if self.norm == Norm::None {
            &s.dn[..len]
        } else {
            &s.dh[..len]
        };
        // The Gram route never forms ∂W, so it serves only where rounding is the identity.
        let cheaper = matches!(to, WeightGradTo::NormIfCheaper) && P::IDENTITY;
        if cheaper && self.fan_in == w && gram_pays(rows, w) {
            let scratch = (&mut s.gram_a, &mut s.gram_d);
            if let Some(norm) = gram_norm(&mut s.gemm, (input, dh), (rows, w), scratch) {
                return DwAt::Norm(norm);
            }
        }
        let (target, at) = match to {
            WeightGradTo::Buffer(b) => (b, DwAt::Caller),
            _ => {
                s.dw.resize(self.fan_in * w, 0.0);
                (&mut s.dw[..], DwAt::Scratch)
            }
        };
        let it = View::transposed(input, self.fan_in);
        s.gemm
            .run(self.fan_in, rows, w, it, View::rows(dh, w), target);
        policy.round(target);
        at
    }

    /// ∂Loss/∂input = ∂Loss/∂H·Wᵀ, plus ∂Loss/∂output through the skip, into `da`.
    fn input_grad<P: NumericPolicy>(
        &self,
        rows: usize,
        p: MlpParams,
        da: &mut Vec<f32>,
        s: &mut MlpScratch,
        policy: &P,
    ) {
        let (w, len, in_len) = (self.fan_out, rows * self.fan_out, rows * self.fan_in);
        let dh = if self.norm == Norm::None {
            &s.dn[..len]
        } else {
            &s.dh[..len]
        };
        let wt = View::transposed(p.weights, w).scaled(p.scale);
        if self.alpha.is_none() {
            da.resize(in_len, 0.0);
            s.gemm
                .run(rows, w, self.fan_in, View::rows(dh, w), wt, &mut da[..]);
        } else {
            let next = &mut s.da_next[..len];
            s.gemm.run(rows, w, w, View::rows(dh, w), wt, next);
            for (o, &g) in next.iter_mut().zip(da.iter()) {
                *o += g;
            }
            std::mem::swap(da, &mut s.da_next);
        }
        // One rounding of ∂input, after the skip path's sum.
        policy.round(&mut da[..in_len]);
    }
}

/// Where the backward left ∂Loss/∂W.
enum DwAt {
    Norm(f64),
    Scratch,
    Caller,
}

/// ∂Loss/∂H of the last backward: the norm's output gradient, or ∂Loss/∂N without a norm.
fn signal(norm: Norm, s: &MlpScratch, len: usize) -> &[f32] {
    if norm == Norm::None {
        &s.dn[..len]
    } else {
        &s.dh[..len]
    }
}

/// out[j] = Σ_i m[i][j], rows in ascending order.
fn column_sums(m: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    for row in m.chunks_exact(out.len()) {
        out.iter_mut().zip(row).for_each(|(o, &v)| *o += v);
    }
}

/// ∂Loss/∂W_l as the W×W matrix, or only its Frobenius norm (`weight_grad`): then every
/// entry is finite.
pub enum WeightGrad<'a> {
    Matrix(&'a [f32]),
    Norm(f64),
}

impl WeightGrad<'_> {
    /// ‖∂Loss/∂W_l‖_F and how many entries are inf or NaN.
    pub fn norm_and_nonfinite(&self) -> (f64, u64) {
        match *self {
            WeightGrad::Matrix(m) => {
                let norm = frobenius(m);
                (norm, count_nonfinite_given_norm(m, norm))
            }
            WeightGrad::Norm(norm) => (norm, 0),
        }
    }
}
