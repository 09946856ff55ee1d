//! A training panel's worker link, for any sequence task (`worker::task`): a `TaskDriver`
//! (which requests to send, which replies to show) joined to a worker of its own (the same
//! script as the simulation worker, started with the first run), so a run's chunks never wait
//! behind the charts' reports and vice versa. Replies of the run on screen go into the
//! panel's `TaskSignals`.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::ui::web::worker_link::{WorkerClient, WorkerLink};
use crate::worker::task::{Progress, TaskDriver, TaskKind, TaskProgress, TaskRun};
use crate::worker::{Request, Response};

/// What the worker sent back about the run on screen.
pub struct TaskSignals<R: Send + Sync + 'static> {
    /// (step, batch loss) of every update so far.
    pub losses: RwSignal<Vec<(usize, f64)>>,
    /// The test set at the measured steps.
    pub records: RwSignal<Vec<R>>,
    /// The run's configured steps (the charts' axis).
    pub steps: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    pub finished: RwSignal<bool>,
    pub nonfinite_at: RwSignal<Option<usize>>,
    /// What went wrong (a rejected config, a worker that stopped).
    pub error: RwSignal<Option<String>>,
    /// A run has been started (until then the panel offers Start only).
    pub started: RwSignal<bool>,
}

// Signals are handles: copyable whatever the record type.
impl<R: Send + Sync + 'static> Clone for TaskSignals<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: Send + Sync + 'static> Copy for TaskSignals<R> {}

impl<R: Send + Sync + 'static> TaskSignals<R> {
    pub fn new() -> TaskSignals<R> {
        TaskSignals {
            losses: RwSignal::new(Vec::new()),
            records: RwSignal::new(Vec::new()),
            steps: RwSignal::new(0),
            playing: RwSignal::new(false),
            finished: RwSignal::new(false),
            nonfinite_at: RwSignal::new(None),
            error: RwSignal::new(None),
            started: RwSignal::new(false),
        }
    }

    /// Empties the run's numbers (a start or a reset).
    pub fn clear(&self, steps: usize) {
        self.losses.set(Vec::new());
        self.records.set(Vec::new());
        self.steps.set(steps);
        self.finished.set(false);
        self.nonfinite_at.set(None);
        self.error.set(None);
    }

    /// Appends a chunk's numbers.
    pub fn record(&self, p: TaskProgress<R>) {
        if !p.losses.is_empty() {
            self.losses.update(|l| l.extend(p.losses));
        }
        if !p.records.is_empty() {
            self.records.update(|r| r.extend(p.records));
        }
        if p.nonfinite_at.is_some() {
            self.nonfinite_at.set(p.nonfinite_at);
        }
        if self.finished.get_untracked() != p.finished {
            self.finished.set(p.finished);
        }
    }

    /// The run can go on (started, not finished, not stopped by a non-finite loss or an error).
    pub fn can_go_on(&self) -> bool {
        self.started.get()
            && !self.finished.get()
            && self.nonfinite_at.get().is_none()
            && self.error.get().is_none()
    }

    /// What the run is doing, in words.
    pub fn status(&self) -> String {
        if let Some(e) = self.error.get() {
            return e;
        }
        if let Some(step) = self.nonfinite_at.get() {
            return format!("Stopped: the loss was not finite at step {step}.");
        }
        match (self.started.get(), self.finished.get(), self.playing.get()) {
            (false, _, _) => "Press Start to train.".to_string(),
            (_, true, _) => "Finished.".to_string(),
            (_, _, true) => "Training…".to_string(),
            _ => "Paused.".to_string(),
        }
    }
}

impl<R: Send + Sync + 'static> Default for TaskSignals<R> {
    fn default() -> Self {
        Self::new()
    }
}

type RecordOf<K> = <<K as TaskKind>::Run as TaskRun>::Record;

pub struct TaskLink<K: TaskKind>
where
    RecordOf<K>: Send + Sync,
{
    worker: WorkerLink,
    driver: RefCell<TaskDriver<K>>,
    out: TaskSignals<RecordOf<K>>,
}

impl<K: TaskKind> TaskLink<K>
where
    RecordOf<K>: Send + Sync,
{
    pub fn new(out: TaskSignals<RecordOf<K>>) -> Rc<TaskLink<K>> {
        Rc::new(TaskLink {
            worker: match K::HELPED {
                true => WorkerLink::with_helper("training"),
                false => WorkerLink::new("training"),
            },
            driver: RefCell::new(TaskDriver::new()),
            out,
        })
    }

    /// A new run of `config` (`steps` updates), paused at step 0 (the worker starts with the
    /// first).
    pub fn start(self: &Rc<Self>, config: <K::Run as TaskRun>::Config, steps: usize) {
        if !self.worker.is_open() {
            // A fresh worker answers nothing until it says `Ready`.
            *self.driver.borrow_mut() = TaskDriver::new();
            self.worker.start(self, false);
        }
        self.out.clear(steps);
        self.out.playing.set(false);
        let requests = self.driver.borrow_mut().start(config);
        self.send_all(requests);
    }

    pub fn reset(self: &Rc<Self>) {
        let steps = self.out.steps.get_untracked();
        self.out.clear(steps);
        self.out.playing.set(false);
        let requests = self.driver.borrow_mut().reset();
        self.send_all(requests);
    }

    pub fn play(self: &Rc<Self>) {
        let requests = self.driver.borrow_mut().play();
        self.out.playing.set(true);
        self.send_all(requests);
    }

    pub fn pause(&self) {
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
    }

    fn on_progress(self: &Rc<Self>, id: u64, run: u64, progress: Result<Progress<K::Run>, String>) {
        let halt = match &progress {
            Ok(p) => p.finished || p.nonfinite_at.is_some(),
            Err(_) => true,
        };
        let after = self.driver.borrow_mut().reply(id, run, halt);
        if after.show {
            match progress {
                Ok(p) => self.out.record(p),
                Err(e) => self.out.error.set(Some(e)),
            }
            let playing = self.driver.borrow().playing();
            if self.out.playing.get_untracked() != playing {
                self.out.playing.set(playing);
            }
        }
        if let Some(request) = after.send {
            self.send_all(vec![request]);
        }
    }

    fn send_all(&self, requests: Vec<Request>) {
        for request in requests {
            if let Err(e) = self.worker.post(&request) {
                return self.fail(&e);
            }
        }
    }

    /// Shows `message` and stops (a rejected run, a worker that stopped).
    pub fn fail(&self, message: &str) {
        self.worker.stop();
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
        self.out.error.set(Some(message.to_string()));
    }
}

impl<K: TaskKind> WorkerClient for TaskLink<K>
where
    RecordOf<K>: Send + Sync,
{
    fn on_response(self: &Rc<Self>, response: Response, _arrived_ms: f64) {
        if let Response::Ready = response {
            let requests = self.driver.borrow_mut().ready();
            return self.send_all(requests);
        }
        if let Some((id, run, progress)) = K::reply(response) {
            self.on_progress(id, run, progress);
        }
    }
    fn on_failure(self: &Rc<Self>, message: String) {
        self.fail(&message);
    }
}
