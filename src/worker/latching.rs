//! The recurrent latching task (`sim::recurrent::train`) on the worker's one path for training
//! a task in chunks (`task`): its run, whose every measurement carries the test loss's
//! gradient through time (the panel's heatmap row), and its messages `Request::Latching` /
//! `Response::Latched`.

use super::task::{Reply, TaskAction, TaskDriver, TaskKind, TaskProgress, TaskRun, TaskSession};
use super::{Request, Response};
use crate::sim::recurrent::{LatchingConfig, LatchingRecord, LatchingTrainer};

pub type LatchingAction = TaskAction<LatchingConfig>;
pub type LatchingProgress = TaskProgress<LatchingRecord>;
pub type LatchingSession = TaskSession<LatchingTrainer>;
pub type LatchingDriver = TaskDriver<LatchingTask>;

impl TaskRun for LatchingTrainer {
    type Config = LatchingConfig;
    type Record = LatchingRecord;

    fn start(cfg: &LatchingConfig) -> Result<Self, String> {
        LatchingTrainer::new(cfg).map_err(|e| e.to_string())
    }
    fn config(&self) -> &LatchingConfig {
        LatchingTrainer::config(self)
    }
    fn target_steps(&self) -> usize {
        self.config().train_steps
    }
    fn steps_done(&self) -> usize {
        LatchingTrainer::steps_done(self)
    }
    fn step(&mut self) -> f64 {
        LatchingTrainer::step(self)
    }
    /// With the backward pass: the heatmap's ‖∂L_test/∂h_t‖.
    fn measure(&mut self) -> LatchingRecord {
        LatchingTrainer::measure(self, true)
    }
    fn finite(record: &LatchingRecord) -> bool {
        record.test_loss.is_finite()
    }
}

/// The latching task's messages.
#[derive(Debug)]
pub struct LatchingTask;

impl TaskKind for LatchingTask {
    type Run = LatchingTrainer;

    fn request(id: u64, run: u64, action: LatchingAction) -> Request {
        Request::Latching { id, run, action }
    }

    fn reply(response: Response) -> Option<Reply<LatchingTrainer>> {
        match response {
            Response::Latched { id, run, progress } => Some((id, run, progress)),
            _ => None,
        }
    }
}
