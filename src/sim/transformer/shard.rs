//! A reverse-task run worked by two workers at once. The helper keeps a copy of the run (the
//! parameters and Adam's moments); each update both work one shard of the batch, send each
//! other their shard's gradients and make the same update from the same sum (a + b = b + a in
//! float32), so the copies stay equal bit for bit and only gradients cross between them. A
//! measurement is split in halves the same way. Natively (and in a worker without a helper)
//! the trainer works both shards itself, with the same bits.

use serde::{Deserialize, Serialize};

use super::task::{ChunkScore, ReverseConfig, ReverseWorkspace};
use super::train::ReverseTrainer;
use crate::sim::optim::Adam;

/// What the lead asks of its helper, at the lead's run's `steps_done` (a copy at another
/// step answers with an error rather than with wrong bits).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardJob {
    pub steps_done: usize,
    pub work: ShardWork,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ShardWork {
    /// Become a copy of this run (a new run, or after a failure). No answer.
    Copy(Box<RunCopy>),
    /// The second shard of the next update: `ReverseModel::shard_step` on these sequences.
    /// Answer: `ShardOutcome::Gradients`.
    Gradients(Vec<u8>),
    /// The update, given the lead's shard's gradients (the copy adds its own). No answer.
    Update(ShardGrads),
    /// `ReverseModel::chunk_scores` on the test set from this sequence on. Answer:
    /// `ShardOutcome::Test`.
    TestFrom(usize),
}

/// Everything a run's next updates depend on but the training sequences (the lead sends
/// each update's second shard).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunCopy {
    pub cfg: ReverseConfig,
    pub steps_done: usize,
    /// `ReverseModel::flat_params`.
    #[serde(with = "super::f32_bytes")]
    pub params: Vec<f32>,
    pub adam: Adam,
}

/// A shard's summed loss and its gradients, tensor after tensor (`ReverseWorkspace::gradients`
/// order; an unused tensor's gradient is empty there and takes no values here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardGrads {
    pub loss_sum: f64,
    #[serde(with = "super::f32_bytes")]
    pub flat: Vec<f32>,
}

impl ShardGrads {
    /// The gradients `ws` holds after a `shard_step` that returned `loss_sum`.
    pub fn of(loss_sum: f64, ws: &ReverseWorkspace) -> ShardGrads {
        ShardGrads {
            loss_sum,
            flat: ws.gradients().concat(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ShardOutcome {
    Gradients(ShardGrads),
    Test(Vec<ChunkScore>),
}

/// A helper's side: its copy of the lead's run, if it has a good one.
#[derive(Default)]
pub struct ShardHelper {
    copy: Option<ReverseTrainer>,
}

impl ShardHelper {
    pub fn new() -> ShardHelper {
        ShardHelper::default()
    }

    /// Does `job`: `None` for the jobs that have no answer (a failure there drops the copy,
    /// so the next job that has one answers with an error).
    pub fn run(&mut self, job: ShardJob) -> Option<Result<ShardOutcome, String>> {
        let at = job.steps_done;
        match job.work {
            ShardWork::Copy(state) => {
                self.copy = ReverseTrainer::from_copy(*state).ok();
                None
            }
            ShardWork::Update(lead) => {
                if self.copy_at(at).and_then(|c| c.finish_step(&lead)).is_err() {
                    self.copy = None;
                }
                None
            }
            ShardWork::Gradients(tokens) => Some(
                self.copy_at(at)
                    .map(|c| ShardOutcome::Gradients(c.work_shard(&tokens))),
            ),
            ShardWork::TestFrom(first) => Some(
                self.copy_at(at)
                    .map(|c| ShardOutcome::Test(c.scores_from(first))),
            ),
        }
    }

    /// The copy, if it has made exactly `steps_done` updates.
    fn copy_at(&mut self, steps_done: usize) -> Result<&mut ReverseTrainer, String> {
        let copy = self
            .copy
            .as_mut()
            .ok_or("the helper has no copy of the run")?;
        match copy.steps_done() {
            at if at == steps_done => Ok(copy),
            at => Err(format!(
                "the helper's copy is at step {at}, not {steps_done}"
            )),
        }
    }
}
