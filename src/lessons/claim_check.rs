//! Runs a [`Claim`]'s network over several seeds and checks every statement it makes.

use super::claims::{Check, Claim, Layer, Quantity};
use crate::sim::{Config, ConfigError, Report};

impl Claim {
    /// The claim's network for one seed (batch 64 and zero biases, as the page's defaults).
    pub fn config(&self, seed: u64) -> Config {
        Config {
            net: self.net,
            sigma_w2: self.sigma_w2,
            seed,
            ..Config::default()
        }
    }
}

fn layer_index(r: &Report, layer: Layer) -> usize {
    match layer {
        Layer::First => 0,
        Layer::Last => r.layers.len().saturating_sub(1),
        Layer::At(l) => l.saturating_sub(1).min(r.layers.len().saturating_sub(1)),
    }
}

fn spread_decades(values: impl Iterator<Item = f64>) -> f64 {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    (hi / lo).log10()
}

/// One quantity of one run (NaN when the run has no such value).
pub fn measure(r: &Report, q: Quantity) -> f64 {
    let at = |l| layer_index(r, l);
    match q {
        Quantity::SignalDecades => r.summary.ratio.log10(),
        Quantity::DecadesPerLayer => r.summary.ratio.log10() / (r.layers.len() as f64 - 1.0),
        Quantity::WeightDecades => r.summary.weight_ratio.log10(),
        Quantity::SignalLayerSpread => spread_decades(r.layers.iter().map(|l| l.signal_grad_norm)),
        Quantity::WeightGradLog10Max => r
            .layers
            .iter()
            .map(|l| l.weight_grad_norm.log10())
            .fold(f64::NEG_INFINITY, f64::max),
        Quantity::WeightGradLog10Min => r
            .layers
            .iter()
            .map(|l| l.weight_grad_norm.log10())
            .fold(f64::INFINITY, f64::min),
        Quantity::ActStd(l) => r.layers[at(l)].act_std,
        Quantity::ActMean(l) => r.layers[at(l)].act_mean,
        Quantity::ZeroOutputs(l) => r.layers[at(l)].dead_fraction.unwrap_or(f64::NAN),
        Quantity::MeanSaturated => {
            let s: Vec<f64> = r
                .layers
                .iter()
                .filter_map(|l| l.saturated_fraction)
                .collect();
            s.iter().sum::<f64>() / s.len() as f64
        }
        Quantity::Chi(l) => r.theory[at(l)].chi,
        Quantity::ChiMin => r.theory.iter().map(|t| t.chi).fold(f64::INFINITY, f64::min),
        Quantity::ChiMax => r
            .theory
            .iter()
            .map(|t| t.chi)
            .fold(f64::NEG_INFINITY, f64::max),
        Quantity::Q(l) => r.theory[at(l)].q,
        Quantity::TheoryDecades => r
            .theory
            .first()
            .map_or(f64::NAN, |t| t.signal_grad_rel_log10),
        Quantity::SimQ(l) => r.layers[at(l)].preact_msq,
        Quantity::SimChi => {
            let steps = r.layers.len() as f64 - 1.0;
            r.summary.ratio.powf(2.0 / steps)
        }
    }
}

/// The median of the values (NaN for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => 0.5 * (v[n / 2 - 1] + v[n / 2]),
    }
}

/// The `p`-th percentile (0..=1) of the values, nearest rank (NaN for none).
pub fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let i = (p * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}

/// Every failed check of the claim over its runs with seeds `0..claims::SEEDS`, in order,
/// described (a run that failed says why).
pub fn check_claim_runs(claim: &Claim, runs: &[Result<Report, ConfigError>]) -> Vec<String> {
    let reports: Result<Vec<Report>, &ConfigError> =
        runs.iter().map(|r| r.as_ref().cloned()).collect();
    match reports {
        Err(e) => vec![format!("{}: invalid configuration: {e}", claim.id)],
        Ok(reports) => claim
            .checks
            .iter()
            .filter_map(|c| check_one(claim.id, c, &reports))
            .collect(),
    }
}

fn check_one(id: &str, check: &Check, reports: &[Report]) -> Option<String> {
    let values = |q| reports.iter().map(|r| measure(r, q)).collect::<Vec<f64>>();
    match *check {
        Check::EverySeed(allowed) => {
            let got: Vec<_> = reports.iter().map(|r| r.summary.diagnosis).collect();
            (!got.iter().all(|d| allowed.contains(d)))
                .then(|| format!("{id}: diagnoses {got:?}, expected each in {allowed:?}"))
        }
        Check::SeedCount(allowed, count) => {
            let got: Vec<_> = reports.iter().map(|r| r.summary.diagnosis).collect();
            let n = got.iter().filter(|d| allowed.contains(d)).count() as u64;
            (n != count).then(|| {
                format!("{id}: {n} seeds in {allowed:?}, expected {count} (diagnoses {got:?})")
            })
        }
        Check::SeedBand { p10, p90, of } => {
            let v = values(of);
            let (lo, hi) = (percentile(v.clone(), 0.1), percentile(v.clone(), 0.9));
            let ok = (p10.0..=p10.1).contains(&lo) && (p90.0..=p90.1).contains(&hi);
            (!ok).then(|| {
                format!("{id}: {of:?} p10 {lo:.3}, p90 {hi:.3} (seeds {v:.3?}), expected p10 in {p10:?}, p90 in {p90:?}")
            })
        }
        Check::Median(q, lo, hi) | Check::MedianWithin(q, lo, hi) => {
            let v = values(q);
            let m = median(v.clone());
            (!(lo..=hi).contains(&m)).then(|| {
                format!("{id}: median {q:?} = {m:.4} (seeds {v:.3?}), expected {lo}..={hi}")
            })
        }
    }
}
