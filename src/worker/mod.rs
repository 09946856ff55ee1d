//! The messages between the page and the simulation worker (a Web Worker that owns the
//! `Simulator`, so a long computation never blocks the page). Pure Rust, tested natively:
//! `queue` decides what the page sends and which replies it shows, `serve` is what the worker
//! does with a request. The browser glue is `ui/web/sim_worker.rs` (page) and
//! `src/bin/sim_worker.rs` (worker).
//!
//! On the wire every message is bincode bytes: it keeps f64 bits exactly (NaN and ±∞ included,
//! which JSON would turn into `null`), so the page shows the very report the core computed.

pub mod latching;
pub mod queue;
pub mod reverse;
pub mod serve;
pub mod split;
pub mod task;
pub mod train;
pub mod train_driver;

use serde::{Deserialize, Serialize};

use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::{RnnConfig, RnnSpread};
use crate::sim::transformer::shard::{ShardJob, ShardOutcome};
use crate::sim::transformer::{StackReport, TransformerConfig};
use crate::sim::{Config, Report, SeedSpread};
use latching::{LatchingAction, LatchingProgress};
use reverse::{ReverseAction, ReverseProgress};
pub use train::{TrainAction, TrainProgress};

/// Page → worker. An enum so later work (training) can add its own requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Simulate `config` in `mixed`'s number format (float32: the explorer's own pass); with
    /// `spread_seeds` > 0, also the spread over that many seeds.
    Simulate {
        id: u64,
        config: Config,
        mixed: MixedPrecision,
        spread_seeds: usize,
    },
    /// Draw ahead of time up to about `floats` more weights of `configs`, the networks the page
    /// expects next, most likely first (its next Resample seed, the next seed); sent only
    /// while nothing else is asked, in chunks short enough that a change waits at most one
    /// chunk (`Simulator::prefetch`).
    Prefetch { configs: Vec<Config>, floats: usize },
    /// A training action (see `train`). `run` names the training run the page shows: the
    /// reply echoes it, so the page can drop replies to a run it has replaced.
    Train {
        id: u64,
        run: u64,
        action: TrainAction,
    },
    /// The recurrent mode: run `config` over `seeds` seeds (`config.seed …`, at least one),
    /// in `mixed`'s number format and loss scale (float32: the plain pass). With `first_look`,
    /// its first seed only, as a first look (`sim::recurrent::first_look`).
    Recurrent {
        id: u64,
        config: RnnConfig,
        seeds: usize,
        mixed: MixedPrecision,
        first_look: bool,
    },
    /// The transformer mode: run `config` over `seeds` seeds (`config.seed …`, at least one)
    /// in `mixed`'s number format and loss scale.
    Transformer {
        id: u64,
        config: TransformerConfig,
        seeds: usize,
        mixed: MixedPrecision,
    },
    /// Training the transformer on the reverse task (see `reverse`); `run` as in `Train`.
    Reverse {
        id: u64,
        run: u64,
        action: ReverseAction,
    },
    /// Training a recurrent cell on the latching task (see `latching`); `run` as in `Train`.
    Latching {
        id: u64,
        run: u64,
        action: LatchingAction,
    },
    /// Training worker → its helper: half of a reverse-task update or measurement (`split`).
    Shard { job: ShardJob },
}

/// Worker → page.
// One message is built, encoded and dropped at a time: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has installed its message handler: requests may be sent from now on.
    Ready,
    /// The answer to `Request::Simulate { id, .. }`. `Err` carries a message for the page.
    Simulated {
        id: u64,
        report: Result<Report, String>,
        spread: Option<SeedSpread>,
        /// When the worker worked on it (the page splits its latency with this).
        worked: Worked,
    },
    /// The answer to `Request::Prefetch`: whether layers of that config are still undrawn.
    Prefetched { more: bool },
    /// The answer to `Request::Train { id, run, .. }`. `Err`: the config was rejected, or
    /// there is no run to advance.
    Trained {
        id: u64,
        run: u64,
        progress: Result<TrainProgress, String>,
    },
    /// The answer to `Request::Recurrent { id, .. }`: the per-step spread and its summary,
    /// or why the config was rejected.
    Recurrent {
        id: u64,
        spread: Result<RnnSpread, String>,
    },
    /// The answer to `Request::Transformer { id, .. }`: the per-block report, or why the
    /// config was rejected.
    Transformer {
        id: u64,
        report: Result<StackReport, String>,
    },
    /// The answer to `Request::Reverse { id, run, .. }`. `Err`: the config was rejected, or
    /// there is no run to advance.
    Reversed {
        id: u64,
        run: u64,
        progress: Result<ReverseProgress, String>,
    },
    /// The answer to `Request::Latching { id, run, .. }`, as `Reversed`.
    Latched {
        id: u64,
        run: u64,
        progress: Result<LatchingProgress, String>,
    },
    /// Helper → training worker: the answer to `Request::Shard`.
    Shard {
        outcome: Result<ShardOutcome, String>,
    },
    /// The worker could not read a request (a page and worker from different builds).
    Refused { reason: String },
}

/// When the worker started and finished a request, in milliseconds on the server's clock.
/// In the browser that clock is `performance.timeOrigin + performance.now()`, which the page
/// can compare with its own (both count from the Unix epoch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Worked {
    pub start_ms: f64,
    pub end_ms: f64,
}

/// The bytes of `msg` as sent through `postMessage`.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    // Serializing plain data into a Vec cannot fail (no maps with non-string keys, no I/O).
    bincode::serialize(msg).unwrap_or_default()
}

/// Reads a message; `Err` says why it is not one.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    bincode::deserialize(bytes).map_err(|e| format!("unreadable worker message: {e}"))
}
