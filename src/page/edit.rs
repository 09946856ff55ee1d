//! Every change to the page's configuration, as a value. A control, a preset button, a lesson's
//! "Try it" and the URL all describe what they want as an `Edit`; `apply` is the one place that
//! turns it into a new `Config`. It is pure and total: any value is clamped to what the controls
//! offer, so no input can make it panic or produce a config the controls cannot show.

use crate::page::presets;
use crate::sim::config::simulation_bytes;
use crate::sim::config::{BIAS_STD_RANGE, SIGMA_W2_RANGE};
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Config, Init, Norm, Residual};

/// What the depth slider offers (the core accepts up to 200, the page shows up to 100).
pub const DEPTH_MAX: usize = 100;
/// The width choices of the width slider.
pub const WIDTHS: [usize; 7] = [8, 16, 32, 64, 128, 256, 512];
/// The largest batch the batch field accepts (smaller for large networks: `batch_limit`).
pub const BATCH_MAX: usize = 1024;
/// Most bytes of simulation buffers a page network may need. The worker's wasm memory never
/// shrinks, and it also caches up to 64 MB of other seeds' weights
/// (`sim::simulator::CACHE_FLOATS`), so this keeps the page's JS heaps and wasm memories
/// under 300 MB at any configuration the controls reach.
pub const PAGE_MEMORY_BUDGET: u64 = 200_000_000;
/// Resampled seeds stay below this, so a link stays short.
pub const RESAMPLE_SEEDS: u64 = 1_000_000_000;

/// One change a user can make to the configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Edit {
    /// Number of layers, clamped to 1..=`DEPTH_MAX`.
    Depth(usize),
    /// Units per layer, snapped to the nearest of `WIDTHS` (on a log scale).
    Width(usize),
    Activation(Activation),
    /// An initialization with its own variance (any σ_w² override is dropped).
    Init(Init),
    /// Batch size, clamped to 1..=`batch_limit` of the resulting network.
    Batch(usize),
    Seed(u64),
    /// A new seed from `draw` (a random number the page supplies), never the current one.
    Resample {
        draw: u64,
    },
    /// Skip connections: none, identity (α = 1) or scaled (α = 1/√L).
    Residual(Residual),
    /// Normalization before the activation: none, batch or layer.
    Norm(Norm),
    /// A custom weight variance σ_w² = fan_in·Var(W) (weights ~ N(0, σ_w²/fan_in)), clamped to
    /// the core's 0..=100; NaN changes nothing. The init select then shows "custom".
    SigmaW2(f64),
    /// The biases' standard deviation, clamped to 0..=10; NaN changes nothing.
    BiasStd(f64),
    /// A point of the phase diagram: σ_w² and the bias variance σ_b² (= bias std²) at once.
    Variances {
        sigma_w2: f64,
        sigma_b2: f64,
    },
    /// Loads the preset with this id: its network and number format, keeping batch and
    /// seed. An unknown id changes nothing.
    Preset(&'static str),
    /// The number format the network runs in (`--precision`); float32 drops any loss scale.
    Precision(Precision),
    /// The loss scale S (`--loss-scale`); ignored in float32, which has none.
    LossScale(LossScale),
}

/// What the explorer simulates: the network and the number format it runs in. Float32 always
/// has `mixed == MixedPrecision::default()`, so its pass is the explorer's own, bit for bit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setup {
    pub config: Config,
    pub mixed: MixedPrecision,
}

/// The loss scales the page's select offers (a link may ask for any other power of two).
pub const LOSS_SCALES: [LossScale; 7] = [
    LossScale::None,
    LossScale::Power(4),
    LossScale::Power(8),
    LossScale::Power(12),
    LossScale::Power(16),
    LossScale::Power(24),
    LossScale::Dynamic,
];

/// The networks the controls most likely ask for next, likeliest first, so the worker can draw
/// their weights while the page is idle: the Resample button's (`resample_draw` is picked
/// ahead), the seed field's ↑, then the width slider's neighbours, narrower first (it is the
/// smaller network, so it still fits in the worker's cache where the wider one does not).
pub fn likely_next(cfg: &Config, resample_draw: u64) -> Vec<Config> {
    let at = WIDTHS.iter().position(|&w| w == cfg.net.width);
    let narrower = at.and_then(|i| i.checked_sub(1)).map(|i| WIDTHS[i]);
    let wider = at.and_then(|i| WIDTHS.get(i + 1).copied());
    [
        Some(Edit::Resample {
            draw: resample_draw,
        }),
        cfg.seed.checked_add(1).map(Edit::Seed),
        narrower.map(Edit::Width),
        wider.map(Edit::Width),
    ]
    .into_iter()
    .flatten()
    .map(|e| apply(cfg, &e))
    .collect()
}

/// The configuration after `edit`.
pub fn apply(cfg: &Config, edit: &Edit) -> Config {
    let mut next = cfg.clone();
    match *edit {
        Edit::Depth(d) => next.net.depth = d.clamp(1, DEPTH_MAX),
        Edit::Width(w) => next.net.width = nearest_width(w as f64),
        Edit::Activation(a) => next.net.activation = a,
        Edit::Init(i) => {
            next.net.init = i;
            next.sigma_w2 = None;
        }
        Edit::Residual(r) => next.net.residual = r,
        Edit::Norm(n) => next.net.norm = n,
        Edit::Batch(b) => next.batch = b.clamp(1, BATCH_MAX),
        Edit::Seed(s) => next.seed = s,
        Edit::Resample { draw } => next.seed = resampled_seed(cfg.seed, draw),
        Edit::SigmaW2(v) => next.sigma_w2 = clamp_to(v, &SIGMA_W2_RANGE).or(cfg.sigma_w2),
        Edit::BiasStd(v) => next.bias_std = clamp_to(v, &BIAS_STD_RANGE).unwrap_or(cfg.bias_std),
        Edit::Variances { sigma_w2, sigma_b2 } => {
            next = apply(&next, &Edit::SigmaW2(sigma_w2));
            // √ of a negative variance is NaN, which `BiasStd` ignores: clamp to 0 first.
            next = apply(&next, &Edit::BiasStd(libm::sqrt(sigma_b2.max(0.0))));
        }
        Edit::Preset(id) => {
            if let Some(p) = presets::find(id) {
                next = p.apply(cfg);
            }
        }
        // The format changes how the network is computed, not the network.
        Edit::Precision(_) | Edit::LossScale(_) => {}
    }
    // Any edit can make the network larger (depth, width, a residual sum, a norm), so every
    // result is brought back within the page's memory by its batch.
    next.batch = next.batch.min(batch_limit(&next));
    next
}

/// The setup after `edit`: the network by `apply`, the number format by `apply_mixed`.
pub fn apply_setup(setup: &Setup, edit: &Edit) -> Setup {
    Setup {
        config: apply(&setup.config, edit),
        mixed: apply_mixed(&setup.mixed, edit),
    }
}

/// The number format after `edit`. Float32 carries no loss scale (the select is disabled
/// there), so a float32 setup is always the default one.
pub fn apply_mixed(mixed: &MixedPrecision, edit: &Edit) -> MixedPrecision {
    let next = match *edit {
        Edit::Precision(precision) => MixedPrecision {
            precision,
            ..*mixed
        },
        Edit::LossScale(loss_scale) => MixedPrecision {
            loss_scale,
            ..*mixed
        },
        Edit::Preset(id) => presets::find(id).map_or(*mixed, |p| p.mixed),
        _ => *mixed,
    };
    if next.precision == Precision::Float32 {
        MixedPrecision::default()
    } else {
        next
    }
}

/// The largest batch (at most `BATCH_MAX`, at least 1) whose buffers fit `PAGE_MEMORY_BUDGET`
/// with `cfg`'s other settings.
pub fn batch_limit(cfg: &Config) -> usize {
    let bytes = |batch| {
        simulation_bytes(&Config {
            batch,
            ..cfg.clone()
        })
    };
    // Linear in the batch: buffers of fixed size (weights) plus the same bytes per example.
    let (fixed, per_example) = (bytes(0), bytes(1) - bytes(0));
    let fitting = PAGE_MEMORY_BUDGET.saturating_sub(fixed) / per_example.max(1);
    (fitting.min(BATCH_MAX as u64) as usize).max(1)
}

/// The offered width nearest to `w` on a log scale; anything not above 0 (or NaN) gives the
/// smallest, +∞ the largest.
pub fn nearest_width(w: f64) -> usize {
    let (smallest, largest) = (WIDTHS[0], WIDTHS[WIDTHS.len() - 1]);
    if w.is_nan() || w <= 0.0 {
        return smallest;
    }
    if w.is_infinite() {
        return largest;
    }
    let distance = |offered: usize| (libm::log2(offered as f64) - libm::log2(w)).abs();
    WIDTHS
        .into_iter()
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        .unwrap_or(largest)
}

/// `v` clamped to `range`; `None` for NaN (±∞ clamp to the ends).
fn clamp_to(v: f64, range: &std::ops::RangeInclusive<f64>) -> Option<f64> {
    (!v.is_nan()).then(|| v.clamp(*range.start(), *range.end()))
}

/// `draw` folded into 0..`RESAMPLE_SEEDS`, moved on by one if it would repeat `current`.
fn resampled_seed(current: u64, draw: u64) -> u64 {
    let seed = draw % RESAMPLE_SEEDS;
    if seed == current {
        (seed + 1) % RESAMPLE_SEEDS
    } else {
        seed
    }
}
