//! `libm::tanhf` over a slice, bit for bit, but in a form the compiler vectorises.
//!
//! Why: at 50×256 the scalar `tanhf` calls were about a third of a pass. libm's tanhf is
//! tanh(|x|) = 1 − 2/(t+2) or t/(t+2) with t = expm1f(2|x|), or −t/(t+2) with t = expm1f(−2|x|)
//! for small |x|; expm1f reduces its argument by k·ln2 with k ∈ {−1, 0, 1, ⌊x/ln2 + ½⌋}.
//! On 2⁻²⁴ ≤ |x| ≤ 10 every one of those branches is the same few float32 operations with a
//! different k, so `tanh_lane` computes exactly libm's sequence of operations (same constants,
//! same order, no fused multiply-add) with selects instead of branches. Other inputs (tiny,
//! |x| > 10, NaN) are rare and are redone by `libm::tanhf` itself.

// libm's expm1f constants, by their bits.
const LN2_HI: f32 = f32::from_bits(0x3f31_7180);
const LN2_LO: f32 = f32::from_bits(0x3717_f7d1);
const INV_LN2: f32 = f32::from_bits(0x3fb8_aa3b);
const Q1: f32 = f32::from_bits(0xbd08_8868);
const Q2: f32 = f32::from_bits(0x3acf_3010);

/// |x| bits of the inputs `tanh_lane` handles: [2⁻²⁴, 10].
const LO_BITS: u32 = 0x3380_0000;
const HI_BITS: u32 = 0x4120_0000;

/// a[i] = libm::tanhf(z[i]). Inlined so the AVX2 copy of `forward_f32` gets an AVX2 loop.
#[inline(always)]
pub fn tanh_slice(z: &[f32], a: &mut [f32]) {
    for (a, &z) in a.iter_mut().zip(z) {
        *a = tanh_lane(z);
    }
    for (a, &z) in a.iter_mut().zip(z) {
        let w = z.to_bits() & 0x7fff_ffff;
        if !(LO_BITS..=HI_BITS).contains(&w) {
            *a = libm::tanhf(z);
        }
    }
}

/// libm's tanhf for 2⁻²⁴ ≤ |x| ≤ 10 (anything else gives garbage, fixed by the caller).
#[inline(always)]
fn tanh_lane(x: f32) -> f32 {
    let w = x.to_bits() & 0x7fff_ffff;
    let ax = f32::from_bits(w);
    // tanhf: small |x| (≤ log(5/3)/2) uses expm1f(−2|x|), else expm1f(2|x|).
    let small = w <= 0x3e82_c578;
    let arg = if small { -2.0 * ax } else { 2.0 * ax };
    // expm1f's reduction: k = −1 or 0 for the negative arguments here (|arg| ≤ 0.511),
    // k = 1 below 1.5·ln2, else ⌊arg/ln2 + ½⌋ (arg > 0, so truncation is floor).
    let ha = arg.to_bits() & 0x7fff_ffff;
    let kf: f32 = if small {
        if ha > 0x3eb1_7218 {
            -1.0
        } else {
            0.0
        }
    } else if ha < 0x3f85_1592 {
        1.0
    } else {
        (INV_LN2 * arg + 0.5).trunc()
    };
    // t·ln2_hi is exact; with k = ±1 and 0 these are libm's special-cased hi/lo exactly.
    let hi = arg - kf * LN2_HI;
    let lo = kf * LN2_LO;
    let r = hi - lo;
    let c = (hi - r) - lo;
    let hfx = 0.5 * r;
    let hxs = r * hfx;
    let r1 = 1.0 + hxs * (Q1 + hxs * Q2);
    let t = 3.0 - r1 * hfx;
    let e = hxs * ((r1 - t) / (6.0 - r * t));
    let e2 = (r * (e - c) - c) - hxs;
    let k = kf as i32;
    // 2^k and 2^−k for 2 ≤ k ≤ 29 (arg ≤ 20); clamped so other lanes stay harmless.
    let kc = k.clamp(2, 29);
    let twopk = f32::from_bits(((0x7f + kc) << 23) as u32);
    let uf = f32::from_bits(((0x7f - kc) << 23) as u32);
    let big = if kc < 23 {
        (r - e2 + (1.0 - uf)) * twopk
    } else {
        (r - (e2 + uf) + 1.0) * twopk
    };
    let one = if r < -0.25 {
        -2.0 * (e2 - (r + 0.5))
    } else {
        1.0 + 2.0 * (r - e2)
    };
    let em1 = match k {
        0 => r - (r * e - hxs),
        -1 => 0.5 * (r - e2) - 0.5,
        1 => one,
        _ => big,
    };
    let th = if small {
        -em1 / (em1 + 2.0)
    } else if w > 0x3f0c_9f54 {
        1.0 - 2.0 / (em1 + 2.0)
    } else {
        em1 / (em1 + 2.0)
    };
    if x.to_bits() >> 31 != 0 {
        -th
    } else {
        th
    }
}

// libm's logf constants, by their bits.
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
