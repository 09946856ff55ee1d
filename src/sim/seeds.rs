//! The same network over several seeds: p10 / p50 / p90 per statistic.

use super::config::{Config, ConfigError};
use super::network::{Network, Workspace};
use super::report::{LayerReport, LayerSpread, Percentiles, Report, SeedSpread};
use super::simulate::simulate_network;

/// The configs for seeds `seed, seed+1, …, seed+k−1` (wrapping); k = 0 is treated as 1.
pub fn seed_configs(cfg: &Config, k: usize) -> impl Iterator<Item = Config> + '_ {
    (0..k.max(1)).map(move |i| Config {
        seed: cfg.seed.wrapping_add(i as u64),
        ..cfg.clone()
    })
}

/// Runs the configs of `seed_configs(cfg, k)`.
pub fn simulate_seeds(cfg: &Config, k: usize) -> Result<SeedSpread, ConfigError> {
    cfg.validate()?;
    let mut ws = Workspace::default();
    let mut reports = Vec::with_capacity(k.max(1));
    for c in seed_configs(cfg, k) {
        let net = Network::sample(&c)?;
        reports.push(simulate_network(&c, &net, &mut ws));
    }
    Ok(spread(&reports))
}

/// Percentiles over a set of reports of the same network shape.
pub fn spread(reports: &[Report]) -> SeedSpread {
    let depth = reports.first().map_or(0, |r| r.layers.len());
    let layers = (0..depth)
        .map(|i| {
            let col =
                |f: fn(&LayerReport) -> f64| percentiles(reports.iter().map(|r| f(&r.layers[i])));
            let opt = |f: fn(&LayerReport) -> Option<f64>| {
                let v: Option<Vec<f64>> = reports.iter().map(|r| f(&r.layers[i])).collect();
                v.map(|v| percentiles(v.into_iter()))
            };
            LayerSpread {
                layer: i + 1,
                weight_grad_norm: col(|l| l.weight_grad_norm),
                signal_grad_norm: col(|l| l.signal_grad_norm),
                act_mean: col(|l| l.act_mean),
                act_std: col(|l| l.act_std),
                saturated_fraction: opt(|l| l.saturated_fraction),
                dead_fraction: opt(|l| l.dead_fraction),
                nonfinite_seeds: reports.iter().filter(|r| r.layers[i].nonfinite > 0).count(),
            }
        })
        .collect();
    SeedSpread {
        seeds: reports.len(),
        loss: percentiles(reports.iter().map(|r| r.loss)),
        layers,
    }
}

/// numpy's default ('linear') percentiles; NaN when the interpolation touches a non-finite
/// value (as in the reference) or when there are no values.
pub fn percentiles(values: impl Iterator<Item = f64>) -> Percentiles {
    let mut v: Vec<f64> = values.collect();
    // NaN sorts last, like numpy.
    v.sort_by(|a, b| {
        a.partial_cmp(b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
    });
    let p = |q: f64| percentile_sorted(&v, q);
    Percentiles {
        p10: p(10.0),
        p50: p(50.0),
        p90: p(90.0),
    }
}

/// Linear-interpolation percentile of sorted values.
pub fn percentile_sorted(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    let t = pos - lo as f64;
    let (a, b) = (v[lo], v[hi]);
    if t == 0.0 {
        // An exact pick is the value itself: a gradient that overflowed to +inf stays inf.
        return a;
    }
    if a.is_finite() && b.is_finite() {
        a + t * (b - a)
    } else {
        f64::NAN
    }
}
