//! Training the transformer's reverse task in the worker (`sim::transformer::train`), driven
//! by the page a chunk at a time, as the MLP's training is (`train`, `train_driver`): each
//! `Advance` stops after `max_steps` updates or once its time budget is spent, so the worker
//! is never busy for long and a pause (the page asks for no further chunk) acts within one
//! chunk. `ReverseDriver` is the page's side: which requests to send, which replies to show.
//! Nothing here knows about the browser: the clock is passed in, so it is tested natively.

use serde::{Deserialize, Serialize};

use super::Request;
use crate::sim::transformer::task::ReverseConfig;
use crate::sim::transformer::train::{ReverseRecord, ReverseTrainer};

/// The test set (512 sequences, 16 forward passes: about five updates' work) is measured at
/// every multiple of this step, at step 0 and where a run stops.
pub const REVERSE_MEASURE_EVERY: usize = 25;
/// Updates a chunk may make at most.
pub const REVERSE_CHUNK_STEPS: usize = 100;
/// Worker time a chunk may take.
pub const REVERSE_CHUNK_BUDGET_MS: f64 = 40.0;

/// What the page asks the worker's reverse-task run to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReverseAction {
    /// Replace the run with a fresh one of this config; replies with the step-0 test set.
    Start(ReverseConfig),
    /// Up to `max_steps` more updates; the chunk ends early once `budget_ms` of the worker's
    /// clock has passed, at the config's `steps`, or at the first non-finite loss.
    Advance { max_steps: usize, budget_ms: f64 },
    /// The same run from step 0 (same initialization and sequences).
    Reset,
}

/// What a chunk did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReverseProgress {
    /// (step, the training batch's mean cross-entropy) of every update made, in order.
    pub losses: Vec<(usize, f64)>,
    /// The test set at the measured steps of the chunk.
    pub records: Vec<ReverseRecord>,
    /// The first step whose loss was not finite.
    pub nonfinite_at: Option<usize>,
    /// The run has made its configured number of steps.
    pub finished: bool,
}

/// The worker's reverse-task run.
#[derive(Default)]
pub struct ReverseSession {
    trainer: Option<ReverseTrainer>,
}

const NO_RUN: &str = "no training run to advance: start one first";

impl ReverseSession {
    /// Carries out `action`; `now` is the worker's clock in milliseconds.
    pub fn handle(
        &mut self,
        action: ReverseAction,
        now: &dyn Fn() -> f64,
    ) -> Result<ReverseProgress, String> {
        let trainer = match action {
            ReverseAction::Start(cfg) => {
                self.trainer = None;
                self.trainer.insert(ReverseTrainer::new(&cfg)?)
            }
            ReverseAction::Reset => {
                let cfg = self.trainer.as_ref().ok_or(NO_RUN)?.config().clone();
                self.trainer.insert(ReverseTrainer::new(&cfg)?)
            }
            ReverseAction::Advance {
                max_steps,
                budget_ms,
            } => {
                let trainer = self.trainer.as_mut().ok_or(NO_RUN)?;
                return Ok(advance(trainer, max_steps, budget_ms, now));
            }
        };
        let record = trainer.measure();
        Ok(ReverseProgress {
            nonfinite_at: (!record.test_loss.is_finite()).then_some(0),
            records: vec![record],
            finished: trainer.steps_done() >= trainer.config().steps,
            ..ReverseProgress::default()
        })
    }
}

/// Updates until the chunk's limit, its budget, the run's end or a non-finite loss.
fn advance(
    trainer: &mut ReverseTrainer,
    max_steps: usize,
    budget_ms: f64,
    now: &dyn Fn() -> f64,
) -> ReverseProgress {
    let started = now();
    let target = trainer.config().steps;
    let mut out = ReverseProgress::default();
    let mut measured_last = false;
    while out.losses.len() < max_steps && trainer.steps_done() < target {
        let loss = trainer.step();
        let step = trainer.steps_done();
        out.losses.push((step, loss));
        measured_last = step.is_multiple_of(REVERSE_MEASURE_EVERY);
        if measured_last {
            out.records.push(trainer.measure());
        }
        let finite = loss.is_finite() && out.records.last().is_none_or(|r| r.test_loss.is_finite());
        if !finite {
            out.nonfinite_at = Some(step);
            break;
        }
        if now() - started >= budget_ms {
            break;
        }
    }
    out.finished = trainer.steps_done() >= target;
    let stopped = out.finished || out.nonfinite_at.is_some();
    if !measured_last && !out.losses.is_empty() && stopped {
        out.records.push(trainer.measure());
    }
    out
}

/// What to do with a reverse-task reply.
#[derive(Debug, PartialEq)]
pub struct AfterReverseReply {
    /// The reply belongs to the run on screen: show it.
    pub show: bool,
    /// Send this request now (the next chunk while playing).
    pub send: Option<Request>,
}

/// The page's side, a pure state machine: while playing, exactly one `Advance` is in flight
/// and the next is asked for when it returns; pause asks for no more. A start or reset begins
/// a new `run` number; replies for an older run are dropped.
#[derive(Debug, Default)]
pub struct ReverseDriver {
    ready: bool,
    next_id: u64,
    run: u64,
    playing: bool,
    /// The `Advance` of the current run in flight, if any.
    advancing: Option<u64>,
    /// Requests made before the worker was ready, sent once it is.
    waiting: Vec<Request>,
}

impl ReverseDriver {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The worker is ready: everything asked for so far, in order.
    pub fn ready(&mut self) -> Vec<Request> {
        self.ready = true;
        std::mem::take(&mut self.waiting)
    }

    /// A new run of `config`, paused at step 0.
    pub fn start(&mut self, config: ReverseConfig) -> Vec<Request> {
        self.new_run();
        self.waiting.clear();
        self.request(ReverseAction::Start(config))
    }

    /// The same run from step 0, paused.
    pub fn reset(&mut self) -> Vec<Request> {
        self.new_run();
        self.request(ReverseAction::Reset)
    }

    /// Plays from where the run is: asks for a chunk unless one is in flight.
    pub fn play(&mut self) -> Vec<Request> {
        self.playing = true;
        match self.advancing {
            Some(_) => Vec::new(),
            None => self.advance(),
        }
    }

    /// Stops asking for chunks (the one in flight still arrives and is shown).
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// The worker answered request `id` of run `run`; `halt`: the run cannot go on (an
    /// error, a non-finite loss, its last step), so playing stops.
    pub fn reply(&mut self, id: u64, run: u64, halt: bool) -> AfterReverseReply {
        if run != self.run {
            return AfterReverseReply {
                show: false,
                send: None,
            };
        }
        if self.advancing == Some(id) {
            self.advancing = None;
        }
        if halt {
            self.playing = false;
        }
        let send = if self.playing && self.advancing.is_none() {
            self.advance().pop()
        } else {
            None
        };
        AfterReverseReply { show: true, send }
    }

    fn new_run(&mut self) {
        self.run += 1;
        self.playing = false;
        self.advancing = None;
    }

    fn advance(&mut self) -> Vec<Request> {
        let requests = self.request(ReverseAction::Advance {
            max_steps: REVERSE_CHUNK_STEPS,
            budget_ms: REVERSE_CHUNK_BUDGET_MS,
        });
        self.advancing = Some(self.next_id);
        requests
    }

    /// Sends now if the worker is ready, else keeps it for `ready`.
    fn request(&mut self, action: ReverseAction) -> Vec<Request> {
        self.next_id += 1;
        let request = Request::Reverse {
            id: self.next_id,
            run: self.run,
            action,
        };
        if self.ready {
            vec![request]
        } else {
            self.waiting.push(request);
            Vec::new()
        }
    }
}
