//! The stack: x_0 → L blocks → out (pre_ln adds a final norm), the loss mean((out − y)²) over
//! B·T·d, and the backward pass that reports, block by block, the stream gradient at the
//! block's input ∂L/∂x_{l−1} and the block's parameter gradients (kept for a trainer).

use super::block::{block_backward, block_forward, BlockCache, BlockParams, Layout, Scratch};
use super::config::{Placement, TransformerConfig, TransformerConfigError};
use super::norm::{norm_backward, norm_forward, Affine, NormCache};
use super::sample::{sample_block, sample_stream_data};
use super::shape::Shape;
use crate::sim::numeric::NumericPolicy;
use crate::sim::stats::mse_gradient;

/// A sampled stack with its data.
#[derive(Clone, Debug)]
pub struct Stack {
    pub layout: Layout,
    pub blocks: Vec<BlockParams>,
    /// pre_ln's final norm (identity and unused for the other placements).
    pub final_norm: Affine,
    /// x_0 and the target y, B·T × d row-major.
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

/// Receives each block's values during a pass.
pub trait StackObserver {
    /// x_l, block l's output (before pre_ln's final norm), l = 1..L in order.
    fn forward(&mut self, _block: usize, _x_out: &[f32]) {}
    /// ∂L/∂x_{l−1} (the stream at block l's input) and block l's parameter gradients,
    /// l = L..1 in order.
    fn backward(&mut self, _block: usize, _stream_grad: &[f32], _grads: &BlockParams) {}
}

/// Buffers reused across passes, and the gradients of the last backward pass.
#[derive(Default)]
pub struct StackWorkspace {
    /// x_0 … x_L.
    xs: Vec<Vec<f32>>,
    caches: Vec<BlockCache>,
    scratch: Scratch,
    final_cache: NormCache,
    out: Vec<f32>,
    dx: Vec<f32>,
    dx_next: Vec<f32>,
    dn: Vec<f32>,
    /// Every block's parameter gradients from the last backward pass (only the last one
    /// computed, block 1's, with `one_grad_buffer`).
    pub grads: Vec<BlockParams>,
    /// Reuse one buffer for every block's gradients: an observer that only takes their norms
    /// (the explorer) then needs 12·d² floats instead of 12·d²·L. Off by default (a trainer
    /// reads them all after the pass).
    pub one_grad_buffer: bool,
    /// Keep each block's erf(h/√2) from the forward pass for the backward pass (a trainer: its
    /// backward then takes no erf; 4·rows·d floats more per block). Off by default, as
    /// `transformer_bytes` counts the explorer's pass without them.
    pub keep_gelu_erf: bool,
    /// The final norm's γ, β gradients (pre_ln).
    pub final_grads: Affine,
}

impl StackWorkspace {
    /// ∂L/∂x_0 from the last backward pass (the gradient an embedding receives).
    pub fn input_grad(&self) -> &[f32] {
        &self.dx
    }

    /// The output of the last forward pass (pre_ln: after the final norm).
    pub fn output(&self) -> &[f32] {
        &self.out
    }
}

/// The explorer's layout for a config: causal attention.
pub fn layout_of(cfg: &TransformerConfig) -> Layout {
    Layout {
        shape: Shape {
            batch: cfg.batch,
            tokens: cfg.tokens,
            width: cfg.width,
            heads: cfg.heads,
            causal: true,
        },
        placement: cfg.placement,
        norm: cfg.norm,
        alpha: cfg.placement.skip_scale(cfg.blocks),
    }
}

impl Stack {
    /// Samples the parameters and data of `cfg` (see `sample`).
    pub fn sample(cfg: &TransformerConfig) -> Result<Stack, TransformerConfigError> {
        cfg.validate()?;
        let (x, y) = sample_stream_data(cfg);
        Ok(Stack {
            layout: layout_of(cfg),
            blocks: (1..=cfg.blocks).map(|l| sample_block(cfg, l)).collect(),
            final_norm: Affine::identity(cfg.width),
            x,
            y,
        })
    }

    /// The forward pass from `x0` (B·T × d); returns the output (pre_ln: after the final norm).
    pub fn forward<'w, P: NumericPolicy>(
        &self,
        x0: &[f32],
        ws: &'w mut StackWorkspace,
        obs: &mut impl StackObserver,
        policy: &P,
    ) -> &'w [f32] {
        let s = &self.layout.shape;
        let (n, depth) = (s.rows() * s.width, self.blocks.len());
        ws.xs.resize_with(depth + 1, Vec::new);
        ws.xs.iter_mut().for_each(|v| v.resize(n, 0.0));
        ws.caches.resize_with(depth, BlockCache::default);
        let keep = ws.keep_gelu_erf;
        ws.caches.iter_mut().for_each(|c| c.keep_gelu_erf(keep));
        ws.out.resize(n, 0.0);
        ws.xs[0].copy_from_slice(&x0[..n]);
        for (l, p) in self.blocks.iter().enumerate() {
            let (prev, rest) = ws.xs.split_at_mut(l + 1);
            let (cache, sc) = (&mut ws.caches[l], &mut ws.scratch);
            block_forward(&self.layout, p, &prev[l], cache, sc, &mut rest[0], policy);
            obs.forward(l + 1, &rest[0]);
        }
        if self.layout.placement == Placement::PreLn {
            let dims = (s.rows(), s.width);
            let (fc, last) = (&mut ws.final_cache, &ws.xs[depth]);
            norm_forward(
                self.layout.norm,
                dims,
                &self.final_norm,
                last,
                fc,
                &mut ws.out,
                policy,
            );
        } else {
            ws.out.copy_from_slice(&ws.xs[depth]);
        }
        &ws.out
    }

    /// The backward pass from ∂L/∂out (after `forward`); leaves ∂L/∂x_0 in `ws.dx` and the
    /// parameter gradients in `ws.grads`.
    pub fn backward<P: NumericPolicy>(
        &self,
        dout: &[f32],
        ws: &mut StackWorkspace,
        obs: &mut impl StackObserver,
        policy: &P,
    ) {
        let s = &self.layout.shape;
        let (n, depth) = (s.rows() * s.width, self.blocks.len());
        ws.dx.resize(n, 0.0);
        ws.dx_next.resize(n, 0.0);
        let kept = if ws.one_grad_buffer { 1 } else { depth };
        ws.grads.resize_with(kept, BlockParams::default);
        if self.layout.placement == Placement::PreLn {
            let dims = (s.rows(), s.width);
            let bufs = (&mut ws.dn, &mut ws.dx[..]);
            let (p, fc) = (&self.final_norm, &ws.final_cache);
            norm_backward(
                self.layout.norm,
                dims,
                p,
                fc,
                dout,
                &mut ws.final_grads,
                bufs,
                policy,
            );
        } else {
            ws.dx.copy_from_slice(&dout[..n]);
        }
        for l in (0..depth).rev() {
            let gi = l.min(kept - 1);
            let (g, sc) = (&mut ws.grads[gi], &mut ws.scratch);
            let (x_in, cache) = (&ws.xs[l], &ws.caches[l]);
            let p = &self.blocks[l];
            block_backward(
                &self.layout,
                p,
                x_in,
                cache,
                &ws.dx,
                g,
                sc,
                &mut ws.dx_next,
                policy,
            );
            std::mem::swap(&mut ws.dx, &mut ws.dx_next);
            obs.backward(l + 1, &ws.dx, &ws.grads[gi]);
        }
    }

    /// One forward and backward pass on the stack's own x_0 and y with the loss
    /// mean((out − y)²); returns the loss (float32's value, as f64).
    pub fn run<P: NumericPolicy>(
        &self,
        ws: &mut StackWorkspace,
        obs: &mut impl StackObserver,
        policy: &P,
    ) -> f64 {
        let out = self.forward(&self.x, ws, obs, policy);
        let (loss, mut dout) = mse(out, &self.y);
        policy.round(&mut dout);
        self.backward(&dout, ws, obs, policy);
        loss
    }
}

/// mean((out − y)²) and its gradient (`stats::mse_gradient`, the explorer's loss).
pub fn mse(out: &[f32], y: &[f32]) -> (f64, Vec<f32>) {
    let mut grad = vec![0.0f32; out.len()];
    let loss = mse_gradient(out, y, &mut grad);
    (loss, grad)
}
