//! The latching task (Bengio, Simard & Frasconi 1994), as the reference trains it: the class
//! c ∈ {0, 1} is written into x_1's first coordinate (2c − 1), every other input is N(0, 1)
//! noise, and a linear head on h_T must recover c. Only a gradient that reaches h_1 can teach
//! it, which is what makes it the test of memory through time.

use super::params::Params;
use super::pass::{backward, forward, StepGrad, StepObserver, Workspace};
use crate::sim::numeric::Float32;
use crate::sim::rng::{Sampler, Stream};
use crate::sim::stats::frobenius;

/// Classes of the task.
pub const CLASSES: usize = 2;

/// A batch of sequences: x (T×B×H, step-major) and the classes (B).
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub x: Vec<f32>,
    pub classes: Vec<usize>,
}

impl Batch {
    /// `n` sequences from `s`: the n classes first, then the inputs, x_1's first coordinate
    /// replaced by 2c − 1.
    pub fn draw(s: &mut Sampler, n: usize, steps: usize, width: usize) -> Batch {
        let classes: Vec<usize> = (0..n).map(|_| (s.next_u64() >> 63) as usize).collect();
        let mut x = vec![0.0f32; steps * n * width];
        s.fill_normal_f32(&mut x, 1.0);
        for (row, &c) in x.chunks_exact_mut(width).zip(&classes) {
            row[0] = 2.0 * c as f32 - 1.0;
        }
        Batch { x, classes }
    }
}

/// The linear head logits = h_T W_o + b_o (W_o: H×2, N(0, 1/H); b_o = 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub w: Vec<f32>,
    pub b: Vec<f32>,
}

impl Head {
    pub fn sample(seed: u64, width: usize) -> Head {
        let mut s = Sampler::new(seed, Stream::RecurrentTask(0));
        let mut w = vec![0.0f32; width * CLASSES];
        s.fill_normal_f32(&mut w, (1.0 / width as f64).sqrt());
        Head {
            w,
            b: vec![0.0; CLASSES],
        }
    }
}

/// What one evaluation (or one training step) of the loss gives.
pub struct Outcome {
    /// Mean softmax cross-entropy.
    pub loss: f64,
    pub accuracy: f64,
    /// ∂L/∂W_o and ∂L/∂b_o.
    pub head_w: Vec<f32>,
    pub head_b: Vec<f32>,
    /// ‖∂L/∂h_1‖, the gradient that reaches the step holding the class.
    pub h1_grad_norm: f64,
    /// ‖∂L/∂h_t‖ for t = 1 … T (the training panel's heatmap row).
    pub h_grad_norms: Vec<f64>,
}

/// Records ‖∂L/∂h_t‖ of every step during a backward pass (index t − 1).
struct StepNorms(Vec<f64>);

impl StepObserver for StepNorms {
    fn backward(&mut self, t: usize, g: StepGrad) {
        if let Some(slot) = t.checked_sub(1).and_then(|i| self.0.get_mut(i)) {
            *slot = frobenius(g.dh);
        }
    }
}

/// Softmax cross-entropy of one row of logits (log-sum-exp shifted by the maximum), and its
/// gradient (softmax − onehot) / n into `grad`.
fn cross_entropy(logits: &[f32], class: usize, n: usize, grad: &mut [f32]) -> f64 {
    let m = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = logits.iter().map(|&z| libm::expf(z - m)).collect();
    let sum: f32 = e.iter().sum();
    for (k, (g, &ek)) in grad.iter_mut().zip(&e).enumerate() {
        *g = (ek / sum - if k == class { 1.0 } else { 0.0 }) / n as f32;
    }
    (libm::logf(sum) + m - logits[class]) as f64
}

/// Forward through the cell and the head, the loss, and (`backprop`) the backward pass through
/// time: the cell's gradients are left in `ws.grads`, the head's are returned. Without
/// `backprop` (an evaluation that only needs the accuracy) the gradients are left empty.
pub fn loss_and_grads(
    p: &Params,
    head: &Head,
    batch: &Batch,
    ws: &mut Workspace,
    backprop: bool,
) -> Outcome {
    let (n, h) = (batch.classes.len(), p.width);
    forward(p, &batch.x, n, ws, &mut (), &Float32);
    let ht = ws.h_last().to_vec();
    let mut dlogits = vec![0.0f32; n * CLASSES];
    let (mut loss, mut correct) = (0.0f64, 0usize);
    for ((row, &c), g) in ht
        .chunks_exact(h)
        .zip(&batch.classes)
        .zip(dlogits.chunks_exact_mut(CLASSES))
    {
        let logits: Vec<f32> = (0..CLASSES)
            .map(|k| {
                row.iter()
                    .enumerate()
                    .fold(0.0f32, |s, (j, &v)| s + v * head.w[j * CLASSES + k])
                    + head.b[k]
            })
            .collect();
        loss += cross_entropy(&logits, c, n, g);
        let best = if logits[1] > logits[0] { 1 } else { 0 };
        correct += (best == c) as usize;
    }
    let (loss, accuracy) = (loss / n as f64, correct as f64 / n.max(1) as f64);
    if !backprop {
        return Outcome {
            loss,
            accuracy,
            head_w: Vec::new(),
            head_b: Vec::new(),
            h1_grad_norm: f64::NAN,
            h_grad_norms: Vec::new(),
        };
    }
    let mut dh = vec![0.0f32; n * h];
    let mut head_w = vec![0.0f32; h * CLASSES];
    let mut head_b = vec![0.0f32; CLASSES];
    for ((dr, hr), g) in dh
        .chunks_exact_mut(h)
        .zip(ht.chunks_exact(h))
        .zip(dlogits.chunks_exact(CLASSES))
    {
        for j in 0..h {
            dr[j] = (0..CLASSES).fold(0.0f32, |s, k| s + g[k] * head.w[j * CLASSES + k]);
            for k in 0..CLASSES {
                head_w[j * CLASSES + k] += hr[j] * g[k];
            }
        }
        head_b.iter_mut().zip(g).for_each(|(b, &gk)| *b += gk);
    }
    let steps = batch.x.len() / (n * h).max(1);
    let mut norms = StepNorms(vec![0.0; steps]);
    backward(p, &batch.x, &dh, steps, ws, &mut norms, &Float32);
    Outcome {
        loss,
        accuracy,
        head_w,
        head_b,
        h1_grad_norm: norms.0.first().copied().unwrap_or(0.0),
        h_grad_norms: norms.0,
    }
}
