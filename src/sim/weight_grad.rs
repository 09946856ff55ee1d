//! ‖∂Loss/∂W_l‖_F without forming the W×W matrix, when the batch is small beside the width.
//!
//! ∂Loss/∂W_l = Aᵀ·Δ with A = A_{l−1} and Δ = ∂Loss/∂H_l, both B×W, and
//! ‖AᵀΔ‖²_F = Σ_ij (A·Aᵀ)_ij · (Δ·Δᵀ)_ij: two symmetric B×B Gram products, of which only the
//! lower triangles are computed (`Gemm::run_lower`), about B²·W multiply-adds instead of B·W²
//! — a quarter at 50 × 256 × 64 and 100 × 512 × 128, where that product is a third of the
//! pass. The page only shows the norm; the matrices are formed for an observer that asks
//! (`Observer::needs_weight_grads`) and wherever `gram_norm` cannot promise the norm of the
//! float32 matrix to float32 rounding.

use super::matmul::{Gemm, View};

/// Whether the Gram route does less work than forming ∂Loss/∂W_l (a fixed rule of the shape,
/// so every platform takes the same route).
pub fn gram_pays(batch: usize, width: usize) -> bool {
    2 * batch < width
}

/// Largest |x|, or `None` if some x is inf or NaN. Eight running maxima and eight probes
/// (v·0 is ±0 for a finite v, NaN otherwise, and a NaN sum stays NaN) so the loop vectorises:
/// an early exit kept it scalar, a tenth of a pass at 50 × 256 × 64 in wasm.
fn max_abs(x: &[f32]) -> Option<f32> {
    const LANES: usize = 8;
    let (chunks, rest) = x.as_chunks::<LANES>();
    let (mut top, mut probe) = ([0.0f32; LANES], [0.0f32; LANES]);
    let mut take = |lane: usize, v: f32| {
        let a = v.abs();
        top[lane] = if a > top[lane] { a } else { top[lane] };
        probe[lane] += v * 0.0;
    };
    for c in chunks {
        for (lane, &v) in c.iter().enumerate() {
            take(lane, v);
        }
    }
    rest.iter().for_each(|&v| take(0, v));
    let finite = probe.iter().all(|&p| p == 0.0);
    finite.then(|| top.into_iter().fold(0.0, f32::max))
}

/// 2^−e with 2^e ≤ m < 2^(e+1) (m a normal float32), a normal float32 itself: scales m into
/// [1, 2) exactly ([2, 4) for m ≥ 2^127, where 2^−127 would be denormal).
fn unit_scale(m: f32) -> f32 {
    let e = (((m.to_bits() >> 23) & 0xff) as i32 - 127).min(126);
    f32::from_bits(((127 - e) as u32) << 23)
}

/// ‖AᵀΔ‖_F for B×W matrices `a` and `d` through their Gram products (`pa`, `pd`: scratch),
/// or `None` where forming AᵀΔ in float32 could give a different answer: an inf or NaN
/// in the inputs, entries whose products could overflow float32 or come near its denormals,
/// or Gram sums that cancel so much that their float32 rounding would show.
pub fn gram_norm(
    gemm: &mut Gemm,
    (a, d): (&[f32], &[f32]),
    (b, w): (usize, usize),
    (pa, pd): (&mut Vec<f32>, &mut Vec<f32>),
) -> Option<f64> {
    let (ma, md) = (max_abs(a)?, max_abs(d)?);
    // Below 1e-30 a product AᵀΔ could reach float32's denormals; above 1e38/B a sum of B
    // products could overflow: there the float32 matrix itself is the answer.
    let top = ma as f64 * md as f64;
    if ma < f32::MIN_POSITIVE || md < f32::MIN_POSITIVE || !(1e-30..=1e38 / b as f64).contains(&top)
    {
        return None;
    }
    // Powers of two: the scaled entries are exact and below 4, so no Gram entry overflows.
    let (sa, sd) = (unit_scale(ma), unit_scale(md));
    pa.resize(b * b, 0.0);
    pd.resize(b * b, 0.0);
    let gram = |gemm: &mut Gemm, x: &[f32], s: f32, out: &mut Vec<f32>| {
        let v = View::rows(x, w).scaled(Some(s));
        let vt = View::transposed(x, w).scaled(Some(s));
        gemm.run_lower(b, w, v, vt, out);
    };
    gram(gemm, a, sa, pa);
    gram(gemm, d, sd, pd);
    // Both are symmetric: the diagonal once, the entries below it twice.
    let (mut sum, mut size) = (0.0f64, 0.0f64);
    for i in 0..b {
        for j in 0..=i {
            let t = pa[i * b + j] as f64 * pd[i * b + j] as f64;
            let t = if j < i { 2.0 * t } else { t };
            sum += t;
            size += t.abs();
        }
    }
    // A Gram entry's rounding error is about √W·2^−24 of its size (W·2^−24 at worst), so a
    // sum much smaller than its terms' size loses digits. A sixteenth is cautious: in
    // tests/sim_weight_grad.rs the median is 0.87 and the norms differ from the matrix's by at
    // most 1.3e-7 (1.1e-6 with no limit at all).
    if sum * 16.0 <= size {
        return None;
    }
    Some(sum.sqrt() / (sa as f64 * sd as f64))
}
