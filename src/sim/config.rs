//! What the user chooses: the network to simulate.

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

impl Activation {
    pub const ALL: [Activation; 8] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Selu,
        Activation::Gelu,
        Activation::Identity,
    ];

    /// Stable identifier used by the CLI, URLs and presets (`leaky_relu`, …).
    pub fn id(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
            Activation::Selu => "selu",
            Activation::Gelu => "gelu",
            Activation::Identity => "identity",
        }
    }

    pub fn from_id(id: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.id() == id)
    }
}

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

impl Init {
    pub const ALL: [Init; 7] = [
        Init::XavierNormal,
        Init::XavierUniform,
        Init::HeNormal,
        Init::LecunNormal,
        Init::Orthogonal,
        Init::RandomNormal,
        Init::SmallNormal,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Init::XavierNormal => "xavier_normal",
            Init::XavierUniform => "xavier_uniform",
            Init::HeNormal => "he_normal",
            Init::LecunNormal => "lecun_normal",
            Init::Orthogonal => "orthogonal",
            Init::RandomNormal => "random_normal",
            Init::SmallNormal => "small_normal",
        }
    }

    pub fn from_id(id: &str) -> Option<Init> {
        Init::ALL.into_iter().find(|i| i.id() == id)
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl fmt::Display for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Everything that determines a simulation. The same `Config` always gives the same `Report`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Number of layers L (all square, width × width).
    pub depth: usize,
    pub width: usize,
    pub batch: usize,
    pub activation: Activation,
    pub init: Init,
    pub seed: u64,
    /// Standard deviation of the biases (0: biases are zero, as in the reference).
    pub bias_std: f64,
    /// Overrides the init's variance: weights ~ N(0, sigma_w2 / fan_in).
    pub sigma_w2: Option<f64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            depth: 15,
            width: 64,
            batch: 64,
            activation: Activation::Relu,
            init: Init::HeNormal,
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

/// A field of `Config` that is out of its allowed range, with that range.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    Depth(usize),
    Width(usize),
    Batch(usize),
    BiasStd(f64),
    SigmaW2(f64),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Depth(v) => write!(
                f,
                "depth must be between {} and {} (got {v})",
                DEPTH_RANGE.start(),
                DEPTH_RANGE.end()
            ),
            ConfigError::Width(v) => write!(
                f,
                "width must be between {} and {} (got {v})",
                WIDTH_RANGE.start(),
                WIDTH_RANGE.end()
            ),
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
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks every field against its allowed range; NaN fails every float range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !DEPTH_RANGE.contains(&self.depth) {
            return Err(ConfigError::Depth(self.depth));
        }
        if !WIDTH_RANGE.contains(&self.width) {
            return Err(ConfigError::Width(self.width));
        }
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
        Ok(())
    }
}
