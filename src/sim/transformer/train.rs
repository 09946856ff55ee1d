//! Training the reverse task (`task`): Adam with an optional linear warm-up, 32 fresh
//! sequences a step, the test set's loss and token accuracy at the recorded steps. A run is a
//! `ReverseTrainer`, stepped by `train_reverse` to the end or by the page's worker in chunks.

use serde::{Deserialize, Serialize};

use super::shard::{RunCopy, ShardGrads, ShardJob, ShardWork};
use super::task::{
    draw_tokens, mean_scores, test_tokens, train_sampler, ChunkScore, ReverseConfig, ReverseModel,
    ReverseWorkspace, SEQ, SHARD_SEQUENCES, TEST_SEQUENCES, TRAIN_BATCH, TRAIN_ROWS,
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
/// An update or a measurement is worked in two halves: `step` and `measure` do both here; the
/// page's worker gives the second to a helper that keeps a copy of the run (`shard`:
/// `copy_job`, then `begin_step` … `finish_step`, `begin_measure` … `finish_measure`), with the
/// same bits.
pub struct ReverseTrainer {
    cfg: ReverseConfig,
    model: ReverseModel,
    adam: Adam,
    data: Sampler,
    test: Vec<u8>,
    /// The first shard's workspace, then the second's (when worked here).
    ws: ReverseWorkspace,
    ws_other: ReverseWorkspace,
    /// The first shard of the update begun, then its summed loss.
    own_tokens: Vec<u8>,
    own_loss: f64,
    /// The first half of the test set's scores, of the measurement begun.
    own_scores: Vec<ChunkScore>,
    steps_done: usize,
}

/// The test set's sequences a helper measures (the second half).
const TEST_HALF: usize = TEST_SEQUENCES / 2;

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
            ws_other: ReverseWorkspace::training(),
            own_tokens: Vec::new(),
            own_loss: 0.0,
            own_scores: Vec::new(),
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

    /// One update on 32 fresh sequences, both shards here; returns that batch's mean
    /// cross-entropy (before the update).
    pub fn step(&mut self) -> f64 {
        let tokens = draw_tokens(&mut self.data, TRAIN_BATCH * SEQ);
        let (own, other) = tokens.split_at(SHARD_SEQUENCES * SEQ);
        self.own_loss = self.model.shard_step(own, &mut self.ws);
        let loss = self.model.shard_step(other, &mut self.ws_other);
        let other = ShardGrads::of(loss, &self.ws_other);
        // Both came from this model: their lengths agree.
        self.finish_step(&other).unwrap_or(f64::NAN)
    }

    /// Draws the next update's 32 sequences and returns the job that gives a helper the
    /// second shard (then `work_own_shard`, then `finish_step` with the helper's gradients).
    pub fn begin_step(&mut self) -> ShardJob {
        let mut tokens = draw_tokens(&mut self.data, TRAIN_BATCH * SEQ);
        let other = tokens.split_off(SHARD_SEQUENCES * SEQ);
        self.own_tokens = tokens;
        self.job(ShardWork::Gradients(other))
    }

    /// Works the first shard of the update begun; returns the job that gives the helper its
    /// gradients, for the helper's copy of the update.
    pub fn work_own_shard(&mut self) -> ShardJob {
        let tokens = std::mem::take(&mut self.own_tokens);
        let grads = self.work_shard(&tokens);
        self.own_tokens = tokens;
        self.job(ShardWork::Update(grads))
    }

    /// One shard of the update begun (the lead's, or on a helper's copy the one it is sent):
    /// its gradients, kept here for `finish_step` and returned for the other side.
    pub fn work_shard(&mut self, tokens: &[u8]) -> ShardGrads {
        self.own_loss = self.model.shard_step(tokens, &mut self.ws);
        ShardGrads::of(self.own_loss, &self.ws)
    }

    /// Adds the other shard's gradients to this one's and makes the update; returns the
    /// batch's mean cross-entropy (before the update). `Err` when `other` does not fit.
    pub fn finish_step(&mut self, other: &ShardGrads) -> Result<f64, String> {
        // Summed as a + b here and b + a on the other side: the same float32 values.
        self.ws.add_gradients(&other.flat)?;
        self.steps_done += 1;
        let lr = learning_rate(self.cfg.lr, self.cfg.warmup, self.steps_done);
        // An unused norm's gradient is left empty: zip skips it, so its parameters (and
        // moments) stay as they are, as if the gradient were zero.
        let params = self.model.tensors_mut().into_iter();
        self.adam.step(lr, params, self.ws.gradients().into_iter());
        Ok((self.own_loss + other.loss_sum) / TRAIN_ROWS as f64)
    }

    /// The job that makes a helper a copy of this run.
    pub fn copy_job(&self) -> ShardJob {
        self.job(ShardWork::Copy(Box::new(RunCopy {
            cfg: self.cfg.clone(),
            steps_done: self.steps_done,
            params: self.model.flat_params(),
            adam: self.adam.clone(),
        })))
    }

    /// A copy of the run `copy` describes (a helper's); `Err` when its parts do not fit.
    pub fn from_copy(copy: RunCopy) -> Result<ReverseTrainer, String> {
        let mut run = ReverseTrainer::new(&copy.cfg)?;
        run.model.load_params(&copy.params)?;
        if !copy.adam.fits(run.model.tensors().iter().map(|t| t.len())) {
            return Err("Adam's moments do not fit the model".into());
        }
        (run.adam, run.steps_done) = (copy.adam, copy.steps_done);
        Ok(run)
    }

    /// The test set's loss and token accuracy now.
    pub fn measure(&mut self) -> ReverseRecord {
        let scores = self.model.chunk_scores(&self.test, &mut self.ws);
        self.record(&scores)
    }

    /// A measurement whose second half is the returned job's (then `measure_own_half`, then
    /// `finish_measure` with the helper's scores).
    pub fn begin_measure(&self) -> ShardJob {
        self.job(ShardWork::TestFrom(TEST_HALF))
    }

    pub fn measure_own_half(&mut self) {
        let own = &self.test[..TEST_HALF * SEQ];
        self.own_scores = self.model.chunk_scores(own, &mut self.ws);
    }

    /// The test set's scores from sequence `first` on (a helper's half).
    pub fn scores_from(&mut self, first: usize) -> Vec<ChunkScore> {
        let from = (first * SEQ).min(self.test.len());
        self.model.chunk_scores(&self.test[from..], &mut self.ws)
    }

    /// The measurement begun, given the second half's scores.
    pub fn finish_measure(&mut self, other: &[ChunkScore]) -> ReverseRecord {
        let mut scores = std::mem::take(&mut self.own_scores);
        scores.extend_from_slice(other);
        self.record(&scores)
    }

    fn record(&self, scores: &[ChunkScore]) -> ReverseRecord {
        let (test_loss, test_accuracy) = mean_scores(scores);
        ReverseRecord {
            step: self.steps_done,
            test_loss,
            test_accuracy,
        }
    }

    fn job(&self, work: ShardWork) -> ShardJob {
        ShardJob {
            steps_done: self.steps_done,
            work,
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
