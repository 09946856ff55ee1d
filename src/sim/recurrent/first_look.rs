//! The first look at a seed, what the page draws while a slider moves: the whole picture
//! (every step's gradient and hidden state, the loss, the verdict) without forming ∂L/∂W_hh
//! and ∂L/∂W_ih — two of the pass's five matrix products, about two fifths of its work —
//! whenever a bound shows that their norms cannot change the verdict. The verdict calls a seed
//! exploding when a weight gradient's norm exceeds `EXPLODING_WEIGHT_GRAD` and overflowing
//! when one is not finite (`summary::diagnose`), so a first look and the full run of the same
//! seed always agree on it; the page's seed band, which follows, forms them.

use super::params::Params;
use super::pass::Workspace;
use crate::sim::stats::frobenius;

/// An upper bound on ‖∂L/∂W_hh‖_F and ‖∂L/∂W_ih‖_F as `weight_grads` would compute them in
/// float32 after `backward_through_time` (which returned `first`), from step norms alone:
/// ‖Σ_t A_tᵀ·D_t‖_F ≤ Σ_t ‖A_t‖_F·‖D_t‖_F with A_t = h_{t−1} or x_t and D_t step t's
/// pre-activation gradients (all their columns: at least the ones each product reads). Each
/// entry of the float32 product is a sum of `rows` products, off by at most rows·2^−24 of
/// the sum of their magnitudes, which the same bound holds: hence the factor 1 + rows·2^−23.
/// Not finite when some value is not.
pub fn weight_grad_bound(p: &Params, x: &[f32], first: usize, ws: &Workspace) -> f64 {
    let steps = ws.hidden_states().count();
    let bh = x.len() / steps.max(1);
    let (mut recurrent, mut input) = (0.0f64, 0.0f64);
    for t in first..=steps {
        let d = frobenius(ws.pre_activation_grads(t));
        recurrent += frobenius(ws.h_prev(t)) * d;
        input += frobenius(&x[(t - 1) * bh..t * bh]) * d;
    }
    if recurrent.is_nan() || input.is_nan() {
        return f64::NAN;
    }
    // The rounding bound holds while rows·2^−24 ≤ 1/2; past it (never at the page's sizes)
    // there is no bound.
    let rows = ((steps + 1 - first) * bh / p.width.max(1)) as f64;
    let slack = match rows * f64::powi(2.0, -24) {
        r if r <= 0.5 => 1.0 + 2.0 * r,
        _ => f64::INFINITY,
    };
    recurrent.max(input) * slack
}
