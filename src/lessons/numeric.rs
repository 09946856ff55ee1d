//! The activation functions in double precision, for the lesson plots and for tests that keep
//! the numbers quoted in the text honest. Same definitions as the simulated network
//! (see the reference README): leaky slope 0.01, ELU α = 1, SELU's λ and α, exact-erf GELU, and
//! the derivative at exactly 0 is relu 0, leaky 0.01, elu 1, selu λα, gelu 0.5.

use crate::sim::Activation;

pub const LEAKY_RELU_SLOPE: f64 = 0.01;
pub const ELU_ALPHA: f64 = 1.0;
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Standard normal density.
pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// φ(x).
pub fn phi(a: Activation, x: f64) -> f64 {
    match a {
        Activation::Sigmoid => sigmoid(x),
        Activation::Tanh => x.tanh(),
        Activation::Relu => x.max(0.0),
        Activation::LeakyRelu => {
            if x > 0.0 {
                x
            } else {
                LEAKY_RELU_SLOPE * x
            }
        }
        Activation::Elu => {
            if x > 0.0 {
                x
            } else {
                ELU_ALPHA * x.exp_m1()
            }
        }
        Activation::Selu => {
            if x > 0.0 {
                SELU_LAMBDA * x
            } else {
                SELU_LAMBDA * SELU_ALPHA * x.exp_m1()
            }
        }
        Activation::Gelu => x * normal_cdf(x),
        Activation::Identity => x,
    }
}

/// φ′(x).
pub fn dphi(a: Activation, x: f64) -> f64 {
    match a {
        Activation::Sigmoid => {
            let s = sigmoid(x);
            s * (1.0 - s)
        }
        Activation::Tanh => {
            let t = x.tanh();
            1.0 - t * t
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
                LEAKY_RELU_SLOPE
            }
        }
        Activation::Elu => {
            if x > 0.0 {
                1.0
            } else {
                ELU_ALPHA * x.exp()
            }
        }
        Activation::Selu => {
            if x > 0.0 {
                SELU_LAMBDA
            } else {
                SELU_LAMBDA * SELU_ALPHA * x.exp()
            }
        }
        Activation::Gelu => normal_cdf(x) + x * normal_pdf(x),
        Activation::Identity => 1.0,
    }
}

/// E[f(z)] for z ~ N(0, std²), by composite Simpson's rule on ±12 std (2·4000 panels).
/// Accurate to ~1e-10 for the smooth or piecewise-smooth, at most polynomially growing
/// functions used here.
pub fn gaussian_expectation(f: impl Fn(f64) -> f64, std: f64) -> f64 {
    const N: usize = 8000; // even
    let (lo, hi) = (-12.0, 12.0);
    let h = (hi - lo) / N as f64;
    let g = |u: f64| f(std * u) * normal_pdf(u);
    let mut sum = g(lo) + g(hi);
    for k in 1..N {
        let w = if k % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * g(lo + k as f64 * h);
    }
    sum * h / 3.0
}

/// Smallest and largest φ′ on a uniform grid over [lo, hi], plus x = 0 exactly when it is in
/// the interval (several derivatives have a special value there).
pub fn derivative_extrema_on_grid(a: Activation, lo: f64, hi: f64, step: f64) -> (f64, f64) {
    let n = ((hi - lo) / step).round() as usize;
    let mut min = f64::INFINITY;
    let mut max = f64::NEG_INFINITY;
    if lo <= 0.0 && 0.0 <= hi {
        min = dphi(a, 0.0);
        max = min;
    }
    for k in 0..=n {
        let d = dphi(a, lo + k as f64 * step);
        min = min.min(d);
        max = max.max(d);
    }
    (min, max)
}
