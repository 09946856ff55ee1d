//! Multi-head self-attention, forward and backward: Attn(u) = concat_h(softmax(mask(Q_h K_hᵀ /
//! √d_h)) V_h) W_O with Q = u W_Q, K = u W_K, V = u W_V (no biases), head h = columns
//! h·d_h..(h+1)·d_h; with the causal mask key j ≤ query i. Every product goes through `Gemm`
//! (fixed summation order, no FMA), the exponentials through `libm::expf`, so native and wasm
//! give the same bits.

use super::shape::Shape;
use crate::sim::matmul::{Gemm, View};
use crate::sim::numeric::NumericPolicy;

/// W_Q, W_K, W_V, W_O (d × d each, row-major, input × output); also their gradients.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AttnParams {
    pub w_q: Vec<f32>,
    pub w_k: Vec<f32>,
    pub w_v: Vec<f32>,
    pub w_o: Vec<f32>,
}

/// What the backward pass needs: Q, K, V, the heads' probabilities and their concatenation.
#[derive(Clone, Debug, Default)]
pub struct AttnCache {
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    /// P of batch b, head h at (b·heads + h)·T², T × T row-major (zeros above a causal diagonal).
    p: Vec<f32>,
    /// concat_h(P_h V_h), rows × d.
    o: Vec<f32>,
}

/// Scratch of the backward pass, reused between blocks.
#[derive(Default)]
pub struct AttnScratch {
    d_o: Vec<f32>,
    dq: Vec<f32>,
    dk: Vec<f32>,
    dv: Vec<f32>,
    ds: Vec<f32>,
    head: Vec<f32>,
    sum: Vec<f32>,
}

/// Columns of head h of sequence b in a rows × d matrix, read as a T × d_h matrix (or, with
/// `transposed`, as its d_h × T transpose).
fn head_view<'a>(m: &'a [f32], s: &Shape, b: usize, h: usize, transposed: bool) -> View<'a> {
    let data = &m[b * s.tokens * s.width + h * s.head_width()..];
    let (rs, cs) = if transposed {
        (1, s.width)
    } else {
        (s.width, 1)
    };
    View {
        data,
        rs,
        cs,
        scale: None,
    }
}

/// Writes a T × d_h matrix into head h's columns of sequence b of a rows × d matrix.
fn scatter_head(src: &[f32], s: &Shape, b: usize, h: usize, dst: &mut [f32]) {
    let dh = s.head_width();
    for (t, row) in src.chunks_exact(dh).enumerate() {
        let at = (b * s.tokens + t) * s.width + h * dh;
        dst[at..at + dh].copy_from_slice(row);
    }
}

/// A subnormal float32 as 0. Where a softmax saturates, whether a probability (and then the
/// score gradient, and then all of ∂W_Q, ∂W_K) is exactly 0 decides what the explorer shows;
/// the reference's float32 arithmetic (JAX on CPU) flushes subnormals to zero, so these two
/// tensors do the same. Elsewhere a subnormal is far below anything the explorer resolves.
#[inline(always)]
fn flush(v: f32) -> f32 {
    if v.abs() < f32::MIN_POSITIVE {
        0.0
    } else {
        v
    }
}

/// Row i of S (scores, T long) into probabilities in place: scaled by 1/√d_h, keys past i
/// masked when causal, max subtracted, exponentials summed in ascending order.
fn softmax_row(row: &mut [f32], i: usize, causal: bool, sqrt_dh: f32) {
    let visible = if causal { i + 1 } else { row.len() };
    let (seen, masked) = row.split_at_mut(visible);
    masked.fill(0.0);
    seen.iter_mut().for_each(|v| *v /= sqrt_dh);
    let max = seen.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut sum = 0.0f32;
    for v in seen.iter_mut() {
        *v = flush(libm::expf(*v - max));
        sum += *v;
    }
    seen.iter_mut().for_each(|v| *v = flush(*v / sum));
}

/// out = Attn(u) (rows × d), keeping what the backward pass needs in `cache`.
pub fn attn_forward<P: NumericPolicy>(
    s: &Shape,
    p: &AttnParams,
    u: &[f32],
    cache: &mut AttnCache,
    (gemm, head): (&mut Gemm, &mut Vec<f32>),
    out: &mut [f32],
    policy: &P,
) {
    let (n, d, t) = (s.rows(), s.width, s.tokens);
    let dh = s.head_width();
    let sqrt_dh = (dh as f32).sqrt();
    for (w, m) in [
        (&p.w_q, &mut cache.q),
        (&p.w_k, &mut cache.k),
        (&p.w_v, &mut cache.v),
    ] {
        m.resize(n * d, 0.0);
        gemm.run(n, d, d, View::rows(u, d), View::rows(w, d), m);
        policy.round(m);
    }
    cache.p.resize(s.batch * s.heads * t * t, 0.0);
    cache.o.resize(n * d, 0.0);
    head.resize(t * dh, 0.0);
    for b in 0..s.batch {
        for h in 0..s.heads {
            let pbh = &mut cache.p[(b * s.heads + h) * t * t..][..t * t];
            let (qv, kt) = (
                head_view(&cache.q, s, b, h, false),
                head_view(&cache.k, s, b, h, true),
            );
            gemm.run(t, dh, t, qv, kt, pbh);
            for (i, row) in pbh.chunks_exact_mut(t).enumerate() {
                softmax_row(row, i, s.causal, sqrt_dh);
            }
            policy.round(pbh);
            let vv = head_view(&cache.v, s, b, h, false);
            gemm.run(t, t, dh, View::rows(pbh, t), vv, head);
            scatter_head(head, s, b, h, &mut cache.o);
        }
    }
    policy.round(&mut cache.o);
    gemm.run(n, d, d, View::rows(&cache.o, d), View::rows(&p.w_o, d), out);
    policy.round(out);
}

/// From ∂out: the four weight gradients (into `grads`, overwritten) and ∂u (into `du`).
#[allow(clippy::too_many_arguments)]
pub fn attn_backward<P: NumericPolicy>(
    s: &Shape,
    p: &AttnParams,
    u: &[f32],
    cache: &AttnCache,
    dout: &[f32],
    grads: &mut AttnParams,
    (gemm, sc): (&mut Gemm, &mut AttnScratch),
    du: &mut [f32],
    policy: &P,
) {
    let (n, d) = (s.rows(), s.width);
    for g in [
        &mut grads.w_q,
        &mut grads.w_k,
        &mut grads.w_v,
        &mut grads.w_o,
    ] {
        g.resize(d * d, 0.0);
    }
    for m in [&mut sc.d_o, &mut sc.dq, &mut sc.dk, &mut sc.dv, &mut sc.sum] {
        m.resize(n * d, 0.0);
    }
    // ∂W_O = Oᵀ ∂out, ∂O = ∂out W_Oᵀ.
    gemm.run(
        d,
        n,
        d,
        View::transposed(&cache.o, d),
        View::rows(dout, d),
        &mut grads.w_o,
    );
    policy.round(&mut grads.w_o);
    gemm.run(
        n,
        d,
        d,
        View::rows(dout, d),
        View::transposed(&p.w_o, d),
        &mut sc.d_o,
    );
    policy.round(&mut sc.d_o);
    heads_backward(s, cache, gemm, sc, policy);
    // ∂W = uᵀ ∂(Q, K, V); ∂u = ∂Q W_Qᵀ + ∂K W_Kᵀ + ∂V W_Vᵀ, added in that order.
    let pairs = [
        (&sc.dq, &p.w_q, &mut grads.w_q),
        (&sc.dk, &p.w_k, &mut grads.w_k),
        (&sc.dv, &p.w_v, &mut grads.w_v),
    ];
    for (i, (dm, w, g)) in pairs.into_iter().enumerate() {
        gemm.run(d, n, d, View::transposed(u, d), View::rows(dm, d), g);
        policy.round(g);
        let target: &mut [f32] = if i == 0 { du } else { &mut sc.sum };
        gemm.run(n, d, d, View::rows(dm, d), View::transposed(w, d), target);
        if i > 0 {
            du.iter_mut().zip(&sc.sum).for_each(|(o, &v)| *o += v);
        }
    }
    policy.round(du);
}

/// ∂Q, ∂K, ∂V (into the scratch) from ∂O, head by head: ∂P = ∂O_h V_hᵀ, ∂V_h = Pᵀ ∂O_h,
/// ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)) / √d_h (masked entries have P = 0), ∂Q_h = ∂S K_h,
/// ∂K_h = ∂Sᵀ Q_h.
fn heads_backward<P: NumericPolicy>(
    s: &Shape,
    cache: &AttnCache,
    gemm: &mut Gemm,
    sc: &mut AttnScratch,
    policy: &P,
) {
    let (t, dh) = (s.tokens, s.head_width());
    let sqrt_dh = (dh as f32).sqrt();
    sc.ds.resize(t * t, 0.0);
    sc.head.resize(t * dh, 0.0);
    for b in 0..s.batch {
        for h in 0..s.heads {
            let pbh = &cache.p[(b * s.heads + h) * t * t..][..t * t];
            let dov = head_view(&sc.d_o, s, b, h, false);
            gemm.run(
                t,
                dh,
                t,
                dov,
                head_view(&cache.v, s, b, h, true),
                &mut sc.ds,
            );
            policy.round(&mut sc.ds);
            gemm.run(t, t, dh, View::transposed(pbh, t), dov, &mut sc.head);
            scatter_head(&sc.head, s, b, h, &mut sc.dv);
            for (dsr, pr) in sc.ds.chunks_exact_mut(t).zip(pbh.chunks_exact(t)) {
                let dot = dsr.iter().zip(pr).fold(0.0f32, |a, (&g, &pv)| a + g * pv);
                for (g, &pv) in dsr.iter_mut().zip(pr) {
                    *g = flush(pv * (*g - dot) / sqrt_dh);
                }
            }
            policy.round(&mut sc.ds);
            gemm.run(
                t,
                t,
                dh,
                View::rows(&sc.ds, t),
                head_view(&cache.k, s, b, h, false),
                &mut sc.head,
            );
            scatter_head(&sc.head, s, b, h, &mut sc.dq);
            gemm.run(
                t,
                t,
                dh,
                View::transposed(&sc.ds, t),
                head_view(&cache.q, s, b, h, false),
                &mut sc.head,
            );
            scatter_head(&sc.head, s, b, h, &mut sc.dk);
        }
    }
    policy.round(&mut sc.dq);
    policy.round(&mut sc.dk);
    policy.round(&mut sc.dv);
}
