//! The front door: one config in, one report out.

use super::config::Activation;
use super::config::{Config, ConfigError};
use super::diagnosis::{diagnose, judged_gradient, overflowed, JudgedGradient};
use super::network::{BackwardLayer, ForwardLayer, NetRef, Network, Observer, Workspace};
use super::report::{LayerReport, Report, Summary};
use super::stats::{count_nonfinite_given_norm, frobenius, layer_stats_split};
use super::theory::predict;

/// Runs the network described by `cfg` once and reports every statistic the page shows.
pub fn simulate(cfg: &Config) -> Result<Report, ConfigError> {
    let net = Network::sample(cfg)?;
    Ok(simulate_network(cfg, &net, &mut Workspace::default()))
}

/// σ_w² = fan_in · Var(W_ij): the override if given, else the init's.
pub fn sigma_w2(cfg: &Config) -> f64 {
    cfg.sigma_w2.unwrap_or_else(|| {
        cfg.net.width as f64 * cfg.net.init.weight_variance(cfg.net.width, cfg.net.width)
    })
}

/// `simulate` on an already sampled network (lets callers reuse buffers).
pub fn simulate_network(cfg: &Config, net: &Network, ws: &mut Workspace) -> Report {
    simulate_ref(cfg, net.as_ref(), ws)
}

/// `simulate_network` on borrowed arrays (the `Simulator`'s cache).
pub fn simulate_ref(cfg: &Config, net: NetRef, ws: &mut Workspace) -> Report {
    let mut obs = Collect::new(&net);
    let loss = net.run(ws, &mut obs);
    report(cfg, &net, obs.layers, loss)
}

/// The report of a pass whose layers `Collect` gathered.
pub(crate) fn report(cfg: &Config, net: &NetRef, layers: Vec<LayerReport>, loss: f64) -> Report {
    // The gradients are reported as computed, also when the loss overflowed: ∂Loss/∂A_L =
    // 2(A_L − Y)/N does not depend on the loss's value, and PyTorch prints the same finite
    // weight gradients beside a loss of inf (ReLU + random_normal, W = 64, from depth ≈ 24).
    let theory = predict(
        net.activation,
        cfg.net.residual,
        cfg.net.norm,
        sigma_w2(cfg),
        cfg.bias_std * cfg.bias_std,
        net.depth(),
    );
    let summary = summarize(&layers, loss, judged_gradient(cfg));
    Report {
        config: cfg.clone(),
        loss,
        layers,
        theory,
        summary,
        mixed: None,
    }
}

/// First/last signal and weight gradients, their ratios, and the diagnosis (judging `judged`).
pub fn summarize(layers: &[LayerReport], loss: f64, judged: JudgedGradient) -> Summary {
    let pick = |f: fn(&LayerReport) -> f64| {
        let first = layers.first().map(f).unwrap_or(f64::NAN);
        let last = layers.last().map(f).unwrap_or(f64::NAN);
        (first, last, first / last)
    };
    let (first_layer_grad, last_layer_grad, ratio) = pick(|l| l.signal_grad_norm);
    let (first_layer_weight_grad, last_layer_weight_grad, weight_ratio) =
        pick(|l| l.weight_grad_norm);
    Summary {
        last_layer_grad,
        first_layer_grad,
        ratio,
        last_layer_weight_grad,
        first_layer_weight_grad,
        weight_ratio,
        diagnosis: diagnose(layers, loss, judged),
        overflowed: overflowed(layers, loss),
    }
}

/// Builds the per-layer reports during the pass.
pub(crate) struct Collect {
    act: Activation,
    pub(crate) layers: Vec<LayerReport>,
}

impl Collect {
    pub(crate) fn new(net: &NetRef) -> Collect {
        Collect {
            act: net.activation,
            layers: Vec::with_capacity(net.depth()),
        }
    }
}

impl Observer for Collect {
    fn forward(&mut self, l: usize, f: ForwardLayer) {
        let (s, preact_msq) = layer_stats_split(self.act, f.a, f.f, f.z);
        self.layers.push(LayerReport {
            layer: l,
            weight_grad_norm: 0.0,
            signal_grad_norm: 0.0,
            act_mean: s.mean,
            act_std: s.std,
            preact_msq,
            saturated_fraction: s.saturated,
            dead_fraction: s.dead,
            histogram: s.histogram,
            nonfinite: s.nonfinite,
            grad_fractions: None,
        });
    }

    fn backward(&mut self, l: usize, b: BackwardLayer) {
        if let Some(r) = self.layers.get_mut(l - 1) {
            let gz = frobenius(b.dz);
            let (gw, dw_nonfinite) = b.dw.norm_and_nonfinite();
            r.signal_grad_norm = gz;
            r.weight_grad_norm = gw;
            r.nonfinite += count_nonfinite_given_norm(b.dz, gz) + dw_nonfinite;
        }
    }
}
