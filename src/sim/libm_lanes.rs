//! libm's `expf` and `erff` in branch-free forms a loop vectorises: the same operations in
//! the same order on every lane, each of libm's branches computed and one selected, so the
//! result is libm's bit for bit (`tests/sim_libm_lanes.rs` checks a sample in CI and every
//! float32 behind `--ignored`). Why: GELU's erf and exp were a fifth of a transformer training
//! step, one branchy scalar call per value; the trained networks, and every claim measured on
//! them, keep their bits.
//!
//! Each `*_lane` holds for the inputs its `*_fits` accepts; a kernel runs the lane over every
//! value (vectorised) and then libm itself where `fits` is false (±∞, NaN, and for `expf`
//! |x| ≥ 87.34, where libm overflows or flushes), which real data almost never asks for.

// libm's expf constants (FreeBSD e_expf.c), by their bits.
const LN2_HI: f32 = f32::from_bits(0x3f31_7200);
const LN2_LO: f32 = f32::from_bits(0x35bf_be8e);
const INV_LN2: f32 = f32::from_bits(0x3fb8_aa3b);
const EXP_P1: f32 = f32::from_bits(0x3e2a_aa8f);
const EXP_P2: f32 = f32::from_bits(0xbb35_5215);

/// 2^k for a whole k in [−126, 127], read off the bits of k + 127 + 2^23 (exact; wrapping, so
/// an unselected lane's garbage cannot trap).
#[inline(always)]
fn pow2(k: f32) -> f32 {
    let biased = (k + (127.0 + 8_388_608.0))
        .to_bits()
        .wrapping_sub(0x4b00_0000);
    f32::from_bits(biased.wrapping_shl(23))
}

/// libm's `expf(x)` for |x| < 87.34 (`expf_fits`).
#[inline(always)]
pub fn expf_lane(x: f32) -> f32 {
    let hx = x.to_bits() & 0x7fff_ffff;
    let neg = x.is_sign_negative();
    // Argument reduction x = k·ln2 + r: libm's three ranges of k.
    let k_far = (INV_LN2 * x + if neg { -0.5 } else { 0.5 }).trunc();
    let k = if hx > 0x3f85_1592 {
        k_far
    } else if hx > 0x3eb1_7218 {
        if neg {
            -1.0
        } else {
            1.0
        }
    } else {
        0.0
    };
    // With k = 0 these are libm's hi = x, lo = 0 exactly.
    let hi = x - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (EXP_P1 + rr * EXP_P2);
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    // scalbnf(y, k) rounds once: one multiply by 2^k (k ≥ −126 here).
    let scaled = y * pow2(k);
    if hx <= 0x3900_0000 {
        1.0 + x
    } else {
        scaled
    }
}

/// Whether `expf_lane(x)` is `libm::expf(x)`: |x| < 87.34 (NaN excluded).
#[inline(always)]
pub fn expf_fits(x: f32) -> bool {
    x.to_bits() & 0x7fff_ffff < 0x42ae_ac50
}

// libm's erff constants (FreeBSD s_erff.c), by their bits.
const ERX: f32 = f32::from_bits(0x3f58_560b);
const EFX8: f32 = f32::from_bits(0x3f83_75d4);
const PP: [f32; 5] = bits([
    0x3e03_75d4,
    0xbea6_6beb,
    0xbce9_528f,
    0xbbbd_1489,
    0xb7c7_56b1,
]);
const QQ: [f32; 5] = bits([
    0x3ecb_bbce,
    0x3d85_2a63,
    0x3ba6_8116,
    0x390a_ee49,
    0xb684_e21a,
]);
const PA: [f32; 7] = bits([
    0xbb1a_cdc6,
    0x3ed4_6805,
    0xbebe_9208,
    0x3ea2_fe54,
    0xbde3_1cc2,
    0x3d11_51b3,
    0xbb0d_f9c0,
]);
const QA: [f32; 6] = bits([
    0x3dd9_f331,
    0x3f0a_5785,
    0x3d93_1ae7,
    0x3e01_3307,
    0x3c5f_6e13,
    0x3c44_5aa3,
]);
/// erfc's numerator on [1.25, 1/0.35) (RA0..RA7) and on [1/0.35, 6) (RB0..RB6, then 0: the
/// innermost RB6 + s·0 is RB6 exactly, so one Horner chain serves both).
const RA: [f32; 8] = bits([
    0xbc21_a093,
    0xbf31_a0b7,
    0xc128_f022,
    0xc279_8057,
    0xc322_658c,
    0xc338_9ae7,
    0xc2a2_932b,
    0xc11d_077e,
]);
const RB: [f32; 8] = bits([
    0xbc21_a092,
    0xbf4c_9dd4,
    0xc18e_104b,
    0xc320_a2ea,
    0xc41f_6441,
    0xc480_230b,
    0xc3f1_c275,
    0,
]);
/// erfc's denominator's SA1..SA8 and SB1..SB7, then 0.
const SA: [f32; 8] = bits([
    0x419d_35ce,
    0x4309_a863,
    0x43d9_486f,
    0x4421_58c9,
    0x43d6_810b,
    0x42d9_451f,
    0x40d2_3f7c,
    0xbd77_7f97,
]);
const SB: [f32; 8] = bits([
    0x41f2_b459,
    0x43a2_e571,
    0x44c0_1759,
    0x4547_fdbb,
    0x451f_90ce,
    0x43ed_43a7,
    0xc1b3_8712,
    0,
]);

const fn bits<const N: usize>(b: [u32; N]) -> [f32; N] {
    let mut out = [0.0f32; N];
    let mut i = 0;
    while i < N {
        out[i] = f32::from_bits(b[i]);
        i += 1;
    }
    out
}

/// c[0] + s·(c[1] + s·(… + s·c[N−1])), libm's nesting.
#[inline(always)]
fn horner<const N: usize>(c: &[f32; N], s: f32) -> f32 {
    let mut acc = c[N - 1];
    for &ci in c[..N - 1].iter().rev() {
        acc = ci + s * acc;
    }
    acc
}

/// 1 + s·(c[0] + s·(… + s·c[N−1])): libm's denominators.
#[inline(always)]
fn one_plus<const N: usize>(c: &[f32; N], s: f32) -> f32 {
    1.0 + s * horner(c, s)
}

/// erfc(|x|) for 1.25 ≤ |x| < 6 (libm's `erfc2` past its first branch).
#[inline(always)]
fn erfc_tail(ix: u32, ax: f32) -> f32 {
    let s = 1.0 / (ax * ax);
    let far = ix >= 0x4036_db6d;
    let mut r = [0.0f32; 8];
    let mut d = [0.0f32; 8];
    for i in 0..8 {
        r[i] = if far { RB[i] } else { RA[i] };
        d[i] = if far { SB[i] } else { SA[i] };
    }
    let big_r = horner(&r, s);
    let big_s = one_plus(&d, s);
    let z = f32::from_bits(ix & 0xffff_e000);
    expf_lane(-z * z - 0.5625) * expf_lane((z - ax) * (z + ax) + big_r / big_s) / ax
}

/// libm's `erff(x)` for |x| < 0.84375 (its first branch, tiny x included): the common case.
#[inline(always)]
fn erff_near(x: f32) -> f32 {
    let z = x * x;
    let small = x + x * (horner(&PP, z) / one_plus(&QQ, z));
    if x.to_bits() & 0x7fff_ffff < 0x3180_0000 {
        0.125 * (8.0 * x + EFX8 * x)
    } else {
        small
    }
}

/// Where libm's `erff` leaves its first branch: |x| ≥ 0.84375 (NaN included).
#[inline(always)]
fn erff_is_far(x: f32) -> bool {
    x.to_bits() & 0x7fff_ffff >= 0x3f58_0000
}

/// libm's `erff(x)` for finite |x| ≥ 0.84375 (its other branches).
#[inline(always)]
fn erff_far(x: f32) -> f32 {
    let ix = x.to_bits() & 0x7fff_ffff;
    let ax = x.abs();
    let s = ax - 1.0;
    let erfc_mid = 1.0 - ERX - horner(&PA, s) / one_plus(&QA, s);
    let y = if ix < 0x3fa0_0000 {
        1.0 - erfc_mid
    } else if ix < 0x40c0_0000 {
        1.0 - erfc_tail(ix, ax)
    } else {
        // libm's 1 − 2^−120, which rounds to 1.
        1.0
    };
    if x.is_sign_negative() {
        -y
    } else {
        y
    }
}

/// libm's `erff(x)` for finite x (`erff_fits`), every branch computed.
#[inline(always)]
pub fn erff_lane(x: f32) -> f32 {
    if erff_is_far(x) {
        erff_far(x)
    } else {
        erff_near(x)
    }
}

/// Whether `erff_lane(x)` is `libm::erff(x)`: x finite.
#[inline(always)]
pub fn erff_fits(x: f32) -> bool {
    x.is_finite()
}

/// Values a slice kernel gathers at a time (indices fit a u16, buffers fit the stack).
const CHUNK: usize = 256;

/// out[i] = erff(scale·x[i]), libm's bits for every input. Pre-activations mostly lie where
/// libm takes its first branch (one division), so that branch runs over every value, and
/// only the values past it are gathered (branch-free) for the costly ones (two exponentials,
/// three divisions) and scattered back, non-finite ones by libm itself.
#[inline(always)]
pub fn erff_scaled(x: &[f32], scale: f32, out: &mut [f32]) {
    for (xc, oc) in x.chunks(CHUNK).zip(out.chunks_mut(CHUNK)) {
        xc.iter()
            .zip(oc.iter_mut())
            .for_each(|(&x, o)| *o = erff_near(scale * x));
        let (mut at, mut far, mut n) = ([0u16; CHUNK], [0.0f32; CHUNK], 0);
        for (i, &x) in xc.iter().enumerate() {
            at[n] = i as u16;
            n += erff_is_far(scale * x) as usize;
        }
        for (f, &i) in far.iter_mut().zip(&at[..n]) {
            *f = scale * xc[i as usize];
        }
        let mut y = [0.0f32; CHUNK];
        y.iter_mut()
            .zip(&far[..n])
            .for_each(|(y, &v)| *y = erff_far(v));
        for ((&i, &v), &y) in at[..n].iter().zip(&far[..n]).zip(&y) {
            oc[i as usize] = if v.is_finite() { y } else { libm::erff(v) };
        }
    }
}
