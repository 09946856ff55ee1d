//! A recurrent network over several seeds: per-step p10 / p50 / p90, the weight gradients,
//! the loss and the summary (what the CLI prints and the page will draw).

use serde::{Deserialize, Serialize};

use super::config::{RnnConfig, RnnConfigError};
use super::draws::Draws;
use super::mixed::simulate_rnn_mixed;
use super::pass::Workspace;
use super::run::{
    simulate_rnn_first_look, simulate_rnn_with, HiddenDensity, RnnRun, WeightGradNorms,
};
use super::summary::{consensus, diagnose, memory_horizon};
use crate::sim::mixed::{median_fractions, GradFractions, MixedPrecision, MixedRun};
use crate::sim::numeric::Float32;
use crate::sim::report::{Diagnosis, Percentiles};
use crate::sim::seeds::percentiles;

/// One step over seeds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepSpread {
    pub t: usize,
    pub hidden_grad_norm: Percentiles,
    /// LSTM only.
    pub cell_grad_norm: Option<Percentiles>,
    pub hidden_std: Percentiles,
    /// Medians over seeds of ∂L/∂h_t's fractions (a mixed-precision run only).
    #[serde(default)]
    pub grad_fractions: Option<GradFractions>,
}

/// The headline numbers over seeds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RnnSummary {
    /// Medians over seeds of ‖∂L/∂h_1‖, ‖∂L/∂h_T‖ and of their per-seed ratio.
    pub first_step_grad: f64,
    pub last_step_grad: f64,
    pub ratio: f64,
    /// The most frequent per-seed verdict (`summary::diagnose`).
    pub diagnosis: Diagnosis,
    /// `summary::memory_horizon` of the median ‖∂L/∂h_t‖ curve.
    pub memory_horizon: usize,
}

/// The same recurrent network run with seeds `seed, seed+1, …`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RnnSpread {
    pub config: RnnConfig,
    pub seeds: usize,
    pub loss: Percentiles,
    pub steps: Vec<StepSpread>,
    /// `None` when some seed's were not formed (a first look).
    pub weight_grad_recurrent: Option<Percentiles>,
    pub weight_grad_input: Option<Percentiles>,
    pub summary: RnnSummary,
    /// The first seed's hidden states per step (`hidden[t − 1]` is h_t): a picture of one
    /// network, not a statistic over seeds.
    #[serde(default)]
    pub hidden: Vec<HiddenDensity>,
    /// The format and the requested scale (a mixed-precision run only), and per seed the log2
    /// of the scale its pass reached.
    #[serde(default)]
    pub mixed: Option<MixedRun>,
    #[serde(default)]
    pub scale_log2: Vec<i32>,
}

/// Runs seeds `cfg.seed … cfg.seed + k − 1` (wrapping; k = 0 is treated as 1).
pub fn simulate_rnn_seeds(cfg: &RnnConfig, k: usize) -> Result<Vec<RnnRun>, RnnConfigError> {
    simulate_rnn_seeds_mixed(cfg, k, &MixedPrecision::default())
}

/// `simulate_rnn_seeds` in `mixed`'s number format (float32 without a scale: the same runs).
pub fn simulate_rnn_seeds_mixed(
    cfg: &RnnConfig,
    k: usize,
    mixed: &MixedPrecision,
) -> Result<Vec<RnnRun>, RnnConfigError> {
    simulate_rnn_seeds_in(cfg, (k, mixed), &mut Workspace::default())
}

/// `simulate_rnn_seeds_mixed` in `ws`'s buffers (the worker's, which its first looks reuse).
pub fn simulate_rnn_seeds_in(
    cfg: &RnnConfig,
    (k, mixed): (usize, &MixedPrecision),
    ws: &mut Workspace,
) -> Result<Vec<RnnRun>, RnnConfigError> {
    cfg.validate()?;
    (0..k.max(1) as u64)
        .map(|i| {
            let c = RnnConfig {
                seed: cfg.seed.wrapping_add(i),
                ..cfg.clone()
            };
            match mixed.is_float32() {
                true => simulate_rnn_with(&c, ws, &Float32),
                false => simulate_rnn_mixed(&c, ws, mixed),
            }
        })
        .collect()
}

/// The first look at `cfg`'s first seed (`simulate_rnn_first_look`, reusing `ws` and keeping
/// `draws`) in float32; in another format, its whole run (the loss scale's search needs the
/// weight gradients).
pub fn first_look_mixed(
    cfg: &RnnConfig,
    mixed: &MixedPrecision,
    (ws, draws): (&mut Workspace, &mut Draws),
) -> Result<Vec<RnnRun>, RnnConfigError> {
    if mixed.is_float32() {
        let run = simulate_rnn_first_look(cfg, ws, draws)?;
        return Ok(vec![run]);
    }
    simulate_rnn_seeds_in(cfg, (1, mixed), ws)
}

/// Percentiles over runs of one config (at least one run).
pub fn spread(runs: &[RnnRun]) -> Option<RnnSpread> {
    let first = runs.first()?;
    let col = |f: &dyn Fn(&RnnRun) -> f64| percentiles(runs.iter().map(f));
    let weight_col = |f: &dyn Fn(&WeightGradNorms) -> f64| {
        let norms: Option<Vec<f64>> = runs
            .iter()
            .map(|r| r.weight_grad_norm.map(|w| f(&w)))
            .collect();
        norms.map(|v| percentiles(v.into_iter()))
    };
    let steps: Vec<StepSpread> = (0..first.steps.len())
        .map(|i| StepSpread {
            t: i + 1,
            hidden_grad_norm: col(&|r| r.steps[i].hidden_grad_norm),
            cell_grad_norm: first.steps[i]
                .cell_grad_norm
                .map(|_| col(&|r| r.steps[i].cell_grad_norm.unwrap_or(f64::NAN))),
            hidden_std: col(&|r| r.steps[i].hidden_std),
            grad_fractions: fraction_medians(runs, i),
        })
        .collect();
    let grad = |r: &RnnRun, i: usize| r.steps.get(i).map_or(f64::NAN, |s| s.hidden_grad_norm);
    let last = first.steps.len().saturating_sub(1);
    let median_curve: Vec<f64> = steps.iter().map(|s| s.hidden_grad_norm.p50).collect();
    let verdicts: Vec<Diagnosis> = runs.iter().map(diagnose).collect();
    let summary = RnnSummary {
        first_step_grad: col(&|r| grad(r, 0)).p50,
        last_step_grad: col(&|r| grad(r, last)).p50,
        ratio: col(&|r| grad(r, 0) / grad(r, last)).p50,
        diagnosis: consensus(&verdicts),
        memory_horizon: memory_horizon(&median_curve),
    };
    Some(RnnSpread {
        config: first.config.clone(),
        seeds: runs.len(),
        loss: col(&|r| r.loss),
        steps,
        weight_grad_recurrent: weight_col(&|w| w.recurrent),
        weight_grad_input: weight_col(&|w| w.input),
        summary,
        hidden: first.hidden.clone(),
        mixed: first.mixed,
        scale_log2: runs
            .iter()
            .filter_map(|r| r.mixed.map(|m| m.scale_log2))
            .collect(),
    })
}

/// Step i's fraction medians over the runs that have them.
fn fraction_medians(runs: &[RnnRun], i: usize) -> Option<GradFractions> {
    let per_seed: Vec<GradFractions> = runs
        .iter()
        .filter_map(|r| r.steps.get(i).and_then(|s| s.grad_fractions))
        .collect();
    (!per_seed.is_empty()).then(|| median_fractions(&per_seed))
}
