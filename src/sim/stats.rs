//! Per-layer statistics of float32 tensors, accumulated in float64 in a fixed order.

use super::config::Activation;
use super::report::Histogram;

/// Bins of the activation histogram.
pub const HIST_BINS: usize = 40;

/// ‖x‖_F in float64. Squares of float32 values cannot overflow or underflow in float64
/// (max 1.2e77, min 2e-90), so a plain sum is already a safe "scaled" norm, and its fixed
/// sequential order makes it deterministic. Any inf gives inf, any NaN gives NaN.
pub fn frobenius(x: &[f32]) -> f64 {
    let mut s = 0.0f64;
    for &v in x {
        let v = v as f64;
        s += v * v;
    }
    s.sqrt()
}

/// mean(x²) in float64.
pub fn mean_square(x: &[f32]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let mut s = 0.0f64;
    for &v in x {
        let v = v as f64;
        s += v * v;
    }
    s / x.len() as f64
}

pub fn count_nonfinite(x: &[f32]) -> u64 {
    x.iter().filter(|v| !v.is_finite()).count() as u64
}

/// What the forward pass learns about A_l.
pub struct ActStats {
    pub mean: f64,
    /// Population standard deviation (two-pass, float64).
    pub std: f64,
    pub saturated: Option<f64>,
    pub dead: Option<f64>,
    pub histogram: Histogram,
    pub nonfinite: u64,
}

pub fn activation_stats(act: Activation, a: &[f32]) -> ActStats {
    let n = a.len().max(1) as f64;
    let mut sum = 0.0f64;
    for &v in a {
        sum += v as f64;
    }
    let mean = sum / n;
    let mut ss = 0.0f64;
    for &v in a {
        let d = v as f64 - mean;
        ss += d * d;
    }
    let std = (ss / n).sqrt();
    // Explicit comparisons (not `!range.contains`) so that NaN does not count as saturated.
    #[allow(clippy::manual_range_contains)]
    let saturated = match act {
        Activation::Sigmoid => Some(a.iter().filter(|&&v| v < 0.01 || v > 0.99).count()),
        Activation::Tanh => Some(a.iter().filter(|&&v| v.abs() > 0.99).count()),
        _ => None,
    }
    .map(|c| c as f64 / n);
    let dead = match act {
        Activation::Relu => Some(a.iter().filter(|&&v| v == 0.0).count() as f64 / n),
        _ => None,
    };
    let (lo, hi) = act.histogram_range();
    ActStats {
        mean,
        std,
        saturated,
        dead,
        histogram: histogram(a, lo, hi, HIST_BINS),
        nonfinite: count_nonfinite(a),
    }
}

/// Equal-width bins over [lo, hi); finite values outside go to under/overflow.
pub fn histogram(x: &[f32], lo: f32, hi: f32, bins: usize) -> Histogram {
    let mut h = Histogram {
        lo,
        hi,
        counts: vec![0; bins],
        underflow: 0,
        overflow: 0,
        nonfinite: 0,
    };
    let (lo64, hi64) = (lo as f64, hi as f64);
    let scale = bins as f64 / (hi64 - lo64);
    for &v in x {
        if !v.is_finite() {
            h.nonfinite += 1;
            continue;
        }
        let v = v as f64;
        if v < lo64 {
            h.underflow += 1;
        } else if v >= hi64 {
            h.overflow += 1;
        } else {
            // floor of a non-negative value: `as usize` truncates; clamp guards rounding at hi.
            let b = (((v - lo64) * scale) as usize).min(bins - 1);
            h.counts[b] += 1;
        }
    }
    h
}
