//! The network of the reference README, in float32: sampling, forward and backward pass.
//!
//! H_l = A_{l−1}·W_l + b_l, N_l = Norm(H_l), F_l = φ(N_l), A_l = F_l (plain) or
//! A_l = A_{l−1} + α·F_l (residual), A_0 = X, loss = mean((A_L − Y)²). With no norm and no
//! residual this is Z_l = H_l = N_l, A_l = F_l = φ(Z_l), and the pass does exactly what it did
//! before residual and norm existed (same operations, same bits).
//! Only what the backward pass needs is kept: A_l; N_l for GELU (φ' needs it) and for a norm
//! (its backward needs N_l and σ_l); F_l for a residual network (φ' is read from φ's output).
//! Each ∂Loss/∂W_l lives in one scratch buffer just long enough to take its norm.

use super::config::{Activation, Config, ConfigError, Norm, Residual};
use super::init::sample_weights;
use super::matmul::{Gemm, View};
use super::norm::{normalize, normalize_backward, sigma_count};
use super::numeric::{Float32, NumericPolicy};
use super::rng::{Sampler, Stream};
use super::stats::{count_nonfinite_given_norm, frobenius};
use super::weight_grad::{gram_norm, gram_pays};

/// A sampled network with its data, ready to run.
#[derive(Clone, Debug)]
pub struct Network {
    pub activation: Activation,
    pub residual: Residual,
    pub norm: Norm,
    pub width: usize,
    pub batch: usize,
    /// B×W row-major.
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    /// W_l, row-major W×W (input × output), l = 1..L at index l−1.
    pub weights: Vec<Vec<f32>>,
    /// b_l (W values each), or empty when the biases are zero.
    pub biases: Vec<Vec<f32>>,
}

/// X then Y (B×W each, row-major, N(0, 1)) from the seed's data stream.
pub fn sample_data(seed: u64, width: usize, batch: usize) -> (Vec<f32>, Vec<f32>) {
    let mut data = Sampler::new(seed, Stream::Data);
    let mut x = vec![0.0f32; batch * width];
    let mut y = vec![0.0f32; batch * width];
    data.fill_normal_f32(&mut x, 1.0);
    data.fill_normal_f32(&mut y, 1.0);
    (x, y)
}

/// A network borrowed from wherever its arrays live (a `Network`, or a `Simulator`'s cache).
#[derive(Clone, Copy)]
pub struct NetRef<'a> {
    pub activation: Activation,
    pub residual: Residual,
    pub norm: Norm,
    pub width: usize,
    pub batch: usize,
    pub x: &'a [f32],
    pub y: &'a [f32],
    /// W_l at index l−1, one per layer (the depth is `weights.len()`).
    pub weights: &'a [Vec<f32>],
    /// W_l is read as `weight_scale · weights[l−1]` (see `init::weight_recipe`).
    pub weight_scale: Option<f32>,
    /// b_l, or empty when the biases are zero.
    pub biases: &'a [Vec<f32>],
}

/// Forward values of one layer that the statistics need.
pub struct ForwardLayer<'a> {
    /// N_l, the input of φ (= H_l = Z_l without a norm).
    pub z: &'a [f32],
    /// F_l = φ(N_l) (the same slice as `a` in a plain network).
    pub f: &'a [f32],
    /// A_l, the layer's output.
    pub a: &'a [f32],
}

/// Backward values of one layer.
pub struct BackwardLayer<'a> {
    /// ∂Loss/∂H_l (B×W), the signal gradient (∂Loss/∂Z_l of the plain network).
    pub dz: &'a [f32],
    /// ∂Loss/∂W_l.
    pub dw: WeightGrad<'a>,
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

/// Receives each layer's values during a pass.
pub trait Observer {
    fn forward(&mut self, _layer: usize, _f: ForwardLayer) {}
    fn backward(&mut self, _layer: usize, _b: BackwardLayer) {}
    /// Whether `backward` needs the ∂Loss/∂W_l matrices, not only their norms.
    fn needs_weight_grads(&self) -> bool {
        false
    }
}

impl Network {
    /// Samples X, Y, the weights and the biases from the config's seed (see `rng::Stream`).
    pub fn sample(cfg: &Config) -> Result<Network, ConfigError> {
        cfg.validate()?;
        let (w, b) = (cfg.width, cfg.batch);
        let (x, y) = sample_data(cfg.seed, w, b);
        let mut weights = Vec::with_capacity(cfg.depth);
        let mut biases = Vec::new();
        for l in 1..=cfg.depth {
            let mut s = Sampler::new(cfg.seed, Stream::Weights(l));
            weights.push(sample_weights(cfg.init, cfg.sigma_w2, w, &mut s));
            if cfg.bias_std > 0.0 {
                let mut s = Sampler::new(cfg.seed, Stream::Bias(l));
                let mut bl = vec![0.0f32; w];
                s.fill_normal_f32(&mut bl, cfg.bias_std);
                biases.push(bl);
            }
        }
        Ok(Network {
            activation: cfg.activation,
            residual: cfg.residual,
            norm: cfg.norm,
            width: w,
            batch: b,
            x,
            y,
            weights,
            biases,
        })
    }

    pub fn depth(&self) -> usize {
        self.weights.len()
    }

    pub fn as_ref(&self) -> NetRef<'_> {
        NetRef {
            activation: self.activation,
            residual: self.residual,
            norm: self.norm,
            width: self.width,
            batch: self.batch,
            x: &self.x,
            y: &self.y,
            weights: &self.weights,
            weight_scale: None,
            biases: &self.biases,
        }
    }

    /// One forward and backward pass (see `NetRef::run`).
    pub fn run(&self, ws: &mut Workspace, obs: &mut impl Observer) -> f64 {
        self.as_ref().run(ws, obs)
    }
}

impl NetRef<'_> {
    pub fn depth(&self) -> usize {
        self.weights.len()
    }

    /// One forward and backward pass. `obs.forward(l, …)` is called for l = 1..L in order,
    /// `obs.backward(l, …)` for l = L..1. Returns the loss (float32 value, as f64).
    pub fn run(&self, ws: &mut Workspace, obs: &mut impl Observer) -> f64 {
        self.run_with(ws, obs, &Float32, None)
    }

    /// The same pass with ∂Loss/∂A_L replaced by `output_grad` (B×W values) where given: the
    /// control experiment that shows how much of a departure from mean-field theory comes
    /// from the loss gradient's correlation with A_L (an independent gradient has none).
    pub fn run_seeded(
        &self,
        ws: &mut Workspace,
        obs: &mut impl Observer,
        output_grad: Option<&[f32]>,
    ) -> f64 {
        self.run_with(ws, obs, &Float32, output_grad)
    }

    /// The pass with every tensor it produces (H, N, F, A going forward; ∂A_L, ∂N, ∂H, ∂W,
    /// ∂A going back) sent through `policy` right after it is computed. With [`Float32`] the
    /// rounding is the identity and compiles away: the same bits and speed as before.
    pub fn run_with<P: NumericPolicy>(
        &self,
        ws: &mut Workspace,
        obs: &mut impl Observer,
        policy: &P,
        output_grad: Option<&[f32]>,
    ) -> f64 {
        let plan = Plan::of(self);
        let bw = self.batch * self.width;
        ws.prepare(&plan, bw, self.width * self.width);
        ws.acts[0].copy_from_slice(self.x);
        for l in 1..=plan.depth {
            self.forward_layer(&plan, l, ws, obs, policy);
        }
        let loss = self.loss_gradient(ws);
        if let Some(g) = output_grad.filter(|g| g.len() == bw) {
            ws.da.copy_from_slice(g);
        }
        policy.round(&mut ws.da);
        for l in (1..=plan.depth).rev() {
            self.backward_layer(&plan, l, ws, obs, policy);
        }
        loss
    }

    /// H_l, N_l, F_l and A_l of layer l from A_{l−1}.
    fn forward_layer<P: NumericPolicy>(
        &self,
        plan: &Plan,
        l: usize,
        ws: &mut Workspace,
        obs: &mut impl Observer,
        policy: &P,
    ) {
        let (b, w) = (self.batch, self.width);
        let (prev, rest) = ws.acts.split_at_mut(l);
        let (a_prev, a) = (&prev[l - 1], &mut rest[0]);
        // With a norm, H goes to scratch and N to its own buffer; without, H is N.
        let keep_n = plan.keep_n;
        let n_buf = if keep_n { &mut ws.ns[l - 1] } else { &mut ws.n };
        let h = if plan.norm == Norm::None {
            &mut *n_buf
        } else {
            &mut ws.h
        };
        let wl = View::rows(&self.weights[l - 1], w).scaled(self.weight_scale);
        ws.gemm.run(b, w, w, View::rows(a_prev, w), wl, h);
        if let Some(bias) = self.biases.get(l - 1) {
            for row in h.chunks_exact_mut(w) {
                row.iter_mut().zip(bias).for_each(|(v, &bb)| *v += bb);
            }
        }
        policy.round(h);
        if plan.norm != Norm::None {
            normalize(plan.norm, b, w, &ws.h, n_buf, &mut ws.sigmas[l - 1]);
            policy.round(n_buf);
        }
        let n = &*n_buf;
        match plan.alpha {
            None => {
                self.activation.forward_f32(n, a);
                policy.round(a);
                obs.forward(l, ForwardLayer { z: n, f: a, a });
            }
            Some(alpha) => {
                let f = if plan.keep_f {
                    &mut ws.fs[l - 1]
                } else {
                    &mut ws.f
                };
                self.activation.forward_f32(n, f);
                policy.round(f);
                // A_l = A_{l−1} + α·F_l: one float32 multiply, one add (α·F = F for α = 1).
                for ((o, &p), &v) in a.iter_mut().zip(a_prev).zip(f.iter()) {
                    *o = p + alpha * v;
                }
                policy.round(a);
                obs.forward(l, ForwardLayer { z: n, f, a });
            }
        }
    }

    /// The loss, and ∂Loss/∂A_L into `ws.da`: d = A_L − Y, ∂Loss/∂A_L = d · (2/N), and
    /// loss = Σd²/N as a float32 framework gives it: PyTorch sums the squares in float32, so
    /// its loss is +inf as soon as Σd² passes f32::MAX, even where Σd²/N would fit. The sum
    /// runs in float64 in a fixed order (exact enough to round once, the same bits natively and
    /// in wasm); a sum that rounds to +inf in float32 gives +inf, else Σd²/N rounded to float32.
    /// The gradient does not depend on the loss's value, so it stays finite when only this sum
    /// overflows.
    fn loss_gradient(&self, ws: &mut Workspace) -> f64 {
        let depth = self.depth();
        let n = (self.batch * self.width) as f64;
        let scale = (2.0 / n) as f32;
        let mut sum = 0.0f64;
        for ((&al, &y), g) in ws.acts[depth].iter().zip(self.y).zip(ws.da.iter_mut()) {
            let d = al - y;
            sum += (d as f64) * (d as f64);
            *g = d * scale;
        }
        let sum_f32 = sum as f32;
        if sum_f32.is_infinite() {
            return f64::from(sum_f32);
        }
        ((sum / n) as f32) as f64
    }

    /// From ∂Loss/∂A_l in `ws.da`: ∂Loss/∂H_l, ∂Loss/∂W_l, and (l > 1) ∂Loss/∂A_{l−1} into `ws.da`.
    fn backward_layer<P: NumericPolicy>(
        &self,
        plan: &Plan,
        l: usize,
        ws: &mut Workspace,
        obs: &mut impl Observer,
        policy: &P,
    ) {
        let (b, w) = (self.batch, self.width);
        // ∂Loss/∂F_l = α·∂Loss/∂A_l (the residual branch), or ∂Loss/∂A_l.
        let df: &[f32] = match plan.alpha {
            Some(alpha) if alpha != 1.0 => {
                for (o, &g) in ws.df.iter_mut().zip(&ws.da) {
                    *o = alpha * g;
                }
                &ws.df
            }
            _ => &ws.da,
        };
        // φ' from N_l (GELU), F_l (residual) or A_l = F_l (plain).
        let saved = if self.activation.derivative_needs_preact() {
            &ws.ns[l - 1]
        } else if plan.keep_f {
            &ws.fs[l - 1]
        } else {
            &ws.acts[l]
        };
        self.activation.backward_f32(saved, df, &mut ws.dn);
        policy.round(&mut ws.dn);
        let dh = if plan.norm == Norm::None {
            &ws.dn
        } else {
            let (n, sd) = (&ws.ns[l - 1], &ws.sigmas[l - 1]);
            normalize_backward(plan.norm, b, w, &ws.dn, n, sd, &mut ws.dh);
            policy.round(&mut ws.dh);
            &ws.dh
        };
        let a_prev = &ws.acts[l - 1];
        // The Gram route never forms ∂W, so it serves only where rounding is the identity.
        let norm = if P::IDENTITY && !obs.needs_weight_grads() && gram_pays(b, w) {
            let scratch = (&mut ws.gram_a, &mut ws.gram_d);
            gram_norm(&mut ws.gemm, (a_prev, dh), (b, w), scratch)
        } else {
            None
        };
        let dw = match norm {
            Some(norm) => WeightGrad::Norm(norm),
            None => {
                // ∂Loss/∂W_l = A_{l−1}ᵀ · ∂Loss/∂H_l  (W×B times B×W)
                ws.dw.resize(w * w, 0.0);
                let at = View::transposed(a_prev, w);
                ws.gemm.run(w, b, w, at, View::rows(dh, w), &mut ws.dw);
                policy.round(&mut ws.dw);
                WeightGrad::Matrix(&ws.dw)
            }
        };
        obs.backward(l, BackwardLayer { dz: dh, dw });
        if l == 1 {
            return;
        }
        // ∂Loss/∂A_{l−1} = ∂Loss/∂H_l · W_lᵀ (B×W times W×W), plus ∂Loss/∂A_l through the skip.
        let wt = View::transposed(&self.weights[l - 1], w).scaled(self.weight_scale);
        if plan.alpha.is_none() {
            ws.gemm.run(b, w, w, View::rows(dh, w), wt, &mut ws.da);
        } else {
            ws.gemm.run(b, w, w, View::rows(dh, w), wt, &mut ws.da_next);
            for (o, &g) in ws.da_next.iter_mut().zip(&ws.da) {
                *o += g;
            }
            std::mem::swap(&mut ws.da, &mut ws.da_next);
        }
        // One rounding of ∂A_{l−1}, after the skip path's sum.
        policy.round(&mut ws.da);
    }
}

/// What one pass keeps, decided once from the architecture.
struct Plan {
    depth: usize,
    norm: Norm,
    /// α of the residual sum, `None` for the plain network.
    alpha: Option<f32>,
    /// Keep N_l per layer (GELU's φ' or a norm's backward needs it).
    keep_n: bool,
    /// Keep F_l per layer (residual networks, where A_l ≠ F_l, unless φ' is read from N_l).
    keep_f: bool,
    /// σ values per layer (0 without a norm).
    sigmas: usize,
}

impl Plan {
    fn of(net: &NetRef) -> Plan {
        let depth = net.depth();
        let alpha = net.residual.alpha(depth);
        let from_n = net.activation.derivative_needs_preact();
        Plan {
            depth,
            norm: net.norm,
            alpha,
            keep_n: from_n || net.norm != Norm::None,
            keep_f: alpha.is_some() && !from_n,
            sigmas: sigma_count(net.norm, net.batch, net.width),
        }
    }
}

/// Buffers reused across passes (the page recomputes on every slider move).
#[derive(Default)]
pub struct Workspace {
    gemm: Gemm,
    /// A_0 = X, A_1, …, A_L.
    acts: Vec<Vec<f32>>,
    /// N_1..N_L when kept (see `Plan`), else empty and `n` is the scratch.
    ns: Vec<Vec<f32>>,
    /// F_1..F_L when kept, else empty and `f` is the scratch.
    fs: Vec<Vec<f32>>,
    /// σ of each group of each layer's norm.
    sigmas: Vec<Vec<f32>>,
    h: Vec<f32>,
    n: Vec<f32>,
    f: Vec<f32>,
    da: Vec<f32>,
    da_next: Vec<f32>,
    df: Vec<f32>,
    dn: Vec<f32>,
    dh: Vec<f32>,
    /// ∂Loss/∂W_l, sized on first use (the Gram route may never need it).
    dw: Vec<f32>,
    /// A_{l−1}·A_{l−1}ᵀ and Δ·Δᵀ of the Gram route (`weight_grad`).
    gram_a: Vec<f32>,
    gram_d: Vec<f32>,
}

impl Workspace {
    /// Sizes the buffers; the ones an architecture does not use stay empty.
    fn prepare(&mut self, plan: &Plan, bw: usize, ww: usize) {
        let fit = |v: &mut Vec<Vec<f32>>, count: usize, len: usize| {
            v.resize_with(count, Vec::new);
            v.iter_mut().for_each(|b| b.resize(len, 0.0));
        };
        let (depth, normed, residual) = (plan.depth, plan.norm != Norm::None, plan.alpha.is_some());
        fit(&mut self.acts, depth + 1, bw);
        fit(&mut self.ns, if plan.keep_n { depth } else { 0 }, bw);
        fit(&mut self.fs, if plan.keep_f { depth } else { 0 }, bw);
        fit(
            &mut self.sigmas,
            if normed { depth } else { 0 },
            plan.sigmas,
        );
        let size = |b: &mut Vec<f32>, used: bool| b.resize(if used { bw } else { 0 }, 0.0);
        size(&mut self.h, normed);
        size(&mut self.n, !plan.keep_n);
        size(&mut self.f, residual && !plan.keep_f);
        size(&mut self.da, true);
        size(&mut self.da_next, residual);
        size(&mut self.df, residual);
        size(&mut self.dn, true);
        size(&mut self.dh, normed);
        if ww != self.dw.len() {
            self.dw = Vec::new();
        }
    }
}
