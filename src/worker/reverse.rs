//! The transformer's reverse task (`sim::transformer::train`) on the worker's one path for
//! training a task in chunks (`task`): its run, and its messages `Request::Reverse` /
//! `Response::Reversed`.

use super::task::{
    AfterTaskReply, Reply, TaskAction, TaskDriver, TaskKind, TaskProgress, TaskRun, TaskSession,
};
use super::{Request, Response};
use crate::sim::transformer::task::ReverseConfig;
use crate::sim::transformer::train::{ReverseRecord, ReverseTrainer};

pub use super::task::{
    CHUNK_BUDGET_MS as REVERSE_CHUNK_BUDGET_MS, CHUNK_STEPS as REVERSE_CHUNK_STEPS,
    MEASURE_EVERY as REVERSE_MEASURE_EVERY,
};

pub type ReverseAction = TaskAction<ReverseConfig>;
pub type ReverseProgress = TaskProgress<ReverseRecord>;
pub type ReverseSession = TaskSession<ReverseTrainer>;
pub type ReverseDriver = TaskDriver<ReverseTask>;
pub type AfterReverseReply = AfterTaskReply;

impl TaskRun for ReverseTrainer {
    type Config = ReverseConfig;
    type Record = ReverseRecord;

    fn start(cfg: &ReverseConfig) -> Result<Self, String> {
        ReverseTrainer::new(cfg)
    }
    fn config(&self) -> &ReverseConfig {
        ReverseTrainer::config(self)
    }
    fn target_steps(&self) -> usize {
        self.config().steps
    }
    fn steps_done(&self) -> usize {
        ReverseTrainer::steps_done(self)
    }
    fn step(&mut self) -> f64 {
        ReverseTrainer::step(self)
    }
    fn measure(&mut self) -> ReverseRecord {
        ReverseTrainer::measure(self)
    }
    fn finite(record: &ReverseRecord) -> bool {
        record.test_loss.is_finite()
    }
}

/// The reverse task's messages.
#[derive(Debug)]
pub struct ReverseTask;

impl TaskKind for ReverseTask {
    type Run = ReverseTrainer;
    const HELPED: bool = true;

    fn request(id: u64, run: u64, action: ReverseAction) -> Request {
        Request::Reverse { id, run, action }
    }

    fn reply(response: Response) -> Option<Reply<ReverseTrainer>> {
        match response {
            Response::Reversed { id, run, progress } => Some((id, run, progress)),
            _ => None,
        }
    }
}
