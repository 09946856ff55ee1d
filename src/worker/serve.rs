//! What the worker does with a request: the core, unaware of where it runs.

use std::collections::VecDeque;

use super::latching::LatchingSession;
use super::reverse::{ReverseAction, ReverseSession};
use super::split::{begin, Split, SplitChunk};
use super::task::NO_RUN;
use super::train::TrainSession;
use super::{decode, encode, Request, Response, Worked};
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::report::first_look_mixed;
use crate::sim::recurrent::{
    simulate_rnn_seeds_in, spread, Draws, RnnConfig, RnnSpread, Workspace,
};
use crate::sim::transformer::shard::{ShardHelper, ShardJob};
use crate::sim::transformer::simulate_transformer_mixed;
use crate::sim::{Config, Report, SeedSpread, Simulator};

/// The worker's state: one `Simulator`, kept between requests so a depth or activation
/// change reuses its random draws, and one training run.
pub struct Server {
    simulator: Simulator,
    training: TrainSession,
    /// The transformer's reverse-task run.
    reverse: ReverseSession,
    /// The recurrent latching-task run.
    latching: LatchingSession,
    /// The recurrent mode's buffers (every run's: one set alive at a time) and its last first
    /// look's draws (a slider's next value reuses them).
    rnn_runs: (Workspace, Draws),
    /// Milliseconds on some monotonic clock: a training chunk stops once its budget is spent,
    /// and a simulation reply says when it was worked on.
    clock: Box<dyn Fn() -> f64>,
    /// The helper this worker sends reverse-task halves to, if it has one (`set_helper`).
    lead: Option<Lead>,
    /// This worker's side when it is another's helper (`Request::Shard`).
    shard_helper: ShardHelper,
}

/// A training worker's helper: how to reach it, the reverse-task chunk waiting for it (its
/// request's id and run), and the page's requests that came meanwhile, in order.
struct Lead {
    post: Box<dyn Fn(Vec<u8>)>,
    chunk: Option<(u64, u64, SplitChunk)>,
    waiting: VecDeque<Vec<u8>>,
}

impl Default for Server {
    fn default() -> Self {
        // Without a clock, a chunk's length is set by its step count alone.
        Server::with_clock(Box::new(|| 0.0))
    }
}

impl Server {
    pub fn new() -> Server {
        Server::default()
    }

    /// A server whose training chunks read the time from `clock` (milliseconds).
    pub fn with_clock(clock: Box<dyn Fn() -> f64>) -> Server {
        Server {
            simulator: Simulator::default(),
            training: TrainSession::default(),
            reverse: ReverseSession::default(),
            latching: LatchingSession::default(),
            rnn_runs: Default::default(),
            clock,
            lead: None,
            shard_helper: ShardHelper::new(),
        }
    }

    /// From now on this worker's reverse-task chunks send half their work to a helper
    /// (another worker's `Server`) through `post`; its replies come to `on_helper`.
    pub fn set_helper(&mut self, post: Box<dyn Fn(Vec<u8>)>) {
        self.lead = Some(Lead {
            post,
            chunk: None,
            waiting: VecDeque::new(),
        });
    }

    /// A request from the page; returns the replies due now (none while a chunk waits for
    /// the helper: the request waits too, and its reply comes with `on_helper`'s).
    pub fn on_page(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        if let Some(lead) = self.lead.as_mut().filter(|l| l.chunk.is_some()) {
            lead.waiting.push_back(bytes.to_vec());
            return Vec::new();
        }
        self.serve_page(bytes).into_iter().collect()
    }

    /// A reply from the helper; returns the replies to the page due now.
    pub fn on_helper(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        let Some(lead) = self.lead.as_mut() else {
            return Vec::new();
        };
        let Some((id, run, chunk)) = lead.chunk.take() else {
            return Vec::new();
        };
        let outcome = match decode::<Response>(bytes) {
            Ok(Response::Shard { outcome }) => outcome,
            Ok(_) => Err("the helper sent something else".to_string()),
            Err(e) => Err(e),
        };
        let now = (self.clock)();
        let Some(trainer) = self.reverse.run_mut() else {
            return Vec::new();
        };
        let post = |job: ShardJob| (lead.post)(encode(&Request::Shard { job }));
        let mut out = Vec::new();
        match chunk.on_reply(trainer, outcome, (now, &post)) {
            Split::Waiting(c) => lead.chunk = Some((id, run, c)),
            Split::Done(progress) => out.push(encode(&Response::Reversed { id, run, progress })),
        }
        // The requests that waited, until one waits for the helper again.
        while let Some(next) = self
            .lead
            .as_mut()
            .filter(|l| l.chunk.is_none())
            .and_then(|l| l.waiting.pop_front())
        {
            out.extend(self.serve_page(&next));
        }
        out
    }

    /// A page request: a reverse-task chunk with the helper begins (its reply comes later,
    /// unless it ends at once); any other is answered now.
    fn serve_page(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let request = match decode::<Request>(bytes) {
            Ok(r) => r,
            Err(reason) => return Some(encode(&Response::Refused { reason })),
        };
        let (Some(lead), Request::Reverse { id, run, action }) = (self.lead.as_mut(), &request)
        else {
            return Some(encode(&self.handle(request)));
        };
        let &ReverseAction::Advance {
            max_steps,
            budget_ms,
        } = action
        else {
            return Some(encode(&self.handle(request)));
        };
        let (id, run) = (*id, *run);
        let Some(trainer) = self.reverse.run_mut() else {
            let progress = Err(NO_RUN.to_string());
            return Some(encode(&Response::Reversed { id, run, progress }));
        };
        let post = |job: ShardJob| (lead.post)(encode(&Request::Shard { job }));
        match begin(trainer, (max_steps, budget_ms, (self.clock)()), &post) {
            Split::Waiting(c) => {
                lead.chunk = Some((id, run, c));
                None
            }
            Split::Done(progress) => Some(encode(&Response::Reversed { id, run, progress })),
        }
    }

    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Simulate {
                id,
                config,
                mixed,
                spread_seeds,
            } => {
                let start_ms = (self.clock)();
                let job = (&config, &mixed, spread_seeds);
                let (report, spread) = simulate_job(&mut self.simulator, job);
                let worked = Worked {
                    start_ms,
                    end_ms: (self.clock)(),
                };
                Response::Simulated {
                    id,
                    report,
                    spread,
                    worked,
                }
            }
            Request::Prefetch { configs, floats } => Response::Prefetched {
                more: self.simulator.prefetch(&configs, floats),
            },
            Request::Train { id, run, action } => Response::Trained {
                id,
                run,
                progress: self.training.handle(action, &*self.clock),
            },
            Request::Recurrent {
                id,
                config,
                seeds,
                mixed,
                first_look,
            } => Response::Recurrent {
                id,
                spread: recurrent_job(&config, (seeds, first_look), &mixed, &mut self.rnn_runs),
            },
            Request::Transformer {
                id,
                config,
                seeds,
                mixed,
            } => Response::Transformer {
                id,
                report: simulate_transformer_mixed(&config, seeds, &mixed)
                    .map_err(|e| e.to_string()),
            },
            Request::Reverse { id, run, action } => Response::Reversed {
                id,
                run,
                progress: self.reverse.handle(action, &*self.clock),
            },
            Request::Latching { id, run, action } => Response::Latched {
                id,
                run,
                progress: self.latching.handle(action, &*self.clock),
            },
            Request::Shard { job } => Response::Shard {
                outcome: self.shard_helper.run(&job),
            },
        }
    }

    /// Decodes a request, handles it, encodes the reply: the whole worker in one call.
    pub fn handle_bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        let response = match super::decode::<Request>(bytes) {
            Ok(request) => self.handle(request),
            Err(reason) => Response::Refused { reason },
        };
        super::encode(&response)
    }
}

/// A report of `config` in `mixed` and, with `spread_seeds` > 0, its spread over that many
/// seeds.
fn simulate_job(
    simulator: &mut Simulator,
    (config, mixed, spread_seeds): (&Config, &MixedPrecision, usize),
) -> (Result<Report, String>, Option<SeedSpread>) {
    let report = simulator
        .run_mixed(config, mixed)
        .map_err(|e| e.to_string());
    let spread = (spread_seeds > 0 && report.is_ok())
        .then(|| simulator.run_seeds_mixed(config, mixed, spread_seeds).ok())
        .flatten();
    (report, spread)
}

/// The spread of a recurrent `config` over `seeds` seeds (at least one) in `mixed`'s format,
/// or of its first seed's first look.
fn recurrent_job(
    config: &RnnConfig,
    (seeds, first_look): (usize, bool),
    mixed: &MixedPrecision,
    (ws, draws): &mut (Workspace, Draws),
) -> Result<RnnSpread, String> {
    let runs = match first_look {
        true => first_look_mixed(config, mixed, (ws, draws)),
        false => simulate_rnn_seeds_in(config, (seeds, mixed), ws),
    }
    .map_err(|e| e.to_string())?;
    spread(&runs).ok_or_else(|| "no seeds were run".to_string())
}
