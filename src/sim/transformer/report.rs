//! What the explorer and the CLI show of a stack: per block, over seeds, p10/p50/p90 of the
//! stream gradient ‖∂L/∂x_{l−1}‖, the stream's std(x_l) and the six ‖∂L/∂W‖; and the verdict.
//!
//! The verdict reuses the MLP explorer's thresholds (`diagnosis.rs`): a stream gradient that
//! changes by more than 1.5 decades between block 1 and block L (`VANISHING_RATIO`,
//! `EXPLODING_RATIO`) makes the first block learn ~30× slower or faster than the last, and a
//! weight gradient above `EXPLODING_WEIGHT_GRAD` moves weights far beyond their scale in one
//! step. It judges the stream gradient, not the weight gradients: the stream is what carries
//! back-propagation from block to block (the skip path), and the weight gradients can be
//! exactly 0 by design (ReZero at a = 0, whose gates still get a gradient), which is not a
//! vanishing gradient. The first-layer `VANISHING_WEIGHT_GRAD` rule is left out for that reason.

use serde::{Deserialize, Serialize};

use super::block::BlockParams;
use super::config::{TransformerConfig, TransformerConfigError};
use super::pass::{Stack, StackObserver, StackWorkspace};
use crate::sim::diagnosis::{EXPLODING_RATIO, EXPLODING_WEIGHT_GRAD, VANISHING_RATIO};
use crate::sim::mixed::median_fractions;
use crate::sim::numeric::Float32;
use crate::sim::precision::{GradFractions, MixedRun};
use crate::sim::report::{Diagnosis, Percentiles};
use crate::sim::seeds::percentiles;
use crate::sim::stats::{frobenius, population_std};

/// One value per weight matrix of a block, in the order and JSON names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PerWeight<T> {
    pub w_q: T,
    pub w_k: T,
    pub w_v: T,
    pub w_o: T,
    pub w_1: T,
    pub w_2: T,
}

impl<T: Copy> PerWeight<T> {
    pub fn to_array(self) -> [T; 6] {
        [self.w_q, self.w_k, self.w_v, self.w_o, self.w_1, self.w_2]
    }

    pub fn from_fn(mut f: impl FnMut(usize) -> T) -> PerWeight<T> {
        PerWeight {
            w_q: f(0),
            w_k: f(1),
            w_v: f(2),
            w_o: f(3),
            w_1: f(4),
            w_2: f(5),
        }
    }
}

/// The JSON names of the six weights, in `PerWeight::to_array` order.
pub const WEIGHT_NAMES: [&str; 6] = ["w_q", "w_k", "w_v", "w_o", "w_1", "w_2"];

/// One seed's measurements of one block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BlockMeasure {
    /// ‖∂L/∂x_{l−1}‖_F.
    pub stream_grad_norm: f64,
    /// Population std of x_l over B·T·d.
    pub stream_std: f64,
    pub weight_grad_norm: PerWeight<f64>,
    /// ReZero's |∂L/∂a| of the attention and MLP gates (0 elsewhere).
    pub gate_grad: [f64; 2],
    /// Where the stream gradient's entries sit in the number format (mixed precision only).
    pub grad_fractions: Option<GradFractions>,
}

/// One seed's pass.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedRun {
    pub loss: f64,
    pub blocks: Vec<BlockMeasure>,
    /// The format and loss scale of a mixed-precision run (`None`: float32).
    pub mixed: Option<MixedRun>,
}

/// Collects the measurements as the pass reports its blocks.
struct Recorder(Vec<BlockMeasure>);

impl StackObserver for Recorder {
    fn forward(&mut self, block: usize, x_out: &[f32]) {
        self.0[block - 1].stream_std = population_std(x_out);
    }

    fn backward(&mut self, block: usize, stream_grad: &[f32], g: &BlockParams) {
        let m = &mut self.0[block - 1];
        m.stream_grad_norm = frobenius(stream_grad);
        let (a, f) = (&g.attn, &g.mlp);
        let all = [&a.w_q, &a.w_k, &a.w_v, &a.w_o, &f.w_1, &f.w_2];
        m.weight_grad_norm = PerWeight::from_fn(|i| frobenius(all[i]));
        m.gate_grad = [g.gate_attn.abs() as f64, g.gate_mlp.abs() as f64];
    }
}

/// Runs seeds `cfg.seed, cfg.seed + 1, …` (k of them, at least 1), one pass each.
pub fn run_seeds(
    cfg: &TransformerConfig,
    k: usize,
) -> Result<Vec<SeedRun>, TransformerConfigError> {
    over_seeds(cfg, k, |stack, ws| {
        let mut rec = Recorder(vec![BlockMeasure::default(); stack.blocks.len()]);
        let loss = stack.run(ws, &mut rec, &Float32);
        SeedRun {
            loss,
            blocks: rec.0,
            mixed: None,
        }
    })
}

/// Samples the stacks of seeds `cfg.seed, …` (k of them, at least 1) and runs `run` on each,
/// with one workspace for all (every seed's pass, float32 or in a format, goes through here).
pub fn over_seeds(
    cfg: &TransformerConfig,
    k: usize,
    mut run: impl FnMut(&Stack, &mut StackWorkspace) -> SeedRun,
) -> Result<Vec<SeedRun>, TransformerConfigError> {
    cfg.validate()?;
    let mut ws = StackWorkspace::default();
    ws.one_grad_buffer = true;
    (0..k.max(1) as u64)
        .map(|i| {
            let c = TransformerConfig {
                seed: cfg.seed.wrapping_add(i),
                ..cfg.clone()
            };
            Ok(run(&Stack::sample(&c)?, &mut ws))
        })
        .collect()
}

/// One block over seeds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockSpread {
    pub block: usize,
    pub stream_grad_norm: Percentiles,
    pub stream_std: Percentiles,
    pub weight_grad_norm: PerWeight<Percentiles>,
    /// ReZero's gate gradients |∂L/∂a| (attention, MLP).
    pub gate_grad: [Percentiles; 2],
    /// Medians over seeds of the stream gradient's fractions (mixed precision only).
    #[serde(default)]
    pub grad_fractions: Option<GradFractions>,
}

/// The headline: the stream gradient at block 1 and at block L (medians), their ratio and
/// the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackSummary {
    pub first_block_grad: f64,
    pub last_block_grad: f64,
    pub ratio: f64,
    pub diagnosis: Diagnosis,
}

/// Everything a transformer run over seeds produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackReport {
    pub config: TransformerConfig,
    pub seeds: usize,
    pub loss: Percentiles,
    pub blocks: Vec<BlockSpread>,
    pub summary: StackSummary,
    /// The format and requested scale (mixed precision only), and per seed the log2 of the
    /// scale its pass reached.
    #[serde(default)]
    pub mixed: Option<MixedRun>,
    #[serde(default)]
    pub scale_log2: Vec<i32>,
}

/// The report of `k` seeds of `cfg`.
pub fn simulate_transformer(
    cfg: &TransformerConfig,
    k: usize,
) -> Result<StackReport, TransformerConfigError> {
    let runs = run_seeds(cfg, k)?;
    Ok(stack_report(cfg, &runs))
}

/// Percentiles over seeds and the verdict.
pub fn stack_report(cfg: &TransformerConfig, runs: &[SeedRun]) -> StackReport {
    let depth = runs.first().map_or(0, |r| r.blocks.len());
    let blocks: Vec<BlockSpread> = (0..depth)
        .map(|l| {
            let col = |f: &dyn Fn(&BlockMeasure) -> f64| {
                percentiles(runs.iter().map(|r| f(&r.blocks[l])))
            };
            BlockSpread {
                block: l + 1,
                stream_grad_norm: col(&|m| m.stream_grad_norm),
                stream_std: col(&|m| m.stream_std),
                weight_grad_norm: PerWeight::from_fn(|i| {
                    col(&|m| m.weight_grad_norm.to_array()[i])
                }),
                gate_grad: [col(&|m| m.gate_grad[0]), col(&|m| m.gate_grad[1])],
                grad_fractions: fraction_medians(runs, l),
            }
        })
        .collect();
    let any_nonfinite = runs
        .iter()
        .any(|r| !r.loss.is_finite() || r.blocks.iter().any(nonfinite));
    StackReport {
        config: cfg.clone(),
        seeds: runs.len(),
        loss: percentiles(runs.iter().map(|r| r.loss)),
        summary: summarize(&blocks, any_nonfinite),
        blocks,
        mixed: runs.first().and_then(|r| r.mixed),
        scale_log2: runs
            .iter()
            .filter_map(|r| r.mixed.map(|m| m.scale_log2))
            .collect(),
    }
}

/// Block l's fraction medians over the runs that have them.
fn fraction_medians(runs: &[SeedRun], l: usize) -> Option<GradFractions> {
    let per_seed: Vec<GradFractions> = runs
        .iter()
        .filter_map(|r| r.blocks.get(l).and_then(|b| b.grad_fractions))
        .collect();
    (!per_seed.is_empty()).then(|| median_fractions(&per_seed))
}

fn nonfinite(m: &BlockMeasure) -> bool {
    let w = m.weight_grad_norm.to_array();
    !(m.stream_grad_norm.is_finite() && m.stream_std.is_finite() && w.iter().all(|v| v.is_finite()))
}

/// The verdict from the medians (see the module comment for the rules and why).
fn summarize(blocks: &[BlockSpread], any_nonfinite: bool) -> StackSummary {
    let first = blocks.first().map_or(f64::NAN, |b| b.stream_grad_norm.p50);
    let last = blocks.last().map_or(f64::NAN, |b| b.stream_grad_norm.p50);
    let ratio = first / last;
    let max_wg = blocks
        .iter()
        .flat_map(|b| b.weight_grad_norm.to_array().map(|p| p.p50))
        .fold(0.0, f64::max);
    let diagnosis = if any_nonfinite || !ratio.is_finite() {
        Diagnosis::Overflow
    } else if max_wg > EXPLODING_WEIGHT_GRAD || ratio > EXPLODING_RATIO {
        Diagnosis::Exploding
    } else if ratio < VANISHING_RATIO {
        Diagnosis::Vanishing
    } else {
        Diagnosis::Healthy
    };
    StackSummary {
        first_block_grad: first,
        last_block_grad: last,
        ratio,
        diagnosis,
    }
}
