//! The explorer's `Report` for a network in training: its L hidden layers (W → W) at the
//! trainer's current parameters θ_t, run by the core's `simulate_ref` on the explorer's own
//! batch — X, Y ~ N(0, 1) of shape B×W from the seed's data stream, loss mean((A_L − Y)²).
//! The input layer 2 → W and the head W → 2 are left out: the explorer's network has neither.
//! So the gradient chart and the histograms ask of the trained layers the very question they
//! ask of the untrained ones (does a gradient survive the trip back?), and every statistic
//! comes from the core's report building, not a copy of it.
//!
//! At step 0 the hidden weights are the explorer's: the trainer samples hidden layer l from
//! the same stream (`Stream::Weights(l)`) with the same recipe, and its biases start at 0. So
//! the report equals the explorer's bit for bit (orthogonal weights included: both sample them
//! with the core's `init::orthogonal`), except when the explorer has a custom σ_w² or bias std,
//! which training does not use.

use serde::{Deserialize, Serialize};

use super::config::TrainConfig;
use super::model::Params;
use super::trainer::Trainer;
use crate::sim::network::{sample_data, NetRef, Workspace};
use crate::sim::simulate::simulate_ref;
use crate::sim::{Config, ConfigError, Report};

/// The explorer's report of a run at one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    /// The parameters are θ_step.
    pub step: usize,
    /// `Err`: the probe's config was rejected (a message for the page).
    pub report: Result<Report, String>,
}

/// The explorer's config for the hidden layers of `train`, probed with `batch` examples.
pub fn probe_config(train: &TrainConfig, batch: usize) -> Config {
    Config {
        net: train.net,
        batch,
        seed: train.seed,
        bias_std: 0.0,
        sigma_w2: None,
    }
}

/// The adapter: the hidden layers of `params` (layers 1..=L of the trained network) as the
/// core's network over `x`, `y` (cfg.batch × cfg.width each). Biases that are all zero are
/// passed as none, as `NetRef` expects (adding +0 would only turn −0 into +0).
pub fn hidden_layers<'a>(
    params: &'a Params,
    cfg: &Config,
    x: &'a [f32],
    y: &'a [f32],
) -> NetRef<'a> {
    let hidden = 1..=cfg.net.depth;
    let biases = &params.biases[hidden.clone()];
    let zero = biases.iter().all(|b| b.iter().all(|&v| v == 0.0));
    NetRef {
        activation: cfg.net.activation,
        residual: cfg.net.residual,
        norm: cfg.net.norm,
        width: cfg.net.width,
        batch: cfg.batch,
        x,
        y,
        weights: &params.weights[hidden],
        weight_scale: None,
        biases: if zero { &[] } else { biases },
    }
}

/// (seed, width, batch) with X and Y.
type ProbeData = ((u64, usize, usize), Vec<f32>, Vec<f32>);

/// Builds reports of a trainer's hidden layers, keeping the probe batch and the pass's
/// buffers between calls.
#[derive(Default)]
pub struct Prober {
    data: Option<ProbeData>,
    ws: Workspace,
    /// (width, batch) the buffers were sized for: a smaller probe drops a larger one's.
    ws_shape: (usize, usize),
}

impl Prober {
    pub fn new() -> Prober {
        Prober::default()
    }

    /// The explorer's report of `trainer`'s hidden layers at its current step.
    pub fn report(&mut self, trainer: &Trainer, batch: usize) -> Result<Report, ConfigError> {
        let cfg = probe_config(trainer.config(), batch);
        cfg.validate()?;
        let key = (cfg.seed, cfg.net.width, cfg.batch);
        if self.data.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let (x, y) = sample_data(cfg.seed, cfg.net.width, cfg.batch);
            self.data = Some((key, x, y));
        }
        if self.ws_shape != (cfg.net.width, cfg.batch) {
            self.ws = Workspace::default();
            self.ws_shape = (cfg.net.width, cfg.batch);
        }
        let Some((_, x, y)) = &self.data else {
            unreachable!("filled above")
        };
        let net = hidden_layers(trainer.params(), &cfg, x, y);
        Ok(simulate_ref(&cfg, net, &mut self.ws))
    }

    /// `report` with its step, the error put in words.
    pub fn step_report(&mut self, trainer: &Trainer, batch: usize) -> StepReport {
        StepReport {
            step: trainer.steps_done(),
            report: self.report(trainer, batch).map_err(|e| e.to_string()),
        }
    }
}
