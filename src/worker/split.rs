//! A reverse-task chunk (`TaskAction::Advance`) worked with a helper worker that keeps a copy
//! of the run (`sim::transformer::shard`): each update's second shard and each measurement's
//! second half go to the helper while this worker works the first. A chunk is then a sequence
//! of events — begun, a helper reply, the next, … — rather than `task::advance`'s loop, and
//! it ends where that loop would, with the same progress and the same bits.

use super::reverse::ReverseProgress;
use super::task::{TaskProgress, MEASURE_EVERY};
use crate::sim::transformer::shard::{ShardJob, ShardOutcome};
use crate::sim::transformer::train::ReverseTrainer;

/// Sends a job to the helper (at once: the helper works while this worker does).
pub type PostJob<'a> = &'a dyn Fn(ShardJob);

/// A chunk waiting for the helper.
#[derive(Debug)]
pub struct SplitChunk {
    started_ms: f64,
    max_steps: usize,
    budget_ms: f64,
    out: ReverseProgress,
    measured_last: bool,
    /// Waiting for a measurement's half; `end`: the one made where the chunk stops.
    measuring: Option<bool>,
}

/// Where a chunk is after an event.
#[derive(Debug)]
pub enum Split {
    Waiting(SplitChunk),
    Done(Result<ReverseProgress, String>),
}

/// Begins a chunk of up to `max_steps` updates and `budget_ms` (from `started_ms`).
pub fn begin(
    run: &mut ReverseTrainer,
    (max_steps, budget_ms, started_ms): (usize, f64, f64),
    post: PostJob,
) -> Split {
    let chunk = SplitChunk {
        started_ms,
        max_steps,
        budget_ms,
        out: TaskProgress::default(),
        measured_last: false,
        measuring: None,
    };
    if max_steps == 0 || run.steps_done() >= run.config().steps {
        return chunk.stop(run, post);
    }
    chunk.update(run, post)
}

impl SplitChunk {
    /// The helper's reply to the job this chunk waits for; `now_ms` is the worker's clock.
    pub fn on_reply(
        mut self,
        run: &mut ReverseTrainer,
        outcome: Result<ShardOutcome, String>,
        (now_ms, post): (f64, PostJob),
    ) -> Split {
        match (outcome, self.measuring) {
            (Ok(ShardOutcome::Gradients(g)), None) => {
                let loss = match run.finish_step(&g) {
                    Ok(loss) => loss,
                    Err(e) => return Split::Done(Err(e)),
                };
                let step = run.steps_done();
                self.out.losses.push((step, loss));
                self.measured_last = step.is_multiple_of(MEASURE_EVERY);
                if self.measured_last {
                    return self.measure(run, post, false);
                }
                self.after_update(run, now_ms, post)
            }
            (Ok(ShardOutcome::Test(scores)), Some(end)) => {
                self.out.records.push(run.finish_measure(&scores));
                match end {
                    true => Split::Done(Ok(self.out)),
                    false => self.after_update(run, now_ms, post),
                }
            }
            (Err(e), _) => Split::Done(Err(format!("the helper worker failed: {e}"))),
            (Ok(_), _) => Split::Done(Err("the helper worker answered another job".into())),
        }
    }

    /// As `task::advance` after an update: stop at a non-finite loss or test loss, the
    /// budget, the chunk's step count or the run's end; else the next update.
    fn after_update(mut self, run: &mut ReverseTrainer, now_ms: f64, post: PostJob) -> Split {
        let loss = self.out.losses.last().map_or(f64::NAN, |l| l.1);
        let finite = loss.is_finite()
            && self
                .out
                .records
                .last()
                .is_none_or(|r| r.test_loss.is_finite());
        if !finite {
            self.out.nonfinite_at = Some(run.steps_done());
            return self.stop(run, post);
        }
        let spent = now_ms - self.started_ms >= self.budget_ms;
        let counted = self.out.losses.len() >= self.max_steps;
        if spent || counted || run.steps_done() >= run.config().steps {
            return self.stop(run, post);
        }
        self.update(run, post)
    }

    fn update(mut self, run: &mut ReverseTrainer, post: PostJob) -> Split {
        self.measuring = None;
        post(run.begin_step());
        // The helper's copy makes this update too, from this shard's gradients and its own.
        post(run.work_own_shard());
        Split::Waiting(self)
    }

    fn measure(mut self, run: &mut ReverseTrainer, post: PostJob, end: bool) -> Split {
        post(run.begin_measure());
        run.measure_own_half();
        self.measuring = Some(end);
        Split::Waiting(self)
    }

    /// The chunk's end: the test set once more where the run stopped (finished or not
    /// finite) unless this update was measured.
    fn stop(mut self, run: &mut ReverseTrainer, post: PostJob) -> Split {
        self.out.finished = run.steps_done() >= run.config().steps;
        let stopped = self.out.finished || self.out.nonfinite_at.is_some();
        if !self.measured_last && !self.out.losses.is_empty() && stopped {
            return self.measure(run, post, true);
        }
        Split::Done(Ok(self.out))
    }
}
