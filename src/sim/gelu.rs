//! GELU in float32 split at its one erf: GELU(z) = ½z(1 + e) and GELU'(z) = ½(1 + e) + z·φ(z),
//! with e = erf(z/√2). A pass that needs both (the transformer MLP's backward) takes e once,
//! or keeps it from the forward pass; `Activation::Gelu` uses the same lanes, so every route
//! gives the same bits. erf and the exponential are libm's, in the branch-free forms of
//! `libm_lanes` (the same bits, vectorised).

use super::libm_lanes::{erff_scaled, expf_fits, expf_lane};

const FRAC_1_SQRT_2_F32: f32 = std::f32::consts::FRAC_1_SQRT_2;
/// 1/√(2π), the standard normal density at 0.
pub(crate) const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
const INV_SQRT_2PI_F32: f32 = INV_SQRT_2PI as f32;

/// GELU(z) from e = erf(z/√2).
#[inline(always)]
fn gelu_lane(z: f32, e: f32) -> f32 {
    0.5 * z * (1.0 + e)
}

/// The exponent of GELU's density term, −z²/2.
#[inline(always)]
fn pdf_arg(z: f32) -> f32 {
    -0.5 * z * z
}

/// g·GELU'(z) from e = erf(z/√2) and the density's exponential `exp` = e^{−z²/2}.
#[inline(always)]
fn gelu_grad_lane(z: f32, e: f32, exp: f32, g: f32) -> f32 {
    let cdf = 0.5 * (1.0 + e);
    let pdf = INV_SQRT_2PI_F32 * exp;
    g * (cdf + z * pdf)
}

/// e[i] = erf(z[i]/√2) (libm's erff, bit for bit).
pub fn erf_terms(z: &[f32], e: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if super::simd::use_avx2() {
        // SAFETY: `use_avx2` is true only on a CPU with AVX2.
        return unsafe { erf_terms_avx2(z, e) };
    }
    erff_scaled(z, FRAC_1_SQRT_2_F32, e);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn erf_terms_avx2(z: &[f32], e: &mut [f32]) {
    erff_scaled(z, FRAC_1_SQRT_2_F32, e);
}

/// a[i] = GELU(z[i]).
pub fn gelu_slice(z: &[f32], a: &mut [f32]) {
    erf_terms(z, a);
    a.iter_mut()
        .zip(z)
        .for_each(|(a, &z)| *a = gelu_lane(z, *a));
}

/// a[i] = GELU(z[i]), given e = `erf_terms(z)`.
pub fn gelu_from_erf(z: &[f32], e: &[f32], a: &mut [f32]) {
    let it = z.iter().zip(e).zip(a);
    it.for_each(|((&z, &e), a)| *a = gelu_lane(z, e));
}

/// dz[i] = g[i]·GELU'(z[i]), given e = `erf_terms(z)`: every lane branch-free, then the rare
/// z whose e^{−z²/2} libm takes another way (|z| > 13.2, NaN) again.
pub fn gelu_grad_from_erf(z: &[f32], e: &[f32], g: &[f32], dz: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if super::simd::use_avx2() {
        // SAFETY: `use_avx2` is true only on a CPU with AVX2.
        return unsafe { gelu_grad_avx2(z, e, g, dz) };
    }
    gelu_grad_body(z, e, g, dz)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn gelu_grad_avx2(z: &[f32], e: &[f32], g: &[f32], dz: &mut [f32]) {
    gelu_grad_body(z, e, g, dz)
}

#[inline(always)]
fn gelu_grad_body(z: &[f32], e: &[f32], g: &[f32], dz: &mut [f32]) {
    let it = z.iter().zip(e).zip(g).zip(dz.iter_mut());
    // Whether any value needs libm, noted in the vectorised loop: a second pass asking every
    // value again ran scalar (in wasm, 3 % of a reverse-task shard's instructions).
    let mut misfits = 0u32;
    it.for_each(|(((&z, &e), &g), d)| {
        let x = pdf_arg(z);
        *d = gelu_grad_lane(z, e, expf_lane(x), g);
        misfits |= !expf_fits(x) as u32;
    });
    if misfits == 0 {
        return;
    }
    for (((&z, &e), &g), d) in z.iter().zip(e).zip(g).zip(dz) {
        if !expf_fits(pdf_arg(z)) {
            *d = gelu_grad_lane(z, e, libm::expf(pdf_arg(z)), g);
        }
    }
}

/// Values `gelu_grad_slice` takes erf of at a time (its buffer stays on the stack).
const GRAD_CHUNK: usize = 256;

/// dz[i] = g[i]·GELU'(z[i]) (erf taken here, a chunk at a time).
pub fn gelu_grad_slice(z: &[f32], g: &[f32], dz: &mut [f32]) {
    let mut e = [0.0f32; GRAD_CHUNK];
    let chunks = z.chunks(GRAD_CHUNK).zip(g.chunks(GRAD_CHUNK));
    for ((zc, gc), dc) in chunks.zip(dz.chunks_mut(GRAD_CHUNK)) {
        let e = &mut e[..zc.len()];
        erf_terms(zc, e);
        gelu_grad_from_erf(zc, e, gc, dc);
    }
}
