//! Training the reverse task (`task`): Adam with an optional linear warm-up, 32 fresh
//! sequences a step, the test set's loss and token accuracy at the recorded steps.

use serde::{Deserialize, Serialize};

use super::task::{
    draw_tokens, test_tokens, train_sampler, ReverseConfig, ReverseModel, ReverseWorkspace, SEQ,
    TRAIN_BATCH,
};
use crate::sim::optim::Adam;

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

/// Trains one seed of `cfg`, recording the test set at every step of `record` (≤ cfg.steps).
pub fn train_reverse(cfg: &ReverseConfig, record: &[usize]) -> Result<Vec<ReverseRecord>, String> {
    if let Some(&bad) = record.iter().find(|&&s| s > cfg.steps) {
        return Err(format!("record step {bad} is beyond steps {}", cfg.steps));
    }
    let mut model = ReverseModel::sample(cfg)?;
    let test = test_tokens();
    let mut data = train_sampler(cfg.seed);
    let mut ws = ReverseWorkspace::default();
    let mut adam = Adam::new(model.tensors_mut().iter().map(|t| t.len()));
    let mut out = Vec::with_capacity(record.len());
    for step in 0..=cfg.steps {
        if record.contains(&step) {
            let (test_loss, test_accuracy) = model.evaluate(&test, &mut ws);
            out.push(ReverseRecord {
                step,
                test_loss,
                test_accuracy,
            });
        }
        if step == cfg.steps {
            break;
        }
        let tokens = draw_tokens(&mut data, TRAIN_BATCH * SEQ);
        model.train_step(&tokens, &mut ws);
        let lr = learning_rate(cfg.lr, cfg.warmup, step + 1);
        // An unused norm's gradient is left empty: zip skips it, so its parameters (and
        // moments) stay as they are, as if the gradient were zero.
        let params = model.tensors_mut().into_iter();
        adam.step(lr, params, ws.gradients().into_iter());
    }
    Ok(out)
}
