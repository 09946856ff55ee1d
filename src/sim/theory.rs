//! Mean-field theory of signal propagation (Poole et al. 2016, Schoenholz et al. 2017):
//! q_1 = σ_w²·E[x²] + σ_b², q_{l+1} = σ_w²·E[φ(z)²] + σ_b², χ_l = σ_w²·E[φ'(z)²], z ~ N(0, q_l),
//! and ‖∂Loss/∂Z_l‖² ≈ ‖∂Loss/∂Z_{l+1}‖²·χ_l, so log10 of the signal gradient at layer l
//! relative to layer L is ½·Σ_{m=l}^{L−1} log10 χ_m.
//!
//! Residual networks without a norm (A_l = A_{l−1} + α·φ(H_l)): with m_l, p_l the mean and
//! second moment of A_l per unit, q_l = σ_w²·p_{l−1} + σ_b² (H_l is a zero-mean weight sum of
//! A_{l−1}), m_l = m_{l−1} + α·E[φ], p_l = p_{l−1} + 2α·m_{l−1}·E[φ] + α²·E[φ²] (φ(H_l) is
//! uncorrelated with each unit of A_{l−1} in the wide limit); backward, E[(∂Loss/∂A_{l−1})²] =
//! E[(∂Loss/∂A_l)²]·(1 + α²·χ_l), and ‖∂Loss/∂H_l‖² ∝ E[(∂Loss/∂A_l)²]·E[φ'(z_l)²].
//! This holds for sigmoid and tanh (within 0.05 decades at W = 256, depth 30, both α); for the
//! ReLU family, GELU and identity the MSE loss gradient aligns with A_L, which those φ carry
//! coherently back through the skips (φ'(h)·h = φ(h)), and the simulation departs by up to
//! 2.4 decades: no prediction there.
//! Batch norm + ReLU (no residual): the gradient grows by √(π/(π−1)) a layer going back
//! (Yang et al., ICLR 2019). Other normalized networks: no prediction (an empty list).
//!
//! Gaussian expectations use composite Gauss–Legendre on geometric panels in t = z/√q: the
//! first panel is 0.25/√q wide, so sigmoid/tanh (which vary on |z| ≲ 1, i.e. |t| ≲ 1/√q)
//! stay resolved at any q, where fixed-node Gauss–Hermite misses the transition. Panel edges
//! sit at t = 0, where the piecewise activations have their kink.

use super::config::{Activation, Norm, Residual};
use super::report::TheoryLayer;

const GL_NODES: usize = 16;
/// The integrand is negligible beyond |t| = 12 (φ(12) ≈ 5e-32).
const T_MAX: f64 = 12.0;

/// Gauss–Legendre nodes and weights on [−1, 1], computed once (the phase diagram asks for
/// thousands of expectations).
fn gauss_legendre() -> &'static ([f64; GL_NODES], [f64; GL_NODES]) {
    static NODES: std::sync::OnceLock<([f64; GL_NODES], [f64; GL_NODES])> =
        std::sync::OnceLock::new();
    NODES.get_or_init(compute_gauss_legendre)
}

/// Gauss–Legendre nodes and weights on [−1, 1] by Newton's method (deterministic: libm only).
fn compute_gauss_legendre() -> ([f64; GL_NODES], [f64; GL_NODES]) {
    let n = GL_NODES;
    let mut x = [0.0; GL_NODES];
    let mut w = [0.0; GL_NODES];
    for i in 0..n {
        let mut t = libm::cos(std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5));
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, t);
            for k in 2..=n {
                let p2 = ((2 * k - 1) as f64 * t * p1 - (k - 1) as f64 * p0) / k as f64;
                p0 = p1;
                p1 = p2;
            }
            dp = n as f64 * (t * p1 - p0) / (t * t - 1.0);
            let dt = p1 / dp;
            t -= dt;
            if dt.abs() < 1e-15 {
                break;
            }
        }
        x[i] = t;
        w[i] = 2.0 / ((1.0 - t * t) * dp * dp);
    }
    (x, w)
}

/// E[f(z)] for z ~ N(0, q). q = 0 gives f(0); a non-finite q gives NaN.
pub fn gaussian_expectation(f: impl Fn(f64) -> f64, q: f64) -> f64 {
    if q == 0.0 {
        return f(0.0);
    }
    if !(q.is_finite() && q > 0.0) {
        return f64::NAN;
    }
    let (x, w) = gauss_legendre();
    let sq = q.sqrt();
    let inv_sqrt_2pi = 0.398_942_280_401_432_7;
    let mut total = 0.0;
    let mut a = 0.0;
    let mut b = (0.25 / sq).min(0.25);
    loop {
        let (half, mid) = (0.5 * (b - a), 0.5 * (b + a));
        for i in 0..GL_NODES {
            let t = mid + half * x[i];
            let dens = inv_sqrt_2pi * libm::exp(-0.5 * t * t);
            total += half * w[i] * dens * (f(sq * t) + f(-sq * t));
        }
        if b >= T_MAX {
            break;
        }
        a = b;
        b = (2.0 * b).min(T_MAX);
    }
    total
}

/// Mean-field predictions for layers 1..=depth. `input_msq` is E[x²] of the input (1 here).
pub fn mean_field(
    act: Activation,
    sigma_w2: f64,
    sigma_b2: f64,
    depth: usize,
    input_msq: f64,
) -> Vec<TheoryLayer> {
    let mut out = Vec::with_capacity(depth);
    let mut q = sigma_w2 * input_msq + sigma_b2;
    for l in 1..=depth {
        let e_d2 = gaussian_expectation(
            |z| {
                let d = act.derivative(z);
                d * d
            },
            q,
        );
        let chi = sigma_w2 * e_d2;
        out.push(TheoryLayer {
            layer: l,
            q,
            chi,
            signal_grad_rel_log10: 0.0,
        });
        q = sigma_w2
            * gaussian_expectation(
                |z| {
                    let v = act.eval(z);
                    v * v
                },
                q,
            )
            + sigma_b2;
    }
    let mut rel = 0.0;
    for l in (0..depth).rev() {
        if l + 1 < depth {
            rel += 0.5 * libm::log10(out[l].chi);
        }
        out[l].signal_grad_rel_log10 = rel;
    }
    out
}

/// The prediction for an architecture, or an empty list where the theory has none.
pub fn predict(
    act: Activation,
    residual: Residual,
    norm: Norm,
    sigma_w2: f64,
    sigma_b2: f64,
    depth: usize,
) -> Vec<TheoryLayer> {
    match (residual.alpha(depth), norm) {
        (None, Norm::None) => mean_field(act, sigma_w2, sigma_b2, depth, 1.0),
        (Some(alpha), Norm::None) if matches!(act, Activation::Sigmoid | Activation::Tanh) => {
            residual_mean_field(act, alpha as f64, sigma_w2, sigma_b2, depth)
        }
        (None, Norm::Batch) if act == Activation::Relu => batch_norm_relu(depth),
        _ => Vec::new(),
    }
}

/// Per-layer growth of the squared gradient under batch norm + ReLU going back: π/(π−1).
pub fn batch_norm_relu_chi() -> f64 {
    std::f64::consts::PI / (std::f64::consts::PI - 1.0)
}

fn batch_norm_relu(depth: usize) -> Vec<TheoryLayer> {
    let chi = batch_norm_relu_chi();
    (1..=depth)
        .map(|l| TheoryLayer {
            layer: l,
            q: 1.0,
            chi,
            signal_grad_rel_log10: 0.5 * (depth - l) as f64 * libm::log10(chi),
        })
        .collect()
}

/// The residual recursion of the module comment, from X with mean 0 and second moment 1.
fn residual_mean_field(
    act: Activation,
    alpha: f64,
    sigma_w2: f64,
    sigma_b2: f64,
    depth: usize,
) -> Vec<TheoryLayer> {
    let (mut m, mut p) = (0.0, 1.0);
    let mut out = Vec::with_capacity(depth);
    // E[φ'(z_l)²] per layer, for the signal gradient's own factor.
    let mut d2 = Vec::with_capacity(depth);
    for l in 1..=depth {
        let q = sigma_w2 * p + sigma_b2;
        let mean = gaussian_expectation(|z| act.eval(z), q);
        let e2 = gaussian_expectation(|z| act.eval(z).powi(2), q);
        let e_d2 = gaussian_expectation(|z| act.derivative(z).powi(2), q);
        d2.push(e_d2);
        out.push(TheoryLayer {
            layer: l,
            q,
            chi: sigma_w2 * e_d2,
            signal_grad_rel_log10: 0.0,
        });
        p += 2.0 * alpha * m * mean + alpha * alpha * e2;
        m += alpha * mean;
    }
    // log10 of E[(∂Loss/∂A_l)²] relative to layer L, accumulated going back.
    let mut log_g = 0.0;
    for l in (0..depth).rev() {
        if l + 1 < depth {
            log_g += libm::log10(1.0 + alpha * alpha * out[l + 1].chi);
        }
        out[l].signal_grad_rel_log10 = 0.5 * (log_g + libm::log10(d2[l] / d2[depth - 1]));
    }
    out
}
