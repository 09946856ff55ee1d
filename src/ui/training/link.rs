//! The page's side of training: a `TrainDriver` (which requests to send, which replies to
//! show) joined to a transport, and the replies poured into the training signals. The page
//! uses a worker of its own for training (the same script as the simulation worker), so a long
//! simulation never holds up a chunk and vice versa; component tests use an inline server that
//! answers in the next task, through the same bytes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use web_sys::Worker;

use super::signals::TrainSignals;
use crate::train::config::POINTS;
use crate::train::data::generate;
use crate::train::streams::{sampler, Purpose};
use crate::train::TrainConfig;
use crate::worker::serve::Server;
use crate::worker::train_driver::TrainDriver;
use crate::worker::{decode, encode, Request, Response, TrainProgress};

/// While playing, the charts redraw at most this often (readouts follow every reply).
const FRAME_MS: f64 = 120.0;

enum Transport {
    Worker(Worker),
    /// Answers on the main thread (component tests: no worker there).
    Inline(Rc<RefCell<Server>>),
}

pub struct TrainLink {
    transport: RefCell<Option<Transport>>,
    /// How to make the transport the first time it is needed.
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
            transport: RefCell::new(None),
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

    fn on_message(self: &Rc<Self>, bytes: &[u8]) {
        match decode::<Response>(bytes) {
            Ok(Response::Ready) => {
                let requests = self.driver.borrow_mut().ready();
                self.send_all(requests);
            }
            Ok(Response::Trained { id, run, progress }) => self.on_progress(id, run, progress),
            Ok(Response::Refused { reason }) => {
                self.fail(&format!("The training worker refused a request: {reason}"))
            }
            Ok(
                Response::Simulated { .. }
                | Response::Prefetched { .. }
                | Response::Recurrent { .. }
                | Response::Transformer { .. }
                | Response::Reversed { .. }
                | Response::Latched { .. },
            ) => {}
            Err(e) => self.fail(&e),
        }
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

    fn send_all(self: &Rc<Self>, requests: Vec<Request>) {
        for request in requests {
            let bytes = encode(&request);
            let result = match &*self.transport.borrow() {
                Some(Transport::Worker(w)) => w
                    .post_message(&js_sys::Uint8Array::from(bytes.as_slice()))
                    .map_err(|e| format!("{e:?}")),
                Some(Transport::Inline(server)) => {
                    let (server, link) = (server.clone(), self.clone());
                    crate::ui::web::next_task::run_in_next_task(move || {
                        let reply = server.borrow_mut().handle_bytes(&bytes);
                        link.on_message(&reply);
                    });
                    Ok(())
                }
                None => return,
            };
            if let Err(e) = result {
                return self.fail(&format!("could not send to the training worker: {e}"));
            }
        }
    }

    fn fail(&self, message: &str) {
        if let Some(Transport::Worker(w)) = self.transport.borrow_mut().take() {
            w.terminate();
        }
        self.driver.borrow_mut().pause();
        self.out.playing.set(false);
        self.out.error.set(Some(message.to_string()));
    }

    fn ensure_transport(self: &Rc<Self>) {
        if self.transport.borrow().is_some() {
            return;
        }
        if !self.use_worker {
            let server = Server::with_clock(Box::new(js_sys::Date::now));
            *self.transport.borrow_mut() = Some(Transport::Inline(Rc::new(RefCell::new(server))));
            // The inline server is ready at once.
            let requests = self.driver.borrow_mut().ready();
            return self.send_all(requests);
        }
        match self.start_worker() {
            Ok(w) => *self.transport.borrow_mut() = Some(Transport::Worker(w)),
            Err(e) => self.fail(&format!("The training worker could not start: {e}")),
        }
    }

    fn start_worker(self: &Rc<Self>) -> Result<Worker, String> {
        let (messages, errors) = (self.clone(), self.clone());
        crate::ui::web::sim_worker::spawn_worker(
            move |bytes| messages.on_message(bytes),
            move |e| errors.fail(&format!("The training worker stopped: {e}")),
        )
    }
}
