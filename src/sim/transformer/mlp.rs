//! The block's MLP: MLP(u) = GELU(u W_1 + b_1) W_2 + b_2, d → 4d → d, with the exact (erf)
//! GELU of `activation.rs` (libm's erff/expf: the same bits natively and in wasm).

use super::shape::Shape;
use crate::sim::config::Activation;
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
}

/// Scratch of the MLP, reused between blocks.
#[derive(Default)]
pub struct MlpScratch {
    g: Vec<f32>,
    dg: Vec<f32>,
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
    Activation::Gelu.forward_f32(&cache.h, &mut sc.g);
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
    sc.g.resize(n * k, 0.0);
    sc.dg.resize(n * k, 0.0);
    grads.w_1.resize(d * k, 0.0);
    grads.w_2.resize(k * d, 0.0);
    // GELU(h) again: the same operations on the same values, so the same bits as forward.
    Activation::Gelu.forward_f32(&cache.h, &mut sc.g);
    policy.round(&mut sc.g);
    gemm.run(
        k,
        n,
        d,
        View::transposed(&sc.g, k),
        View::rows(dout, d),
        &mut grads.w_2,
    );
    policy.round(&mut grads.w_2);
    column_sums(dout, d, &mut grads.b_2);
    policy.round(&mut grads.b_2);
    gemm.run(
        n,
        d,
        k,
        View::rows(dout, d),
        View::transposed(&p.w_2, d),
        &mut sc.g,
    );
    policy.round(&mut sc.g);
    // sc.g now holds ∂GELU; ∂h = GELU'(h) ⊙ ∂GELU.
    Activation::Gelu.backward_f32(&cache.h, &sc.g, &mut sc.dg);
    policy.round(&mut sc.dg);
    gemm.run(
        d,
        n,
        k,
        View::transposed(u, d),
        View::rows(&sc.dg, k),
        &mut grads.w_1,
    );
    policy.round(&mut grads.w_1);
    column_sums(&sc.dg, k, &mut grads.b_1);
    policy.round(&mut grads.b_1);
    gemm.run(
        n,
        k,
        d,
        View::rows(&sc.dg, k),
        View::transposed(&p.w_1, k),
        du,
    );
    policy.round(du);
}
