//! Checking a training preset's promised outcomes ([`Expect`]) by training it: seeds
//! 0..[`PRESET_CHECK_SEEDS`], each measured on the full sets at every step an expectation
//! names, medians over the seeds. Used by `tests/train_presets.rs`; the lessons' training
//! claims point at these same expectations (`lessons::train_claims`).

use super::presets::{Expect, TrainPreset, PRESET_CHECK_SEEDS};
use super::trainer::{Measurement, Trainer};

/// One seed's run: the measurement at each step some expectation names (step 0 included),
/// and the first hidden layer's update-to-weight ratio of the step that reached it.
pub struct SeedRun {
    pub measured: Vec<(Measurement, Option<f64>)>,
}

impl SeedRun {
    pub fn train(p: &TrainPreset, seed: u64) -> Result<SeedRun, String> {
        let mut steps: Vec<usize> = p.expected.iter().map(Expect::step).collect();
        steps.push(0);
        steps.sort_unstable();
        steps.dedup();
        let mut t = Trainer::new(&p.config(seed)).map_err(|e| format!("{}: {e}", p.id))?;
        let mut measured = Vec::new();
        let mut ratio = None;
        for s in steps {
            while t.steps_done() < s {
                ratio = t.step().update_ratio.first().copied();
            }
            measured.push((t.measure(), ratio.filter(|_| s > 0)));
        }
        Ok(SeedRun { measured })
    }

    fn at(&self, step: usize) -> Option<&(Measurement, Option<f64>)> {
        self.measured.iter().find(|(m, _)| m.step == step)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Each seed's value of `f` at `step` (NaN where the step was not measured).
fn values(runs: &[SeedRun], step: usize, f: impl Fn(&Measurement, Option<f64>) -> f64) -> Vec<f64> {
    runs.iter()
        .map(|r| r.at(step).map_or(f64::NAN, |(m, ratio)| f(m, *ratio)))
        .collect()
}

/// `None` when `e` holds for these runs, otherwise what was seen instead.
pub fn check(e: &Expect, runs: &[SeedRun]) -> Option<String> {
    let seen = match *e {
        Expect::AccuracyAtLeast { step, min } => {
            let m = median(values(runs, step, |m, _| m.train_accuracy));
            (m < min).then(|| format!("median training accuracy {m}"))
        }
        Expect::AccuracyAtMost { step, max } => {
            let m = median(values(runs, step, |m, _| m.train_accuracy));
            (m.is_nan() || m > max).then(|| format!("median training accuracy {m}"))
        }
        Expect::Overflows { step } => {
            let losses = values(runs, step, |m, _| m.loss);
            losses
                .iter()
                .any(|l| l.is_finite())
                .then(|| format!("losses {losses:?}"))
        }
        Expect::StaysFinite { step } => {
            let mut all = runs
                .iter()
                .flat_map(|r| &r.measured)
                .filter(|(m, _)| m.step <= step);
            all.any(|(m, _)| !m.loss.is_finite())
                .then(|| "a non-finite loss".to_string())
        }
        Expect::FirstLayerBelowLast { step, decades } => {
            let gap = median(values(runs, step, |m, _| {
                let g = &m.weight_grad_norm;
                g.last()
                    .map_or(f64::NAN, |last| last.log10() - g[0].log10())
            }));
            (gap.is_nan() || gap < decades).then(|| format!("median gap {gap} decades"))
        }
        Expect::FirstLayerRatioWithin { step, lo, hi } => {
            let r = median(values(runs, step, |_, ratio| ratio.unwrap_or(f64::NAN)));
            (r.is_nan() || r < lo || r > hi).then(|| format!("median ratio {r:e}"))
        }
        Expect::FirstLayerGradWithin { step, lo, hi } => {
            let g = median(values(runs, step, |m, _| {
                m.weight_grad_norm.first().copied().unwrap_or(f64::NAN)
            }));
            (g.is_nan() || g < lo || g > hi).then(|| format!("median gradient {g:e}"))
        }
        Expect::OutputSpreadBelow { step, max } => {
            let s = median(values(runs, step, |m, _| m.output_spread));
            (s.is_nan() || s >= max).then(|| format!("median output spread {s:e}"))
        }
        Expect::LossWithin { step, lo, hi } => {
            let l = median(values(runs, step, |m, _| m.loss));
            (l.is_nan() || l < lo || l > hi).then(|| format!("median loss {l}"))
        }
    };
    seen
}

/// Trains `p` and returns every expectation that failed, with what was seen.
pub fn check_preset(p: &TrainPreset) -> Vec<String> {
    let runs: Result<Vec<SeedRun>, String> = (0..PRESET_CHECK_SEEDS)
        .map(|s| SeedRun::train(p, s))
        .collect();
    match runs {
        Err(e) => vec![e],
        Ok(runs) => p
            .expected
            .iter()
            .filter_map(|e| check(e, &runs).map(|seen| format!("{}: {e:?}: {seen}", p.id)))
            .collect(),
    }
}
