//! The block's MLP: MLP(u) = GELU(u W_1 + b_1) W_2 + b_2, d → 4d → d, with the exact (erf)
//! GELU of `sim::gelu` (libm's erff/expf: the same bits natively and in wasm).

use super::shape::Shape;
use crate::sim::gelu::{erf_terms, gelu_from_erf, gelu_grad_from_erf};
use crate::sim::matmul::{Gemm, View};
use crate::sim::numeric::NumericPolicy;

/// W_1 (d × 4d), b_1 (4d), W_2 (4d × d), b_2 (d); also their gradients.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MlpParams {
    pub w_1: Vec<f32>,
    pub b_1: Vec<f32>,
    pub w_2: Vec<f32>,
    pub b_2: Vec<f32>,
}

/// The pre-activation u W_1 + b_1 (rows × 4d): GELU' needs it, and GELU is recomputed from it
/// in the backward pass rather than kept (4d floats per row less per block).
#[derive(Clone, Debug, Default)]
pub struct MlpCache {
    h: Vec<f32>,
    /// erf(h/√2), kept only with `keep_erf` (a trainer's workspace: its backward pass then
    /// takes no erf, the costliest part of GELU, for 4d floats per row more per block).
    erf: Vec<f32>,
    pub(crate) keep_erf: bool,
}

/// Scratch of the MLP, reused between blocks.
#[derive(Default)]
pub struct MlpScratch {
    g: Vec<f32>,
    dg: Vec<f32>,
    /// erf(h/√2) where the cache does not keep it.
    erf: Vec<f32>,
}

/// Adds `bias` to every row of `m`.
fn add_bias(m: &mut [f32], bias: &[f32]) {
    for row in m.chunks_exact_mut(bias.len().max(1)) {
        row.iter_mut().zip(bias).for_each(|(v, &b)| *v += b);
    }
}

/// Column sums of `m` (rows of `width`) in float64, in row order.
fn column_sums(m: &[f32], width: usize, out: &mut Vec<f32>) {
    let mut acc = vec![0.0f64; width];
    for row in m.chunks_exact(width) {
        acc.iter_mut().zip(row).for_each(|(a, &v)| *a += v as f64);
    }
    out.clear();
    out.extend(acc.iter().map(|&v| v as f32));
}

/// out = MLP(u) (rows × d), keeping the pre-activation in `cache`.
pub fn mlp_forward<P: NumericPolicy>(
    s: &Shape,
    p: &MlpParams,
    u: &[f32],
    cache: &mut MlpCache,
    (gemm, sc): (&mut Gemm, &mut MlpScratch),
    out: &mut [f32],
    policy: &P,
) {
    let (n, d, k) = (s.rows(), s.width, s.hidden());
    cache.h.resize(n * k, 0.0);
    sc.g.resize(n * k, 0.0);
    gemm.run(
        n,
        d,
        k,
        View::rows(u, d),
        View::rows(&p.w_1, k),
        &mut cache.h,
    );
    add_bias(&mut cache.h, &p.b_1);
    policy.round(&mut cache.h);
    let erf = if cache.keep_erf {
        &mut cache.erf
    } else {
        cache.erf.clear();
        &mut sc.erf
    };
    erf.resize(n * k, 0.0);
    erf_terms(&cache.h, erf);
    gelu_from_erf(&cache.h, erf, &mut sc.g);
    policy.round(&mut sc.g);
    gemm.run(n, k, d, View::rows(&sc.g, k), View::rows(&p.w_2, d), out);
    add_bias(out, &p.b_2);
    policy.round(out);
}

/// From ∂out: the gradients of W_1, b_1, W_2, b_2 (into `grads`, overwritten) and ∂u.
#[allow(clippy::too_many_arguments)]
pub fn mlp_backward<P: NumericPolicy>(
    s: &Shape,
    p: &MlpParams,
    u: &[f32],
    cache: &MlpCache,
    dout: &[f32],
    grads: &mut MlpParams,
    (gemm, sc): (&mut Gemm, &mut MlpScratch),
    du: &mut [f32],
    policy: &P,
) {
    let (n, d, k) = (s.rows(), s.width, s.hidden());
    let MlpScratch { g, dg, erf } = sc;
    g.resize(n * k, 0.0);
    dg.resize(n * k, 0.0);
    grads.w_1.resize(d * k, 0.0);
    grads.w_2.resize(k * d, 0.0);
    let erf: &[f32] = if cache.erf.is_empty() {
        erf.resize(n * k, 0.0);
        erf_terms(&cache.h, erf);
        erf
    } else {
        &cache.erf
    };
    // GELU(h) again: the same operations on the same values, so the same bits as forward.
    gelu_from_erf(&cache.h, erf, g);
    policy.round(g);
    gemm.run(
        k,
        n,
        d,
        View::transposed(g, k),
        View::rows(dout, d),
        &mut grads.w_2,
    );
    policy.round(&mut grads.w_2);
    column_sums(dout, d, &mut grads.b_2);
    policy.round(&mut grads.b_2);
    gemm.run(n, d, k, View::rows(dout, d), View::transposed(&p.w_2, d), g);
    policy.round(g);
    // g now holds ∂GELU; ∂h = GELU'(h) ⊙ ∂GELU.
    gelu_grad_from_erf(&cache.h, erf, g, dg);
    policy.round(dg);
    gemm.run(
        d,
        n,
        k,
        View::transposed(u, d),
        View::rows(dg, k),
        &mut grads.w_1,
    );
    policy.round(&mut grads.w_1);
    column_sums(dg, k, &mut grads.b_1);
    policy.round(&mut grads.b_1);
    gemm.run(n, k, d, View::rows(dg, k), View::transposed(&p.w_1, k), du);
    policy.round(du);
}
