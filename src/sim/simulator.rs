//! `simulate` for a page that recomputes on every slider move: the same reports, bit for bit,
//! but random draws and buffers are kept between calls.
//!
//! Why this is exact: every layer's weights and biases come from their own stream
//! (`rng::Stream`), and the Gaussian inits, the σ_w² override and the bias std only scale the
//! same unit draws by one float32 factor (`init::weight_recipe`), applied when the product
//! reads W — the same single multiply as sampling N(0, sd²) directly. So a depth, activation,
//! σ_w², bias-std or Gaussian-init change reuses every draw already made.

use super::config::{Config, ConfigError};
use super::init::{sample_draws, weight_recipe, Draws};
use super::mixed::{simulate_mixed_ref, MixedPrecision};
use super::network::{sample_data, NetRef, Workspace};
use super::report::{Report, SeedSpread};
use super::rng::{Sampler, Stream};
use super::seeds::{seed_configs, spread};
use super::simulate::simulate_ref;

/// Cached weight floats kept beyond what the current config needs (64 MB). The current
/// network itself is always kept, whatever its size: a wasm memory never shrinks anyway, so
/// keeping what the last run needed costs the page nothing more.
pub const CACHE_FLOATS: usize = 1 << 24;

/// Unit draws of layers 1, 2, … for one (seed, width, kind of draws).
struct Layers {
    key: (u64, usize, Draws),
    layers: Vec<Vec<f32>>,
}

impl Layers {
    fn floats(&self) -> usize {
        self.layers.iter().map(Vec::len).sum()
    }
}

/// (seed, width, batch) with X and Y.
type Data = ((u64, usize, usize), Vec<f32>, Vec<f32>);
/// (seed, width) with the unit bias draws of layers 1, 2, ….
type BiasDraws = ((u64, usize), Vec<Vec<f32>>);

/// Runs configs like `simulate`, reusing draws and buffers from earlier runs.
#[derive(Default)]
pub struct Simulator {
    ws: Workspace,
    /// (seed, width, batch) and X, Y.
    data: Option<Data>,
    /// Most recently used first; at most one entry per key.
    weights: Vec<Layers>,
    /// Unit bias draws per layer for (seed, width).
    bias_draws: Option<BiasDraws>,
    /// bias_std · draws for the current run.
    biases: Vec<Vec<f32>>,
    /// Shape of `ws`, so a smaller network does not keep a larger one's buffers alive.
    ws_shape: (usize, usize),
}

impl Simulator {
    pub fn new() -> Simulator {
        Simulator::default()
    }

    /// Exactly `simulate(cfg)`.
    pub fn run(&mut self, cfg: &Config) -> Result<Report, ConfigError> {
        self.run_mixed(cfg, &MixedPrecision::default())
    }

    /// Exactly `simulate_mixed(cfg, mixed)` (float32: `simulate(cfg)`, the same pass).
    pub fn run_mixed(
        &mut self,
        cfg: &Config,
        mixed: &MixedPrecision,
    ) -> Result<Report, ConfigError> {
        cfg.validate()?;
        let (w, b, seed, depth) = (cfg.net.width, cfg.batch, cfg.seed, cfg.net.depth);
        if self.ws_shape != (w, b) {
            self.ws = Workspace::default();
            self.ws_shape = (w, b);
        }
        self.ensure_data(seed, w, b);
        let (draws, scale) = weight_recipe(cfg.net.init, cfg.sigma_w2, w);
        self.ensure_weights((seed, w, draws), depth);
        self.ensure_biases(cfg);
        let (x, y) = match &self.data {
            Some((_, x, y)) => (x, y),
            None => unreachable!("ensure_data fills it"),
        };
        let net = NetRef {
            activation: cfg.net.activation,
            residual: cfg.net.residual,
            norm: cfg.net.norm,
            width: w,
            batch: b,
            x,
            y,
            weights: &self.weights[0].layers[..depth],
            weight_scale: scale,
            biases: &self.biases,
        };
        let report = if mixed.is_float32() {
            simulate_ref(cfg, net, &mut self.ws)
        } else {
            simulate_mixed_ref(cfg, net, &mut self.ws, mixed)
        };
        self.trim(depth);
        Ok(report)
    }

    /// Exactly `simulate_seeds(cfg, k)`; each seed's draws are cached under their own key
    /// (as many as fit in `CACHE_FLOATS`, e.g. 5 seeds at 50×256).
    pub fn run_seeds(&mut self, cfg: &Config, k: usize) -> Result<SeedSpread, ConfigError> {
        self.run_seeds_mixed(cfg, &MixedPrecision::default(), k)
    }

    /// `run_seeds` in `mixed`'s number format.
    pub fn run_seeds_mixed(
        &mut self,
        cfg: &Config,
        mixed: &MixedPrecision,
        k: usize,
    ) -> Result<SeedSpread, ConfigError> {
        cfg.validate()?;
        let reports = seed_configs(cfg, k)
            .map(|c| self.run_mixed(&c, mixed))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(spread(&reports))
    }

    /// Samples, ahead of time, up to about `floats` more weight floats (whole layers, at least
    /// one) of the networks in `targets`, most likely next first, into the cache behind the
    /// current network, so a later `run` of one of them finds it drawn: the page asks for its
    /// next Resample seed and the seed after the current one while idle. Returns whether
    /// layers of a target are still missing. Skips invalid configs and the current network,
    /// and stops at the first target that would not fit in the cache beside the current one and
    /// the earlier targets: a prefetch never evicts what the current network or a likelier
    /// target uses.
    pub fn prefetch(&mut self, targets: &[Config], floats: usize) -> bool {
        let mut reserved = self.weights.first().map_or(0, Layers::floats);
        let mut budget = floats.max(1);
        // Entries before `at` are kept: the current network, then the targets placed so far.
        let mut at = self.weights.len().min(1);
        for cfg in targets {
            let (w, depth, key) = (cfg.net.width, cfg.net.depth, weights_key(cfg));
            let placed = self.weights[..at].iter().any(|l| l.key == key);
            if cfg.validate().is_err() || placed {
                continue;
            }
            reserved += depth * w * w;
            if reserved > CACHE_FLOATS {
                return false;
            }
            let entry = match self.weights.iter().position(|l| l.key == key) {
                Some(i) => self.weights.remove(i),
                None => Layers {
                    key,
                    layers: Vec::new(),
                },
            };
            self.weights.insert(at, entry);
            while self.weights[at].layers.len() < depth {
                if budget == 0 {
                    return true;
                }
                self.make_room(w * w, at + 1);
                let layers = &mut self.weights[at].layers;
                layers.push(sample_layer(key, layers.len() + 1));
                budget = budget.saturating_sub(w * w);
            }
            at += 1;
        }
        false
    }

    /// Whether every weight layer of `cfg` is drawn already (for tests).
    pub fn has_weights(&self, cfg: &Config) -> bool {
        let key = weights_key(cfg);
        self.weights
            .iter()
            .any(|l| l.key == key && l.layers.len() >= cfg.net.depth)
    }

    /// Cached weight floats (for tests and the bench).
    pub fn cached_floats(&self) -> usize {
        self.weights.iter().map(Layers::floats).sum()
    }

    fn ensure_data(&mut self, seed: u64, w: usize, b: usize) {
        if matches!(&self.data, Some((k, _, _)) if *k == (seed, w, b)) {
            return;
        }
        let (x, y) = sample_data(seed, w, b);
        self.data = Some(((seed, w, b), x, y));
    }

    /// Moves the entry for `key` to the front (creating it) and samples missing layers.
    fn ensure_weights(&mut self, key: (u64, usize, Draws), depth: usize) {
        match self.weights.iter().position(|l| l.key == key) {
            Some(i) => self.weights[..=i].rotate_right(1),
            None => {
                self.make_room(depth * key.1 * key.1, 0);
                self.weights.insert(
                    0,
                    Layers {
                        key,
                        layers: Vec::new(),
                    },
                )
            }
        }
        let layers = &mut self.weights[0].layers;
        for l in layers.len() + 1..=depth {
            layers.push(sample_layer(key, l));
        }
    }

    fn ensure_biases(&mut self, cfg: &Config) {
        self.biases.clear();
        if cfg.bias_std <= 0.0 {
            return;
        }
        let key = (cfg.seed, cfg.net.width);
        if !matches!(&self.bias_draws, Some((k, _)) if *k == key) {
            self.bias_draws = Some((key, Vec::new()));
        }
        let Some((_, draws)) = &mut self.bias_draws else {
            unreachable!("set above")
        };
        for l in draws.len() + 1..=cfg.net.depth {
            let mut s = Sampler::new(cfg.seed, Stream::Bias(l));
            let mut d = vec![0.0f32; cfg.net.width];
            s.fill_normal_f32(&mut d, 1.0);
            draws.push(d);
        }
        // sd · z: the bits `fill_normal_f32(b, bias_std)` gives.
        let sd = cfg.bias_std as f32;
        self.biases.extend(
            draws[..cfg.net.depth]
                .iter()
                .map(|d| d.iter().map(|&z| sd * z).collect()),
        );
    }

    /// Before sampling `needed` new floats, drops keys after the first `keep` (least recent
    /// first) that `trim` would drop afterwards anyway, so a new seed of a large network never
    /// has two seeds' weights in memory at once (the wasm memory would keep that peak for good).
    fn make_room(&mut self, needed: usize, keep: usize) {
        let mut total = self.cached_floats() + needed;
        while total > CACHE_FLOATS && self.weights.len() > keep {
            match self.weights.pop() {
                Some(old) => total -= old.floats(),
                None => break,
            }
        }
    }

    /// Keeps the cache within `CACHE_FLOATS`: drops other keys (least recent first), then the
    /// current key's layers deeper than `depth`.
    fn trim(&mut self, depth: usize) {
        let mut total = self.cached_floats();
        while total > CACHE_FLOATS && self.weights.len() > 1 {
            if let Some(old) = self.weights.pop() {
                total -= old.floats();
            }
        }
        let current = &mut self.weights[0].layers;
        while total > CACHE_FLOATS && current.len() > depth {
            if let Some(l) = current.pop() {
                total -= l.len();
            }
        }
    }
}

/// What a config's weight draws are cached under.
fn weights_key(cfg: &Config) -> (u64, usize, Draws) {
    (
        cfg.seed,
        cfg.net.width,
        weight_recipe(cfg.net.init, cfg.sigma_w2, cfg.net.width).0,
    )
}

/// The unit draws of layer `l` (1-based) for (seed, width, kind of draws).
fn sample_layer((seed, width, draws): (u64, usize, Draws), l: usize) -> Vec<f32> {
    sample_draws(draws, width, &mut Sampler::new(seed, Stream::Weights(l)))
}
