//! Which simulations the page computes itself instead of asking the worker. A worker reply
//! reaches the page only when its main thread is free, and right after an input that is
//! usually while the browser renders a frame (the slider, the previous charts): at depth 15 ×
//! width 64 that wait (5–13 ms p50 on the shared benchmark machine, nearly all of it frame
//! rendering) cost more than the computation (about 2 ms in wasm). So a network whose work is
//! tiny is computed on the page, in the input's own task, and everything larger still goes to
//! the worker, so no main-thread task grows long.

use crate::sim::Config;

/// Work, in floating-point operations of the pass (sampling and per-unit work counted as
/// below), up to which the page computes a simulation itself: about 2–4 ms in wasm on the
/// benchmark machine (depth 16 × width 64 × batch 64 is just under it), so even a device
/// several times slower stays well under a 50 ms task.
pub const PAGE_WORK_LIMIT: f64 = 60e6;

/// What drawing one normal deviate costs, in floating-point operations of the pass: a seed
/// or width change samples every weight (wasm: ≈ 17 ns per weight against ≈ 0.1 ns per
/// operation of the product).
const SAMPLE_COST: f64 = 200.0;

/// What each unit of each layer for each example costs besides the product (activation,
/// derivative, statistics, histograms), in the same operations. Measured in the release page
/// (p50, shared machine): depth 100 × width 8 × batch 900 took 15 ms for 39 M operations of
/// product, 50 × 8 × 512 took 4–8 ms for 10 M, against 2 ms for 16 × 64 × 64 (25 M).
const UNIT_COST: f64 = 300.0;

/// The work of simulating `config` and the spread over `spread_seeds` seeds, assuming every
/// weight is sampled afresh (the worst case: a new seed or width).
pub fn estimated_work(config: &Config, spread_seeds: usize) -> f64 {
    let (l, w, b) = (
        config.depth as f64,
        config.width as f64,
        config.batch as f64,
    );
    // Forward and backward with all weight gradients: (6L − 2)·B·W² operations.
    let pass = (6.0 * l - 2.0).max(0.0) * b * w * w;
    let sampling = SAMPLE_COST * (l * w * w + b * w);
    let units = UNIT_COST * l * b * w;
    (pass + sampling + units) * (1 + spread_seeds) as f64
}

/// True when the page should compute this simulation itself (see the module's comment).
pub fn computed_on_page(config: &Config, spread_seeds: usize) -> bool {
    estimated_work(config, spread_seeds) <= PAGE_WORK_LIMIT
}
