//! Optimizers with PyTorch's semantics, in float32, and clipping by the global norm.

use super::config::{Optimizer, TrainConfig};
use super::model::{sum_sq, Params};

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPS: f32 = 1e-8;

/// Optimizer state: SGD's momentum buffer, or Adam's two moments and step count.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimState {
    kind: Optimizer,
    lr: f32,
    momentum: f32,
    m: Params,
    v: Params,
    /// β₁ᵏ and β₂ᵏ, kept as running float64 products (no `powi`, whose bits may differ).
    beta_pows: (f64, f64),
}

impl OptimState {
    pub fn new(cfg: &TrainConfig, like: &Params) -> OptimState {
        let zeros = |p: &Params| Params {
            weights: p.weights.iter().map(|w| vec![0.0; w.len()]).collect(),
            biases: p.biases.iter().map(|b| vec![0.0; b.len()]).collect(),
        };
        OptimState {
            kind: cfg.optimizer,
            lr: cfg.lr as f32,
            momentum: cfg.momentum as f32,
            m: zeros(like),
            v: if cfg.optimizer == Optimizer::Adam {
                zeros(like)
            } else {
                Params {
                    weights: vec![],
                    biases: vec![],
                }
            },
            beta_pows: (1.0, 1.0),
        }
    }

    /// p −= update(g) for every parameter tensor, in order.
    pub fn apply(&mut self, params: &mut Params, grads: &Params) {
        match self.kind {
            Optimizer::Sgd => self.sgd(params, grads),
            Optimizer::Adam => self.adam(params, grads),
        }
    }

    /// v = μ·v + g; p −= lr·v. With μ = 0, PyTorch keeps no buffer: p −= lr·g.
    fn sgd(&mut self, params: &mut Params, grads: &Params) {
        let (lr, mu) = (self.lr, self.momentum);
        for ((p, g), v) in params
            .tensors_mut()
            .zip(grads.tensors())
            .zip(self.m.tensors_mut())
        {
            for ((p, &g), v) in p.iter_mut().zip(g).zip(v.iter_mut()) {
                let step = if mu == 0.0 { g } else { mu * *v + g };
                *v = step;
                *p -= lr * step;
            }
        }
    }

    /// m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr·(m/(1−β₁ᵏ)) / (√(v/(1−β₂ᵏ)) + ε).
    fn adam(&mut self, params: &mut Params, grads: &Params) {
        self.beta_pows = (
            self.beta_pows.0 * BETA1 as f64,
            self.beta_pows.1 * BETA2 as f64,
        );
        let bc1 = (1.0 - self.beta_pows.0) as f32;
        let bc2 = (1.0 - self.beta_pows.1) as f32;
        let lr = self.lr;
        let moments = self.m.tensors_mut().zip(self.v.tensors_mut());
        for ((p, g), (m, v)) in params.tensors_mut().zip(grads.tensors()).zip(moments) {
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = BETA1 * *m + (1.0 - BETA1) * g;
                *v = BETA2 * *v + (1.0 - BETA2) * (g * g);
                *p -= lr * (*m / bc1) / ((*v / bc2).sqrt() + ADAM_EPS);
            }
        }
    }
}

/// The global gradient norm over all parameters, float64 sums in tensor order.
pub fn global_norm(grads: &Params) -> f64 {
    grads.tensors().map(|t| sum_sq(t)).sum::<f64>().sqrt()
}

/// clip_grad_norm_: g ·= min(1, c/(‖g‖ + 1e-6)). The factor is shrunk by a further 1e-6
/// (relative) so float32 rounding of the products can never leave ‖g‖ above c.
/// Returns the norm before clipping.
pub fn clip_global_norm(grads: &mut Params, c: f64) -> f64 {
    let norm = global_norm(grads);
    let s = (c / (norm + 1e-6)).min(1.0);
    if s < 1.0 {
        let s = (s * (1.0 - 1e-6)) as f32;
        grads
            .tensors_mut()
            .for_each(|t| t.iter_mut().for_each(|g| *g *= s));
    }
    norm
}
