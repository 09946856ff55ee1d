//! Timing one forward + backward pass, natively (`bin/bench.rs`) or in the browser.
//! The core has no clock (`std::time::Instant` panics on wasm32-unknown-unknown), so the
//! caller passes one: natively `Instant`, in the browser `performance.now() / 1000`.

use super::config::{Activation, Config, ConfigError, Init};
use super::network::{BackwardLayer, Network, Observer, Workspace};
use super::stats::frobenius;

/// The benchmark network: tanh, Xavier normal, seed 0 (what `perf.py` and `naive.js` time).
pub fn bench_config(depth: usize, width: usize, batch: usize) -> Config {
    Config {
        depth,
        width,
        batch,
        activation: Activation::Tanh,
        init: Init::XavierNormal,
        ..Config::default()
    }
}

/// FLOPs of one pass as the reference counts them: (6L − 2)·B·W².
pub fn pass_flops(depth: usize, width: usize, batch: usize) -> f64 {
    (6.0 * depth as f64 - 2.0) * batch as f64 * (width * width) as f64
}

/// A sampled network and its buffers; `pass` runs forward + backward (all weight gradients,
/// reduced to their norms) without the page's statistics.
pub struct PassBench {
    net: Network,
    ws: Workspace,
}

impl PassBench {
    pub fn new(depth: usize, width: usize, batch: usize) -> Result<PassBench, ConfigError> {
        let net = Network::sample(&bench_config(depth, width, batch))?;
        Ok(PassBench {
            net,
            ws: Workspace::default(),
        })
    }

    /// One pass; returns loss + Σ‖∂Loss/∂W_l‖ so the work cannot be optimised away.
    pub fn pass(&mut self) -> f64 {
        let mut acc = NormSum(0.0);
        let loss = self.net.run(&mut self.ws, &mut acc);
        loss + acc.0
    }
}

/// Median seconds of one pass over `reps` runs (after one warm-up); `now()` returns seconds.
pub fn bench_pass(
    depth: usize,
    width: usize,
    batch: usize,
    reps: usize,
    mut now: impl FnMut() -> f64,
) -> Result<f64, ConfigError> {
    let mut b = PassBench::new(depth, width, batch)?;
    b.pass();
    let mut times: Vec<f64> = (0..reps.max(1))
        .map(|_| {
            let t = now();
            std::hint::black_box(b.pass());
            now() - t
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

struct NormSum(f64);

impl Observer for NormSum {
    fn backward(&mut self, _: usize, b: BackwardLayer) {
        self.0 += frobenius(b.dw);
    }
}
