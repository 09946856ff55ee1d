//! Mean-field theory of signal propagation (Poole et al. 2016, Schoenholz et al. 2017):
//! q_1 = σ_w²·E[x²] + σ_b², q_{l+1} = σ_w²·E[φ(z)²] + σ_b², χ_l = σ_w²·E[φ'(z)²], z ~ N(0, q_l),
//! and ‖∂Loss/∂Z_l‖² ≈ ‖∂Loss/∂Z_{l+1}‖²·χ_l, so log10 of the signal gradient at layer l
//! relative to layer L is ½·Σ_{m=l}^{L−1} log10 χ_m.
//!
//! Gaussian expectations use composite Gauss–Legendre on geometric panels in t = z/√q: the
//! first panel is 0.25/√q wide, so sigmoid/tanh (which vary on |z| ≲ 1, i.e. |t| ≲ 1/√q)
//! stay resolved at any q, where fixed-node Gauss–Hermite misses the transition. Panel edges
//! sit at t = 0, where the piecewise activations have their kink.

use super::config::Activation;
use super::report::TheoryLayer;

const GL_NODES: usize = 16;
/// The integrand is negligible beyond |t| = 12 (φ(12) ≈ 5e-32).
const T_MAX: f64 = 12.0;

/// Gauss–Legendre nodes and weights on [−1, 1] by Newton's method (deterministic: libm only).
fn gauss_legendre() -> ([f64; GL_NODES], [f64; GL_NODES]) {
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
