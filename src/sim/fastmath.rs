//! Float32 kernels the compiler vectorises, the same bits on every target: our own `tanh` and
//! logistic σ (the recurrent cells' gates), and libm's `logf` (for the normal sampler) in a
//! branch-free form.
//!
//! Why our own tanh rather than libm's `tanhf`: reproducing libm bit for bit took every branch
//! of its `expm1f` in every lane (about a hundred vector instructions and three divisions per
//! vector), a fifth of a pass at 15 × 64 natively and a sixth of one at 50 × 256 in wasm. This
//! one is two short polynomials and one division, within 1 ulp of the exact tanh for every
//! float32 (`tests/sim_fastmath.rs` checks all of them) and correctly rounded for 99.8 % of
//! them, where libm's `tanhf` is off by up to 2 ulp and correctly rounded for 97.4 %. It uses
//! only IEEE adds, multiplies and a division, in a fixed order, no fused multiply-add, so
//! every instruction set and wasm give the same bits.

/// Below this |x|, tanh x = x + x³·S(x²); above it, 1 − 2/(e^{2|x|} + 1).
const SMALL: f32 = 0.55;
/// S(z) fitted for least relative error on [0, 0.55] (at most 0.02 ulp before rounding).
const S: [f32; 5] = [
    -0.333_333_16,
    0.133_325_86,
    -0.053_852_36,
    0.021_071_9,
    -0.006_274_563,
];
/// e^r = 1 + r + r²·P(r) on |r| ≤ ln2/2, with ln 2 split as C1 + C2 (Cephes' `expf`; C1 has
/// 9 significant bits, so n·C1 is exact).
const P: [f32; 6] = [
    1.987_569_2e-4,
    1.398_2e-3,
    8.333_452e-3,
    4.166_579_6e-2,
    0.166_666_65,
    0.5,
];
const C1: f32 = 355.0 / 512.0;
const C2: f32 = -2.121_944_4e-4;
/// Where e^{2|x|} stops mattering: tanh rounds to 1 from |x| ≈ 9.01, and e^20 is finite.
const EXP_ARG_MAX: f32 = 20.0;

/// a[i] = tanh(z[i]). Inlined so each instruction set's copy of `forward_f32` gets its own loop.
#[inline(always)]
pub fn tanh_slice(z: &[f32], a: &mut [f32]) {
    for (a, &z) in a.iter_mut().zip(z) {
        *a = tanh_lane(z);
    }
}

/// tanh x, branch-free: both formulas are computed and one is selected.
#[inline(always)]
pub fn tanh_lane(x: f32) -> f32 {
    let ax = x.abs();
    let z = ax * ax;
    let s = (((S[4] * z + S[3]) * z + S[2]) * z + S[1]) * z + S[0];
    let near_zero = ax + ax * (z * s);
    let (n, e_r) = exp_reduced((2.0 * ax).min(EXP_ARG_MAX), 1.0);
    let e = e_r * pow2(n);
    let far = 1.0 - 2.0 / (e + 1.0);
    let t = if ax <= SMALL || ax.is_nan() {
        near_zero
    } else {
        far
    };
    t.copysign(x)
}

/// e^{±y} = 2^{±n}·e^{±r} for 0 ≤ y ≤ 104 (`sign` = ±1): n = round(y/ln 2) and e^{±r} on
/// |r| ≤ ln 2/2 (the sign applied to r only, so y's range reduction is the same both ways).
#[inline(always)]
fn exp_reduced(y: f32, sign: f32) -> (f32, f32) {
    let n = (y * std::f32::consts::LOG2_E + 0.5).trunc();
    let r = sign * ((y - n * C1) - n * C2);
    let p = ((((P[0] * r + P[1]) * r + P[2]) * r + P[3]) * r + P[4]) * r + P[5];
    (n, (p * (r * r) + r) + 1.0)
}

/// A whole n in [0, 2^23) as an integer, read off the bits of n + 2^23 (exact, and unlike
/// `as u32` it vectorises).
#[inline(always)]
fn whole(n: f32) -> u32 {
    (n + 8_388_608.0).to_bits() - 0x4b00_0000
}

/// 2^n for a whole n in [0, 127].
#[inline(always)]
fn pow2(n: f32) -> f32 {
    f32::from_bits((127 + whole(n)) << 23)
}

/// Beyond this |z|, σ(−|z|) is below half float32's smallest subnormal: it rounds to 0.
const SIGMOID_ARG_MAX: f32 = 104.0;

/// 2^−n for a whole n in [0, 126].
#[inline(always)]
fn pow2_neg(n: f32) -> f32 {
    f32::from_bits((127 - whole(n)) << 23)
}

/// The logistic σ(z) = 1/(1 + e^{−z}), branch-free like `tanh_lane`: with e = e^{−|z|},
/// s = 1/(1 + e) is σ(|z|) and σ(−|z|) = e·s. e = e^{−r}·2^{−n} is scaled in two exact steps
/// (2^{−n₁} with n₁ ≤ 125 keeps it normal, then 2^{−n₂}), so it rounds once even where it is
/// subnormal.
#[inline(always)]
pub fn sigmoid_lane(z: f32) -> f32 {
    let (n, e_r) = exp_reduced(z.abs().min(SIGMOID_ARG_MAX), -1.0);
    let n1 = n.min(125.0);
    let e = (e_r * pow2_neg(n1)) * pow2_neg(n - n1);
    let s = 1.0 / (1.0 + e);
    let t = if z >= 0.0 { s } else { e * s };
    if z.is_nan() {
        z
    } else {
        t
    }
}

// libm's logf constants, by their bits.
const LN2_HI: f32 = f32::from_bits(0x3f31_7180);
const LN2_LO: f32 = f32::from_bits(0x3717_f7d1);
const LG1: f32 = f32::from_bits(0x3f2a_aaaa);
const LG2: f32 = f32::from_bits(0x3ecc_ce13);
const LG3: f32 = f32::from_bits(0x3e91_e9ee);
const LG4: f32 = f32::from_bits(0x3e78_9e26);

/// libm's logf for positive normal finite x ≠ 1 (the polar sampler's s ∈ [2⁻⁴⁷, 1)), the
/// same operations in the same order, branch-free so a loop over it vectorises.
/// `logf_fits(x)` says whether x is such an input; others must go to `libm::logf`.
#[inline(always)]
pub fn logf_lane(x: f32) -> f32 {
    let mut ix = x.to_bits();
    // Reduce x into [√2/2, √2): x = 2^k·m.
    ix = ix.wrapping_add(0x3f80_0000 - 0x3f35_04f3);
    let k = ((ix >> 23) as i32) - 0x7f;
    ix = (ix & 0x007f_ffff) + 0x3f35_04f3;
    let m = f32::from_bits(ix);
    let f = m - 1.;
    let s = f / (2. + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * LG4);
    let t2 = z * (LG1 + w * LG3);
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    let dk = k as f32;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

/// Whether `logf_lane(x)` is `libm::logf(x)`.
#[inline(always)]
pub fn logf_fits(x: f32) -> bool {
    let ix = x.to_bits();
    (0x0080_0000..0x7f80_0000).contains(&ix) && ix != 0x3f80_0000
}
