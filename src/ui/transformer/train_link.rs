//! The training panel's worker link: a `ReverseDriver` (which requests to send, which replies
//! to show) joined to a worker of its own (the same script as the simulation worker, started
//! with the first run), so a run's chunks never wait behind the charts' reports and vice
//! versa. Replies of the run on screen go into the panel's `ReverseSignals`.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::Worker;

use super::train_state::ReverseSignals;
use crate::sim::transformer::task::ReverseConfig;
use crate::ui::web::sim_worker::spawn_worker;
use crate::worker::reverse::{ReverseDriver, ReverseProgress};
use crate::worker::{decode, encode, Request, Response};

pub struct ReverseLink {
    worker: RefCell<Option<Worker>>,
    driver: RefCell<ReverseDriver>,
    out: ReverseSignals,
}

impl ReverseLink {
    pub fn new(out: ReverseSignals) -> Rc<ReverseLink> {
        Rc::new(ReverseLink {
            worker: RefCell::new(None),
            driver: RefCell::new(ReverseDriver::new()),
            out,
        })
    }

    /// A new run of `config`, paused at step 0 (the worker starts with the first).
    pub fn start(self: &Rc<Self>, config: ReverseConfig) {
        if self.worker.borrow().is_none() {
            // A fresh worker answers nothing until it says `Ready`.
            *self.driver.borrow_mut() = ReverseDriver::new();
            self.start_worker();
        }
        self.out.clear(config.steps);
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

    fn on_message(self: &Rc<Self>, bytes: &[u8]) {
        match decode::<Response>(bytes) {
            Ok(Response::Ready) => {
                let requests = self.driver.borrow_mut().ready();
                self.send_all(requests);
            }
            Ok(Response::Reversed { id, run, progress }) => self.on_progress(id, run, progress),
            Ok(Response::Refused { reason }) => {
                self.fail(&format!("The training worker refused a request: {reason}"))
            }
            Ok(_) => {}
            Err(e) => self.fail(&e),
        }
    }

    fn on_progress(self: &Rc<Self>, id: u64, run: u64, progress: Result<ReverseProgress, String>) {
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
            let bytes = encode(&request);
            let posted = match &*self.worker.borrow() {
                Some(w) => w.post_message(&js_sys::Uint8Array::from(bytes.as_slice())),
                None => return,
            };
            if let Err(e) = posted {
                return self.fail(&format!("could not send to the training worker: {e:?}"));
            }
        }
    }

    fn start_worker(self: &Rc<Self>) {
        let (messages, errors) = (self.clone(), self.clone());
        match spawn_worker(
            move |bytes| messages.on_message(bytes),
            move |e| errors.fail(&format!("The training worker stopped: {e}")),
        ) {
            Ok(w) => *self.worker.borrow_mut() = Some(w),
            Err(e) => self.fail(&format!("The training worker could not start: {e}")),
        }
    }

    fn fail(&self, message: &str) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
        self.out.error.set(Some(message.to_string()));
    }
}
