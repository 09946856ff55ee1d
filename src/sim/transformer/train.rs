//! Training the reverse task (`task`): Adam with an optional linear warm-up, 32 fresh
//! sequences a step, the test set's loss and token accuracy at the recorded steps. A run is a
//! `ReverseTrainer`, stepped by `train_reverse` to the end or by the page's worker in chunks.

use serde::{Deserialize, Serialize};

use super::task::{
    draw_tokens, test_tokens, train_sampler, ReverseConfig, ReverseModel, ReverseWorkspace, SEQ,
    TRAIN_BATCH,
};
use crate::sim::optim::Adam;
use crate::sim::rng::Sampler;

/// The test set at one recorded step (after that many updates).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReverseRecord {
    pub step: usize,
    /// Mean cross-entropy; non-finite means the run diverged.
    pub test_loss: f64,
    pub test_accuracy: f64,
}

/// lr_t = lr·min(1, t/warmup) at update t = 1, 2, … (warmup 0: lr).
pub fn learning_rate(lr: f64, warmup: usize, t: usize) -> f32 {
    if warmup == 0 {
        return lr as f32;
    }
    (lr * (t as f64 / warmup as f64).min(1.0)) as f32
}

/// One run of the reverse task, a step at a time (the page drives it in chunks; `train_reverse`
/// runs it to the end): the model, Adam's moments, the run's stream of training sequences.
pub struct ReverseTrainer {
    cfg: ReverseConfig,
    model: ReverseModel,
    adam: Adam,
    data: Sampler,
    test: Vec<u8>,
    ws: ReverseWorkspace,
    steps_done: usize,
}

impl ReverseTrainer {
    /// A fresh run of `cfg` at step 0; `Err` says why the config was rejected.
    pub fn new(cfg: &ReverseConfig) -> Result<ReverseTrainer, String> {
        let mut model = ReverseModel::sample(cfg)?;
        let adam = Adam::new(model.tensors_mut().iter().map(|t| t.len()));
        Ok(ReverseTrainer {
            cfg: cfg.clone(),
            model,
            adam,
            data: train_sampler(cfg.seed),
            test: test_tokens(),
            ws: ReverseWorkspace::training(),
            steps_done: 0,
        })
    }

    pub fn config(&self) -> &ReverseConfig {
        &self.cfg
    }

    /// Updates made so far.
    pub fn steps_done(&self) -> usize {
        self.steps_done
    }

    /// One update on 32 fresh sequences; returns that batch's mean cross-entropy (before the
    /// update).
    pub fn step(&mut self) -> f64 {
        let tokens = draw_tokens(&mut self.data, TRAIN_BATCH * SEQ);
        let loss = self.model.train_step(&tokens, &mut self.ws);
        self.steps_done += 1;
        let lr = learning_rate(self.cfg.lr, self.cfg.warmup, self.steps_done);
        // An unused norm's gradient is left empty: zip skips it, so its parameters (and
        // moments) stay as they are, as if the gradient were zero.
        let params = self.model.tensors_mut().into_iter();
        self.adam.step(lr, params, self.ws.gradients().into_iter());
        loss
    }

    /// The test set's loss and token accuracy now.
    pub fn measure(&mut self) -> ReverseRecord {
        let (test_loss, test_accuracy) = self.model.evaluate(&self.test, &mut self.ws);
        ReverseRecord {
            step: self.steps_done,
            test_loss,
            test_accuracy,
        }
    }
}

/// Trains one seed of `cfg`, recording the test set at every step of `record` (≤ cfg.steps).
pub fn train_reverse(cfg: &ReverseConfig, record: &[usize]) -> Result<Vec<ReverseRecord>, String> {
    if let Some(&bad) = record.iter().find(|&&s| s > cfg.steps) {
        return Err(format!("record step {bad} is beyond steps {}", cfg.steps));
    }
    let mut run = ReverseTrainer::new(cfg)?;
    let mut out = Vec::with_capacity(record.len());
    loop {
        if record.contains(&run.steps_done()) {
            out.push(run.measure());
        }
        if run.steps_done() >= cfg.steps {
            return Ok(out);
        }
        run.step();
    }
}
