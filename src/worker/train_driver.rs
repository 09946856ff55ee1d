//! The page's side of training, as a pure state machine: which training requests to send and
//! which replies to show. Play is driven by the page: while playing, exactly one `Advance`
//! chunk is in flight and the next is asked for when it returns; pause simply asks for no
//! more, so it takes effect when the chunk in flight (one time budget, `CHUNK_BUDGET_MS`)
//! ends. A start or reset begins a new `run` number; replies for an older run are dropped.

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

    /// A new run for `config` (paused at step 0).
    pub fn start(&mut self, config: TrainConfig) -> Vec<Request> {
        self.new_run();
        // Requests for an older run are moot once a new one starts.
        self.waiting.clear();
        self.request(TrainAction::Start(config))
    }

    /// The same run from step 0 (paused).
    pub fn reset(&mut self) -> Vec<Request> {
        self.new_run();
        self.request(TrainAction::Reset)
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
        let send = if self.playing && self.advancing.is_empty() {
            self.advance(CHUNK_STEPS, now_ms).pop()
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
    }

    fn advance(&mut self, max_steps: usize, now_ms: f64) -> Vec<Request> {
        let boundary = self
            .last_boundary_ms
            .is_none_or(|t| now_ms - t >= BOUNDARY_EVERY_MS || !self.playing);
        if boundary {
            self.last_boundary_ms = Some(now_ms);
        }
        let requests = self.request(TrainAction::Advance {
            max_steps,
            budget_ms: CHUNK_BUDGET_MS,
            boundary,
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
