//! Per-layer statistics of float32 tensors, accumulated in float64 in a fixed order.

use super::config::Activation;
use super::report::Histogram;

/// Bins of the activation histogram.
pub const HIST_BINS: usize = 40;

/// Independent partial sums in every float64 sum below. A single chain of dependent adds runs at
/// the add's latency (about a quarter of a core's add throughput, and one lane of its vectors);
/// eight chains fill AVX2 (4 lanes × 2) and simd128 (2 × 4). Lane t sums entries t, t + 8, …,
/// the lanes are combined in one fixed tree and the tail is added last: the same order, so the
/// same bits, on every target and vector width.
const LANES: usize = 8;

/// Σ term(x_i) in the fixed `LANES` order.
#[inline(always)]
fn lane_sum(x: &[f32], term: impl Fn(f32) -> f64) -> f64 {
    let mut acc = [0.0f64; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (s, &v) in acc.iter_mut().zip(c) {
            *s += term(v);
        }
    }
    let tail = chunks.remainder().iter().fold(0.0, |s, &v| s + term(v));
    (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))) + tail
}

/// Σ x_i² in float64. Squares of float32 values cannot overflow or underflow in float64
/// (max 1.2e77, min 2e-90), so a plain sum is already a safe "scaled" norm. Any inf gives
/// inf, any NaN gives NaN.
fn sum_squares(x: &[f32]) -> f64 {
    lane_sum(x, |v| (v as f64) * (v as f64))
}

/// ‖x‖_F in float64.
pub fn frobenius(x: &[f32]) -> f64 {
    sum_squares(x).sqrt()
}

/// mean(x²) in float64.
pub fn mean_square(x: &[f32]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    sum_squares(x) / x.len() as f64
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
    layer_stats(act, a, &[]).0
}

/// `activation_stats(act, a)` and `mean_square(z)` together.
pub fn layer_stats(act: Activation, a: &[f32], z: &[f32]) -> (ActStats, f64) {
    layer_stats_split(act, a, a, z)
}

/// `layer_stats` for a layer whose output A is not φ's output F (a residual network): mean,
/// std and histogram describe A; saturated and dead fractions describe the units F = φ(N).
pub fn layer_stats_split(act: Activation, a: &[f32], f: &[f32], z: &[f32]) -> (ActStats, f64) {
    let n = a.len().max(1) as f64;
    let mean = lane_sum(a, |v| v as f64) / n;
    // Two passes: the std from deviations about the mean, not E[x²] − mean².
    let deviation_squared = |v: f32| {
        let d = v as f64 - mean;
        d * d
    };
    let std = (lane_sum(a, deviation_squared) / n).sqrt();
    let msq = mean_square(z);
    let (lo, hi) = act.histogram_range();
    let mut h = Binner::new(lo, hi, HIST_BINS);
    a.iter().for_each(|&v| h.add(v));
    // Explicit comparisons (not `!range.contains`) so that NaN does not count as saturated.
    #[allow(clippy::manual_range_contains)]
    let saturated = match act {
        Activation::Sigmoid => Some(f.iter().filter(|&&v| v < 0.01 || v > 0.99).count()),
        Activation::Tanh => Some(f.iter().filter(|&&v| v.abs() > 0.99).count()),
        _ => None,
    }
    .map(|c| c as f64 / n);
    let dead = match act {
        Activation::Relu => Some(f.iter().filter(|&&v| v == 0.0).count() as f64 / n),
        _ => None,
    };
    let stats = ActStats {
        mean,
        std,
        saturated,
        dead,
        nonfinite: h.0.nonfinite as u64,
        histogram: h.0,
    };
    (stats, msq)
}

/// `count_nonfinite(x)` given `s = frobenius(x)`: a finite norm means no inf or NaN (squares
/// of finite float32 values cannot overflow a float64 sum), so the count is skipped.
pub fn count_nonfinite_given_norm(x: &[f32], s: f64) -> u64 {
    if s.is_finite() {
        0
    } else {
        count_nonfinite(x)
    }
}

/// Histogram counting, one value at a time (shared by `histogram` and `layer_stats`).
struct Binner(Histogram, f64, f64, f64);

impl Binner {
    fn new(lo: f32, hi: f32, bins: usize) -> Binner {
        let (lo64, hi64) = (lo as f64, hi as f64);
        let h = Histogram {
            lo,
            hi,
            counts: vec![0; bins],
            underflow: 0,
            overflow: 0,
            nonfinite: 0,
        };
        Binner(h, lo64, hi64, bins as f64 / (hi64 - lo64))
    }

    #[inline(always)]
    fn add(&mut self, v: f32) {
        let Binner(h, lo64, hi64, scale) = self;
        if !v.is_finite() {
            h.nonfinite += 1;
            return;
        }
        let v = v as f64;
        if v < *lo64 {
            h.underflow += 1;
        } else if v >= *hi64 {
            h.overflow += 1;
        } else {
            // floor of a non-negative value: `as usize` truncates; clamp guards rounding at hi.
            let b = (((v - *lo64) * *scale) as usize).min(h.counts.len() - 1);
            h.counts[b] += 1;
        }
    }
}

/// Equal-width bins over [lo, hi); finite values outside go to under/overflow.
pub fn histogram(x: &[f32], lo: f32, hi: f32, bins: usize) -> Histogram {
    let mut h = Binner::new(lo, hi, bins);
    x.iter().for_each(|&v| h.add(v));
    h.0
}

/// Population standard deviation in float64, two passes (mean, then squared deviations).
pub fn population_std(x: &[f32]) -> f64 {
    let n = x.len().max(1) as f64;
    let mean = x.iter().fold(0.0f64, |s, &v| s + v as f64) / n;
    let ss = x.iter().fold(0.0f64, |s, &v| {
        let d = v as f64 - mean;
        s + d * d
    });
    (ss / n).sqrt()
}

/// The loss mean((out − y)²) and ∂loss/∂out = (out − y)·(2/N) into `grad`, as a float32
/// framework gives them: PyTorch sums the squares in float32, so its loss is +inf as soon as
/// Σd² passes f32::MAX, even where Σd²/N would fit. The sum runs in float64 in a fixed order
/// (exact enough to round once, the same bits natively and in wasm); a sum that rounds to +inf
/// in float32 gives +inf, else Σd²/N rounded to float32. The gradient does not depend on the
/// loss's value, so it stays finite when only this sum overflows. Every network's MSE head
/// (the explorer's, the recurrent one's, the transformer's) is this one.
pub fn mse_gradient(out: &[f32], y: &[f32], grad: &mut [f32]) -> f64 {
    let n = out.len().max(1) as f64;
    let scale = (2.0 / n) as f32;
    let mut sum = 0.0f64;
    for ((&a, &t), g) in out.iter().zip(y).zip(grad.iter_mut()) {
        let d = a - t;
        sum += (d as f64) * (d as f64);
        *g = d * scale;
    }
    let sum_f32 = sum as f32;
    if sum_f32.is_infinite() {
        return f64::from(sum_f32);
    }
    ((sum / n) as f32) as f64
}
