//! Every change to the training settings, as a value (the sibling of `edit` for the training
//! panel). `apply` is pure and total: any value is clamped to what the controls offer (NaN
//! keeps the current value), so no input can make it panic or leave the panel unable to show
//! a setting. The network itself comes from the explorer's `Config`: `train_config` joins both.

use crate::page::edit::Edit;
use crate::page::train::precision::offered_loss_scale;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::Config;
use crate::train::presets::TrainPreset;
use crate::train::{Dataset, Optimizer, TrainConfig};

/// Which panel the page shows beside the explorer's controls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Explore,
    Train,
}

/// Learning rates the log slider offers: 10^LR_LOG10_MIN ..= 10^LR_LOG10_MAX.
pub const LR_LOG10_MIN: f64 = -4.0;
pub const LR_LOG10_MAX: f64 = 1.0;
pub const NOISE_MAX: f64 = 1.0;
pub const MOMENTUM_MAX: f64 = 0.99;
pub const CLIP_MIN: f64 = 0.01;
pub const CLIP_MAX: f64 = 100.0;
/// The value the clipping control proposes when it is switched on.
pub const CLIP_DEFAULT: f64 = 1.0;
/// How long a run the page plays at most.
pub const STEPS_MAX: usize = 100_000;

/// The longest growth interval the `growth-interval` field accepts (the page's longest run).
pub const GROWTH_INTERVAL_MAX: usize = STEPS_MAX;

/// The training panel's own settings (the network is the explorer's).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainSettings {
    pub data: Dataset,
    pub noise: f64,
    pub optimizer: Optimizer,
    pub lr: f64,
    pub momentum: f64,
    pub clip: Option<f64>,
    pub steps: usize,
    /// The number format and loss scale (`--precision`, `--loss-scale`): float32 by default.
    pub mixed: MixedPrecision,
    /// Clean steps before a dynamic loss scale doubles (`--growth-interval`).
    pub growth_interval: usize,
}

impl Default for TrainSettings {
    fn default() -> Self {
        let d = TrainConfig::default();
        TrainSettings {
            data: d.data,
            noise: d.noise,
            optimizer: d.optimizer,
            lr: d.lr,
            momentum: d.momentum,
            clip: d.clip,
            steps: d.steps,
            mixed: d.mixed,
            growth_interval: d.growth_interval,
        }
    }
}

/// One change a user can make to the training settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TrainEdit {
    Data(Dataset),
    /// Clamped to [0, `NOISE_MAX`], rounded to 0.001.
    Noise(f64),
    Optimizer(Optimizer),
    /// Clamped to the log slider's range, rounded to 3 significant digits.
    Lr(f64),
    /// Clamped to [0, `MOMENTUM_MAX`], rounded to 0.001.
    Momentum(f64),
    /// Off, or a global-norm limit clamped to [`CLIP_MIN`, `CLIP_MAX`] (3 significant digits).
    Clip(Option<f64>),
    /// Clamped to 1..=`STEPS_MAX`.
    Steps(usize),
    Precision(Precision),
    /// A static power of two snaps to the nearest one the control offers
    /// (`precision::LOSS_SCALE_POWERS`).
    LossScale(LossScale),
    /// Clamped to 1..=`GROWTH_INTERVAL_MAX`.
    GrowthInterval(usize),
}

/// The settings after `edit`.
pub fn apply(s: &TrainSettings, edit: &TrainEdit) -> TrainSettings {
    let mut next = s.clone();
    match *edit {
        TrainEdit::Data(d) => next.data = d,
        TrainEdit::Noise(v) => next.noise = clamp_round(v, 0.0, NOISE_MAX, s.noise, decimals3),
        TrainEdit::Optimizer(o) => next.optimizer = o,
        TrainEdit::Lr(v) => {
            let (lo, hi) = (10f64.powf(LR_LOG10_MIN), 10f64.powf(LR_LOG10_MAX));
            next.lr = clamp_round(v, lo, hi, s.lr, significant3);
        }
        TrainEdit::Momentum(v) => {
            next.momentum = clamp_round(v, 0.0, MOMENTUM_MAX, s.momentum, decimals3)
        }
        TrainEdit::Clip(None) => next.clip = None,
        TrainEdit::Clip(Some(v)) => {
            let keep = s.clip.unwrap_or(CLIP_DEFAULT);
            next.clip = Some(clamp_round(v, CLIP_MIN, CLIP_MAX, keep, significant3));
        }
        TrainEdit::Steps(n) => next.steps = n.clamp(1, STEPS_MAX),
        TrainEdit::Precision(p) => next.mixed.precision = p,
        TrainEdit::LossScale(l) => next.mixed.loss_scale = offered_loss_scale(l),
        TrainEdit::GrowthInterval(n) => next.growth_interval = n.clamp(1, GROWTH_INTERVAL_MAX),
    }
    next
}

/// The run the page trains: the explorer's network with the panel's settings.
pub fn train_config(cfg: &Config, s: &TrainSettings) -> TrainConfig {
    TrainConfig {
        net: cfg.net,
        data: s.data,
        noise: s.noise,
        optimizer: s.optimizer,
        lr: s.lr,
        momentum: s.momentum,
        clip: s.clip,
        steps: s.steps,
        seed: cfg.seed,
        mixed: s.mixed,
        growth_interval: s.growth_interval,
    }
}

/// `v` rounded, then clamped to [lo, hi]; NaN keeps `keep`.
fn clamp_round(v: f64, lo: f64, hi: f64, keep: f64, round: fn(f64) -> f64) -> f64 {
    if v.is_nan() {
        return keep;
    }
    round(v.clamp(lo, hi)).clamp(lo, hi)
}

fn decimals3(v: f64) -> f64 {
    libm::round(v * 1000.0) / 1000.0
}

/// Three significant digits (for values > 0), so a log slider gives short, exact links.
fn significant3(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(2 - libm::floor(libm::log10(v)) as i32);
    libm::round(v * scale) / scale
}

/// A training preset as edits: the explorer's network (`Edit`s) and the panel's settings
/// (`TrainEdit`s, noise 0.05 and no momentum as the preset's runs use). Applying both to any
/// state gives the preset's run at that state's seed.
pub fn preset_edits(p: &TrainPreset) -> (Vec<Edit>, Vec<TrainEdit>) {
    let network = vec![
        Edit::Activation(p.net.activation),
        Edit::Init(p.net.init),
        Edit::Depth(p.net.depth),
        Edit::Width(p.net.width),
        Edit::Residual(p.net.residual),
        Edit::Norm(p.net.norm),
    ];
    let run = p.config(0);
    let settings = vec![
        TrainEdit::Data(run.data),
        TrainEdit::Noise(run.noise),
        TrainEdit::Optimizer(run.optimizer),
        TrainEdit::Lr(run.lr),
        TrainEdit::Momentum(run.momentum),
        TrainEdit::Clip(run.clip),
        TrainEdit::Steps(run.steps),
        TrainEdit::Precision(run.mixed.precision),
        TrainEdit::LossScale(run.mixed.loss_scale),
        TrainEdit::GrowthInterval(run.growth_interval),
    ];
    (network, settings)
}
