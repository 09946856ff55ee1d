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
    layer_stats(act, a, &[]).0
}

/// `activation_stats(act, a)` and `mean_square(z)` together, with the same bits. Each float64
/// sum is a chain of dependent adds (its order is fixed for determinism), so the cost is the
/// add latency; independent sums share a loop to overlap their chains, and the histogram
/// shares the second pass.
pub fn layer_stats(act: Activation, a: &[f32], z: &[f32]) -> (ActStats, f64) {
    layer_stats_split(act, a, a, z)
}

/// `layer_stats` for a layer whose output A is not φ's output F (a residual network): mean,
/// std and histogram describe A; saturated and dead fractions describe the units F = φ(N).
pub fn layer_stats_split(act: Activation, a: &[f32], f: &[f32], z: &[f32]) -> (ActStats, f64) {
    let n = a.len().max(1) as f64;
    let (mut sum, mut zsq) = (0.0f64, 0.0f64);
    let common = a.len().min(z.len());
    for (&v, &u) in a[..common].iter().zip(&z[..common]) {
        sum += v as f64;
        let u = u as f64;
        zsq += u * u;
    }
    for &v in &a[common..] {
        sum += v as f64;
    }
    for &u in &z[common..] {
        let u = u as f64;
        zsq += u * u;
    }
    let msq = if z.is_empty() {
        0.0
    } else {
        zsq / z.len() as f64
    };
    let mean = sum / n;
    let (lo, hi) = act.histogram_range();
    let mut h = Binner::new(lo, hi, HIST_BINS);
    let mut ss = 0.0f64;
    for &v in a {
        let d = v as f64 - mean;
        ss += d * d;
        h.add(v);
    }
    let std = (ss / n).sqrt();
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

/// (‖x‖_F, ‖y‖_F), each with `frobenius`'s bits, their chains overlapped.
pub fn frobenius2(x: &[f32], y: &[f32]) -> (f64, f64) {
    let (mut sx, mut sy) = (0.0f64, 0.0f64);
    let common = x.len().min(y.len());
    for (&u, &v) in x[..common].iter().zip(&y[..common]) {
        let (u, v) = (u as f64, v as f64);
        sx += u * u;
        sy += v * v;
    }
    for &u in &x[common..] {
        let u = u as f64;
        sx += u * u;
    }
    for &v in &y[common..] {
        let v = v as f64;
        sy += v * v;
    }
    (sx.sqrt(), sy.sqrt())
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
