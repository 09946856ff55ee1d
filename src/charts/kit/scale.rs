//! Axis helpers: log10 ranges with whole-decade ticks, and thinned layer ticks.
//! Every log10 goes through `safe_log10`, so 0, negatives, inf and NaN never reach a range.

use crate::words::format::pow10_label;

/// log10 of a finite positive value; `None` for 0, negatives, inf and NaN.
pub fn safe_log10(v: f64) -> Option<f64> {
    if v.is_finite() && v > 0.0 {
        Some(v.log10())
    } else {
        None
    }
}

/// A log10 axis spanning whole decades `lo..=hi` (10^lo at the bottom), with `hi > lo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecadeRange {
    pub lo: i32,
    pub hi: i32,
}

impl DecadeRange {
    /// The smallest whole-decade range holding every finite positive value (with at least half a
    /// decade below the smallest), at least
    /// `min_decades` tall. Values that are 0/inf/NaN are ignored; with none left: 10⁻¹..10¹.
    pub fn covering(values: impl IntoIterator<Item = f64>, min_decades: i32) -> DecadeRange {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for lg in values.into_iter().filter_map(safe_log10) {
            lo = lo.min(lg);
            hi = hi.max(lg);
        }
        if lo > hi {
            return DecadeRange { lo: -1, hi: 1 };
        }
        // Half a decade of headroom below the smallest value keeps its bar visible.
        // Clamp: f64 covers 10^-324..10^308, and i32 casts of huge floats must not surprise.
        let mut lo = (lo - 0.5).floor().clamp(-400.0, 400.0) as i32;
        let mut hi = hi.ceil().clamp(-400.0, 400.0) as i32;
        let min = min_decades.max(1);
        while hi - lo < min {
            // Grow upwards first (room for the bars' tops), then downwards.
            if (hi - lo) % 2 == 0 {
                hi += 1;
            } else {
                lo -= 1;
            }
        }
        DecadeRange { lo, hi }
    }

    pub fn decades(&self) -> i32 {
        self.hi - self.lo
    }

    /// Position of `log10 v` along the axis: 0 at the bottom, 1 at the top (unclamped).
    pub fn fraction(&self, lg: f64) -> f64 {
        (lg - f64::from(self.lo)) / f64::from(self.decades().max(1))
    }

    /// Whole decades to label, at most `max_ticks` of them, on a 1-2-5 step.
    pub fn ticks(&self, max_ticks: usize) -> Vec<i32> {
        let step = nice_step(self.decades().max(1) as usize, max_ticks.max(2) - 1) as i32;
        let first = self.lo.div_euclid(step) * step;
        let first = if first < self.lo { first + step } else { first };
        (0..)
            .map(|i| first + i * step)
            .take_while(|k| *k <= self.hi)
            .collect()
    }
}

/// The smallest of 1, 2, 5, 10, 20, 25, 50, 100, … that cuts `span` into at most `max_steps` steps.
pub fn nice_step(span: usize, max_steps: usize) -> usize {
    let max_steps = max_steps.max(1);
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            let step = base * m;
            if span.div_ceil(step) <= max_steps {
                return step;
            }
        }
        if base > usize::MAX / 100 {
            return span.max(1);
        }
        base *= 10;
    }
}

/// Layer numbers to label on an axis of `layers` layers, at most about `max_labels`:
/// always 1 and L, and the multiples of a 1-2-5 step in between, none crowding L.
pub fn layer_ticks(layers: usize, max_labels: usize) -> Vec<usize> {
    if layers == 0 {
        return Vec::new();
    }
    if layers == 1 {
        return vec![1];
    }
    let max_labels = max_labels.max(2);
    let step = nice_step(layers, max_labels - 1);
    let mut ticks = vec![1];
    let mut t = step;
    while t < layers {
        if t > 1 {
            ticks.push(t);
        }
        t += step;
    }
    // Keep L; drop an inner tick that would sit closer than half a step to it (or to 1).
    if let Some(&last) = ticks.last() {
        if last != 1 && layers - last < step.div_ceil(2) {
            ticks.pop();
        }
    }
    if ticks.len() >= 2 && ticks[1] - 1 < step.div_ceil(2) && step > 1 {
        ticks.remove(1);
    }
    ticks.push(layers);
    ticks
}

/// Tick label for decade `k`: "10⁻⁹", "1", "10", "10³".
pub fn decade_label(k: i32) -> String {
    pow10_label(k)
}

/// "Nice" ticks (multiples of 1, 2 or 5 × 10ᵏ) inside [lo, hi], at most `max_ticks` of them.
/// Empty for a non-finite or empty range.
pub fn linear_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let max_ticks = max_ticks.max(2);
    let raw = (hi - lo) / (max_ticks - 1) as f64;
    let base = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| (((hi - lo) / s).floor() as usize) < max_ticks)
        .unwrap_or(10.0 * base);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            // Snap -0 and float noise (0.30000000000000004) to clean values.
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                (v / step).round() * step
            }
        })
        .collect()
}

/// Short label for a linear tick: "-3", "0.5", "2".
pub fn linear_label(v: f64) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}
