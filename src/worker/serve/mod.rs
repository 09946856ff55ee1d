//! What the worker does with a request: the core, unaware of where it runs (`lead`: a
//! training worker's side of its helper worker).

mod lead;

use super::latching::LatchingSession;
use super::reverse::ReverseSession;
use super::train::TrainSession;
use super::{Request, Response, Worked};
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::report::first_look_mixed;
use crate::sim::recurrent::{
    simulate_rnn_seeds_in, spread, Draws, RnnConfig, RnnSpread, Workspace,
};
use crate::sim::transformer::shard::ShardHelper;
use crate::sim::transformer::simulate_transformer_mixed;
use crate::sim::{Config, Report, SeedSpread, Simulator};
use lead::Lead;

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
            // A helper's jobs come through its lead's port (`on_lead`), not the page's.
            Request::Shard { .. } => Response::Refused {
                reason: "a helper's job came from the page".into(),
            },
        }
    }

    /// A message from the worker this one helps: the reply to post back, if the job has one.
    pub fn on_lead(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let outcome = match super::decode::<Request>(bytes) {
            Ok(Request::Shard { job }) => self.shard_helper.run(job)?,
            Ok(_) => Err("the lead sent something else".to_string()),
            Err(e) => Err(e),
        };
        Some(super::encode(&Response::Shard { outcome }))
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
