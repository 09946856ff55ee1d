//! The number-formats lesson's statements about training in a format: each takes a training
//! preset's network, data and optimizer, runs it in its format and loss scale for seeds
//! 0..[`SEEDS`], and checks what the full-set measurements show at the steps it names.
//! `tests/lessons_precision.rs` trains each one; `tests/lessons_claims.rs` counts their quotes
//! when it scans the prose.

use super::claim_check::median;
use super::claims::SEEDS;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::train::presets::find_train_preset;
use crate::train::{Measurement, TrainConfig, Trainer};

/// What a check reads from one seed's full-set measurement at a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TrainQuantity {
    Accuracy {
        step: usize,
    },
    /// ‖∂L/∂W_1‖ of the first hidden layer (unscaled).
    FirstLayerGrad {
        step: usize,
    },
    /// log2 of the loss scale after `step` steps.
    ScaleLog2 {
        step: usize,
    },
    /// Steps a dynamic scale skipped up to `step`.
    SkippedSteps {
        step: usize,
    },
    /// How many hidden layers, counted from the first, have a weight gradient of exactly 0.
    FirstLayersZero {
        step: usize,
    },
    /// How many hidden layers, wherever they are, have a weight gradient of exactly 0.
    ZeroLayers {
        step: usize,
    },
}

impl TrainQuantity {
    fn step(self) -> usize {
        match self {
            TrainQuantity::Accuracy { step }
            | TrainQuantity::FirstLayerGrad { step }
            | TrainQuantity::ScaleLog2 { step }
            | TrainQuantity::SkippedSteps { step }
            | TrainQuantity::FirstLayersZero { step }
            | TrainQuantity::ZeroLayers { step } => step,
        }
    }

    fn read(self, m: &Measurement) -> f64 {
        match self {
            TrainQuantity::Accuracy { .. } => m.train_accuracy,
            TrainQuantity::FirstLayerGrad { .. } => {
                m.weight_grad_norm.first().copied().unwrap_or(f64::NAN)
            }
            TrainQuantity::ScaleLog2 { .. } => f64::from(m.scale_log2),
            TrainQuantity::SkippedSteps { .. } => m.skipped_steps as f64,
            TrainQuantity::FirstLayersZero { .. } => {
                m.weight_grad_norm.iter().take_while(|g| **g == 0.0).count() as f64
            }
            TrainQuantity::ZeroLayers { .. } => {
                m.weight_grad_norm.iter().filter(|g| **g == 0.0).count() as f64
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TrainCheck {
    /// Every seed's value lies in `lo..=hi`.
    EverySeed(TrainQuantity, f64, f64),
    /// Exactly `count` seeds have a value in `lo..=hi`.
    SeedCount(TrainQuantity, f64, f64, u64),
    /// The median lies in `lo..=hi`.
    Median(TrainQuantity, f64, f64),
}

impl TrainCheck {
    fn quantity(self) -> TrainQuantity {
        match self {
            TrainCheck::EverySeed(q, ..)
            | TrainCheck::SeedCount(q, ..)
            | TrainCheck::Median(q, ..) => q,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrecisionTrainClaim {
    pub id: &'static str,
    /// The training preset whose network, data, optimizer and learning rate it runs.
    pub preset: &'static str,
    pub mixed: MixedPrecision,
    pub checks: &'static [TrainCheck],
    pub cited: &'static [(&'static str, &'static str)],
}

impl PrecisionTrainClaim {
    /// The run at `seed`: the preset's, in the claim's format (growth interval 2000).
    pub fn config(&self, seed: u64) -> Option<TrainConfig> {
        let p = find_train_preset(self.preset)?;
        Some(TrainConfig {
            mixed: self.mixed,
            ..p.config(seed)
        })
    }
}

/// One seed: the measurement at every step a check names, in step order.
fn train_seed(claim: &PrecisionTrainClaim, seed: u64) -> Result<Vec<Measurement>, String> {
    let cfg = claim.config(seed);
    let cfg = cfg.ok_or_else(|| format!("{}: no training preset {}", claim.id, claim.preset))?;
    let mut t = Trainer::new(&cfg).map_err(|e| format!("{}: {e}", claim.id))?;
    let mut steps: Vec<usize> = claim.checks.iter().map(|c| c.quantity().step()).collect();
    steps.sort_unstable();
    steps.dedup();
    let mut out = Vec::new();
    for s in steps {
        while t.steps_done() < s {
            t.step();
        }
        out.push(t.measure());
    }
    Ok(out)
}

/// Trains the claim with seeds `0..SEEDS` and returns every failed check, described.
pub fn check_precision_train_claim(claim: &PrecisionTrainClaim) -> Vec<String> {
    let runs: Result<Vec<Vec<Measurement>>, String> =
        (0..SEEDS).map(|s| train_seed(claim, s)).collect();
    let runs = match runs {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let values = |q: TrainQuantity| -> Vec<f64> {
        let at =
            |run: &Vec<Measurement>| run.iter().find(|m| m.step == q.step()).map(|m| q.read(m));
        runs.iter().map(|r| at(r).unwrap_or(f64::NAN)).collect()
    };
    let id = claim.id;
    let failed = |c: &TrainCheck| match *c {
        TrainCheck::EverySeed(q, lo, hi) => {
            let v = values(q);
            (!v.iter().all(|x| (lo..=hi).contains(x)))
                .then(|| format!("{id}: {q:?} per seed {v:.4?}, expected each in {lo}..={hi}"))
        }
        TrainCheck::SeedCount(q, lo, hi, count) => {
            let v = values(q);
            let n = v.iter().filter(|x| (lo..=hi).contains(*x)).count() as u64;
            (n != count).then(|| {
                format!("{id}: {n} seeds with {q:?} in {lo}..={hi}, expected {count} ({v:.4?})")
            })
        }
        TrainCheck::Median(q, lo, hi) => {
            let v = values(q);
            let m = median(v.clone());
            (!(lo..=hi).contains(&m))
                .then(|| format!("{id}: median {q:?} = {m:.4} ({v:.4?}), expected {lo}..={hi}"))
        }
    };
    claim.checks.iter().filter_map(failed).collect()
}

const LESSON: &str = "lesson:number-formats";

const fn float16(loss_scale: LossScale) -> MixedPrecision {
    MixedPrecision {
        precision: Precision::Float16,
        loss_scale,
    }
}

use TrainCheck::EverySeed;
use TrainQuantity::{FirstLayerGrad, FirstLayersZero, ScaleLog2, ZeroLayers};

pub const PRECISION_TRAIN_CLAIMS: &[PrecisionTrainClaim] = &[
    PrecisionTrainClaim {
        id: "train-deep-sigmoid-float16-unscaled",
        preset: "train-deep-sigmoid",
        mixed: float16(LossScale::None),
        checks: &[
            EverySeed(FirstLayerGrad { step: 0 }, 0.0, 0.0),
            EverySeed(FirstLayersZero { step: 0 }, 3.0, 3.0),
        ],
        cited: &[(
            LESSON,
            "In float16 without a loss scale the weight gradients of its first three hidden \
             layers are exactly 0 at the start in all 20 seeds",
        )],
    },
    PrecisionTrainClaim {
        id: "train-deep-sigmoid-float16-dynamic",
        preset: "train-deep-sigmoid",
        mixed: float16(LossScale::Dynamic),
        checks: &[
            EverySeed(ZeroLayers { step: 0 }, 0.0, 0.0),
            EverySeed(FirstLayerGrad { step: 0 }, f64::MIN_POSITIVE, f64::INFINITY),
            EverySeed(ScaleLog2 { step: 0 }, 16.0, 16.0),
        ],
        cited: &[(
            LESSON,
            "with a dynamic scale (still $2^{16}$ there) every hidden layer's is non-zero again in \
             all 20",
        )],
    },
];
