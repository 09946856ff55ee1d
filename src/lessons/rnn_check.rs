//! Runs an [`RnnClaim`]'s recurrent network over [`SEEDS`] seeds and checks every statement it
//! makes; and a [`LatchingClaim`]'s latching task, before training (cheap) or trained to its
//! end (`GFE_FULL_CLAIMS=1` only: minutes of CPU).

use super::claim_check::{median, percentile};
use super::claims::SEEDS;
use super::rnn_claims::{
    LatchingCheck, LatchingClaim, LatchingQuantity, RnnCheck, RnnClaim, RnnQuantity,
};
use crate::sim::recurrent::summary::{diagnose, memory_horizon};
use crate::sim::recurrent::train::LEARNT;
use crate::sim::recurrent::{simulate_rnn, simulate_rnn_seeds, train_latching, RnnConfig, RnnRun};

impl RnnClaim {
    /// The claim's network for one seed.
    pub fn config(&self, seed: u64) -> RnnConfig {
        RnnConfig {
            seed,
            ..self.network
        }
    }
}

/// ‖∂L/∂hₜ‖ per step (index t − 1).
fn norms(r: &RnnRun) -> Vec<f64> {
    r.steps.iter().map(|s| s.hidden_grad_norm).collect()
}

/// log10 of ‖∂L/∂hₜ‖ over ‖∂L/∂h_T‖ at step t (clamped to 1..=T).
fn decades_at(r: &RnnRun, t: usize) -> f64 {
    let n = norms(r);
    let last = n.len();
    let t = t.clamp(1, last);
    (n[t - 1] / n[last - 1]).log10()
}

/// The first step that receives a gradient (T − k + 1).
fn first_fed(r: &RnnRun) -> usize {
    r.steps.len() + 1 - r.config.truncate.clamp(1, r.steps.len())
}

/// One quantity of one seed's run (NaN when the run has no such value).
pub fn measure_rnn(r: &RnnRun, q: RnnQuantity) -> f64 {
    let steps = r.steps.len();
    match q {
        RnnQuantity::Decades => decades_at(r, first_fed(r)),
        RnnQuantity::DecadesAt(t) => decades_at(r, t),
        RnnQuantity::Horizon => memory_horizon(&norms(r)) as f64,
        RnnQuantity::CellDecades => match (r.steps[0].cell_grad_norm, r.steps.last()) {
            (Some(c1), Some(last)) => (c1 / last.hidden_grad_norm).log10(),
            _ => f64::NAN,
        },
        RnnQuantity::GainLawError => {
            let g = r.config.gain.log10();
            let n = norms(r);
            (1..=steps)
                .map(|t| ((n[t - 1] / n[steps - 1]).log10() - (steps - t) as f64 * g).abs())
                .fold(0.0, f64::max)
        }
        RnnQuantity::ZeroSteps => {
            r.steps.iter().filter(|s| s.hidden_grad_norm == 0.0).count() as f64
        }
        RnnQuantity::KeptStepsVsFull => {
            let full = simulate_rnn(&RnnConfig {
                truncate: steps,
                ..r.config.clone()
            });
            let Ok(full) = full else { return f64::NAN };
            (first_fed(r)..=steps)
                .map(|t| {
                    let (a, b) = (
                        r.steps[t - 1].hidden_grad_norm,
                        full.steps[t - 1].hidden_grad_norm,
                    );
                    (a / b).log10().abs()
                })
                .fold(0.0, f64::max)
        }
        RnnQuantity::RecurrentWeightGradLog10 => {
            r.weight_grad_norm.map_or(f64::NAN, |w| w.recurrent.log10())
        }
        RnnQuantity::Overflowed => f64::from(u8::from(
            !r.loss.is_finite() || r.steps.iter().any(|s| !s.hidden_grad_norm.is_finite()),
        )),
    }
}

/// Simulates the claim with seeds `0..SEEDS` and returns every failed check, described.
pub fn check_rnn_claim(claim: &RnnClaim) -> Vec<String> {
    let runs = match simulate_rnn_seeds(&claim.config(0), SEEDS as usize) {
        Ok(runs) => runs,
        Err(e) => return vec![format!("{}: invalid configuration: {e}", claim.id)],
    };
    claim
        .checks
        .iter()
        .filter_map(|c| check_rnn_one(claim.id, c, &runs))
        .collect()
}

fn check_rnn_one(id: &str, check: &RnnCheck, runs: &[RnnRun]) -> Option<String> {
    let values = |q| runs.iter().map(|r| measure_rnn(r, q)).collect::<Vec<f64>>();
    match *check {
        RnnCheck::EverySeedVerdict(allowed) => {
            let got: Vec<_> = runs.iter().map(diagnose).collect();
            (!got.iter().all(|d| allowed.contains(d)))
                .then(|| format!("{id}: verdicts {got:?}, expected each in {allowed:?}"))
        }
        RnnCheck::SeedCount(allowed, count) => {
            let got: Vec<_> = runs.iter().map(diagnose).collect();
            let n = got.iter().filter(|d| allowed.contains(d)).count() as u64;
            (n != count).then(|| {
                format!("{id}: {n} seeds in {allowed:?}, expected {count} (verdicts {got:?})")
            })
        }
        RnnCheck::EverySeed(q, lo, hi) => {
            let v = values(q);
            (!v.iter().all(|x| (lo..=hi).contains(x)))
                .then(|| format!("{id}: {q:?} per seed {v:.4?}, expected each in {lo}..={hi}"))
        }
        RnnCheck::Median(q, lo, hi) | RnnCheck::MedianWithin(q, lo, hi) => {
            let v = values(q);
            let m = median(v.clone());
            (!(lo..=hi).contains(&m)).then(|| {
                format!("{id}: median {q:?} = {m:.4} (seeds {v:.3?}), expected {lo}..={hi}")
            })
        }
        RnnCheck::SeedBand { p10, p90, of } => {
            let v = values(of);
            let (lo, hi) = (percentile(v.clone(), 0.1), percentile(v.clone(), 0.9));
            let ok = (p10.0..=p10.1).contains(&lo) && (p90.0..=p90.1).contains(&hi);
            (!ok).then(|| {
                format!("{id}: {of:?} p10 {lo:.3}, p90 {hi:.3} (seeds {v:.3?}), expected p10 in {p10:?}, p90 in {p90:?}")
            })
        }
    }
}

/// Whether the long latching checks run (`GFE_FULL_CLAIMS=1`).
pub fn full_claims() -> bool {
    std::env::var("GFE_FULL_CLAIMS").is_ok_and(|v| v == "1")
}

/// One seed of a latching claim: log10 ‖∂L_test/∂h₁‖ before training, and (trained runs only)
/// the final test accuracy and whether it reached [`LEARNT`].
struct LatchingSeed {
    h1_grad_log10: f64,
    final_accuracy: f64,
    learnt: bool,
    /// The first evaluated step with accuracy ≥ 0.9 (∞ for never).
    steps_to_learnt: f64,
}

fn run_latching(claim: &LatchingClaim, seed: u64, train: bool) -> Result<LatchingSeed, String> {
    let cfg = crate::sim::recurrent::LatchingConfig {
        seed,
        train_steps: if train { claim.task.train_steps } else { 0 },
        ..claim.task
    };
    let last = cfg.train_steps;
    let run = train_latching(&cfg, &[0, last]).map_err(|e| e.to_string())?;
    let first = run.records.first().ok_or("no record")?;
    let end = run.records.last().ok_or("no record")?;
    Ok(LatchingSeed {
        h1_grad_log10: first.h1_grad_norm.log10(),
        final_accuracy: end.test_accuracy,
        learnt: train && run.steps_to_learnt.is_some_and(|s| s <= last),
        steps_to_learnt: run
            .steps_to_learnt
            .filter(|_| train)
            .map_or(f64::INFINITY, |s| s as f64),
    })
}

/// Whether a check needs trained runs.
fn needs_training(c: &LatchingCheck) -> bool {
    let q = match *c {
        LatchingCheck::Median(q, ..) | LatchingCheck::MedianWithin(q, ..) => q,
        LatchingCheck::SeedBand { of, .. } => of,
        LatchingCheck::SeedsLearnt(_) | LatchingCheck::MedianStepsToLearnt(..) => return true,
    };
    q != LatchingQuantity::H1GradLog10AtStart
}

/// Checks the claim over [`SEEDS`] seeds: the checks before training always, the trained ones
/// only when `train` (each seed then trains `task.train_steps` steps). Returns the failures.
pub fn check_latching_claim(claim: &LatchingClaim, train: bool) -> Vec<String> {
    let id = claim.id;
    let train = train && claim.checks.iter().any(needs_training);
    let mut seeds = Vec::new();
    for seed in 0..SEEDS {
        match run_latching(claim, seed, train) {
            Ok(s) => seeds.push(s),
            Err(e) => return vec![format!("{id}: {e}")],
        }
    }
    let values = |q: LatchingQuantity| -> Vec<f64> {
        seeds
            .iter()
            .map(|s| match q {
                LatchingQuantity::H1GradLog10AtStart => s.h1_grad_log10,
                LatchingQuantity::FinalAccuracy => s.final_accuracy,
            })
            .collect()
    };
    claim
        .checks
        .iter()
        .filter(|c| train || !needs_training(c))
        .filter_map(|c| match *c {
            LatchingCheck::Median(q, lo, hi) | LatchingCheck::MedianWithin(q, lo, hi) => {
                let v = values(q);
                let m = median(v.clone());
                (!(lo..=hi).contains(&m)).then(|| {
                    format!("{id}: median {q:?} = {m:.4} (seeds {v:.3?}), expected {lo}..={hi}")
                })
            }
            LatchingCheck::SeedBand { p10, p90, of } => {
                let v = values(of);
                let (lo, hi) = (percentile(v.clone(), 0.1), percentile(v.clone(), 0.9));
                let ok = (p10.0..=p10.1).contains(&lo) && (p90.0..=p90.1).contains(&hi);
                (!ok).then(|| {
                    format!("{id}: {of:?} p10 {lo:.3}, p90 {hi:.3} (seeds {v:.3?}), expected p10 in {p10:?}, p90 in {p90:?}")
                })
            }
            LatchingCheck::MedianStepsToLearnt(lo, hi) => {
                let v: Vec<f64> = seeds.iter().map(|s| s.steps_to_learnt).collect();
                let m = median(v.clone());
                (!(lo..=hi).contains(&m)).then(|| {
                    format!("{id}: median steps to {LEARNT} = {m} (seeds {v:?}), expected {lo}..={hi}")
                })
            }
            LatchingCheck::SeedsLearnt(n) => {
                let got = seeds.iter().filter(|s| s.learnt).count() as u64;
                (got != n).then(|| {
                    format!("{id}: {got} of {SEEDS} seeds reached {LEARNT}, expected {n}")
                })
            }
        })
        .collect()
}
