//! The mean-field line of the tanh RNN through time (Chen, Pennington & Schoenholz 2018, the
//! feed-forward theory of Poole et al. 2016 and Schoenholz et al. 2017 unrolled in time).
//!
//! With h_0 = 0 and fresh inputs every step, the pre-activation zₜ = hₜ₋₁W_hh + xₜW_ih + b has
//! per-coordinate variance qₜ = σ_w²·E[tanh(z)²]_{z~N(0,qₜ₋₁)} + σ_u² + σ_b² (q₁ = σ_u² + σ_b²),
//! and one step back multiplies ‖∂L/∂h‖² by χₜ = σ_w²·E[tanh′(z)²]_{z~N(0,qₜ)}. So
//! ‖∂L/∂hₜ‖ = ‖∂L/∂h_T‖·∏_{s=t+1..T} √χₛ. The weights' variances are the init's (see
//! `params`): σ_w² = g² for `orthogonal`, `normal` and `identity`, σ_u² = 1 (H inputs of
//! N(0, 1/H) weights times N(0, 1) data); PyTorch's U(±1/√H) gives 1/3 for both and
//! σ_b² = 1/(3H). The line assumes what mean field assumes (wide, weights independent of the
//! activity they meet); `identity` breaks that, and is given no line.

use super::config::{Cell, RecurrentInit, RnnConfig};
use crate::sim::theory::gaussian_expectation;

/// The variances the init gives the recurrent weights, the input weights and the bias.
fn variances(cfg: &RnnConfig) -> (f64, f64, f64) {
    match cfg.init {
        RecurrentInit::Pytorch => (1.0 / 3.0, 1.0 / 3.0, 1.0 / (3.0 * cfg.width as f64)),
        _ => (cfg.gain * cfg.gain, 1.0, 0.0),
    }
}

/// Whether the mean-field line applies: the tanh RNN with random recurrent weights.
pub fn has_mean_field(cfg: &RnnConfig) -> bool {
    cfg.cell == Cell::RnnTanh && cfg.init != RecurrentInit::Identity
}

/// χₜ for t = 1..=T: the factor one step back from hₜ to hₜ₋₁ multiplies ‖∂L/∂h‖² by.
/// Empty where [`has_mean_field`] is false.
pub fn step_chis(cfg: &RnnConfig) -> Vec<f64> {
    if !has_mean_field(cfg) {
        return Vec::new();
    }
    let (sw2, su2, sb2) = variances(cfg);
    let d_tanh2 = |z: f64| {
        let s = 1.0 - libm::tanh(z).powi(2);
        s * s
    };
    let mut q = su2 + sb2;
    (0..cfg.steps)
        .map(|_| {
            let chi = sw2 * gaussian_expectation(d_tanh2, q);
            q = sw2 * gaussian_expectation(|z| libm::tanh(z).powi(2), q) + su2 + sb2;
            chi
        })
        .collect()
}

/// ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖ predicted for t = 1..=T (1 at t = T); `None` for the steps truncation
/// gives no gradient. Empty where [`has_mean_field`] is false.
pub fn mean_field_line(cfg: &RnnConfig) -> Vec<Option<f64>> {
    let chis = step_chis(cfg);
    let t_end = chis.len();
    let mut out = vec![None; t_end];
    let mut rel = 1.0;
    for t in (1..=t_end).rev() {
        if t_end - t >= cfg.truncate {
            break;
        }
        out[t - 1] = Some(rel);
        // From hₜ back to hₜ₋₁ through step t's pre-activation.
        rel *= chis[t - 1].sqrt();
    }
    out
}
