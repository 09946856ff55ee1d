//! What the page shows from the core, however it is computed: the `Results` signals, the
//! function that makes them (`ResultsFn`: the simulation worker's `worker_results`, or the
//! state's inline memos in component tests) and the figures both agree on.

use leptos::prelude::*;

use crate::page::edit::Setup;
use crate::sim::mixed::MixedPrecision;
use crate::sim::{Config, Report, SeedSpread};

/// How many seeds the variability band uses.
pub const SPREAD_SEEDS: usize = 5;

/// A computation that takes longer than this gets a progress indicator on the charts.
pub const SLOW_MS: u64 = 100;

/// The side networks computed besides the explorer's, each on a queue of its own in the same
/// worker (so one never delays a slider, and the page runs one simulation worker): the
/// lessons' quick fix and the pinned network, by index, each in its own number format.
pub const SIDE_QUICK_FIX: usize = 0;
pub const SIDE_PIN: usize = 1;
pub const SIDES: usize = 2;

/// What the page shows from the core, however it is computed.
pub struct Results {
    pub report: Signal<Result<Report, String>>,
    pub spread: Signal<Option<SeedSpread>>,
    /// The side networks' reports, by `SIDE_*` index (`None`: none asked for, or not yet).
    pub side: [Signal<Option<Result<Report, String>>>; SIDES],
    pub busy: Signal<bool>,
    pub slow: Signal<bool>,
}

/// How the page computes reports (in the worker, or inline in component tests): from the
/// config and its number format, whether the seed band is shown, the side networks asked for (`SIDE_*`) and the
/// configs the controls would likely give next (`edit::likely_next`), likeliest first (the
/// worker draws their weights while idle).
pub type ResultsFn = fn(
    ReadSignal<Config>,
    ReadSignal<MixedPrecision>,
    RwSignal<bool>,
    [Signal<Option<Setup>>; SIDES],
    Signal<Vec<Config>>,
) -> Results;
