//! The link from a mode of the page (the recurrent network, the transformer stack) to a
//! simulation worker of its own (the same script as the explorer's), started with the first
//! job (when the mode is first shown). Each change goes through a `FirstThenWhole` queue (one request
//! in flight, the newest change waiting); the replies it should show go into the mode's
//! `result` signal. A mode says how its job travels by implementing `ModeJob`.
//!
//! A change is answered twice (`FirstThenWhole`): first over one seed (a fifth of the work,
//! so the picture follows a slider), then over the whole seed band, asked for as soon as the
//! first answer is shown and nothing newer waits. The mode stays `busy` until the band is in.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;

use crate::ui::web::worker_link::{WorkerClient, WorkerLink};
use crate::worker::queue::FirstThenWhole;
use crate::worker::{Request, Response};

/// A mode's job: what it asks the worker, and which reply answers it.
pub trait ModeJob: Clone + PartialEq + 'static {
    type Reply: Send + Sync + 'static;
    /// The request for this job, numbered `id`.
    fn request(self, id: u64) -> Request;
    /// `response`'s id and result, when it answers a job of this kind.
    fn reply(response: Response) -> Option<(u64, Result<Self::Reply, String>)>;
    /// The same job over its first seed only, when it has more than one.
    fn first_seed(&self) -> Option<Self>;
}

/// Where a mode's link shows what comes back.
#[derive(Clone, Copy)]
pub struct ModeSignals<R: Send + Sync + 'static> {
    /// The newest reply, or what went wrong ("Computing…" at first).
    pub result: RwSignal<Result<R, String>>,
    pub busy: RwSignal<bool>,
}

pub struct ModeLink<J: ModeJob> {
    worker: WorkerLink,
    started: Cell<bool>,
    queue: RefCell<FirstThenWhole<J>>,
    signals: ModeSignals<J::Reply>,
}

/// A link that starts its worker with the first job it is given.
pub fn mode_link<J: ModeJob>(signals: ModeSignals<J::Reply>) -> Rc<ModeLink<J>> {
    Rc::new(ModeLink {
        worker: WorkerLink::new("simulation"),
        started: Cell::new(false),
        queue: RefCell::new(FirstThenWhole::new()),
        signals,
    })
}

impl<J: ModeJob> ModeLink<J> {
    /// Asks for `job` (the newest wins); the first call starts the worker.
    pub fn submit(self: &Rc<Self>, job: J) {
        if !self.started.replace(true) {
            self.worker.start(self, false);
        }
        if !self.worker.is_open() {
            return;
        }
        let first = job.first_seed();
        let request = self.queue.borrow_mut().submit(job, first);
        self.send(request);
        self.update_busy();
    }

    fn on_response(&self, response: Response) {
        match response {
            Response::Ready => {
                let request = self.queue.borrow_mut().ready();
                self.send(request);
            }
            other => {
                if let Some((id, result)) = J::reply(other) {
                    let after = self.queue.borrow_mut().reply(id);
                    if after.show {
                        self.signals.result.set(result);
                    }
                    self.send(after.send);
                }
            }
        }
        self.update_busy();
    }

    fn send(&self, request: Option<(u64, J)>) {
        let Some((id, job)) = request else {
            return;
        };
        if let Err(e) = self.worker.post(&job.request(id)) {
            self.fail(&e);
        }
    }

    fn update_busy(&self) {
        let busy = self.queue.borrow().busy();
        if self.signals.busy.get_untracked() != busy {
            self.signals.busy.set(busy);
        }
    }

    fn fail(&self, message: &str) {
        self.worker.stop();
        self.signals.result.set(Err(message.to_string()));
        self.signals.busy.set(false);
    }
}

impl<J: ModeJob> WorkerClient for ModeLink<J> {
    fn on_response(self: &Rc<Self>, response: Response, _arrived_ms: f64) {
        ModeLink::on_response(self, response);
    }
    fn on_failure(self: &Rc<Self>, message: String) {
        self.fail(&message);
    }
}
