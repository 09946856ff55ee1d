//! `Config` as JSON and on the worker wire: its fields flat, in the order they had before the
//! network got a struct of its own (`MlpNet`), so `gradflow`'s JSON, the exports and the
//! worker's bincode bytes stay as they were. Not serde's `flatten`: it writes a map of unknown
//! length, which bincode refuses.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::config::{Activation, Config, Init, MlpNet, Norm, Residual};

#[derive(Serialize, Deserialize)]
struct FlatConfig {
    depth: usize,
    width: usize,
    batch: usize,
    activation: Activation,
    init: Init,
    seed: u64,
    bias_std: f64,
    sigma_w2: Option<f64>,
    #[serde(default)]
    residual: Residual,
    #[serde(default)]
    norm: Norm,
}

impl From<&Config> for FlatConfig {
    fn from(c: &Config) -> Self {
        let MlpNet {
            depth,
            width,
            activation,
            init,
            residual,
            norm,
        } = c.net;
        FlatConfig {
            depth,
            width,
            batch: c.batch,
            activation,
            init,
            seed: c.seed,
            bias_std: c.bias_std,
            sigma_w2: c.sigma_w2,
            residual,
            norm,
        }
    }
}

impl From<FlatConfig> for Config {
    fn from(f: FlatConfig) -> Self {
        Config {
            net: MlpNet {
                depth: f.depth,
                width: f.width,
                activation: f.activation,
                init: f.init,
                residual: f.residual,
                norm: f.norm,
            },
            batch: f.batch,
            seed: f.seed,
            bias_std: f.bias_std,
            sigma_w2: f.sigma_w2,
        }
    }
}

impl Serialize for Config {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FlatConfig::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Config {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        FlatConfig::deserialize(d).map(Config::from)
    }
}
