//! Adam as PyTorch has it (β = 0.9, 0.999, ε = 1e-8, no weight decay), in float32, over a
//! list of tensors, with the learning rate given per step (the reverse task's linear warm-up
//! lr_t = lr·min(1, t/warmup) is the caller's). The same update as `train::optim`.

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPS: f32 = 1e-8;

/// The two moments of every tensor and the running β powers.
#[derive(Clone, Debug, Default)]
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

    /// One update: m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr·(m/(1−β₁ᵗ))/(√(v/(1−β₂ᵗ)) + ε).
    /// A gradient of another length than its tensor (an unused norm's, left empty) counts as 0.
    pub fn step(&mut self, params: Vec<&mut [f32]>, grads: Vec<&[f32]>, lr: f32) {
        self.pows = (self.pows.0 * BETA1 as f64, self.pows.1 * BETA2 as f64);
        let (bc1, bc2) = ((1.0 - self.pows.0) as f32, (1.0 - self.pows.1) as f32);
        let moments = self.m.iter_mut().zip(self.v.iter_mut());
        for ((p, g), (m, v)) in params.into_iter().zip(grads).zip(moments) {
            let zeros;
            let g = if g.len() == p.len() {
                g
            } else {
                zeros = vec![0.0f32; p.len()];
                &zeros
            };
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = BETA1 * *m + (1.0 - BETA1) * g;
                *v = BETA2 * *v + (1.0 - BETA2) * (g * g);
                *p -= lr * (*m / bc1) / ((*v / bc2).sqrt() + EPS);
            }
        }
    }
}
