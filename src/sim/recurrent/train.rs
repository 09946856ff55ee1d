//! Training a cell on the latching task, as the reference does: a fresh batch of 32 per step,
//! every parameter (W_ih, W_hh, b, b_hn, W_o, b_o) updated by Adam with PyTorch's semantics
//! (the same update as `train::optim`), optional clipping of the global gradient norm, and the
//! test set (512 fixed sequences) evaluated at the recorded steps.

use serde::{Deserialize, Serialize};

use super::config::{Cell, RecurrentInit, RnnConfig, RnnConfigError};
use super::latching::{loss_and_grads, Batch, Head, Outcome};
use super::params::Params;
use super::pass::Workspace;
use crate::sim::rng::{Sampler, Stream};

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPS: f32 = 1e-8;
/// Sequences per training step and in the test set (the reference's).
pub const TRAIN_BATCH: usize = 32;
pub const TEST_SIZE: usize = 512;
/// The test accuracy a run must reach to count as having learnt the task.
pub const LEARNT: f64 = 0.9;

/// One latching-task training run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatchingConfig {
    pub cell: Cell,
    /// T, the sequence length.
    pub steps: usize,
    pub width: usize,
    pub init: RecurrentInit,
    pub gain: f64,
    pub forget_bias: f64,
    pub lr: f64,
    /// clip_grad_norm_ on the global norm, if any.
    pub clip: Option<f64>,
    /// Optimizer steps.
    pub train_steps: usize,
    pub seed: u64,
}

impl LatchingConfig {
    /// The cell's config (its weights use the untrained picture's streams with this seed).
    pub fn cell_config(&self) -> RnnConfig {
        RnnConfig {
            cell: self.cell,
            steps: self.steps,
            width: self.width,
            batch: TEST_SIZE,
            init: self.init,
            gain: self.gain,
            forget_bias: self.forget_bias,
            truncate: self.steps,
            seed: self.seed,
        }
    }
}

/// What the test set says at one step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatchingRecord {
    pub step: usize,
    pub test_accuracy: f64,
    pub test_loss: f64,
    /// ‖∂L_test/∂h_1‖.
    pub h1_grad_norm: f64,
}

/// A run's records and the first evaluated step (multiples of 100 and 250) with test
/// accuracy ≥ 0.9.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatchingRun {
    pub records: Vec<LatchingRecord>,
    pub steps_to_learnt: Option<usize>,
}

/// Adam's moments for a list of tensors.
struct Adam {
    m: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
    /// β₁ᵏ and β₂ᵏ as running float64 products (no `powi`).
    pows: (f64, f64),
}

impl Adam {
    fn new(shapes: &[usize]) -> Adam {
        let zeros = || shapes.iter().map(|&n| vec![0.0f32; n]).collect();
        Adam {
            m: zeros(),
            v: zeros(),
            pows: (1.0, 1.0),
        }
    }

    /// m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr·(m/(1−β₁ᵏ)) / (√(v/(1−β₂ᵏ)) + ε).
    fn step(&mut self, lr: f32, params: Vec<&mut Vec<f32>>, grads: &[&[f32]]) {
        self.pows = (self.pows.0 * BETA1 as f64, self.pows.1 * BETA2 as f64);
        let (bc1, bc2) = ((1.0 - self.pows.0) as f32, (1.0 - self.pows.1) as f32);
        let moments = self.m.iter_mut().zip(self.v.iter_mut());
        for ((p, g), (m, v)) in params.into_iter().zip(grads).zip(moments) {
            for (((p, &g), m), v) in p.iter_mut().zip(*g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = BETA1 * *m + (1.0 - BETA1) * g;
                *v = BETA2 * *v + (1.0 - BETA2) * (g * g);
                *p -= lr * (*m / bc1) / ((*v / bc2).sqrt() + ADAM_EPS);
            }
        }
    }
}

/// clip_grad_norm_: every gradient times min(1, c/(‖g‖ + 1e-6)), ‖g‖ over all of them.
fn clip(grads: &mut [Vec<f32>], c: f64) {
    let norm = grads
        .iter()
        .flat_map(|g| g.iter())
        .map(|&v| v as f64 * v as f64)
        .sum::<f64>()
        .sqrt();
    let s = (c / (norm + 1e-6)).min(1.0);
    if s < 1.0 {
        let s = s as f32;
        grads.iter_mut().flatten().for_each(|g| *g *= s);
    }
}

/// Trains `cfg` and evaluates the test set at every step in `record` and at every multiple of
/// 100 and 250 (for `steps_to_learnt`).
pub fn train_latching(
    cfg: &LatchingConfig,
    record: &[usize],
) -> Result<LatchingRun, RnnConfigError> {
    cfg.cell_config().validate()?;
    let (t, h) = (cfg.steps, cfg.width);
    let mut p = Params::sample(&cfg.cell_config());
    let mut head = Head::sample(cfg.seed, h);
    let test = Batch::draw(
        &mut Sampler::new(cfg.seed, Stream::RecurrentTask(1)),
        TEST_SIZE,
        t,
        h,
    );
    let mut batches = Sampler::new(cfg.seed, Stream::RecurrentTask(2));
    let shapes = [
        p.w_ih.len(),
        p.w_hh.len(),
        p.b.len(),
        p.b_hn.len(),
        head.w.len(),
        head.b.len(),
    ];
    let mut adam = Adam::new(&shapes);
    let (mut ws, mut test_ws) = (Workspace::default(), Workspace::default());
    let mut run = LatchingRun {
        records: Vec::new(),
        steps_to_learnt: None,
    };
    for step in 0..=cfg.train_steps {
        let recorded = record.contains(&step);
        if recorded || (step > 0 && (step % 100 == 0 || step % 250 == 0)) {
            let o: Outcome = loss_and_grads(&p, &head, &test, &mut test_ws, recorded);
            if run.steps_to_learnt.is_none() && step > 0 && o.accuracy >= LEARNT {
                run.steps_to_learnt = Some(step);
            }
            if recorded {
                run.records.push(LatchingRecord {
                    step,
                    test_accuracy: o.accuracy,
                    test_loss: o.loss,
                    h1_grad_norm: o.h1_grad_norm,
                });
            }
        }
        if step == cfg.train_steps {
            break;
        }
        let batch = Batch::draw(&mut batches, TRAIN_BATCH, t, h);
        let o = loss_and_grads(&p, &head, &batch, &mut ws, true);
        let g = &ws.grads;
        let mut grads = vec![
            g.w_ih.clone(),
            g.w_hh.clone(),
            g.b.clone(),
            g.b_hn.clone(),
            o.head_w,
            o.head_b,
        ];
        if let Some(c) = cfg.clip {
            clip(&mut grads, c);
        }
        let refs: Vec<&[f32]> = grads.iter().map(|v| v.as_slice()).collect();
        let params = vec![
            &mut p.w_ih,
            &mut p.w_hh,
            &mut p.b,
            &mut p.b_hn,
            &mut head.w,
            &mut head.b,
        ];
        adam.step(cfg.lr as f32, params, &refs);
    }
    Ok(run)
}
