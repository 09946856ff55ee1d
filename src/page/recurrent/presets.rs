//! The recurrent mode's presets: a network through time and what it teaches. Every figure in
//! an explanation was measured with `gradflow rnn … --seeds 20` (T = 50, H = 64, B = 32,
//! seeds 0–19, medians); each preset declares the diagnosis it expects, checked against the
//! simulator over the page's seed band by `tests/recurrent_page.rs`.

use crate::sim::recurrent::{Cell, RecurrentInit, RnnConfig};
use crate::sim::Diagnosis;

pub struct RnnPreset {
    /// Stable id: `data-testid="rnn-preset-<id>"` and `preset=` in a link.
    pub id: &'static str,
    pub title: &'static str,
    pub cell: Cell,
    pub init: RecurrentInit,
    pub steps: usize,
    pub width: usize,
    pub gain: f64,
    pub forget_bias: f64,
    /// k (= `steps`: full BPTT).
    pub truncate: usize,
    pub explanation: &'static str,
    /// The verdict the explanation promises.
    pub expected: Diagnosis,
}

impl RnnPreset {
    /// The preset's network; batch and seed are kept from `base`.
    pub fn apply(&self, base: &RnnConfig) -> RnnConfig {
        RnnConfig {
            cell: self.cell,
            init: self.init,
            steps: self.steps,
            width: self.width,
            gain: self.gain,
            forget_bias: self.forget_bias,
            truncate: self.truncate,
            ..base.clone()
        }
    }

    /// True when `cfg` is still exactly this preset's network (batch and seed may differ).
    pub fn matches(&self, cfg: &RnnConfig) -> bool {
        self.apply(cfg) == *cfg
    }
}

pub fn find(id: &str) -> Option<&'static RnnPreset> {
    RNN_PRESETS.iter().find(|p| p.id == id)
}

const fn preset(id: &'static str, title: &'static str, cell: Cell) -> RnnPreset {
    RnnPreset {
        id,
        title,
        cell,
        init: RecurrentInit::Orthogonal,
        steps: 50,
        width: 64,
        gain: 1.0,
        forget_bias: 0.0,
        truncate: 50,
        explanation: "",
        expected: Diagnosis::Healthy,
    }
}

pub const RNN_PRESETS: [RnnPreset; 8] = [
    RnnPreset {
        explanation: "A vanilla tanh RNN with an orthogonal recurrent matrix (gain 1) over 50 \
            steps: the gradient reaching h₁ is about 10⁻¹⁰ of the one at h₅₀ (median of 20 \
            seeds), and it stays within 10⁻³ of its end value for only about 14 steps back. \
            The inputs push tanh into its flat parts, and every step multiplies the gradient \
            by tanh′ < 1. This is where vanishing gradients were first found.",
        expected: Diagnosis::Vanishing,
        ..preset("rnn-tanh-vanishes", "Vanilla RNN vanishes", Cell::RnnTanh)
    },
    RnnPreset {
        gain: 1.1,
        explanation: "A linear RNN whose orthogonal recurrent matrix is scaled by g = 1.1: \
            each step back multiplies the gradient by 1.1, so after 49 steps it is \
            1.1⁴⁹ ≈ 107 times larger at h₁ than at h₅₀ — exploding. (A tanh RNN at gain 1.1 \
            still vanishes here: its saturation wins.)",
        expected: Diagnosis::Exploding,
        ..preset("rnn-gain-explodes", "Gain 1.1 explodes", Cell::RnnLinear)
    },
    RnnPreset {
        explanation: "A linear RNN with an orthogonal recurrent matrix keeps the gradient's \
            norm exactly: ‖∂L/∂hₜ‖ = g^(T−t) ‖∂L/∂h_T‖, here with g = 1 a flat line (ratio \
            1.000). The dashed theory line g^(T−t) lies on the curve; move the gain to watch \
            it tilt.",
        expected: Diagnosis::Healthy,
        ..preset(
            "rnn-linear-orthogonal",
            "Linear orthogonal: exactly gᵏ",
            Cell::RnnLinear,
        )
    },
    RnnPreset {
        init: RecurrentInit::Identity,
        explanation: "The IRNN (Le et al. 2015): ReLU units and the identity as recurrent \
            matrix. Over 50 steps the gradient at h₁ is about half the one at h₅₀ (median of \
            20 seeds): it neither vanishes nor explodes.",
        expected: Diagnosis::Healthy,
        ..preset("rnn-irnn", "IRNN (ReLU + identity)", Cell::RnnRelu)
    },
    RnnPreset {
        forget_bias: 1.0,
        explanation: "An LSTM with forget-gate bias 1: the gradient reaches about 25 steps \
            back before falling below 10⁻³ of its end value (the tanh RNN: 14), and arrives at \
            h₁ about 10⁻⁵ as strong (tanh: 10⁻¹⁰). Over 50 steps it is still judged vanishing: \
            the additive cell path carries the gradient further, not all the way. Set the \
            forget bias to 0 and the ratio falls to 10⁻¹⁰.",
        expected: Diagnosis::Vanishing,
        ..preset("rnn-lstm-forget-bias", "LSTM, forget bias 1", Cell::Lstm)
    },
    RnnPreset {
        forget_bias: 3.0,
        explanation: "An LSTM with forget-gate bias 3: the forget gate starts near σ(3) ≈ 0.95, \
            and over 50 steps the gradient at h₁ is about 0.13 of the one at h₅₀ (median of 20 \
            seeds), judged healthy. The cell path carries it: ‖∂L/∂c₁‖ is about a third of \
            ‖∂L/∂h₅₀‖.",
        expected: Diagnosis::Healthy,
        ..preset("rnn-lstm-forget-bias-3", "LSTM, forget bias 3", Cell::Lstm)
    },
    RnnPreset {
        explanation: "A GRU with orthogonal recurrent blocks over 50 steps: the gradient at h₁ \
            is about 10⁻⁹ of the one at h₅₀ and stays above 10⁻³ of it for about 16 steps \
            back — untrained, its gates do not hold the gradient either: vanishing.",
        expected: Diagnosis::Vanishing,
        ..preset("rnn-gru", "GRU", Cell::Gru)
    },
    RnnPreset {
        truncate: 10,
        explanation: "Truncated back-propagation through time with k = 10 on the linear \
            orthogonal RNN: steps 41–50 get the same gradient as with full BPTT, steps 1–40 \
            get exactly zero (the chart drops them). The memory horizon is cut to 9 steps; \
            over the steps that do get a gradient the verdict is healthy.",
        expected: Diagnosis::Healthy,
        ..preset("rnn-truncated", "Truncation cuts at k", Cell::RnnLinear)
    },
];
