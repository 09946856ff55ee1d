//! What the user chooses: the network to simulate.

use super::choice::choice;
use super::memory::{buffer_bytes, megabytes, MEMORY_LIMIT_BYTES};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::RangeInclusive;

/// Nonlinearity applied after every layer, the last one included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Elu,
    Selu,
    Gelu,
    Identity,
}

choice!(Activation {
    Sigmoid => "sigmoid", "Sigmoid";
    Tanh => "tanh", "Tanh";
    Relu => "relu", "ReLU";
    LeakyRelu => "leaky_relu", "Leaky ReLU";
    Elu => "elu", "ELU";
    Selu => "selu", "SELU";
    Gelu => "gelu", "GELU";
    Identity => "identity", "Identity";
});

/// How the weight matrices are sampled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    XavierNormal,
    XavierUniform,
    HeNormal,
    LecunNormal,
    Orthogonal,
    RandomNormal,
    SmallNormal,
}

choice!(Init {
    XavierNormal => "xavier_normal", "Xavier (Glorot) normal";
    XavierUniform => "xavier_uniform", "Xavier (Glorot) uniform";
    HeNormal => "he_normal", "He (Kaiming) normal";
    LecunNormal => "lecun_normal", "LeCun normal";
    Orthogonal => "orthogonal", "Orthogonal";
    RandomNormal => "random_normal", "Random normal (σ = 1)";
    SmallNormal => "small_normal", "Small normal (σ = 0.01)";
});

/// How a layer's output joins the stream: A_l = F_l, or A_l = A_{l−1} + α·F_l.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Residual {
    /// A_l = F_l (the plain network).
    #[default]
    None,
    /// α = 1.
    Identity,
    /// α = 1/√L.
    Scaled,
}

choice!(Residual {
    None => "none", "None (plain network)";
    Identity => "identity", "Identity skip (α = 1)";
    Scaled => "scaled", "Scaled skip (α = 1/√L)";
});

impl Residual {
    /// α for a network of `depth` layers (float32 of 1/√L, as a float32 framework gets it);
    /// `None` for the plain network.
    pub fn alpha(self, depth: usize) -> Option<f32> {
        match self {
            Residual::None => None,
            Residual::Identity => Some(1.0),
            Residual::Scaled => Some((1.0 / (depth.max(1) as f64).sqrt()) as f32),
        }
    }
}

/// Normalization of the linear output H_l before φ: (h − mean)/√(var + 1e-5), biased
/// variance, no affine parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Norm {
    #[default]
    None,
    /// Per feature (column) over the B examples of the batch.
    Batch,
    /// Per example (row) over the W features.
    Layer,
}

choice!(Norm {
    None => "none", "None";
    Batch => "batch", "Batch norm";
    Layer => "layer", "Layer norm";
});

/// The MLP network itself: its shape and every choice of its layers. The explorer's `Config`
/// and the trainer's `TrainConfig` both embed it, so the page hands the explorer's network to
/// the trainer in one assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MlpNet {
    /// Number of layers L (all square, width × width).
    pub depth: usize,
    pub width: usize,
    pub activation: Activation,
    pub init: Init,
    /// Skip connections (none: the plain network).
    pub residual: Residual,
    /// Normalization before φ.
    pub norm: Norm,
}

/// The explorer's opening network: 15 ReLU layers of width 64, He init, plain.
impl Default for MlpNet {
    fn default() -> Self {
        MlpNet {
            depth: 15,
            width: 64,
            activation: Activation::Relu,
            init: Init::HeNormal,
            residual: Residual::None,
            norm: Norm::None,
        }
    }
}

impl MlpNet {
    /// Checks depth and width against their ranges.
    pub fn validate(&self) -> Result<(), NetError> {
        if !DEPTH_RANGE.contains(&self.depth) {
            return Err(NetError::Depth(self.depth));
        }
        if !WIDTH_RANGE.contains(&self.width) {
            return Err(NetError::Width(self.width));
        }
        Ok(())
    }

    /// The residual branch's weight α (None: no skip connection), see `Residual::alpha`.
    pub fn residual_alpha(&self) -> Option<f32> {
        self.residual.alpha(self.depth)
    }
}

/// Everything that determines a simulation. The same `Config` always gives the same `Report`.
/// Serialized flat, as before the network had a struct of its own (`config_serde`).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub net: MlpNet,
    pub batch: usize,
    pub seed: u64,
    /// Standard deviation of the biases (0: biases are zero, as in the reference).
    pub bias_std: f64,
    /// Overrides the init's variance: weights ~ N(0, sigma_w2 / fan_in).
    pub sigma_w2: Option<f64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            net: MlpNet::default(),
            batch: 64,
            seed: 0,
            bias_std: 0.0,
            sigma_w2: None,
        }
    }
}

pub const DEPTH_RANGE: RangeInclusive<usize> = 1..=200;
pub const WIDTH_RANGE: RangeInclusive<usize> = 1..=1024;
pub const BATCH_RANGE: RangeInclusive<usize> = 1..=1024;
pub const BIAS_STD_RANGE: RangeInclusive<f64> = 0.0..=10.0;
pub const SIGMA_W2_RANGE: RangeInclusive<f64> = 0.0..=100.0;

/// A field of `MlpNet` out of its allowed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    Depth(usize),
    Width(usize),
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, range, v) = match *self {
            NetError::Depth(v) => ("depth", DEPTH_RANGE, v),
            NetError::Width(v) => ("width", WIDTH_RANGE, v),
        };
        write!(
            f,
            "{name} must be between {} and {} (got {v})",
            range.start(),
            range.end()
        )
    }
}

impl std::error::Error for NetError {}

/// A field of `Config` that is out of its allowed range, with that range.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// Depth or width.
    Net(NetError),
    Batch(usize),
    BiasStd(f64),
    SigmaW2(f64),
    /// The buffers would need `bytes` (estimated, see `simulation_bytes`), more than
    /// `memory::MEMORY_LIMIT_BYTES`.
    Memory {
        bytes: u64,
        depth: usize,
        width: usize,
        batch: usize,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Net(e) => e.fmt(f),
            ConfigError::Batch(v) => write!(
                f,
                "batch must be between {} and {} (got {v})",
                BATCH_RANGE.start(),
                BATCH_RANGE.end()
            ),
            ConfigError::BiasStd(v) => write!(
                f,
                "bias std must be a number between {} and {} (got {v})",
                BIAS_STD_RANGE.start(),
                BIAS_STD_RANGE.end()
            ),
            ConfigError::SigmaW2(v) => write!(
                f,
                "weight variance σ_w² must be a number between {} and {} (got {v})",
                SIGMA_W2_RANGE.start(),
                SIGMA_W2_RANGE.end()
            ),
            ConfigError::Memory {
                bytes,
                depth,
                width,
                batch,
            } => write!(
                f,
                "depth {depth} × width {width} × batch {batch} would need about {} MB of memory, \
                 more than the limit of {} MB: make the network shallower, narrower or the batch smaller",
                megabytes(*bytes),
                megabytes(MEMORY_LIMIT_BYTES)
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<NetError> for ConfigError {
    fn from(e: NetError) -> Self {
        ConfigError::Net(e)
    }
}

impl Config {
    /// Checks every field against its allowed range; NaN fails every float range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.net.validate()?;
        if !BATCH_RANGE.contains(&self.batch) {
            return Err(ConfigError::Batch(self.batch));
        }
        if !BIAS_STD_RANGE.contains(&self.bias_std) {
            return Err(ConfigError::BiasStd(self.bias_std));
        }
        if let Some(s) = self.sigma_w2 {
            if !SIGMA_W2_RANGE.contains(&s) {
                return Err(ConfigError::SigmaW2(s));
            }
        }
        let bytes = simulation_bytes(self);
        if bytes > MEMORY_LIMIT_BYTES {
            return Err(ConfigError::Memory {
                bytes,
                depth: self.net.depth,
                width: self.net.width,
                batch: self.batch,
            });
        }
        Ok(())
    }
}

/// Upper estimate of the bytes `simulate` allocates for `cfg` (`memory::buffer_bytes`): per
/// layer it keeps A_l for the backward pass, N_l too with GELU or a norm, and F_l with a
/// residual sum (unless GELU), see `mlp::MlpTape`.
pub fn simulation_bytes(cfg: &Config) -> u64 {
    let net = &cfg.net;
    let keep_n = net.activation == Activation::Gelu || net.norm != Norm::None;
    let keep_f = net.residual != Residual::None && net.activation != Activation::Gelu;
    let kept_per_layer = 1 + keep_n as u64 + keep_f as u64;
    buffer_bytes(net.depth, net.width, cfg.batch, kept_per_layer)
}
