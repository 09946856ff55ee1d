//! The verdict on the status card, from the signal gradient and the weight-gradient size.
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
//! "overflow" is any non-finite value anywhere.

use super::report::{Diagnosis, LayerReport};

/// Signal ratio below this: vanishing (lost 1.5 decades).
pub const VANISHING_RATIO: f64 = 0.031_622_776_601_683_79; // 10^-1.5
/// Signal ratio above this: exploding (gained 1.5 decades).
pub const EXPLODING_RATIO: f64 = 31.622_776_601_683_793; // 10^1.5
/// Largest weight gradient above this: exploding.
pub const EXPLODING_WEIGHT_GRAD: f64 = 1e4;
/// First-layer weight gradient below this: vanishing.
pub const VANISHING_WEIGHT_GRAD: f64 = 1e-7;
/// Dead fraction at or above this in some layer: dead.
pub const DEAD_FRACTION: f64 = 0.99;

/// Diagnoses one run from its per-layer reports and loss.
pub fn diagnose(layers: &[LayerReport], loss: f64) -> Diagnosis {
    let any_nonfinite = !loss.is_finite()
        || layers.iter().any(|l| {
            l.nonfinite > 0 || !l.weight_grad_norm.is_finite() || !l.signal_grad_norm.is_finite()
        });
    if any_nonfinite {
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
    let (s1, sl) = (first.signal_grad_norm, last.signal_grad_norm);
    if max_wg > EXPLODING_WEIGHT_GRAD || (sl > 0.0 && s1 / sl > EXPLODING_RATIO) {
        return Diagnosis::Exploding;
    }
    if first.weight_grad_norm < VANISHING_WEIGHT_GRAD || sl == 0.0 || s1 / sl < VANISHING_RATIO {
        return Diagnosis::Vanishing;
    }
    Diagnosis::Healthy
}
