//! The precision lens on the residual stream (`sim::mixed` for the MLP): x_0 and every
//! parameter cast to the format, every tensor of a block rounded to it, the backward seeded
//! with S·∂L/∂out, and per block the fractions of the stream gradient ∂L/∂x_{l−1}'s entries
//! that are zero, subnormal, normal, inf/NaN, and lost (zero here, non-zero in the float32
//! run of the same stack). Norms are reported unscaled; a dynamic scale halves from 2^16 while
//! the backward overflows.

use super::block::BlockParams;
use super::config::{TransformerConfig, TransformerConfigError};
use super::pass::{mse, Stack, StackObserver, StackWorkspace};
use super::report::{
    over_seeds, simulate_transformer, stack_report, BlockMeasure, PerWeight, SeedRun, StackReport,
};
use crate::sim::mixed::{grad_fractions, with_loss_scale, MixedPrecision, NonZero};
use crate::sim::numeric::{Float32, NumericPolicy, Precision};
use crate::sim::stats::{frobenius, population_std};

/// `simulate_transformer` in `mixed`'s number format (float32 without a scale: the same).
pub fn simulate_transformer_mixed(
    cfg: &TransformerConfig,
    k: usize,
    mixed: &MixedPrecision,
) -> Result<StackReport, TransformerConfigError> {
    if mixed.is_float32() {
        return simulate_transformer(cfg, k);
    }
    let runs = run_seeds_mixed(cfg, k, mixed)?;
    Ok(stack_report(cfg, &runs))
}

/// Seeds `cfg.seed, …` (k of them) in `mixed`'s format.
pub fn run_seeds_mixed(
    cfg: &TransformerConfig,
    k: usize,
    mixed: &MixedPrecision,
) -> Result<Vec<SeedRun>, TransformerConfigError> {
    over_seeds(cfg, k, |stack, ws| run_mixed(stack, ws, mixed))
}

/// One stack in the format: the float32 run for "lost", then the format's run (again at half
/// the scale while a dynamic scale meets inf or NaN).
fn run_mixed(stack: &Stack, ws: &mut StackWorkspace, mixed: &MixedPrecision) -> SeedRun {
    let mut float32 = NonZeroBlocks(NonZero::default());
    run_once(stack, ws, &mut float32, (&Float32, 1.0));
    let format = mixed.precision;
    let cast = cast_stack(stack, format);
    let ((mut lens, loss), scale, run) = with_loss_scale(mixed, |scale| {
        let mut lens = Lens {
            blocks: vec![BlockMeasure::default(); stack.blocks.len()],
            format,
            float32: &float32.0,
            overflowed: false,
        };
        let loss = run_once(&cast, ws, &mut lens, (&format, scale));
        let overflowed = lens.overflowed;
        ((lens, loss), overflowed)
    });
    let unscale = 1.0 / f64::from(scale);
    for m in &mut lens.blocks {
        m.stream_grad_norm *= unscale;
        m.weight_grad_norm = PerWeight::from_fn(|i| m.weight_grad_norm.to_array()[i] * unscale);
        m.gate_grad = m.gate_grad.map(|g| g * unscale);
    }
    SeedRun {
        loss,
        blocks: lens.blocks,
        mixed: Some(run),
    }
}

/// Forward, the loss, and the backward seeded with `scale`·∂L/∂out; returns the loss.
fn run_once<P: NumericPolicy>(
    stack: &Stack,
    ws: &mut StackWorkspace,
    obs: &mut impl StackObserver,
    (policy, scale): (&P, f32),
) -> f64 {
    let out = stack.forward(&stack.x, ws, obs, policy);
    let (loss, mut dout) = mse(out, &stack.y);
    if scale != 1.0 {
        dout.iter_mut().for_each(|g| *g *= scale);
    }
    policy.round(&mut dout);
    stack.backward(&dout, ws, obs, policy);
    loss
}

/// The stack with x_0 and every parameter as the format holds them (the float32 master copy
/// stays with the caller).
fn cast_stack(stack: &Stack, format: Precision) -> Stack {
    let mut cast = stack.clone();
    for b in &mut cast.blocks {
        b.tensors_mut().into_iter().for_each(|t| format.round(t));
    }
    format.round(&mut cast.final_norm.gamma);
    format.round(&mut cast.final_norm.beta);
    format.round(&mut cast.x);
    cast
}

/// The float32 run's non-zero entries of each block's stream gradient.
struct NonZeroBlocks(NonZero);

impl StackObserver for NonZeroBlocks {
    fn backward(&mut self, block: usize, stream_grad: &[f32], _: &BlockParams) {
        self.0.record(block, stream_grad);
    }
}

/// The format's per-block measurements, their fractions, and whether the backward overflowed.
struct Lens<'a> {
    blocks: Vec<BlockMeasure>,
    format: Precision,
    float32: &'a NonZero,
    overflowed: bool,
}

impl StackObserver for Lens<'_> {
    fn forward(&mut self, block: usize, x_out: &[f32]) {
        self.blocks[block - 1].stream_std = population_std(x_out);
    }

    fn backward(&mut self, block: usize, stream_grad: &[f32], g: &BlockParams) {
        let f = grad_fractions(stream_grad, self.format, self.float32.mask(block));
        let m = &mut self.blocks[block - 1];
        m.stream_grad_norm = frobenius(stream_grad);
        let (a, p) = (&g.attn, &g.mlp);
        let all = [&a.w_q, &a.w_k, &a.w_v, &a.w_o, &p.w_1, &p.w_2];
        m.weight_grad_norm = PerWeight::from_fn(|i| frobenius(all[i]));
        m.gate_grad = [g.gate_attn.abs() as f64, g.gate_mlp.abs() as f64];
        m.grad_fractions = Some(f);
        let weights_finite = m.weight_grad_norm.to_array().iter().all(|v| v.is_finite());
        self.overflowed |= f.nonfinite > 0.0 || !weights_finite;
    }
}
