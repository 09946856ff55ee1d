//! The optimizer arithmetic every trainer shares (the MLP classifier, the recurrent latching
//! task, the transformer's reverse task): Adam as PyTorch has it (β = 0.9, 0.999, ε = 1e-8, no
//! weight decay) in float32 over a list of tensors, and `clip_grad_norm_`.

use serde::{Deserialize, Serialize};

pub const BETA1: f32 = 0.9;
pub const BETA2: f32 = 0.999;
pub const ADAM_EPS: f32 = 1e-8;

/// The two moments of every tensor and the running β powers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Adam {
    m: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
    /// β₁ᵗ and β₂ᵗ as float64 running products (no `powi`, whose bits may differ).
    pows: (f64, f64),
}

impl Adam {
    /// Zero moments for tensors of these lengths.
    pub fn new(lengths: impl Iterator<Item = usize>) -> Adam {
        let m: Vec<Vec<f32>> = lengths.map(|n| vec![0.0; n]).collect();
        Adam {
            v: m.clone(),
            m,
            pows: (1.0, 1.0),
        }
    }

    /// Whether these are the moments of tensors of these lengths.
    pub fn fits(&self, lengths: impl Iterator<Item = usize>) -> bool {
        let mine = self.m.iter().zip(&self.v).map(|(m, v)| (m.len(), v.len()));
        mine.eq(lengths.map(|n| (n, n)))
    }

    /// One update at learning rate `lr`: m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
    /// p −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε), tensor by tensor in order.
    pub fn step<'a>(
        &mut self,
        lr: f32,
        params: impl Iterator<Item = &'a mut [f32]>,
        grads: impl Iterator<Item = &'a [f32]>,
    ) {
        self.pows = (self.pows.0 * BETA1 as f64, self.pows.1 * BETA2 as f64);
        let (bc1, bc2) = ((1.0 - self.pows.0) as f32, (1.0 - self.pows.1) as f32);
        let moments = self.m.iter_mut().zip(self.v.iter_mut());
        for ((p, g), (m, v)) in params.zip(grads).zip(moments) {
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = BETA1 * *m + (1.0 - BETA1) * g;
                *v = BETA2 * *v + (1.0 - BETA2) * (g * g);
                *p -= lr * (*m / bc1) / ((*v / bc2).sqrt() + ADAM_EPS);
            }
        }
    }
}

/// Σx² in float64, ascending.
pub fn sum_sq(v: &[f32]) -> f64 {
    v.iter().fold(0.0f64, |a, &x| a + (x as f64) * (x as f64))
}

/// The global gradient norm: float64 sums per tensor, added in tensor order.
pub fn global_norm<'a>(grads: impl Iterator<Item = &'a [f32]>) -> f64 {
    grads.map(sum_sq).sum::<f64>().sqrt()
}

/// clip_grad_norm_: g ·= min(1, c/(‖g‖ + 1e-6)), given ‖g‖ (`global_norm`). The factor is
/// shrunk by a further 1e-6 (relative) so float32 rounding of the products can never leave
/// ‖g‖ above c.
pub fn clip_by_norm<'a>(grads: impl Iterator<Item = &'a mut [f32]>, norm: f64, c: f64) {
    let s = (c / (norm + 1e-6)).min(1.0);
    if s < 1.0 {
        let s = (s * (1.0 - 1e-6)) as f32;
        grads.for_each(|t| t.iter_mut().for_each(|g| *g *= s));
    }
}
