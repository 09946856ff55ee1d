//! Training a cell on the latching task, as the reference does: a fresh batch of 32 per step,
//! every parameter (W_ih, W_hh, b, b_hn, W_o, b_o) updated by Adam with PyTorch's semantics
//! (the same update as `train::optim`), optional clipping of the global gradient norm, and the
//! test set (512 fixed sequences) evaluated at the recorded steps.

use serde::{Deserialize, Serialize};

use super::config::{Cell, RecurrentInit, RnnConfig, RnnConfigError};
use super::latching::{loss_and_grads, Batch, Head, Outcome};
use super::params::Params;
use super::pass::Workspace;
use crate::sim::optim::{clip_by_norm, global_norm, Adam};
use crate::sim::rng::{Sampler, Stream};

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatchingRecord {
    pub step: usize,
    pub test_accuracy: f64,
    pub test_loss: f64,
    /// ‖∂L_test/∂h_1‖.
    pub h1_grad_norm: f64,
    /// ‖∂L_test/∂h_t‖ for t = 1 … T (empty when the record was taken without a backward pass).
    pub h_grad_norms: Vec<f64>,
}

/// A run's records and the first evaluated step (multiples of 100 and 250) with test
/// accuracy ≥ 0.9.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatchingRun {
    pub records: Vec<LatchingRecord>,
    pub steps_to_learnt: Option<usize>,
}

/// One latching-task run, a step at a time (the page's worker drives it in chunks;
/// `train_latching` runs it to the end): the cell and head, Adam's moments, the run's stream
/// of training batches and its fixed test set.
pub struct LatchingTrainer {
    cfg: LatchingConfig,
    p: Params,
    head: Head,
    test: Batch,
    batches: Sampler,
    adam: Adam,
    ws: Workspace,
    test_ws: Workspace,
    steps_done: usize,
}

impl LatchingTrainer {
    /// A fresh run of `cfg` at step 0; `Err` says why the config was rejected.
    pub fn new(cfg: &LatchingConfig) -> Result<LatchingTrainer, RnnConfigError> {
        cfg.cell_config().validate()?;
        let (t, h) = (cfg.steps, cfg.width);
        let p = Params::sample(&cfg.cell_config());
        let head = Head::sample(cfg.seed, h);
        let test = Batch::draw(
            &mut Sampler::new(cfg.seed, Stream::RecurrentTask(1)),
            TEST_SIZE,
            t,
            h,
        );
        let shapes = [
            p.w_ih.len(),
            p.w_hh.len(),
            p.b.len(),
            p.b_hn.len(),
            head.w.len(),
            head.b.len(),
        ];
        Ok(LatchingTrainer {
            cfg: cfg.clone(),
            p,
            head,
            test,
            batches: Sampler::new(cfg.seed, Stream::RecurrentTask(2)),
            adam: Adam::new(shapes.into_iter()),
            ws: Workspace::default(),
            test_ws: Workspace::default(),
            steps_done: 0,
        })
    }

    pub fn config(&self) -> &LatchingConfig {
        &self.cfg
    }

    /// Updates made so far.
    pub fn steps_done(&self) -> usize {
        self.steps_done
    }

    /// One update on a fresh batch of 32; returns that batch's mean cross-entropy (before
    /// the update).
    pub fn step(&mut self) -> f64 {
        let batch = Batch::draw(
            &mut self.batches,
            TRAIN_BATCH,
            self.cfg.steps,
            self.cfg.width,
        );
        let o = loss_and_grads(&self.p, &self.head, &batch, &mut self.ws, true);
        let g = &self.ws.grads;
        let mut grads = [
            g.w_ih.clone(),
            g.w_hh.clone(),
            g.b.clone(),
            g.b_hn.clone(),
            o.head_w,
            o.head_b,
        ];
        if let Some(c) = self.cfg.clip {
            let norm = global_norm(grads.iter().map(Vec::as_slice));
            clip_by_norm(grads.iter_mut().map(Vec::as_mut_slice), norm, c);
        }
        let (p, head) = (&mut self.p, &mut self.head);
        let params = [
            &mut p.w_ih,
            &mut p.w_hh,
            &mut p.b,
            &mut p.b_hn,
            &mut head.w,
            &mut head.b,
        ];
        let grads = grads.iter().map(Vec::as_slice);
        self.adam.step(
            self.cfg.lr as f32,
            params.into_iter().map(|t| t.as_mut_slice()),
            grads,
        );
        self.steps_done += 1;
        o.loss
    }

    /// The test set now; with `backprop`, also its gradient through time (else the
    /// gradient norms are NaN and empty).
    pub fn measure(&mut self, backprop: bool) -> LatchingRecord {
        let o: Outcome =
            loss_and_grads(&self.p, &self.head, &self.test, &mut self.test_ws, backprop);
        LatchingRecord {
            step: self.steps_done,
            test_accuracy: o.accuracy,
            test_loss: o.loss,
            h1_grad_norm: o.h1_grad_norm,
            h_grad_norms: o.h_grad_norms,
        }
    }
}

/// Trains `cfg` and evaluates the test set at every step in `record` and at every multiple of
/// 100 and 250 (for `steps_to_learnt`).
pub fn train_latching(
    cfg: &LatchingConfig,
    record: &[usize],
) -> Result<LatchingRun, RnnConfigError> {
    let mut trainer = LatchingTrainer::new(cfg)?;
    let mut run = LatchingRun {
        records: Vec::new(),
        steps_to_learnt: None,
    };
    for step in 0..=cfg.train_steps {
        let recorded = record.contains(&step);
        if recorded || (step > 0 && (step % 100 == 0 || step % 250 == 0)) {
            let r = trainer.measure(recorded);
            if run.steps_to_learnt.is_none() && step > 0 && r.test_accuracy >= LEARNT {
                run.steps_to_learnt = Some(step);
            }
            if recorded {
                run.records.push(r);
            }
        }
        if step == cfg.train_steps {
            break;
        }
        trainer.step();
    }
    Ok(run)
}
