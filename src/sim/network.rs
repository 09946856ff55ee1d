//! The network of the reference README, in float32: sampling, forward and backward pass.
//!
//! Z_l = A_{l−1}·W_l + b_l, A_l = φ(Z_l), A_0 = X, loss = mean((A_L − Y)²).
//! Only A_l is kept for the backward pass (plus Z_l for GELU, whose φ' needs it), and each
//! ∂Loss/∂W_l lives in one scratch buffer just long enough to take its norm.

use super::config::{Activation, Config, ConfigError};
use super::init::sample_weights;
use super::matmul::{Gemm, View};
use super::rng::{Sampler, Stream};

/// A sampled network with its data, ready to run.
#[derive(Clone, Debug)]
pub struct Network {
    pub activation: Activation,
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

/// A network borrowed from wherever its arrays live (a `Network`, or a `Simulator`'s cache).
#[derive(Clone, Copy)]
pub struct NetRef<'a> {
    pub activation: Activation,
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
    pub z: &'a [f32],
    pub a: &'a [f32],
}

/// Backward values of one layer.
pub struct BackwardLayer<'a> {
    /// ∂Loss/∂Z_l (B×W).
    pub dz: &'a [f32],
    /// ∂Loss/∂W_l (W×W).
    pub dw: &'a [f32],
}

/// Receives each layer's values during a pass.
pub trait Observer {
    fn forward(&mut self, _layer: usize, _f: ForwardLayer) {}
    fn backward(&mut self, _layer: usize, _b: BackwardLayer) {}
}

impl Network {
    /// Samples X, Y, the weights and the biases from the config's seed (see `rng::Stream`).
    pub fn sample(cfg: &Config) -> Result<Network, ConfigError> {
        cfg.validate()?;
        let (w, b) = (cfg.width, cfg.batch);
        let mut data = Sampler::new(cfg.seed, Stream::Data);
        let mut x = vec![0.0f32; b * w];
        let mut y = vec![0.0f32; b * w];
        data.fill_normal_f32(&mut x, 1.0);
        data.fill_normal_f32(&mut y, 1.0);
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
        let wscale = self.weight_scale;
        let (bw, w, depth) = (self.batch * self.width, self.width, self.depth());
        let act = self.activation;
        let keep_z = act.derivative_needs_preact();
        ws.prepare(depth, bw, w * w, keep_z);
        ws.acts[0].copy_from_slice(self.x);
        for l in 1..=depth {
            let (prev, rest) = ws.acts.split_at_mut(l);
            let a_prev = &prev[l - 1];
            let a = &mut rest[0];
            let z = if keep_z { &mut ws.zs[l - 1] } else { &mut ws.z };
            ws.gemm.run(
                self.batch,
                w,
                w,
                View::rows(a_prev, w),
                View::rows(&self.weights[l - 1], w).scaled(wscale),
                z,
            );
            if let Some(b) = self.biases.get(l - 1) {
                for row in z.chunks_exact_mut(w) {
                    row.iter_mut().zip(b).for_each(|(v, &bb)| *v += bb);
                }
            }
            act.forward_f32(z, a);
            obs.forward(l, ForwardLayer { z, a });
        }
        // Loss and its gradient: d = A_L − Y; loss = Σd²/N rounded to float32 (so it overflows
        // like a float32 framework's), ∂Loss/∂A_L = d · (2/N).
        let n = bw as f64;
        let scale = (2.0 / n) as f32;
        let mut sum = 0.0f64;
        for ((&al, &y), g) in ws.acts[depth].iter().zip(self.y).zip(ws.da.iter_mut()) {
            let d = al - y;
            sum += (d as f64) * (d as f64);
            *g = d * scale;
        }
        let loss = ((sum / n) as f32) as f64;
        for l in (1..=depth).rev() {
            let saved = if keep_z { &ws.zs[l - 1] } else { &ws.acts[l] };
            act.backward_f32(saved, &ws.da, &mut ws.dz);
            // ∂Loss/∂W_l = A_{l−1}ᵀ · ∂Loss/∂Z_l  (W×B times B×W)
            ws.gemm.run(
                w,
                self.batch,
                w,
                View::transposed(&ws.acts[l - 1], w),
                View::rows(&ws.dz, w),
                &mut ws.dw,
            );
            obs.backward(
                l,
                BackwardLayer {
                    dz: &ws.dz,
                    dw: &ws.dw,
                },
            );
            if l > 1 {
                // ∂Loss/∂A_{l−1} = ∂Loss/∂Z_l · W_lᵀ  (B×W times W×W)
                ws.gemm.run(
                    self.batch,
                    w,
                    w,
                    View::rows(&ws.dz, w),
                    View::transposed(&self.weights[l - 1], w).scaled(wscale),
                    &mut ws.da,
                );
            }
        }
        loss
    }
}

/// Buffers reused across passes (the page recomputes on every slider move).
#[derive(Default)]
pub struct Workspace {
    gemm: Gemm,
    /// A_0 = X, A_1, …, A_L.
    acts: Vec<Vec<f32>>,
    /// Z_1..Z_L when the backward pass needs them (GELU), else empty.
    zs: Vec<Vec<f32>>,
    z: Vec<f32>,
    da: Vec<f32>,
    dz: Vec<f32>,
    dw: Vec<f32>,
}

impl Workspace {
    fn prepare(&mut self, depth: usize, bw: usize, ww: usize, keep_z: bool) {
        let fit = |v: &mut Vec<Vec<f32>>, count: usize| {
            v.resize_with(count, Vec::new);
            v.iter_mut().for_each(|b| b.resize(bw, 0.0));
        };
        fit(&mut self.acts, depth + 1);
        fit(&mut self.zs, if keep_z { depth } else { 0 });
        for b in [&mut self.z, &mut self.da, &mut self.dz] {
            b.resize(bw, 0.0);
        }
        self.dw.resize(ww, 0.0);
    }
}
