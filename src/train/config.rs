//! What a training run is: the explorer's network (`MlpNet`) plus data and optimizer.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::sim::choice::choice;
use crate::sim::config::{MlpNet, NetError};
use crate::sim::memory::{megabytes, MEMORY_LIMIT_BYTES};
use crate::sim::mixed::MixedPrecision;
pub use crate::sim::{Activation, Init, Norm, Residual};

/// Points per set (training and test alike).
pub const POINTS: usize = 256;

/// The 2-D two-class data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    Spiral,
    Circles,
    Xor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    /// SGD with optional momentum (PyTorch: v = μ·v + g; p −= lr·v).
    Sgd,
    /// Adam, β = (0.9, 0.999), ε = 1e-8, bias-corrected.
    Adam,
}

choice!(Dataset {
    Spiral => "spiral", "spiral";
    Circles => "circles", "circles";
    Xor => "xor", "xor";
});
choice!(Optimizer {
    Sgd => "sgd", "SGD";
    Adam => "adam", "Adam";
});

/// Everything that determines a training run: the same config always trains the same way.
/// Serialized flat, as before the network had a struct of its own (`config_serde`).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// The hidden W×W layers: `depth` of them (the input layer 2→W and the head W→2 come on
    /// top), their activation, init, skips and norm.
    pub net: MlpNet,
    pub data: Dataset,
    /// Standard deviation of the Gaussian noise added to each coordinate.
    pub noise: f64,
    pub optimizer: Optimizer,
    pub lr: f64,
    /// SGD only (ignored by Adam).
    pub momentum: f64,
    /// Clip the global gradient norm to this value.
    pub clip: Option<f64>,
    /// How many steps a run makes (the `Trainer` itself can step further).
    pub steps: usize,
    pub seed: u64,
    /// The number format and loss scale (float32 without a scale by default).
    pub mixed: MixedPrecision,
    /// A dynamic scale doubles after this many steps in a row without inf or NaN (PyTorch's
    /// GradScaler default: 2000).
    pub growth_interval: usize,
}

/// GradScaler's default growth interval.
pub const GROWTH_INTERVAL: usize = 2000;

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            net: MlpNet {
                depth: 4,
                ..MlpNet::default()
            },
            data: Dataset::Spiral,
            noise: 0.05,
            optimizer: Optimizer::Sgd,
            lr: 0.1,
            momentum: 0.0,
            clip: None,
            steps: 1000,
            seed: 0,
            mixed: MixedPrecision::default(),
            growth_interval: GROWTH_INTERVAL,
        }
    }
}

pub const NOISE_MAX: f64 = 1.0;
pub const LR_MAX: f64 = 100.0;
pub const STEPS_MAX: usize = 1_000_000;

/// A field of `TrainConfig` out of its range.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainConfigError {
    /// Depth or width.
    Net(NetError),
    Noise(f64),
    Lr(f64),
    Momentum(f64),
    Clip(f64),
    Steps(usize),
    GrowthInterval(usize),
    /// Estimated bytes of the trainer's arrays (see `TrainConfig::memory_bytes`), over the limit.
    Memory(u64),
}

impl fmt::Display for TrainConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TrainConfigError::*;
        match self {
            Net(e) => e.fmt(f),
            Noise(v) => write!(
                f,
                "noise must be a number between 0 and {NOISE_MAX} (got {v})"
            ),
            Lr(v) => write!(
                f,
                "learning rate must be a number > 0 and ≤ {LR_MAX} (got {v})"
            ),
            Momentum(v) => write!(f, "momentum must be a number in [0, 1) (got {v})"),
            Clip(v) => write!(f, "clip must be a finite number > 0 (got {v})"),
            Steps(v) => write!(f, "steps must be at most {STEPS_MAX} (got {v})"),
            GrowthInterval(v) => write!(
                f,
                "the growth interval must be between 1 and {STEPS_MAX} steps (got {v})"
            ),
            Memory(v) => write!(
                f,
                "this network would need about {} MB of memory to train, more than the limit of \
                 {} MB: make it shallower or narrower",
                megabytes(*v),
                megabytes(MEMORY_LIMIT_BYTES)
            ),
        }
    }
}

impl std::error::Error for TrainConfigError {}

impl From<NetError> for TrainConfigError {
    fn from(e: NetError) -> Self {
        TrainConfigError::Net(e)
    }
}

impl TrainConfig {
    /// Checks every field; NaN fails every float range.
    pub fn validate(&self) -> Result<(), TrainConfigError> {
        use TrainConfigError::*;
        self.net.validate()?;
        if !(0.0..=NOISE_MAX).contains(&self.noise) {
            return Err(Noise(self.noise));
        }
        if !(self.lr > 0.0 && self.lr <= LR_MAX) {
            return Err(Lr(self.lr));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(Momentum(self.momentum));
        }
        if let Some(c) = self.clip {
            if !(c > 0.0 && c.is_finite()) {
                return Err(Clip(c));
            }
        }
        if self.steps > STEPS_MAX {
            return Err(Steps(self.steps));
        }
        if !(1..=STEPS_MAX).contains(&self.growth_interval) {
            return Err(GrowthInterval(self.growth_interval));
        }
        if self.memory_bytes() > MEMORY_LIMIT_BYTES {
            return Err(Memory(self.memory_bytes()));
        }
        Ok(())
    }

    /// Upper estimate of the bytes a `Trainer` allocates (float32): six copies of the
    /// (L+2) layers' weights (parameters, a gradient per pass workspace, two optimizer moments,
    /// the hidden weights before a step) and, per workspace, three arrays per layer over all
    /// `POINTS` rows plus scratch.
    pub fn memory_bytes(&self) -> u64 {
        let (l, w, rows) = (self.net.depth as u64, self.net.width as u64, POINTS as u64);
        4 * (6 * (l + 2) * w * w + (6 * (l + 1) + 8) * rows * w)
    }
}
