//! Multi-head self-attention, forward and backward: Attn(u) = concat_h(softmax(mask(Q_h K_hᵀ /
//! √d_h)) V_h) W_O with Q = u W_Q, K = u W_K, V = u W_V (no biases), head h = columns
//! h·d_h..(h+1)·d_h; with the causal mask key j ≤ query i. Every product goes through `Gemm`
//! (fixed summation order, no FMA), the exponentials through `libm::expf`, so native and wasm
//! give the same bits.

use super::shape::Shape;
use crate::sim::libm_lanes::{expf_fits, expf_lane};
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

/// Scratch of the passes, reused between blocks.
#[derive(Default)]
pub struct AttnScratch {
    d_o: Vec<f32>,
    dq: Vec<f32>,
    dk: Vec<f32>,
    dv: Vec<f32>,
    ds: Vec<f32>,
    sum: Vec<f32>,
    /// A head's rows k-major (`dots`).
    yt: Vec<f32>,
}

/// Where head h of sequence b sits in a rows × d matrix: T rows of d_h values, d apart.
#[derive(Clone, Copy)]
struct HeadRows {
    base: usize,
    stride: usize,
    len: usize,
}

impl HeadRows {
    fn of(s: &Shape, b: usize, h: usize) -> HeadRows {
        HeadRows {
            base: b * s.tokens * s.width + h * s.head_width(),
            stride: s.width,
            len: s.head_width(),
        }
    }

    fn row<'a>(&self, m: &'a [f32], t: usize) -> &'a [f32] {
        &m[self.base + t * self.stride..][..self.len]
    }
}

/// out[i][j] = Σ_k x_i[k]·y_j[k] over head rows i, j < t (T × T). Each sum starts at 0 and adds
/// one product at a time in ascending k, as `Gemm` does (the same bits), without the packing
/// that dominates a 16 × 16 product. A row's T sums run side by side (y's head rows gathered
/// k-major into `yt`), so they vectorise across j instead of each waiting on its own adds.
fn dots(x: &[f32], y: &[f32], hr: HeadRows, t: usize, yt: &mut Vec<f32>, out: &mut [f32]) {
    yt.resize(hr.len * t, 0.0);
    for j in 0..t {
        for (k, &v) in hr.row(y, j).iter().enumerate() {
            yt[k * t + j] = v;
        }
    }
    for (i, o) in out.chunks_exact_mut(t).enumerate().take(t) {
        o.fill(0.0);
        for (&a, yk) in hr.row(x, i).iter().zip(yt.chunks_exact(t)) {
            o.iter_mut().zip(yk).for_each(|(s, &b)| *s += a * b);
        }
    }
}

/// out_i = Σ_j c_ij·y_j into head rows i < t of `out`, with c the T × T `coef` (or its
/// transpose), summed from 0 in ascending j as `Gemm` does.
fn mix(coef: &[f32], transposed: bool, y: &[f32], hr: HeadRows, t: usize, out: &mut [f32]) {
    for i in 0..t {
        let o = &mut out[hr.base + i * hr.stride..][..hr.len];
        o.fill(0.0);
        for j in 0..t {
            let c = if transposed {
                coef[j * t + i]
            } else {
                coef[i * t + j]
            };
            o.iter_mut()
                .zip(hr.row(y, j))
                .for_each(|(v, &yv)| *v += c * yv);
        }
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
    // f32::max's value (a NaN score never becomes the max) without its call to fmaxf in wasm.
    let max = seen
        .iter()
        .fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    seen.iter_mut().for_each(|v| *v -= max);
    // libm's expf, vectorised where every value allows (`libm_lanes`): the same bits.
    if seen.iter().all(|&x| expf_fits(x)) {
        seen.iter_mut().for_each(|v| *v = flush(expf_lane(*v)));
    } else {
        seen.iter_mut().for_each(|v| *v = flush(libm::expf(*v)));
    }
    let sum = seen.iter().fold(0.0f32, |s, &v| s + v);
    seen.iter_mut().for_each(|v| *v = flush(*v / sum));
}

/// out = Attn(u) (rows × d), keeping what the backward pass needs in `cache`.
pub fn attn_forward<P: NumericPolicy>(
    s: &Shape,
    p: &AttnParams,
    u: &[f32],
    cache: &mut AttnCache,
    (gemm, sc): (&mut Gemm, &mut AttnScratch),
    out: &mut [f32],
    policy: &P,
) {
    let (n, d, t) = (s.rows(), s.width, s.tokens);
    let sqrt_dh = (s.head_width() as f32).sqrt();
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
    for b in 0..s.batch {
        for h in 0..s.heads {
            let hr = HeadRows::of(s, b, h);
            let pbh = &mut cache.p[(b * s.heads + h) * t * t..][..t * t];
            dots(&cache.q, &cache.k, hr, t, &mut sc.yt, pbh);
            for (i, row) in pbh.chunks_exact_mut(t).enumerate() {
                softmax_row(row, i, s.causal, sqrt_dh);
            }
            policy.round(pbh);
            mix(pbh, false, &cache.v, hr, t, &mut cache.o);
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
    heads_backward(s, cache, sc, policy);
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
    sc: &mut AttnScratch,
    policy: &P,
) {
    let t = s.tokens;
    let sqrt_dh = (s.head_width() as f32).sqrt();
    sc.ds.resize(t * t, 0.0);
    for b in 0..s.batch {
        for h in 0..s.heads {
            let hr = HeadRows::of(s, b, h);
            let pbh = &cache.p[(b * s.heads + h) * t * t..][..t * t];
            dots(&sc.d_o, &cache.v, hr, t, &mut sc.yt, &mut sc.ds);
            policy.round(&mut sc.ds);
            mix(pbh, true, &sc.d_o, hr, t, &mut sc.dv);
            for (dsr, pr) in sc.ds.chunks_exact_mut(t).zip(pbh.chunks_exact(t)) {
                let dot = dsr.iter().zip(pr).fold(0.0f32, |a, (&g, &pv)| a + g * pv);
                for (g, &pv) in dsr.iter_mut().zip(pr) {
                    *g = flush(pv * (*g - dot) / sqrt_dh);
                }
            }
            policy.round(&mut sc.ds);
            mix(&sc.ds, false, &cache.k, hr, t, &mut sc.dq);
            mix(&sc.ds, true, &cache.q, hr, t, &mut sc.dk);
        }
    }
    policy.round(&mut sc.dq);
    policy.round(&mut sc.dk);
    policy.round(&mut sc.dv);
}
