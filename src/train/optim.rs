//! The trainer's optimizers with PyTorch's semantics, in float32: SGD (with momentum) here,
//! Adam and global-norm clipping from the core's `sim::optim`, which every trainer shares.

use super::config::{Optimizer, TrainConfig};
use super::model::Params;
use crate::sim::optim::{self, Adam};

/// Optimizer state: SGD's momentum buffer, or Adam's moments.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimState {
    lr: f32,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Sgd { momentum: f32, buffer: Params },
    Adam(Adam),
}

impl OptimState {
    pub fn new(cfg: &TrainConfig, like: &Params) -> OptimState {
        let kind = match cfg.optimizer {
            Optimizer::Sgd => Kind::Sgd {
                momentum: cfg.momentum as f32,
                buffer: Params {
                    weights: like.weights.iter().map(|w| vec![0.0; w.len()]).collect(),
                    biases: like.biases.iter().map(|b| vec![0.0; b.len()]).collect(),
                },
            },
            Optimizer::Adam => Kind::Adam(Adam::new(like.tensors().map(Vec::len))),
        };
        OptimState {
            lr: cfg.lr as f32,
            kind,
        }
    }

    /// p −= update(g) for every parameter tensor, in order.
    pub fn apply(&mut self, params: &mut Params, grads: &Params) {
        let lr = self.lr;
        match &mut self.kind {
            Kind::Sgd { momentum, buffer } => sgd(lr, *momentum, buffer, params, grads),
            Kind::Adam(adam) => adam.step(
                lr,
                params.tensors_mut().map(Vec::as_mut_slice),
                grads.tensors().map(Vec::as_slice),
            ),
        }
    }
}

/// v = μ·v + g; p −= lr·v. With μ = 0, PyTorch keeps no buffer: p −= lr·g.
fn sgd(lr: f32, mu: f32, buffer: &mut Params, params: &mut Params, grads: &Params) {
    for ((p, g), v) in params
        .tensors_mut()
        .zip(grads.tensors())
        .zip(buffer.tensors_mut())
    {
        for ((p, &g), v) in p.iter_mut().zip(g).zip(v.iter_mut()) {
            let step = if mu == 0.0 { g } else { mu * *v + g };
            *v = step;
            *p -= lr * step;
        }
    }
}

/// The global gradient norm over all parameters, float64 sums in tensor order.
pub fn global_norm(grads: &Params) -> f64 {
    optim::global_norm(grads.tensors().map(Vec::as_slice))
}

/// clip_grad_norm_ over every parameter (see `sim::optim::clip_by_norm`). Returns the norm
/// before clipping.
pub fn clip_global_norm(grads: &mut Params, c: f64) -> f64 {
    let norm = global_norm(grads);
    optim::clip_by_norm(grads.tensors_mut().map(Vec::as_mut_slice), norm, c);
    norm
}
