//! The page's side of training, as a pure state machine: which training requests to send and
//! which replies to show. Play is driven by the page: while playing, exactly one `Advance`
//! chunk is in flight and the next is asked for when it returns; pause simply asks for no
//! more, so it takes effect when the chunk in flight (one time budget, `CHUNK_BUDGET_MS`)
//! ends. A start or reset begins a new `run` number; replies for an older run are dropped.
//!
//! The explorer's report of the trained hidden layers (`train::report`) is asked for with a
//! chunk at most every `PROBE_EVERY_MS` while playing, with every single step, and once more
//! (`TrainAction::Probe`) when the run stops — paused, finished or halted — after a last chunk
//! that carried none, so a paused run's charts show the step the readouts show.

use super::train::TrainAction;
use super::Request;
use crate::train::TrainConfig;

/// Steps a chunk may make at most.
pub const CHUNK_STEPS: usize = 50;
/// Worker time a chunk may take: short enough that pause acts promptly and progress shows
/// smoothly, long enough that the message round trip costs little.
pub const CHUNK_BUDGET_MS: f64 = 30.0;
/// The decision boundary is asked for at most this often while playing.
pub const BOUNDARY_EVERY_MS: f64 = 200.0;
/// The explorer's report is asked for at most this often while playing (the charts redraw
/// at most every 120 ms; a report costs about two training steps at the default batch).
pub const PROBE_EVERY_MS: f64 = 250.0;

/// What to do with a training reply.
#[derive(Debug, PartialEq)]
pub struct AfterTrainReply {
    /// The reply belongs to the run on screen: show it.
    pub show: bool,
    /// Send this request now (the next chunk while playing).
    pub send: Option<Request>,
}

#[derive(Debug, Default)]
pub struct TrainDriver {
    ready: bool,
    next_id: u64,
    run: u64,
    playing: bool,
    /// Ids of `Advance` requests of the current run not answered yet.
    advancing: Vec<u64>,
    /// Requests made before the worker was ready, sent once it is.
    waiting: Vec<Request>,
    last_boundary_ms: Option<f64>,
    /// Examples in the explorer's batch (None: no reports asked for).
    probe: Option<usize>,
    last_probe_ms: Option<f64>,
    /// Steps were asked for since the last report was: one is due when the run stops.
    probe_stale: bool,
}

impl TrainDriver {
    pub fn new() -> Self {
        Self::default()
    }

    /// The run whose replies are shown.
    pub fn run(&self) -> u64 {
        self.run
    }

    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The worker is ready: everything asked for so far, in order.
    pub fn ready(&mut self) -> Vec<Request> {
        self.ready = true;
        std::mem::take(&mut self.waiting)
    }

    /// A new run for `config` (paused at step 0); with `probe`, the explorer's report of its
    /// hidden layers on a batch of that many examples, now and as it trains.
    pub fn start(&mut self, config: TrainConfig, probe: Option<usize>) -> Vec<Request> {
        self.new_run();
        // Requests for an older run are moot once a new one starts.
        self.waiting.clear();
        self.probe = probe;
        let mut requests = self.request(TrainAction::Start(config));
        requests.extend(self.probe_request());
        requests
    }

    /// The same run from step 0 (paused).
    pub fn reset(&mut self) -> Vec<Request> {
        self.new_run();
        let mut requests = self.request(TrainAction::Reset);
        requests.extend(self.probe_request());
        requests
    }

    /// Plays from where the run is: asks for a chunk unless one is in flight already.
    pub fn play(&mut self, now_ms: f64) -> Vec<Request> {
        self.playing = true;
        if self.advancing.is_empty() {
            self.advance(CHUNK_STEPS, now_ms)
        } else {
            Vec::new()
        }
    }

    /// Stops asking for chunks (the one in flight, if any, still arrives and is shown).
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// One step, paused afterwards.
    pub fn step_once(&mut self, now_ms: f64) -> Vec<Request> {
        self.playing = false;
        self.advance(1, now_ms)
    }

    /// The worker answered request `id` of run `run`. `halt`: the reply says the run cannot
    /// go on (an error, a non-finite loss, its last step), so playing stops.
    pub fn reply(&mut self, id: u64, run: u64, halt: bool, now_ms: f64) -> AfterTrainReply {
        if run != self.run {
            return AfterTrainReply {
                show: false,
                send: None,
            };
        }
        self.advancing.retain(|&a| a != id);
        if halt {
            self.playing = false;
        }
        let send = if !self.advancing.is_empty() {
            None
        } else if self.playing {
            self.advance(CHUNK_STEPS, now_ms).pop()
        } else if self.probe_stale {
            self.probe_request().pop()
        } else {
            None
        };
        AfterTrainReply { show: true, send }
    }

    fn new_run(&mut self) {
        self.run += 1;
        self.playing = false;
        self.advancing.clear();
        self.last_boundary_ms = None;
        self.last_probe_ms = None;
        self.probe_stale = false;
    }

    /// `Probe` of the current step, if reports are wanted.
    fn probe_request(&mut self) -> Vec<Request> {
        let Some(batch) = self.probe else {
            return Vec::new();
        };
        self.probe_stale = false;
        self.request(TrainAction::Probe { batch })
    }

    /// The probe batch for a chunk asked for at `now_ms`, when a report is due with it.
    fn probe_with_chunk(&mut self, now_ms: f64) -> Option<usize> {
        let due = !self.playing
            || self
                .last_probe_ms
                .is_none_or(|t| now_ms - t >= PROBE_EVERY_MS);
        let probe = self.probe.filter(|_| due);
        if probe.is_some() {
            self.last_probe_ms = Some(now_ms);
        }
        // The worker may skip a playing chunk's report (`PROBE_COST_RATIO`): only a single
        // step's report is sure to come.
        self.probe_stale = self.probe.is_some() && (probe.is_none() || self.playing);
        probe
    }

    fn advance(&mut self, max_steps: usize, now_ms: f64) -> Vec<Request> {
        let boundary = self
            .last_boundary_ms
            .is_none_or(|t| now_ms - t >= BOUNDARY_EVERY_MS || !self.playing);
        if boundary {
            self.last_boundary_ms = Some(now_ms);
        }
        let probe = self.probe_with_chunk(now_ms);
        let requests = self.request(TrainAction::Advance {
            max_steps,
            budget_ms: CHUNK_BUDGET_MS,
            boundary,
            probe,
        });
        if let Some(Request::Train { id, .. }) = requests.last().or(self.waiting.last()) {
            self.advancing.push(*id);
        }
        requests
    }

    /// Sends now if the worker is ready, else keeps it for `ready`.
    fn request(&mut self, action: TrainAction) -> Vec<Request> {
        self.next_id += 1;
        let request = Request::Train {
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
