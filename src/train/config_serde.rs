//! `TrainConfig` as JSON and on the worker wire: its fields flat, in the order they had before
//! the network got a struct of its own (`MlpNet`), so `gradflow train`'s JSON and the worker's
//! bincode bytes stay as they were (see `sim::config_serde` for why not serde's `flatten`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::config::{Dataset, Optimizer, TrainConfig, GROWTH_INTERVAL};
use crate::sim::config::{Activation, Init, MlpNet, Norm, Residual};
use crate::sim::mixed::MixedPrecision;

#[derive(Serialize, Deserialize)]
struct FlatTrainConfig {
    data: Dataset,
    noise: f64,
    activation: Activation,
    init: Init,
    depth: usize,
    width: usize,
    residual: Residual,
    norm: Norm,
    optimizer: Optimizer,
    lr: f64,
    momentum: f64,
    clip: Option<f64>,
    steps: usize,
    seed: u64,
    #[serde(default)]
    mixed: MixedPrecision,
    #[serde(default = "default_growth_interval")]
    growth_interval: usize,
}

fn default_growth_interval() -> usize {
    GROWTH_INTERVAL
}

impl From<&TrainConfig> for FlatTrainConfig {
    fn from(c: &TrainConfig) -> Self {
        let MlpNet {
            depth,
            width,
            activation,
            init,
            residual,
            norm,
        } = c.net;
        FlatTrainConfig {
            data: c.data,
            noise: c.noise,
            activation,
            init,
            depth,
            width,
            residual,
            norm,
            optimizer: c.optimizer,
            lr: c.lr,
            momentum: c.momentum,
            clip: c.clip,
            steps: c.steps,
            seed: c.seed,
            mixed: c.mixed,
            growth_interval: c.growth_interval,
        }
    }
}

impl From<FlatTrainConfig> for TrainConfig {
    fn from(f: FlatTrainConfig) -> Self {
        TrainConfig {
            net: MlpNet {
                depth: f.depth,
                width: f.width,
                activation: f.activation,
                init: f.init,
                residual: f.residual,
                norm: f.norm,
            },
            data: f.data,
            noise: f.noise,
            optimizer: f.optimizer,
            lr: f.lr,
            momentum: f.momentum,
            clip: f.clip,
            steps: f.steps,
            seed: f.seed,
            mixed: f.mixed,
            growth_interval: f.growth_interval,
        }
    }
}

impl Serialize for TrainConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FlatTrainConfig::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for TrainConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        FlatTrainConfig::deserialize(d).map(TrainConfig::from)
    }
}
