//! The recurrent mode's simulation worker: a worker of its own (the same script as the
//! explorer's), started with the first config (when the mode is first shown). Each config change goes through a
//! `RequestQueue` (one request in flight, the newest change waiting), the replies it should
//! show go into `RnnState::result`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::Worker;

use super::state::RnnState;
use crate::page::recurrent::RNN_SEEDS;
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::RnnConfig;
use crate::ui::web::sim_worker::spawn_worker;
use crate::worker::queue::RequestQueue;
use crate::worker::{decode, encode, Request, Response};

pub struct RnnLink {
    worker: RefCell<Option<Worker>>,
    started: Cell<bool>,
    queue: RefCell<RequestQueue<(RnnConfig, MixedPrecision)>>,
    state: RnnState,
}

/// A link that starts its worker with the first config it is given.
pub fn rnn_link(state: RnnState) -> Rc<RnnLink> {
    Rc::new(RnnLink {
        worker: RefCell::new(None),
        started: Cell::new(false),
        queue: RefCell::new(RequestQueue::new()),
        state,
    })
}

impl RnnLink {
    /// Asks for `cfg` in `mixed`'s format (the newest wins); the first call starts the worker.
    pub fn submit(self: &Rc<Self>, cfg: RnnConfig, mixed: MixedPrecision) {
        if !self.started.replace(true) {
            let (on_msg, on_err) = (self.clone(), self.clone());
            match spawn_worker(
                move |bytes| on_msg.on_message(bytes),
                move |e| on_err.fail(&format!("The simulation worker stopped: {e}")),
            ) {
                Ok(w) => *self.worker.borrow_mut() = Some(w),
                Err(e) => self.fail(&format!("The simulation worker could not start: {e}")),
            }
        }
        if self.worker.borrow().is_none() {
            return;
        }
        let request = self.queue.borrow_mut().submit((cfg, mixed));
        self.send(request);
        self.update_busy();
    }

    fn on_message(&self, bytes: &[u8]) {
        match decode::<Response>(bytes) {
            Ok(Response::Ready) => {
                let request = self.queue.borrow_mut().ready();
                self.send(request);
            }
            Ok(Response::Recurrent { id, spread }) => {
                let after = self.queue.borrow_mut().reply(id);
                if after.show {
                    self.state.result.set(spread);
                }
                self.send(after.send);
            }
            Ok(Response::Refused { reason }) => {
                return self.fail(&format!(
                    "The simulation worker refused a request: {reason}"
                ))
            }
            Ok(_) => {}
            Err(e) => return self.fail(&e),
        }
        self.update_busy();
    }

    fn send(&self, request: Option<(u64, (RnnConfig, MixedPrecision))>) {
        let Some((id, (config, mixed))) = request else {
            return;
        };
        let bytes = encode(&Request::Recurrent {
            id,
            config,
            seeds: RNN_SEEDS,
            mixed,
        });
        let posted = match &*self.worker.borrow() {
            Some(w) => w.post_message(&js_sys::Uint8Array::from(bytes.as_slice())),
            None => return,
        };
        if let Err(e) = posted {
            self.fail(&format!("could not send to the simulation worker: {e:?}"));
        }
    }

    fn update_busy(&self) {
        let busy = self.queue.borrow().busy();
        if self.state.busy.get_untracked() != busy {
            self.state.busy.set(busy);
        }
    }

    fn fail(&self, message: &str) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.state.result.set(Err(message.to_string()));
        self.state.busy.set(false);
    }
}
