//! The norm of a transformer block, row by row (one token's d features), with the affine γ, β
//! a trainer learns: y = γ ⊙ n + β. Layer norm reuses `sim::norm` (the MLP's layer norm, same
//! statistics and backward); RMSNorm is n = u/σ, σ = √(mean(u²) + 1e-5), whose backward is
//! ∂u = (∂n − n·mean(∂n ⊙ n))/σ. Statistics in float64 in a fixed order, values in float32.

use super::config::NormKind;
use crate::sim::config::Norm;
use crate::sim::norm::{normalize, normalize_backward, NORM_EPS};
use crate::sim::numeric::NumericPolicy;

/// γ and β of one norm (d values each); also the shape of their gradients.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Affine {
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
}

impl Affine {
    /// γ = 1, β = 0: the identity at init.
    pub fn identity(width: usize) -> Affine {
        Affine {
            gamma: vec![1.0; width],
            beta: vec![0.0; width],
        }
    }

    pub fn zeros(width: usize) -> Affine {
        Affine {
            gamma: vec![0.0; width],
            beta: vec![0.0; width],
        }
    }
}

/// What the backward pass needs of one norm's forward: n (before γ, β) and each row's σ.
#[derive(Clone, Debug, Default)]
pub struct NormCache {
    pub n: Vec<f32>,
    pub sigma: Vec<f32>,
}

/// y = γ ⊙ Norm(u) + β for `rows` rows of `width`, keeping n and σ in `cache`.
pub fn norm_forward<P: NumericPolicy>(
    kind: NormKind,
    (rows, width): (usize, usize),
    p: &Affine,
    u: &[f32],
    cache: &mut NormCache,
    y: &mut [f32],
    policy: &P,
) {
    cache.n.resize(rows * width, 0.0);
    cache.sigma.resize(rows, 0.0);
    match kind {
        NormKind::LayerNorm => {
            normalize(Norm::Layer, rows, width, u, &mut cache.n, &mut cache.sigma)
        }
        NormKind::RmsNorm => rms_forward(width, u, &mut cache.n, &mut cache.sigma),
    }
    policy.round(&mut cache.n);
    for (yr, nr) in y.chunks_exact_mut(width).zip(cache.n.chunks_exact(width)) {
        for (((o, &n), &g), &b) in yr.iter_mut().zip(nr).zip(&p.gamma).zip(&p.beta) {
            *o = g * n + b;
        }
    }
    policy.round(y);
}

/// n = u/σ per row, σ = √(mean(u²) + eps) (the square root of the float64 mean, as float32).
fn rms_forward(width: usize, u: &[f32], n: &mut [f32], sigma: &mut [f32]) {
    let rows = u.chunks_exact(width).zip(n.chunks_exact_mut(width));
    for ((ur, nr), s) in rows.zip(sigma.iter_mut()) {
        let ss = ur.iter().fold(0.0f64, |a, &v| a + (v as f64) * (v as f64));
        let sd = libm::sqrt(ss / width as f64 + NORM_EPS) as f32;
        *s = sd;
        for (o, &v) in nr.iter_mut().zip(ur) {
            *o = v / sd;
        }
    }
}

/// From ∂y: ∂γ, ∂β (into `grads`, overwritten), ∂u (into `du`); `dn` is scratch.
#[allow(clippy::too_many_arguments)]
pub fn norm_backward<P: NumericPolicy>(
    kind: NormKind,
    (rows, width): (usize, usize),
    p: &Affine,
    cache: &NormCache,
    dy: &[f32],
    grads: &mut Affine,
    (dn, du): (&mut Vec<f32>, &mut [f32]),
    policy: &P,
) {
    affine_grads(width, &cache.n, dy, grads);
    policy.round(&mut grads.gamma);
    policy.round(&mut grads.beta);
    dn.resize(rows * width, 0.0);
    for (dnr, dyr) in dn.chunks_exact_mut(width).zip(dy.chunks_exact(width)) {
        for ((o, &g), &gm) in dnr.iter_mut().zip(dyr).zip(&p.gamma) {
            *o = g * gm;
        }
    }
    policy.round(dn);
    match kind {
        NormKind::LayerNorm => {
            normalize_backward(Norm::Layer, rows, width, dn, &cache.n, &cache.sigma, du)
        }
        NormKind::RmsNorm => rms_backward(width, dn, &cache.n, &cache.sigma, du),
    }
    policy.round(du);
}

/// ∂γ = Σ_rows ∂y ⊙ n, ∂β = Σ_rows ∂y, summed in float64 in row order.
fn affine_grads(width: usize, n: &[f32], dy: &[f32], grads: &mut Affine) {
    let mut sg = vec![0.0f64; width];
    let mut sb = vec![0.0f64; width];
    for (nr, dyr) in n.chunks_exact(width).zip(dy.chunks_exact(width)) {
        for (j, (&nv, &g)) in nr.iter().zip(dyr).enumerate() {
            sg[j] += (g as f64) * (nv as f64);
            sb[j] += g as f64;
        }
    }
    grads.gamma.clear();
    grads.gamma.extend(sg.iter().map(|&v| v as f32));
    grads.beta.clear();
    grads.beta.extend(sb.iter().map(|&v| v as f32));
}

/// ∂u = (∂n − n·mean(∂n ⊙ n))/σ per row.
fn rms_backward(width: usize, dn: &[f32], n: &[f32], sigma: &[f32], du: &mut [f32]) {
    let rows = dn.chunks_exact(width).zip(n.chunks_exact(width));
    for (((dnr, nr), dur), &sd) in rows.zip(du.chunks_exact_mut(width)).zip(sigma) {
        let s = dnr
            .iter()
            .zip(nr)
            .fold(0.0f64, |a, (&g, &v)| a + (g as f64) * (v as f64));
        let m = (s / width as f64) as f32;
        for ((o, &g), &v) in dur.iter_mut().zip(dnr).zip(nr) {
            *o = (g - v * m) / sd;
        }
    }
}
