//! The network of the reference README, in float32: sampling, and the pass through its stack
//! of L MLP layers (`mlp::MlpLayer`, the block the trainer stacks too).
//!
//! H_l = A_{l−1}·W_l + b_l, N_l = Norm(H_l), F_l = φ(N_l), A_l = F_l (plain) or
//! A_l = A_{l−1} + α·F_l (residual), A_0 = X, loss = mean((A_L − Y)²). With no norm and no
//! residual this is Z_l = H_l = N_l, A_l = F_l = φ(Z_l). The pass keeps A_l; each layer keeps
//! what its own backward needs (`mlp::MlpTape`). Each ∂Loss/∂W_l lives in one scratch buffer
//! just long enough for the observer to take its norm.

use super::config::{Activation, Config, ConfigError, Norm, Residual};
use super::init::sample_weights;
pub use super::mlp::WeightGrad;
use super::mlp::{MlpAt, MlpGrads, MlpLayer, MlpParams, MlpScratch, MlpTape, WeightGradTo};
use super::numeric::{Float32, NumericPolicy};
use super::rng::{Sampler, Stream};
use super::stats::mse_gradient;

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
        let (w, b) = (cfg.net.width, cfg.batch);
        let (x, y) = sample_data(cfg.seed, w, b);
        let mut weights = Vec::with_capacity(cfg.net.depth);
        let mut biases = Vec::new();
        for l in 1..=cfg.net.depth {
            let mut s = Sampler::new(cfg.seed, Stream::Weights(l));
            weights.push(sample_weights(cfg.net.init, cfg.sigma_w2, w, &mut s));
            if cfg.bias_std > 0.0 {
                let mut s = Sampler::new(cfg.seed, Stream::Bias(l));
                let mut bl = vec![0.0f32; w];
                s.fill_normal_f32(&mut bl, cfg.bias_std);
                biases.push(bl);
            }
        }
        Ok(Network {
            activation: cfg.net.activation,
            residual: cfg.net.residual,
            norm: cfg.net.norm,
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
        self.run_with(ws, obs, &Float32, None, 1.0)
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
        self.run_with(ws, obs, &Float32, output_grad, 1.0)
    }

    /// The pass with every tensor it produces (H, N, F, A going forward; ∂A_L, ∂N, ∂H, ∂W,
    /// ∂A going back) sent through `policy` right after it is computed. With [`Float32`] the
    /// rounding is the identity and compiles away: the same bits and speed as before. Under a
    /// narrower format X, W_l and b_l are cast to it first (the master weights stay float32)
    /// and the backward is seeded with `loss_scale`·∂Loss/∂A_L (S, a power of two: exact),
    /// as PyTorch's autocast and GradScaler do; the observer sees the scaled gradients.
    pub fn run_with<P: NumericPolicy>(
        &self,
        ws: &mut Workspace,
        obs: &mut impl Observer,
        policy: &P,
        output_grad: Option<&[f32]>,
        loss_scale: f32,
    ) -> f64 {
        let (layer, depth, b) = (self.layer(P::IDENTITY), self.depth(), self.batch);
        ws.prepare(&layer, depth, b);
        ws.acts[0].copy_from_slice(self.x);
        policy.round(&mut ws.acts[0]);
        if !P::IDENTITY {
            self.cast_params(&mut ws.cast, policy);
        }
        for l in 1..=depth {
            let (prev, rest) = ws.acts.split_at_mut(l);
            let bufs = (&mut ws.tapes[l - 1], &mut ws.scratch);
            let (input, out) = (&prev[l - 1], &mut rest[0]);
            let p = self.params(l, &ws.cast);
            let seen = layer.forward(b, p, input, out, bufs, policy);
            let a = &*out;
            let f = seen.f.unwrap_or(a);
            obs.forward(l, ForwardLayer { z: seen.z, f, a });
        }
        let loss = self.loss_gradient(ws);
        if let Some(g) = output_grad.filter(|g| g.len() == ws.da.len()) {
            ws.da.copy_from_slice(g);
        }
        if loss_scale != 1.0 {
            ws.da.iter_mut().for_each(|g| *g *= loss_scale);
        }
        policy.round(&mut ws.da);
        let matrices = obs.needs_weight_grads();
        for l in (1..=depth).rev() {
            let grads = MlpGrads {
                weights: if matrices {
                    WeightGradTo::Scratch
                } else {
                    WeightGradTo::NormIfCheaper
                },
                bias: None,
                input: l > 1,
            };
            let at = MlpAt {
                rows: b,
                params: self.params(l, &ws.cast),
                input: &ws.acts[l - 1],
                out: &ws.acts[l],
            };
            let bufs = (&ws.tapes[l - 1], &mut ws.scratch);
            let seen = layer.backward(at, &mut ws.da, bufs, grads, policy);
            if let Some(dw) = seen.dw {
                obs.backward(l, BackwardLayer { dz: seen.dh, dw });
            }
        }
        loss
    }

    /// Every layer of the explorer's network: W→W, φ on every layer, the chosen norm and skip.
    fn layer(&self, float32: bool) -> MlpLayer {
        MlpLayer {
            fan_in: self.width,
            fan_out: self.width,
            activation: self.activation,
            norm: self.norm,
            alpha: self.residual.alpha(self.depth()),
            rounded: !float32,
        }
    }

    /// W_l (read as `weight_scale`·W_l) and b_l cast to the policy's format, into `cast`.
    fn cast_params<P: NumericPolicy>(&self, cast: &mut CastParams, policy: &P) {
        let scale = self.weight_scale.unwrap_or(1.0);
        cast.weights.resize_with(self.depth(), Vec::new);
        for (c, w) in cast.weights.iter_mut().zip(self.weights) {
            c.clear();
            c.extend(w.iter().map(|&v| if scale == 1.0 { v } else { scale * v }));
            policy.round(c);
        }
        cast.biases.resize_with(self.biases.len(), Vec::new);
        for (c, b) in cast.biases.iter_mut().zip(self.biases) {
            c.clone_from(b);
            policy.round(c);
        }
        cast.active = true;
    }

    /// Layer l's weights and bias: the cast copies where a format needs them.
    fn params<'s>(&'s self, l: usize, cast: &'s CastParams) -> MlpParams<'s> {
        match cast.weights.get(l - 1).filter(|_| cast.active) {
            Some(w) => MlpParams {
                weights: w,
                scale: None,
                bias: cast.biases.get(l - 1).map(|b| &b[..]),
            },
            None => MlpParams {
                weights: &self.weights[l - 1],
                scale: self.weight_scale,
                bias: self.biases.get(l - 1).map(|b| &b[..]),
            },
        }
    }

    /// The loss, and ∂Loss/∂A_L into `ws.da` (`stats::mse_gradient`).
    fn loss_gradient(&self, ws: &mut Workspace) -> f64 {
        mse_gradient(&ws.acts[self.depth()], self.y, &mut ws.da)
    }
}

/// Buffers reused across passes (the page recomputes on every slider move).
#[derive(Default)]
pub struct Workspace {
    /// A_0 = X, A_1, …, A_L.
    acts: Vec<Vec<f32>>,
    /// What each layer's forward keeps for its backward.
    tapes: Vec<MlpTape>,
    scratch: MlpScratch,
    /// ∂Loss/∂A_l, from l = L down to 1.
    da: Vec<f32>,
    /// The parameters cast to a narrower format (empty in float32).
    cast: CastParams,
}

/// W_l and b_l as a narrower format holds them (float32 master weights stay untouched); the
/// buffers are kept between passes, `active` only in a pass that cast them.
#[derive(Default)]
struct CastParams {
    active: bool,
    weights: Vec<Vec<f32>>,
    biases: Vec<Vec<f32>>,
}

impl Workspace {
    /// Sizes the buffers; the ones an architecture does not use stay empty.
    fn prepare(&mut self, layer: &MlpLayer, depth: usize, batch: usize) {
        let bw = batch * layer.fan_out;
        self.acts.resize_with(depth + 1, Vec::new);
        self.acts.iter_mut().for_each(|b| b.resize(bw, 0.0));
        self.tapes.resize_with(depth, MlpTape::default);
        self.tapes.iter_mut().for_each(|t| layer.fit_tape(batch, t));
        self.scratch.fit(batch, std::iter::once(layer));
        self.da.resize(bw, 0.0);
        self.cast.active = false;
    }
}
