//! The page's side of training: a `TrainDriver` (which requests to send, which replies to
//! show) joined to a `WorkerLink`, and the replies poured into the training signals. The page
//! uses a worker of its own for training (the same script as the simulation worker), so a long
//! simulation never holds up a chunk and vice versa; component tests use the link's inline
//! server, which answers in the next task through the same bytes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::signals::TrainSignals;
use crate::train::config::POINTS;
use crate::train::data::generate;
use crate::train::streams::{sampler, Purpose};
use crate::train::TrainConfig;
use crate::ui::web::worker_link::{WorkerClient, WorkerLink};
use crate::worker::train_driver::TrainDriver;
use crate::worker::{Request, Response, TrainProgress};

/// While playing, the charts redraw at most this often (readouts follow every reply).
const FRAME_MS: f64 = 120.0;

pub struct TrainLink {
    worker: WorkerLink,
    /// Whether to start a worker (else the inline server: component tests).
    use_worker: bool,
    driver: RefCell<TrainDriver>,
    out: TrainSignals,
    last_frame_ms: Cell<f64>,
    frame_scheduled: Cell<bool>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl TrainLink {
    pub fn new(out: TrainSignals, use_worker: bool) -> Rc<Self> {
        Rc::new(TrainLink {
            worker: WorkerLink::new("training"),
            use_worker,
            driver: RefCell::new(TrainDriver::new()),
            out,
            last_frame_ms: Cell::new(f64::NEG_INFINITY),
            frame_scheduled: Cell::new(false),
        })
    }

    /// A new run; `probe_batch`: the explorer's batch, on which the explorer's charts are
    /// computed for the trained network.
    pub fn start(self: &Rc<Self>, config: TrainConfig, probe_batch: usize) {
        self.ensure_transport();
        self.out.clear(config.net.depth);
        let points = generate(
            config.data,
            POINTS,
            config.noise,
            &mut sampler(config.seed, Purpose::TrainData),
        );
        self.out.points.set(Some(points));
        let requests = self.driver.borrow_mut().start(config, Some(probe_batch));
        self.send_all(requests);
    }

    pub fn reset(self: &Rc<Self>) {
        let depth = self.out.history.with_untracked(|h| h.depth);
        self.out.clear(depth);
        let requests = self.driver.borrow_mut().reset();
        self.send_all(requests);
    }

    pub fn play(self: &Rc<Self>) {
        let requests = self.driver.borrow_mut().play(now_ms());
        self.out.playing.set(true);
        self.send_all(requests);
    }

    pub fn pause(&self) {
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
    }

    pub fn step_once(self: &Rc<Self>) {
        let requests = self.driver.borrow_mut().step_once(now_ms());
        self.out.playing.set(false);
        self.send_all(requests);
    }

    fn on_progress(self: &Rc<Self>, id: u64, run: u64, progress: Result<TrainProgress, String>) {
        let halt = match &progress {
            Ok(p) => p.finished || p.nonfinite_at.is_some(),
            Err(_) => true,
        };
        let halted_before = self.out.halted();
        let after = self
            .driver
            .borrow_mut()
            .reply(id, run, halt || halted_before, now_ms());
        if after.show {
            match progress {
                Ok(p) => self.out.record(p),
                Err(e) => self.out.error.set(Some(e)),
            }
            let playing = self.driver.borrow().playing();
            self.out.playing.set(playing);
            self.redraw_charts(playing);
        }
        if let Some(request) = after.send {
            self.send_all(vec![request]);
        }
    }

    /// Charts redraw at once when paused, else at most every `FRAME_MS`.
    fn redraw_charts(self: &Rc<Self>, playing: bool) {
        let since = now_ms() - self.last_frame_ms.get();
        if !playing || since >= FRAME_MS {
            self.last_frame_ms.set(now_ms());
            self.out.frame.update(|f| *f += 1);
        } else if !self.frame_scheduled.replace(true) {
            let link = Rc::downgrade(self);
            set_timeout(
                move || {
                    if let Some(link) = link.upgrade() {
                        link.frame_scheduled.set(false);
                        link.last_frame_ms.set(now_ms());
                        link.out.frame.update(|f| *f += 1);
                    }
                },
                Duration::from_millis((FRAME_MS - since).max(0.0) as u64),
            );
        }
    }

    fn send_all(&self, requests: Vec<Request>) {
        for request in requests {
            if let Err(e) = self.worker.post(&request) {
                return self.fail(&e);
            }
        }
    }

    fn fail(&self, message: &str) {
        self.worker.stop();
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
        self.out.error.set(Some(message.to_string()));
    }

    fn ensure_transport(self: &Rc<Self>) {
        if !self.worker.is_open() {
            self.worker.start(self, !self.use_worker);
        }
    }
}

impl WorkerClient for TrainLink {
    fn on_response(self: &Rc<Self>, response: Response, _arrived_ms: f64) {
        match response {
            Response::Ready => {
                let requests = self.driver.borrow_mut().ready();
                self.send_all(requests);
            }
            Response::Trained { id, run, progress } => self.on_progress(id, run, progress),
            // The explorer's and the other modes' replies go to their own links.
            _ => {}
        }
    }
    fn on_failure(self: &Rc<Self>, message: String) {
        self.fail(&message);
    }
}
