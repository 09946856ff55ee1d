//! Timing one forward + backward pass, natively (`bin/bench.rs`) or in the browser.
//! The core has no clock (`std::time::Instant` panics on wasm32-unknown-unknown), so the
//! caller passes one: natively `Instant`, in the browser `performance.now() / 1000`.

use super::config::{Activation, Config, ConfigError, Init, MlpNet};
use super::matmul::{force_tile, Gemm, Tile, View};
use super::network::{BackwardLayer, Network, Observer, Workspace};
use super::numeric::Precision;
use super::rng::{Sampler, Stream};
use super::stats::{count_nonfinite_given_norm, frobenius, layer_stats};
use super::theory::mean_field;
use std::hint::black_box;

/// The benchmark network: tanh, Xavier normal, seed 0 (what `perf.py` and `naive.js` time).
pub fn bench_config(depth: usize, width: usize, batch: usize) -> Config {
    Config {
        net: MlpNet {
            depth,
            width,
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            ..MlpNet::default()
        },
        batch,
        ..Config::default()
    }
}

/// FLOPs of one pass as the reference counts them: (6L − 2)·B·W².
pub fn pass_flops(depth: usize, width: usize, batch: usize) -> f64 {
    (6.0 * depth as f64 - 2.0) * batch as f64 * (width * width) as f64
}

/// A sampled network and its buffers; `pass` runs forward + backward (all weight gradients,
/// reduced to their norms, as the page needs them) without the page's statistics.
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
        self.pass_with(NormSum::default())
    }

    /// `pass` forming every W×W ∂Loss/∂W_l, as the reference implementations do, also where
    /// the norms come cheaper from Gram products (`weight_grad`).
    pub fn pass_forming_matrices(&mut self) -> f64 {
        self.pass_with(NormSum {
            matrices: true,
            ..NormSum::default()
        })
    }

    /// `pass_forming_matrices` with every tensor rounded to `precision` (X and W cast first, as
    /// the precision lens runs it; float32 goes through the same rounding calls).
    pub fn pass_in(&mut self, precision: Precision) -> f64 {
        let mut acc = NormSum {
            matrices: true,
            ..NormSum::default()
        };
        let net = self.net.as_ref();
        let loss = net.run_with(&mut self.ws, &mut acc, &precision, None, 1.0);
        loss + acc.sum
    }

    fn pass_with(&mut self, mut acc: NormSum) -> f64 {
        let loss = self.net.run(&mut self.ws, &mut acc);
        loss + acc.sum
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

#[derive(Default)]
struct NormSum {
    sum: f64,
    matrices: bool,
}

impl Observer for NormSum {
    fn backward(&mut self, _: usize, b: BackwardLayer) {
        self.sum += b.dw.norm_and_nonfinite().0;
    }
    fn needs_weight_grads(&self) -> bool {
        self.matrices
    }
}

/// Seconds spent per part of one `simulate` at (L, W, B), each part timed alone on buffers of
/// the real sizes (median of `reps`): where the time goes, natively and in the browser.
pub fn breakdown(
    depth: usize,
    width: usize,
    batch: usize,
    reps: usize,
    now: impl FnMut() -> f64,
) -> Result<Vec<(&'static str, f64)>, ConfigError> {
    let cfg = bench_config(depth, width, batch);
    let net = Network::sample(&cfg)?;
    let mut timer = Median { reps, now };
    let mut parts = sampling_parts(&cfg, &mut timer);
    parts.extend(product_parts(&net, &mut timer));
    parts.extend(other_parts(&net, &mut timer));
    Ok(parts)
}

/// The median of `reps` timed runs of a closure, after one untimed warm-up run.
struct Median<C> {
    reps: usize,
    now: C,
}

impl<C: FnMut() -> f64> Median<C> {
    fn of(&mut self, f: &mut dyn FnMut()) -> f64 {
        f();
        let mut t: Vec<f64> = (0..self.reps.max(1))
            .map(|_| {
                let t0 = (self.now)();
                f();
                (self.now)() - t0
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    }
}

/// Sampling a network, and the random words and normals it is made of.
fn sampling_parts<C: FnMut() -> f64>(
    cfg: &Config,
    timer: &mut Median<C>,
) -> Vec<(&'static str, f64)> {
    let (depth, ww) = (cfg.net.depth, cfg.net.width * cfg.net.width);
    // As many 64-bit words as sampling the weights takes (≈ 4/π per pair).
    let words = (depth * ww) as f64 * 2.0 / std::f64::consts::PI;
    let mut draws = vec![0.0f32; ww];
    vec![
        (
            "sample",
            timer.of(&mut || {
                black_box(Network::sample(cfg).ok());
            }),
        ),
        // The generator alone.
        (
            "rng words",
            timer.of(&mut || {
                let mut s = Sampler::new(0, Stream::Data);
                black_box((0..words as usize).fold(0u64, |acc, _| acc ^ s.next_u64()));
            }),
        ),
        // The same words from `rand`'s StdRng (the `chacha20` crate), for comparison.
        (
            "StdRng words",
            timer.of(&mut || {
                use rand::{Rng, SeedableRng};
                let mut s = rand::rngs::StdRng::seed_from_u64(0);
                black_box((0..words as usize).fold(0u64, |acc, _| acc ^ s.next_u64()));
            }),
        ),
        (
            "normals",
            timer.of(&mut || {
                let mut s = Sampler::new(0, Stream::Data);
                for _ in 0..depth {
                    s.fill_normal_f32(&mut draws, 1.0);
                }
                black_box(&draws);
            }),
        ),
    ]
}

/// The three products of a pass, each over the L distinct weight matrices, as in a pass.
fn product_parts<C: FnMut() -> f64>(
    net: &Network,
    timer: &mut Median<C>,
) -> Vec<(&'static str, f64)> {
    let (width, batch, ws) = (net.width, net.batch, &net.weights);
    let (bw, ww) = (batch * width, width * width);
    let z = &net.x;
    let (mut a, mut d, mut c) = (vec![0.0f32; bw], vec![0.0f32; bw], vec![0.0f32; ww]);
    let mut g = Gemm::default();
    vec![
        (
            "fwd X·W",
            timer.of(&mut || {
                for w in ws {
                    let wl = View::rows(w, width);
                    g.run(batch, width, width, View::rows(z, width), wl, &mut d);
                }
            }),
        ),
        (
            "dW Xᵀ·dY",
            timer.of(&mut || {
                for _ in ws {
                    let at = View::transposed(z, width);
                    g.run(width, batch, width, at, View::rows(&d, width), &mut c);
                }
            }),
        ),
        (
            "dX dY·Wᵀ",
            timer.of(&mut || {
                for w in ws {
                    let wt = View::transposed(w, width);
                    g.run(batch, width, width, View::rows(&d, width), wt, &mut a);
                }
            }),
        ),
    ]
}

/// The activation's forward and backward, the statistics and the theory, per layer.
fn other_parts<C: FnMut() -> f64>(
    net: &Network,
    timer: &mut Median<C>,
) -> Vec<(&'static str, f64)> {
    let (depth, bw, ww) = (
        net.weights.len(),
        net.batch * net.width,
        net.width * net.width,
    );
    let (act, z) = (net.activation, &net.x);
    let (mut a, mut d, c) = (vec![0.0f32; bw], vec![0.0f32; bw], vec![0.0f32; ww]);
    vec![
        (
            "act fwd+bwd",
            timer.of(&mut || {
                for _ in 0..depth {
                    act.forward_f32(z, &mut a);
                    act.backward_f32(&a, z, &mut d);
                }
            }),
        ),
        (
            "stats",
            timer.of(&mut || {
                for _ in 0..depth {
                    black_box(layer_stats(act, z, z));
                    let (n1, n2) = (frobenius(z), frobenius(&c));
                    black_box(
                        count_nonfinite_given_norm(z, n1) + count_nonfinite_given_norm(&c, n2),
                    );
                }
            }),
        ),
        (
            "theory",
            timer.of(&mut || {
                black_box(mean_field(act, 1.0, 0.0, depth, 1.0));
            }),
        ),
    ]
}

/// Median seconds of one pass at (L, W, B) with `tile` forced (the default restored
/// afterwards): the tiles give the same bits, so only speed tells them apart.
pub fn pass_with_tile(
    tile: Tile,
    (depth, width, batch): (usize, usize, usize),
    reps: usize,
    mut now: impl FnMut() -> f64,
) -> Result<f64, ConfigError> {
    let mut b = PassBench::new(depth, width, batch)?;
    force_tile(Some(tile));
    b.pass();
    let mut t: Vec<f64> = (0..reps.max(1))
        .map(|_| {
            let t0 = now();
            black_box(b.pass());
            now() - t0
        })
        .collect();
    force_tile(None);
    t.sort_by(f64::total_cmp);
    Ok(t[t.len() / 2])
}
