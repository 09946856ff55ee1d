//! A reverse-task run's work that can be done elsewhere: one shard of a training batch, or part
//! of the test set, given the run's config and its parameters now. The page's training worker
//! sends a `ShardJob` to a helper worker and works the other half meanwhile; natively (and in
//! a worker without a helper) the trainer does both halves itself. Either way the same
//! function computes each half from the same values, so the bits do not depend on where.

use serde::{Deserialize, Serialize};

use super::task::{test_tokens, ChunkScore, ReverseConfig, ReverseModel, ReverseWorkspace};

/// What a helper is asked to compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ShardWork {
    /// `ReverseModel::shard_step` on these sequences.
    Gradients(Vec<u8>),
    /// `ReverseModel::chunk_scores` on the test set from this sequence on.
    TestFrom(usize),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardJob {
    pub cfg: ReverseConfig,
    /// `ReverseModel::flat_params` of the run now.
    #[serde(with = "super::f32_bytes")]
    pub params: Vec<f32>,
    pub work: ShardWork,
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

/// A helper's side: a model of the last config, loaded with each job's parameters.
#[derive(Default)]
pub struct ShardHelper {
    model: Option<(ReverseConfig, ReverseModel)>,
    ws: ReverseWorkspace,
    test: Vec<u8>,
}

impl ShardHelper {
    pub fn new() -> ShardHelper {
        ShardHelper {
            ws: ReverseWorkspace::training(),
            ..ShardHelper::default()
        }
    }

    /// Does `job`; `Err` when its config or parameters do not make a model.
    pub fn run(&mut self, job: &ShardJob) -> Result<ShardOutcome, String> {
        if self.model.as_ref().is_none_or(|(cfg, _)| *cfg != job.cfg) {
            self.model = Some((job.cfg.clone(), ReverseModel::sample(&job.cfg)?));
        }
        let Some((_, model)) = self.model.as_mut() else {
            return Err("no model".into());
        };
        model.load_params(&job.params)?;
        match &job.work {
            ShardWork::Gradients(tokens) => {
                let loss_sum = model.shard_step(tokens, &mut self.ws);
                Ok(ShardOutcome::Gradients(ShardGrads::of(loss_sum, &self.ws)))
            }
            ShardWork::TestFrom(first) => {
                if self.test.is_empty() {
                    self.test = test_tokens();
                }
                let from = (first * super::task::SEQ).min(self.test.len());
                let scores = model.chunk_scores(&self.test[from..], &mut self.ws);
                Ok(ShardOutcome::Test(scores))
            }
        }
    }
}
