//! The trained classifier as a stack of the engine's MLP layers (`sim::mlp`): an input layer
//! 2→W, L hidden layers W→W (with the chosen norm and skip), and a linear head W→2 (the
//! identity φ, no norm). The forward and backward are the explorer's, layer for layer; this
//! file only stacks them, adds the softmax cross-entropy and keeps every parameter gradient.

use super::loss::softmax_cross_entropy;
use super::model::{Arch, Params, CLASSES, INPUTS};
use crate::sim::mlp::{MlpAt, MlpGrads, MlpLayer, MlpParams, MlpScratch, MlpTape, WeightGradTo};
use crate::sim::numeric::{Float32, NumericPolicy};

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
    /// Whether the last forward rounded to a narrower format; then `cast` holds X, W and b
    /// as the format holds them (the master parameters stay float32).
    rounded: bool,
    cast: Params,
    cast_x: Vec<f32>,
}

impl Workspace {
    /// Layer k as this pass runs it.
    fn layer(&self, arch: &Arch, k: usize) -> MlpLayer {
        MlpLayer {
            rounded: self.rounded,
            ..arch.layer(k)
        }
    }

    fn prepare(&mut self, arch: &Arch, n: usize, rounded: bool) {
        self.rounded = rounded;
        self.outs.resize_with(arch.depth + 1, Vec::new);
        self.outs
            .iter_mut()
            .for_each(|b| b.resize(n * arch.width, 0.0));
        self.tapes.resize_with(arch.layers(), MlpTape::default);
        let layers: Vec<_> = (0..arch.layers()).map(|k| self.layer(arch, k)).collect();
        for (layer, t) in layers.iter().zip(self.tapes.iter_mut()) {
            layer.fit_tape(n, t);
        }
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
        self.forward_in(arch, p, x, &Float32);
    }

    /// Loss of the last forward pass against `labels`, and every parameter's gradient.
    pub fn backward(&mut self, arch: &Arch, p: &Params, x: &[f32], labels: &[u8]) -> f64 {
        self.backward_in(arch, p, x, labels, (&Float32, 1.0))
    }

    /// `forward` with X, W and b cast to `policy`'s format and every tensor rounded to it.
    pub fn forward_in<P: NumericPolicy>(&mut self, arch: &Arch, p: &Params, x: &[f32], policy: &P) {
        let n = x.len() / INPUTS;
        self.prepare(arch, n, !P::IDENTITY);
        if self.rounded {
            self.cast.clone_from(p);
            self.cast.tensors_mut().for_each(|t| policy.round(t));
            self.cast_x.clear();
            self.cast_x.extend_from_slice(x);
            policy.round(&mut self.cast_x);
        }
        let head = arch.depth + 1;
        for k in 0..=head {
            let layer = self.layer(arch, k);
            let (done, rest) = self.outs.split_at_mut(k);
            let input: &[f32] = match (k, self.rounded) {
                (0, true) => &self.cast_x,
                (0, false) => x,
                _ => &done[k - 1],
            };
            let out = if k == head {
                &mut self.logits
            } else {
                &mut rest[0]
            };
            let params = params(if self.rounded { &self.cast } else { p }, k);
            let bufs = (&mut self.tapes[k], &mut self.scratch);
            layer.forward(n, params, input, out, bufs, policy);
        }
    }

    /// `backward` after `forward_in`: seeded with S·∂Loss/∂logits, every gradient rounded to
    /// the format, then unscaled in float32 (÷S, exact for a power of two) as GradScaler does.
    pub fn backward_in<P: NumericPolicy>(
        &mut self,
        arch: &Arch,
        p: &Params,
        x: &[f32],
        labels: &[u8],
        (policy, scale): (&P, f32),
    ) -> f64 {
        let n = self.rows;
        self.da.resize(n * CLASSES, 0.0);
        let loss = softmax_cross_entropy(&self.logits, labels, CLASSES, &mut self.da);
        if scale != 1.0 {
            self.da.iter_mut().for_each(|g| *g *= scale);
        }
        policy.round(&mut self.da);
        let head = arch.depth + 1;
        let g = &mut self.grads;
        for (k, (gw, gb)) in g.weights.iter_mut().zip(&mut g.biases).enumerate().rev() {
            let input: &[f32] = match (k, self.rounded) {
                (0, true) => &self.cast_x,
                (0, false) => x,
                _ => &self.outs[k - 1],
            };
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
            let at = MlpAt {
                rows: n,
                params: params(if self.rounded { &self.cast } else { p }, k),
                input,
                out,
            };
            let layer = MlpLayer {
                rounded: self.rounded,
                ..arch.layer(k)
            };
            let bufs = (&self.tapes[k], &mut self.scratch);
            layer.backward(at, &mut self.da, bufs, grads, policy);
        }
        if scale != 1.0 {
            let unscale = 1.0 / scale;
            for t in self.grads.tensors_mut() {
                t.iter_mut().for_each(|v| *v *= unscale);
            }
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
