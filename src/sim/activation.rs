//! The nonlinearities: float32 kernels for the network, float64 versions for plots and theory,
//! and the facts the lessons quote. Every transcendental goes through `libm`, except the
//! float32 tanh (`fastmath`, plain arithmetic), so native and wasm32 produce the same bits.

use super::config::Activation;
use super::gelu::{gelu_grad_slice, gelu_slice, INV_SQRT_2PI};

pub const LEAKY_SLOPE: f64 = 0.01;
pub const ELU_ALPHA: f64 = 1.0;
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;

const LEAKY_SLOPE_F32: f32 = LEAKY_SLOPE as f32;
const SELU_LAMBDA_F32: f32 = SELU_LAMBDA as f32;
const SELU_ALPHA_F32: f32 = SELU_ALPHA as f32;
const SELU_LA_F32: f32 = (SELU_LAMBDA * SELU_ALPHA) as f32;

impl Activation {
    /// Name for people ("Leaky ReLU"): the label (`label`, declared with the id by `choice!`).
    pub fn display_name(self) -> &'static str {
        self.label()
    }

    /// Output range of the histogram of activations: a fixed window that suits φ.
    pub fn histogram_range(self) -> (f32, f32) {
        match self {
            Activation::Sigmoid => (0.0, 1.0),
            Activation::Tanh => (-1.0, 1.0),
            Activation::Relu => (0.0, 4.0),
            Activation::LeakyRelu | Activation::Elu | Activation::Gelu => (-1.0, 4.0),
            Activation::Selu => (-2.0, 4.0),
            Activation::Identity => (-4.0, 4.0),
        }
    }

    /// φ(x) in float64 (plots, theory).
    pub fn eval(self, x: f64) -> f64 {
        match self {
            Activation::Sigmoid => 1.0 / (1.0 + libm::exp(-x)),
            Activation::Tanh => libm::tanh(x),
            Activation::Relu => {
                if x > 0.0 {
                    x
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if x > 0.0 {
                    x
                } else {
                    LEAKY_SLOPE * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    ELU_ALPHA * libm::expm1(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA * x
                } else {
                    SELU_LAMBDA * SELU_ALPHA * libm::expm1(x)
                }
            }
            Activation::Gelu => 0.5 * x * (1.0 + libm::erf(x * std::f64::consts::FRAC_1_SQRT_2)),
            Activation::Identity => x,
        }
    }

    /// φ'(x) in float64; at exactly 0: relu 0, leaky 0.01, elu 1, selu λα, gelu 0.5.
    pub fn derivative(self, x: f64) -> f64 {
        match self {
            Activation::Sigmoid => {
                let s = 1.0 / (1.0 + libm::exp(-x));
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = libm::tanh(x);
                (1.0 - t) * (1.0 + t)
            }
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if x > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    ELU_ALPHA * libm::exp(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA
                } else {
                    SELU_LAMBDA * SELU_ALPHA * libm::exp(x)
                }
            }
            Activation::Gelu => {
                let cdf = 0.5 * (1.0 + libm::erf(x * std::f64::consts::FRAC_1_SQRT_2));
                cdf + x * INV_SQRT_2PI * libm::exp(-0.5 * x * x)
            }
            Activation::Identity => 1.0,
        }
    }

    /// Whether the backward pass needs Z_l itself (GELU) rather than A_l = φ(Z_l).
    pub(crate) fn derivative_needs_preact(self) -> bool {
        self == Activation::Gelu
    }

    /// A = φ(Z) elementwise in float32. NaN stays NaN (relu(NaN) = NaN, like frameworks).
    pub(crate) fn forward_f32(self, z: &[f32], a: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if super::simd::use_avx512() {
            // SAFETY: `use_avx512` is true only on a CPU with AVX-512F.
            return unsafe { self.forward_avx512(z, a) };
        }
        #[cfg(target_arch = "x86_64")]
        if super::simd::use_avx2() {
            // SAFETY: `use_avx2` is true only on a CPU with AVX2.
            return unsafe { self.forward_avx2(z, a) };
        }
        self.forward_body(z, a)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn forward_avx512(self, z: &[f32], a: &mut [f32]) {
        self.forward_body(z, a)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn forward_avx2(self, z: &[f32], a: &mut [f32]) {
        self.forward_body(z, a)
    }

    #[inline(always)]
    fn forward_body(self, z: &[f32], a: &mut [f32]) {
        let it = z.iter().zip(a.iter_mut());
        match self {
            Activation::Sigmoid => it.for_each(|(&z, a)| *a = 1.0 / (1.0 + libm::expf(-z))),
            Activation::Tanh => super::fastmath::tanh_slice(z, a),
            Activation::Relu => {
                it.for_each(|(&z, a)| *a = if z > 0.0 || z.is_nan() { z } else { 0.0 })
            }
            Activation::LeakyRelu => {
                it.for_each(|(&z, a)| *a = if z > 0.0 { z } else { LEAKY_SLOPE_F32 * z })
            }
            Activation::Elu => {
                it.for_each(|(&z, a)| *a = if z > 0.0 { z } else { libm::expm1f(z) })
            }
            Activation::Selu => it.for_each(|(&z, a)| {
                *a = SELU_LAMBDA_F32
                    * if z > 0.0 {
                        z
                    } else {
                        SELU_ALPHA_F32 * libm::expm1f(z)
                    }
            }),
            Activation::Gelu => gelu_slice(z, a),
            Activation::Identity => a.copy_from_slice(z),
        }
    }

    /// dZ = dA ⊙ φ'(Z) in float32, φ' taken from the saved A = φ(Z) (as autograd does for
    /// sigmoid and tanh; for the piecewise ones A > 0 ⇔ Z > 0 and the negative branch is an
    /// affine function of A), or from Z for GELU (`saved` is then Z).
    pub(crate) fn backward_f32(self, saved: &[f32], da: &[f32], dz: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if super::simd::use_avx512() {
            // SAFETY: `use_avx512` is true only on a CPU with AVX-512F.
            return unsafe { self.backward_avx512(saved, da, dz) };
        }
        #[cfg(target_arch = "x86_64")]
        if super::simd::use_avx2() {
            // SAFETY: `use_avx2` is true only on a CPU with AVX2.
            return unsafe { self.backward_avx2(saved, da, dz) };
        }
        self.backward_body(saved, da, dz)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn backward_avx512(self, saved: &[f32], da: &[f32], dz: &mut [f32]) {
        self.backward_body(saved, da, dz)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn backward_avx2(self, saved: &[f32], da: &[f32], dz: &mut [f32]) {
        self.backward_body(saved, da, dz)
    }

    #[inline(always)]
    fn backward_body(self, saved: &[f32], da: &[f32], dz: &mut [f32]) {
        let it = saved.iter().zip(da.iter()).zip(dz.iter_mut());
        match self {
            Activation::Sigmoid => it.for_each(|((&a, &g), d)| *d = g * (a * (1.0 - a))),
            Activation::Tanh => it.for_each(|((&a, &g), d)| *d = g * ((1.0 - a) * (1.0 + a))),
            // A NaN output passes the gradient on, as the forward pass passes NaN (and as
            // PyTorch's `result <= 0 ? 0 : grad` does): a NaN must not become a gradient of 0.
            Activation::Relu => {
                it.for_each(|((&a, &g), d)| *d = if a > 0.0 || a.is_nan() { g } else { 0.0 })
            }
            Activation::LeakyRelu => {
                it.for_each(|((&a, &g), d)| *d = if a > 0.0 { g } else { LEAKY_SLOPE_F32 * g })
            }
            Activation::Elu => {
                it.for_each(|((&a, &g), d)| *d = if a > 0.0 { g } else { g * (a + 1.0) })
            }
            Activation::Selu => it.for_each(|((&a, &g), d)| {
                *d = if a > 0.0 {
                    g * SELU_LAMBDA_F32
                } else {
                    g * (a + SELU_LA_F32)
                }
            }),
            Activation::Gelu => gelu_grad_slice(saved, da, dz),
            Activation::Identity => dz.copy_from_slice(da),
        }
    }
}
