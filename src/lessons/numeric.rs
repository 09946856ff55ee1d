//! Numerical checks behind the numbers the lessons quote. φ and φ′ themselves are the
//! simulator's float64 versions ([`Activation::eval`], [`Activation::derivative`]), and
//! Gaussian expectations are [`crate::sim::theory::gaussian_expectation`]; this module only
//! adds what the simulator has no use for.

use crate::sim::Activation;

/// Smallest and largest φ′ on a uniform grid over [lo, hi], plus x = 0 exactly when it is in
/// the interval (several derivatives have a special value there).
pub fn derivative_extrema_on_grid(a: Activation, lo: f64, hi: f64, step: f64) -> (f64, f64) {
    let n = ((hi - lo) / step).round() as usize;
    let mut min = f64::INFINITY;
    let mut max = f64::NEG_INFINITY;
    if lo <= 0.0 && 0.0 <= hi {
        min = a.derivative(0.0);
        max = min;
    }
    for k in 0..=n {
        let d = a.derivative(lo + k as f64 * step);
        min = min.min(d);
        max = max.max(d);
    }
    (min, max)
}
