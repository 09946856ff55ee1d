//! GELU in float32 split at its one erf: GELU(z) = ½z(1 + e) and GELU'(z) = ½(1 + e) + z·φ(z),
//! with e = erf(z/√2). A pass that needs both (the transformer MLP's backward) takes e once,
//! or keeps it from the forward pass; `Activation::Gelu` uses the same lanes, so every route
//! gives the same bits.

const FRAC_1_SQRT_2_F32: f32 = std::f32::consts::FRAC_1_SQRT_2;
/// 1/√(2π), the standard normal density at 0.
pub(crate) const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
const INV_SQRT_2PI_F32: f32 = INV_SQRT_2PI as f32;

/// e = erf(z/√2) (libm's erff: the same bits natively and in wasm).
#[inline(always)]
pub fn erf_lane(z: f32) -> f32 {
    libm::erff(z * FRAC_1_SQRT_2_F32)
}

/// GELU(z) from e = `erf_lane(z)`.
#[inline(always)]
pub fn gelu_lane(z: f32, e: f32) -> f32 {
    0.5 * z * (1.0 + e)
}

/// g·GELU'(z) from e = `erf_lane(z)`.
#[inline(always)]
pub fn gelu_grad_lane(z: f32, e: f32, g: f32) -> f32 {
    let cdf = 0.5 * (1.0 + e);
    let pdf = INV_SQRT_2PI_F32 * libm::expf(-0.5 * z * z);
    g * (cdf + z * pdf)
}

/// e[i] = erf(z[i]/√2).
pub fn erf_terms(z: &[f32], e: &mut [f32]) {
    z.iter().zip(e).for_each(|(&z, e)| *e = erf_lane(z));
}

/// a[i] = GELU(z[i]), given e = `erf_terms(z)`.
pub fn gelu_from_erf(z: &[f32], e: &[f32], a: &mut [f32]) {
    let it = z.iter().zip(e).zip(a);
    it.for_each(|((&z, &e), a)| *a = gelu_lane(z, e));
}

/// dz[i] = g[i]·GELU'(z[i]), given e = `erf_terms(z)`.
pub fn gelu_grad_from_erf(z: &[f32], e: &[f32], g: &[f32], dz: &mut [f32]) {
    let it = z.iter().zip(e).zip(g).zip(dz);
    it.for_each(|(((&z, &e), &g), d)| *d = gelu_grad_lane(z, e, g));
}
