//! The explorer's side of its simulation worker (reached through `worker_link`): sends each new
//! config (through the `RequestQueue`: one request in flight, the newest change waiting) and
//! puts the replies it should show into signals. The side networks (the lessons' quick fix, the
//! pinned network: `results::SIDE_*`) go to the same worker, each on a queue of its own whose
//! request ids start at a high bit, so the explorer runs one simulation worker whatever it
//! shows; while every queue is idle it asks the worker to draw likely next networks ahead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::results::{Results, SIDES, SLOW_MS, SPREAD_SEEDS};
use super::timing;
use super::worker_link::{WorkerClient, WorkerLink};
use crate::page::edit::Setup;
use crate::sim::mixed::MixedPrecision;
use crate::sim::{Config, Report, SeedSpread};
use crate::worker::queue::RequestQueue;
use crate::worker::{Request, Response, Worked};

/// Marked when a request is posted (the benchmarks read it as the end of the input's handling).
const REQUEST_MARK: &str = "sim-worker request";

/// A config, its number format and how many seeds its spread needs (0: none).
type Job = (Config, MixedPrecision, usize);

/// Weight floats the worker draws ahead per prefetch request (whole layers, at least one):
/// about 1.5 ms of sampling in wasm, so a change that arrives meanwhile waits at most that.
const PREFETCH_FLOATS: usize = 1 << 18;

/// Ids of side queue k's requests start at (k + 1) << SIDE_ID_SHIFT (the explorer's at 1):
/// each range holds 2^58 ids, more than a page ever sends.
const SIDE_ID_SHIFT: u32 = 58;

/// The side queue a reply's id belongs to (`None`: the explorer's).
fn side_of(id: u64) -> Option<usize> {
    let k = (id >> SIDE_ID_SHIFT) as usize;
    (1..=SIDES).contains(&k).then(|| k - 1)
}

/// Marked once per worker started (the end-to-end tests count them).
const STARTED_MARK: &str = "simulation worker started";

/// Starts the worker and returns the signals its replies fill.
pub fn worker_results(
    config: ReadSignal<Config>,
    mixed: ReadSignal<MixedPrecision>,
    show_spread: RwSignal<bool>,
    side_configs: [Signal<Option<Setup>>; SIDES],
    ahead: Signal<Vec<Config>>,
) -> Results {
    let sides = std::array::from_fn(|k| Side {
        queue: RefCell::new(RequestQueue::with_first_id((k as u64 + 1) << SIDE_ID_SHIFT)),
        report: RwSignal::new(None),
    });
    let link = Rc::new(Link {
        worker: WorkerLink::new("simulation"),
        queue: RefCell::new(RequestQueue::new()),
        sides,
        report: RwSignal::new(Err("Computing…".to_string())),
        spread: RwSignal::new(None),
        busy: RwSignal::new(true),
        slow: RwSignal::new(false),
        busy_since: Cell::new(0),
        posted: RefCell::new(Vec::new()),
        prefetch: RefCell::new(Vec::new()),
        prefetch_sent: RefCell::new(None),
    });
    link.arm_slow_timer();
    link.worker.start(&link, false);
    if link.worker.is_open() {
        timing::mark(STARTED_MARK);
    }
    let results = Results {
        report: link.report.into(),
        spread: link.spread.into(),
        side: std::array::from_fn(|k| link.sides[k].report.into()),
        busy: link.busy.into(),
        slow: link.slow.into(),
    };
    {
        let link = link.clone();
        Effect::new(move |_| {
            let seeds = if show_spread.get() { SPREAD_SEEDS } else { 0 };
            link.submit((config.get(), mixed.get(), seeds));
        });
    }
    // Computed beside the explorer's network, in the same worker (never on the page).
    for (k, asked) in side_configs.into_iter().enumerate() {
        let link = link.clone();
        Effect::new(move |_| match asked.get() {
            Some(side) => link.submit_side(k, (side.config, side.mixed, 0)),
            None => link.sides[k].report.set(None),
        });
    }
    {
        // Only recorded here: it goes out once every queue is idle (`prefetch_when_idle`).
        let link = link.clone();
        Effect::new(move |_| *link.prefetch.borrow_mut() = ahead.get());
    }
    results
}

/// A side network's queue and the reply it shows.
struct Side {
    queue: RefCell<RequestQueue<Job>>,
    report: RwSignal<Option<Result<Report, String>>>,
}

struct Link {
    /// Closed once the worker failed: nothing is sent any more.
    worker: WorkerLink,
    queue: RefCell<RequestQueue<Job>>,
    /// The side networks (`results::SIDE_*`), each on its own queue.
    sides: [Side; SIDES],
    report: RwSignal<Result<Report, String>>,
    spread: RwSignal<Option<SeedSpread>>,
    busy: RwSignal<bool>,
    slow: RwSignal<bool>,
    /// Counts busy periods, so a timer from an earlier one does not show the indicator.
    busy_since: Cell<u64>,
    /// When each request in flight was posted (id, `timing::epoch_now`): at most one per queue.
    posted: RefCell<Vec<(u64, f64)>>,
    /// The networks whose weights the worker should draw ahead, likeliest first (empty: all
    /// drawn).
    prefetch: RefCell<Vec<Config>>,
    /// The prefetch request in flight, if any.
    prefetch_sent: RefCell<Option<Vec<Config>>>,
}

impl Link {
    fn submit(self: &Rc<Self>, job: Job) {
        if !self.worker.is_open() {
            return;
        }
        let request = self.queue.borrow_mut().submit(job);
        self.send(request);
        self.update_busy();
    }

    fn submit_side(&self, k: usize, job: Job) {
        if !self.worker.is_open() {
            return;
        }
        let request = self.sides[k].queue.borrow_mut().submit(job);
        self.send(request);
    }

    fn on_response(self: &Rc<Self>, response: Response, handled: f64) {
        match response {
            Response::Ready => {
                let request = self.queue.borrow_mut().ready();
                self.send(request);
                for side in &self.sides {
                    let request = side.queue.borrow_mut().ready();
                    self.send(request);
                }
            }
            Response::Simulated { id, report, .. } if side_of(id).is_some() => {
                self.posted.borrow_mut().retain(|&(sent, _)| sent != id);
                let Some(side) = side_of(id).and_then(|k| self.sides.get(k)) else {
                    return;
                };
                let after = side.queue.borrow_mut().reply(id);
                if after.show {
                    side.report.set(Some(report));
                }
                self.send(after.send);
            }
            Response::Simulated {
                id,
                report,
                spread,
                worked,
            } => {
                self.measure_round_trip(id, worked, handled);
                let after = self.queue.borrow_mut().reply(id);
                if after.show {
                    self.report.set(report);
                    self.spread.set(spread);
                }
                self.send(after.send);
            }
            Response::Prefetched { more } => {
                let sent = self.prefetch_sent.borrow_mut().take();
                let mut wanted = self.prefetch.borrow_mut();
                if !more && sent.as_ref() == Some(&*wanted) {
                    wanted.clear();
                }
            }
            // Training and the other modes' replies go to their own links, never this one.
            _ => {}
        }
        self.update_busy();
        self.prefetch_when_idle();
    }

    /// Asks the worker to draw a chunk of the weights of the networks the controls likely give
    /// next, if nothing else is asked of it: a change never waits behind more than one chunk.
    fn prefetch_when_idle(&self) {
        let idle = self.prefetch_sent.borrow().is_none()
            && !self.queue.borrow().busy()
            && self.sides.iter().all(|s| !s.queue.borrow().busy());
        if !idle || self.prefetch.borrow().is_empty() {
            return;
        }
        let configs = self.prefetch.borrow().clone();
        let request = Request::Prefetch {
            configs: configs.clone(),
            floats: PREFETCH_FLOATS,
        };
        if self.post(&request) {
            *self.prefetch_sent.borrow_mut() = Some(configs);
        }
    }

    fn send(&self, request: Option<(u64, Job)>) {
        let Some((id, (config, mixed, spread_seeds))) = request else {
            return;
        };
        timing::mark(REQUEST_MARK);
        self.posted.borrow_mut().push((id, timing::epoch_now()));
        self.post(&Request::Simulate {
            id,
            config,
            mixed,
            spread_seeds,
        });
    }

    /// Posts `request` to the worker; false (after `fail`) if it could not be sent.
    fn post(&self, request: &Request) -> bool {
        if !self.worker.is_open() {
            return false;
        }
        match self.worker.post(request) {
            Ok(()) => true,
            Err(e) => {
                self.fail(&e);
                false
            }
        }
    }

    /// Splits an explorer request's round trip into the page's measures (`timing`): waiting
    /// to reach the worker, the worker's work, waiting to reach the page's handler.
    fn measure_round_trip(&self, id: u64, worked: Worked, handled: f64) {
        let posted = {
            let mut posted = self.posted.borrow_mut();
            let at = posted.iter().position(|&(sent, _)| sent == id);
            at.map(|i| posted.swap_remove(i).1)
        };
        let Some(posted) = posted else { return };
        timing::measure_between("sim-worker round trip", posted, handled);
        timing::measure_between("sim-worker request wait", posted, worked.start_ms);
        timing::measure_between("sim-worker compute", worked.start_ms, worked.end_ms);
        timing::measure_between("sim-worker reply wait", worked.end_ms, handled);
    }

    /// Says what went wrong where the report would be, and stops using the worker.
    fn fail(&self, message: &str) {
        self.worker.stop();
        self.report.set(Err(message.to_string()));
        self.spread.set(None);
        self.set_busy(false);
    }

    fn update_busy(self: &Rc<Self>) {
        let busy = self.queue.borrow().busy();
        if busy && !self.busy.get_untracked() {
            self.set_busy(true);
            self.arm_slow_timer();
        } else if !busy {
            self.set_busy(false);
        }
    }

    fn set_busy(&self, busy: bool) {
        if self.busy.get_untracked() != busy {
            self.busy_since.set(self.busy_since.get() + 1);
            self.busy.set(busy);
        }
        if !busy && self.slow.get_untracked() {
            self.slow.set(false);
        }
    }

    /// Shows the progress indicator if this busy period lasts `SLOW_MS`.
    fn arm_slow_timer(self: &Rc<Self>) {
        let period = self.busy_since.get();
        let link = Rc::downgrade(self);
        set_timeout(
            move || {
                if let Some(link) = link.upgrade() {
                    if link.busy_since.get() == period && link.busy.get_untracked() {
                        link.slow.set(true);
                    }
                }
            },
            Duration::from_millis(SLOW_MS),
        );
    }
}

impl WorkerClient for Link {
    fn on_response(self: &Rc<Self>, response: Response, arrived_ms: f64) {
        Link::on_response(self, response, arrived_ms);
    }
    fn on_failure(self: &Rc<Self>, message: String) {
        self.fail(&message);
    }
}
