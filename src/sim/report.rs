//! What the simulation returns: everything the page and the CLI show.

use serde::{Deserialize, Serialize};

use super::config::Config;
use super::precision::{GradFractions, MixedPrecision, MixedRun};

/// Verdict on how the gradient survives the trip back to layer 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    Healthy,
    Vanishing,
    Exploding,
    /// Some value became infinite or NaN in float32.
    Overflow,
    /// A layer has (almost) all of its units dead.
    Dead,
}

impl Diagnosis {
    pub fn id(self) -> &'static str {
        match self {
            Diagnosis::Healthy => "healthy",
            Diagnosis::Vanishing => "vanishing",
            Diagnosis::Exploding => "exploding",
            Diagnosis::Overflow => "overflow",
            Diagnosis::Dead => "dead",
        }
    }
}

/// Activation values of one layer binned over a fixed range that suits the activation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub lo: f32,
    pub hi: f32,
    /// Counts of the equal-width bins covering [lo, hi).
    pub counts: Vec<u32>,
    /// Values below `lo` / at or above `hi` (finite ones).
    pub underflow: u32,
    pub overflow: u32,
    /// Values that were NaN or infinite.
    pub nonfinite: u32,
}

/// Statistics of one layer l = 1..L (1 = input side, L = output side).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerReport {
    pub layer: usize,
    /// ‖∂Loss/∂W_l‖_F, what PyTorch's `param.grad.norm()` prints.
    pub weight_grad_norm: f64,
    /// ‖∂Loss/∂H_l‖_F (H_l = A_{l−1}·W_l + b_l, Z_l in the plain network), the gradient
    /// flowing back through the layers.
    pub signal_grad_norm: f64,
    pub act_mean: f64,
    /// Population standard deviation of A_l (the layer's output, skip sum included).
    pub act_std: f64,
    /// Mean of N_l² (second moment of φ's input; Z_l = H_l without a norm), compared with the
    /// theory's q_l.
    pub preact_msq: f64,
    /// Of F_l = φ(N_l): sigmoid F < 0.01 or F > 0.99; tanh |F| > 0.99; `None` for others.
    pub saturated_fraction: Option<f64>,
    /// Fraction of units whose derivative is exactly 0 (ReLU); `None` where it can't happen.
    pub dead_fraction: Option<f64>,
    pub histogram: Histogram,
    /// Count of non-finite values met in this layer's forward or backward values.
    pub nonfinite: u64,
    /// Where ∂Loss/∂H_l's entries sit in the number format (only in a mixed-precision run).
    #[serde(default)]
    pub grad_fractions: Option<GradFractions>,
}

/// Mean-field prediction for one layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TheoryLayer {
    pub layer: usize,
    /// Predicted pre-activation variance q_l.
    pub q: f64,
    /// χ_l = σ_w² · E[φ'(z)²], z ~ N(0, q_l).
    pub chi: f64,
    /// Predicted log10 of the signal gradient at layer l relative to layer L.
    pub signal_grad_rel_log10: f64,
}

/// The headline numbers of the status cards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Signal gradient at layer L (output side), where back-propagation starts.
    pub last_layer_grad: f64,
    /// Signal gradient at layer 1 (input side).
    pub first_layer_grad: f64,
    /// first / last.
    pub ratio: f64,
    /// The same three for the weight gradient.
    pub last_layer_weight_grad: f64,
    pub first_layer_weight_grad: f64,
    pub weight_ratio: f64,
    pub diagnosis: Diagnosis,
    /// What left float32's range (the loss, the gradients), which the "overflow" verdict's
    /// words tell apart.
    pub overflowed: Overflowed,
}

/// Everything one simulation produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub config: Config,
    pub loss: f64,
    /// `layers[0]` is layer 1 (input side).
    pub layers: Vec<LayerReport>,
    /// Mean-field prediction per layer; empty where the theory has none for this
    /// architecture (normalized networks other than batch norm + ReLU).
    pub theory: Vec<TheoryLayer>,
    pub summary: Summary,
    /// The number format and loss scale of a mixed-precision run (`None`: float32).
    #[serde(default)]
    pub mixed: Option<MixedRun>,
}

impl Report {
    /// The format and loss scale it ran in (float32 without a scale when `mixed` is `None`).
    pub fn mixed_precision(&self) -> MixedPrecision {
        self.mixed
            .map_or_else(MixedPrecision::default, |m| m.asked())
    }
}

/// p10 / p50 / p90 of one statistic over several seeds (NaN where a seed gave a non-finite value).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// One layer's statistics over several seeds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerSpread {
    pub layer: usize,
    pub weight_grad_norm: Percentiles,
    pub signal_grad_norm: Percentiles,
    pub act_mean: Percentiles,
    pub act_std: Percentiles,
    pub saturated_fraction: Option<Percentiles>,
    pub dead_fraction: Option<Percentiles>,
    /// How many seeds gave a non-finite value somewhere in this layer.
    pub nonfinite_seeds: usize,
}

/// The same network run with seeds `seed, seed+1, …, seed+seeds-1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedSpread {
    pub seeds: usize,
    pub loss: Percentiles,
    pub layers: Vec<LayerSpread>,
}

/// Which of a run's float32 values left the range (became ±inf or NaN).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overflowed {
    /// The loss: its float32 sum of squared errors passed f32::MAX, or A_L was not finite.
    pub loss: bool,
    /// Some layer's ∂Loss/∂W_l or ∂Loss/∂H_l has an inf or NaN entry.
    pub gradients: bool,
    /// Any value at all, the forward pass included: what makes the verdict "overflow".
    pub any: bool,
}
