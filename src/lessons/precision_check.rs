//! Runs a [`PrecisionClaim`]'s network over [`SEEDS`] seeds, in its format and in float32,
//! and checks every statement it makes.

use super::claim_check::{measure, median, percentile};
use super::claims::{Layer, SEEDS};
use super::precision_claims::{PrecisionCheck, PrecisionClaim, PrecisionQuantity};
use crate::sim::mixed::simulate_mixed;
use crate::sim::{simulate, Config, Report};

impl PrecisionClaim {
    /// The claim's network for one seed (batch 64 and zero biases, as the page's defaults).
    pub fn config(&self, seed: u64) -> Config {
        Config {
            net: self.net,
            seed,
            ..Config::default()
        }
    }
}

/// One seed's two runs: the claim's format and plain float32, the same weights.
pub struct SeedRuns {
    pub mixed: Report,
    pub float32: Report,
}

fn layer_index(r: &Report, layer: Layer) -> usize {
    let last = r.layers.len().saturating_sub(1);
    match layer {
        Layer::First => 0,
        Layer::Last => last,
        Layer::At(l) => l.saturating_sub(1).min(last),
    }
}

/// log10 of the mixed run's ‖∂L/∂W_l‖ over float32's, per layer (±∞ or NaN where one is).
fn weight_grad_decades(runs: &SeedRuns) -> impl Iterator<Item = f64> + '_ {
    runs.mixed
        .layers
        .iter()
        .zip(&runs.float32.layers)
        .map(|(m, f)| (m.weight_grad_norm / f.weight_grad_norm).log10())
}

/// One quantity of one seed (NaN when the run has no such value).
pub fn measure_precision(runs: &SeedRuns, q: PrecisionQuantity) -> f64 {
    use PrecisionQuantity::*;
    let r = &runs.mixed;
    let fractions = |l| {
        r.layers[layer_index(r, l)]
            .grad_fractions
            .unwrap_or_default()
    };
    match q {
        Lost(l) => fractions(l).lost,
        Zero(l) => fractions(l).zero,
        ZeroNotLost(l) => fractions(l).zero - fractions(l).lost,
        Nonfinite(l) => fractions(l).nonfinite,
        WeightGradNonfinite(l) => f64::from(u8::from(
            !r.layers[layer_index(r, l)].weight_grad_norm.is_finite(),
        )),
        FirstLayersAllLost => r
            .layers
            .iter()
            .take_while(|l| l.grad_fractions.is_some_and(|f| f.lost >= 1.0))
            .count() as f64,
        MostLostInALayer => r
            .layers
            .iter()
            .filter_map(|l| l.grad_fractions.map(|f| f.lost))
            .fold(0.0, f64::max),
        ScaleLog2 => r.mixed.map_or(0.0, |m| f64::from(m.scale_log2)),
        GradientsOverflowed => f64::from(u8::from(r.summary.overflowed.gradients)),
        WeightGradVsFloat32(l) => weight_grad_decades(runs)
            .nth(layer_index(r, l))
            .unwrap_or(f64::NAN),
        WeightGradVsFloat32Worst => weight_grad_decades(runs)
            .map(|d| if d.is_nan() { f64::INFINITY } else { d.abs() })
            .fold(0.0, f64::max),
        Float32(q) => measure(&runs.float32, q),
    }
}

/// Simulates the claim with seeds `0..SEEDS` and returns every failed check, described.
pub fn check_precision_claim(claim: &PrecisionClaim) -> Vec<String> {
    let mut runs = Vec::new();
    for seed in 0..SEEDS {
        let cfg = claim.config(seed);
        match (simulate_mixed(&cfg, &claim.mixed), simulate(&cfg)) {
            (Ok(mixed), Ok(float32)) => runs.push(SeedRuns { mixed, float32 }),
            (Err(e), _) | (_, Err(e)) => {
                return vec![format!("{}: invalid configuration: {e}", claim.id)]
            }
        }
    }
    claim
        .checks
        .iter()
        .filter_map(|c| check_one(claim.id, c, &runs))
        .collect()
}

fn check_one(id: &str, check: &PrecisionCheck, runs: &[SeedRuns]) -> Option<String> {
    let values = |q| {
        runs.iter()
            .map(|r| measure_precision(r, q))
            .collect::<Vec<f64>>()
    };
    match *check {
        PrecisionCheck::EverySeed(q, lo, hi) => {
            let v = values(q);
            (!v.iter().all(|x| (lo..=hi).contains(x)))
                .then(|| format!("{id}: {q:?} per seed {v:.4?}, expected each in {lo}..={hi}"))
        }
        PrecisionCheck::SeedCount(q, lo, hi, count) => {
            let v = values(q);
            let n = v.iter().filter(|x| (lo..=hi).contains(*x)).count() as u64;
            (n != count).then(|| {
                format!("{id}: {n} seeds with {q:?} in {lo}..={hi}, expected {count} ({v:.4?})")
            })
        }
        PrecisionCheck::Median(q, lo, hi) | PrecisionCheck::MedianWithin(q, lo, hi) => {
            let v = values(q);
            let m = median(v.clone());
            (!(lo..=hi).contains(&m)).then(|| {
                format!("{id}: median {q:?} = {m:.4} (seeds {v:.4?}), expected {lo}..={hi}")
            })
        }
        PrecisionCheck::SeedBand { p10, p90, of } => {
            let v = values(of);
            let (lo, hi) = (percentile(v.clone(), 0.1), percentile(v.clone(), 0.9));
            let ok = (p10.0..=p10.1).contains(&lo) && (p90.0..=p90.1).contains(&hi);
            (!ok).then(|| {
                format!("{id}: {of:?} p10 {lo:.4}, p90 {hi:.4} (seeds {v:.4?}), expected p10 in {p10:?}, p90 in {p90:?}")
            })
        }
    }
}
