//! One seed of the untrained picture: sample, run forward and back through time with the
//! loss mean((h_T − y)²), and record what the explorer shows per step.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::config::{Cell, RnnConfig, RnnConfigError};
use super::draws::{Drawn, Draws};
use super::first_look::weight_grad_bound;
use super::params::{Params, Sequence};
use super::pass::{
    backward_through_time, forward_projected, weight_grads, StepGrad, StepObserver, Workspace,
};
use crate::sim::diagnosis::EXPLODING_WEIGHT_GRAD;
use crate::sim::mixed::{GradFractions, MixedRun};
use crate::sim::numeric::{Float32, NumericPolicy};
use crate::sim::report::Histogram;
use crate::sim::stats::{activation_stats, frobenius, mse_gradient, population_std};
use crate::sim::Activation;

/// What one step shows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    /// ‖∂L/∂h_t‖_F, the total gradient reaching h_t.
    pub hidden_grad_norm: f64,
    /// ‖∂L/∂c_t‖_F (LSTM only).
    pub cell_grad_norm: Option<f64>,
    /// Population standard deviation of h_t over B × H.
    pub hidden_std: f64,
    /// Where ∂L/∂h_t's entries sit in the number format (a mixed-precision run only).
    #[serde(default)]
    pub grad_fractions: Option<GradFractions>,
}

/// Step t's hidden state h_t as the explorer describes a layer's activations: its histogram on
/// the cell's window, and the saturated / exactly-zero shares where the cell has such a state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HiddenDensity {
    /// The step t.
    pub t: usize,
    pub histogram: Histogram,
    pub saturated_fraction: Option<f64>,
    pub dead_fraction: Option<f64>,
    pub nonfinite: u64,
}

/// At most this many steps get a density: a chart has no more pixel columns for them, and at
/// T = 1000 drawing every step cost the page's main thread hundreds of milliseconds.
pub const HIDDEN_DENSITY_STEPS: usize = 200;

/// The steps that get a density: every step up to `HIDDEN_DENSITY_STEPS`, beyond that
/// t_k = round(k·T/n) for k = 1..n (evenly spaced, ending at T).
pub fn hidden_density_steps(steps: usize) -> Vec<usize> {
    let n = steps.min(HIDDEN_DENSITY_STEPS);
    (1..=n).map(|k| (k * steps + n / 2) / n.max(1)).collect()
}

/// The densities of h_t of `ws`'s last forward pass at `hidden_density_steps`. The gated
/// cells' h lies in (−1, 1) like tanh's, but is no function's output alone (o ⊙ tanh c, a mix
/// of h and n), so it has no saturated share.
pub fn hidden_densities(cell: Cell, ws: &Workspace) -> Vec<HiddenDensity> {
    let (act, saturates) = match cell {
        Cell::RnnTanh => (Activation::Tanh, true),
        Cell::RnnRelu => (Activation::Relu, true),
        Cell::RnnLinear => (Activation::Identity, true),
        Cell::Lstm | Cell::Gru => (Activation::Tanh, false),
    };
    let states: Vec<&[f32]> = ws.hidden_states().collect();
    hidden_density_steps(states.len())
        .into_iter()
        .map(|t| {
            let s = activation_stats(act, states[t - 1]);
            HiddenDensity {
                t,
                histogram: s.histogram,
                saturated_fraction: s.saturated.filter(|_| saturates),
                dead_fraction: s.dead,
                nonfinite: s.nonfinite,
            }
        })
        .collect()
}

/// ‖∂L/∂W_hh‖_F and ‖∂L/∂W_ih‖_F, all G blocks together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeightGradNorms {
    pub recurrent: f64,
    pub input: f64,
}

/// Everything one seed produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RnnRun {
    pub config: RnnConfig,
    pub loss: f64,
    /// `steps[t − 1]` is step t.
    pub steps: Vec<StepStats>,
    /// `None`: not formed (a first look, `simulate_rnn_first_look`).
    pub weight_grad_norm: Option<WeightGradNorms>,
    /// `hidden[t − 1]` is h_t's density.
    #[serde(default)]
    pub hidden: Vec<HiddenDensity>,
    /// The format and loss scale of a mixed-precision run (`None`: float32).
    #[serde(default)]
    pub mixed: Option<MixedRun>,
}

/// Records the per-step statistics of a pass.
struct Recorder {
    steps: Vec<StepStats>,
}

impl StepObserver for Recorder {
    fn forward(&mut self, t: usize, h: &[f32]) {
        self.steps[t - 1].hidden_std = population_std(h);
    }
    fn backward(&mut self, t: usize, g: StepGrad) {
        let s = &mut self.steps[t - 1];
        s.hidden_grad_norm = frobenius(g.dh);
        s.cell_grad_norm = g.dc.map(frobenius);
    }
}

/// One seed of `cfg` in float32.
pub fn simulate_rnn(cfg: &RnnConfig) -> Result<RnnRun, RnnConfigError> {
    simulate_rnn_with(cfg, &mut Workspace::default(), &Float32)
}

/// One seed of `cfg` with `policy` on every tensor, reusing `ws`.
pub fn simulate_rnn_with<P: NumericPolicy>(
    cfg: &RnnConfig,
    ws: &mut Workspace,
    policy: &P,
) -> Result<RnnRun, RnnConfigError> {
    run_seed(cfg, (ws, None), policy, false)
}

/// One seed of `cfg` in float32 as a first look (`first_look`): `simulate_rnn_with`'s run,
/// bit for bit, except that the weight gradients' norms are `None` wherever their bound shows
/// they cannot change the verdict. `draws` keeps what the next look may draw again.
pub fn simulate_rnn_first_look(
    cfg: &RnnConfig,
    ws: &mut Workspace,
    draws: &mut Draws,
) -> Result<RnnRun, RnnConfigError> {
    run_seed(cfg, (ws, Some(draws)), &Float32, true)
}

fn run_seed<P: NumericPolicy>(
    cfg: &RnnConfig,
    (ws, draws): (&mut Workspace, Option<&mut Draws>),
    policy: &P,
    first_look: bool,
) -> Result<RnnRun, RnnConfigError> {
    cfg.validate()?;
    let drawn = match draws {
        Some(kept) => kept.sample(cfg),
        None => Drawn {
            params: Params::sample(cfg),
            seq: Cow::Owned(Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch)),
            projected: None,
        },
    };
    let (params, seq) = (&drawn.params, &drawn.seq);
    let blank = StepStats {
        hidden_grad_norm: 0.0,
        cell_grad_norm: None,
        hidden_std: 0.0,
        grad_fractions: None,
    };
    let mut rec = Recorder {
        steps: vec![blank; cfg.steps],
    };
    let inputs = (&seq.x[..], drawn.projected);
    forward_projected(params, inputs, cfg.batch, ws, &mut rec, policy);
    let mut dh = vec![0.0f32; cfg.batch * cfg.width];
    let loss = mse_gradient(ws.h_last(), &seq.y, &mut dh);
    let back = backward_through_time(params, &dh, cfg.truncate, ws, &mut rec, policy);
    let weight_grad_norm = match back {
        Some(first) if first_look => {
            let bound = weight_grad_bound(params, &seq.x, first, ws);
            (bound > EXPLODING_WEIGHT_GRAD || bound.is_nan())
                .then(|| weight_grad_norms(params, &seq.x, first, ws, policy))
        }
        Some(first) => Some(weight_grad_norms(params, &seq.x, first, ws, policy)),
        // Nothing was propagated: every gradient is empty.
        None => Some(WeightGradNorms::default()),
    };
    Ok(RnnRun {
        config: cfg.clone(),
        loss,
        steps: rec.steps,
        weight_grad_norm,
        hidden: hidden_densities(cfg.cell, ws),
        mixed: None,
    })
}

/// Forms the weight gradients (`weight_grads`) and takes their norms.
fn weight_grad_norms<P: NumericPolicy>(
    params: &Params,
    x: &[f32],
    first: usize,
    ws: &mut Workspace,
    policy: &P,
) -> WeightGradNorms {
    weight_grads(params, x, first, ws, policy);
    WeightGradNorms {
        recurrent: frobenius(&ws.grads.w_hh),
        input: frobenius(&ws.grads.w_ih),
    }
}
