//! The trained classifier as a stack of the engine's MLP layers (`sim::mlp`): an input layer
//! 2→W, L hidden layers W→W (with the chosen norm and skip), and a linear head W→2 (the
//! identity φ, no norm). The forward and backward are the explorer's, layer for layer; this
//! file only stacks them, adds the softmax cross-entropy and keeps every parameter gradient.

use super::loss::softmax_cross_entropy;
use super::model::{Arch, Params, CLASSES, INPUTS};
use crate::sim::mlp::{MlpAt, MlpGrads, MlpParams, MlpScratch, MlpTape, WeightGradTo};
use crate::sim::numeric::Float32;

/// Buffers reused across passes; after `backward`, `grads` holds ∂Loss/∂θ.
#[derive(Default)]
pub struct Workspace {
    /// Per layer k ≤ L: the layer's output (the next layer's input).
    outs: Vec<Vec<f32>>,
    /// What each layer (input, hidden, head) keeps for its backward.
    tapes: Vec<MlpTape>,
    scratch: MlpScratch,
    pub logits: Vec<f32>,
    /// ∂Loss/∂(a layer's output), from the logits down to the first hidden layer.
    da: Vec<f32>,
    grads: Params,
    /// The network the buffers were shaped for.
    arch: Option<Arch>,
    rows: usize,
}

impl Workspace {
    fn prepare(&mut self, arch: &Arch, n: usize) {
        self.outs.resize_with(arch.depth + 1, Vec::new);
        self.outs
            .iter_mut()
            .for_each(|b| b.resize(n * arch.width, 0.0));
        self.tapes.resize_with(arch.layers(), MlpTape::default);
        for (k, t) in self.tapes.iter_mut().enumerate() {
            arch.layer(k).fit_tape(n, t);
        }
        let layers: Vec<_> = (0..arch.layers()).map(|k| arch.layer(k)).collect();
        self.scratch.fit(n, layers.iter());
        self.logits.resize(n * CLASSES, 0.0);
        if self.arch.as_ref().map(|a| (a.depth, a.width)) != Some((arch.depth, arch.width)) {
            self.grads = Params::zeros(arch);
            self.arch = Some(*arch);
        }
        self.rows = n;
    }

    /// The gradients of the last `backward` (empty before any pass).
    pub fn grads(&self) -> &Params {
        &self.grads
    }

    pub fn grads_mut(&mut self) -> &mut Params {
        &mut self.grads
    }

    /// Forward pass over the n rows of `x` (n×2); the logits land in `self.logits`.
    pub fn forward(&mut self, arch: &Arch, p: &Params, x: &[f32]) {
        let n = x.len() / INPUTS;
        self.prepare(arch, n);
        let head = arch.depth + 1;
        for k in 0..=head {
            let (done, rest) = self.outs.split_at_mut(k);
            let input: &[f32] = if k == 0 { x } else { &done[k - 1] };
            let out = if k == head {
                &mut self.logits
            } else {
                &mut rest[0]
            };
            let bufs = (&mut self.tapes[k], &mut self.scratch);
            arch.layer(k)
                .forward(n, params(p, k), input, out, bufs, &Float32);
        }
    }

    /// Loss of the last forward pass against `labels`, and every parameter's gradient.
    pub fn backward(&mut self, arch: &Arch, p: &Params, x: &[f32], labels: &[u8]) -> f64 {
        let n = self.rows;
        self.da.resize(n * CLASSES, 0.0);
        let loss = softmax_cross_entropy(&self.logits, labels, CLASSES, &mut self.da);
        let head = arch.depth + 1;
        let g = &mut self.grads;
        for (k, (gw, gb)) in g.weights.iter_mut().zip(&mut g.biases).enumerate().rev() {
            let input: &[f32] = if k == 0 { x } else { &self.outs[k - 1] };
            let out = if k == head {
                &self.logits
            } else {
                &self.outs[k]
            };
            let grads = MlpGrads {
                weights: WeightGradTo::Buffer(gw),
                bias: Some(gb),
                input: k > 0,
            };
            let bufs = (&self.tapes[k], &mut self.scratch);
            let at = MlpAt {
                rows: n,
                params: params(p, k),
                input,
                out,
            };
            arch.layer(k)
                .backward(at, &mut self.da, bufs, grads, &Float32);
        }
        loss
    }
}

/// Layer k's weights and bias.
fn params(p: &Params, k: usize) -> MlpParams<'_> {
    MlpParams {
        weights: &p.weights[k],
        scale: None,
        bias: Some(&p.biases[k]),
    }
}
