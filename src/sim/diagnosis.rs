//! The verdict on the status card, from the ratio of one gradient between layer 1 and layer L
//! (which one: `judged_gradient`) and the weight-gradient size.
//!
//! Which gradient. Without normalization (plain or residual) it is the signal gradient
//! ‖∂Loss/∂H_l‖, for the reason below. With a norm, ∂Loss/∂H_l is divided by the norm's σ_l,
//! the scale of H_l, which in a residual network grows with depth as ‖A_{l−1}‖ does; the
//! weight gradient A_{l−1}ᵀ·∂Loss/∂H_l multiplies that scale back. Since every W_l starts at
//! the same scale, the weight-gradient ratio is the ratio of the layers' relative learning
//! speeds, which is what learning needs; and the trap that makes it unreliable without a norm
//! (a forward signal growing by the inverse of the backward growth) cannot happen when every
//! layer's input to φ is normalized. E.g. ReLU + He + identity residual + layer norm at depth
//! 100: signal ratio ≈ 10^1.9 ("exploding"), weight gradients within 0.6 decades (healthy).
//!
//! Thresholds. The signal gradient ‖∂Loss/∂Z_l‖ is what back-propagation carries; its ratio
//! first/last is the product of the per-layer gains, so it is the quantity that vanishes or
//! explodes (the weight-gradient ratio can stay ≈ 1 while the signal explodes, because ‖A_l‖
//! grows by the inverse factor going forward). A change of 1.5 decades (≈ 32×) between layer
//! 1 and layer L means layer 1 learns ~30× slower or faster than layer L: clearly beyond the
//! seed-to-seed noise (~0.1–0.3 decades at W = 64) and it catches the slow ReLU + Xavier
//! decay (σ_w² = 1 halves the squared gradient per layer: 10^−2.1 over 15 layers), while
//! healthy set-ups (ReLU + He, SELU + LeCun, tanh + Xavier) stay within ±0.7 decades.
//! Independently of the ratio, the size of the weight gradient itself counts: above 1e4 a
//! step with an ordinary learning rate (1e-3) moves weights by far more than their scale
//! (exploding); below 1e-7 in layer 1 even a learning rate of 1 changes its weights of order 1e-1 by less
//! than float32 resolution (vanishing). "Dead" is a layer where ≥ 99 % of ReLU outputs are 0;
//! "overflow" is any non-finite value anywhere, the loss included (`Overflowed` says which:
//! the loss's float32 sum can overflow while every gradient stays finite).

use serde::Serialize;

use super::config::{Config, Norm};
use super::report::{Diagnosis, LayerReport, Overflowed};

/// The gradient whose first/last ratio the diagnosis judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgedGradient {
    /// ‖∂Loss/∂H_l‖, the gradient flowing back through the layers (networks without a norm).
    Signal,
    /// ‖∂Loss/∂W_l‖, what the optimizer uses (networks with batch or layer norm).
    Weight,
}

impl JudgedGradient {
    pub fn id(self) -> &'static str {
        match self {
            JudgedGradient::Signal => "signal",
            JudgedGradient::Weight => "weight",
        }
    }

    /// What the status card can print: which gradient, and why that one.
    pub fn description(self) -> &'static str {
        match self {
            JudgedGradient::Signal => {
                "judged on the signal gradient ‖∂L/∂zₗ‖ from layer 1 to layer L: without \
                 normalization it is what back-propagation carries, and the weight-gradient \
                 ratio can hide a signal that grows the same way forward and backward"
            }
            JudgedGradient::Weight => {
                "judged on the weight gradient ‖∂L/∂Wₗ‖ from layer 1 to layer L: the norm divides \
                 ∂L/∂zₗ by the scale of zₗ, and the weight gradient, which multiplies it back, \
                 sets how fast each layer learns"
            }
        }
    }

    /// The gradient of `layer` this judges.
    pub fn of(self, layer: &LayerReport) -> f64 {
        match self {
            JudgedGradient::Signal => layer.signal_grad_norm,
            JudgedGradient::Weight => layer.weight_grad_norm,
        }
    }
}

/// Which gradient `diagnose` judges for this network.
pub fn judged_gradient(cfg: &Config) -> JudgedGradient {
    match cfg.net.norm {
        Norm::None => JudgedGradient::Signal,
        Norm::Batch | Norm::Layer => JudgedGradient::Weight,
    }
}

/// Ratio of the judged gradient below this: vanishing (lost 1.5 decades).
pub const VANISHING_RATIO: f64 = 0.031_622_776_601_683_79; // 10^-1.5
/// Ratio of the judged gradient above this: exploding (gained 1.5 decades).
pub const EXPLODING_RATIO: f64 = 31.622_776_601_683_793; // 10^1.5
/// Largest weight gradient above this: exploding.
pub const EXPLODING_WEIGHT_GRAD: f64 = 1e4;
/// First-layer weight gradient below this: vanishing.
pub const VANISHING_WEIGHT_GRAD: f64 = 1e-7;
/// Dead fraction at or above this in some layer: dead.
pub const DEAD_FRACTION: f64 = 0.99;

/// What overflowed in a run, from its per-layer reports and loss.
pub fn overflowed(layers: &[LayerReport], loss: f64) -> Overflowed {
    let gradients = layers
        .iter()
        .any(|l| !l.weight_grad_norm.is_finite() || !l.signal_grad_norm.is_finite());
    let loss = !loss.is_finite();
    let any = loss || gradients || layers.iter().any(|l| l.nonfinite > 0);
    Overflowed {
        loss,
        gradients,
        any,
    }
}

/// Diagnoses one run from its per-layer reports and loss, judging the ratio of `judged`.
pub fn diagnose(layers: &[LayerReport], loss: f64, judged: JudgedGradient) -> Diagnosis {
    if overflowed(layers, loss).any {
        return Diagnosis::Overflow;
    }
    if layers
        .iter()
        .any(|l| l.dead_fraction.is_some_and(|d| d >= DEAD_FRACTION))
    {
        return Diagnosis::Dead;
    }
    let (Some(first), Some(last)) = (layers.first(), layers.last()) else {
        return Diagnosis::Healthy;
    };
    let max_wg = layers
        .iter()
        .map(|l| l.weight_grad_norm)
        .fold(0.0, f64::max);
    let (s1, sl) = (judged.of(first), judged.of(last));
    if max_wg > EXPLODING_WEIGHT_GRAD || (sl > 0.0 && s1 / sl > EXPLODING_RATIO) {
        return Diagnosis::Exploding;
    }
    if first.weight_grad_norm < VANISHING_WEIGHT_GRAD || sl == 0.0 || s1 / sl < VANISHING_RATIO {
        return Diagnosis::Vanishing;
    }
    Diagnosis::Healthy
}
