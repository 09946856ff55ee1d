//! Training a sequence task in the worker, driven by the page a chunk at a time — one path
//! for every task a page trains (the transformer's reverse task, `reverse`; the recurrent
//! latching task, `latching`). A task's run implements `TaskRun` (a step, a measurement of
//! its test set); a task names its messages with `TaskKind`. Each `Advance` stops after
//! `max_steps` updates or once its time budget is spent, so the worker is never busy for long
//! and a pause (the page asks for no further chunk) acts within the chunks in flight (two, so
//! the worker starts the next while the page shows the last). `TaskDriver` is the
//! page's side: which requests to send, which replies to show. Nothing here knows about the
//! browser: the clock is passed in, so it is tested natively.

use std::fmt::Debug;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Request, Response};

/// The test set is measured at every multiple of this step, at step 0 and where a run stops.
pub const MEASURE_EVERY: usize = 25;
/// Updates a chunk may make at most.
pub const CHUNK_STEPS: usize = 100;
/// Worker time a chunk may take: ten replies a second. Each reply wakes the page's threads
/// (decoding, drawing, compositing), and on two cores that time comes out of the two
/// training workers' (at 40 ms the page trained the reverse task about a tenth slower).
pub const CHUNK_BUDGET_MS: f64 = 100.0;
/// `Advance` requests in flight while playing: with one, the worker idled while each reply
/// crossed to the page, was shown and the next request came back.
pub const CHUNKS_IN_FLIGHT: usize = 2;

/// One training run of a task, a step at a time.
pub trait TaskRun: Sized {
    type Config: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// What a measurement of the test set gives.
    type Record: Clone + Debug + PartialEq + Serialize + DeserializeOwned;

    /// A fresh run at step 0; `Err` says why the config was rejected.
    fn start(cfg: &Self::Config) -> Result<Self, String>;
    fn config(&self) -> &Self::Config;
    /// The run's configured number of updates.
    fn target_steps(&self) -> usize;
    fn steps_done(&self) -> usize;
    /// One update; returns its training batch's loss (before the update).
    fn step(&mut self) -> f64;
    /// The test set now.
    fn measure(&mut self) -> Self::Record;
    /// The record's test loss is finite (else the run diverged).
    fn finite(record: &Self::Record) -> bool;
}

/// A task's place in the protocol: its run, and the `Request`/`Response` variants that carry
/// its actions and progress.
pub trait TaskKind: 'static {
    type Run: TaskRun;
    /// The page gives this task's worker a helper worker (`split`).
    const HELPED: bool = false;
    fn request(id: u64, run: u64, action: Action<Self::Run>) -> Request;
    /// `(id, run, progress)` when `response` answers this task.
    fn reply(response: Response) -> Option<Reply<Self::Run>>;
}

/// A task's reply: (id, run, the chunk's progress or why there is none).
pub type Reply<R> = (u64, u64, Result<Progress<R>, String>);

pub type Action<R> = TaskAction<<R as TaskRun>::Config>;
pub type Progress<R> = TaskProgress<<R as TaskRun>::Record>;

/// What the page asks the worker's run of a task to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TaskAction<C> {
    /// Replace the run with a fresh one of this config; replies with the step-0 test set.
    Start(C),
    /// Up to `max_steps` more updates; the chunk ends early once `budget_ms` of the worker's
    /// clock has passed, at the config's steps, or at the first non-finite loss.
    Advance { max_steps: usize, budget_ms: f64 },
    /// The same run from step 0 (same initialization and data).
    Reset,
}

/// What a chunk did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskProgress<R> {
    /// (step, the training batch's loss) of every update made, in order.
    pub losses: Vec<(usize, f64)>,
    /// The test set at the measured steps of the chunk.
    pub records: Vec<R>,
    /// The first step whose loss was not finite.
    pub nonfinite_at: Option<usize>,
    /// The run has made its configured number of steps.
    pub finished: bool,
}

impl<R> Default for TaskProgress<R> {
    fn default() -> Self {
        TaskProgress {
            losses: Vec::new(),
            records: Vec::new(),
            nonfinite_at: None,
            finished: false,
        }
    }
}

/// The worker's run of one task.
pub struct TaskSession<T> {
    run: Option<T>,
}

impl<T> Default for TaskSession<T> {
    fn default() -> Self {
        TaskSession { run: None }
    }
}

pub const NO_RUN: &str = "no training run to advance: start one first";

impl<T: TaskRun> TaskSession<T> {
    /// The run, if one was started.
    pub fn run_mut(&mut self) -> Option<&mut T> {
        self.run.as_mut()
    }

    /// Carries out `action`; `now` is the worker's clock in milliseconds.
    pub fn handle(
        &mut self,
        action: Action<T>,
        now: &dyn Fn() -> f64,
    ) -> Result<Progress<T>, String> {
        let run = match action {
            TaskAction::Start(cfg) => {
                self.run = None;
                self.run.insert(T::start(&cfg)?)
            }
            TaskAction::Reset => {
                let cfg = self.run.as_ref().ok_or(NO_RUN)?.config().clone();
                self.run.insert(T::start(&cfg)?)
            }
            TaskAction::Advance {
                max_steps,
                budget_ms,
            } => {
                let run = self.run.as_mut().ok_or(NO_RUN)?;
                return Ok(advance(run, max_steps, budget_ms, now));
            }
        };
        let record = run.measure();
        Ok(TaskProgress {
            nonfinite_at: (!T::finite(&record)).then_some(0),
            records: vec![record],
            finished: run.steps_done() >= run.target_steps(),
            ..TaskProgress::default()
        })
    }
}

/// Updates until the chunk's limit, its budget, the run's end or a non-finite loss.
fn advance<T: TaskRun>(
    run: &mut T,
    max_steps: usize,
    budget_ms: f64,
    now: &dyn Fn() -> f64,
) -> Progress<T> {
    let started = now();
    let target = run.target_steps();
    let mut out = TaskProgress::default();
    let mut measured_last = false;
    while out.losses.len() < max_steps && run.steps_done() < target {
        let loss = run.step();
        let step = run.steps_done();
        out.losses.push((step, loss));
        measured_last = step.is_multiple_of(MEASURE_EVERY);
        if measured_last {
            out.records.push(run.measure());
        }
        let finite = loss.is_finite() && out.records.last().is_none_or(T::finite);
        if !finite {
            out.nonfinite_at = Some(step);
            break;
        }
        if now() - started >= budget_ms {
            break;
        }
    }
    out.finished = run.steps_done() >= target;
    let stopped = out.finished || out.nonfinite_at.is_some();
    if !measured_last && !out.losses.is_empty() && stopped {
        out.records.push(run.measure());
    }
    out
}

/// What to do with a task's reply.
#[derive(Debug, PartialEq)]
pub struct AfterTaskReply {
    /// The reply belongs to the run on screen: show it.
    pub show: bool,
    /// Send this request now (the next chunk while playing).
    pub send: Option<Request>,
}

/// The page's side, a pure state machine: while playing, `CHUNKS_IN_FLIGHT` `Advance`s are in
/// flight and another is asked for as each returns; pause asks for no more. A start or reset
/// begins a new `run` number; replies for an older run are dropped, and so are those that
/// follow a halt (the chunk already in flight behind a diverged run's would step on).
#[derive(Debug)]
pub struct TaskDriver<K> {
    ready: bool,
    next_id: u64,
    run: u64,
    playing: bool,
    /// A reply of the current run said it cannot go on.
    halted: bool,
    /// The ids of the current run's `Advance`s in flight.
    advancing: Vec<u64>,
    /// Requests made before the worker was ready, sent once it is.
    waiting: Vec<Request>,
    kind: PhantomData<K>,
}

impl<K> Default for TaskDriver<K> {
    fn default() -> Self {
        TaskDriver {
            ready: false,
            next_id: 0,
            run: 0,
            playing: false,
            halted: false,
            advancing: Vec::new(),
            waiting: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<K: TaskKind> TaskDriver<K> {
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
    pub fn start(&mut self, config: <K::Run as TaskRun>::Config) -> Vec<Request> {
        self.new_run();
        self.waiting.clear();
        self.request(TaskAction::Start(config))
    }

    /// The same run from step 0, paused.
    pub fn reset(&mut self) -> Vec<Request> {
        self.new_run();
        self.request(TaskAction::Reset)
    }

    /// Plays from where the run is: asks for chunks until `CHUNKS_IN_FLIGHT` are in flight.
    pub fn play(&mut self) -> Vec<Request> {
        self.playing = true;
        let mut requests = Vec::new();
        while self.advancing.len() < CHUNKS_IN_FLIGHT {
            requests.extend(self.advance());
        }
        requests
    }

    /// Stops asking for chunks (those in flight still arrive and are shown).
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// The worker answered request `id` of run `run`; `halt`: the run cannot go on (an
    /// error, a non-finite loss, its last step), so playing stops.
    pub fn reply(&mut self, id: u64, run: u64, halt: bool) -> AfterTaskReply {
        if run != self.run {
            return AfterTaskReply {
                show: false,
                send: None,
            };
        }
        self.advancing.retain(|&a| a != id);
        if self.halted {
            return AfterTaskReply {
                show: false,
                send: None,
            };
        }
        if halt {
            self.playing = false;
            self.halted = true;
        }
        let send = if self.playing && self.advancing.len() < CHUNKS_IN_FLIGHT {
            self.advance().pop()
        } else {
            None
        };
        AfterTaskReply { show: true, send }
    }

    fn new_run(&mut self) {
        self.run += 1;
        self.playing = false;
        self.halted = false;
        self.advancing.clear();
    }

    fn advance(&mut self) -> Vec<Request> {
        let requests = self.request(TaskAction::Advance {
            max_steps: CHUNK_STEPS,
            budget_ms: CHUNK_BUDGET_MS,
        });
        self.advancing.push(self.next_id);
        requests
    }

    /// Sends now if the worker is ready, else keeps it for `ready`.
    fn request(&mut self, action: Action<K::Run>) -> Vec<Request> {
        self.next_id += 1;
        let request = K::request(self.next_id, self.run, action);
        if self.ready {
            vec![request]
        } else {
            self.waiting.push(request);
            Vec::new()
        }
    }
}
